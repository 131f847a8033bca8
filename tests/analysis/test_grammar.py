"""Property tests (Hypothesis) of the number, range, unit and row grammar.

Each property generates printed forms the way reports print them and checks that
the grammar reads back what was printed: numbers in any grouping and decimal
convention, intervals with every separator and introducer of the lexicon, units
built from the unit grammar's parts, and whole result lines in every column order.
"""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from shared.analysis.evaluate import match, norm_unit
from shared.analysis.layout.columns import date_keys
from shared.analysis.lexicon import (
    GE_SIGNS,
    LE_SIGNS,
    LOWER_LABELS,
    OPEN_RANGE_SEPARATORS,
    RANGE_SEPARATORS,
    STRICT_SIGNS,
    UPPER_LABELS,
    Flag,
)
from shared.analysis.parser import ParsedMarker, parse_line
from shared.analysis.rows import ResultRow
from shared.analysis.units import is_unit_token, parse_unit, unit_key
from shared.analysis.values import parse_number, parse_range

PROFILE = settings(max_examples=150, deadline=None)

# ----------------------------------------------------------------------------- numbers


def _fmt(value: float, decimals: int, *, comma: bool, group: bool) -> str:
    text = f"{value:,.{decimals}f}" if group else f"{value:.{decimals}f}"
    if comma:
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


@PROFILE
@given(st.floats(min_value=0, max_value=999_999, allow_nan=False), st.integers(0, 3), st.booleans(), st.booleans())
def test_numbers_read_back_in_either_convention(value: float, decimals: int, comma: bool, group: bool) -> None:
    text = _fmt(value, decimals, comma=comma, group=group)
    expected = float(f"{value:.{decimals}f}")
    got = parse_number(text, decimal_comma=comma)
    if decimals == 3 and not group and expected >= 1 and ("," in text or "." in text):
        # '1,234' / '1.234': a decimal only if the document's convention says so
        assert got is not None
        return
    assert got is not None and math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-12), (text, got, expected)


@PROFILE
@given(st.text(alphabet="0123456789.,", min_size=1, max_size=12))
def test_number_parser_never_crashes_and_is_non_negative(text: str) -> None:
    got = parse_number(text)
    assert got is None or got >= 0


# ----------------------------------------------------------------------------- ranges

_SEPS = sorted(s for s in RANGE_SEPARATORS if s not in ("..",))
_INTROS = ["", "Ref:", "Reference:", "Normal:", "VR:", "Valores de referencia:", "Referenzbereich:", "Rujukan:",
           "参考区间:", "Bio. Ref. Interval:"]
_BRACKETS = [("", ""), ("(", ")"), ("[", "]"), ("( ", " )")]


@PROFILE
@given(st.decimals(min_value=0, max_value=500, places=1), st.decimals(min_value=0, max_value=500, places=1),
       st.sampled_from(_SEPS), st.sampled_from(_INTROS), st.sampled_from(_BRACKETS), st.booleans())
def test_two_sided_ranges_with_every_separator(a, b, sep, intro, brackets, spaced) -> None:
    lo, hi = sorted((float(a), float(b)))
    pad = " " if spaced or sep.isalpha() or sep in ("s/d", "s.d.") else ""
    text = f"{brackets[0]}{lo:.1f}{pad}{sep}{pad}{hi:.1f}{brackets[1]}"
    rng = parse_range(f"{intro} {text}".strip())
    assert rng is not None, text
    assert (rng.low, rng.high) == (lo, hi)


@PROFILE
@given(st.decimals(min_value=0, max_value=10_000, places=2), st.sampled_from(sorted(LE_SIGNS | GE_SIGNS)),
       st.booleans())
def test_one_sided_ranges_by_sign(x, sign, spaced) -> None:
    v = float(x)
    rng = parse_range(f"{sign}{' ' if spaced else ''}{v:.2f}")
    assert rng is not None
    if sign in LE_SIGNS:
        assert (rng.low, rng.high, rng.high_strict) == (None, v, sign in STRICT_SIGNS)
    else:
        assert (rng.low, rng.high, rng.low_strict) == (v, None, sign in STRICT_SIGNS)


@PROFILE
@given(st.decimals(min_value=0, max_value=1000, places=1),
       st.sampled_from(["Up to", "up to", "Hasta", "Inferior a", "menor de", "bis", "unter", "fino a", "jusqu'à",
                        "kurang dari", "Less than", "Max", "até"]))
def test_one_sided_upper_limits_in_words(x, words) -> None:
    rng = parse_range(f"{words} {float(x):.1f}")
    assert rng is not None and rng.low is None and rng.high == float(x)


@PROFILE
@given(st.decimals(min_value=0, max_value=1000, places=1),
       st.sampled_from(["More than", "Superior a", "mayor de", "über", "superiore a", "lebih dari", "Min", ">"]))
def test_one_sided_lower_limits_in_words(x, words) -> None:
    rng = parse_range(f"{words} {float(x):.1f}")
    assert rng is not None and rng.high is None and rng.low == float(x)


@PROFILE
@given(st.decimals(min_value=0, max_value=500, places=1), st.decimals(min_value=0, max_value=500, places=1))
def test_backwards_intervals_are_rejected(a, b) -> None:
    assume(a != b)
    hi, lo = max(a, b), min(a, b)
    assert parse_range(f"{float(hi):.1f} - {float(lo):.1f}") is None


# ----------------------------------------------------------------------------- units

_MULT = ["", "x10^3", "x10^9", "X10^12", "10^3", "10^6", "×10⁹", "x10E3", "10*9", "x 10^3"]
_NUMER = ["g", "mg", "ug", "µg", "ng", "pg", "mmol", "umol", "µmol", "nmol", "pmol", "mEq", "U", "IU", "mIU", "uIU",
          "µIU", "mU", "UI", "cells", "K", "M", ""]
_DENOM = ["L", "dL", "mL", "uL", "µL", "μl", "cumm", "mm3", "l", "dl"]


@PROFILE
@given(st.sampled_from(_NUMER), st.sampled_from(_DENOM), st.booleans())
def test_units_from_the_grammar(numer, denom, upper) -> None:
    unit = f"{numer}/{denom}"
    assert is_unit_token(unit.upper() if upper else unit)


@PROFILE
@given(st.sampled_from(_MULT[1:]), st.sampled_from(_DENOM))
def test_count_units_with_multipliers(mult, denom) -> None:
    assert is_unit_token(f"{mult}/{denom}")


# The micro prefix as reports and OCR spell it: the micro sign, the Greek mu, ASCII 'u', 'mc'.
_MICRO_SPELLINGS = ["\u00b5", "\u03bc", "u", "U", "mc"]
_MICRO_NUMER = ["g", "mol", "IU", "Eq"]  # atoms that take a micro prefix before the '/'
_MICRO_DENOM = ["L", "l"]  # ... or after it (per microlitre)
_OTHER_PREFIXES = ["m", "n", "p", ""]  # a different unit, however spelled


@PROFILE
@given(st.sampled_from(_MULT), st.sampled_from(_MICRO_NUMER + [""]), st.sampled_from(_MICRO_SPELLINGS),
       st.sampled_from(_MICRO_SPELLINGS), st.sampled_from(_MICRO_DENOM), st.booleans(), st.sampled_from(_OTHER_PREFIXES))
def test_a_micro_prefix_spelled_any_way_is_one_unit(mult, atom, micro, other, denom, upper, prefix) -> None:
    """'x10^3/µl', 'x10^3/ul', 'x10^3/μL', 'µmol/L', 'umol/l', 'mcmol/L' are one unit each to the grammar
    (same kind and factor), so their keys (units.unit_key, what evaluate.py compares) are equal; another
    prefix is another unit."""
    def unit(spelled: str) -> str:
        text = f"{mult}/{spelled}{denom}" if not atom else f"{spelled}{atom}/{denom}"
        return text.upper() if upper else text

    a, b = unit(micro), unit(other)
    assume(is_unit_token(a) and is_unit_token(b))
    assert parse_unit(a) == parse_unit(b)  # the grammar's model: one unit
    assert unit_key(a) == unit_key(b) and norm_unit(a) == norm_unit(b)
    assert unit_key(f" {a} ") == unit_key(a.replace("/", " / "))
    assert unit_key(unit(prefix)) != unit_key(a)


@pytest.mark.parametrize(("printed", "truth", "same"), [
    ("x10^3/ul", "x10^3/\u00b5l", True), ("x10^3/uL", "x10^3/\u03bcl", True), ("umol/L", "\u00b5mol/L", True),
    ("mcg/dL", "\u00b5g/dL", True), ("uIU/mL", "\u03bcIU/mL", True), ("U/L", "u/l", True),
    ("U/L", "uU/L", False), ("mU/L", "uU/L", False), ("x10^3/mL", "x10^3/\u00b5L", False), ("g/L", "mg/L", False),
    ("%", "", False), (None, "", True)])  # fmt: skip
def test_evaluation_matches_units_the_grammar_counts_as_one(printed, truth, same) -> None:
    """The comparison of a parsed unit with the truth's takes the grammar's model, not a spelling of its own."""
    row = {"name": "Leucociti", "value": 6.1, "unit": truth, "flag": "normal"}
    parsed = ParsedMarker(name="Leucociti", canonical=None, value=6.1, unit=printed, ref_low=None, ref_high=None,
                          ref_text=None, flag="normal", panel="", page=1)
    pairs, _missed, _extra = match([row], [parsed])
    assert (len(pairs) == 1) is same


# A unit written out in words reads as its symbol: the same kind and factor ('grams per deciliter' is g/dL).
_NUMER_WORDS = {"gram": "g", "milligram": "mg", "microgram": "ug", "nanogram": "ng", "picogram": "pg",
                "millimole": "mmol", "micromole": "umol", "nanomole": "nmol", "picomole": "pmol",
                "milliequivalent": "mEq", "unit": "U", "international unit": "IU", "thousand": "thousand",
                "million": "million", "cell": "cells"}
_DENOM_WORDS = {"liter": "L", "deciliter": "dL", "milliliter": "mL", "microliter": "uL", "cubic millimeter": "mm3"}


@PROFILE
@given(st.sampled_from(sorted(_NUMER_WORDS)), st.sampled_from(sorted(_DENOM_WORDS)), st.booleans(), st.booleans(),
       st.booleans(), st.sampled_from([" per ", "/", " / "]))
def test_units_written_in_words(numer, denom, plural, british, upper, per) -> None:
    plural_ok = plural and numer not in ("thousand", "million")
    words = f"{numer}{'s' if plural_ok else ''}{per}{denom.replace('er', 're') if british else denom}"
    words = words.upper() if upper else words
    assert is_unit_token(words)
    assert parse_unit(words) == parse_unit(f"{_NUMER_WORDS[numer]}/{_DENOM_WORDS[denom]}")
    assert parse_line(f"Analyte 12.5 {words} 10.0 - 20.0").unit == words


# ----------------------------------------------------------------------------- whole rows

_NAMES = ["Hemoglobin", "Total Cholesterol", "Glucosa", "Hémoglobine", "Leukozyten", "Kolesterol Total",
          "Alanine Aminotransferase", "Vitamin B12", "Creatinine", "血红蛋白(HGB)", "TSH", "Ferritina"]
_UNITS = ["g/dL", "mg/dL", "mmol/L", "U/L", "x10^9/L", "%", "pg/mL", "ng/mL", "µmol/L", "fL"]
_FLAGS = [("", None), ("H", Flag.HIGH), ("L", Flag.LOW), ("High", Flag.HIGH), ("LOW", Flag.LOW), ("Alto", Flag.HIGH),
          ("Bajo", Flag.LOW), ("↑", Flag.HIGH), ("↓", Flag.LOW), ("HH", Flag.CRITICAL_HIGH), ("*", Flag.ABNORMAL)]
_ORDERS = ["name value unit range flag", "name value range unit flag", "name flag value unit range",
           "name value flag unit range", "name: value unit (Ref: range) [flag]", "name value unit [range] flag"]


@PROFILE
@given(st.sampled_from(_NAMES), st.decimals(min_value=0, max_value=999, places=2), st.sampled_from(_UNITS),
       st.decimals(min_value=0, max_value=500, places=1), st.decimals(min_value=0, max_value=500, places=1),
       st.sampled_from(_FLAGS), st.sampled_from(_ORDERS))
def test_result_rows_in_every_column_order(name, value, unit, a, b, flag, order) -> None:
    lo, hi = sorted((float(a), float(b)))
    assume(lo < hi)
    flag_text, flag_kind = flag
    template = order if flag_text else order.replace(" [flag]", "").replace(" flag", "")
    line = (template.replace("name", name).replace("value", f"{float(value):.2f}").replace("unit", unit)
            .replace("range", f"{lo:.1f} - {hi:.1f}").replace("flag", flag_text))
    row = parse_line(line)
    assert row.kind == "result", line
    assert (row.name, row.value, row.unit) == (name, float(f"{float(value):.2f}"), unit), line
    assert (row.rng.low, row.rng.high) == (lo, hi), line
    assert row.flags == ([flag_kind] if flag_kind else []), line


_UNIT_IN_NAME = ["{name} ({unit})", "{name} [{unit}]", "{name}, {unit}", "{name} - {unit}", "{name} – {unit}"]
_NAMES_WITH_COMMAS = ["Vitamin D, 25-Hydroxy", "Iron, Total", "Folic Acid, Serum", "Bilirubin - Direct"]


@PROFILE
@given(st.sampled_from(_NAMES + _NAMES_WITH_COMMAS), st.sampled_from(_UNIT_IN_NAME), st.sampled_from(_UNITS),
       st.decimals(min_value=0, max_value=999, places=2), st.decimals(min_value=0, max_value=500, places=1),
       st.decimals(min_value=0, max_value=500, places=1), st.sampled_from(_FLAGS))
def test_unit_printed_in_the_name_cell(name, joined, unit, value, a, b, flag) -> None:
    """A report without a unit column: 'Hemoglobin (g/dL)  13.2 H  12.0 - 16.0' reads as name, unit, value, range."""
    lo, hi = sorted((float(a), float(b)))
    assume(lo < hi)
    flag_text, flag_kind = flag
    line = f"{joined.format(name=name, unit=unit)}  {float(value):.2f} {flag_text}  {lo:.1f} - {hi:.1f}"
    row = parse_line(line)
    assert row.kind == "result", line
    assert (row.name, row.value, row.unit) == (name, float(f"{float(value):.2f}"), unit), line
    assert (row.rng.low, row.rng.high) == (lo, hi), line
    assert row.flags == ([flag_kind] if flag_kind else []), line


@PROFILE
@given(st.sampled_from(_NAMES_WITH_COMMAS + ["Albumin/Globulin (ratio)", "Mentzer index", "Calcium (Ca)"]),
       st.decimals(min_value=0, max_value=999, places=2), st.sampled_from(_UNITS))
def test_name_words_are_not_units(name, value, unit) -> None:
    """A name's own qualifier after a comma or in brackets stays in the name when a unit is printed after the value."""
    row = parse_line(f"{name}  {float(value):.2f} {unit}")
    assert row.kind == "result"
    assert (row.name, row.unit) == (name, unit)


# ----------------------------------------------------------------------------- dates as column titles

_MONTH_NAMES = {"en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", "es": "ene feb mar abr may jun jul ago sep oct "
                "nov dic", "de": "Jan Feb Mär Apr Mai Jun Jul Aug Sep Okt Nov Dez", "fr": "janv févr mars avr mai juin "
                "juil août sept oct nov déc", "id": "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des"}


@PROFILE
@given(st.lists(st.dates(date(1990, 1, 1), date(2099, 12, 31)), min_size=2, max_size=4, unique=True),
       st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d:02d}.{m:02d}.{y}", "{y}-{m:02d}-{d:02d}", "{d}-{mon}-{y}",
                        "{d:02d} {mon} {y}", "{y}年{m}月{d}日"]),
       st.sampled_from(sorted(_MONTH_NAMES)))
def test_dates_as_titles_sort_as_printed(days, style, lang) -> None:
    """Dates over result columns, in any style of a report: their keys sort them (newest is today's)."""
    if " " in style:
        style = style.replace(" ", "-")  # one word, as a title cell
    months = _MONTH_NAMES[lang].split()
    texts = [style.format(d=d.day, m=d.month, y=d.year, mon=months[d.month - 1]) for d in days]
    assert date_keys(texts) == [(d.year, d.month, d.day) for d in days]


@PROFILE
@given(st.lists(st.dates(date(1990, 1, 1), date(2099, 12, 31)), min_size=2, max_size=4, unique=True))
def test_month_first_dates_are_read_month_first_when_one_of_them_says_so(days) -> None:
    assume(any(d.day > 12 for d in days))
    texts = [f"{d.month:02d}/{d.day:02d}/{d.year}" for d in days]
    assert date_keys(texts) == [(d.year, d.month, d.day) for d in days]


@PROFILE
@given(st.sampled_from(LOWER_LABELS), st.sampled_from(UPPER_LABELS), st.floats(0, 500), st.floats(0.01, 500),
       st.integers(0, 2), st.booleans())
def test_both_limits_after_their_labels(lower, upper, low, width, decimals, comma) -> None:
    """'Min 4.50  Max 11.00', 'von 6 bis 20', '下限 4.5 上限 11': a card's interval, in every language."""
    high = low + width
    a, b = (_fmt(v, decimals, comma=comma, group=False) for v in (low, high))
    lo, hi = parse_number(a, comma), parse_number(b, comma)
    assume(lo is not None and hi is not None and lo <= hi)
    rng = parse_range(f"{lower} {a}   {upper} {b}", comma)
    assert rng is not None and (rng.low, rng.high) == (lo, hi)


# ----------------------------------------------------------------------------- whole pages: never a crash

_PIECES = st.sampled_from([
    "Hemoglobin", "WBC", "Glucose", "Test", "Result", "Unit", "Reference", "Range", "Flag", "Normal", "High / Low",
    "H", "L", "*", "↑", "(", ")", "[", "]", ":", "-", "–", "/", "<", ">", "≤", "to", "bis", "a", "Ref:", "mg/dL",
    "x10^3/uL", "10³/µL", "%", "g/L", "mmol/L", "M", "F", "Masculino", "Femenino", "(CRP)", "WITHIN", "RANGE",
    "NORMAL", "Vorwert", "14.11.2023", "04/10/2025", "12:30", "13.5", "0,55+", "4,50", "150.000", "1,234.5",
    "(4,50 bis 11,00)", "[< 4.00]", "血红蛋白(HGB)", "偏高", "参考值", "Paziente:", "Name:", "....", "|", "#", "",
])


@st.composite
def _pages(draw):
    from shared.analysis.layout.words import PageWords, Word
    pages = []
    for number in range(1, draw(st.integers(1, 2)) + 1):
        words = []
        for _ in range(draw(st.integers(0, 60))):
            text = draw(_PIECES) or draw(st.text(min_size=1, max_size=6))
            x0 = draw(st.floats(-20, 640, allow_nan=False))
            top = draw(st.floats(-20, 800, allow_nan=False))
            w = draw(st.floats(0, 120, allow_nan=False))
            h = draw(st.floats(0, 30, allow_nan=False))
            words.append(Word(text, x0, x0 + w, top, top + h, draw(st.booleans()), draw(st.booleans())))
        pages.append(PageWords(number, 612.0, 792.0, words, draw(st.sampled_from(["text", "ocr"]))))
    return pages


@settings(max_examples=200, deadline=None)
@given(_pages())
def test_any_words_on_any_page_parse_without_error(pages) -> None:
    """Words of report vocabulary at any place, of any size (zero-width, overlapping, off the page): the parser
    returns a report, never raises, and every result it returns has a finite value and a name."""
    from shared.analysis.parser import parse_words
    report = parse_words(pages)
    for b in report.biomarkers:
        assert b.name and math.isfinite(b.value)


# ----------------------------------------------------------------------------- marks beside values and names

_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"


@PROFILE
@given(st.sampled_from(_NAMES), st.decimals(min_value=0, max_value=999, places=2), st.sampled_from(_UNITS),
       st.decimals(min_value=0, max_value=500, places=1), st.decimals(min_value=0, max_value=500, places=1),
       st.text(alphabet=_SUPERSCRIPTS, min_size=1, max_size=2), st.sampled_from(["", " ‡", " §", "^", "¹"]),
       st.sampled_from(["", " †", " H"]))
def test_footnote_and_accreditation_marks_are_not_read(name, value, unit, a, b, note, name_mark, flag) -> None:
    """'Ferritin ‡  12.30¹ †  ng/mL  15.0 - 150.0': the superscript after the value is a footnote's number, the mark
    after the name an accreditation note; neither changes the name or the value, and '†' flags the result."""
    lo, hi = sorted((float(a), float(b)))
    assume(lo < hi)
    v = float(f"{float(value):.2f}")
    assume(v != 10)  # '10³' is a power of ten
    line = f"{name}{name_mark}  {v:.2f}{note}{flag}  {unit}  {lo:.1f} - {hi:.1f}"
    row = parse_line(line)
    assert row.kind == "result", line
    assert (row.name, row.value, row.unit, row.rng.low, row.rng.high) == (name, v, unit, lo, hi), line
    assert row.flags == ({" †": [Flag.ABNORMAL], " H": [Flag.HIGH]}.get(flag, [])), line


@PROFILE
@given(st.decimals(min_value=0, max_value=5000, places=1), st.sampled_from(sorted(OPEN_RANGE_SEPARATORS)),
       st.booleans())
def test_an_open_interval_with_a_wave_dash(x, sep, lower) -> None:
    """'60～' reads as 60 or more and '～149' as up to 149 (Japanese reports), beside the value."""
    v = float(x)
    limit = f"{v:.1f}{sep}" if lower else f"{sep}{v:.1f}"
    row = parse_line(f"Glucose  92  mg/dL  {limit}")
    assert row.kind == "result" and row.value == 92, limit
    assert (row.rng.low, row.rng.high) == ((v, None) if lower else (None, v)), limit


# Counts per volume as European reports print them: giga / tera particles ('Gpt/l', German), the power alone after
# an E ('E9/l', Finnish and Nordic), 'Mrd' (Milliarden).
@pytest.mark.parametrize(("printed", "factor"), [
    ("E9/l", 1e9), ("E12/l", 1e12), ("E6/l", 1e6), ("x E9/l", 1e9), ("Gpt/l", 1e9), ("Tpt/l", 1e12), ("G/L", 1e9),
    ("Mrd/l", 1e9), ("x10E9/L", 1e9), ("10^3/mm^3", 1e9), ("cells/mm^3", 1e6),
])
def test_european_count_units(printed: str, factor: float) -> None:
    info = parse_unit(printed)
    assert info is not None and info.kind == "count" and math.isclose(info.factor, factor)
    assert is_unit_token(printed.replace("x E", "xE"))


def test_an_e_and_digits_alone_are_no_unit() -> None:
    for word in ("E2", "e9", "E", "GPT/l"):  # estradiol, a code, a letter, an enzyme ('GPT' is ALT)
        assert not is_unit_token(word), word


def _apostrophes(value: int, mark: str) -> str:
    return f"{value:,}".replace(",", mark)


@PROFILE
@given(st.integers(1000, 9_999_999), st.integers(0, 999), st.integers(1, 999), st.sampled_from(["'", "’"]),
       st.booleans())
def test_thousands_grouped_by_an_apostrophe(value: int, low: int, width: int, mark: str, glued: bool) -> None:
    """Swiss reports group thousands with an apostrophe: "250'000 /µl  150'000 - 400'000"."""
    lo, hi = low * 1000, (low + width) * 1000
    sep = "-" if glued else " - "
    row = parse_line(f"Thrombozyten {_apostrophes(value, mark)} /µl {_apostrophes(lo, mark)}{sep}{_apostrophes(hi, mark)}")
    assert isinstance(row, ResultRow), row
    assert row.value == value and row.unit == "/µl" and row.rng is not None
    assert (row.rng.low, row.rng.high) == (lo, hi)



@PROFILE
@given(st.integers(1, 99), st.integers(1, 99), st.integers(1, 99), st.booleans())
def test_numbers_printed_with_a_leading_point(value: int, low: int, width: int, glued: bool) -> None:
    """US reports drop the zero before the point: 'Creatinine .85 mg/dL .60-1.30', glued or spaced."""
    lo, hi = low / 100, (low + width) / 100
    text = f"{lo:.2f}".removeprefix("0") if lo < 1 else f"{lo:.2f}"
    upper = f"{hi:.2f}".removeprefix("0") if hi < 1 else f"{hi:.2f}"
    rng = f"{text}-{upper}" if glued else f"{text} - {upper}"
    row = parse_line(f"Creatinine .{value:02d} mg/dL {rng}")
    assert isinstance(row, ResultRow), (rng, row)
    assert math.isclose(row.value, value / 100) and row.rng is not None
    assert math.isclose(row.rng.low or 0, lo) and math.isclose(row.rng.high or 0, hi)


@pytest.mark.parametrize(("printed", "flag"), [("!L", "low"), ("!H", "high"), ("!LL", "critical_low"),
                                                ("!HH", "critical_high"), ("H!", "critical_high")])
def test_flags_marked_with_an_exclamation(printed: str, flag: str) -> None:
    row = parse_line(f"Glucose 45 mg/dL 70-99 {printed}")
    assert isinstance(row, ResultRow) and [f.value for f in row.flags] == [flag]


# ----------------------------------------------------------------------------- negative values and intervals

_MINUS = ("-", "\u2212")  # ASCII hyphen-minus and the Unicode minus sign, as analysers print them
_NEG_FORMS = ("{lo} - {hi}", "{lo} - +{hi}", "{lo} to {hi}", "{lo} to +{hi}", "({lo}) - (+{hi})", "{lo} -{hi}",
              "{lo}-{hi}", "{lo}~{hi}", "({lo})-(+{hi})", "({lo})-({hi})", "{lo}-+{hi}")  # glued: one word


def _signed(x, minus: str) -> str:
    return f"{minus}{-x}" if x < 0 else f"{x}"


@PROFILE
@given(st.decimals(min_value="-50", max_value="-0.1", places=1), st.decimals(min_value=0, max_value=50, places=1),
       st.decimals(min_value="-99", max_value="-0.1", places=1), st.sampled_from(_NEG_FORMS), st.sampled_from(_MINUS))
def test_negative_values_and_intervals_read_back(value, hi, lo, form, minus) -> None:
    """A minus glued to a number is its sign, as a value ('-2.1', '−2.1') and as the low bound of an interval whose
    bounds then rise ('-2.0 - 3.0', '-2 to +3', '(-2) - (+3)', '-2.0 -3.0' with the separator glued to the upper)."""
    assume(lo < hi)
    line = f"Base Excess {_signed(value, minus)} mmol/L " + form.format(lo=_signed(lo, minus), hi=hi)
    row = parse_line(line)
    assert isinstance(row, ResultRow), line
    assert row.value == float(value) and row.rng is not None, (line, row)
    assert (row.rng.low, row.rng.high) == (float(lo), float(hi)), (line, row.rng)


@PROFILE
@given(st.decimals(min_value=-50, max_value=50, places=1), st.decimals(min_value="-99", max_value="-0.2", places=1),
       st.decimals(min_value="0.1", max_value=20, places=1), st.sampled_from((" - ", " to ", "-", "~")))
def test_intervals_with_two_negative_bounds(value, lo, width, sep) -> None:
    """'-6 - -2', '-6 to -2', and glued into one word '-6--2', '-6~-2': the upper bound's minus after a separator
    is a sign too."""
    hi = lo + width
    assume(hi < 0)
    line = f"T-score {_signed(value, '-')} {_signed(lo, '-')}{sep}{_signed(hi, '-')}"
    row = parse_line(line)
    assert isinstance(row, ResultRow) and row.rng is not None, (line, row)
    assert (row.value, row.rng.low, row.rng.high) == (float(value), float(lo), float(hi)), (line, row)


@PROFILE
@given(st.decimals(min_value="0.1", max_value=99, places=1), st.decimals(min_value=0, max_value=40, places=1),
       st.decimals(min_value="0.1", max_value=40, places=1))
def test_a_glued_separator_after_a_value_keeps_its_meanings(value, lo, width) -> None:
    """After a positive value a glued '-' stays what it was: '3.5 -5.1' is an interval whose separator is glued
    to its upper bound, never a negative upper bound."""
    hi = lo + width
    row = parse_line(f"Potassium {value} mmol/L {lo} -{hi}")
    assert isinstance(row, ResultRow) and row.rng is not None
    assert (row.value, row.rng.low, row.rng.high) == (float(value), float(lo), float(hi))


@pytest.mark.parametrize(("line", "name", "value"), [
    ("CA 19-9 12 U/mL <37", "CA 19-9", 12.0), ("CA 15-3 18 U/mL <30", "CA 15-3", 18.0),
    ("CA 72-4 3.1 U/mL <6.9", "CA 72-4", 3.1), ("CYFRA 21-1 2.1 ng/mL <3.3", "CYFRA 21-1", 2.1),
    ("Beta 2 Microglobulin 1.8 mg/L 0.8 - 2.2", "Beta 2 Microglobulin", 1.8),
    ("CA 125 12 U/mL <35", "CA 125", 12.0), ("Vitamin B 12 250 pg/mL 211 - 911", "Vitamin B 12", 250.0),
])
def test_numbers_inside_a_name(line: str, name: str, value: float) -> None:
    """A tumour marker's or protein's number is part of its name ('CA 19-9', 'Beta 2 Microglobulin'), not the value;
    only where the row then reads as a full result."""
    row = parse_line(line)
    assert isinstance(row, ResultRow) and (row.name, row.value) == (name, value)


@PROFILE
@given(st.decimals(min_value="0.1", max_value=20, places=1), st.sampled_from(_MINUS), st.booleans())
def test_a_plus_glued_to_a_value_is_its_sign(value, minus, mm_hg) -> None:
    """'+1.2' (a base excess above zero) is a value where an interval reaching below zero follows; a '+2' before an
    interval wholly above zero stays an offset (a cycle day: 'LUTEAL PHASE +2 90-200')."""
    row = parse_line(f"ABE +{value} mmol/L {minus}2.0 - +3.0")
    assert isinstance(row, ResultRow) and row.value == float(value) and row.rng is not None
    assert (row.rng.low, row.rng.high) == (-2.0, 3.0)
    assert not isinstance(parse_line(f"LUTEAL PHASE +{value} 90-200"), ResultRow)
    unit = "mm Hg" if mm_hg else "mmHg"
    gas = parse_line(f"pCO2 {value} {unit} 35 - 45")
    assert isinstance(gas, ResultRow) and gas.unit == unit


def test_blood_gas_conditions_are_no_results_but_a_bracketed_test_is() -> None:
    from shared.analysis.parser import parse_texts

    got = parse_texts(["Test Result Unit Reference\nFiO2: 21 %\nPatient temperature: 37.0 °C\n"
                       "Oxygen saturation (sO2) 98.3 % 95.0 - 99.0\nPulse 72 /min\nHemoglobin 13.5 g/dL 13.0 - 17.0"])
    assert [(m.name, m.canonical) for m in got.biomarkers] == [("Oxygen saturation (sO2)", "so2"),
                                                              ("Hemoglobin", "hemoglobin")]


@pytest.mark.parametrize(("line", "value"), [("Anion gap -1 mmol/L 8 - 16", -1.0), ("Anion gap -2.5 mEq/L 8-16", -2.5),
                                             ("FOLLICULAR PHASE -12 50-100", None), ("MID CYCLE -1 160-400", None)])
def test_a_negative_value_before_its_unit_is_a_value_and_before_an_interval_an_offset(line, value) -> None:
    """A negative value, its unit, then an interval wholly above zero (a rare negative anion gap) is a result; a signed
    number right before such an interval is an offset (a cycle day)."""
    row = parse_line(line)
    assert (row.value if isinstance(row, ResultRow) else None) == value


@pytest.mark.parametrize(("word", "flag"), [("高い", "high"), ("低い", "low"), ("異常", "abnormal"), ("높음", "high"),
                                            ("낮음", "low"), ("정상", "normal")])
def test_japanese_and_korean_flag_words(word: str, flag: str) -> None:
    """A Japanese or Korean report's own flag word after the interval (the row was lost before)."""
    row = parse_line(f"Glucose 145 mg/dL 70 - 99 {word}")
    assert isinstance(row, ResultRow) and [f.value for f in row.flags] == [flag]


@PROFILE
@given(st.sampled_from(("Glucose", "Hemoglobin", "Total Cholesterol", "Creatinina", "Hämoglobin", "TSH")),
       st.integers(min_value=3, max_value=14), st.sampled_from(".·_"),
       st.decimals(min_value="0.1", max_value=999, places=1), st.sampled_from(("mg/dL", "g/dL", "mmol/L", "mIU/L")))
def test_a_leader_glued_between_name_and_value_is_no_part_of_either(name, dots, dot, value, unit) -> None:
    """'Glucose......92 mg/dL': a typewriter-style print runs the name, its dotted leader and the value together."""
    line = f"{name}{dot * dots}{value} {unit} (0.1 - 999)"
    row = parse_line(line)
    assert isinstance(row, ResultRow), line
    assert (row.name, row.value, row.unit) == (name, float(value), unit), (line, row)
