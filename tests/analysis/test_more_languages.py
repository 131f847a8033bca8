"""The further languages (tests/analysis/layoutgen/langs: nl, pl, tr, cs, ro, sv, ru, vi, da, no): the parser on a sample of the generated
families rendered in them, their words in the lexicon, and the patient's name in their labels redacted.

Not the whole matrix (every family in every language is tests/analysis/test_generated_families.py's job for the
first eight): every dev family once, in one further language chosen by the family's index (the languages
rotate, the unit system alternates), plus the families that print the words of a language most (column titles,
range words, flag words, sex labels, labelled fields) in every further language. Each language must reach the
generated-family targets over its sample: recall >= 98 %, precision >= 99 %, every matched flag right, no report
rejected.
"""

from __future__ import annotations

import pytest

from shared.analysis.lexicon import Flag, fold, sex_of
from shared.analysis.markers import canonical
from shared.analysis.patient import name_fields, parse_patient
from shared.analysis.values import flag_of, parse_range
from tests.analysis.layoutgen import DEV_FAMILIES, PENDING_FAMILIES, UNIT_SYSTEMS
from tests.analysis.layoutgen.family import REGISTRY
from tests.analysis.layoutgen.locales import MORE_LANGUAGES
from tests.analysis.layoutgen.scoring import missed_targets

# The families whose reports are mostly the language's own words: rendered in every further language.
WORDY_FAMILIES = ("sections_repeated_header", "colon_lines", "sex_ranges", "labelled_fields", "flag_column_us")


# Families gated after the sample below was fixed: sampled after the others, so that adding one does not move every
# other family to another language, unit system and seed (the move that adding char_gauge made showed two misses
# left in families never read in those languages: metric_cards vi conv 2, side_by_side_hospital da si 2; see
# docs/ANALYSIS.md).
LATER_FAMILIES = ("char_gauge", "ellipsis_ranges", "header_units", "numbered_outline")


def _sample() -> dict[str, list[tuple[str, str, int]]]:
    """(family, units, seed) per further language."""
    out: dict[str, list[tuple[str, str, int]]] = {lang: [] for lang in MORE_LANGUAGES}
    families = [f for f in DEV_FAMILIES if f not in PENDING_FAMILIES and f not in LATER_FAMILIES]
    families += [f for f in LATER_FAMILIES if f in DEV_FAMILIES and f not in PENDING_FAMILIES]
    families = [f for f in families if REGISTRY[f].languages is None]  # (blood_gas prints the first eight only)
    for i, family in enumerate(families):
        lang = MORE_LANGUAGES[i % len(MORE_LANGUAGES)]
        out[lang].append((family, UNIT_SYSTEMS[(i // len(MORE_LANGUAGES)) % 2], i % 3))
    for k, lang in enumerate(MORE_LANGUAGES):
        for j, family in enumerate(WORDY_FAMILIES):
            out[lang].append((family, UNIT_SYSTEMS[(j + k) % 2], 3 + (j + k) % 2))
    return out


SAMPLE = _sample()


@pytest.mark.parametrize("lang", MORE_LANGUAGES)
def test_generated_families_in_a_further_language(lang: str) -> None:
    assert not missed_targets([(family, lang, units, seed) for family, units, seed in SAMPLE[lang]])


@pytest.mark.parametrize("family, lang, units", [
    ("grid_ruled", "vi", "conv"),  # a wrapped title whose first line is the wider one ('KHOẢNG THAM' / 'CHIẾU')
    ("unit_words", "vi", "si"),  # titles printed close together, one wrapped ('GIÁ TRỊ ĐÁNH ĐƠN VỊ TÍNH' / 'GIÁ')
    ("rotated_landscape", "vi", "conv"),  # a range word that folds ('80 đến 100' is no name and a value)
    ("labelled_fields", "da", "conv"),  # both limits after their labels ('Nedre grænse 4,20   Øvre grænse 5,40')
    ("paired_list", "no", "conv"),  # the patient header's fields over a two-column list ('Pasient: …  Kjønn: K')
])
def test_layouts_that_failed_in_the_last_languages_added(family: str, lang: str, units: str) -> None:
    """Renderings in Vietnamese, Danish and Norwegian that failed on their first reading: each was fixed by a
    general rule (layout/columns.py, layout/blocks.py), not by a word of the language."""
    assert not missed_targets([(family, lang, units, 0)])


def test_every_dev_family_is_rendered_in_a_further_language() -> None:
    sampled = {family for rows in SAMPLE.values() for family, _, _ in rows}
    every_language = {f for f in DEV_FAMILIES if REGISTRY[f].languages is None}
    assert every_language - set(PENDING_FAMILIES) <= sampled


def test_turkish_letters_fold_with_their_plain_spelling() -> None:
    assert fold("BİRİM") == fold("Birim") == "birim"  # dotted capital I
    assert fold("ARALIĞI") == fold("aralığı") == "araligi"  # dotless i, printed as 'I' in capitals
    assert fold("DÜŞÜK") == "dusuk" and fold("Płeć") == "plec"
    assert len(fold("Kırmızı Płytki")) == len("Kırmızı Płytki")  # one letter each: slices stay aligned


@pytest.mark.parametrize("word, flag", [
    ("Hoog", Flag.HIGH), ("LAAG", Flag.LOW), ("afwijkend", Flag.ABNORMAL), ("WYSOKI", Flag.HIGH),
    ("obniżony", Flag.LOW), ("OBNIZONY", Flag.LOW), ("YÜKSEK", Flag.HIGH), ("Düşük", Flag.LOW), ("DUSUK", Flag.LOW),
    ("w normie", Flag.NORMAL), ("çok yüksek", Flag.CRITICAL_HIGH), ("ZVÝŠENÁ", Flag.HIGH), ("snížený", Flag.LOW),
    ("v normě", Flag.NORMAL), ("Crescut", Flag.HIGH), ("SCĂZUT", Flag.LOW), ("Hög", Flag.HIGH), ("LÅG", Flag.LOW),
    ("avvikande", Flag.ABNORMAL), ("Повышен", Flag.HIGH), ("ПОНИЖЕН", Flag.LOW), ("Норма", Flag.NORMAL),
    ("Cao", Flag.HIGH), ("THẤP", Flag.LOW), ("Bình thường", Flag.NORMAL), ("Høj", Flag.HIGH), ("LAV", Flag.LOW),
    ("forhøjet", Flag.HIGH), ("nedsat", Flag.LOW), ("HØY", Flag.HIGH), ("redusert", Flag.LOW), ("avvikende", Flag.ABNORMAL),
])
def test_flag_words_of_the_further_languages(word: str, flag: Flag) -> None:
    assert flag_of(word) is flag


@pytest.mark.parametrize("text, low, high", [
    ("tot 5,0", None, 5.0), ("kleiner dan 5,0", None, 5.0), ("groter dan 60", 60.0, None), ("do 5,0", None, 5.0),
    ("od 3,5 do 5,0", 3.5, 5.0), ("3,5 do 5,0", 3.5, 5.0), ("poniżej 5,0", None, 5.0), ("POWYŻEJ 60", 60.0, None),
    ("en fazla 4,00", None, 4.0), ("en az 60", 60.0, None), ("Referans: 70 - 100", 70.0, 100.0),
    ("Norma: 4,0 - 10,0", 4.0, 10.0), ("Alt Sınır 2,1 Üst Sınır 7,1", 2.1, 7.1),
    ("3,5 až 5,0", 3.5, 5.0), ("méně než 5,0", None, 5.0), ("Ref. meze: 3,5 - 5,1", 3.5, 5.1), ("sub 5,0", None, 5.0),
    ("peste 60", 60.0, None), ("Valori de referință: 70 - 100", 70.0, 100.0), ("högst 5,0", None, 5.0),
    ("över 60", 60.0, None), ("Referensintervall: 3,5 - 4,4", 3.5, 4.4), ("Dolní mez 2,1 Horní mez 7,1", 2.1, 7.1),
    ("до 5,0", None, 5.0), ("менее 5,0", None, 5.0), ("более 60", 60.0, None), ("от 3,5 до 5,0", 3.5, 5.0),
    ("Норма: 3,5 - 5,1", 3.5, 5.1), ("Референсные значения: 70 - 100", 70.0, 100.0),
    ("3,5 đến 5,0", 3.5, 5.0), ("Nhỏ hơn 5,0", None, 5.0), ("Lớn hơn 60", 60.0, None),
    ("Khoảng tham chiếu: 70 - 100", 70.0, 100.0), ("højst 5,0", None, 5.0), ("mindre end 5,0", None, 5.0),
    ("Referenceinterval: 3,5 - 4,4", 3.5, 4.4), ("høyst 5,0", None, 5.0), ("mer enn 60", 60.0, None),
    ("Referanseområde: 3,5 - 4,4", 3.5, 4.4), ("Nedre grense 2,1 Øvre grense 7,1", 2.1, 7.1),
])
def test_range_words_of_the_further_languages(text: str, low: float | None, high: float | None) -> None:
    rng = parse_range(text, decimal_comma=True)
    assert rng is not None and (rng.low, rng.high) == (low, high)


def test_short_range_words_need_numbers_around_them() -> None:
    """'do' (pl 'up to') and 'od' read as limits only before a number: a word of a name or a sentence stays one."""
    assert parse_range("Do not eat") is None and parse_range("od") is None and parse_range("do") is None
    assert canonical("Chlorki") == "chloride" and canonical("Do") is None


@pytest.mark.parametrize("label, siblings, sex", [
    ("Man", (), "male"), ("Vrouw", (), "female"), ("Mężczyźni", (), "male"), ("KOBIETY", (), "female"),
    ("Erkek", (), "male"), ("Kadın", (), "female"), ("KADIN", (), "female"), ("V", ("M", "V"), "female"),
    ("K", ("M", "K"), "female"), ("M", ("M", "K"), "male"), ("E", ("E", "K"), "male"), ("K", ("E", "K"), "female"),
    ("Muži", (), "male"), ("ŽENY", (), "female"), ("Ž", ("M", "Ž"), "female"), ("Bărbați", (), "male"),
    ("Femei", (), "female"), ("B", ("B", "F"), "male"), ("Män", (), "male"), ("Kvinnor", (), "female"),
    ("Мужчины", (), "male"), ("ЖЕНЩИНЫ", (), "female"), ("Ж", ("М", "Ж"), "female"),
    ("Nam", (), "male"), ("Nữ", (), "female"), ("NỮ", (), "female"), ("Mænd", (), "male"), ("Kvinder", (), "female"),
    ("Menn", (), "male"), ("KVINNER", (), "female"),
])
def test_sex_labels_of_the_further_languages(label: str, siblings: tuple[str, ...], sex: str) -> None:
    assert sex_of(label, siblings) == sex


@pytest.mark.parametrize("line, name", [
    ("Naam: Jan de Vries   Geboortedatum: 01-02-1980", "Jan de Vries"),
    ("Patiënt: Sanne Jansen Leeftijd: 45 jaar", "Sanne Jansen"),
    ("Imię i nazwisko: Anna Nowak   PESEL: 80010112345", "Anna Nowak"),
    ("Pacjent: PIOTR WIŚNIEWSKI Wiek: 52 lat", "PIOTR WIŚNIEWSKI"),
    ("Hasta Adı Soyadı: Ayşe Yılmaz   Yaş: 34", "Ayşe Yılmaz"),
    ("ADI SOYADI : İBRAHİM ŞAHİN  DOĞUM TARİHİ: 01.02.1970", "İBRAHİM ŞAHİN"),
    ("Jméno a příjmení: Jana Dvořáková   Rodné číslo: 8051011234", "Jana Dvořáková"),
    ("Pacient: PETR ČERNÝ Věk: 52 let", "PETR ČERNÝ"),
    ("Nume și prenume: Maria Popescu  CNP: 2800101123456", "Maria Popescu"),
    ("Nume pacient: ION STAN Vârsta: 61 ani", "ION STAN"),
    ("Namn: Karin Nilsson   Personnummer: 19800101-1234", "Karin Nilsson"),
    ("Patientnamn: ERIK ANDERSSON Ålder: 45 år", "ERIK ANDERSSON"),
    ("Ф.И.О.: Иванова Елена Сергеевна   Дата рождения: 01.02.1980", "Иванова Елена Сергеевна"),
    ("Пациент: СМИРНОВ АНДРЕЙ Возраст: 52 лет", "СМИРНОВ АНДРЕЙ"),
    ("Họ tên: Nguyễn Thị Lan   Năm sinh: 1980", "Nguyễn Thị Lan"),
    ("Họ và tên: TRẦN VĂN AN Tuổi: 52", "TRẦN VĂN AN"),
    ("Navn: Mette Jensen   CPR-nr.: 010180-1234", "Mette Jensen"),
    ("Patientnavn: SØREN HANSEN Alder: 45 år", "SØREN HANSEN"),
    ("Pasient: Kari Olsen   Fødselsnummer: 01018012345", "Kari Olsen"),
    ("Navn: KNUT BERG Kjønn: M", "KNUT BERG"),
])
def test_name_labels_of_the_further_languages_are_redacted(line: str, name: str) -> None:
    from shared.analysis.gemini import _redact

    assert name in name_fields(line)
    out = _redact(f"{line}\nHemoglobine 8,1 mmol/L", None)
    for part in name.split():
        assert part not in out, out
    assert "Hemoglobine 8,1 mmol/L" in out


@pytest.mark.parametrize("lines, age, sex", [
    (["Leeftijd: 45 jaar", "Geslacht: V"], 45, "female"), (["Wiek: 52 lat", "Płeć: K"], 52, "female"),
    (["PŁEĆ: M"], None, "male"), (["Yaş: 34", "Cinsiyeti: E"], 34, "male"), (["Cinsiyet : Kadın"], None, "female"),
    (["Pohlaví: Ž", "Věk: 40 let"], 40, "female"), (["Kön: K", "Ålder: 33 år"], 33, "female"),
    (["Sex: F", "Vârsta: 50 ani"], 50, "female"), (["Пол: Ж", "Возраст: 44 года"], 44, "female"),
    (["Tuổi: 52", "Giới tính: Nữ"], 52, "female"), (["Giới tính: Nam"], None, "male"),
    (["Køn: K", "Alder: 61 år"], 61, "female"), (["Kjønn: M", "Alder: 38 år"], 38, "male"),
])
def test_age_and_sex_fields_of_the_further_languages(lines: list[str], age: int | None, sex: str) -> None:
    p = parse_patient([lines])
    assert (p.age, p.sex) == (age, sex)


@pytest.mark.parametrize("printed, latin", [
    ("ммоль/л", "mmol/L"), ("мкмоль/л", "umol/L"), ("Ед/л", "U/L"), ("×10^9/л", "10^9/L"), ("г/л", "g/L"),
    ("мМЕ/л", "mIU/L"), ("нг/мл", "ng/mL"), ("мм/ч", "mm/h"),
])
def test_cyrillic_units_read_as_their_latin_spelling(printed: str, latin: str) -> None:
    from shared.analysis.units import is_unit_token, parse_unit

    assert is_unit_token(printed) and parse_unit(printed) == parse_unit(latin)


def test_every_further_language_has_every_table_the_families_read() -> None:
    """A family that reads a word list from FAMILY_WORDS (langs.family_words) needs it in every further language:
    one missing key breaks the import of every family."""
    from tests.analysis.layoutgen.langs import MODULES

    first = next(iter(MODULES.values()))
    for lang, m in MODULES.items():
        assert set(m.FAMILY_WORDS) == set(first.FAMILY_WORDS), lang
        assert set(m.LOCALE) == set(first.LOCALE) and set(m.PHRASES) == set(first.PHRASES), lang


@pytest.mark.parametrize("lang, units, seed", [
    ("pl", "si", 0),  # 'Poprzedni' / 'wynik' over two earlier results, today's date on the line of 'wynik'
    ("sv", "si", 0),  # 'TIDIGARE SVAR 2025-08-04 ENHET' over 'RESULTAT RESULTAT'
    ("da", "conv", 0),  # 'TIDLIGERE' over 'RESULTAT RESULTAT 04-04-2024' (was rejected: no header, no row)
    ("ro", "conv", 5),  # the range title wrapped: 'VALORI DE' / 'REFERINȚĂ'
    ("vi", "conv", 3),  # the range title wrapped after another title's words: 'GIÁ TRỊ THAM' / 'CHIẾU'
])
def test_cumulative_headers_wrapped_in_a_further_language(lang: str, units: str, seed: int) -> None:
    """A cumulative report's header over three lines: titles, titles with today's date among them, the earlier
    results' dates (layout/columns.py stamp_line, stacked_header). Before: pl/sv si and da rejected, no
    interval read under a wrapped range title."""
    assert not missed_targets([("cumulative_previous", lang, units, seed)])


def test_a_tests_abbreviation_that_is_also_a_label_word_is_a_name() -> None:
    """'SR' (the Nordic sedimentation rate) in capitals is a test; 'Sr. No.' and 'Sr' before other words a label."""
    from shared.analysis.rows import clean_name

    assert clean_name("SR") == "SR" and canonical("SR") == "esr"
    assert clean_name("Sr. No.") is None and clean_name("Sr") is None
    assert not missed_targets([("cumulative_previous", "sv", "conv", 1), ("cumulative_previous", "da", "conv", 1)])


def test_a_name_printed_with_a_specimen_prefix_is_known_without_it() -> None:
    """The name reader drops a specimen prefix ('P-T3 (frit)' -> 'T3 (frit)'); the synonym must survive it: the free
    hormone was read as total T3 (markers._build_synonyms)."""
    assert canonical("P-T3 (frit)") == canonical("T3 (frit)") == "free_t3"
    assert canonical("Thyroxin (frit)") == "free_t4"
    assert not missed_targets([("cumulative_previous", "da", "conv", 4), ("cumulative_previous", "da", "si", 5)])


@pytest.mark.parametrize("lang, units, seed", [
    ("tr", "conv", 0),  # 'ERKEK  K' under 'REFERANS ARALIĞI  REFERANS ARALIĞI': a word and a letter
    ("sv", "si", 4),  # 'M  K': two letters, no title word
    ("vi", "conv", 4),  # 'Nam giới | Nữ giới': the second word widened the column and lost its sex
])
def test_one_range_column_per_sex_titled_in_a_further_language(lang: str, units: str, seed: int) -> None:
    """The sex titles of two range columns, on the header's second line or after the sex word: the patient's
    column gives the interval and the flag (layout/columns.py all_titles, title_like, detect_header)."""
    assert not missed_targets([("sex_range_columns", lang, units, seed)])


def test_the_scorer_skips_a_language_a_family_cannot_print() -> None:
    """`scoring --langs nl` over every family: a family that prints only some languages (its `languages`) is scored
    in those and says which it skipped, instead of the whole run failing on the first it lacks."""
    from tests.analysis.layoutgen.family import REGISTRY
    from tests.analysis.layoutgen.scoring import score_family

    narrow = [name for name, family in REGISTRY.items() if family.languages is not None]
    assert narrow, "no family declares its languages"
    lang = next(lang for lang in MORE_LANGUAGES if lang not in (REGISTRY[narrow[0]].languages or ()))
    score = score_family(narrow[0], [lang], [0], ["si"])
    assert score["skipped_languages"] == [lang] and score["files"] == 0
