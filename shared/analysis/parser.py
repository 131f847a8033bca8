"""Turn the text lines of a lab report into biomarkers and a patient header.

The parser is a small line grammar, not a set of per-lab templates:

    result line := NAME [UNIT] VALUE {FLAG | UNIT | RANGE | extra}     (any order after VALUE)
                 | NAME RANGE VALUE ...                               (range column before result)
    value line  := VALUE {FLAG | UNIT | RANGE}       (name on a previous line, or same test in another unit)
    range line  := [LABEL:] RANGE                    (interval printed under its result)

A NAME is free text that must read like a test name (letters, balanced
brackets, no sentence words, not an address/ID/date label). VALUE is a plain
number; a number with '<' or '>' right after the name is a censored result
(kept apart, see `ParsedReport.censored`). Units are recognised by the unit
grammar in `units.py`, ranges and flags by `values.py`. To keep prose,
interpretation tables and headers out, a line needs a unit, a range or a flag
after its value; a bare "NAME VALUE" line is accepted only inside a results
table (after a header such as "Test Result Unit Reference") and only for a
known marker.

Multi-line layouts handled: a name on its own line followed by method lines in
brackets and then the value line; a second value of the same test in another
unit on the next line; a reference interval printed under its result; a name
wrapped onto a second line.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from shared.analysis.markers import canonical, panel_of
from shared.analysis.units import is_unit_token
from shared.analysis.values import FLAG_WORDS as _FLAG_WORDS
from shared.analysis.values import NUM_RE, Range, count_decimal_evidence, flag_token, parse_number, parse_range, resolve_flag

# --------------------------------------------------------------------------- data


@dataclass(slots=True)
class ParsedMarker:
    name: str
    canonical: str | None
    value: float
    unit: str | None
    ref_low: float | None
    ref_high: float | None
    ref_text: str | None
    flag: str | None  # from the report: printed mark, else implied by the printed range
    panel: str
    page: int
    printed_flag: str | None = None
    range_strict: tuple[bool, bool] = (False, False)

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("range_strict", None)
        return d


@dataclass(slots=True)
class CensoredResult:
    name: str
    canonical: str | None
    result: str  # as printed, e.g. "<0.5"
    unit: str | None
    ref_text: str | None
    page: int


@dataclass(slots=True)
class Patient:
    name: str | None = None
    age: int | None = None
    sex: str | None = None
    date: str | None = None
    lab: str | None = None


@dataclass(slots=True)
class ParsedReport:
    biomarkers: list[ParsedMarker]
    patient: Patient
    pages: int
    censored: list[CensoredResult] = field(default_factory=list)
    lab_words: int = 0  # how many lab-report words the text contains (for "is this a lab report?")
    decimal_comma: bool = False
    # Coverage: lines that have the shape of a result (a name and a number) but were not read as one.
    # The analysis must say that these were not checked instead of calling the report "all within range".
    rows_unread: int = 0


# --------------------------------------------------------------------------- tokens


@dataclass(slots=True)
class Tok:
    kind: str  # num | range | cmp | unit | flag | word
    text: str
    value: float | None = None
    rng: Range | None = None


_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‒": "-", "‐": "-", "\u00a0": " ", "\u2009": " ",
                         "\u202f": " ", "\t": " ", "|": " ", "\u2007": " "})
_GLUED_MARK = re.compile(r"^(\d+(?:[.,]\d+)*)(%|\*+|¬|↑|↓|#)$")
_GLUED_ANY = re.compile(r"^(\d+(?:[.,]\d+)*)([A-Za-zµμ/%][^\s]*)$")
_CMP_TOK = re.compile(r"^(<=|>=|=<|=>|<|>|≤|≥)(\d+(?:[.,]\d+)*)$")
_RANGE_TOK = re.compile(r"^[(\[]?\d+(?:[.,]\d+)*\s*-\s*\d+(?:[.,]\d+)*[)\]]?$")
_NUMLIKE = re.compile(r"^[(\[]?(\d+(?:[.,]\d+)*)[)\]]?$")
_OPEN_DASH = re.compile(r"^[(\[]?\d+(?:[.,]\d+)*-$")
_DASH_NUM = re.compile(r"^-\d+(?:[.,]\d+)*[)\]]?$")
_CMP_WORDS = {"bis", "up", "upto", "till", "until", "hasta", "fino", "max", "max.", "maximum", "less", "lower", "below",
              "under", "more", "greater", "above", "over", "min", "min.", "minimum", "inferiore", "superiore",
              "menor", "mayor", "inf.", "sup."}
_CMP_SIGNS = {"<", ">", "<=", ">=", "=<", "=>", "≤", "≥"}


def _split_glued(raw: list[str]) -> list[str]:
    out: list[str] = []
    for t in raw:
        if not t[0].isdigit() or t.isdigit():
            out.append(t)
            continue
        m = _GLUED_MARK.match(t)
        if m:
            out.extend((m.group(1), m.group(2)))
            continue
        m = _GLUED_ANY.match(t)
        if m and (is_unit_token(m.group(2)) or m.group(2) in ("H", "L", "HH", "LL")):
            out.extend((m.group(1), m.group(2)))
            continue
        out.append(t)
    return out


_UNIT_TAILS = {"feu", "ddu", "hr", "mm", "m2", "m²", "hpf", "lpf", "mm3", "mm/hr"}
_UNIT_HEADS = {"x", "×", "*", "cu", "/cu", "cells/cu", "lakhs/cu", "mill/cu", "million/cu", "thou/cu"}


def _may_join_unit(tok: str, nxt: str) -> bool:
    """Cheap pre-check: could `tok nxt [...]` be one unit printed over several words?"""
    low, nlow = tok.lower(), nxt.lower()
    return (low in _UNIT_HEADS or nlow in _UNIT_TAILS or nlow.startswith("/") or low.endswith("/")
            or low.endswith("1.73") or low.startswith("10^") or low.startswith("x10"))


def tokenize(line: str, decimal_comma: bool) -> list[Tok]:
    raw = _split_glued(line.translate(_DASHES).split())
    toks: list[Tok] = []
    i, n = 0, len(raw)
    while i < n:
        t = raw[i]
        low = t.lower()
        if t[0].isalpha() and low not in _CMP_WORDS and not low.startswith("upto"):
            # fast path for words: a flag, a unit (maybe of several words) or part of a name
            nxt = raw[i + 1] if i + 1 < n else ""
            if nxt and (nxt[0] == "/" or low[-1] == "/" or low in _UNIT_HEADS or low[:3] in ("10^", "x10")
                        or low.endswith("1.73") or nxt.lower() in _UNIT_TAILS):
                joined = False
                for size in (3, 2):
                    if i + size <= n:
                        text = " ".join(raw[i:i + size])
                        if not any(NUM_RE.match(x) and not x.startswith("1.73") for x in raw[i + 1:i + size]) \
                                and is_unit_token(text):
                            toks.append(Tok("unit", text))
                            i += size
                            joined = True
                            break
                if joined:
                    continue
            if low in _FLAG_WORDS:
                toks.append(Tok("flag", t))
            elif is_unit_token(t):
                toks.append(Tok("unit", t))
            else:
                toks.append(Tok("word", t))
            i += 1
            continue
        # '> OR = 40' (Quest style) -> '>= 40'
        if t in ("<", ">") and i + 3 < n and raw[i + 1].lower() == "or" and raw[i + 2] == "=" \
                and NUM_RE.match(raw[i + 3]):
            text = f"{t}= {raw[i + 3]}"
            toks.append(Tok("cmp", " ".join(raw[i:i + 4]), parse_number(raw[i + 3], decimal_comma),
                            parse_range(text, decimal_comma)))
            i += 4
            continue
        # '<' '200' / '<=' '5' -> one comparison token
        if t in _CMP_SIGNS and i + 1 < n and NUM_RE.match(raw[i + 1]):
            text = f"{t} {raw[i + 1]}"
            toks.append(Tok("cmp", text, parse_number(raw[i + 1], decimal_comma), parse_range(text, decimal_comma)))
            i += 2
            continue
        m = _CMP_TOK.match(t)
        if m:
            toks.append(Tok("cmp", t, parse_number(m.group(2), decimal_comma), parse_range(t, decimal_comma)))
            i += 1
            continue
        # 'a' '-' 'b', 'a-' 'b', 'a' '-b', 'a' 'to' 'b' (brackets allowed on the outside)
        m = _NUMLIKE.match(t)
        if m and i + 2 < n and raw[i + 1].lower() in ("-", "to", "~") and _NUMLIKE.match(raw[i + 2]):
            text = f"{t} {raw[i + 1]} {raw[i + 2]}"
            rng = parse_range(text.replace("(", "").replace(")", "").replace("[", "").replace("]", ""), decimal_comma)
            if rng:
                toks.append(Tok("range", text, rng=rng))
                i += 3
                continue
        if i + 1 < n and ((_OPEN_DASH.match(t) and _NUMLIKE.match(raw[i + 1]))
                          or (m and _DASH_NUM.match(raw[i + 1]))):
            text = f"{t} {raw[i + 1]}"
            rng = parse_range(re.sub(r"[()\[\]]", "", text), decimal_comma)
            if rng:
                toks.append(Tok("range", text, rng=rng))
                i += 2
                continue
        if _RANGE_TOK.match(t):
            rng = parse_range(re.sub(r"[()\[\]]", "", t), decimal_comma)
            if rng:
                toks.append(Tok("range", t, rng=rng))
                i += 1
                continue
        # 'Up to 200', 'less than 5', 'fino a 5'
        if low in _CMP_WORDS or low.startswith("upto"):
            done = False
            for size in (2, 3, 4):
                if i + size > n:
                    break
                text = " ".join(raw[i:i + size])
                rng = parse_range(text, decimal_comma)
                if rng:
                    toks.append(Tok("range", text, rng=rng))
                    i += size
                    done = True
                    break
            if done:
                continue
        if len(t) >= 8 and t.isdigit():
            i += 1  # a barcode / accession number interleaved into the line: not part of any result
            continue
        if NUM_RE.match(t) and t[0] != "+":
            v = parse_number(t, decimal_comma)
            if v is not None:
                toks.append(Tok("num", t, v))
                i += 1
                continue
        # units of up to three printed words: 'ug/mL FEU', '/cu mm', 'x 10^3/uL', 'mm/1st hr'
        matched = False
        for size in ((3, 2) if i + 1 < n and _may_join_unit(t, raw[i + 1]) else ()):
            if i + size <= n:
                text = " ".join(raw[i:i + size])
                if not any(NUM_RE.match(x) and not x.startswith("1.73") for x in raw[i + 1:i + size]) \
                        and is_unit_token(text):
                    toks.append(Tok("unit", text))
                    i += size
                    matched = True
                    break
        if matched:
            continue
        if flag_token(t):
            toks.append(Tok("flag", t))
            i += 1
            continue
        if is_unit_token(t):
            toks.append(Tok("unit", t))
        else:
            toks.append(Tok("word", t))
        i += 1
    return toks


# --------------------------------------------------------------------------- names

_BLACKLIST_FIRST = {
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
}
_PROSE_WORDS = {"is", "are", "was", "were", "your", "you", "our", "we", "which", "that", "this", "these", "those",
                "has", "have", "had", "been", "should", "please", "may", "can", "will", "would", "could", "must",
                "detected", "recommended", "advised", "daily", "weekly", "due", "because", "if", "when", "than",
                "then", "consult", "call", "visit", "take", "taking", "suggest", "suggests", "indicates", "indicate",
                "shows", "shown", "per", "it", "its", "they", "their", "there", "who", "whom", "what"}
_HEADER_WORDS = {"test", "tests", "name", "result", "results", "unit", "units", "reference", "range", "ranges",
                 "interval", "value", "values", "flag", "status", "examination", "investigation", "investigations",
                 "parameter", "parameters", "analyte", "method", "specimen", "analisi", "risultati", "risultato",
                 "u.m.", "valori", "riferimento", "prueba", "pruebas", "resultado", "resultados", "unidad",
                 "unidades", "referencia", "valores", "rango", "esame", "esami", "observed", "bio.", "ref.",
                 "normal", "description", "determinazione", "determinación", "determinacion", "biological",
                 "limits", "limit", "measurement", "uom", "abnormal", "remarks", "technology"}
_RESULT_WORDS = {"result", "results", "risultati", "risultato", "resultado", "resultados", "value", "values",
                 "observed", "valore"}
_LAB_WORDS_RE = re.compile(
    r"\b(hemoglobin|haemoglobin|glucose|cholesterol|creatinine|platelet|wbc|rbc|hba1c|tsh|bilirubin|albumin|"
    r"ferritin|laborator\w*|pathology|specimen|reference\s+(?:range|interval|value)|biological\s+ref|"
    r"haematology|hematology|biochemistry|serum|plasma|blood|lipid|thyroid|emocromo|analisi|laboratorio|"
    r"hemograma|bioqu[ií]mica|referto|esame|risultati|valori\s+di\s+riferimento|resultados|urea|triglycerides|"
    r"lymphocytes|neutrophils|mg/dl|g/dl|mmol/l|iu/l|u/l)\b", re.IGNORECASE)


_LETTER = re.compile(r"[^\W\d_]")


def _letters(s: str) -> int:
    return len(_LETTER.findall(s))


_SENTENCE = re.compile(r"[a-z]\.\s+[A-Z]")
_RATIO_COLON = re.compile(r"(?<![^\W\d_])([^\W\d_])\s*:\s*([^\W\d_])(?![^\W\d_])")  # "A : G Ratio"
_END_PUNCT = re.compile(r"[.!?]\s*$")
_LIST_ITEM = re.compile(r"^\d{1,3}[.)]\s")
_LONG_NUMBER = re.compile(r"(?<!\S)\d{5,}(?!\S)")
_CONNECTOR_END = re.compile(r"(-|,|\b(of|and|de|di|del|della|y|e))$")


def clean_name(text: str) -> str | None:
    """The test name as printed (whitespace collapsed), or None if it does not read like one."""
    name = " ".join(text.split()).strip()
    name = name.rstrip(":-–. ").strip()
    if name.startswith("*") and name.count("*") == 1:
        name = name[1:].strip()
    name = name.lstrip(". ").strip()
    if not name or _letters(name) < 2 or len(name) > 80:
        return None
    words = name.split()
    if len(words) > 10:
        return None
    if name[0] in "-•·*>=#~_/\\" or name.endswith(","):
        return None
    if ":" in _RATIO_COLON.sub("/", name) or "@" in name or "http" in name.lower() or "www." in name.lower():
        return None
    if name.count("(") != name.count(")") or name.count("[") != name.count("]"):
        return None
    if _SENTENCE.search(name) or _END_PUNCT.search(name) and len(words) > 4:
        return None
    lw = [w.lower().strip("()[],.;") for w in words]
    if lw[0] in _BLACKLIST_FIRST or words[0].lower() in _BLACKLIST_FIRST:
        return None
    if any(w in _PROSE_WORDS for w in lw):
        return None
    if name.lower() in ("total", "normal", "high", "low", "h", "l", "result", "value"):
        return None
    if _LIST_ITEM.match(name):  # numbered list item
        return None
    if _LONG_NUMBER.search(name):
        return None  # a long standalone number inside the name: an address, an ID
    return name


_DIGIT = re.compile(r"\d")


def is_table_header(line: str) -> bool:
    if _DIGIT.search(line):
        return False
    words = [w.lower().strip(":|") for w in line.split()]
    if not words or len(words) > 14:
        return False
    hits = sum(1 for w in words if w in _HEADER_WORDS)
    return hits >= 2 and any(w in _RESULT_WORDS for w in words)


def _is_method_line(line: str) -> bool:
    s = line.strip()
    return len(s) > 2 and s[0] == "(" and s[-1] == ")" and s.count("(") == 1


# --------------------------------------------------------------------------- lines


@dataclass(slots=True)
class LineParse:
    kind: str  # result | censored | value | range | name | other
    name: str | None = None
    value: float | None = None
    value_text: str | None = None
    unit: str | None = None
    rng: Range | None = None
    flags: list[str] = field(default_factory=list)
    printed_flags: list[str] = field(default_factory=list)
    strong: bool = False
    ranges: list = field(default_factory=list)  # (label, Range) when several are printed (e.g. per sex)


_FILLERS = {"ref", "ref.", "ref:", "range", "range:", "reference", "reference:", "normal:", "interval", "-", ":",
            "=", "|", "/", "bio.", "ref.interval", "not", "estab.", "estab", "established", "applicable", "n/a",
            "see", "note", "note:", "notes", "(see", "note)", "comment", "comment:"}


_SERIAL = re.compile(r"^\s*\d{1,3}[.)]?\s+[^\W\d_]")  # match ends on the name's first letter
_MAX_TOKENS = 24  # name (<= 10 words) + value + unit + range + flags + a short trailer


def parse_line(line: str, decimal_comma: bool) -> LineParse:
    if not _DIGIT.search(line):
        # no number at all: at most a name (section title, test name waiting for its value line)
        name = clean_name(line.translate(_DASHES))
        return LineParse("name", name=name) if name else LineParse("other")
    if line.count(" ") >= _MAX_TOKENS:
        return LineParse("other")  # prose
    toks = tokenize(line, decimal_comma)
    if not toks:
        return LineParse("other")
    # leading punctuation (". 30 MMOL/MOL", ": 25 Years")
    while toks and toks[0].kind == "word" and not any(c.isalnum() for c in toks[0].text):
        toks = toks[1:]
    if not toks:
        return LineParse("other")
    idx = next((i for i, t in enumerate(toks) if t.kind in ("num", "range", "cmp")), None)
    if idx is None:
        name = clean_name(" ".join(t.text for t in toks))
        return LineParse("name", name=name) if name else LineParse("other")
    lp = _parse_from(toks, idx, decimal_comma)
    if lp.kind != "result":
        m = _SERIAL.match(line)
        if m:
            # a serial-number column: "1  Hemoglobin 13.5 g/dL 13-17", "2) Glucose ..."
            lp2 = parse_line(line[m.end() - 1:], decimal_comma)
            if lp2.kind == "result" and lp2.strong:
                return lp2
    if lp.kind == "other" and toks[idx].kind == "num" and idx > 0 and idx + 1 < len(toks) \
            and toks[idx + 1].kind == "num" and len(toks[idx].text) <= 3:
        # a number that belongs to the name: "Vitamin B 12 350 pg/mL", "Omega 3 ..."
        lp2 = _parse_from(toks, idx + 1, decimal_comma)
        if lp2.kind == "result" and lp2.strong:
            return lp2
    return lp


_PRE_FLAGS = {"h", "l", "hh", "ll", "*", "**", "↑", "↓", "(h)", "(l)", "[h]", "[l]"}
_SEX_LABEL = re.compile(r"^[(\[]?(m|f|male|female|males|females|men|women|man|woman|hombres?|mujeres?|uomini|donne|"
                        r"maschi|femmine|adult|adults|adulto|adulti)[)\]]?:?$", re.IGNORECASE)
_DATE_TOKEN = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$")
# Method/technique words printed in a column next to the name or after the range.
METHOD_WORDS = {"photometry", "photometric", "calculated", "calculation", "derived", "impedance", "electrical",
                "hplc", "clia", "eclia", "cmia", "elisa", "immunoturbidimetry", "immunoturbidimetric",
                "turbidimetry", "nephelometry", "colorimetric", "colorimetry", "enzymatic", "spectrophotometry",
                "spectrophotometric", "cytometry", "flow", "ise", "kinetic", "ifcc", "jaffe", "uricase",
                "microscopy", "westergren", "automated", "chemiluminescence", "cli", "ria", "potentiometry",
                "potentiometric", "biuret", "bcg", "bromocresol", "green", "diazo", "gop-pap", "god-pod", "chod-pap",
                "chod-pod", "gpo-pap", "hexokinase", "coulter", "sls", "cyanmeth",
                "electrochemiluminescence", "immunoassay", "turbidimetric", "method", "technology", "calc"}


# Technique names that are never part of a test name.
_STRONG_METHODS = {"calculated", "calc", "photometry", "photometric", "hplc", "clia", "eclia", "cmia", "elisa",
                   "immunoturbidimetry", "immunoturbidimetric", "nephelometry", "colorimetric", "spectrophotometry",
                   "spectrophotometric", "chemiluminescence", "electrochemiluminescence", "ise", "potentiometry"}


def _method_word(text: str) -> str:
    return text.lower().strip("()[],").replace(".", "")


def _split_method(name_toks: list[Tok]) -> list[Tok]:
    """Drop a method column printed between the name and the value ('TOTAL CHOLESTEROL PHOTOMETRY 180 ...')."""
    k = len(name_toks)
    while k > 1 and _method_word(name_toks[k - 1].text) in METHOD_WORDS:
        k -= 1
    if k < len(name_toks):
        dropped = {_method_word(t.text) for t in name_toks[k:]}
        if dropped <= _STRONG_METHODS or canonical(" ".join(t.text for t in name_toks[:k])):
            return name_toks[:k]
    return name_toks


def _parse_from(toks: list[Tok], idx: int, decimal_comma: bool) -> LineParse:
    name_toks = toks[:idx]
    pre_unit = None
    pre_flags: list[Tok] = []
    if len(name_toks) > 1 and name_toks[-1].kind == "flag" and name_toks[-1].text.lower() in _PRE_FLAGS:
        pre_flags = [name_toks[-1]]  # "Hemoglobin H 18.5 g/dL": flag column before the result
        name_toks = name_toks[:-1]
    if name_toks and name_toks[-1].kind == "unit" and ("/" in name_toks[-1].text or name_toks[-1].text == "%"):
        pre_unit = name_toks[-1].text.strip("()[]")
        name_toks = name_toks[:-1]
    elif name_toks and name_toks[-1].text[:1] == "(" and name_toks[-1].text[-1:] == ")" \
            and is_unit_token(name_toks[-1].text[1:-1]):
        pre_unit = name_toks[-1].text[1:-1]
        name_toks = name_toks[:-1]
    name_toks = _split_method(name_toks)
    raw_name = " ".join(t.text for t in name_toks)
    first = toks[idx]
    rest = toks[idx + 1:]
    rng: Range | None = None
    if first.kind == "num" and len(first.text) == 2 and first.text[0] == "0" and rest and rest[0].kind == "num":
        first, rest = rest[0], rest[1:]  # a two-digit lab/footnote code column ("WBC 01 6.2 ...")
    if first.kind == "range":
        if rest and rest[0].kind == "num" and name_toks:
            rng, value_tok, rest = first.rng, rest[0], rest[1:]
        else:
            # a range with no value: maybe the interval of the previous line's result
            label = raw_name
            tail = [t for t in rest if t.kind not in ("unit",)]
            if (not label or label.endswith(":")) and not tail:
                return LineParse("range", name=label or None, rng=first.rng,
                                 unit=pre_unit or next((t.text for t in rest if t.kind == "unit"), None))
            return LineParse("other")
    elif first.kind == "cmp":
        unit = pre_unit
        cr = None
        for t in rest:
            if t.kind == "unit" and unit is None:
                unit = t.text
            elif t.kind in ("range", "cmp") and cr is None:
                cr = t.rng
        name = clean_name(raw_name) if raw_name else None
        if not name:
            return LineParse("other")
        return LineParse("censored", name=name, value_text=first.text.replace(" ", ""), unit=unit, rng=cr,
                         strong=unit is not None)
    else:
        value_tok = first

    unit = pre_unit
    printed: list[str] = []
    printed_raw: list[str] = []
    trailer: list[Tok] = []
    extra: list[Tok] = []
    ranges: list[tuple[str | None, Range]] = [(None, rng)] if rng else []
    prev: Tok | None = None
    seen_date = False
    for t in [*pre_flags, *rest]:
        if t.kind == "word" and _DATE_TOKEN.match(t.text):
            seen_date = True
        if t.kind == "flag":
            f = flag_token(t.text)
            if f:
                printed.append(f)
                printed_raw.append(t.text)
        elif t.kind == "unit" and unit is None and (not extra or seen_date):
            unit = t.text  # after extra numbers only in a previous-results layout ("5.8 01/03/2019 x10E3/uL")
        elif t.kind in ("range", "cmp"):
            label = prev.text.lower().rstrip(":") if prev is not None and prev.kind == "word" else None
            ranges.append((label, t.rng))
        elif t.kind == "num":
            extra.append(t)
        else:
            trailer.append(t)
        prev = t
    if ranges:
        rng = ranges[0][1]
    if rng is None and len(extra) == 2 and extra[0].value is not None and extra[1].value is not None \
            and extra[0].value < extra[1].value:
        rng = Range(extra[0].value, extra[1].value, f"{extra[0].text} {extra[1].text}")
        ranges = [(None, rng)]
        extra = []
    # words after the value: fillers and labels ("Ref:", "Desirable:", "(M)"), dates of previous results,
    # an all-caps qualifier after a unit ('% NGSP UNIT'), or a method name
    kept = []
    for t in trailer:
        low = t.text.lower()
        if low in _FILLERS or (ranges and low.endswith(":") and _letters(low) >= 1 and not _DIGIT.search(low)):
            continue
        if _SEX_LABEL.match(t.text) or _method_word(t.text) in METHOD_WORDS:
            continue
        if unit and rng and _DATE_TOKEN.match(t.text):
            continue
        if unit and t.kind == "unit":
            continue  # the unit printed again with the range: "13.0 - 17.0 g/dL"
        kept.append(t)
    trailer = kept
    if trailer:
        words = [t.text for t in trailer]
        digits = any(_DIGIT.search(w) for w in words)
        all_caps = all(w.isupper() and _letters(w) >= 2 for w in words)
        if digits or len(words) > 3:
            return LineParse("other")
        if not ((unit and all_caps) or (unit and rng and len(words) == 1 and words[0][:1].isupper())):
            return LineParse("other")
    if extra and not (unit and rng):
        return LineParse("other")
    strong = bool(unit or rng or printed)
    name = clean_name(raw_name) if raw_name else None
    if raw_name and not name:
        return LineParse("other")
    return LineParse("result" if name else "value", name=name, value=value_tok.value, value_text=value_tok.text,
                     unit=unit, rng=rng, flags=printed, printed_flags=printed_raw, strong=strong,
                     ranges=ranges if len(ranges) > 1 else [])


# --------------------------------------------------------------------------- text clean-up

_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u200b\u00ad]")


_PUA = re.compile("[\uf020-\uf0ff]")
_ASCII_LETTER = re.compile("[A-Za-z]")


def fix_private_use(text: str) -> str:
    """'Microsoft Print to PDF' symbol-font text: U+F020..U+F0FF is ASCII + 0xF000."""
    pua = len(_PUA.findall(text))
    if pua and pua >= 0.3 * (pua + len(_ASCII_LETTER.findall(text))):
        return "".join(chr(ord(c) - 0xF000) if "\uf020" <= c <= "\uf0ff" else c for c in text)
    return text


_ALNUM = re.compile(r"[^\W_]")


def _is_noise(line: str) -> bool:
    s = line.replace(" ", "")
    if len(s) >= 12 and s.count("0") + s.count("1") >= 0.9 * len(s):
        return True  # QR/barcode drawn as 0/1 characters
    if s and not _ALNUM.search(s):
        return True  # rules: ----- ===== ____
    return False


def split_lines(text: str) -> list[str]:
    text = fix_private_use(text)
    out = []
    for raw in re.split(r"\r\n|\r|\n", text):
        line = _CTRL.sub("", raw).strip()
        if line and not _is_noise(line):
            out.append(line)
    return out


# --------------------------------------------------------------------------- document


_SEP_NUMBER = re.compile(r"(?<![\d.,])\d+[.,]\d+(?![\d.,])")


def _decimal_comma(pages: list[list[str]]) -> bool:
    toks = [t for lines in pages for t in _SEP_NUMBER.findall("\n".join(lines))]
    comma, point = count_decimal_evidence(toks)
    return comma > point


def looks_columnar(text: str) -> bool:
    """True when a page reads like a table whose columns were emitted one after another.

    Signature: several lines that are only a value (with unit/range) and several name-only lines of known
    markers, and few complete result lines. Such pages are re-read with positional layout.
    """
    lines = split_lines(text)
    values = names = results = 0
    for line in lines:
        lp = parse_line(line, False)
        if lp.kind == "value":
            values += 1
        elif lp.kind == "name" and canonical(lp.name or ""):
            names += 1
        elif lp.kind == "result" and lp.strong:
            results += 1
    return values >= 3 and names >= 3 and results < min(values, names)


_MALE = {"m", "male", "males", "men", "man", "hombre", "hombres", "uomini", "maschi"}
_FEMALE = {"f", "female", "females", "women", "woman", "mujer", "mujeres", "donne", "femmine"}


def _pick_range(lp: LineParse, sex: str | None) -> Range | None:
    """With several printed ranges (e.g. 'M: 13-17 F: 12-15'), the one for the patient's sex."""
    if lp.ranges and sex:
        wanted = _MALE if sex == "male" else _FEMALE
        for label, rng in lp.ranges:
            if label and label.strip("()[]") in wanted:
                return rng
    return lp.rng


class _DocState:
    def __init__(self, decimal_comma: bool, sex: str | None = None) -> None:
        self.sex = sex
        self.dc = decimal_comma
        self.out: list[ParsedMarker] = []
        self.censored: list[CensoredResult] = []
        self.seen_header = False


def _parse_page(lines: list[str], page_no: int, st: _DocState) -> tuple[list[ParsedMarker], list[CensoredResult]]:
    headers = [is_table_header(line) for line in lines]
    has_header = any(headers)
    in_region = st.seen_header and not has_header
    results: list[ParsedMarker] = []
    censored: list[CensoredResult] = []
    pending: str | None = None  # a name line waiting for its value line
    pending_age = 0
    last: ParsedMarker | None = None  # result of the previous line (for continuations)
    last_age = 99

    def emit(name: str, lp: LineParse) -> ParsedMarker:
        rng = _pick_range(lp, st.sex)
        flag = resolve_flag(lp.flags, lp.value, rng)
        key = canonical(name, lp.unit, lp.value)
        pm = ParsedMarker(name=name, canonical=key, value=lp.value, unit=lp.unit,
                          ref_low=rng.low if rng else None, ref_high=rng.high if rng else None,
                          ref_text=rng.text if rng else None, flag=flag, panel=panel_of(key), page=page_no,
                          printed_flag=lp.printed_flags[0] if lp.printed_flags else None,
                          range_strict=(rng.low_strict, rng.high_strict) if rng else (False, False))
        results.append(pm)
        return pm

    for line, header in zip(lines, headers, strict=True):
        if header:
            in_region = True
            st.seen_header = True
            pending, last = None, None
            continue
        if _is_method_line(line):
            pending_age = 0 if pending else pending_age
            continue
        lp = parse_line(line, st.dc)
        last_age += 1
        pending_age += 1
        if lp.kind == "result":
            name = lp.name
            if pending and pending_age <= 1 and (_CONNECTOR_END.search(pending)
                                                 or (name[:1].islower() and canonical(name) is None)):
                name = f"{pending} {name}"
            pending = None
            if lp.strong or (in_region and canonical(name, lp.unit, lp.value)):
                last = emit(name, lp)
                last_age = 0
            continue
        if lp.kind == "value":
            if not lp.strong:
                continue
            if pending and pending_age <= 3:
                last = emit(pending, lp)
                last_age = 0
                pending = None
            elif last is not None and last_age == 1 and lp.unit and lp.unit != last.unit:
                last = emit(last.name, lp)
                last_age = 0
            continue
        if lp.kind == "range":
            if last is not None and last_age == 1 and last.ref_low is None and last.ref_high is None:
                if lp.unit and last.unit is None:
                    last.unit = lp.unit  # "Hemoglobin 13.5" / "g/dL 13.0-17.0": the row broke after the value
                    last.canonical = canonical(last.name, last.unit, last.value)
                    last.panel = panel_of(last.canonical)
                rng = lp.rng
                last.ref_low, last.ref_high, last.ref_text = rng.low, rng.high, rng.text
                last.range_strict = (rng.low_strict, rng.high_strict)
                marks = [flag_token(last.printed_flag)] if last.printed_flag else []
                last.flag = resolve_flag([m for m in marks if m], last.value, rng)
            continue
        if lp.kind == "censored":
            key = canonical(lp.name or "", lp.unit)
            if key:
                censored.append(CensoredResult(lp.name, key, lp.value_text, lp.unit,
                                               lp.rng.text if lp.rng else None, page_no))
            pending = None
            continue
        if lp.kind == "name":
            if last is not None and last_age == 1 and lp.name and len(lp.name.split()) <= 3 \
                    and canonical(lp.name) is None \
                    and (lp.name[:1].islower()
                         or (last.canonical is None and canonical(f"{last.name} {lp.name}") is not None)):
                # the end of a wrapped name printed under its result line
                last.name = f"{last.name} {lp.name}"
                last.canonical = canonical(last.name, last.unit, last.value)
                last.panel = panel_of(last.canonical)
                continue
            if pending and pending_age == 1 and lp.name and canonical(lp.name) is None \
                    and canonical(f"{pending} {lp.name}") is not None and len(lp.name.split()) <= 3:
                pending, pending_age = f"{pending} {lp.name}", 0  # a name wrapped over two lines
                continue
            pending, pending_age = lp.name, 0
            continue
        pending = None
    return results, censored


def parse_pages(page_texts: list[str], layout_texts: list[str | None] | None = None) -> tuple[
        list[ParsedMarker], list[CensoredResult], bool, list[list[str]], Patient]:
    pages = [split_lines(t) for t in page_texts]
    dc = _decimal_comma(pages)
    patient = parse_patient(pages)
    sex = patient.sex
    st = _DocState(dc, sex)
    all_results: list[ParsedMarker] = []
    all_censored: list[CensoredResult] = []
    for i, lines in enumerate(pages):
        saved = st.seen_header
        res, cen = _parse_page(lines, i + 1, st)
        alt = layout_texts[i] if layout_texts and i < len(layout_texts) else None
        if alt:
            st2 = _DocState(dc, sex)
            st2.seen_header = saved
            alt_lines = split_lines(alt)
            res2, cen2 = _parse_page(alt_lines, i + 1, st2)
            if len(res2) > len(res):
                res, cen, pages[i] = res2, cen2, alt_lines
                st.seen_header = st2.seen_header or st.seen_header
        all_results.extend(res)
        all_censored.extend(cen)
    # the same result printed twice (summary pages, repeated headers): keep the first
    seen: set[tuple] = set()
    unique: list[ParsedMarker] = []
    for r in all_results:
        k = (r.name.lower(), r.value, (r.unit or "").lower())
        if k in seen:
            continue
        seen.add(k)
        unique.append(r)
    return unique, all_censored, dc, pages, patient


# --------------------------------------------------------------------------- patient header

_DATE = (r"(\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[- ][A-Za-z]{3,9}[- ,]+\d{4}|"
         r"[A-Za-z]{3,9}\.? \d{1,2},? \d{4})")
_DATE_LABELS = [r"report(?:ed)?\s*date", r"date\s+of\s+report", r"data\s+(?:del\s+)?referto", r"reported(?:\s+on)?",
                r"collection\s+date", r"date\s+of\s+collection", r"collected(?:\s+on)?", r"sample\s+collected",
                r"date\s+of\s+(?:test|sampling)", r"coll\.?", r"fecha(?:\s+de\s+informe)?", r"date"]
_DATE_RE = re.compile(r"\b(?:" + "|".join(f"({label})" for label in _DATE_LABELS) + r")\s*[:\-]?\s*(?P<date>"
                      + _DATE[1:-1] + r")", re.IGNORECASE)
_NAME_RE = re.compile(r"\b(?:patient(?:'s)?\s*name|patient|name|nome|nombre|paciente|cognome\s+e\s+nome)\s*:\s*"
                      r"(?P<v>[^:|]+?)(?=\s{2,}|\s+\b(?:age|sex|gender|date|dob|report|id|lab|ref|mrn|collection|"
                      r"referred|sample|reg|birth|uhid|patient\s+(?:id|no|number)|doctor|age/|edad|sexo|fecha|eta|età|"
                      r"sesso|data)\b|"
                      r"\s*\||$)", re.IGNORECASE)
_AGE_RE = re.compile(r"\bage\b(?:\s*/\s*(?:sex|gender))?\s*[:\-]?\s*(\d{1,3})\s*(?:y\b|yr|yrs|year|years|anni|años)?",
                     re.IGNORECASE)
_BIRTH_AGE_RE = re.compile(r"birth\s*date\s*/\s*age\s*:?\s*[\d\-/.]+\s*/\s*(\d{1,3})\b", re.IGNORECASE)
_SEX_RE = re.compile(r"\b(?:sex|gender|sesso|sexo)\b\s*[:\-]?\s*(male|female|m|f|maschio|femmina|masculino|femenino|"
                     r"hombre|mujer)\b", re.IGNORECASE)
_AGE_SEX_RE = re.compile(r"\b(\d{1,3})\s*(?:y|yr|yrs|years?)?\s*/\s*(male|female|m|f)\b", re.IGNORECASE)
_LAB_RE = re.compile(r"(laborator|\blabs?\b|diagnostic|patholog|\bclinic\b|medical cent|hospital|laboratorium|"
                     r"laboratorio|poliambulatorio)", re.IGNORECASE)
_LONE_AGE = re.compile(r"^\s*:?\s*(\d{1,3})\s*(?:years?|yrs?|y)\s*$", re.IGNORECASE)
_SEX_WORDS = {"male": "male", "m": "male", "maschio": "male", "masculino": "male", "hombre": "male",
              "female": "female", "f": "female", "femmina": "female", "femenino": "female", "mujer": "female"}


def parse_patient(pages: list[list[str]]) -> Patient:
    p = Patient()
    head = pages[0][:60] if pages else []
    text = "\n".join(head)
    for line in head:
        if p.name is None and ":" in line:
            m = _NAME_RE.search(line)
            if m:
                v = m.group("v").strip(" .-")
                sx = re.search(r"\(\s*([MF])\s*\)\s*$", v)
                if sx and p.sex is None:
                    p.sex = _SEX_WORDS[sx.group(1).lower()]
                v = re.sub(r"\(\s*[MF]\s*\)\s*$", "", v).strip()
                v = re.split(r",\s*\d", v)[0].strip()  # "Anjali Verma, 34 Y / Female"
                if v and _letters(v) >= 2 and not any(c.isdigit() for c in v) and len(v) <= 60:
                    p.name = v
    m = _BIRTH_AGE_RE.search(text) or _AGE_RE.search(text) or _AGE_SEX_RE.search(text)
    if m:
        age = int(m.group(1))
        if 0 < age < 120:
            p.age = age
    if p.sex is None:
        m = _SEX_RE.search(text) or _AGE_SEX_RE.search(text)
        if m:
            p.sex = _SEX_WORDS.get(m.group(m.lastindex).lower())
    # headers printed as a column of labels and a column of values: a lone "Male" / ": 25 Years" line
    for line in head[:40]:
        bare = line.strip(" :").lower()
        if p.sex is None and bare in ("male", "female"):
            p.sex = bare
        m = _LONE_AGE.match(line)
        if p.age is None and m and 0 < int(m.group(1)) < 120:
            p.age = int(m.group(1))
    if _DIGIT.search(text):
        best = None  # the highest-priority label that is followed by a date
        for m in _DATE_RE.finditer(text):
            rank = next(i for i, g in enumerate(m.groups()[:len(_DATE_LABELS)]) if g is not None)
            if best is None or rank < best[0]:
                best = (rank, m.group("date"))
        if best:
            p.date = best[1]
    for line in head[:40]:
        if _LAB_RE.search(line) and ":" not in line and "report" not in line.lower() and len(line) <= 90 \
                and not is_table_header(line) and not re.search(r"\bno\b|\bno\.|department", line, re.I):
            lab = re.sub(r"\s+\d{6,}.*$", "", line).strip()
            if _letters(lab) >= 4:
                p.lab = lab
                break
    return p


def parse_texts(page_texts: list[str], layout_texts: list[str | None] | None = None) -> ParsedReport:
    results, censored, dc, pages, patient = parse_pages(page_texts, layout_texts)
    lab_words = 0
    if sum(1 for b in results if b.canonical) < 2:  # only needed when the results alone do not decide
        lab_words = sum(len(_LAB_WORDS_RE.findall(" ".join(lines))) for lines in pages[:5])
        if any(is_table_header(line) for lines in pages[:5] for line in lines if len(line) < 120):
            lab_words += 3  # a "Test  Result  Unit  Reference" header is strong evidence of a lab report
    return ParsedReport(biomarkers=results, patient=patient, pages=len(page_texts), censored=censored,
                        lab_words=lab_words, decimal_comma=dc)
