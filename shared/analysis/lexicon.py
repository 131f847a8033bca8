"""The report lexicon: every word list the parser reads, in one module of data.

Languages: English (en), Spanish (es), Portuguese (pt), French (fr), Italian (it),
German (de), Malay/Indonesian (ms), Dutch (nl), Polish (pl), Turkish (tr), Czech (cs), Romanian (ro),
Swedish (sv), Russian (ru), Vietnamese (vi), Danish (da), Norwegian (no) and Chinese (zh). Entries
are lower-case; matching folds case (and, where noted, accents). The tokenizer,
the value/range grammar, the column finder and the row classifier all read these
tables; no other module keeps its own vocabulary of report words.

Sources: the words as printed on laboratory reports of those languages (field
names of LIS exports and hospital templates), the usual abbreviations of the
flag columns, and the UCUM / conventional unit spellings handled in units.py.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from functools import lru_cache

# Letters that carry their mark in the letter itself (no combining accent to drop): Polish 'ł', Turkish dotless
# 'ı', Vietnamese 'đ', Danish/Norwegian 'ø'. Folded to their base letter, so 'DÜŞÜK', 'düşük' and 'dusuk' meet,
# and 'ARALIĞI' ('I' printed for 'ı') and 'aralığı' too. One letter each: folding keeps a text's length.
_BASE_LETTERS = str.maketrans({"ł": "l", "ı": "i", "đ": "d", "ø": "o"})


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Lower-case without accents: 'Référence' -> 'reference', 'Größe' -> 'grosse', 'Płeć' -> 'plec',
    'BİRİM' -> 'birim' (Turkish dotted capital I), 'Düşük' -> 'dusuk'."""
    if text.isascii():
        return text.lower()  # nothing to decompose
    t = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss").translate(_BASE_LETTERS))
    return "".join(c for c in t if not unicodedata.combining(c))


# --------------------------------------------------------------------------- ranges

# Words or signs between the two bounds of an interval: "13 - 17", "13 to 17", "13 a 17", "13 à 17",
# "13 bis 17", "13 ~ 17", "13 至 17", "13 hingga 17", "13 até 17", "13 .. 17", "13 ... 17", "13 … 17" (LIS prints of
# central and eastern European laboratories).
# Marks that group thousands between digits where neither '.' nor ',' is one (Swiss and Liechtenstein reports:
# "250'000", "6’500"); dropped from a number whose groups are three digits.
THOUSANDS_APOSTROPHES = "'’"

RANGE_SEPARATORS = frozenset({"-", "--", "–", "—", "−", "~", "～", "〜", "to", "a", "à", "bis", "até", "ate", "al", "hasta",
                              "tot", "hingga", "sampai", "sd", "s/d", "s.d.", "至", "到", "..", "...", "…", "÷",
                              # pl 'od 3,5 do 5,0': between two numbers only
                              "do", "až", "đến", "до"})

# Separators also printed with one bound only (Japanese style): '～149' up to 149, '60～' from 60.
OPEN_RANGE_SEPARATORS = frozenset({"~", "～", "〜"})

# Words that introduce a reference interval and are not part of anything else on the line.
RANGE_INTRODUCERS = frozenset(fold(w) for w in (
    # en
    "ref", "ref.", "ref:", "reference", "reference:", "references", "reference range", "ref range", "ref. range",
    "reference interval", "ref. interval", "ref.interval", "bio. ref. interval", "biological reference interval",
    "bio. ref. range", "normal", "normal:", "normal range", "normal value", "normal values", "range", "range:",
    "interval", "expected", "expected value", "desirable", "optimal", "target", "limits", "rr",
    # es
    "valores de referencia", "valor de referencia", "v. referencia", "v.r.", "vr", "vr:", "referencia",
    "intervalo de referencia", "rango", "rango de referencia", "valores normales", "valor normal",
    # pt
    "valores de referência", "valor de referência", "referência", "intervalo de referência", "v.ref.",
    # fr
    "valeurs de référence", "valeur de référence", "intervalle de référence", "références", "référence",
    "val. réf.", "v.n.", "valeurs normales",
    # it
    "valori di riferimento", "valore di riferimento", "intervallo di riferimento", "v.r.", "val. rif.", "rif.",
    "riferimento",
    # de
    "referenzbereich", "referenzwert", "referenzwerte", "normbereich", "normalbereich", "normwert", "normwerte",
    "ref.-bereich", "ref.bereich",
    # ms / id
    "nilai rujukan", "nilai normal", "julat rujukan", "julat normal", "rujukan", "nilai rujukan:",
    # nl
    "referentiewaarde", "referentie", "referentiewaarden", "ref. waarde", "ref.waarde", "referentiegebied",
    "referentie-interval", "normaalwaarde", "normaalwaarden", "normaal:",
    # pl
    "zakres referencyjny", "zakres ref.", "zakres ref.:", "wartości referencyjne", "wartości ref.", "wartości ref.:",
    "wartość referencyjna", "przedział referencyjny", "norma", "norma:", "normy", "zakres normy",
    "wartości prawidłowe",
    # tr
    "referans", "referans:", "referans aralığı", "referans aralığı:", "referans aralık", "referans değerleri",
    "referans değeri", "ref. aralık", "ref. aralığı", "normal değerler", "normal aralık",
    "biyolojik referans aralığı",
    # cs
    "referenční meze", "ref. meze", "ref. meze:", "referenční rozmezí", "referenční interval", "normální hodnoty",
    "fyziologické rozmezí",
    # ro
    "valori de referință", "valori de referinta", "interval de referință", "interval biologic de referință",
    "valoare de referință",
    # sv
    "referensintervall", "ref.intervall", "ref. intervall", "referensvärde", "referensvärden", "normalvärde",
    "normalvärden",
    # ru
    "референсные значения", "референсные значения:", "реф. значения", "реф. значения:", "референтный интервал",
    "референсный интервал", "норма", "норма:", "нормы",
    # vi, da, no
    "khoảng tham chiếu", "giá trị tham chiếu", "tham chiếu", "tham chiếu:", "csbt", "csbt:", "trị số bình thường",
    "giá trị bình thường", "chỉ số bình thường",
    "referenceinterval", "ref.interval", "ref. interval", "referenceværdi", "referenceværdier", "normalområde",
    "referanseområde", "ref.område", "ref. område", "referanseverdi", "referanseverdier",
    # zh
    "参考区间", "参考范围", "参考值", "正常值", "正常", "参考",
))

# One-sided limits. LE: the value should be at most X ('< 200', 'Up to 5'); GE: at least X.
LE_SIGNS = frozenset({"<", "<=", "=<", "≤", "⩽", "＜", "≦"})
GE_SIGNS = frozenset({">", ">=", "=>", "≥", "⩾", "＞", "≧"})
STRICT_SIGNS = frozenset({"<", ">", "＜", "＞"})
LE_WORDS = tuple(fold(w) for w in (
    "up to", "upto", "till", "until", "max", "max.", "maximum", "less than", "lower than", "below", "under",
    "not more than", "no more than", "hasta", "inferior a", "menor de", "menor que", "menos de", "hasta un maximo de",
    "até", "inferior a", "menor que", "abaixo de", "jusqu'à", "jusqu'a", "inférieur à", "inf. à", "moins de",
    "fino a", "inferiore a", "minore di", "inf. a", "bis", "unter", "kleiner als", "höchstens", "kurang dari",
    "hingga", "sehingga", "tot", "kleiner dan", "小于", "低于", "≤", "sampai", "sampai dengan", "s/d", "maks",
    "maks.", "maksimal", "maksimum", "maximal", "máx", "máx.", "máximo", "massimo", "max", "menos de",
    # nl
    "minder dan", "lager dan", "onder", "maximaal", "hoogstens",
    # pl ('do 5,0': up to; gated like every limit word: a number must follow)
    "do", "poniżej", "mniej niż", "mniejsze niż", "mniejszy niż", "nie więcej niż", "maksymalnie",
    # tr (a prefix form; the postpositions '5,0 altı' / '5,0'e kadar' follow the number)
    "en fazla", "en çok",
    "méně než", "menší než", "pod", "nejvýše",  # cs
    "sub", "până la", "mai mic de", "mai mic decât", "maxim",  # ro
    "högst", "mindre än", "lägre än",  # sv
    "до", "менее", "меньше", "ниже",  # ru
    "nhỏ hơn", "dưới", "tối đa",  # vi
    "højst", "mindre end", "lavere end",  # da
    "høyst", "mindre enn", "lavere enn",  # no
))
GE_WORDS = tuple(fold(w) for w in (
    "more than", "greater than", "above", "over", "min", "min.", "minimum", "at least", "not less than",
    "superior a", "mayor de", "mayor que", "más de", "mas de", "superior a", "maior que", "acima de", "mais de",
    "supérieur à", "sup. à", "plus de", "superiore a", "maggiore di", "sup. a", "über", "uber", "größer als",
    "grosser als", "mindestens", "lebih dari", "melebihi", "groter dan", "大于", "高于", "min", "mín", "mín.",
    "mínimo", "minimo", "minimal", "minimum", "lebih besar dari",
    # nl
    "meer dan", "hoger dan", "boven", "minimaal", "minstens", "ten minste",
    # pl
    "powyżej", "więcej niż", "większe niż", "większy niż", "nie mniej niż", "co najmniej", "minimum",
    # tr
    "en az",
    "více než", "větší než", "nad", "nejméně",  # cs
    "peste", "mai mare de", "mai mare decât", "minim",  # ro
    "över", "minst", "mer än", "större än", "högre än",  # sv
    "более", "больше", "выше", "от",  # ru ('от 60': at least)
    "lớn hơn", "trên", "tối thiểu",  # vi
    "mindst", "mere end", "større end", "højere end",  # da
    "mer enn", "større enn", "høyere enn",  # no
))
# Both limits, each after its label ('Min 4.50  Max 11.00', 'Low 4.0  High 11.0', 'von 6 bis 20', '下限 4.5 上限 11').
LOWER_LABELS = tuple(fold(w) for w in (
    "low", "lower", "lower limit", "min", "min.", "minimum", "mín", "mín.", "mínimo", "minimo", "inferior", "inf",
    "inf.", "inferiore", "limite inferior", "límite inferior", "limite inf.", "von", "untergrenze", "unterer",
    "bawah", "batas bawah", "had bawah", "下限", "低值", "最低",
    "ondergrens", "od", "dolna granica",  # nl, pl ('od 3,5 do 5,0')
    "alt sınır", "alt limit", "alt değer",  # tr
    "dolní mez", "dolní hranice", "limita inferioară", "undre gräns", "nedre gräns",  # cs, ro, sv
    "giới hạn dưới", "nedre grænse", "nedre grense",  # vi, da, no
    "от", "нижняя граница", "мин", "мин.",  # ru ('от 3,5 до 5,0') ('Alt Sınır 2,1  Üst Sınır 7,1'; never 'alt' alone: the enzyme ALT)
))
UPPER_LABELS = tuple(fold(w) for w in (
    "high", "upper", "upper limit", "max", "max.", "maximum", "máx", "máx.", "máximo", "massimo", "superior", "sup",
    "sup.", "superiore", "limite superior", "límite superior", "limite sup.", "bis", "obergrenze", "oberer",
    "maks", "maks.", "atas", "batas atas", "had atas", "上限", "高值", "最高",
    "bovengrens", "do", "górna granica",  # nl, pl
    "üst sınır", "üst limit", "üst değer",  # tr
    "horní mez", "horní hranice", "limita superioară", "övre gräns",  # cs, ro, sv
    "до", "верхняя граница", "макс", "макс.",  # ru
    "giới hạn trên", "øvre grænse", "øvre grense",  # vi, da, no
))
STRICT_WORDS = frozenset(fold(w) for w in (
    "less than", "lower than", "below", "under", "more than", "greater than", "above", "over", "inferior a",
    "menor de", "menor que", "menos de", "superior a", "mayor de", "mayor que", "más de", "mas de", "maior que",
    "abaixo de", "acima de", "mais de", "inférieur à", "supérieur à", "moins de", "plus de", "inferiore a",
    "superiore a", "minore di", "maggiore di", "unter", "über", "uber", "kleiner als", "größer als", "grosser als",
    "kurang dari", "lebih dari", "小于", "大于", "低于", "高于",
    "kleiner dan", "groter dan", "minder dan", "meer dan", "lager dan", "hoger dan", "onder", "boven",  # nl
    "poniżej", "powyżej", "mniej niż", "więcej niż", "mniejsze niż", "większe niż", "mniejszy niż", "większy niż",  # pl
    "méně než", "menší než", "více než", "větší než", "pod", "nad",  # cs
    "sub", "peste", "mai mic de", "mai mare de", "mai mic decât", "mai mare decât",  # ro
    "mindre än", "lägre än", "mer än", "större än", "högre än",  # sv
    "менее", "меньше", "ниже", "более", "больше", "выше",  # ru
    "nhỏ hơn", "lớn hơn", "dưới", "trên",  # vi
    "mindre end", "lavere end", "mere end", "større end", "højere end",  # da
    "mindre enn", "lavere enn", "mer enn", "større enn", "høyere enn",  # no
))

# --------------------------------------------------------------------------- flags


class Flag(StrEnum):
    LOW = "low"
    HIGH = "high"
    CRITICAL_LOW = "critical_low"
    CRITICAL_HIGH = "critical_high"
    NORMAL = "normal"
    ABNORMAL = "abnormal"  # marked, direction from the range ('*', '¬', 'Abnormal')


# Status marks of patient portals and wellness reports, in a column or before a name: a tick in range, a cross or a
# warning sign out of it (the interval gives the direction). Flags wherever they stand; never part of a name.
STATUS_MARKS: dict[str, Flag] = {
    "✓": Flag.NORMAL, "✔": Flag.NORMAL, "☑": Flag.NORMAL, "✅": Flag.NORMAL,
    "✗": Flag.ABNORMAL, "✘": Flag.ABNORMAL, "☒": Flag.ABNORMAL, "❌": Flag.ABNORMAL, "⚠": Flag.ABNORMAL,
    "❗": Flag.ABNORMAL, "‼": Flag.ABNORMAL,
}

# Tokens printed next to a result (lower-case). Single letters only count in flag position (after the value).
FLAG_WORDS: dict[str, Flag] = {
    # symbols
    "h": Flag.HIGH, "l": Flag.LOW, "hi": Flag.HIGH, "lo": Flag.LOW, "(h)": Flag.HIGH, "(l)": Flag.LOW,
    "[h]": Flag.HIGH, "[l]": Flag.LOW, "h*": Flag.HIGH, "*h": Flag.HIGH, "l*": Flag.LOW, "*l": Flag.LOW,
    "↑": Flag.HIGH, "↓": Flag.LOW, "▲": Flag.HIGH, "▼": Flag.LOW, "⬆": Flag.HIGH, "⬇": Flag.LOW,
    "+": Flag.HIGH, "++": Flag.HIGH, "+++": Flag.HIGH, "(+)": Flag.HIGH, "(-)": Flag.LOW, "--": Flag.LOW,
    "hh": Flag.CRITICAL_HIGH, "ll": Flag.CRITICAL_LOW, "ch": Flag.CRITICAL_HIGH, "cl": Flag.CRITICAL_LOW,
    "h!": Flag.CRITICAL_HIGH, "l!": Flag.CRITICAL_LOW, "↑↑": Flag.CRITICAL_HIGH, "↓↓": Flag.CRITICAL_LOW,
    "!h": Flag.HIGH, "!l": Flag.LOW, "!hh": Flag.CRITICAL_HIGH, "!ll": Flag.CRITICAL_LOW,  # '!' marks, H/L say which
    **STATUS_MARKS,
    "*": Flag.ABNORMAL, "**": Flag.ABNORMAL, "¬": Flag.ABNORMAL, "!": Flag.ABNORMAL, "(*)": Flag.ABNORMAL,
    "a": Flag.ABNORMAL, "abn": Flag.ABNORMAL, "n": Flag.NORMAL, "†": Flag.ABNORMAL, "††": Flag.ABNORMAL,
    "b": Flag.ABNORMAL,  # pt 'A' / 'B' (alto / baixo): marked, the range gives the direction
    # en
    "high": Flag.HIGH, "low": Flag.LOW, "elevated": Flag.HIGH, "increased": Flag.HIGH, "raised": Flag.HIGH,
    "decreased": Flag.LOW, "reduced": Flag.LOW, "deficient": Flag.LOW, "abnormal": Flag.ABNORMAL,
    "out of range": Flag.ABNORMAL, "critical": Flag.ABNORMAL, "critical high": Flag.CRITICAL_HIGH,
    "critical low": Flag.CRITICAL_LOW, "panic high": Flag.CRITICAL_HIGH, "panic low": Flag.CRITICAL_LOW,
    "very high": Flag.CRITICAL_HIGH, "very low": Flag.CRITICAL_LOW,
    "normal": Flag.NORMAL, "(normal)": Flag.NORMAL, "[normal]": Flag.NORMAL, "within": Flag.NORMAL,
    "wnl": Flag.NORMAL, "within range": Flag.NORMAL, "in range": Flag.NORMAL, "ok": Flag.NORMAL,
    "optimal": Flag.NORMAL, "desirable": Flag.NORMAL, "borderline": Flag.ABNORMAL, "borderline high": Flag.HIGH,
    "borderline low": Flag.LOW,
    # es / pt
    "alto": Flag.HIGH, "alta": Flag.HIGH, "bajo": Flag.LOW, "baja": Flag.LOW, "baixo": Flag.LOW,
    "baixa": Flag.LOW, "elevado": Flag.HIGH, "elevada": Flag.HIGH, "aumentado": Flag.HIGH,
    "aumentada": Flag.HIGH, "disminuido": Flag.LOW, "disminuida": Flag.LOW, "diminuido": Flag.LOW,
    "diminuida": Flag.LOW, "reducido": Flag.LOW, "anormal": Flag.ABNORMAL, "critico": Flag.ABNORMAL,
    "muy alto": Flag.CRITICAL_HIGH, "muy bajo": Flag.CRITICAL_LOW, "muito alto": Flag.CRITICAL_HIGH,
    "muito baixo": Flag.CRITICAL_LOW, "dentro": Flag.NORMAL, "dentro del rango": Flag.NORMAL,
    "fuera de rango": Flag.ABNORMAL, "fora da faixa": Flag.ABNORMAL,
    # fr
    "élevé": Flag.HIGH, "eleve": Flag.HIGH, "élevée": Flag.HIGH, "elevee": Flag.HIGH, "haut": Flag.HIGH,
    "haute": Flag.HIGH, "bas": Flag.LOW, "basse": Flag.LOW, "augmenté": Flag.HIGH, "augmente": Flag.HIGH,
    "diminué": Flag.LOW, "diminue": Flag.LOW, "anormale": Flag.ABNORMAL, "très élevé": Flag.CRITICAL_HIGH,
    "très bas": Flag.CRITICAL_LOW,
    # it
    "basso": Flag.LOW, "bassa": Flag.LOW, "elevato": Flag.HIGH, "elevata": Flag.HIGH, "aumentato": Flag.HIGH,
    "diminuito": Flag.LOW, "alterato": Flag.ABNORMAL, "normale": Flag.NORMAL,
    # de
    "hoch": Flag.HIGH, "erhöht": Flag.HIGH, "erhoht": Flag.HIGH, "niedrig": Flag.LOW, "erniedrigt": Flag.LOW,
    "vermindert": Flag.LOW, "pathologisch": Flag.ABNORMAL, "auffällig": Flag.ABNORMAL, "stark erhöht":
    Flag.CRITICAL_HIGH, "stark erniedrigt": Flag.CRITICAL_LOW, "+ hoch": Flag.HIGH, "- niedrig": Flag.LOW,
    # ms / id
    "tinggi": Flag.HIGH, "rendah": Flag.LOW, "meningkat": Flag.HIGH, "menurun": Flag.LOW, "abnormal.":
    Flag.ABNORMAL, "sangat tinggi": Flag.CRITICAL_HIGH, "sangat rendah": Flag.CRITICAL_LOW,
    # nl
    "verhoogd": Flag.HIGH, "verlaagd": Flag.LOW, "hoog": Flag.HIGH, "laag": Flag.LOW, "afwijkend": Flag.ABNORMAL,
    "kritiek": Flag.ABNORMAL, "zeer hoog": Flag.CRITICAL_HIGH, "zeer laag": Flag.CRITICAL_LOW, "normaal": Flag.NORMAL,
    # pl
    "wysoki": Flag.HIGH, "wysoka": Flag.HIGH, "wysokie": Flag.HIGH, "podwyższony": Flag.HIGH,
    "podwyższona": Flag.HIGH, "podwyższone": Flag.HIGH, "niski": Flag.LOW, "niska": Flag.LOW, "niskie": Flag.LOW,
    "obniżony": Flag.LOW, "obniżona": Flag.LOW, "obniżone": Flag.LOW, "nieprawidłowy": Flag.ABNORMAL,
    "nieprawidłowa": Flag.ABNORMAL, "nieprawidłowe": Flag.ABNORMAL, "krytyczny": Flag.ABNORMAL,
    "bardzo wysoki": Flag.CRITICAL_HIGH, "bardzo niski": Flag.CRITICAL_LOW, "w normie": Flag.NORMAL,
    "prawidłowy": Flag.NORMAL, "prawidłowe": Flag.NORMAL,
    # tr
    "yüksek": Flag.HIGH, "düşük": Flag.LOW, "kritik": Flag.ABNORMAL, "çok yüksek": Flag.CRITICAL_HIGH,
    "çok düşük": Flag.CRITICAL_LOW, "kritik yüksek": Flag.CRITICAL_HIGH, "kritik düşük": Flag.CRITICAL_LOW,
    # cs
    "vysoká": Flag.HIGH, "vysoký": Flag.HIGH, "vysoké": Flag.HIGH, "zvýšená": Flag.HIGH, "zvýšený": Flag.HIGH,
    "zvýšené": Flag.HIGH, "nízká": Flag.LOW, "nízký": Flag.LOW, "nízké": Flag.LOW, "snížená": Flag.LOW,
    "snížený": Flag.LOW, "snížené": Flag.LOW, "patologická": Flag.ABNORMAL, "patologický": Flag.ABNORMAL,
    "patologické": Flag.ABNORMAL, "kritická": Flag.ABNORMAL, "velmi vysoká": Flag.CRITICAL_HIGH,
    "velmi nízká": Flag.CRITICAL_LOW, "v normě": Flag.NORMAL,
    # ro
    "crescut": Flag.HIGH, "crescută": Flag.HIGH, "mărit": Flag.HIGH, "scăzut": Flag.LOW, "scăzută": Flag.LOW,
    "patologic": Flag.ABNORMAL, "critic": Flag.ABNORMAL, "foarte crescut": Flag.CRITICAL_HIGH,
    "foarte scăzut": Flag.CRITICAL_LOW,
    # sv
    "hög": Flag.HIGH, "högt": Flag.HIGH, "förhöjd": Flag.HIGH, "förhöjt": Flag.HIGH, "låg": Flag.LOW, "lågt": Flag.LOW,
    "sänkt": Flag.LOW, "avvikande": Flag.ABNORMAL, "kritisk": Flag.ABNORMAL, "mycket hög": Flag.CRITICAL_HIGH,
    "mycket låg": Flag.CRITICAL_LOW,
    # ru
    "повышен": Flag.HIGH, "повышено": Flag.HIGH, "повышена": Flag.HIGH, "высокий": Flag.HIGH, "выше нормы": Flag.HIGH,
    "понижен": Flag.LOW, "понижено": Flag.LOW, "понижена": Flag.LOW, "снижен": Flag.LOW, "низкий": Flag.LOW,
    "ниже нормы": Flag.LOW, "отклонение": Flag.ABNORMAL, "критический": Flag.ABNORMAL, "в норме": Flag.NORMAL,
    "норма": Flag.NORMAL,  # also an introducer ('Норма: 3,5 - 5,1'), as 'Normal' is
    "резко повышен": Flag.CRITICAL_HIGH, "резко понижен": Flag.CRITICAL_LOW,
    # vi
    "cao": Flag.HIGH, "tăng": Flag.HIGH, "thấp": Flag.LOW, "giảm": Flag.LOW, "bình thường": Flag.NORMAL,
    "bất thường": Flag.ABNORMAL, "nguy kịch": Flag.ABNORMAL, "báo động": Flag.ABNORMAL, "rất cao": Flag.CRITICAL_HIGH,
    "rất thấp": Flag.CRITICAL_LOW,
    # da
    "høj": Flag.HIGH, "højt": Flag.HIGH, "forhøjet": Flag.HIGH, "lav": Flag.LOW, "lavt": Flag.LOW, "nedsat": Flag.LOW,
    "afvigende": Flag.ABNORMAL, "meget høj": Flag.CRITICAL_HIGH, "meget lav": Flag.CRITICAL_LOW,
    # no
    "høy": Flag.HIGH, "høyt": Flag.HIGH, "forhøyet": Flag.HIGH, "redusert": Flag.LOW, "avvikende": Flag.ABNORMAL,
    "svært høy": Flag.CRITICAL_HIGH, "svært lav": Flag.CRITICAL_LOW,
    # zh
    "偏高": Flag.HIGH, "偏低": Flag.LOW, "高": Flag.HIGH, "低": Flag.LOW, "升高": Flag.HIGH, "降低": Flag.LOW,
    "异常": Flag.ABNORMAL, "正常": Flag.NORMAL, "危急": Flag.ABNORMAL,
    # ja, ko (the reports' own words where they print no H / L)
    "高い": Flag.HIGH, "低い": Flag.LOW, "異常": Flag.ABNORMAL, "높음": Flag.HIGH, "낮음": Flag.LOW, "정상": Flag.NORMAL,
}
# Every word also under its folded spelling ('DÜŞÜK' -> 'dusuk', 'niska', 'obnizony'): flag_of looks a token up
# lower-cased, then folded.
FLAG_WORDS.update({fold(k): v for k, v in list(FLAG_WORDS.items()) if fold(k) not in FLAG_WORDS})
# A sign glued to the end of a value in a result column ('0.55+', '0.01-'): high or low.
GLUED_SIGN_FLAGS: dict[str, Flag] = {"+": Flag.HIGH, "-": Flag.LOW}
# Flags that are too common as ordinary words (or as a name part) to count anywhere but in flag position.
WEAK_FLAGS = frozenset({"a", "b", "n", "h", "l", "+", "-", "--", "†", "normal", "bas", "ok", "dentro", "within", "in range",
                        "critical", "borderline", "高", "低", "normaal", "w normie", "prawidłowy", "prawidlowy",
                        "prawidłowe", "prawidlowe", "v normě", "v norme", "в норме", "норма"})
# Gauges drawn in text characters beside a result ('|----*---|', '[=====|==●==|=====]', '▁▁▁█▁', '░▒▓█', '■■■□□',
# '○○●○○', '•••◦'): a word made only of these characters is a drawing, not a name, value, flag or separator
# (shared/analysis/gauges.py). The track a marker moves on, the bracket ends, the markers, and the glyphs that mean
# nothing else (a single one of these alone is a drawing too).
GAUGE_TRACK = "-–—=_~|·─━═┄┈╌┃│¦"  # not ":" ("#:", "*:" are labels)
GAUGE_ENDS = "[](){}<>"
GAUGE_MARKERS = "*+^#●○◉◎◆◇■□▪▫▲▼△▽▶◀►◄♦•◦∙"
# Letters a printout draws a bar's marker with ('|---x--|', 'o|------|'): one of them in a word of at least three
# track characters is the marker, not a letter.
GAUGE_LETTER_MARKERS = "xXoO"
GAUGE_GLYPHS = "▁▂▃▄▅▆▇█░▒▓▏▎▍▌▋▊▉●○◉◎◆◇■□▪▫△▽▶◀►◄♦•◦∙"
GAUGE_CHARS = frozenset(GAUGE_TRACK + GAUGE_ENDS + GAUGE_MARKERS + GAUGE_GLYPHS)
# Marks that decorate a result without a meaning the parser can trust alone: coloured dots (a traffic light whose
# colours each report defines), trend arrows between a previous and today's result, stars. A word made only of
# these is dropped like a gauge (the flag then comes from the interval); variation selectors (U+FE0E/F) ignored.
DECORATION_GLYPHS = "🟢🟡🟠🔴🔵🟣🟤⚫⚪⬤↗↘⬈⬊⇗⇘➚➘➹➷★☆✩✪⭐\ufe0e\ufe0f"
# ...but a word that repeats one of these keeps its meaning: a flag ('*', '**', '+', '++', '↑↓', '▲'), a missing
# result ('---', '----') or a range separator ('-', '–'). Words that are a flag, separator or sign are kept too.
GAUGE_KEEP_REPEATS = "*+-–—−!†#"
# Multi-word flags, longest first (the tokenizer joins them).
MULTIWORD_FLAGS = sorted((k for k in FLAG_WORDS if " " in k), key=lambda k: -len(k.split()))

# --------------------------------------------------------------------------- column headers


class Role(StrEnum):
    NAME = "name"
    RESULT = "result"
    UNIT = "unit"
    RANGE = "range"
    FLAG = "flag"
    METHOD = "method"
    PREVIOUS = "previous"  # earlier results printed beside today's
    OTHER = "other"  # a code, a sample type, a comment column
    RESULT_OUT = "result_out"  # the result column for values outside the range ('Out of range'): a flag too
    UNCERTAINTY = "uncertainty"  # a value's measurement uncertainty ('U (k=2)', '± U'): never the result


# The words for high and low in each language, as a column titled by the flags it holds prints them
# ('High / Low', 'Alto/Bajo', 'TINGGI / RENDAH', '偏高/偏低'): such a title beside an in-range title is the
# out-of-range result column; alone it titles a flag column.
HIGH_LOW_WORDS: tuple[tuple[str, str], ...] = (
    ("high", "low"), ("h", "l"), ("alto", "bajo"), ("alto", "baixo"), ("elevado", "bajo"), ("haut", "bas"),
    ("élevé", "bas"), ("alto", "basso"), ("hoch", "niedrig"), ("erhöht", "erniedrigt"), ("tinggi", "rendah"),
    ("hoog", "laag"), ("verhoogd", "verlaagd"), ("wysoki", "niski"), ("yüksek", "düşük"), ("vysoká", "nízká"), ("crescut", "scăzut"),
    ("hög", "låg"), ("cao", "thấp"), ("høj", "lav"), ("høy", "lav"), ("повышен", "понижен"), ("高", "低"), ("偏高", "偏低"),
)
HIGH_LOW_TITLES: tuple[str, ...] = tuple(fold(f"{a}{sep}{b}") for h, lo in HIGH_LOW_WORDS for a, b in ((h, lo), (lo, h))
                                         for sep in ("/", " / ", " - ", " o ", " or ", " ou ", " atau "))

# A page's foot that says the table goes on overleaf ('(continued)', '(Fortsetzung)', 'Continúa en la página
# siguiente'), folded, brackets and dots aside: a line of nothing else is no part of the row above it.
CONTINUATION_FOOTERS = frozenset(fold(w) for w in (
    "continued", "cont'd", "contd", "continued on next page", "continued overleaf", "see next page",
    "continúa", "continua", "continúa en la página siguiente", "sigue", "continuación",  # es
    "continuação", "continua na próxima página", "continua na proxima pagina",  # pt
    "suite", "suite page suivante", "suite au verso", "à suivre",  # fr
    "segue", "continua alla pagina successiva", "segue alla pagina successiva",  # it
    "fortsetzung", "fortsetzung nächste seite", "fortsetzung auf der nächsten seite", "weiter auf seite",  # de
    "lanjutan", "bersambung", "bersambung ke halaman berikutnya", "sambungan",  # id, ms
    "续", "续下页", "接下页", "未完待续",  # zh
    "vervolg", "vervolg op volgende pagina", "zie volgende pagina",  # nl
    "ciąg dalszy", "ciąg dalszy na następnej stronie",  # pl
    "devamı", "devamı sonraki sayfada", "devam",  # tr
    "pokračování", "pokračování na další straně",  # cs
    "continuare", "continuare pe pagina următoare",  # ro
    "forts.", "forts", "fortsättning", "fortsättning på nästa sida",  # sv
    "продолжение", "продолжение на следующей странице",  # ru
    "tiếp theo", "xem tiếp trang sau", "còn tiếp",  # vi
    "fortsat", "fortsættes", "fortsættes på næste side",  # da
    "fortsetter", "fortsettelse", "fortsetter på neste side",  # no
))

# A measurement's expanded uncertainty printed after its value ('13.20 ± 0.41', '5,10±0,15'): the sign and the
# number after it are no part of the result (parser._drop_uncertainty).
UNCERTAINTY_SIGNS: tuple[str, ...] = ("±",)
# The coverage factor printed beside an expanded uncertainty's title ('U (k=2)', 'U (k = 2)'), brackets dropped.
COVERAGE_FACTORS: tuple[str, ...] = ("k=2", "k=1.96", "k=3")

# Header words by role (folded: lower-case, no accents). Phrases are matched before single words.
HEADER_WORDS: dict[Role, tuple[str, ...]] = {
    Role.NAME: tuple(fold(w) for w in (
        "test", "tests", "test name", "test description", "name", "investigation", "investigations", "examination",
        "parameter", "parameters", "analyte", "analytes", "description", "determination", "component", "assay",
        "item", "items", "particulars", "test performed", "tests performed",
        "prueba", "pruebas", "examen", "examenes", "determinacion", "determinaciones", "analisis", "estudio",
        "parametro", "exame", "exames", "analise", "analises", "teste", "analyse", "analyses", "examen",
        "parametre", "esame", "esami", "analisi", "determinazione", "parametro", "untersuchung", "analyt",
        "bezeichnung", "pemeriksaan", "ujian", "jenis pemeriksaan", "parameter ujian", "onderzoek", "bepaling",
        "项目", "检验项目", "项目名称", "检查项目", "中文名称", "analito", "analita", "analit",
        "omschrijving", "naam bepaling",  # nl
        "badanie", "badania", "nazwa badania", "parametr", "oznaczenie", "nazwa parametru",  # pl
        "test adı", "test adi", "tetkik", "tetkik adı", "tetkikler", "parametre", "test ismi", "analiz",  # tr
        "vyšetření", "název vyšetření",  # cs
        "analiza", "analiză", "denumire analiză", "denumire", "parametru",  # ro
        "analys", "undersökning", "analysnamn",  # sv
        "исследование", "показатель", "тест", "наименование", "наименование исследования",  # ru
        "tên xét nghiệm", "xét nghiệm", "chỉ số", "tên chỉ số", "yêu cầu xét nghiệm",  # vi
        "undersøgelse", "analysenavn", "undersøkelse",  # da, no
    )),
    Role.RESULT: tuple(fold(w) for w in (
        "result", "results", "value", "values", "observed value", "observed", "your value", "your result", "reading",
        "finding", "findings", "result value", "patient value", "current", "current result",
        "resultado", "resultados", "valor", "valor obtenido", "resultat", "resultats", "valeur", "valeurs",
        "risultato", "risultati", "valore", "esito", "ergebnis", "befund", "wert", "messwert", "keputusan", "hasil",
        "hasil pemeriksaan", "resultado obtenido", "valeur mesurée", "in range", "within range", "normal result",
        "dentro de rango", "dentro del rango", "dans les normes", "nel range", "im normbereich", "dalam rentang",
        "current", "current result", "today", "actual", "resultado actual", "resultat actuel", "valeur actuelle",
        "aktuell", "aktueller wert", "risultato attuale", "terkini", "本次结果", "本次", "nella norma", "nei limiti",
        "en rango", "dentro da faixa", "dentro do intervalo", "范围内",
        "nilai", "uitslag", "resultaat", "结果", "检验结果", "测定结果", "结 果",
        "uitslagen", "waarde", "huidige uitslag", "binnen referentie", "uw waarde",  # nl
        "wynik", "wyniki", "wartość", "wynik badania", "wynik aktualny", "w normie", "twój wynik",  # pl
        "sonuç", "sonuçlar", "sonuç değeri", "değer", "sonucunuz", "normal sınırlarda",  # tr
        "výsledek", "hodnota", "vaše hodnota", "v normě",  # cs
        "rezultat", "rezultate", "valoare", "valoarea dvs.", "în limite",  # ro
        "svar", "värde", "ditt värde", "inom referens",  # sv
        "результат", "значение", "ваш результат", "в норме",  # ru
        "kết quả", "giá trị", "kết quả của bạn", "trong giới hạn",  # vi
        "værdi", "din værdi", "inden for reference", "verdi", "din verdi", "innenfor referanse",  # da, no
    )),
    Role.UNIT: tuple(fold(w) for w in (
        "unit", "units", "uom", "u.m.", "um", "unidad", "unidades", "unidade", "unite", "unites", "unita",
        "unità di misura", "unita di misura", "u. di misura", "unidad de medida", "unidade de medida",
        "unité de mesure", "maßeinheit", "masseinheit", "unit of measure", "satuan ukur",
        "unità", "einheit", "einh.", "satuan", "unit (si)", "eenheid", "单位", "单 位",
        "eenheden", "jednostka", "jedn.", "jednostki", "j.m.", "birim", "birimi",  # nl, pl, tr
        "jednotka", "jednotky", "unitate de măsură", "unitate", "unități", "enhet",  # cs, ro, sv
        "ед. изм.", "ед.изм.", "единицы", "единицы измерения", "ед.",  # ru
        "đơn vị", "đơn vị tính", "đvt", "enhed",  # vi, da, no ('enhet' as sv)
    )),
    Role.RANGE: tuple(fold(w) for w in (
        "reference", "reference range", "reference interval", "ref range", "ref. range", "ref interval",
        "ref. interval", "range", "normal range", "normal", "normale", "normali", "normal value", "normal values", "bio. ref. interval",
        "biological reference interval", "biological ref. interval", "bio. ref. range", "limits", "reference value",
        "reference values", "ref. value", "expected values", "references ranges", "references", "referencias",
        "valores de referencia", "valor de referencia", "referencia", "intervalo de referencia", "rango",
        "valores normales", "valores de referência", "referência", "intervalo de referência",
        "valeurs de reference", "valeur de reference", "intervalle de reference", "references", "normes",
        "valeurs normales", "valeurs usuelles", "valeurs de référence", "valeurs attendues", "normes usuelles",
        "valori di riferimento", "intervallo di riferimento", "riferimento", "v.r.", "valori normali", "val. rif.",
        "valori rif.", "val. riferimento", "v. rif.", "intervallo", "ref. values", "v. ref.", "v.ref.", "val. ref.",
        "valores ref.", "vr", "v.r", "vn", "v.n.", "ref.values", "ref. range",
        "valores usuales", "valores normais", "valores de referencia", "valores esperados", "intervalo biológico",
        "normalwerte", "referenzintervall", "nilai rujukan normal", "nilai referensi", "referensi", "harga normal",
        "low", "high", "lower limit", "upper limit", "lower", "upper", "min", "max", "minimum", "maximum", "von",
        "bis", "mín", "máx", "inf", "sup", "limite inferior", "limite superior", "límite inferior",
        "límite superior", "borne inférieure", "borne supérieure", "untergrenze", "obergrenze", "下限", "上限", "低值", "高值", "最低", "最高", "最低值", "最高值", "batas bawah", "batas atas", "inferior", "superior",
        "inférieur", "supérieur", "inferiore", "superiore", "maks", "maks.", "maksimum", "minimo", "massimo", "mínimo",
        "máximo", "unten", "oben",
        "nilai min", "nilai maks", "had bawah", "had atas", "limite inférieure", "limite supérieure",
        "limite inf.", "limite sup.", "lim. inf.", "lim. sup.", "unterer grenzwert", "oberer grenzwert",
        "referenzbereich", "referenzwerte", "normbereich", "normalbereich", "normwert", "nilai rujukan",
        "julat rujukan", "nilai normal", "rujukan", "referentiewaarden", "参考区间", "参考范围", "参考值", "正常值", "正常",
        "参 考 区 间",
        # nl
        "referentiewaarde", "referentie", "normaalwaarde", "normaalwaarden", "referentiegebied", "ref. waarde",
        "ref.waarden", "referentie-interval", "ondergrens", "bovengrens", "normaal",
        # pl
        "zakres referencyjny", "wartości referencyjne", "wartość referencyjna", "norma", "normy", "zakres normy",
        "przedział referencyjny", "wartości prawidłowe", "zakres ref.", "dolna granica", "górna granica",
        # tr
        "referans aralığı", "referans aralığı", "referans değerleri", "referans değeri", "referans", "ref. aralık",
        "referans aralık", "normal değerler", "normal aralık", "biyolojik referans aralığı", "alt sınır", "üst sınır",
        "alt limit", "üst limit", "alt değer", "üst değer",
        # cs
        "referenční meze", "referenční rozmezí", "ref. meze", "referenční interval", "dolní mez", "horní mez",
        # ro
        "interval de referință", "valori de referință", "valori normale", "interval biologic de referință",
        "limita inferioară", "limita superioară",
        # sv
        "referensintervall", "ref.intervall", "referensvärde", "referensvärden", "normalvärde", "undre gräns",
        "övre gräns",
        # ru
        "референсные значения", "норма", "референтный интервал", "референсный интервал", "нижняя граница",
        "верхняя граница", "мин.", "макс.", "мин", "макс",
        # vi
        "khoảng tham chiếu", "giá trị tham chiếu", "trị số bình thường", "csbt", "giá trị bình thường",
        "chỉ số bình thường", "tham chiếu", "bình thường", "giới hạn dưới", "giới hạn trên",
        # da, no
        "referenceinterval", "ref.interval", "referenceværdi", "normalområde", "nedre grænse", "øvre grænse",
        "referanseområde", "ref.område", "referanseverdi", "nedre grense", "øvre grense", "maks",
    )),
    Role.RESULT_OUT: tuple(fold(w) for w in (
        "out of range", "outside range", "out of ref range", "abnormal result", "abnormal results",
        "fuera de rango", "fuera del rango", "fora da faixa", "fora do intervalo", "hors normes", "hors limites",
        "fuori range", "fuori intervallo", "außerhalb", "ausserhalb", "pathologisch", "di luar rentang",
        "luar julat", "超出范围", "异常结果", "fuori norma", "fuori limiti", "范围外", "hors norme",
        "buiten referentie", "poza normą", "normal dışı",  # nl, pl, tr
        "mimo normu", "în afara limitelor", "utanför referens",  # cs, ro, sv
        "вне нормы",  # ru
        "ngoài giới hạn", "uden for reference", "utenfor referanse",  # vi, da, no
    )),
    Role.FLAG: tuple(fold(w) for w in (
        "flag", "flags", "status", "abnormal", "remark", "remarks", "interpretation", "indicator", "h/l",
        "estado", "marca", "indicador", "alerta", "statut", "indicateur", "stato", "segnalazione", "kennzeichen",
        "bewertung", "tanda", "keterangan", "catatan", "status hasil", "提示", "标志", "状态", "kennz", "kennz.",
        "anormal", "alterado", "anormale", "auffällig", "异常",
        "alert", "alarm", "note", "nota", "marque", "segno", "indikator", "abn", "abnormal flag", "sinal", "sinalizador",
        "signal", "señal", "signe", "segnale", "tanda", "alerte",
        "vlag", "markering", "afwijking", "afwijkend",  # nl
        "flaga", "znacznik", "ocena", "interpretacja", "nieprawidłowe",  # pl
        "uyarı", "işaret", "durum", "yorum", "anormal",  # tr
        "příznak", "hodnocení", "patologické",  # cs
        "semnalizare", "interpretare",  # ro
        "flagga", "bedömning", "avvikande",  # sv
        "отметка", "флаг", "оценка", "комментарий", "отклонение",  # ru
        "cờ", "đánh giá", "nhận xét", "bất thường",  # vi
        "vurdering", "afvigende", "flagg", "avvikende",  # da, no
    )) + HIGH_LOW_TITLES,
    Role.METHOD: tuple(fold(w) for w in (
        "method", "methods", "methodology", "technology", "technique", "metodo", "metodologia", "metodo",
        "methode", "technique", "methodik", "metode", "kaedah", "方法", "检测方法", "messverfahren", "verfahren",
        "messmethode", "metodología", "metodologia", "méthodologie", "metodica", "analyser", "analyzer",
        "técnica", "tecnica", "técnica analítica", "tecnologia", "tecnología", "teknik",
        "instrument", "gerät", "equipo", "equipamento", "appareil", "strumento", "alat",
        "meetmethode", "metoda", "yöntem", "metot", "metod", "metodă", "метод",  # nl, pl, tr, cs, ro, sv, ru
        "phương pháp",  # vi
    )),
    Role.PREVIOUS: tuple(fold(w) for w in (
        "previous", "previous result", "last result", "prior", "prior result", "history", "anterior",
        "antériorités", "antériorité", "ancien résultat", "resultado anterior", "valore precedente", "vorwert",
        "resultado anterior", "precedent", "precedente", "vorwert", "vorbefund", "sebelumnya", "上次结果", "hasil lalu",
        "lalu", "hasil sebelumnya", "keputusan lepas", "lepas",
        "vorige uitslag", "vorige", "eerdere uitslag", "poprzedni wynik", "wynik poprzedni", "poprzedni",  # nl, pl
        "önceki sonuç", "önceki",  # tr
        "předchozí výsledek", "předchozí", "rezultat anterior", "föregående", "tidigare resultat",  # cs, ro, sv
        "предыдущий результат", "предыдущий",  # ru
        "kết quả trước", "lần trước", "forrige", "tidligere resultat",  # vi, da, no
    )),
    Role.OTHER: tuple(fold(w) for w in (
        "specimen", "sample", "sample type", "code", "loinc", "comment", "comments", "muestra", "amostra",
        "echantillon", "campione", "material", "probe", "spesimen", "sampel", "标本", "样本", "abbr", "abbr.",
        "abbreviation", "kürzel", "kurzel", "abk.", "código", "codigo", "codice", "kode", "代码", "缩写", "英文缩写", "代号",
        "validated", "validiert", "validado", "validé", "validato", "divalidasi", "verified", "审核",
        "tube", "röhrchen", "tubo", "tabung", "freigabe", "freigegeben",
        "validation", "validación", "validação", "validazione", "technischer", "signature", "espécimen", "liberado",
        "released", "reported", "liberación", "liberação", "libéré", "rilasciato", "dilepas", "disahkan",
        "especimen", "tipo de muestra", "matériel", "prélèvement", "materiale", "jenis spesimen", "bahan",
        "materiaal", "monster", "materiał", "próbka", "kod", "numune", "numune türü", "örnek",  # nl, pl, tr
        "materiál", "vzorek", "kód", "probă", "produs biologic", "tip probă", "cod", "provmaterial",  # cs, ro, sv
        "биоматериал", "материал", "образец", "код",  # ru
        "mã", "bệnh phẩm", "loại mẫu", "mẫu", "ghi chú", "prøvemateriale", "prøve", "materiale", "kode",  # vi, da, no
    )),
    # A measurement-uncertainty column: the letter U with its coverage factor or the sign ('U (k=2)', '± U'),
    # or the word (lone 'U' is a unit, never a title).
    Role.UNCERTAINTY: tuple(fold(w) for w in (
        *(f"{u} ({k})" for u in ("u", *(f"{sign}{s}u" for sign in UNCERTAINTY_SIGNS for s in (" ", "")))
          for k in COVERAGE_FACTORS),
        *(f"u({k})" for k in COVERAGE_FACTORS),
        *(f"{sign}{s}u" for sign in UNCERTAINTY_SIGNS for s in (" ", "")),
        "uncertainty", "measurement uncertainty", "expanded uncertainty", "incertidumbre",
        "incertidumbre de medida", "incerteza", "incerteza de medição", "incertitude", "incertitude de mesure",
        "incertezza", "incertezza di misura", "messunsicherheit", "unsicherheit", "ketidakpastian", "不确定度",
        "测量不确定度", "meetonzekerheid", "niepewność", "belirsizlik", "nejistota", "incertitudine",
        "mätosäkerhet", "неопределенность", "độ không đảm bảo đo", "usikkerhed", "måleusikkerhed", "usikkerhet",
        "måleusikkerhet",
    )),
}
# A header needs at least this many role hits and a result column (or a name and a range column).
HEADER_MIN_ROLES = 2

# Two adjacent titles that split the results by whether they are in range ('NORMAL' | 'ANORMAL', the
# US reference-lab 'In Range' | 'Out Of Range' layout): the first is the result column, the second the result
# column for values out of range. Alone, 'Normal' titles a range column and 'Abnormal' a flag column.
IN_RANGE_TITLES = frozenset(fold(w) for w in (
    "normal", "normale", "normali", "normaux", "normales", "normais", "in range", "within range", "dentro de rango", "en rango", "dentro da faixa", "dans les normes",
    "nella norma", "nei limiti", "im normbereich", "dalam rentang", "dalam julat", "范围内", "正常", "normal result",
    "binnen referentie", "normaal", "w normie", "prawidłowe", "normal sınırlarda",  # nl, pl, tr
    "v normě", "în limite", "inom referens", "в норме",  # cs, ro, sv, ru
    "trong giới hạn", "bình thường", "inden for reference", "innenfor referanse",  # vi, da, no
))
OUT_OF_RANGE_TITLES = frozenset(fold(w) for w in (
    "abnormal", "anormal", "alterado", "alterada", "anormale", "pathologisch", "auffällig", "out of range",
    "outside range", "fuera de rango", "fora da faixa", "hors normes", "fuori norma", "fuori limiti", "außerhalb",
    "di luar rentang", "luar julat", "范围外", "异常", "abnormal result",
    "buiten referentie", "afwijkend", "poza normą", "nieprawidłowe", "normal dışı",  # nl, pl, tr
    "mimo normu", "patologické", "în afara limitelor", "patologic", "utanför referens", "avvikande",  # cs, ro, sv
    "вне нормы", "отклонение",  # ru
    "ngoài giới hạn", "bất thường", "uden for reference", "afvigende", "utenfor referanse", "avvikende",  # vi, da, no
) + HIGH_LOW_TITLES)
# The same words as a status column's values ('Dentro da faixa' / 'Fora da faixa', 'Im Normbereich' / 'Außerhalb'):
# in range is normal, out of range a flag whose direction the interval gives.
FLAG_WORDS.update({w: Flag.NORMAL for w in IN_RANGE_TITLES if w not in FLAG_WORDS})
FLAG_WORDS.update({w: Flag.ABNORMAL for w in OUT_OF_RANGE_TITLES - set(HIGH_LOW_TITLES) if w not in FLAG_WORDS})
MULTIWORD_FLAGS = sorted((k for k in FLAG_WORDS if " " in k), key=lambda k: -len(k.split()))

# Month names and abbreviations in dates printed as column titles ('20-Feb-2024'), folded, by month number.
MONTHS: dict[str, int] = {fold(name): k for k, names in enumerate((
    ("jan", "january", "ene", "enero", "janeiro", "janv", "janvier", "gen", "gennaio", "januar", "jän", "januari",
     "sty", "stycznia", "styczeń", "oca", "ocak", "leden", "ledna", "ianuarie", "ian", "января", "январь", "янв"),
    ("feb", "february", "febrero", "fev", "fevereiro", "févr", "fevr", "février", "febbraio", "februar", "februari",
     "peb", "lut", "lutego", "luty", "şub", "şubat", "únor", "února", "februarie", "февраля", "февраль", "фев"),
    ("mar", "march", "marzo", "março", "mars", "mär", "märz", "maret",
     "mrt", "maart", "marca", "marzec", "mart", "březen", "března", "martie", "marts", "марта", "март", "мар"),
    ("apr", "april", "abr", "abril", "avr", "avril", "aprile",
     "kwi", "kwietnia", "kwiecień", "nis", "nisan", "duben", "dubna", "aprilie", "апреля", "апрель", "апр"),
    ("may", "mayo", "mai", "maio", "mag", "maggio", "mei",
     "maj", "maja", "mayıs", "květen", "května", "мая", "май"),
    ("jun", "june", "junio", "junho", "juin", "giu", "giugno", "juni",
     "cze", "czerwca", "czerwiec", "haz", "haziran", "červen", "června", "iunie", "iun", "июня", "июнь", "июн"),
    ("jul", "july", "julio", "julho", "juil", "juillet", "lug", "luglio", "juli",
     "lip", "lipca", "lipiec", "tem", "temmuz", "červenec", "července", "iulie", "iul", "июля", "июль", "июл"),
    ("aug", "august", "ago", "agosto", "août", "aout", "agu", "agt", "agustus",
     "sie", "sierpnia", "sierpień", "ağu", "ağustos", "srpen", "srpna", "augusti", "августа", "август", "авг"),
    ("sep", "sept", "september", "septiembre", "set", "setembro", "septembre", "settembre",
     "wrz", "września", "wrzesień", "eyl", "eylül", "září", "septembrie", "сентября", "сентябрь", "сен"),
    ("oct", "october", "octubre", "out", "outubro", "octobre", "ott", "ottobre", "okt", "oktober",
     "paź", "października", "październik", "eki", "ekim", "říjen", "října", "octombrie", "октября", "октябрь", "окт"),
    ("nov", "november", "noviembre", "novembro", "novembre", "nop", "nopember",
     "lis", "listopada", "listopad", "kas", "kasım", "listopadu", "noiembrie", "noi", "ноября", "ноябрь", "ноя"),
    ("dec", "december", "dic", "diciembre", "dez", "dezembro", "déc", "decembre", "décembre", "dicembre",
     "dezember", "des", "desember", "gru", "grudnia", "grudzień", "ara", "aralık", "prosinec", "prosince", "decembrie", "декабря", "декабрь", "дек"),
), start=1) for name in names}

# Seconds, a unit only right after a value ('11.5 s'): clotting times.
SECONDS = frozenset(fold(w) for w in ("s", "sec", "sec.", "seg", "seg.", "sek", "sek.", "detik", "秒", "sn", "sn.", "сек",
                                      "сек.", "с"))

# A unit printed inside the name cell, where a report has no unit column: 'Hemoglobin (g/dL)', 'Hämoglobin [g/l]',
# 'Glucose, mmol/L', 'Urea - mmol/L'. The brackets around it, and the separators before an unbracketed one.
NAME_UNIT_BRACKETS: tuple[tuple[str, str], ...] = (("(", ")"), ("[", "]"), ("（", "）"))
NAME_UNIT_SEPARATORS: tuple[str, ...] = (", ", " - ", " – ", " / ")
# Unit atoms that are also ordinary words of a name ('A/G ratio', 'Mentzer index'): never split off a name.
# Words that join a phrase to what follows ('Valeurs de' / 'référence', 'Unità di' / 'misura'): a title or a name
# that ends in one goes on, on the next line.
JOINING_WORDS = frozenset(("of", "and", "de", "di", "del", "della", "dei", "y", "e", "du", "des", "und", "dan", "da",
                           "do", "dos", "das", "der", "van", "voor", "för", "og", "och"))
# Footnote and accreditation marks printed after a test's name ('Ferritin ‡': not accredited), never part of it.
NAME_NOTE_MARKS = "‡§^†¹²³⁴⁵⁶⁷⁸⁹⁰"
# Superscript digits glued to a value are a footnote's number ('5.2¹'), never digits of the value.
SUPERSCRIPT_DIGITS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
# Decimal marks some reports print instead of the point: the raised (middle) dot of British typesetting ('13·2').
# Between two digits they read as the point; anywhere else they are what they are (leaders, separators).
RAISED_DECIMAL_POINTS = "·"

# Units written out in words in a 'Units' column ('grams per deciliter', 'thousand per microliter', 'percent'): each
# word or two-word phrase and the symbol the unit grammar reads it as (units.spelled_unit). A text is a unit only when
# every word of it is one of these and it reads as a unit as a whole ('grams' alone is not one, 'per' joins two).
UNIT_WORDS: dict[str, str] = {
    "per": "/", "percent": "%", "per cent": "%",
    **{f"{w}{s}": sym for w, sym in (("gram", "g"), ("milligram", "mg"), ("microgram", "ug"), ("nanogram", "ng"),
                                     ("picogram", "pg"), ("mole", "mol"), ("millimole", "mmol"), ("micromole", "umol"),
                                     ("nanomole", "nmol"), ("picomole", "pmol"), ("milliequivalent", "meq"),
                                     ("unit", "u"), ("international unit", "iu"), ("cell", "cells"))
       for s in ("", "s")},
    **{f"{w}{e}{s}": sym for w, sym in (("lit", "l"), ("decilit", "dl"), ("millilit", "ml"), ("microlit", "ul"),
                                        ("nanolit", "nl"), ("picolit", "pl"), ("femtolit", "fl"),
                                        ("cubic millimet", "mm3"), ("millimet", "mm"))
       for e in ("er", "re") for s in ("", "s")},
    "hour": "h", "hours": "h", "thousand": "thousand", "thousands": "thousand", "million": "million",
    "millions": "million", "billion": "billion", "trillion": "trillion",
}

NAME_WORD_UNITS = frozenset({"ratio", "index", "indice", "índice", "rasio", "quoziente", "quotient"})

# Words a qualitative result is printed in (never a test's name, e.g. in a card's name position).
QUALITATIVE_RESULTS = frozenset(fold(w) for w in (
    "negative", "positive", "non-reactive", "nonreactive", "reactive", "not detected", "detected",
    "negativo", "negativa", "positivo", "positiva", "no reactivo", "reactivo", "não reagente", "reagente",
    "négatif", "négative", "positif", "positive", "non réactif", "negativ", "positiv", "nicht reaktiv",
    "non reattivo", "reattivo", "negatif", "non reaktif", "reaktif", "阴性", "阳性",
    "negatief", "positief", "ujemny", "ujemne", "ujemna", "dodatni", "dodatnie", "pozitif", "negativní", "pozitivní",
    "pozitiv", "отрицательно", "положительно", "отрицательный", "положительный", "не обнаружено",
    "âm tính", "dương tính",
))

# Qualitative readings that say a test found nothing ('Negative', 'Non-reactive', 'Not detected'), folded: printed
# as the reference of an index or a titre ('HBsAg  0.31  S/CO  Negative'), they are no interval and no flag.
NEGATIVE_RESULTS = frozenset(fold(w) for w in (
    "negative", "non-reactive", "non reactive", "nonreactive", "not detected", "not reactive", "negativo", "negativa",
    "no reactivo", "não reagente", "nao reagente", "não reativo", "négatif", "négative", "non réactif", "negativ",
    "nicht reaktiv", "non reattivo", "negatif", "non reaktif", "tidak reaktif", "阴性", "negatief", "niet reactief",
    "ujemny", "ujemne", "ujemna", "negatywny", "negativní", "отрицательно", "отрицательный", "не обнаружено",
    "âm tính",
))


# Words that label an interval by population ('Adults: 4.0 - 11.0', 'Children: 5.0 - 14.5', 'Pregnancy: …',
# 'Newborns: …'), folded, by what they say of the patient: an adult's interval, a child's or a newborn's, one for
# pregnancy (a report never says the patient is pregnant: never taken while another interval is printed).
# Sources: the words as printed before intervals on laboratory reports of those languages (reference cells that
# list paediatric and pregnancy intervals beside the adult one). Words of several words are matched word by word.
POPULATION_WORDS: dict[str, str] = {
    **{fold(w): "adult" for w in (
        "adult", "adults", "adulto", "adultos", "adulta", "adultas", "adulte", "adultes", "adulti", "erwachsene",
        "erwachsener", "dewasa", "成人", "volwassenen", "volwassene", "dorośli", "dorosły", "yetişkin", "yetişkinler",
        "dospělí", "dospělý", "adulți", "adult", "vuxna", "vuxen", "взрослые", "người lớn", "voksne", "voksen",
    )},
    **{fold(w): "child" for w in (
        "child", "children", "paediatric", "pediatric", "kids", "niños", "niño", "niñas", "pediátrico", "pediatría",
        "crianças", "criança", "pediátrica", "enfants", "enfant", "pédiatrique", "bambini", "bambino", "pediatrica",
        "età pediatrica", "kinder", "kind", "anak", "anak-anak", "儿童", "小儿", "kinderen", "dzieci", "çocuk",
        "çocuklar", "děti", "copii", "barn", "дети", "trẻ em", "børn",
    )},
    **{fold(w): "newborn" for w in (
        "newborn", "newborns", "neonate", "neonates", "neonatal", "infant", "infants", "recién nacidos",
        "recién nacido", "neonatos", "recém-nascidos", "recém-nascido", "nouveau-nés", "nouveau-né", "neonati",
        "neonato", "neugeborene", "säuglinge", "bayi", "bayi baru lahir", "neonatus", "新生儿", "pasgeborenen",
        "noworodki", "yenidoğan", "novorozenci", "nou-născuți", "nyfödda", "новорожденные", "trẻ sơ sinh",
        "nyfødte",
    )},
    **{fold(w): "pregnancy" for w in (
        "pregnancy", "pregnant", "trimester", "embarazadas", "embarazada", "embarazo", "gestantes", "gestante",
        "gravidez", "grossesse", "enceinte", "enceintes", "gravidanza", "gestanti", "schwangere", "schwangerschaft",
        "trimenon", "hamil", "kehamilan", "孕妇", "妊娠", "妊娠期", "孕期", "zwangeren", "zwangere", "zwangerschap",
        "ciąża", "ciąży", "ciężarne", "gebelik", "gebe", "hamile", "těhotné", "těhotenství", "gravide", "sarcină",
        "gravida", "graviditet", "беременные", "беременность", "có thai", "thai kỳ", "svangerskap", "trimestre",
        "trimestr", "триместр",
    )},
}

_POPULATION_PHRASE = max(len(k.split()) for k in POPULATION_WORDS)


@lru_cache(maxsize=4096)
def population_of(label: str | None) -> frozenset[str]:
    """What a range's label says of the population it is for ('Adults:' -> adult, 'Pregnant women' -> pregnancy),
    empty for other labels."""
    if not label:
        return frozenset()
    words = [w.strip("()[]:;,.") for w in fold(label).split()]
    return frozenset(POPULATION_WORDS[p] for n in range(1, _POPULATION_PHRASE + 1)
                     for p in (" ".join(words[i:i + n]) for i in range(len(words) - n + 1)) if p in POPULATION_WORDS)


# Words of an age after a number ('18-49 years: 0.60 - 1.20', '≥ 50 J.: ...'): an age band's label, not an interval.
AGE_UNITS = frozenset(fold(w) for w in (
    "y", "yr", "yrs", "year", "years", "a", "años", "anos", "ans", "anni", "j", "j.", "jahre", "tahun", "jaar", "lat",
    "lata", "yaş", "let", "ani", "år", "лет", "года", "岁", "tuổi",
))

# What a count 'per 100' is of, after '/100' in a unit ('NRBC  0.4  /100 WBC', '/100 Leukozyten'): nucleated red
# cells and other cells counted on the smear against 100 white cells.
PER_HUNDRED_CELLS = frozenset(fold(w) for w in (
    "wbc", "wbcs", "leukocytes", "leucocytes", "white cells", "leukozyten", "leukos", "leucocitos", "leucócitos", "leucociti",
    "leucocytes", "globules blancs", "gb", "lekosit", "leukosit", "leukocytów", "lökosit", "лейкоцитов", "白细胞",
))


# Labels of decision bands printed as a test's reference ('Deficiency: < 20' / 'Insufficiency: 20 - 29' /
# 'Sufficiency: 30 - 100', 'Normal: 70 - 99' / 'Prediabetes: 100 - 125', 'Desirable: < 200' / 'High: >= 240'), folded,
# by whether a value inside the band is in range ("normal") or not ("abnormal"). With several bands printed the
# interval is the in-range band, wherever it stands (vitamin D and B12 print the deficient band first). Whole
# labels only: 'Near optimal' is not 'Optimal'. Sources: the band labels of vitamin D, B12, lipid, glucose and
# HbA1c reference cells (Endocrine Society 2011 vitamin D bands, NCEP ATP III lipid bands, ADA glucose / HbA1c
# categories) as laboratories of these languages print them.
BAND_LABELS: dict[str, str] = {
    **{fold(w): "normal" for w in (
        "normal", "desirable", "optimal", "optimum", "ideal", "sufficiency", "sufficient", "adequate", "recommended",
        "non-diabetic", "non diabetic", "nondiabetic", "non-diabetic level", "normal range", "healthy",
        "deseable", "óptimo", "óptima", "suficiencia", "suficiente", "adecuado", "no diabético",
        "desejável", "ótimo", "ótima", "suficiência", "adequado", "souhaitable", "suffisance", "suffisant",
        "valeur souhaitable", "desiderabile", "ottimale", "sufficienza", "sufficiente", "adeguato",
        "wünschenswert", "ausreichend", "suffizienz", "cukup", "diinginkan", "optimaal", "wenselijk", "voldoende",
        "pożądane", "optymalne", "wystarczające", "istenen", "yeterli", "optimální", "dostatečná", "оптимально",
        "норма", "достаточно", "tối ưu", "bình thường", "normale", "normaal", "normalny", "normální", "正常", "充足",
        "适宜", "理想",
    )},
    **{fold(w): "abnormal" for w in (
        "deficiency", "deficient", "severe deficiency", "insufficiency", "insufficient", "inadequate", "toxicity",
        "toxic", "potential toxicity", "possible toxicity", "intoxication", "high", "low", "very high", "very low",
        "borderline", "borderline high", "borderline low", "near optimal", "above optimal", "elevated",
        "prediabetes", "pre-diabetes", "prediabetic", "pre-diabetic", "diabetes", "diabetic", "high risk",
        "increased risk", "deficiencia", "insuficiencia", "toxicidad", "alto", "límite", "limítrofe",
        "riesgo", "deficiência", "insuficiência", "toxicidade", "carence", "insuffisance", "toxicité", "élevé",
        "limite", "carenza", "insufficienza", "tossicità", "elevato", "mangel", "schwerer mangel",
        "insuffizienz", "toxisch", "erhöht", "grenzwertig", "defisiensi", "kurang", "insufisiensi", "tinggi",
        "tekort", "deficiëntie", "onvoldoende", "verhoogd", "niedobór", "niedostateczne", "eksiklik",
        "yetersizlik", "yetersiz", "nedostatek", "дефицит", "недостаточность", "недостаточно", "thiếu",
        "bajo", "baja", "alta", "baixo", "baixa", "bas", "basse", "haut", "élevée", "basso", "bassa", "elevata",
        "niedrig", "hoch", "rendah", "toksisitas", "toksik", "laag", "hoog", "niski", "wysoki", "düşük", "yüksek",
        "nízký", "vysoký", "низкий", "высокий", "thấp", "cao", "偏低", "偏高", "缺乏", "不足", "中毒", "过量", "降低",
        "升高",
    )},
}


def band_of(label: str | None) -> str | None:
    """Whether a band's label says its values are in range ('Sufficiency:' -> 'normal') or not ('Deficiency:' ->
    'abnormal'); None for any other label."""
    if not label:
        return None
    return BAND_LABELS.get(" ".join(fold(label).strip(" :;,.()[]").split()))


# Tests whose two unit systems are two results by convention (HbA1c: NGSP % and IFCC mmol/mol, two scales that
# reports must print both of), unlike a plain conversion ('0,95 g/L  5,27 mmol/L'), which is one result printed twice.
TWO_SCALE_TESTS = frozenset({"hba1c"})

# --------------------------------------------------------------------------- other line kinds

# First words of lines that are never a result (labels of the patient header, footers, addresses...).
NON_RESULT_LABELS = frozenset(fold(w) for w in (
    "page", "pg.", "tel", "tel.", "telp", "telp.", "telephone", "phone", "mobile", "fax", "age", "dob", "date",
    "time", "reg", "reg.", "regn", "no", "no.", "ref", "ref.", "sid", "id", "mrn", "uhid", "invoice", "bill",
    "receipt", "amount", "qty", "quantity", "price", "subtotal", "sub-total", "tax", "vat", "gst", "balance",
    "discount", "report", "sample", "specimen", "collected", "received", "printed", "patient", "name", "doctor",
    "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sex", "gender", "address", "email", "e-mail", "barcode",
    "order", "accession", "client", "passport", "ic", "card", "verification", "scan", "note", "notes", "comment",
    "comments", "interpretation", "method", "source", "step", "item", "s.no", "s.no.", "sr", "sr.", "sl", "serial",
    "year", "years", "day", "days", "week", "weeks", "month", "months", "hours", "visit", "room", "bed", "ward",
    "floor", "suite", "street", "road", "blvd", "avenue", "jalan", "jl", "jln", "pin", "zip", "po", "box", "block",
    "sector", "plot", "lot", "batch", "kit", "instrument", "analyzer", "analyser", "version", "rev", "copy",
    "generated", "authorised", "authorized", "approved", "verified", "signature", "cost", "fee", "fees", "usd",
    "rs", "rs.", "eur", "$", "€", "£", "total:", "lab", "laboratory", "hospital", "clinic", "unit", "units",
    "figure", "fig", "table", "section", "chapter", "vol", "issue", "reference", "ref:", "nabl", "iso", "cap",
    "certificate", "license", "licence", "www", "http", "https", "copyright", "data", "fecha", "edad", "eta",
    "età", "sesso", "sexo", "paziente", "paciente", "richiesta", "referto", "medico", "tipo", "numero", "codice",
    "dott", "dott.", "dra", "dra.", "collection", "registered", "reported", "released", "dated", "account",
    "loinc", "loinc:", "cpt", "icd", "nº", "n°", "no:", "método", "metodo", "methode", "méthode", "methodik",
    "metode", "muestra", "amostra", "échantillon", "campione", "probe", "material", "spesimen", "sampel",
    "geburtsdatum", "datum", "alter", "geschlecht", "adresse", "telefon", "seite", "página", "pagina", "halaman",
    "tarikh", "tanggal", "umur", "usia", "jantina", "kelamin", "nama", "nom", "prénom", "né", "née", "âge",
    "sexe", "nome", "cognome", "nascita", "idade", "nascimento", "endereço", "direccion", "dirección",
    "teléfono", "telefone", "médico", "medecin", "médecin", "arzt", "doktor", "dokter", "pengirim",
    "specimen:", "sample:", "method:", "instrument:", "analyzer:", "laboratorium", "laboratorio", "laboratoire",
    "labor", "klinik", "clinica", "clínica", "clinique", "hospital", "hôpital", "ospedale", "krankenhaus",
    "rumah", "centro", "centre", "center", "institut", "instituto", "istituto", "poliklinik", "医院", "检验科",
    # nl
    "naam", "patiënt", "patiëntnummer", "geboortedatum", "geb.", "leeftijd", "geslacht", "adres", "telefoon",
    "arts", "huisarts", "aanvrager", "pagina", "blz.", "afname", "afnamedatum", "ontvangen", "materiaal",
    "monster", "aanvraagnummer", "laboratorium", "ziekenhuis", "opmerking", "bsn", "meetmethode", "portal",
    # pl
    "imię", "nazwisko", "pacjent", "pesel", "wiek", "płeć", "adres", "lekarz", "zleceniodawca", "strona",
    "pobrano", "pobranie", "materiał", "próbka", "szpital", "uwaga", "uwagi", "komentarz", "nr", "nr:",
    # tr
    "adı", "soyadı", "yaş", "yaşı", "cinsiyet", "cinsiyeti", "tarih", "tarihi", "doğum", "adres",
    "telefon", "doktor", "hekim", "sayfa", "numune", "protokol", "barkod", "t.c.", "kimlik", "laboratuvar",
    "hastane", "hastanesi", "not:", "açıklama", "onay", "onaylayan",
    # cs
    "jméno", "příjmení", "pacient", "rodné", "číslo", "narození", "věk", "pohlaví", "adresa", "lékař", "strana", "odběr",
    "materiál", "vzorek", "pojišťovna", "ičo", "poznámka", "komentář", "nemocnice", "laboratoř",
    # ro
    "nume", "prenume", "cnp", "vârsta", "vârstă", "medic", "recoltat", "recoltare", "probă", "laborator", "spital",
    "spitalul", "observație", "observații", "comentariu",
    # sv
    "namn", "personnummer", "födelsedatum", "ålder", "kön", "adress", "remittent", "beställare", "sida",
    "provtaget", "provtagningsdatum", "svarsdatum", "provmaterial", "kommentar", "sjukhus",
    # ru
    "ф.и.о.", "фио", "пациент", "пациента", "рождения", "возраст", "пол", "дата", "адрес", "врач", "телефон", "страница",
    "биоматериал", "материал", "лаборатория", "больница", "полис", "номер", "комментарий", "примечание", "лицензия",
    # vi (never 'số', the first word of 'Số lượng bạch cầu')
    "họ", "tên", "tuổi", "giới", "giới tính", "ngày", "địa chỉ", "bác sĩ", "bs", "bs.", "mã", "trang", "khoa",
    "bệnh viện", "ghi chú", "lưu ý", "điện thoại", "đt", "bệnh phẩm", "người", "phiếu",
    # da, no
    "navn", "cpr", "cpr-nr.", "alder", "køn", "kjønn", "fødselsdato", "fødselsnummer", "adresse", "rekvirent",
    "side", "prøvetagningstid", "svardato", "prøvetatt", "besvart", "kommentar", "bemærk", "merk", "sygehus",
    "sykehus", "prøvenummer", "pasient", "pas.nr", "prøvetakingstid", "lege", "læge", "telefon", "tlf.",
))
# Body measurements and vital signs printed near the results (a check-up's 'BMI: 27.4 kg/m²', 'Pulse: 72 /min',
# 'Blutdruck: 128/84 mmHg'): no laboratory results. Whole names, folded, in the eight languages.
VITAL_SIGNS = frozenset(fold(w) for w in (
    "bmi", "body mass index", "pulse", "pulse rate", "heart rate", "hr", "blood pressure", "bp", "systolic",
    "diastolic", "weight", "body weight", "height", "waist", "waist circumference", "hip", "temperature",
    "body temperature", "respiratory rate", "spo2", "oxygen saturation",
    # the conditions a blood gas was drawn under (printed above its results): inspired O2 and the patient's temperature
    "fio2", "fi o2", "inspired o2", "inspired oxygen", "patient temperature", "patient temp", "temp", "t patient",
    "temperatura del paciente", "temperatura do paciente", "temperature du patient", "temperatura paziente",
    "temperatura del paziente", "patiententemperatur", "suhu pasien", "患者体温",
    "peso", "talla", "estatura", "imc", "pulso", "frecuencia cardiaca", "presion arterial", "tension arterial",
    "ta", "cintura", "perimetro abdominal", "perimetro de cintura", "temperatura", "altura",
    "pressao arterial", "frequencia cardiaca", "circunferencia abdominal",
    "poids", "taille", "pouls", "frequence cardiaque", "tour de taille", "pression arterielle",
    "altezza", "polso", "frequenza cardiaca", "pressione arteriale", "circonferenza vita", "circonferenza addominale",
    "gewicht", "korpergewicht", "grosse", "korpergrosse", "puls", "herzfrequenz", "blutdruck", "rr",
    "bauchumfang", "taillenumfang", "korpertemperatur",
    "berat badan", "tinggi badan", "imt", "nadi", "tekanan darah", "lingkar pinggang", "suhu", "suhu tubuh",
    "身高", "体重", "体重指数", "脉搏", "心率", "血压", "腰围", "体温",
    "lengte", "bloeddruk", "hartslag", "buikomvang", "temperatuur",  # nl
    "waga", "wzrost", "ciśnienie tętnicze", "ciśnienie", "tętno", "obwód pasa", "temperatura ciała",  # pl
    "kilo", "boy", "vücut ağırlığı", "tansiyon", "kan basıncı", "nabız", "bel çevresi", "ateş",  # tr
))
# A value in hours is the patient's fasting time or a collection interval ('Fasting: 12 hrs'; 'Fasting' alone
# also names a fasting glucose in mg/dL), never a blood result. Folded units.
HOUR_UNITS = frozenset(fold(w) for w in (
    "h", "hr", "hrs", "hour", "hours", "std", "std.", "stunden", "hora", "horas", "heure", "heures", "ore", "jam",
    "小时", "uur", "godz", "godz.", "godzin", "saat", "hod", "hod.", "hodin", "ore", "tim", "timmar", "giờ", "timer", "ч", "час", "часов",
))
# Words that make a line a sentence rather than a test name (folded: rows.py compares folded words).
PROSE_WORDS = frozenset(fold(w) for w in {
    "is", "are", "was", "were", "your", "you", "our", "we", "which", "that", "this", "these", "those", "has", "have",
    "had", "been", "should", "please", "may", "can", "will", "would", "could", "must", "detected", "recommended",
    "advised", "daily", "weekly", "due", "because", "if", "when", "than", "then", "consult", "call", "visit",
    "take", "taking", "suggest", "suggests", "indicates", "indicate", "shows", "shown", "per", "it", "its", "they",
    "their", "there", "who", "whom", "what",
    "es", "son", "su", "sus", "debe", "puede", "recomienda", "sugiere", "usted", "para", "que", "está",
    "seu", "sua", "deve", "pode", "você", "est", "sont", "votre", "vos", "doit", "peut", "il", "elle", "sono",
    "può", "ist", "sind", "ihr", "ihre", "sollte", "kann", "wird", "anda", "adalah", "harus", "dapat",
    "boleh", "ini", "itu", "yang",
    "het", "een", "wordt", "worden", "zijn", "uw", "graag", "moet", "kunnen", "bij",  # nl
    "jest", "są", "należy", "może", "oraz", "przy", "dla", "lub",  # pl
    "için", "ile", "ve", "bir", "bu", "olan", "olarak", "gibi", "daha", "hedefi", "hedef", "önerilir",  # tr
    "je", "jsou", "nutno", "při", "nebo", "byla", "byl", "bylo", "dne",  # cs
    "este", "sunt", "trebuie", "pentru", "sau", "fost",  # ro
    "är", "ska", "bör", "och", "vid", "var",  # sv
    "là", "và", "của", "được", "cần", "với", "này", "các", "những", "nên", "phù hợp", "xin",  # vi
    "er", "skal", "bør", "og", "ved", "må",  # da, no
    "wyniosło", "wyniósł", "olup",  # pl, tr (the letters' 'was')
    "составил", "составила", "составляло", "следует", "является", "для", "при",  # ru
})
# Method / technique words printed in a column or on a line of their own.
METHOD_WORDS = frozenset({
    "photometry", "photometric", "calculated", "calculation", "derived", "impedance", "electrical", "hplc", "clia",
    "eclia", "cmia", "elisa", "immunoturbidimetry", "immunoturbidimetric", "turbidimetry", "nephelometry",
    "colorimetric", "colorimetry", "enzymatic", "spectrophotometry", "spectrophotometric", "cytometry", "flow",
    "ise", "kinetic", "ifcc", "jaffe", "uricase", "microscopy", "westergren", "automated", "chemiluminescence",
    "cli", "ria", "potentiometry", "potentiometric", "biuret", "bcg", "bromocresol", "green", "diazo", "gop-pap",
    "god-pod", "chod-pap", "chod-pod", "gpo-pap", "hexokinase", "coulter", "sls", "cyanmeth",
    "electrochemiluminescence", "immunoassay", "turbidimetric", "method", "technology", "calc", "calculado",
    "calculé", "calcolato", "berechnet", "dihitung", "fotometria", "colorimetria", "enzimatico", "enzymatique",
    "enzymatisch", "impedancia", "citometria", "cytométrie", "durchflusszytometrie",
})
# Method words that never belong to a test name (a method column printed before the value).
STRONG_METHOD_WORDS = frozenset({
    "calculated", "calc", "photometry", "photometric", "hplc", "clia", "eclia", "cmia", "elisa",
    "immunoturbidimetry", "immunoturbidimetric", "nephelometry", "colorimetric", "spectrophotometry",
    "spectrophotometric", "chemiluminescence", "electrochemiluminescence", "ise", "potentiometry",
})
# Labels of lines that sit between a test name and its value (Word-made reports, LIS printouts).
INTERJECTED_LABELS = tuple(fold(w) for w in (
    "sample", "specimen", "method", "methodology", "technique", "instrument", "analyzer", "analyser", "source",
    "sample type", "specimen type", "muestra", "tipo de muestra", "método", "metodo", "técnica", "metodología",
    "amostra", "material", "metodologia", "échantillon", "prélèvement", "méthode", "technique", "nature",
    "campione", "metodica", "probe", "probenmaterial", "untersuchungsmaterial", "messverfahren", "methode",
    "verfahren", "spesimen", "sampel", "bahan", "jenis sampel", "kaedah", "metode", "标本", "样本", "方法",
    "检测方法", "标本类型",
    "materiaal", "monster", "methode", "meetmethode", "materiał", "próbka", "metoda", "numune", "numune türü",
    "yöntem", "metot", "materiál", "probă", "produs biologic", "metodă", "metod", "provmaterial", "метод", "биоматериал",
    "phương pháp", "bệnh phẩm", "loại mẫu", "metode", "prøvemateriale", "materiale",  # vi, da, no
))
# Labels before a sex-specific interval: "M: 13-17", "Hombres 13-17", "男 130-175".
SEX_LABELS: dict[str, str] = {
    **{w: "male" for w in ("m", "male", "males", "men", "man", "hombre", "hombres", "varón", "varones", "homem",
                           "homens", "masculino", "homme", "hommes", "h", "uomo", "uomini", "maschi", "maschio",
                           "mann", "männer", "manner", "männlich", "mannlich", "masculin", "maschile", "maschili", "lelaki",
                           "laki-laki", "laki", "pria", "男", "男性",
                           "mannen", "mężczyźni", "mężczyzna", "mężczyzn", "erkek", "erkekler", "muži", "muž",
                           "bărbați", "bărbat", "män", "мужчины", "мужской", "муж", "муж.", "м", "nam", "nam giới",
                           "mænd", "mand", "menn")},
    **{w: "female" for w in ("f", "female", "females", "women", "woman", "mujer", "mujeres", "mulher", "mulheres",
                             "femenino", "feminino", "femme", "femmes", "donna", "donne", "femmine", "femmina",
                             "frau", "frauen", "weiblich", "féminin", "feminin", "femminile", "femminili", "w", "perempuan",
                             "wanita", "女", "女性",
                             "vrouw", "vrouwen", "kobiety", "kobieta", "kobiet", "kadın", "kadınlar", "ženy",
                             "žena", "femei", "femeie", "kvinnor", "kvinna", "женщины", "женский", "жен", "жен.",
                             "ж", "nữ", "nữ giới", "kvinder", "kvinde", "kvinner", "kvinne")},
}
SEX_LABELS.update({fold(k): v for k, v in list(SEX_LABELS.items())})  # sex_of() looks a label up folded
# One-letter sex labels mean different things by language; the pair printed together tells which.
SEX_LETTER_PAIRS: dict[tuple[str, str], tuple[str, str]] = {
    ("h", "m"): ("male", "female"),  # hombre / mujer
    ("l", "p"): ("male", "female"),  # laki-laki / perempuan
    ("m", "w"): ("male", "female"),  # Männer / Weiblich
    ("m", "f"): ("male", "female"),
    ("h", "f"): ("male", "female"),  # homme / femme
    ("m", "v"): ("male", "female"),  # man / vrouw
    ("m", "k"): ("male", "female"),  # mężczyźni / kobiety
    ("e", "k"): ("male", "female"),  # erkek / kadın
    ("m", "z"): ("male", "female"),  # muži / ženy ('Ž' folded)
    ("b", "f"): ("male", "female"),  # bărbați / femei
    ("м", "ж"): ("male", "female"),  # мужчины / женщины
}

# One-letter sex values in the patient header, by the field's label ('Jantina: P', 'Geslacht: V', 'Płeć: K',
# 'Cinsiyeti: E'): labels (folded) and what each letter means there.
SEX_FIELD_LETTERS: tuple[tuple[tuple[str, ...], dict[str, str]], ...] = (
    (("jenis kelamin", "j. kelamin", "kelamin", "jantina"), {"l": "male", "lk": "male", "p": "female", "pr": "female"}),
    (("geslacht",), {"m": "male", "v": "female"}),
    (("plec",), {"m": "male", "k": "female"}),
    (("cinsiyet", "cinsiyeti"), {"e": "male", "k": "female"}),
    (("pohlavi",), {"m": "male", "z": "female"}),
    (("kon", "kjonn"), {"m": "male", "k": "female"}),  # sv kön, da køn, no kjønn
)


@lru_cache(maxsize=4096)
def sex_of(label: str | None, siblings: tuple[str, ...] = ()) -> str | None:
    """The sex a range label stands for. One letter depends on the language, told by the other labels
    printed beside it: H/M is hombre/mujer, L/P laki-laki/perempuan, M/F and H/F male/female."""
    if not label:
        return None
    key = fold(label.strip("()[]:").strip())
    if len(key) == 1:
        words = {fold(s.strip("()[]:").strip()) for s in siblings if s}
        letters_ = words | {w[0] for w in words if len(w) > 1 and w in SEX_LABELS} | {key}  # 'Laki-laki' beside 'P'
        for pair, meaning in SEX_LETTER_PAIRS.items():
            if set(pair) <= letters_ and key in pair:
                return meaning[pair.index(key)]
    return SEX_LABELS.get(key)

# Words that show a page is a lab report ("is this a blood test report?"), folded.
LAB_WORDS = frozenset(fold(w) for w in (
    "hemoglobin", "haemoglobin", "glucose", "cholesterol", "creatinine", "platelet", "platelets", "wbc", "rbc",
    "hba1c", "tsh", "bilirubin", "albumin", "ferritin", "laboratory", "laboratorio", "laboratoire", "labor",
    "laboratorium", "pathology", "specimen", "haematology", "hematology", "hematologia", "hämatologie",
    "biochemistry", "bioquimica", "biochimie", "biochimica", "klinische", "serum", "plasma", "blood", "sangre",
    "sangue", "sang", "blut", "darah", "lipid", "thyroid", "emocromo", "hemograma", "hemogramme", "blutbild",
    "referto", "resultados", "urea", "triglycerides", "lymphocytes", "neutrophils", "mg/dl", "g/dl", "mmol/l",
    "iu/l", "u/l", "检验", "血常规", "生化", "报告",
    "hemoglobine", "cholesterol", "kreatinine", "leukocyten", "trombocyten", "hematologie", "bloed", "uitslag",  # nl
    "hemoglobina", "glukoza", "kreatynina", "leukocyty", "morfologia", "krew", "wynik", "badanie",  # pl
    "hemoglobin", "glukoz", "kolesterol", "kreatinin", "lökosit", "hemogram", "kan", "sonuç", "laboratuvar",  # tr
    "glukóza", "krevní", "výsledek", "laboratoř",  # cs
    "hemoglobină", "glicemie", "creatinină", "analize", "laborator",  # ro
    "glukos", "kolesterol", "provsvar", "blodstatus",  # sv
    "xét nghiệm", "huyết học", "sinh hóa", "kết quả", "bạch cầu", "hồng cầu",  # vi
    "hæmoglobin", "glukose", "blodprøve", "prøvesvar", "laboratoriesvar",  # da, no
    "гемоглобин", "глюкоза", "холестерин", "креатинин", "лейкоциты", "анализ", "кровь", "лаборатория",  # ru
))


# Signs between the two bounds of an interval only when the interval is bracketed ('[3,5;4,6]', '[150;450]'):
# elsewhere a semicolon separates items, not bounds.
BRACKETED_RANGE_SEPARATORS: tuple[str, ...] = (";",)

# Results run on in one line of text are separated by these outside brackets ('Hb 11.2 g/dL (12.0-15.5); WBC 7.2 …').
INLINE_RESULT_SEPARATORS: tuple[str, ...] = (";", "；")

# A specimen's abbreviation printed before a test's name with a dash (the NPU convention: 'B-Haemoglobin' blood,
# 'P-Potassium' plasma, 'S-PSA' serum, 'fS-' fasting serum, 'U-' urine, 'Pt-' patient): no part of the name.
SPECIMEN_PREFIXES: tuple[str, ...] = ("B", "P", "S", "U", "fS", "fP", "fB", "Pt", "aB", "vB", "cB", "Csv", "Ery")
