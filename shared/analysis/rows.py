"""The row grammar: one line of tokens -> one typed row.

Each kind of line is a class that names the rule it implements:

    ResultRow    NAME [UNIT] [FLAG] VALUE {UNIT | RANGE | FLAG}      a complete result on one line
                 NAME RANGE VALUE ...                                (range column before the result)
    ValueRow     VALUE {UNIT | RANGE | FLAG}                         the name is on a line above (or below,
                                                                     for a value centred on a two-line name),
                                                                     or the same test in a second unit
    CensoredRow  NAME (< | >) NUMBER [UNIT] ...                      a result beyond the measurable limit
    RangeRow     [LABEL:] RANGE [UNIT]                               an interval printed under its result
    NameRow      NAME                                                a test name waiting for its value line,
                                                                     the end of a wrapped name, or a section title
    AsideRow     'Sample: Serum' / 'Method: …' / '(CLIA)'            printed between a name and its value
    OtherRow     anything else (prose, headers of the patient block, footers)

A row is read from its tokens' kinds and, when the block has a header, from the
column each token stands in (`Tok.role`): a number in the name column belongs
to the name ("Vitamin B 12"), a number in the range column to the interval,
one in a previous-result column is dropped, and a bold or red value in a table
whose other values are plain is a flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from shared.analysis.layout.columns import title_role
from shared.analysis.layout.words import Word
from shared.analysis.lexicon import (
    AGE_UNITS,
    DECORATION_GLYPHS,
    GLUED_SIGN_FLAGS,
    HOUR_UNITS,
    INTERJECTED_LABELS,
    METHOD_WORDS,
    NAME_NOTE_MARKS,
    NAME_UNIT_BRACKETS,
    NAME_UNIT_SEPARATORS,
    NAME_WORD_UNITS,
    NEGATIVE_RESULTS,
    NON_RESULT_LABELS,
    PROSE_WORDS,
    SECONDS,
    SPECIMEN_PREFIXES,
    STATUS_MARKS,
    STRONG_METHOD_WORDS,
    VITAL_SIGNS,
    WEAK_FLAGS,
    Flag,
    Role,
    band_of,
    fold,
    population_of,
    sex_of,
)
from shared.analysis.markers import canonical
from shared.analysis.tokens import Kind, Tok, tokenize
from shared.analysis.units import is_unit_token
from shared.analysis.values import Range, flag_of, labelled_bounds, parse_range

# --------------------------------------------------------------------------- rows


@dataclass(slots=True)
class Row:
    """A line the grammar could not use (prose, patient header, footer)."""

    words: list[Word]
    RULE = "anything else"
    KIND = "other"

    @property
    def kind(self) -> str:
        return self.KIND

    @property
    def top(self) -> float:
        return min(w.top for w in self.words) if self.words else 0.0

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words) if self.words else 0.0

    @property
    def x0(self) -> float:
        return self.words[0].x0 if self.words else 0.0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


class OtherRow(Row):
    __slots__ = ()


@dataclass(slots=True)
class _Measured(Row):
    value: float = 0.0
    value_text: str = ""
    unit: str | None = None
    rng: Range | None = None
    ranges: list[tuple[str | None, Range]] = field(default_factory=list)  # several printed (per sex)
    flags: list[Flag] = field(default_factory=list)
    printed_flag: str | None = None
    emph: bool = False  # the value is printed bold or red
    value_x: float = 0.0  # the value's left edge (for column checks across rows)
    in_result_column: bool = False  # the value stands under a 'Result' title
    also: _Measured | None = None  # a second result printed on the same row (another unit)

    @property
    def strong(self) -> bool:
        """Has something beside the number that makes it a result: a unit, a range or a flag."""
        return bool(self.unit or self.rng or self.flags)


@dataclass(slots=True)
class ResultRow(_Measured):
    RULE = "NAME [UNIT] [FLAG] VALUE {UNIT | RANGE | FLAG}"
    KIND = "result"
    name: str = ""
    code: str | None = None  # a code printed with the name (e.g. LOINC 718-7)
    name_x1: float = 0.0


@dataclass(slots=True)
class ValueRow(_Measured):
    RULE = "VALUE {UNIT | RANGE | FLAG} (name on another line)"
    KIND = "value"


@dataclass(slots=True)
class CensoredRow(Row):
    RULE = "NAME (< | >) NUMBER [UNIT]"
    KIND = "censored"
    name: str = ""
    result: str = ""
    unit: str | None = None
    rng: Range | None = None


@dataclass(slots=True)
class RangeRow(Row):
    RULE = "[LABEL:] RANGE [UNIT]"
    KIND = "range"
    rng: Range | None = None
    unit: str | None = None
    label: str | None = None


@dataclass(slots=True)
class NameRow(Row):
    RULE = "NAME"
    KIND = "name"
    name: str = ""
    partial: bool = False  # a line of a wrapped name whose brackets do not balance: '… (valeur' / 'absolue)'
    flag: Flag | None = None  # a card's status word printed right of the name ('WBC          NORMAL')
    printed_flag: str | None = None


@dataclass(slots=True)
class UnitRow(Row):
    RULE = "UNIT-LABEL: UNIT (a card's unit line)"
    KIND = "unit"
    unit: str = ""


@dataclass(slots=True)
class FlagRow(Row):
    RULE = "FLAG-LABEL: FLAG (a card's status line)"
    KIND = "flag"
    flag: Flag | None = None
    printed: str = ""


class AsideRow(Row):
    RULE = "'Sample: …' / 'Method: …' / '(method)' between a name and its value"
    KIND = "aside"
    __slots__ = ()


# --------------------------------------------------------------------------- names

_LETTER = re.compile(r"[^\W\d_]")
_PHONE = re.compile(r"(?:\+\d{1,3}\s?)?\(\d{1,4}\)\s?\d{2,5}[-.\s]\d{3,5}")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_DIGIT = re.compile(r"\d")
_SENTENCE = re.compile(r"[a-z]\.\s+[A-Z]")
_RATIO_COLON = re.compile(r"(?<![^\W\d_])([^\W\d_])\s*:\s*([^\W\d_])(?![^\W\d_])")  # "A : G Ratio"
_END_PUNCT = re.compile(r"[.!?]\s*$")
_LIST_ITEM = re.compile(r"^\d{1,3}[.)]\s")
# A test's number in an outline of panels, before its name: '1.1 ', '1.10 ', '2.3. ', 'a) ', '(b) ', 'c. '
_OUTLINE_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){1,2}\.?|\(?[a-z]\)|[a-z]\.)\s+(?=\S*[^\W\d_])")
_LONG_NUMBER = re.compile(r"(?<!\S)\d{5,}(?!\S)")
_CODE_PART = re.compile(r"\s*(?:[\(\[]\s*(?:(?:loinc|code|cod\.?|cpt)\s*:?\s*)?\d{3,6}-\d\s*[\)\]]"
                        r"|(?:loinc|code|cod\.?|cpt)\s*:?\s*\d{1,6}-\d)", re.IGNORECASE)
_LEAD_CODE = re.compile(r"^[A-Z]{2,5}\d{4,6}\s+(?=[^\W\d_])")  # 'NPU29885 B-WBC': a catalogue code before the name
_SPECIMEN = re.compile(rf"^(?:{'|'.join(SPECIMEN_PREFIXES)})\s?[-–—]\s?(?=[^\W\d_])")  # 'P—Potassium'
_LEADERS = re.compile(r"(?:\s*[.·…_]){2,}\s*$")
_BULLETS = "-•·*>=#~_/\\▪■□●○◆►"
_MARKS = "".join(STATUS_MARKS) + DECORATION_GLYPHS + " "
_TRUNCATED = re.compile(r"\([^()]{1,12}$")  # a fixed-width printout cut the name: 'ESTIMADO (CKD'
_MARKUP = re.compile(r"<[^>]*>|[<>{}]|javascript:|on\w+=", re.IGNORECASE)


def letters(s: str) -> int:
    return len(_LETTER.findall(s))


@lru_cache(maxsize=8192)
def clean_name(text: str, partial: bool = False) -> str | None:
    """The test name as printed (whitespace collapsed, codes and leaders removed), or None if it is not one.
    `partial`: one line of a name wrapped over several (its brackets need not balance)."""
    name = _LEAD_CODE.sub("", _CODE_PART.sub("", " ".join(text.split())))
    name = _OUTLINE_NUMBER.sub("", name)  # '1.10 Platelets', 'b) Glucose': the outline's number, no part of the name
    specimen = _SPECIMEN.match(name)
    if specimen and (" " in name[specimen.end():] or any(c.islower() or (c.isalpha() and c.upper() == c.lower())
                                                           for c in name[specimen.end():])):
        name = name[specimen.end():]  # 'S—PSA gesamt', 'P-Ferro sérico', 'S–铁蛋白' (but 'P-LCR' is a name)
    name = _LEADERS.sub("", name).strip().strip(_MARKS)  # '✓ Glucose', 'Ferritin ⚠': a status mark, no name
    name = name.rstrip(":-–. ").strip()
    if name[-1:] in NAME_NOTE_MARKS:
        name = name.rstrip(NAME_NOTE_MARKS + " ")  # 'Ferritin ‡', 'Glucose¹': a footnote or accreditation mark
    if name.startswith("*") and name.count("*") == 1:
        name = name[1:].strip()
    name = name.lstrip(". ").strip()
    if not name or len(name) > 80 or _MARKUP.search(name):
        return None
    if letters(name) < 2 and not (name.isupper() and canonical(name)):  # 'K', 'P': potassium, phosphorus
        return None
    words = name.split()
    if len(words) > 10:
        return None
    if name[0] in _BULLETS or name[-1] in ",·•|/\\":
        return None
    if " · " in name or " | " in name or " • " in name or ";" in name:
        return None  # parts of an address or a footer line, or a sentence ('haemolysis; potassium above ...')
    if ":" in _RATIO_COLON.sub("/", name) or "@" in name or "http" in name.lower() or "www." in name.lower():
        return None
    if not partial and (name.count("(") != name.count(")") or name.count("[") != name.count("]")) \
            and not _TRUNCATED.search(name):
        return None
    if _SENTENCE.search(name) or _END_PUNCT.search(name) and len(words) > 4:
        return None
    lw = [fold(w).strip("()[],.;") for w in words]
    if (lw[0] in NON_RESULT_LABELS or fold(words[0]) in NON_RESULT_LABELS) \
            and not (len(words) == 1 and name.isupper() and canonical(name)):
        return None  # a label ('Sr. No.', 'Age'), not a test's abbreviation in capitals ('SR', the Nordic ESR)
    if fold(_BRACKETED.sub("", name)).strip(" :") in VITAL_SIGNS \
            and not any(canonical(b.strip("()[] ")) for b in _BRACKETED.findall(name)):
        return None  # 'BMI', 'Pulse', 'Blutdruck (RR)': a body measurement, not a laboratory result (but 'Oxygen
        # saturation (sO2)' on a blood gas report is the test its bracket names)
    if any(w in PROSE_WORDS for w in lw) and canonical(name) is None:
        return None  # a sentence's words; a catalogue name keeps its own ('Coefficient de saturation de la transferrine')
    if fold(name) in ("total", "normal", "high", "low", "h", "l", "result", "value", "resultado", "valor"):
        return None
    if _LIST_ITEM.match(name) or _LONG_NUMBER.search(name):
        return None  # a numbered list item; an address or an ID inside the name
    return name


def unit_in_name(name: str) -> tuple[str, str] | None:
    """('Hemoglobin', 'g/dL') from 'Hemoglobin (g/dL)', 'Hemoglobin [g/dL]', 'Hemoglobin, g/dL' or
    'Hemoglobin - g/dL': the unit a report without a unit column prints in the name cell; None otherwise."""
    text = name.strip()
    for opening, closing in NAME_UNIT_BRACKETS:
        if text.endswith(closing) and opening in text:
            head, _, unit = text[:-len(closing)].rpartition(opening)
            return _name_unit(head, unit)
    at, sep = max((text.rfind(sep), sep) for sep in NAME_UNIT_SEPARATORS)  # the last separator printed
    return _name_unit(text[:at], text[at + len(sep):]) if at > 0 else None


def _strip_name_unit_separator(name: str) -> str:
    for sep in NAME_UNIT_SEPARATORS:
        if name.endswith(sep.rstrip()):
            return name[:-len(sep.rstrip())].rstrip()
    return name


def _name_unit(head: str, unit: str) -> tuple[str, str] | None:
    head, unit = head.strip(), unit.strip()
    if (letters(head) < 2 and not (head.isupper() and canonical(head))) or not is_unit_token(unit) \
            or fold(unit) in NAME_WORD_UNITS:
        return None  # a name of one letter only when it is a test's symbol ('K (mmol/L)')
    return head, unit


def code_of(text: str) -> str | None:
    m = _CODE_PART.search(text)
    code = re.search(r"\d{1,6}-\d", m.group(0)) if m else None
    return code.group(0) if code else None


_LABELLED = re.compile(r"^[^\W\d_][^:\d]{0,30}:\s*\S")


def is_aside(text: str) -> bool:
    """'Sample: Serum', 'Method: Enzymatic', '(CLIA)' — printed between a name and its value; any
    'Label: text' line without a number is treated alike (it never ends a name waiting for its value)."""
    s = text.strip()
    if len(s) > 2 and s[0] == "(" and s[-1] == ")" and s.count("(") == 1:
        return not _DIGIT.search(s) or parse_range(s[1:-1]) is None  # '(4,50 bis 11,00)' is an interval
    head = fold(s.split(":", 1)[0]).strip() if ":" in s else ""
    if head and head in INTERJECTED_LABELS:
        return True
    return bool(head) and not _DIGIT.search(s) and bool(_LABELLED.match(s)) and len(head.split()) <= 3


# --------------------------------------------------------------------------- classification

_SERIAL = re.compile(r"^\d{1,3}[.)]?$|^\d{1,2}(?:\.\d{1,2}){1,2}\.?$")  # '3', '2)', '4.'; an outline's '1.10', '2.3.'
_LEAD_NUMBER_CODE = re.compile(r"^\d{4,6}$")  # a test's numeric code (an integer, no decimals or grouping)
_SEX_LABEL = re.compile(r"^[(\[]?([^\W\d_]+|男|女)[)\]]?:?$")
_FILLERS = frozenset({"ref", "ref.", "ref:", "range", "range:", "reference", "reference:", "normal:", "interval", "-",
                      ":", "=", "|", "/", "bio.", "ref.interval", "not", "estab.", "estab", "established", "applicable",
                      "n/a", "see", "note", "note:", "notes", "(see", "note)", "comment", "comment:", "+", "*", "#",
                      "<<", ">>", "<--", "-->", "<-", "->", "←", "→", "=>", "<=="})
_PRE_FLAGS = frozenset({Flag.HIGH, Flag.LOW, Flag.CRITICAL_HIGH, Flag.CRITICAL_LOW, Flag.ABNORMAL})
MAX_POPULATION_WORDS = 3  # 'Bayi baru lahir:', 'Kobiety w ciąży:'
ADULT_AGE = 18
_MAX_TOKENS = 26  # name (<= 10 words) + value + unit + range + flags + a short trailer


def _method(t: Tok) -> bool:
    return t.text.lower().strip("()[],").replace(".", "") in METHOD_WORDS


def _split_method(name_toks: list[Tok]) -> list[Tok]:
    """Drop a method column printed between the name and the value ('TOTAL CHOLESTEROL PHOTOMETRY 180 ...')."""
    k = len(name_toks)
    while k > 1 and _method(name_toks[k - 1]):
        k -= 1
    if k < len(name_toks):
        dropped = {name_toks[j].text.lower().strip("()[],").replace(".", "") for j in range(k, len(name_toks))}
        if dropped <= STRONG_METHOD_WORDS or canonical(" ".join(t.text for t in name_toks[:k])):
            return name_toks[:k]
    return name_toks


def _words_text(words: list[Word], toks: list[Tok]) -> str:
    """The printed text of a run of tokens, from the words they came from."""
    if not toks:
        return ""
    w0, w1 = toks[0].w0, toks[-1].w1
    return " ".join(w.text for w in words[w0:w1 + 1])


_LEADER = re.compile(r"^[.·…_]+$")
# a leader word standing alone, or glued between a name and its value ('Glucose......92')
_LEADER_WORD = re.compile(r"(?:^|\s)[.·…_]+(?=\s|$)|[^\W\d_][.·…_]{3,}[<>≤≥]?\d")
_GLUED_LEADER = re.compile(r"^(.*[^\W\d_])[.·…_]{3,}([<>≤≥]?\d\S*)$")


def without_leaders(words: list[Word]) -> list[Word]:
    """The words of a line without its dotted leaders (the line itself when it has none)."""
    return _without_leaders(words) if _LEADER_WORD.search(" ".join(w.text for w in words)) else words


def _unglue_leader(word: Word) -> list[Word]:
    """A name, its leader and its value printed as one word ('Glucose......92', a typewriter-style print): the name
    and the value, boxed by their share of the word's characters; the value keeps the word's emphasis."""
    m = _GLUED_LEADER.match(word.text)
    if m is None:
        return [word]
    step = (word.x1 - word.x0) / len(word.text)
    value_x0 = word.x1 - step * len(m[2])
    return [Word(m[1], word.x0, word.x0 + step * len(m[1]), word.top, word.bottom, conf=word.conf),
            Word(m[2], value_x0, word.x1, word.top, word.bottom, word.bold, word.red, word.conf)]


def _without_leaders(words: list[Word]) -> list[Word]:
    """Dotted leaders between a name and its value ('Glucose . . . . . . 92'): a run of two or more dot-only words,
    or one word of several dots, or dots glued between the name and the value ('Glucose......92')."""
    out: list[Word] = []
    words = [piece for w in words for piece in _unglue_leader(w)]
    i, n = 0, len(words)
    while i < n:
        j = i
        while j < n and _LEADER.match(words[j].text):
            j += 1
        if j - i >= 2 or (j - i == 1 and len(words[i].text) >= 2):
            i = j
            continue
        out.extend(words[i:j + 1] if j > i else words[i:i + 1])
        i = j + 1 if j > i else i + 1
    return out


def _name_brackets(words: list[Word], toks: list[Tok]) -> list[Tok]:
    """Numbers in a bracket right after the first name words belong to the name ('Blutsenkung (1 h) 7 mm/h',
    'Glucose (2 hours) 140 mg/dL'), not to the result."""
    if not toks or toks[0].kind is not Kind.WORD:
        return toks
    depth, inside = 0, set()
    for k, w in enumerate(words):
        if depth == 0 and _DIGIT.search(w.text) and not w.text.startswith("("):
            break  # the first number outside brackets: the name has ended
        opened = w.text.count("(") - w.text.count(")")
        if depth > 0 or w.text.startswith("("):
            inside.add(k)
        depth = max(depth + opened, 0)
    if not inside:
        return toks
    for t in toks:
        if t.kind in (Kind.NUM, Kind.RANGE) and all(k in inside for k in range(t.w0, t.w1 + 1)):
            t.kind, t.value, t.rng = Kind.WORD, None, None
    return toks


def _status_apart(words: list[Word]) -> int | None:
    """Where a status printed at the end of a name line starts: well apart from the name ('Red Blood Cell Count
    HIGH', 'BUN       WITHIN RANGE'), or close to it but in capitals or Chinese ('Laktatdehydrogenase NORMAL',
    'Vitamine D (25-OH) BAS', '25-羟基维生素D 偏低'); or None."""
    for k in range(len(words) - 1, max(len(words) - 4, 0), -1):
        em = max(words[k].height, 1.0)
        if words[k].x0 - words[k - 1].x1 > 0.45 * em:
            return k if flag_of(" ".join(w.text for w in words[k:])) is not None else None
    for k in (len(words) - 2, len(words) - 1):  # two words first: 'WITHIN RANGE'
        if k >= 1 and _shouted_status(" ".join(w.text for w in words[k:])):
            return k
    return None


def _shouted_status(text: str) -> bool:
    """A status word no name ends with: a flag in capitals of three letters or more, or a Chinese one."""
    if flag_of(text) is None:
        return False
    if text.isupper() and sum(c.isalpha() for c in text) >= 3:
        return True
    return len(text) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in text)


_GLUED_STATUS = re.compile(r"(?<=[a-zß-ÿ])([A-Z]{3,})$")


def unglue_status(words: list[Word]) -> list[Word]:
    """A status badge printed over the end of a long name, so the text layer glues them: 'TransferrinsättigungNORMAL',
    'Absolute NeutrophilsWITHIN' 'RANGE'. The capital tail is cut off as a word of its own when it is a status."""
    for k in (len(words) - 1, len(words) - 2):
        if k < 0:
            continue
        m = _GLUED_STATUS.search(words[k].text)
        if m is None or not _shouted_status(" ".join([m.group(1)] + [w.text for w in words[k + 1:]])):
            continue
        w = words[k]
        cut = w.x0 + (w.x1 - w.x0) * m.start() / len(w.text)
        head = Word(w.text[:m.start()], w.x0, cut, w.top, w.bottom, w.bold, w.red, w.conf)
        tail = Word(m.group(1), cut, w.x1, w.top, w.bottom, w.bold, w.red, w.conf)
        return [*words[:k], head, tail, *words[k + 1:]]
    return words


def _zone_legend(words: list[Word]) -> bool:
    """A line of flag words only (a number beside them at most) naming both directions, 'Low  Normal  High',
    'Bajo  Normal  Alto': the zones of a drawn gauge, not a result's flag."""
    marks = [w.text for w in words if not _DIGIT.search(w.text)]
    if not 2 <= len(marks) <= 6 or len(words) - len(marks) > 1:
        return False
    flags: list[Flag] = []
    i = 0
    while i < len(marks):  # the longest flag phrase first ('W normie', 'Bình thường')
        size = next((n for n in (3, 2, 1) if i + n <= len(marks) and flag_of(" ".join(marks[i:i + n]))), 0)
        if not size:
            return False
        flags.append(flag_of(" ".join(marks[i:i + size])))  # type: ignore[arg-type]
        i += size
    return len(flags) <= 4 and {Flag.LOW, Flag.HIGH} <= set(flags)


def classify(words: list[Word], decimal_comma: bool, toks: list[Tok] | None = None) -> Row:
    """One line (its words in reading order, roles already set on `toks` if the block has a header)."""
    text = " ".join(w.text for w in words)
    if toks is None and _LEADER_WORD.search(text):
        words = _without_leaders(words)
        text = " ".join(w.text for w in words)
    if _PHONE.search(text) and not _DIGIT.search(_PHONE.sub("", text)):
        return OtherRow(words)  # '(11) 3831-9793', '(217) 555-0935': a telephone number
    if _zone_legend(words):
        return OtherRow(words)  # 'Low   Normal   High' over a gauge's zones (with the value over its marker)
    if toks is None:
        words = unglue_status(words)
        text = " ".join(w.text for w in words)
    if len(words) > 1 and _code_apart(words):
        after = classify(words[1:], decimal_comma)
        if isinstance(after, NameRow) and not after.partial and after.flag is None:
            return NameRow(words, name=after.name)  # 'HGB      Hemoglobin': a test code set apart before the name
    status = _status_apart(words) if toks is None else None
    if status is not None:
        head = classify(words[:status], decimal_comma)
        printed = " ".join(w.text for w in words[status:])
        name = head.name if isinstance(head, NameRow) and not head.partial else None
        head_text = " ".join(w.text for w in words[:status])
        if name is None and not _DIGIT.search(_BRACKETED.sub("", head_text)):
            name = clean_name(head_text)  # 'Blutsenkung (1 h)': the number belongs to the name
        if name:
            return NameRow(words, name=name, flag=flag_of(printed), printed_flag=printed)
    digit = _DIGIT.search(text) is not None  # `text` stays as it is from here on
    if digit and toks is None and not _DIGIT.search(_BRACKETED.sub("", text)) and ":" not in text:
        name = clean_name(text)  # 'Blutsenkung (1 h)', 'Glucose (2 hours)': digits only inside the name's brackets
        if name and letters(_BRACKETED.sub("", text)) >= 2:
            return NameRow(words, name=name)
    if not digit:
        labelled = _labelled(words, decimal_comma)
        if labelled is not None:
            return labelled
        if is_aside(text):
            return AsideRow(words)
        name = clean_name(text)
        if name:
            return NameRow(words, name=name)
        name = clean_name(text, partial=True)
        return NameRow(words, name=name, partial=True) if name else OtherRow(words)
    labelled = _labelled(words, decimal_comma)
    if labelled is not None:
        return labelled
    if not text[0].isdigit() and (both := labelled_bounds(text, decimal_comma)) is not None:
        return RangeRow(words, rng=both)  # a card's 'Min 4.50  Max 11.00'
    pairs = _pairs(words, decimal_comma) if toks is None else None
    if pairs is not None:
        return pairs
    if len(words) > _MAX_TOKENS:
        return OtherRow(words)  # prose
    if toks is None:
        toks = _name_brackets(words, tokenize(words, decimal_comma))
    if is_aside(text):
        # 'Method: ECLIA   339   200 - 900   pg/ml': the value line of the name above, behind an aside
        return _aside_value(words, toks) or AsideRow(words)
    while len(toks) > 1 and toks[0].kind is Kind.WORD and not any(c.isalnum() for c in toks[0].text) \
            and toks[1].kind is Kind.NUM:
        toks = toks[1:]
    if not toks:
        return OtherRow(words)
    idx = _value_index(toks)
    if idx is not None:
        # after the value, columns that never carry today's result (previous results, methods, codes) are dropped
        kept = [t for t in toks[idx + 1:] if t.role not in _NOT_TODAY or t.kind is Kind.UNIT]
        toks = toks[:idx + 1] + kept
    if idx is None:
        name = clean_name(_words_text(words, [t for t in toks if t.kind is not Kind.CODE]) or text)
        return NameRow(words, name=name) if name else OtherRow(words)
    row = _read(words, toks, idx)
    if toks[0].kind in (Kind.NUM, Kind.WORD) \
            and (_SERIAL.match(toks[0].text) and not isinstance(row, (ResultRow, ValueRow))
                 or toks[0].kind is Kind.NUM and _LEAD_NUMBER_CODE.match(toks[0].text)
                 and isinstance(row, (ValueRow, OtherRow))):
        # a serial-number column: "1  Hemoglobin 13.5 g/dL 13-17", "2) Glucose ..."; a panel of one test numbered
        # in an outline ('3. TSH  2.1 mIU/L  0.4-4.0'); or a numeric test code before the name ('3275  Urea  5.3
        # mmol/L  2.1-7.1'): the row read without it is a result
        rest = toks[1:]
        j = _value_index(rest)
        if j is not None and rest[0].kind is Kind.WORD:
            row2 = _read(words, rest, j)
            if isinstance(row2, ResultRow) and row2.strong:
                return row2
    if isinstance(row, OtherRow) and toks[idx].kind is Kind.NUM and idx > 0 and len(toks[idx].text) <= 3 \
            and toks[idx].role is None:
        return _name_number(words, toks, idx) or row
    return row


_NAME_JOINERS = frozenset({"-", "/", "."})  # between a name's numbers: 'CA 19-9', 'CA 27.29'


def _name_number(words: list[Word], toks: list[Tok], idx: int) -> Row | None:
    """The row read with the short numbers after the name's first words as part of the name: "Vitamin B 12 350 pg/mL",
    "Omega 3 ...", "CA 19-9 12 U/mL <37", "Beta 2 Microglobulin 1.8 mg/L 0.8 - 2.2". Only a strong result counts."""
    for j in range(idx + 1, min(idx + 5, len(toks))):
        t = toks[j]
        if t.role is not None:
            return None
        if t.kind is Kind.NUM:
            row = _read(words, toks, j)
            if isinstance(row, ResultRow) and row.strong:
                return row
            if len(t.text) > 3:
                return None
        elif not (t.kind is Kind.WORD and (t.text in _NAME_JOINERS or letters(t.text) >= 2)):
            return None
    return None


_NUMBER_WORD = re.compile(r"^[<>≤≥(\[]?\d+(?:[.,]\d+)*[)\]]?$")


def _code_apart(words: list[Word]) -> bool:
    """The line starts with a short code standing apart (a gap wider than a cell's, before a name line of a
    LIS print: 'HGB      Hemoglobin', 'NEUT#     Neutrophils (Absolute)'), and no number follows it."""
    a, b = words[0], words[1]
    return len(a.text) <= 8 and b.x0 - a.x1 >= 0.8 * a.height and b.text[0].isalpha() and ":" not in a.text \
        and flag_of(" ".join(w.text for w in words[1:])) is None and flag_of(b.text) is None \
        and not _NUMBER_WORD.match(a.text) and not any(_NUMBER_WORD.match(w.text) for w in words[1:])


_PAIR_LABEL = re.compile(r"^[^\W\d_][^:]{0,40}:$")


def _pairs(words: list[Word], decimal_comma: bool) -> Row | None:
    """Several 'Name: value unit' pairs on one line ('Na: 140 mmol/L   K: 4.2 mmol/L   Cl: 101 mmol/L')."""
    starts = [0]
    for k in range(1, len(words)):
        if words[k].text.endswith(":") and _PAIR_LABEL.match(words[k].text) and _DIGIT.search(words[k - 1].text):
            # a label after a number: the previous pair ended (its value, or its unit after the value)
            j = k
            while j > 0 and words[j - 1].x1 > words[j].x0 - 0.6 * max(words[j].height, 1.0) \
                    and not _DIGIT.search(words[j - 1].text) and letters(words[j - 1].text):
                j -= 1  # a label of several words: 'Total Cholesterol:'
            starts.append(k if j <= starts[-1] else j)
        elif words[k].text.endswith(":") and _PAIR_LABEL.match(words[k].text) and k >= 2 \
                and _DIGIT.search(words[k - 2].text) and is_unit_token(words[k - 1].text):
            starts.append(k)
    if len(starts) < 2 or not any(w.text.endswith(":") for w in words[:3]):
        return None
    rows = [classify(words[a:b], decimal_comma) for a, b in zip(starts, [*starts[1:], len(words)], strict=True)]
    results = [r for r in rows if isinstance(r, ResultRow) and r.strong]
    if len(results) < 2:
        return None
    for a, b in zip(results, results[1:], strict=False):
        a.also = b  # read one after the other
    return results[0]


def _labelled(words: list[Word], decimal_comma: bool) -> Row | None:
    """A card's line: a column title, a colon, then that column's content ('Result: 13.5 g/dL',
    'Reference range: 12 - 16', 'Unit: g/dL', 'Status: High', 'Test: Haemoglobin')."""
    cut = next((k for k, w in enumerate(words[:5]) if w.text.endswith(":")), None)
    if cut is None:
        cut = next((k - 1 for k, w in enumerate(words[1:5], start=1) if w.text == ":"), None)
        skip = 2
    else:
        skip = 1
    if cut is None or cut + skip >= len(words):
        return None
    role = title_role(" ".join(w.text for w in words[:cut + 1]).rstrip(":").strip())
    if role is None:
        return None
    rest = words[cut + skip:]
    rest_text = " ".join(w.text for w in rest)
    if role is Role.NAME:
        name = clean_name(rest_text)
        return NameRow(words, name=name) if name else None
    if role is Role.UNIT:
        return UnitRow(words, unit=rest_text) if is_unit_token(rest_text) or letters(rest_text) else None
    if role is Role.FLAG:
        flag = flag_of(rest_text)
        return FlagRow(words, flag=flag, printed=rest_text) if flag is not None else None
    if role in (Role.RESULT, Role.RESULT_OUT, Role.RANGE):
        row = classify(rest, decimal_comma)
        if isinstance(row, ValueRow) or (isinstance(row, RangeRow) and role is Role.RANGE):
            row.words = words
            if isinstance(row, RangeRow) and row.label is None and band_of(head := " ".join(w.text for w in words[:cut + 1])):
                row.label = head  # 'Normal: 200 - 900' under 'Deficient: < 200': a decision band
            if isinstance(row, ValueRow):
                row.in_result_column = True  # the label says it is the result, unit or not
                if role is Role.RESULT_OUT and not row.flags:
                    row.flags = [Flag.ABNORMAL]
            return row
        if role is Role.RANGE:
            rng = parse_range(rest_text, decimal_comma)
            return RangeRow(words, rng=rng) if rng else None
    return None


def _aside_value(words: list[Word], toks: list[Tok]) -> Row | None:
    """The measured part of a line that starts with 'Method: …' / 'Sample: …', as a value row, if there is one."""
    if any(t.role is not None for t in toks):
        rest = [t for t in toks if t.role not in (Role.NAME, None)]
    else:
        start = next((i for i, t in enumerate(toks) if t.kind is Kind.NUM and i + 1 < len(toks)
                      and toks[i + 1].kind in (Kind.UNIT, Kind.RANGE, Kind.CMP, Kind.FLAG)), None)
        rest = toks[start:] if start is not None else []
    if not rest or rest[0].kind is not Kind.NUM:
        return None
    row = _read(words, rest, 0)
    return row if isinstance(row, ValueRow) and row.strong else None


def _value_index(toks: list[Tok]) -> int | None:
    """Where the measured part starts: the value (or a range / censored value)."""
    if any(t.role is not None for t in toks):
        for i, t in enumerate(toks):
            if t.role in (Role.RESULT, Role.RESULT_OUT) and t.kind in (Kind.NUM, Kind.CMP):
                return i
    for i, t in enumerate(toks):
        if t.kind in (Kind.NUM, Kind.RANGE, Kind.CMP) and t.role is not Role.NAME:
            return i
    return None


# Columns that never hold today's result: earlier results, methods, codes, a value's measurement uncertainty.
_NOT_TODAY = (Role.PREVIOUS, Role.METHOD, Role.OTHER, Role.UNCERTAINTY)
_BEFORE_VALUE = (Role.RANGE, Role.UNIT, Role.FLAG, Role.RESULT_OUT, *_NOT_TODAY)


def _read(words: list[Word], toks: list[Tok], idx: int) -> Row:
    # with columns, tokens standing in a data column before the value (a range column printed first) are not name
    cut = next((i for i, t in enumerate(toks[:idx]) if t.role in _BEFORE_VALUE and t.kind is not Kind.WORD and i), idx)
    if cut < idx:
        moved = [t for t in toks[cut:idx] if t.role in (Role.RANGE, Role.UNIT, Role.FLAG)]
        toks = toks[:cut] + [toks[idx]] + moved + toks[idx + 1:]
        idx = cut
    first_name = next((i for i, t in enumerate(toks[:idx]) if t.role is Role.NAME), None)
    if first_name:  # a code column before the name ('WBC  White Blood Cells ...'): not part of the name
        toks, idx = toks[first_name:], idx - first_name
    name_toks = [t for t in toks[:idx] if t.kind is not Kind.CODE]
    if toks[:idx] and toks[0].role is Role.NAME:
        # a column of other matter between the name and the value (specimen, code), set apart from the name by a
        # column's gap: not part of the name (a long name running on into that column stays whole)
        k = next((i for i, t in enumerate(name_toks) if i and t.role is Role.OTHER and name_toks[i - 1].role is Role.NAME
                  and t.x0 - name_toks[i - 1].x1 >= 0.8 * words[t.w0].height), None)
        if k is not None:
            name_toks = name_toks[:k] + [t for t in name_toks[k:] if t.role is not Role.OTHER]
    code = next((t.text for t in toks[:idx] if t.kind is Kind.CODE), None)
    pre_unit: str | None = None
    pre_flags: list[Tok] = []
    if len(name_toks) > 1 and name_toks[-1].kind is Kind.WORD and _sign_apart(words, name_toks[-2], name_toks[-1], toks[idx]):
        name_toks[-1].kind, name_toks[-1].flag = Kind.FLAG, GLUED_SIGN_FLAGS[name_toks[-1].text]  # a sign column's '-'
    if len(name_toks) > 1 and name_toks[-1].kind is Kind.FLAG and name_toks[-1].flag in _PRE_FLAGS \
            and name_toks[-1].role is not Role.NAME and not words[name_toks[-1].w0].text.startswith("(" + "C") \
            and (fold(name_toks[-1].text) not in WEAK_FLAGS or name_toks[-1].text in ("H", "L")
                 or name_toks[-1].role is Role.FLAG or _letter_flag_before(name_toks)
                 or _sign_apart(words, name_toks[-2], name_toks[-1], toks[idx])):
        pre_flags = [name_toks[-1]]  # "Hemoglobin H 18.5 g/dL", "Haemoglobin * 17.2": a flag before the result
        name_toks = name_toks[:-1]
    if name_toks and name_toks[-1].kind is Kind.UNIT and name_toks[-1].role is not Role.NAME \
            and ("/" in name_toks[-1].text or name_toks[-1].text == "%" or name_toks[-1].role is Role.UNIT):
        pre_unit = name_toks[-1].text.strip("()[]")
        name_toks = name_toks[:-1]
    elif name_toks and name_toks[-1].kind is Kind.UNIT and _bracketed(words, name_toks[-1]) \
            and name_toks[-1].role is not Role.NAME and fold(name_toks[-1].text.strip("()[]")) not in NAME_WORD_UNITS:
        pre_unit = name_toks[-1].text
        name_toks = name_toks[:-1]
    elif len(name_toks) > 1 and name_toks[-1].kind is Kind.WORD and name_toks[-1].role is Role.UNIT \
            and fold(name_toks[-1].text) in SECONDS:
        pre_unit = name_toks[-1].text  # seconds in the unit column, before the value ('PT  s  11.5')
        name_toks = name_toks[:-1]
    while name_toks and name_toks[-1].kind is Kind.INTRO:
        name_toks = name_toks[:-1]
    name_toks = _split_method(name_toks)
    kept = set(map(id, name_toks))
    raw_name = _words_text(words, [t for t in toks[:idx] if id(t) in kept or (t.kind is Kind.CODE and name_toks)])
    if pre_unit is not None:
        raw_name = _strip_name_unit_separator(raw_name)  # 'Glucose, mmol/L 5.2': the comma joined name and unit
    first = toks[idx]
    rest = toks[idx + 1:]
    rng: Range | None = None
    if first.kind is Kind.NUM and len(first.text) == 2 and first.text[0] == "0" and rest and rest[0].kind is Kind.NUM:
        first, rest = rest[0], rest[1:]  # a two-digit lab/footnote code column ("WBC 01 6.2 ...")
    if _age_label(toks, idx) and not name_toks:
        band = next((t for t in toks[idx + 2:] if t.kind in (Kind.RANGE, Kind.CMP) and t.rng is not None), None)
        if band is not None:  # '≥ 50 years: 0.70 - 1.30' under a result: an interval for an age band
            return RangeRow(words, rng=band.rng, label=f"{first.text} {toks[idx + 1].text}".rstrip(":"))
    if first.kind is Kind.RANGE:
        if rest and rest[0].kind is Kind.NUM and name_toks and first.role is not Role.RESULT:
            rng, first, rest = first.rng, rest[0], rest[1:]
        elif len(rest) > 1 and rest[0].kind is Kind.FLAG and rest[1].kind is Kind.NUM and name_toks \
                and first.role is not Role.RESULT and rest[0].role in (None, Role.FLAG):
            rng, first, rest = first.rng, rest[1], [rest[0], *rest[2:]]  # '[4,3;5,8]  +  5,9': a flag column between
        else:
            label = raw_name or _band_label(toks, idx)
            tail = [t for t in rest if t.kind not in (Kind.UNIT, Kind.INTRO)]
            if not label and tail and len(_band_after(words, tail, 0, plain_flags=True)) == len(tail):
                label, tail = " ".join(t.text for t in tail), []  # '20 - 29 (Insufficiency)': a band's label after it
            if (not label or label.endswith(":") or sex_of(label) or band_of(label) or fold(label.rstrip(":")) in _FILLERS
                    or all(t.kind is Kind.INTRO for t in toks[:idx])) and not tail:
                unit = pre_unit or next((t.text for t in rest if t.kind is Kind.UNIT), None)
                return RangeRow(words, rng=first.rng, unit=unit, label=label or None)
            return OtherRow(words)
    elif first.kind is Kind.CMP:
        alone = idx == 0 and not rest and first.rng is not None
        if alone and (first.role in (None, Role.RANGE, Role.RESULT) or _bracketed(words, first)):
            return RangeRow(words, rng=first.rng)  # '>60' alone under its result (a receipt's, in its cell), '[< 4.00]'
        if first.role is Role.RANGE:
            return OtherRow(words)
        unit = pre_unit
        cr = None
        for t in rest:
            if t.kind is Kind.UNIT and unit is None:
                unit = t.text
            elif t.kind in (Kind.RANGE, Kind.CMP) and cr is None:
                cr = t.rng
        name = clean_name(raw_name) if raw_name else None
        if not name:
            if not raw_name and any(t.kind is Kind.INTRO for t in toks[:idx]) \
                    and all(t.kind in (Kind.UNIT, Kind.INTRO) for t in rest):
                return RangeRow(words, rng=first.rng, unit=unit, label=_band_label(toks, idx))
            return OtherRow(words)
        return CensoredRow(words, name=name, result=first.text.replace(" ", ""), unit=unit, rng=cr)
    return _read_measured(words, name_toks, raw_name, code, pre_unit, pre_flags, first, rest, rng)


def _band_label(toks: list[Tok], idx: int) -> str | None:
    """The words before a range when they are a decision band's label ('Normal:', 'High :'), else None."""
    text = " ".join(t.text for t in toks[:idx])
    return text if band_of(text) else None


def _age_label(toks: list[Tok], i: int) -> bool:
    """toks[i] is the ages of an age band ('18-49' or '≥ 50' before 'years:', 'J.:', 'años:')."""
    if not (toks[i].kind in (Kind.RANGE, Kind.CMP) and i + 1 < len(toks) and toks[i + 1].kind is Kind.WORD
            and fold(toks[i + 1].text.rstrip(":")) in AGE_UNITS):
        return False
    # a colon after the age word, or (glued: '18-49岁: …' loses it) the interval right after it
    return toks[i + 1].text.endswith(":") or (i + 2 < len(toks) and toks[i + 2].kind in (Kind.RANGE, Kind.CMP))


def _sign_apart(words: list[Word], before: Tok, sign: Tok, value: Tok) -> bool:
    """'Basofili % - %    +    2.6': a '+' or '-' alone in its column between the name and the value (a column's
    gap on both sides) is a flag, not the end of the name."""
    h = words[sign.w0].height
    return sign.text in GLUED_SIGN_FLAGS and sign.x0 - before.x1 >= 0.8 * h and value.x0 - sign.x1 >= 0.8 * h


def _letter_flag_before(name_toks: list[Tok]) -> bool:
    """'Glóbulos brancos A 12810': the letter is a flag (pt 'A' alto, 'B' baixo) when the name reads as a test
    without it and not with it ('Vitamin A' keeps its letter)."""
    if name_toks[-1].text not in ("A", "B"):
        return False
    with_letter = " ".join(t.text for t in name_toks)
    without = " ".join(t.text for t in name_toks[:-1])
    key = canonical(without)
    return key is not None and canonical(with_letter) in (None, key)


def _bracketed(words: list[Word], t: Tok) -> bool:
    w = words[t.w0].text
    return (w.startswith("(") and words[t.w1].text.endswith(")")) or (w.startswith("[") and words[t.w1].text.endswith("]"))


def _second_measure(rest: list[Tok], pre_unit: str | None) -> int | None:
    """Where a second value in another unit starts on the same row ('55,4 %   7,10 Tsd/µl   1,80 - 7,70')."""
    unit = pre_unit
    for j, t in enumerate(rest):
        if t.kind is Kind.UNIT and unit is None:
            unit = t.text
        elif t.kind is Kind.NUM and t.role not in (Role.RANGE, Role.PREVIOUS) and unit is not None:
            k = j + 2 if j + 2 < len(rest) and rest[j + 1].kind is Kind.FLAG else j + 1  # '0,51 * Tsd/µl'
            if k < len(rest) and rest[k].kind is Kind.UNIT and rest[k].text != unit:
                return j
            return None
        elif t.kind in (Kind.DATE, Kind.NUM):
            return None
    return None


def _intervals_in_order(head: list[Tok], tail: list[Tok]) -> tuple[list[Tok], list[Tok]]:
    """'55.4 %  6.47 10*9/L  40.0 to 75.0 %  1.80 to 7.70 10*9/L': both values first, then both intervals in the
    same order; the first interval (and its unit) goes back to the first value."""
    if any(t.kind in (Kind.RANGE, Kind.CMP) for t in head):
        return head, tail
    at = [i for i, t in enumerate(tail) if t.kind in (Kind.RANGE, Kind.CMP)]
    if len(at) < 2:
        return head, tail
    i = at[0]
    n = 2 if i + 1 < len(tail) and tail[i + 1].kind is Kind.UNIT else 1
    return head + tail[i:i + n], tail[:i] + tail[i + n:]


def _read_measured(words: list[Word], name_toks: list[Tok], raw_name: str, code: str | None, pre_unit: str | None,
                   pre_flags: list[Tok], value_tok: Tok, rest: list[Tok], rng: Range | None) -> Row:
    split = _second_measure(rest, pre_unit)
    if split is not None:
        # two results on one row: the share and the count of a white cell, or one test in two unit systems
        head, tail = _intervals_in_order(rest[:split], rest[split + 1:])
        first = _read_measured(words, name_toks, raw_name, code, pre_unit, pre_flags, value_tok, head, rng)
        second = _read_measured(words, name_toks, raw_name, code, None, [], rest[split], tail, None)
        if isinstance(first, (ResultRow, ValueRow)) and isinstance(second, (ResultRow, ValueRow)) \
                and type(second) is type(first):
            first.also = second
            return first
    unit = pre_unit
    flags: list[Flag] = []
    printed: list[str] = []
    trailer: list[Tok] = []
    extra: list[Tok] = []
    ranges: list[tuple[str | None, Range]] = [(None, rng)] if rng else []
    prev: Tok | None = None
    seen_date = False
    range_nums: list[Tok] = []
    seq = [*pre_flags, *rest]
    age_label: str | None = None
    banded = False  # a decision band's label printed before an interval
    skip = -1
    words_before: list[Tok] = []  # the words since the last token of another kind: a range's label
    for i, t in enumerate(seq):
        if i == skip:
            continue
        if _age_label(seq, i):
            age_label, skip = f"{t.text} {seq[i + 1].text}".rstrip(":"), i + 1  # '18-49 years:' labels the next
            continue
        if t.kind in (Kind.RANGE, Kind.CMP) and t.rng is not None and words_before:
            people = " ".join(w.text for w in words_before[-MAX_POPULATION_WORDS:])
            if population_of(people) or sex_of(people):  # 'Pregnant women:', 'Nam giới:': the run labels the range
                age_label = age_label or people
                trailer = [w for w in trailer if all(w is not b for b in words_before)]
        if ranges and prev is not None and prev.kind in (Kind.RANGE, Kind.CMP) \
                and t.kind in (Kind.WORD, Kind.FLAG, Kind.INTRO) \
                and (after := _band_after(words, seq, i, unlabelled=ranges[-1][0] is None)):
            ranges[-1], banded, skip = (" ".join(w.text for w in after), ranges[-1][1]), True, i + len(after) - 1
            prev = None  # '< 20 (Deficiency)', '100 - 125 Prediabetes': the band's label after its interval
            continue
        run_before, words_before = words_before, [*words_before, t] if t.kind in (Kind.WORD, Kind.FLAG) else []
        if t.kind is Kind.DATE:
            seen_date = True
        elif t.kind is Kind.FLAG and t.flag is not None:
            if t.role in (None, Role.FLAG, Role.RESULT) or fold(t.text) not in WEAK_FLAGS \
                    or t.role is Role.UNIT and i + 1 < len(seq) and seq[i + 1].kind is Kind.UNIT:
                # ('L' before 'ng/ml' in the unit column: a flag in an untitled column, not a litre)
                flags.append(t.flag)
                printed.append(t.text)
        elif t.kind is Kind.UNIT and unit is None and (not extra or seen_date):
            unit = t.text  # after extra numbers only in a previous-results layout ("5.8 01/03/2019 x10E3/uL")
        elif t.kind in (Kind.RANGE, Kind.CMP) and t.rng is not None:
            label = age_label or t.sex or (prev.text if prev is not None and prev.kind in (Kind.WORD, Kind.FLAG)
                                           else None)
            if not age_label and not t.sex and (band := _band_before(words, run_before, prev, t, flags, printed)):
                label, banded = " ".join(w.text for w in band), True
                trailer = [w for w in trailer if all(w is not b for b in band)]
            ranges.append((label, t.rng))
            age_label = None
        elif t.kind is Kind.NUM:
            if t.role is Role.RANGE:
                range_nums.append(t)
            else:
                extra.append(t)
        elif t.kind is Kind.WORD and t.role is Role.UNIT and unit is None and not _DIGIT.search(t.text) \
                and letters(t.text) >= 1:
            unit = t.text  # whatever the unit column holds ('Lakhs/cmm', 'cells/HPF')
        elif t.kind not in (Kind.INTRO, Kind.CODE):
            trailer.append(t)
        prev = t
    if len(flags) > 1 and any(letters(p) >= 2 for p in printed):
        # a word flag beats a sign beside it ('+ LOW': the '+' is a bullet, not 'high'; '** NORMAL **')
        pairs = [(f, p) for f, p in zip(flags, printed, strict=True) if letters(p) >= 2]
        flags, printed = [f for f, _ in pairs], [p for _, p in pairs]
    if len(range_nums) == 2 and range_nums[0].value is not None and range_nums[1].value is not None \
            and range_nums[0].value <= range_nums[1].value:
        ranges.append((None, Range(range_nums[0].value, range_nums[1].value,
                                   f"{range_nums[0].text} - {range_nums[1].text}")))
    if len(range_nums) == 1 and range_nums[0].bound is not None and range_nums[0].value is not None:
        one = range_nums[0]  # one limit printed, in the lower or the upper limit's column
        ranges.append((None, Range(one.value, None, f">= {one.text}") if one.bound == 0
                       else Range(None, one.value, f"<= {one.text}")))
    if ranges:
        rng = ranges[0][1]
    if rng is None and len(extra) == 2 and extra[0].value is not None and extra[1].value is not None \
            and extra[0].value < extra[1].value:
        rng = Range(extra[0].value, extra[1].value, f"{extra[0].text} {extra[1].text}")
        ranges = [(None, rng)]
        extra = []
    reading = fold(" ".join(t.text for t in trailer))
    trailer = _drop_fillers(trailer, unit, rng, bool(ranges))
    if trailer:
        texts = [t.text for t in trailer]
        digits = any(_DIGIT.search(w) for w in texts)
        all_caps = all(w.isupper() and letters(w) >= 2 for w in texts)
        if digits or len(texts) > 3:
            return OtherRow(words)
        negative = unit and not ranges and reading in NEGATIVE_RESULTS  # 'HBsAg 0.31 S/CO Negative'
        if not (negative or (unit and all_caps) or (unit and rng and len(texts) == 1 and texts[0][:1].isupper())):
            return OtherRow(words)
    if unit is None and raw_name and (split_off := unit_in_name(raw_name)) is not None:
        raw_name, unit = split_off  # no unit column: the unit was printed in the name cell
    if extra and not (unit and rng):
        return OtherRow(words)
    name = clean_name(raw_name) if raw_name else None
    if raw_name and not name:
        return OtherRow(words)
    if unit is not None and fold(unit) in HOUR_UNITS:
        return OtherRow(words)  # 'Fasting: 12 hrs': a time, not a result
    keep = len(ranges) > 1 or any(sex_of(label) or (label and len(label.strip("():")) == 1) or age_band(label)
                                  or population_of(label) for label, _ in ranges) or banded
    row: ResultRow | ValueRow = ResultRow(words, name=name, code=code,
                                          name_x1=name_toks[-1].x1 if name_toks else 0.0) if name else ValueRow(words)
    row.value, row.value_text, row.unit, row.rng = value_tok.value or 0.0, value_tok.text, unit, rng
    row.ranges = ranges if keep else []
    row.flags, row.printed_flag = flags, printed[0] if printed else None
    row.emph, row.value_x = value_tok.emph, value_tok.x0
    row.in_result_column = value_tok.role in (Role.RESULT, Role.RESULT_OUT)
    if value_tok.role is Role.RESULT_OUT and not flags:
        row.flags, row.printed_flag = [Flag.ABNORMAL], "out of range"  # the 'out of range' column is the flag
    return row


def _band_before(words: list[Word], words_before: list[Tok], prev: Tok | None, at: Tok, flags: list[Flag],
                 printed: list[str]) -> list[Tok]:
    """The label of a decision band and its colon right before its interval `at` ('Deficiency:', 'Borderline
    high:', 'Normal:', 'Low : <3.5'), as its tokens, or none ('High 0.0 - 0.1': a flag, then the interval). A flag
    word that labels a band is no flag of the row: it is taken out of `flags`."""
    if prev is None or not (prev.text.endswith((":", "：")) or any(words[i].text in (":", "：")
                                                                  for i in range(prev.w1 + 1, at.w0))):
        return []
    if prev.kind is Kind.INTRO and band_of(prev.text):
        return [prev]  # 'Normal:' reads as a range's intro
    n = next((n for n in range(min(len(words_before), MAX_POPULATION_WORDS), 0, -1)
              if band_of(" ".join(w.text for w in words_before[-n:]))), 0)
    label = words_before[len(words_before) - n:]
    for w in label:
        if w.kind is Kind.FLAG and w.text in printed:
            k = len(printed) - 1 - printed[::-1].index(w.text)
            del flags[k], printed[k]
    return label


def _band_after(words: list[Word], seq: list[Tok], i: int, *, plain_flags: bool = False,
                unlabelled: bool = False) -> list[Tok]:
    """The label of a decision band printed after its interval, from seq[i] on: in brackets ('(Deficiency)',
    '(Borderline high)', '(Normal)'), or plain when it is no flag word and ends the line or the cell, or the
    interval before it has no label of its own ('30 - 100 Sufficiency', '< 20 Deficiency 20 - 29 Insufficiency';
    with `plain_flags`, on a line of its own, also 'Normal', 'High'); as its tokens, or none."""
    for n in (1, 2, 3):
        run = seq[i:i + n]
        if len(run) < n or any(t.kind not in (Kind.WORD, Kind.FLAG, Kind.INTRO) for t in run):
            return []
        text = " ".join(t.text for t in run)
        first, last = words[run[0].w0].text, words[run[-1].w1].text
        bracketed = first.startswith("(") and last.endswith(")")
        if not bracketed and any(t.kind is Kind.INTRO for t in run):
            return []  # 'Normal 3.5 - 5.1': the next interval's introducer
        ends = i + n == len(seq) or seq[i + n].kind not in (Kind.RANGE, Kind.CMP, Kind.NUM)
        if band_of(text) and (bracketed or ((ends or unlabelled) and (plain_flags or (n == 1 and flag_of(text) is None)))):
            return run
        if not first.startswith("("):
            return []
    return []


def _drop_fillers(trailer: list[Tok], unit: str | None, rng: Range | None, has_ranges: bool) -> list[Tok]:
    """Words after the value that do not matter: fillers and labels ('Ref:', 'Desirable:', '(M)'), a method name,
    an all-caps qualifier after a unit ('% NGSP UNIT'), dates of previous results, the unit printed again."""
    kept = []
    for t in trailer:
        low = t.text.lower()
        if low in _FILLERS or (has_ranges and low.endswith(":") and letters(low) >= 1
                               and not _DIGIT.search(low)):
            continue
        if sex_of(t.text) or _method(t):
            continue
        if unit and t.kind is Kind.UNIT:
            continue
        kept.append(t)
    return kept


_AGE_BAND = re.compile(r"^(?:(\d{1,3})\s*[-–]\s*(\d{1,3})|([<>≤≥]=?)\s*(\d{1,3}))\s")


def age_band(label: str | None) -> tuple[float, float] | None:
    """The ages an age band's label covers ('18-49 years' -> 18..49, '≥ 50 J.' -> 50..), None for other labels."""
    m = _AGE_BAND.match(label or "")
    if m is None:
        return None
    if m[1]:
        return float(m[1]), float(m[2])
    n = float(m[4])
    sign = m[3]
    if sign[0] in "<≤":
        return 0.0, n - (1 if sign == "<" else 0)
    return n + (1 if sign == ">" else 0), 200.0


def _fits(label: str | None, age: int | None) -> bool:
    """A range's population label fits the patient: an adult unless the header says a younger age, never
    pregnancy (no report says the patient is pregnant); a label of no population fits."""
    kinds = population_of(label)
    if not kinds:
        return True
    if "pregnancy" in kinds:
        return False
    if kinds & {"child", "newborn"}:
        return age is not None and age < (1 if "newborn" in kinds else ADULT_AGE)
    return age is None or age >= ADULT_AGE


def pick_range(row: _Measured, sex: str | None, age: int | None = None) -> Range | None:
    """With several printed ranges (e.g. 'M: 13-17 F: 12-15', '18-49 years: … ≥ 50 years: …', 'Children: …
    Adults: …'), the one for the patient's sex, age or population."""
    if row.ranges and age is not None:
        for label, rng in row.ranges:
            band = age_band(label)
            if band is not None and band[0] <= age <= band[1]:
                return rng
    ranges = [(label, rng) for label, rng in row.ranges if _fits(label, age)]
    if ranges and sex:
        labels = tuple(label for label, _ in row.ranges if label)
        for label, rng in ranges:
            if sex_of(label, labels) == sex:
                return rng
    bands = [(band_of(label), rng) for label, rng in ranges]
    if any(kind == "abnormal" for kind, _ in bands):  # decision bands: the in-range one ('Sufficiency: 30 - 100')
        in_range = next((rng for kind, rng in bands if kind == "normal"), None)
        if in_range is not None:
            return in_range
    if ranges and len(ranges) < len(row.ranges):  # some intervals are for other populations: the first that fits
        return next((rng for label, rng in ranges if population_of(label)), ranges[0][1])
    return row.rng
