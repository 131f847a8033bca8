"""From words with positions to biomarkers: pages -> blocks -> lines -> rows -> results.

    page    words (PDF text layer or OCR), each with its box, bold and red
    blocks  the page cut where a wide gutter runs down it (layout/blocks.py): side-by-side tables
    lines   words grouped by vertical overlap, left to right (layout/lines.py)
    header  a line of column titles gives the columns and their roles (layout/columns.py)
    rows    each line typed by the row grammar (rows.py), its tokens carrying the column they stand in
    results rows assembled into results: a name line and its value line, a name wrapped over two
            lines, a value centred between the two lines of its name, 'Sample:'/'Method:' lines in
            between, an interval printed under its result, the same test in a second unit

The report's own flag comes first (a printed H/L/*/word, a status column, or a
value printed bold or red in a table whose other values are plain); otherwise
the printed range implies it. Names are kept as printed; `canonical` maps them
to our marker keys where the catalogue knows them (unknown names are kept too).
Nothing here knows any laboratory or file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TypeVar

from shared.analysis.gauges import drop_gauges
from shared.analysis.layout.across import MAX_LINES, as_rows, panel_at
from shared.analysis.layout.blocks import split_blocks
from shared.analysis.layout.columns import (
    Columns,
    all_titles,
    detect_header,
    merge_lines,
    stacked_header,
    stamp_line,
    stamps_only,
    title_like,
    units_under,
)
from shared.analysis.layout.lines import Line, median
from shared.analysis.layout.records import rewrite_records
from shared.analysis.layout.roles import continues, infer_columns, row_like
from shared.analysis.layout.words import PageWords, Word, fix_private_use
from shared.analysis.legend import find_legend, keyed
from shared.analysis.lexicon import (
    CONTINUATION_FOOTERS,
    GLUED_SIGN_FLAGS,
    INLINE_RESULT_SEPARATORS,
    LAB_WORDS,
    METHOD_WORDS,
    QUALITATIVE_RESULTS,
    TWO_SCALE_TESTS,
    UNCERTAINTY_SIGNS,
    Flag,
    Role,
    fold,
)
from shared.analysis.markers import canonical, name_word, panel_of
from shared.analysis.ocrfix import fix_name
from shared.analysis.patient import Patient, parse_patient
from shared.analysis.rows import (
    AsideRow,
    CensoredRow,
    FlagRow,
    NameRow,
    OtherRow,
    RangeRow,
    ResultRow,
    Row,
    UnitRow,
    ValueRow,
    classify,
    clean_name,
    pick_range,
    without_leaders,
)
from shared.analysis.tokens import Kind, Tok, pieces_of, tokenize, tokens_of
from shared.analysis.units import is_unit_token
from shared.analysis.values import Range, count_decimal_evidence, flag_of, judge, parse_number, resolve_flag

__all__ = ["CensoredResult", "ParsedMarker", "ParsedReport", "Patient", "parse_line", "parse_texts", "parse_words",
           "split_lines", "text_words"]

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
    code: str | None = None  # a code printed with the name (e.g. a LOINC code)
    source: str = "text"  # "text" (PDF text layer) or "ocr"
    confidence: float = 1.0

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("range_strict", None)
        return d

    def printed_range(self) -> Range | None:
        """The interval attached to this result (strict bounds included), or None."""
        if self.ref_low is None and self.ref_high is None:
            return None
        return Range(self.ref_low, self.ref_high, self.ref_text or "", *self.range_strict)


@dataclass(slots=True)
class CensoredResult:
    name: str
    canonical: str | None
    result: str  # as printed, e.g. "<0.5"
    unit: str | None
    ref_text: str | None
    page: int


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


# --------------------------------------------------------------------------- text clean-up

_DIGIT = re.compile(r"\d")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u200b\u200c\u200d\u2060\u00ad\u202a-\u202e\u2066-\u2069]")


def _clean_words(words: list[Word]) -> list[Word]:
    words = _run_on_cjk(drop_gauges(_drop_sheet_headings(_drop_uncertainty(words))))
    if not _CTRL.search(" ".join([w.text for w in words])):
        return [w for w in words if w.text]  # no control character on the page (most pages): one search, not one a word
    out = []
    for w in words:
        t = _CTRL.sub("", w.text)
        if t:
            w.text = t
            out.append(w)
    return out


_NUMBER = re.compile(r"[<>≤≥]?\d[\d.,]*")
_CJK_END = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]$")


def _run_on_cjk(words: list[Word]) -> list[Word]:
    """Two runs of one Chinese name set in two fonts ('维生素' in a CJK face, 'B12(VB12)' in a Latin one, printed a
    hair apart, less than a space): one word, as the name has no space. Only a Latin letter runs on (a number or
    more Chinese after it stays apart: '男' '女' under sex columns)."""
    out: list[Word] = []
    for w in words:
        p = out[-1] if out else None
        if p is not None and _CJK_END.search(p.text) and w.text[:1].isascii() and w.text[:1].isalpha() \
                and abs(w.top - p.top) < 0.3 * p.height and 0 <= w.x0 - p.x1 < 0.3 * p.height:
            p.text, p.x1, p.top, p.bottom = p.text + w.text, w.x1, min(p.top, w.top), max(p.bottom, w.bottom)
            continue
        out.append(w)
    return out


def _joined(first: str, then: str) -> str:
    """A name's two lines as one: Chinese text wraps anywhere, so a line that ends in a Chinese character runs on
    with no space ('维生素' / 'B12(VB12)' is '维生素B12(VB12)'); other lines are joined by a space."""
    return first + then if _CJK_END.search(first) else f"{first} {then}"
_COLUMN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _drop_sheet_headings(words: list[Word]) -> list[Word]:
    """A spreadsheet printed with its headings: the column letters (A B C ... in order on one line) and, under
    them down the left edge, the row numbers (increasing, left of every other word) are no part of the report.
    Without the letters' line nothing is dropped (a numbered first column, '#' 1 2 3, stays)."""
    capitals = [w for w in words if len(w.text) == 1 and w.text in _COLUMN_LETTERS]
    if len(capitals) < 3:
        return words  # most pages: no line of column letters
    line = [w for w in capitals if w.text == "A"]
    for a in line:
        row = sorted((w for w in capitals if abs(w.top - a.top) < 0.3 * a.height and w.x0 >= a.x0), key=lambda w: w.x0)
        letters = [w for i, w in enumerate(row) if i < len(_COLUMN_LETTERS) and w.text == _COLUMN_LETTERS[i]]
        if len(letters) < 3 or len(letters) != len(row):
            continue
        below = [w for w in words if w.top > a.bottom]
        ints = [w for w in below if w.text.isdigit() and len(w.text) <= 5]
        left = min((w.x0 for w in below if not (w.text.isdigit() and len(w.text) <= 5)), default=a.x0)
        gutter = sorted((w for w in ints if w.x1 < left and w.x1 < a.x0), key=lambda w: w.top)
        values = [int(w.text) for w in gutter]
        if len(gutter) < 5 or any(b <= v for v, b in zip(values, values[1:], strict=False)):
            continue
        drop = {id(w) for w in letters + gutter}
        return [w for w in words if id(w) not in drop]
    return words
_UNCERTAINTY = re.compile("(" + "|".join(re.escape(s) for s in UNCERTAINTY_SIGNS) + ")")


def _drop_uncertainty(words: list[Word]) -> list[Word]:
    """A value's measurement uncertainty ('13.20 ± 0.41', '5,10±0,15', '5,10 ±0,15') dropped: the sign and the number
    after it, when a number stands right before the sign on the same line; the value stays."""
    if not _UNCERTAINTY.search(" ".join([w.text for w in words])):
        return words  # no sign on the page (most pages): one search, not one a word
    out: list[Word] = []
    skip = -1
    for i, w in enumerate(words):
        if i == skip:
            continue
        head, sign, tail = (_UNCERTAINTY.split(w.text, maxsplit=1) + ["", ""])[:3]
        if not sign or (tail and not _NUMBER.fullmatch(tail)):
            out.append(w)
            continue
        prev = out[-1] if out else None
        same = prev is not None and abs(prev.top - w.top) < 0.5 * w.height and prev.x1 <= w.x0 + 1
        if head and _NUMBER.fullmatch(head):  # glued to its value: keep the value's part of the word
            w.x1 = w.x0 + (w.x1 - w.x0) * len(head) / len(w.text)
            w.text = head
            out.append(w)
        elif head or not (same and prev is not None and _NUMBER.fullmatch(prev.text)):
            out.append(w)
            continue
        if not tail and i + 1 < len(words):
            nxt = words[i + 1]
            if _NUMBER.fullmatch(nxt.text) and abs(nxt.top - w.top) < 0.5 * w.height:
                skip = i + 1
    return out


def _is_noise(line: Line) -> bool:
    s = "".join(w.text for w in line.words)
    if len(s) >= 12 and s.count("0") + s.count("1") >= 0.9 * len(s):
        return True  # QR/barcode drawn as 0/1 characters
    if fold(" ".join(w.text for w in line.words).strip(_FOOTER_MARKS)) in CONTINUATION_FOOTERS:
        return True  # '(continued)' at the page's foot: never a fragment of the last row's cells
    return not any(c.isalnum() for c in s)  # rules: ----- ===== ____


_FOOTER_MARKS = "()[]*.…:-–— "


# --------------------------------------------------------------------------- plain text as words

_CHAR_W = 5.0  # points per character of synthetic text
_LINE_H = 10.0


def text_words(text: str) -> list[Word]:
    """Words of plain text lines, placed as if printed in a monospaced font (tests, plain-text input)."""
    words: list[Word] = []
    for i, raw in enumerate(re.split(r"\r\n|\r|\n", text)):
        top = i * 1.5 * _LINE_H
        for m in re.finditer(r"\S+", raw.replace("\t", "    ")):
            words.append(Word(m.group(), m.start() * _CHAR_W, m.end() * _CHAR_W, top, top + _LINE_H))
    return words


def split_lines(text: str) -> list[str]:
    """Non-empty, cleaned lines of a plain text (the page text sent to Gemini)."""
    text = fix_private_use(text)
    out = []
    for raw in re.split(r"\r\n|\r|\n", text):
        line = _CTRL.sub("", raw).strip()
        if line and any(c.isalnum() for c in line):
            out.append(line)
    return out


# --------------------------------------------------------------------------- document state


_SEP_NUMBER = re.compile(r"(?<![\d.,])\d+[.,]\d+(?![\d.,])")


def _decimal_comma(words: list[Word]) -> bool:
    toks = _SEP_NUMBER.findall(" ".join(w.text for w in words))  # as word by word: no match crosses a space
    comma, point = count_decimal_evidence(toks)
    return comma > point


@dataclass(slots=True)
class _Doc:
    decimal_comma: bool
    sex: str | None
    age: int | None = None
    columns: Columns | None = None  # carried to the next page while its table continues
    inferred: Columns | None = None  # the last table whose columns were read from its content (no header)
    seen_header: bool = False
    results: list[ParsedMarker] = field(default_factory=list)
    censored: list[CensoredResult] = field(default_factory=list)
    unread: int = 0
    last_serial: int | None = None  # the last row number of a numbered results list


def _tight(upper: Row, lower: Row) -> bool:
    """Two lines of one cell: the gap between them is small against their height."""
    h = max(upper.bottom - upper.top, 1.0)
    return lower.top - upper.bottom < 0.45 * h


def _bracketed_text(row: Row | None) -> str | None:
    """'(CKD-EPI)' under a name: the end of the name (a value centred beside it decides)."""
    if isinstance(row, AsideRow) and row.text.startswith("(") and row.text.endswith(")"):
        return row.text
    return None


def _row_pitch(rows: list[Row]) -> float | None:
    """The usual distance between the tops of consecutive one-line result rows of a block (None if too few): the
    lower quartile of the steps, since a row whose name wraps over two lines makes a step of two."""
    tops = [r.top for r in rows if isinstance(r, ResultRow)]
    steps = sorted(b - a for a, b in zip(tops, tops[1:], strict=False) if b > a)
    return steps[len(steps) // 4] if len(steps) >= 3 else None


_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2}){0,2}[.)]?|\(?[a-z]\)|[a-z]\.)$")  # '3.', '1.10', '(g)', 'b)'


def _aligned(a: Row, b: Row) -> bool:
    """b starts under a, or under a's name where a starts with its number ('(g)  Mean Corpuscular Hemoglobin' /
    'Concentration': the number in a column of its own)."""
    tol = 0.6 * max(a.bottom - a.top, 1.0)
    if abs(a.x0 - b.x0) <= tol:
        return True
    words = a.words
    return len(words) > 1 and bool(_ROW_NUMBER.match(words[0].text)) and abs(words[1].x0 - b.x0) <= tol


_SERIAL_NAME = re.compile(r"^(\d{1,3})[.)]?\s+(?=\S)")
_CONNECTOR_END = re.compile(r"(-|,|/|\(|\b(of|and|de|di|del|della|y|e|du|des|und|dan))$", re.IGNORECASE)


def _other_unit_system(name: str, key: str | None, unit: str | None, other: Row) -> bool:
    """`other` (a value in another unit on the result's row or under it) is the same result converted to the other
    unit system ('Glucose 0,95 g/L 5,27 mmol/L'), not a second measure of the test ('Neutrophils 58,2 % 3,95 G/L').
    A known test: the second value reads as the same test (HbA1c's two scales are two results); an unknown one:
    neither value is a share."""
    other_unit = getattr(other, "unit", None)
    if not unit or not other_unit:
        return False
    other_key = canonical(name, other_unit, getattr(other, "value", None))
    if key is not None:
        return other_key == key and key not in TWO_SCALE_TESTS
    return other_key is None and "%" not in (unit, other_unit)


def _wrapped_unit(result: Row, row: Row) -> str | None:
    """The unit of a name wrapped under its result line: a bracketed unit alone, where the name starts
    ('Mean Corpuscular Hemoglobin' 30.3 ... / '(pg)')."""
    text = row.text
    if len(row.words) > 2 or text[:1] not in "([" or text[-1:] not in ")]" \
            or abs(row.words[0].x0 - result.words[0].x0) > row.words[0].height:
        return None
    unit = text[1:-1].strip()
    return unit if is_unit_token(unit) else None


def _same_type(a: Row, b: Row) -> bool:
    """The names' lines of two rows are set in one type size (the lines of one wrapped cell are)."""
    ha = median(w.height for w in a.words)
    hb = median(w.height for w in b.words)
    return abs(ha - hb) <= 0.2 * max(ha, hb)


def _all_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class _Block:
    """Rows of one block assembled into results."""

    def __init__(self, doc: _Doc, page: int, rows: list[Row], header_at: set[int], in_table: list[bool],
                 source: str = "text", units: dict[int, str | None] | None = None) -> None:
        self.doc = doc
        self.units = units or {}  # the unit the column titles print, from the header at row k on (-1: before any)
        self.heading_unit = self.units.get(-1)
        self.page = page
        self.source = source
        self.rows = rows
        self.header_at = header_at
        self.in_table = in_table
        self.out: list[tuple[ParsedMarker, ResultRow | ValueRow]] = []
        self.pitch = _row_pitch(rows)

    def tight(self, upper: Row, lower: Row) -> bool:
        """Two lines of one cell: closer than the table's rows are to each other."""
        if not _tight(upper, lower):
            return False
        if self.pitch is None:
            return True
        # a cell's lines stand one line height apart; rows a padding more (HTML tables: as little as 1.5 pt)
        h = max(upper.bottom - upper.top, 1.0)
        return lower.top - upper.top < max(0.8 * self.pitch, min(self.pitch - 0.1 * h, 1.05 * h))

    def emit(self, name: str, row: ResultRow | ValueRow, code: str | None = None) -> ParsedMarker:
        """A result from a row (and the name found for it); OCR words bring their confidence along."""
        if row.unit is None and self.heading_unit is not None:
            row.unit = self.heading_unit  # no unit printed on the row: the one its column's title prints
        rng = pick_range(row, self.doc.sex, self.doc.age)
        flag = resolve_flag([f.value for f in row.flags], row.value, rng)
        key = canonical(name, row.unit, row.value)
        if key is None and self.source == "ocr":  # 'lron', 'Free 14': OCR's look-alikes in a name
            name = fix_name(name, lambda n: canonical(n) is not None, name_word)
            key = canonical(name, row.unit, row.value)
        pm = ParsedMarker(name=name, canonical=key, value=row.value, unit=row.unit,
                          ref_low=rng.low if rng else None, ref_high=rng.high if rng else None,
                          ref_text=rng.text if rng else None, flag=flag, panel=panel_of(key), page=self.page,
                          printed_flag=row.printed_flag, range_strict=(rng.low_strict, rng.high_strict) if rng
                          else (False, False), code=code, source=self.source)
        if self.source == "ocr":
            pm.confidence = round(min((w.conf for w in row.words), default=1.0), 3)
        self.out.append((pm, row))
        also = row.also
        if also is not None and (not isinstance(also, ResultRow) or also.name == name) \
                and _other_unit_system(name, key, row.unit, also):
            also = None  # the same test again in the other unit system ('0,95 g/L  5,27 mmol/L'): the first is read
        if isinstance(also, ResultRow):
            self.emit(also.name, also, also.code)  # another test on the same row ('Na: 140  K: 4.2')
        elif isinstance(also, ValueRow):
            self.emit(name, also, code)  # the same test in another unit, on the same row
        return pm

    def run(self) -> None:
        rows = self.rows
        pending: NameRow | None = None
        pending_age = 99
        last: ParsedMarker | None = None
        last_row: Row | None = None
        last_age = 99
        consumed: set[int] = set()
        tail: tuple[ParsedMarker, Row] | None = None  # the last line of a name wrapped under its result line
        for k, row in enumerate(rows):
            if k in self.header_at:
                pending, last = None, None
                self.heading_unit = self.units.get(k)
                continue
            if k in consumed:
                continue
            if isinstance(row, AsideRow):
                if last is not None and last_row is not None and last_age == 0 and last.unit is None \
                        and (unit := _wrapped_unit(last_row, row)) is not None:
                    self._attach_field(last, UnitRow(row.words, unit=unit))  # '平均红细胞血红蛋白含量(MCH)' / '(pg)'
                    continue
                if pending is not None and pending_age == 0 and self._name_bracket(pending, row):
                    pending = NameRow(pending.words + row.words, name=_joined(pending.name, row.text),
                                      flag=pending.flag, printed_flag=pending.printed_flag)
                    continue
                pending_age = 0 if pending else pending_age
                continue
            if isinstance(row, (UnitRow, FlagRow)):
                if last is not None and last_age <= 1:
                    self._attach_field(last, row)  # a card's 'Unit:' or 'Status:' line
                continue
            last_age += 1
            pending_age += 1
            if isinstance(row, ResultRow):
                name = row.name
                if pending is not None and pending_age <= 1 and self._prefix(pending, row):
                    name = _joined(pending.name, name)
                pending = None
                if row.strong or (self.in_table[k] and (canonical(name, row.unit, row.value) or row.in_result_column)):
                    last, last_row, last_age = self.emit(name, row, row.code), row, 0
                continue
            if isinstance(row, (ValueRow, OtherRow)) and last is not None and last_age == 1 \
                    and (bounds := self._bounds_under(last, last_row, row)) is not None:
                self._attach_range(last, RangeRow(row.words, rng=bounds))  # a gauge's bounds under its zone edges
                last_age = 0
                continue
            if isinstance(row, ValueRow):
                if pending is not None and pending_age <= 3 and pending.flag is not None and not row.flags:
                    row.flags, row.printed_flag = [pending.flag], pending.printed_flag  # a card's status
                if not row.strong and not row.in_result_column:
                    continue
                below = rows[k + 1] if k + 1 < len(rows) else None
                if pending is not None and pending_age <= 3:
                    name = pending.name
                    below_name = below.name if isinstance(below, NameRow) else _bracketed_text(below)
                    if below is not None and below_name and self._centred_between(pending, row, below):
                        name = _joined(name, below_name)
                        consumed.add(k + 1)
                    last, last_row, last_age = self.emit(name, row), row, 0
                    pending = None
                elif last is not None and last_age == 1 and row.unit and row.unit != last.unit:
                    if _other_unit_system(last.name, last.canonical, last.unit, row):
                        last_age = 0  # the result again in the other unit system, under it: one result
                    else:
                        last, last_row, last_age = self.emit(last.name, row), row, 0  # a second measure of the test
                continue
            if isinstance(row, RangeRow):
                if last is not None and last_age == 1 and row.rng is not None:
                    if last.ref_low is None and last.ref_high is None:
                        self._attach_range(last, row)
                    elif row.label and isinstance(last_row, (ResultRow, ValueRow)) and last_row.ranges:
                        # 'Hombres: 13,8 a 17,2' / 'Mujeres: 12,1 a 15,1': one range per line, the patient's wins
                        last_row.ranges.append((row.label, row.rng))
                        chosen = pick_range(last_row, self.doc.sex, self.doc.age)
                        if chosen is not None and chosen is not last_row.rng:
                            self._attach_range(last, RangeRow(row.words, rng=chosen), replace=True)
                        last_age = 0
                continue
            if isinstance(row, CensoredRow):
                key = canonical(row.name, row.unit)
                if key:
                    self.doc.censored.append(CensoredResult(row.name, key, row.result, row.unit,
                                                            row.rng.text if row.rng else None, self.page))
                pending = None
                continue
            if isinstance(row, NameRow):
                if last is not None and last_age == 1 and last_row is not None \
                        and self._continues(last, last_row, row, tail[1] if tail and tail[0] is last else last_row,
                                            self._valueless(k), self._value_next(k)):
                    tail = (last, row)  # the name's third line is judged against its second
                    last.name = _joined(last.name, row.name)
                    last.canonical = canonical(last.name, last.unit, last.value)
                    last.panel = panel_of(last.canonical)
                    last_age = 0
                    continue
                if pending is not None and pending_age == 1 and self._wraps(pending, row):
                    pending = NameRow(pending.words + row.words, name=_joined(pending.name, row.name),
                                      partial=pending.partial and row.partial, flag=pending.flag or row.flag,
                                      printed_flag=pending.printed_flag or row.printed_flag)
                    pending_age = 0
                    continue
                pending, pending_age = row, 0
                continue
            if isinstance(row, OtherRow) and last is not None and last_age <= 2 and _AXIS.match(row.text):
                last_age -= 1  # a range bar's tick labels under a card's value ('4.50    11.00')
                continue
            pending = None
            if isinstance(row, OtherRow) and _looks_unread(row, self.doc.decimal_comma):
                self.doc.unread += 1
        self._serial_numbers()
        self._emphasis_flags()
        self.doc.results.extend(pm for pm, _ in self.out)

    def _serial_numbers(self) -> None:
        """A numbered list ('1 White Blood Cell Count', '2 RBC', ...): the numbers are not part of the names."""
        numbered = [(pm, _SERIAL_NAME.match(pm.name)) for pm, _ in self.out]
        hits = [(pm, int(m.group(1))) for pm, m in numbered if m]
        if not hits or any(b <= a for (_, a), (_, b) in zip(hits, hits[1:], strict=False)):
            return
        continues = self.doc.last_serial is not None and hits[0][1] > self.doc.last_serial
        if len(hits) < 3 and not continues:
            return  # a numbered list needs a few rows, or the numbering of an earlier table continuing
        self.doc.last_serial = hits[-1][1]
        for pm, _ in hits:
            pm.name = _SERIAL_NAME.sub("", pm.name, count=1)
            pm.canonical = canonical(pm.name, pm.unit, pm.value)
            pm.panel = panel_of(pm.canonical)

    # ---- decisions about lines that belong together

    def _prefix(self, pending: NameRow, row: ResultRow) -> bool:
        """A name wrapped before its result line ('Mean Corpuscular' / 'Haemoglobin 32.1 g/dL ...')."""
        if _CONNECTOR_END.search(pending.name) or (row.name[:1].islower() and canonical(row.name) is None):
            return True
        if not (self.tight(pending, row) and _aligned(pending, row)) or _all_caps(pending.name) != _all_caps(row.name):
            return False
        if not _same_type(pending, row):
            return False  # a section title in smaller or larger type over the row's name: a cell of its own
        if canonical(pending.name) is not None or canonical(row.name) is not None:
            return False  # two names, or a section title over a name
        return True

    def _valueless(self, k: int) -> bool:
        """rows[k], in a table, can have no value of its own: the next line is a result with its own name, a header,
        or none."""
        if not self.in_table[k]:
            return False
        return k + 1 >= len(self.rows) or k + 1 in self.header_at or isinstance(self.rows[k + 1], ResultRow)

    def _value_next(self, k: int) -> bool:
        """rows[k] stands over a value line of its own (a name line, then its value line)."""
        return k + 1 < len(self.rows) and isinstance(self.rows[k + 1], ValueRow)

    def _continues(self, last: ParsedMarker, last_row: Row, row: NameRow, above: Row, valueless: bool = False,
                   value_next: bool = False) -> bool:
        """The end of a wrapped name printed under its result line (`above`: the result line, or the name's line
        under it that continued it already; `valueless`: no value follows the line in its table; `value_next`: a
        value line follows it)."""
        if row.partial and last.name.count("(") > last.name.count(")") and self.tight(above, row):
            return True  # the bracket opened on the result line (or a line of the name under it) closes here
        if row.partial and row.name.count("(") > row.name.count(")") and self.tight(above, row) \
                and _aligned(above, row):
            return True  # a bracket opens here and closes on the next line: '… 3,59' / 'neutrophiles' / '(valeur'
        if self._cut_short(last, last_row, row, above, valueless):
            return True
        first = row.name.split()[0]
        if first.isalpha() and first.islower() and not value_next and self.tight(above, row) and _aligned(above, row):
            return True  # a word in lower case goes on with the name above ('Polynucléaires 3,59' / 'neutrophiles')
        if len(row.name.split()) > 4 or canonical(row.name) is not None:
            return False
        if all(fold(w) in QUALITATIVE_RESULTS for w in row.name.split()):
            return False  # 'negatief negatief': qualitative results of the next test, not the end of this name
        if isinstance(last_row, ResultRow) and row.words[-1].x1 > last_row.value_x:
            return False  # reaches into the value column: not part of the name cell
        joined = canonical(_joined(last.name, row.name))
        if row.name[:1].islower() or (last.canonical is None and joined is not None):
            return True
        return self.tight(above, row) and _aligned(above, row) and (joined is not None or last.canonical is None)

    def _cut_short(self, last: ParsedMarker, last_row: Row, row: NameRow, above: Row, valueless: bool) -> bool:
        """A name cell wrapped under its result line where the next line is a known name by itself: the result
        line's name is cut short ('Recuento de' / 'leucocitos', 'Mean Corpuscular' / 'Hemoglobin': a word that
        joins to what follows, or no test alone and another test with the next line), in the same cell."""
        if len(row.name.split()) > 4 or not (self.tight(above, row) and _aligned(above, row)):
            return False
        if isinstance(last_row, ResultRow) and row.words[-1].x1 > last_row.value_x:
            return False
        if _CONNECTOR_END.search(last.name):
            return True
        joined = canonical(_joined(last.name, row.name))
        # the same test read either way ('Polynucléaires' / 'basophiles #'): the line has no value of its own to name
        return last.canonical is None and joined is not None and (joined != canonical(row.name) or valueless)

    def _wraps(self, pending: NameRow, row: NameRow) -> bool:
        """A name wrapped over two lines, both above the value line."""
        if pending.partial and row.partial and self.tight(pending, row):
            return True  # '… (valeur' / 'absolue)': the brackets close on the second line
        if self.tight(pending, row) and _aligned(pending, row) and row.flag is None \
                and (_CONNECTOR_END.search(pending.name) or row.name[:1].islower()) and len(row.name.split()) <= 4:
            return True  # 'Coefficient de' / 'saturation de la' / 'transferrine', 'Polynucléaires' / 'éosinophiles #'
        joined = canonical(_joined(pending.name, row.name))
        if joined is not None and canonical(pending.name) is None and row.flag is None and self.tight(pending, row) \
                and _aligned(pending, row):
            return True  # 'Mean Corpuscular' / 'Hemoglobin Concentration'
        if canonical(row.name) is not None or len(row.name.split()) > 3:
            return False
        if joined is not None:
            return True
        return self.tight(pending, row) and _aligned(pending, row) and row.name[:1].islower()

    def _name_bracket(self, pending: NameRow, row: AsideRow) -> bool:
        """An abbreviation or qualifier in brackets under a name, in its cell ('Protéine C réactive' / '(CRP)',
        'Neutrophils' / '(Absolute)'); a method in brackets ('(CLIA)') stays an aside."""
        text = _bracketed_text(row)
        if text is None or ":" in text or len(text.split()) > 3 or pending.partial:
            return False
        if any(fold(w.strip("()[],.")) in METHOD_WORDS for w in text.split()):
            return False
        return self.tight(pending, row) and _aligned(pending, row)

    def _centred_between(self, above: NameRow, row: ValueRow, below: Row) -> bool:
        """A value printed half a line lower, between the two lines of its name."""
        mid = (row.top + row.bottom) / 2
        return above.bottom <= mid + 1 and below.top >= mid - 1 and _aligned(above, below) and self.tight(above, below)

    def _bounds_under(self, last: ParsedMarker, last_row: Row | None, row: Row) -> Range | None:
        """Two bare numbers, rising, right of the value under a result that printed no interval: the bounds a
        gauge prints under its zone edges ('4.50      11.00')."""
        if last.ref_low is not None or last.ref_high is not None or not isinstance(last_row, (ResultRow, ValueRow)):
            return None
        if len(row.words) != 2 or row.words[0].x0 <= last_row.value_x or not _AXIS.match(row.text):
            return None
        low, high = (parse_number(w.text, self.doc.decimal_comma) for w in row.words)
        if low is None or high is None or low >= high:
            return None
        return Range(low, high, f"{row.words[0].text} - {row.words[1].text}")

    def _attach_field(self, last: ParsedMarker, row: UnitRow | FlagRow) -> None:
        if isinstance(row, UnitRow):
            if last.unit is None:
                last.unit = row.unit
                last.canonical = canonical(last.name, last.unit, last.value)
                last.panel = panel_of(last.canonical)
            return
        if row.flag is not None and last.printed_flag is None:
            last.printed_flag = row.printed
            last.flag = resolve_flag([row.flag.value], last.value, last.printed_range())

    def _attach_range(self, last: ParsedMarker, row: RangeRow, replace: bool = False) -> None:
        if row.unit and last.unit is None:
            last.unit = row.unit  # "Hemoglobin 13.5" / "g/dL 13.0-17.0": the row broke after the value
            last.canonical = canonical(last.name, last.unit, last.value)
            last.panel = panel_of(last.canonical)
        rng = row.rng
        if rng is None:
            return
        last.ref_low, last.ref_high, last.ref_text = rng.low, rng.high, rng.text
        last.range_strict = (rng.low_strict, rng.high_strict)
        marks = [flag_of(last.printed_flag)] if last.printed_flag else []
        last.flag = resolve_flag([m.value for m in marks if m], last.value, rng)
        if replace and last.printed_flag is None:
            last.flag = resolve_flag([], last.value, rng)

    def _emphasis_flags(self) -> None:
        """Bold or red values in a table whose other values are plain, and no printed flag anywhere: flags."""
        if len(self.out) < 3 or any(row.flags for _, row in self.out):
            return
        emph = [pm for pm, row in self.out if row.emph and not _bold_line(row)]
        if not emph or len(emph) == len(self.out):
            return
        for pm, row in self.out:
            if row.emph and not _bold_line(row):
                rng = pick_range(row, self.doc.sex, self.doc.age) or pm.printed_range()  # or the interval printed under the value
                pm.flag = resolve_flag([Flag.ABNORMAL.value], pm.value, rng)
                pm.printed_flag = pm.printed_flag or "emphasis"


def _bold_line(row: ResultRow | ValueRow) -> bool:
    """The row's number is bold as well as its value: a line set as a heading (a panel of one test printed on its
    numbered heading line, '3. TSH  2.1 mIU/L  0.4-4.0'), its type no mark of the value. (Only words with digits
    carry their type: layout/words.py.)"""
    first = row.words[0] if row.words else None
    return first is not None and first.bold and first.x1 < row.value_x and bool(_ROW_NUMBER.match(first.text))


def _looks_unread(row: OtherRow, decimal_comma: bool) -> bool:
    """A line with the shape of a result (a known test name, then a value) that no rule read: counted, so the
    analysis can say so. A name with only a unit and a range ('result to follow') has no value to miss."""
    words = row.words
    if not 2 <= len(words) <= 10:
        return False
    head = next((i for i, w in enumerate(words) if w.text[:1].isdigit()), None)
    if not head or canonical(" ".join(w.text for w in words[:head]).rstrip(":")) is None:
        return False  # cheap test first: no known test name before the first number
    toks = tokenize(words, decimal_comma)
    first_num = next((i for i, t in enumerate(toks) if t.kind is Kind.NUM), None)
    if not first_num:
        return False
    name = clean_name(" ".join(t.text for t in toks[:first_num]))
    return name is not None and canonical(name) is not None


# --------------------------------------------------------------------------- pages


_FLAG_THEN_RANGE = (Role.FLAG, Role.RANGE)  # a sign in a flag column before the range's: '-' (low) | '4.30 - 5.80'


def _sign_into_range(words: list[Word], at: list[int | None], columns: Columns, k: int) -> bool:
    """words[k - 1] is a sign in a flag column and words[k] starts the range column after it."""
    a, b = at[k - 1], at[k]
    return a is not None and b is not None and words[k - 1].text in GLUED_SIGN_FLAGS \
        and (columns.columns[a].role, columns.columns[b].role) == _FLAG_THEN_RANGE


def _table_tokens(words: list[Word], columns: Columns, em: float, decimal_comma: bool) -> list[Tok]:
    """The tokens of a table row, none across a result column's edge ('4,2  -  4,9' is today's 4.2, a test not
    done and 4.9 earlier, not a range; '0.01-  0.02-0.50' is a value flagged low, then the interval), nor from a
    sign in a flag column into the range column after it."""
    ps = pieces_of(words)
    toks = tokens_of(ps, decimal_comma)
    if not any(t.w1 > t.w0 or t.text in GLUED_SIGN_FLAGS for t in toks):
        return toks  # every token one word: nothing can straddle two columns
    at = [columns.column_at(w.x0, w.x1, em) for w in words]
    depth, inside = 0, []  # inside brackets before word k: '(4,50 bis 11,00)' under a value is one interval
    for w in words:
        inside.append(depth > 0)
        depth = max(0, depth + w.text.count("(") + w.text.count("[") - w.text.count(")") - w.text.count("]"))
    cuts = [k for k in range(1, len(words)) if at[k] is not None and at[k - 1] is not None and at[k] != at[k - 1]
            and (columns.holds_values(at[k]) or columns.holds_values(at[k - 1])
                 or _sign_into_range(words, at, columns, k))
            and not inside[k]]
    if not cuts and not any(t.text in GLUED_SIGN_FLAGS for t in toks):
        return toks
    toks = []
    for a, b in zip([0, *cuts], [*cuts, len(words)], strict=True):
        for t in tokens_of([p for p in ps if a <= p.w < b], decimal_comma):  # as if words[a:b] were the line
            if toks and t.kind is Kind.WORD and t.text in GLUED_SIGN_FLAGS and toks[-1].kind is Kind.NUM \
                    and toks[-1].w1 == t.w0 and columns.holds_values(at[t.w0]):
                t.kind, t.flag = Kind.FLAG, GLUED_SIGN_FLAGS[t.text]  # '0.01-': a value flagged low
            toks.append(t)
    return toks


_VALUE_ROLES = (Role.RESULT, Role.RESULT_OUT, Role.PREVIOUS)


def _assign_roles(toks, columns: Columns, em: float) -> None:
    """Each token gets the role of the column it stands in. Left of the first data column is the name
    column, but only for the name's own cell: a token after a wide gap there is an untitled column
    (a flag printed between the name and the result)."""
    name_cell = True
    prev_x1: float | None = None
    prev: Tok | None = None
    for t in toks:
        role, under_title = columns.place(t.x0, t.x1, em, number=t.kind in (Kind.NUM, Kind.RANGE))
        if prev_x1 is not None and t.x0 - prev_x1 > 1.5 * em:
            name_cell = False
        if role is Role.NAME and under_title:
            name_cell = True  # the name's cell starts under its title (after a code column, say)
        if role is Role.NAME and not under_title and not name_cell:
            role = None
        if prev is not None and prev.role is not None and t.kind is Kind.WORD and t.x0 - prev.x1 < 0.8 * em \
                and (role is None or role in _VALUE_ROLES and prev.role not in _VALUE_ROLES
                     and t.x0 - prev.x1 < 0.4 * em):
            # the same cell run on past its title ('Jaffe kinetic, IDMS traceable'), even to the edge of the
            # values' column ('EDTA Whole Blood' under 'Sample': its last word a space from 'Whole')
            role = prev.role
        if role in (Role.PREVIOUS, Role.OTHER) and not under_title and t.kind in (Kind.RANGE, Kind.CMP) \
                and prev is not None \
                and prev.kind in (Kind.RANGE, Kind.CMP) and prev.role is Role.RANGE:
            role = Role.RANGE  # earlier results are values: an interval beside the interval is a second one
        t.role = role
        if role is Role.RANGE and t.kind is Kind.NUM:
            t.bound = columns.bound(t.x0, t.x1, em)
        if role is Role.RANGE:
            t.sex = columns.sex_at(t.x0, t.x1, em)
        prev_x1, prev = t.x1, t


def _merge_cell_fragments(lines: list[tuple[Line, Columns | None]], columns: Columns | None
                          ) -> list[tuple[Line, Columns | None]]:
    """In a table, a cell printed over two lines beside a one-line row ('> OR = 60' / 'mL/min/1.73m2' in the
    range column, the row's other cells centred between them): its lines join the row they stand beside."""
    if columns is None or not columns.spaced:
        return lines
    out = list(lines)
    kinds: list[str] = []
    for ln, cols in out:
        if cols is not None:
            columns = cols
            kinds.append("header")
            continue
        em = max(ln.height, 1.0)
        name_end = min((c.x0 for c in columns.columns if c.role is not Role.NAME), default=0.0) - em
        if ln.x0 < name_end:  # starts in the name column: a row, or a name; never a fragment
            kinds.append("row" if _DIGIT.search(ln.text) else "other")
            continue
        if ln.x0 <= min(c.x0 for c in columns.columns) + em and not _DIGIT.search(ln.text):
            kinds.append("other")  # words at the table's left edge, left of a code column's: a section's title
            continue
        roles = {columns.role_at(w.x0, w.x1, em) for w in ln.words}
        if roles & {Role.RESULT, Role.RESULT_OUT} and _DIGIT.search(ln.text):
            kinds.append("row")
        elif roles and not roles & {Role.NAME, Role.RESULT, Role.RESULT_OUT, None}:
            kinds.append("fragment")
        else:
            kinds.append("other")
    merged: dict[int, list[list[Word]]] = {}
    dropped: dict[int, int] = {}  # fragment -> the row it joined
    for i, kind in enumerate(kinds):
        if kind != "fragment":
            continue
        ln = out[i][0]
        em = max(ln.height, 1.0)
        filled = {columns.role_at(w.x0, w.x1, em) for w in ln.words} - {None}
        best = None
        for j in (i - 1, i + 1, i - 2, i + 2):
            if 0 <= j < len(out) and kinds[j] == "row":
                other = out[j][0]
                if j > i and filled & {columns.role_at(w.x0, w.x1, em) for w in other.words}:
                    continue  # the row under it fills that cell itself: the fragment ends the cell above (a band)
                gap = max(other.top - ln.bottom, ln.top - other.bottom)
                if gap < 0.6 * ln.height and (best is None or abs(other.top - ln.top) < best[0]):
                    best = (abs(other.top - ln.top), j, gap)
        if i - 1 in dropped and dropped[i - 1] < i - 1:
            # the cell's next line ('18-49 years: …' under the row's first band): it stays with the lines above it
            # unless the row under it is closer than they are
            gap = ln.top - out[i - 1][0].bottom
            if gap < 0.6 * ln.height and (best is None or best[1] < i or gap <= best[2]):
                best = (0.0, dropped[i - 1], gap)
        if best is not None:
            merged.setdefault(best[1], [[w] for w in out[best[1]][0].words]).append(list(ln.words))
            dropped[i] = best[1]
    if not merged:
        return lines
    starts = sorted(c.x0 for c in columns.columns)
    row_top = {id(w): out[i][0].top for i in merged for w in out[i][0].words}  # the row's own words: one line

    def place(segment: list[Word]) -> tuple[int, float, float]:
        x = segment[0].x0
        column = max((k for k, x0 in enumerate(starts) if x0 <= x + 2), default=0)
        top = row_top.get(id(segment[0]), segment[0].top)
        return (column, top, x)  # column by column; inside a column, top to bottom, each line left to right

    result = []
    for i, (ln, cols) in enumerate(out):
        if i in dropped:
            continue
        if i in merged:
            words = [w for seg in sorted(merged[i], key=place) for w in seg]
            ln = Line(words, min(w.top for w in words), max(w.bottom for w in words))
        result.append((ln, cols))
    return result


def _parse_block(lines: list[tuple[Line, Columns | None]], page: int, doc: _Doc, source: str = "text") -> None:
    rows: list[Row] = []
    header_at: set[int] = set()
    in_table: list[bool] = []
    units: dict[int, str | None] = {-1: doc.columns.unit if doc.columns else None}  # the titles' unit from row k on
    columns = doc.columns or next((c for _, c in lines if c is not None), None)
    # no header we can read (titles in words we do not know, or none): the columns from the rows' content
    inferred = None
    if columns is None:
        if doc.inferred is not None and continues(doc.inferred, [ln for ln, _ in lines]):
            inferred = Columns(doc.inferred.columns, 0.0, True)  # the table goes on from the last page
        else:
            inferred = infer_columns([ln for ln, _ in lines], doc.decimal_comma)
        doc.inferred = inferred or doc.inferred
    if columns is not None:
        lines = _merge_cell_fragments(lines, columns)
    across: set[int] = set()  # the lines read from a panel printed across the page (no table columns apply)
    k = 0
    while k < len(lines):
        got = panel_at([ln for ln, _ in lines[k:k + MAX_LINES]], 0) if lines[k][1] is None else None
        if got is None or any(cols is not None for _, cols in lines[k:k + got[1]]):
            k += 1
            continue
        rows_across = as_rows(got[0], lines[k][0])
        lines = lines[:k] + [(ln, None) for ln in rows_across] + lines[k + got[1]:]
        across.update(id(ln) for ln in rows_across)
        k += len(rows_across)
    for line, cols in lines:
        if cols is not None:
            doc.columns = cols
            doc.seen_header = True
            doc.inferred = None
            header_at.add(len(rows))
            units[len(rows)] = cols.unit
            rows.append(OtherRow(line.words))
            in_table.append(True)
            continue
        toks = None
        words = line.words
        # a table read from its content: only its row-like lines ('<4.00' alone under a result is no row of it)
        table = doc.columns or (inferred if inferred is not None and line.top >= inferred.top and row_like(line)
                                else None)
        if id(line) in across:
            table = None  # a test's line read from a panel across the page: no table column applies
        if table is not None and table.spaced and _DIGIT.search(line.text):
            if table is inferred:
                words = without_leaders(words)  # 'Glucose . . . . 92': the dots stand in no column
            em = max(median(w.height for w in words), 1.0)  # a row with a cell over two lines: the type's height
            toks = _table_tokens(words, table, em, doc.decimal_comma)
            _assign_roles(toks, table, em)
        inline = _inline_results(words, doc.decimal_comma) if table is None else None
        if inline:
            rows.extend(inline)
            in_table.extend([False] * len(inline))
            continue
        rows.append(classify(words, doc.decimal_comma, toks))
        in_table.append(doc.seen_header or table is not None)
    _Block(doc, page, rows, header_at, in_table, source, units).run()


def _split_outside_brackets(text: str) -> list[str]:
    """`text` cut at the inline result separators that stand outside brackets ('[4,5;11,0]' is one interval)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch in "([{") - (ch in ")]}")
        if depth <= 0 and ch in INLINE_RESULT_SEPARATORS:
            parts.append(text[start:i])
            start = i + 1
    return parts + [text[start:]]


def _inline_results(words: list[Word], decimal_comma: bool) -> list[Row] | None:
    """Results run on in a line and separated by ';' (or by ',' after an interval or its flag) ('Hb 11.2 g/dL (12.0-15.5) L; WBC 7.2 10^9/L (4.0-11.0)'),
    after an optional label ('Blood count: …'): one row per result, or None unless the line has two pieces at
    least (or one after a label, or one closed by a separator) and every one reads as a result with its
    interval (a sentence of prose does not)."""
    if words and not any(w.text.endswith(",") or any(sep in w.text for sep in INLINE_RESULT_SEPARATORS)
                         for w in words):
        # one piece, open: a result only after a label ('Blood count: …'), a word ending with ':' before the value
        digit = next((i for i, w in enumerate(words) if _DIGIT.search(w.text)), len(words))
        if not any(w.text.endswith(":") for w in words[:digit]):
            return None
    pieces: list[list[Word]] = [[]]
    for k, w in enumerate(words):
        text = w.text
        if text.endswith(",") and (text[:-1].endswith((")", "]")) or k and words[k - 1].text.endswith((")", "]"))
                                   and flag_of(text[:-1]) is not None):
            text = text[:-1] + ";"  # '(4.0-11.0), Hb …' / '(3.8-5.2) +, Hb …': a comma after an interval parts results
        parts = _split_outside_brackets(text)
        step = (w.x1 - w.x0) / max(len(w.text), 1)
        at = w.x0
        for i, part in enumerate(parts):
            if part:
                pieces[-1].append(Word(part, at, at + step * len(part), w.top, w.bottom, w.bold, w.red, w.conf))
            at += step * (len(part) + 1)
            if i < len(parts) - 1:
                pieces.append([])
    closed = not pieces[-1]  # the line ends with a separator: more results follow on the next line
    pieces = [p for p in pieces if p]
    if not pieces:
        return None
    first = pieces[0]
    digit = next((i for i, w in enumerate(first) if _DIGIT.search(w.text)), len(first))
    label = max((i for i, w in enumerate(first[:digit]) if w.text.endswith(":")), default=-1)  # before the value
    pieces[0] = first[label + 1:]
    if len(pieces) < 2 and not closed and label < 0:
        return None
    rows: list[Row] = []
    for p in pieces:
        row = classify(p, decimal_comma)
        if not (isinstance(row, ResultRow) and row.strong and row.rng is not None):
            return None
        rows.append(row)
    return rows


def _page_blocks(page: PageWords, lines: list[Line] | None = None) -> list[list[tuple[Line, Columns | None]]]:
    """The page's blocks, each line with the columns it defines if it is a table header (`lines`: the page's
    lines, when they were built already)."""
    return [_with_headers([ln for ln in block if not _is_noise(ln)]) for block in split_blocks(page.words, lines)]


def _with_headers(lines: list[Line]) -> list[tuple[Line, Columns | None]]:
    """Lines paired with the columns they define. A header printed over two or three lines ('In' / 'Range',
    with single-line titles centred beside them) counts once, on its first line."""
    out: list[tuple[Line, Columns | None]] = []
    header_of, title_like_, stamp_line_ = _once(detect_header), _once(title_like), _once(stamp_line)
    k = 0
    while k < len(lines):
        ln = lines[k]
        stacked = _stacked(lines, k, header_of, stamp_line_)
        if stacked is not None:
            out.append((ln, stacked[0]))
            k += stacked[1]
            continue
        cols = header_of(ln)
        band = [ln]
        while title_like_(band[-1]) and k + len(band) < len(lines) and len(band) < 3:
            nxt = lines[k + len(band)]
            if not (title_like_(nxt) and nxt.top - band[-1].bottom < 0.6 * band[-1].height):
                break
            band.append(nxt)
        best, used = cols, 1
        alone = max((header_of(b) for b in band[1:]), key=_kinds, default=None)
        if alone is not None and _kinds(alone) > _kinds(cols):
            best = alone  # a later line is the header by itself: this one ('Reference' over 'Low High') is a title
        for size in range(2, len(band) + 1):
            both = detect_header(merge_lines(band[:size]))
            if both is None:
                continue
            # more kinds of column, or as many with the next line's titles taken in ('Unità di' / 'misura')
            if best is None or _kinds(both) > _kinds(best) \
                    or (_kinds(both) == _kinds(best) and all_titles(band[size - 1])
                        and len(both.columns) <= len(best.columns)):
                best, used = both, size
        if used > 1:
            out.append((ln, best))
            k += used
            continue
        if best is not cols:
            out.append((ln, None))  # the header proper follows
            k += 1
            continue
        out.append((ln, cols))
        k += 1
    for i in range(len(out) - 1, 0, -1):  # a unit printed under its column's title: part of the header
        cols = out[i - 1][1]
        if cols is None or out[i][1] is not None:
            continue
        with_units = units_under(cols, out[i - 1][0], out[i][0])
        if with_units is None and not cols.unit and out[i][0].top - cols.top < 0.6 * out[i][0].height:
            # a title wrapped with its unit ('Results /' over 'mL/min/1.73 m2'): the two lines read as one
            both = detect_header(merge_lines([out[i - 1][0], out[i][0]]))
            with_units = both if both is not None and both.unit and _kinds(both) >= _kinds(cols) else None
        if with_units is not None:
            out[i - 1:i + 1] = [(out[i - 1][0], with_units)]
    return out


_T = TypeVar("_T")


def _once(test: Callable[[Line], _T]) -> Callable[[Line], _T]:
    """A test of a line run at most once per line (by identity: the lines must outlive the memo)."""
    seen: dict[int, _T] = {}

    def once(line: Line) -> _T:
        key = id(line)
        if key not in seen:
            seen[key] = test(line)
        return seen[key]

    return once


def _stacked(lines: list[Line], k: int, header_of: Callable[[Line], Columns | None] = detect_header,
             stamp: Callable[[Line], bool] = stamp_line) -> tuple[Columns, int] | None:
    """A header printed over two to four lines with a date per column (stacked_header), from line k: its columns
    and how many lines it takes, when it names more kinds of column than any of its lines alone."""
    band = [lines[k]]
    while len(band) < 4 and k + len(band) < len(lines) and stamp(band[-1]):
        nxt = lines[k + len(band)]
        if not (stamp(nxt) or stamps_only(nxt)) or nxt.top - band[-1].bottom > 0.8 * band[-1].height:
            break
        band.append(nxt)
    if len(band) < 2 or not stamp(band[0]):
        return None
    for size in range(len(band), 1, -1):
        cols = stacked_header(band[:size])
        if cols is not None:
            if _kinds(cols) >= max(_kinds(header_of(b)) for b in band[:size]):
                return cols, size
            return None
    return None


def _kinds(cols: Columns | None) -> int:
    """How many kinds of column a header names, not counting columns of other matter."""
    return -1 if cols is None else len(cols.roles - {Role.OTHER})


_DIGITS = re.compile(r"\d+")
_AXIS = re.compile(r"^\d[\d.,]*(?:\s+\d[\d.,]*){1,2}$")  # two or three bare numbers


def _running_lines(pages: list[PageWords], layouts: list) -> set[int]:
    """Lines repeated at the same place in the top or bottom margin of several pages: running heads and
    footers (lab name, address, phone, 'Page 1 of 3'), never results. Returns their ids."""
    if len(pages) < 2:
        return set()
    seen: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for p, blocks in zip(pages, layouts, strict=True):
        for block in blocks:
            for ln, _ in block:
                if ln.top < 0.15 * p.height or ln.bottom > 0.88 * p.height:
                    key = (_DIGITS.sub("#", ln.text), round(ln.top / 4))
                    seen.setdefault(key, []).append((p.number, id(ln)))
    return {line_id for hits in seen.values() if len({pg for pg, _ in hits}) >= 2 for _, line_id in hits}


_LETTERHEAD_PUNCT = " ,.;:·•|()[]"


def _head_lines(page: PageWords, blocks: list) -> list[Line]:
    """The lines of a page's letterhead: above its first table header, in the top 15 % of the page (the margin
    _running_lines reads; below it a report without a header may already print results)."""
    limit = min((ln.top for block in blocks for ln, cols in block if cols is not None), default=0.15 * page.height)
    limit = min(limit, 0.15 * page.height)
    return [ln for block in blocks for ln, _ in block if ln.top < limit]


def _letterhead_words(line: Line) -> list[str]:
    return [t for t in (w.text.strip(_LETTERHEAD_PUNCT).casefold() for w in line.words) if t]


def _repeated_letterhead(pages: list[PageWords], layouts: list) -> set[int]:
    """Lines at the head of a later page that say again what the first page's letterhead says, cut otherwise
    ('Via Giuseppe Verdi 58 · 20160 Milano (MI)' under the lab's name, where the first page printed street and
    town on two lines): the lab's address and phone, never results. A line counts when every number on it and
    three words in four (any case) stand in the first page's letterhead. Returns their ids."""
    if len(pages) < 2:
        return set()
    known = {t for ln in _head_lines(pages[0], layouts[0]) for t in _letterhead_words(ln)}
    out: set[int] = set()
    for p, blocks in zip(pages[1:], layouts[1:], strict=True):
        for ln in _head_lines(p, blocks):
            words = _letterhead_words(ln)
            hits = [w in known for w in words]
            if sum(hits) >= 2 and 4 * sum(hits) >= 3 * len(words) \
                    and all(hit for w, hit in zip(words, hits, strict=True) if _DIGITS.search(w)):
                out.add(id(ln))
    return out


def _is_result(line: Line, decimal_comma: bool) -> bool:
    row = classify(line.words, decimal_comma)
    return isinstance(row, (ResultRow, ValueRow)) and row.strong


def parse_words(pages: list[PageWords]) -> ParsedReport:
    """The report from its pages' words."""
    for p in pages:
        p.words = _clean_words(p.words)
    dc = _decimal_comma([w for p in pages for w in p.words])
    # records of labelled fields ('Test: …' / 'Result: …' / 'Units: …'): one line each, as one table
    lines_of: list[list[Line] | None] = []  # each page's lines, built while looking for records
    for p, words in zip(pages, rewrite_records([p.words for p in pages], lines_of), strict=True):
        p.words = words
    layouts = [_page_blocks(p, lines) for p, lines in zip(pages, lines_of, strict=True)]
    first = [pair for block in layouts[0] for pair in block] if layouts else []
    headers = {ln.text for ln, cols in first if cols is not None}
    patient = parse_patient([[ln.text for ln, _ in first]], is_header_line=headers.__contains__)
    running = _running_lines(pages, layouts) | _repeated_letterhead(pages, layouts)
    if running:
        layouts = [[[(ln, cols) for ln, cols in block if id(ln) not in running or _is_result(ln, dc)]
                    for block in blocks] for blocks in layouts]
    legend, legend_ids = find_legend([ln for blocks in layouts for block in blocks for ln, _ in block], dc)
    if legend:  # intervals listed under the table by footnote key: the legend's lines are not results
        layouts = [[[(ln, cols) for ln, cols in block if id(ln) not in legend_ids] for block in blocks]
                   for blocks in layouts]
    doc = _Doc(dc, patient.sex, patient.age)
    for p, blocks in zip(pages, layouts, strict=True):
        if any(cols is not None for block in blocks for _, cols in block):
            doc.columns = None  # this page brings its own header(s)
        for block in blocks:
            _parse_block(block, p.number, doc, p.source)
    results = _dedupe(doc.results)
    if legend:
        _legend_ranges(results, pages, layouts, legend)
    report = ParsedReport(biomarkers=results, patient=patient, pages=len(pages), censored=doc.censored,
                          decimal_comma=dc, rows_unread=doc.unread)
    if sum(1 for b in results if b.canonical) < 2:  # only needed when the results alone do not decide
        head = [w for p in pages[:5] for w in p.words]
        report.lab_words = sum(1 for w in head if fold(w.text.strip(":,.()")) in LAB_WORDS)
        if doc.seen_header:
            report.lab_words += 3  # a "Test  Result  Unit  Reference" header is strong evidence of a lab report
    return report


def _legend_ranges(results: list[ParsedMarker], pages: list[PageWords], layouts: list,
                   legend: dict[int, Range]) -> None:
    """A result whose reference cell is only a footnote key ('(3)') takes the legend's interval for that key,
    and the flag it implies when the report prints none."""
    lines = {p.number: [ln for block in blocks for ln, _ in block] for p, blocks in zip(pages, layouts, strict=True)}
    for r in results:
        if r.ref_low is not None or r.ref_high is not None:
            continue
        rng = legend.get(keyed(lines.get(r.page, []), r.name) or -1)
        if rng is None:
            continue
        r.ref_low, r.ref_high, r.ref_text, r.range_strict = rng.low, rng.high, rng.text, (rng.low_strict,
                                                                                          rng.high_strict)
        if r.flag is None:
            r.flag = judge(r.value, rng)


def _dedupe(results: list[ParsedMarker]) -> list[ParsedMarker]:
    """The same result printed twice (summary pages, repeated sections): keep the first."""
    seen: set[tuple] = set()
    unique: list[ParsedMarker] = []
    for r in results:
        k = (r.name.lower(), r.value, (r.unit or "").lower())
        if k in seen:
            continue
        seen.add(k)
        unique.append(r)
    return unique


def parse_texts(page_texts: list[str]) -> ParsedReport:
    """The report from plain page texts (each line printed as a row)."""
    return parse_words([PageWords(i + 1, 612.0, 792.0, text_words(t)) for i, t in enumerate(page_texts)])


def parse_line(text: str, decimal_comma: bool = False) -> Row:
    """One line of text through the row grammar (no columns)."""
    words = text_words(text)
    return classify(words, decimal_comma) if words else OtherRow([])

