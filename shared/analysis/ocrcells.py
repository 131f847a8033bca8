"""A second look at the cells of a page's value columns that OCR read unsurely.

Tesseract reads a row as one text line: a value printed after a label in another script (Chinese
beside the English name) or after a smudge is read together with it, and comes out garbled ('5.1'
as 'Seid', '31' as 'CHA', '3.5' as '3:5') with a low confidence. A cell read alone, with only the
characters a value is made of, reads right.

- value columns: x-ranges where at least MIN_ROWS numbers read surely line up (right or left
  edges);
- an unsure cell: a word read below UNSURE whose box covers at least half of a column's width (or
  half of its own) on the word's row, where no number was read surely;
- the cell (the column's width, the word's height, with a margin) is read again as one line of
  DIGITS; a number read with more confidence than the words it covers replaces them;
- a number in a value column read unsurely with a misread decimal mark ('3:5', '11..5', '4;5', or
  '4,5' where the column prints '.') takes the mark the column's sure decimals all use: the dots of
  a small-print '.' come out as ':' or '..' even on rows Tesseract read otherwise surely.
- a column of unsure short reads between the names and the values (what Tesseract's `eng` makes of
  labels printed in another script, one per row: 'AE', 'ARGH', '8)', '7') is left out: at most
  SHORT characters, read below UNSURE, left edges lined up on at least MIN_ROWS rows, and each with a
  word read surely to its left, no number to its left, and a number read surely in a value column
  to its right on its row (so it is neither the name's start, nor the value, nor a unit or flag after
  it). Otherwise they join the names, or take a digit
  into them. Such a read of letters alone on its row ('eGFR    PF', 'FREE T3    PRR': where most labels of
  the column were read as nothing) is left out too when it stands APART from the name (a column's gap,
  not a word space).

- range columns: plausible ranges (low below high) read surely with their left edges lined up on MIN_ROWS
  rows. A range of such a column that starts short of its edge, that no report prints ('5-4', '0-0':
  what small print's lost decimal points make of '1.5-4.5' and '0.0-0.7'), or that was read unsurely,
  is read again as a cell (`read_ranges`), and so is the range cell of a row with a value read surely
  and nothing read surely in the range column (`read_missing_ranges`): the read is taken only when it
  is a plausible range read surely. A row's range gives its flag where the report prints none.

Each page reads at most MAX_CELLS cells again (a cell costs a few milliseconds).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from shared.analysis.ocrfix import fix_word
from shared.analysis.units import is_unit_token

NUMBER = re.compile(r"^[<>]?\d+(?:[.,]\d+)?$")
RANGE = re.compile(r"^(\d+(?:[.,]\d+)?)-(\d+(?:[.,]\d+)?)$")
DECIMAL = re.compile(r"^[<>]?\d+([.,])\d+$")
# a decimal mark misread: a colon or semicolon, a doubled dot, or the other of '.' and ',' (one or two
# decimals: '4,500' is a thousands separator)
MISREAD_MARK = re.compile(r"^([<>]?\d+)(?:[:;]|\.\.|,,|[.,](?=\d{1,2}$))(\d+)$")
SURE = 0.85  # a number read this surely marks its column
UNSURE = 0.8  # a word read below this in a value column is read again
MIN_ROWS = 3  # numbers read surely that make a column
MAX_CELLS = 80
MAX_RANGE_CELLS = 40  # empty cells of a range column read a page
DIGITS = "0123456789.,<>"
MARGIN = 0.35  # of the row's height, around the cell
ALIGN = 0.5  # of the typical number's height: edges this close line up
SHORT = 4  # characters of a read in a column of another script's labels
MIN_UNIT_SEEN = 0.3  # a unit read this surely helps find its column
UNIT_SURE = 0.8  # a unit read in an empty cell is taken this sure
MAX_UNIT_CELLS = 40
MISSING_SURE = 0.85  # a number read in an empty cell is taken this sure
LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
APART = 2.0  # x a number's height: an unsure short read this far right of the name stands in a column of its own
LOW = 0.6  # a word lower than this share of the typical number's height is a mark, not a cell


@dataclass(slots=True)
class Read:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels
    conf: float  # 0..1


T = TypeVar("T")
ReadCell = Callable[..., tuple[str, float]]  # (box[, chars]) -> (text, conf); chars: DIGITS unless given


def value_columns(words: list[Read]) -> list[tuple[int, int]]:
    """The x-ranges where at least MIN_ROWS numbers read surely line up: their right edges (a right-aligned
    column) or their left edges within ALIGN of the row height of each other."""
    sure = [w.box for w in words if w.conf >= SURE and NUMBER.match(w.text)]
    if len(sure) < MIN_ROWS:
        return []
    tolerance = ALIGN * sorted(b[3] - b[1] for b in sure)[len(sure) // 2]
    groups = lined_up(sure, lambda b: b[2], tolerance) + lined_up(sure, lambda b: b[0], tolerance)  # right, left edges
    return _merged([(min(b[0] for b in group), max(b[2] for b in group)) for group in groups])


def _covers(box: tuple[int, int, int, int], column: tuple[int, int]) -> bool:
    overlap = min(box[2], column[1]) - max(box[0], column[0])
    return overlap > 0 and overlap >= 0.5 * min(box[2] - box[0], column[1] - column[0])


def _same_row(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    mid = (b[1] + b[3]) / 2
    return a[1] <= mid <= a[3]


def _cell(span: tuple[int, int], row: tuple[int, int, int, int], size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The box read for the cell of column `span` on the row of box `row`, with a margin of MARGIN of its height."""
    margin = round(MARGIN * (row[3] - row[1]))
    return (max(0, span[0] - margin), max(0, row[1] - margin), min(size[0], span[1] + margin),
            min(size[1], row[3] + margin))  # fmt: skip


def _occupied(words: list[Read], row: tuple[int, int, int, int], span: tuple[int, int]) -> bool:
    """Whether a word on the row of box `row` reaches into column `span`."""
    return any((_same_row(row, w.box) or _same_row(w.box, row)) and min(w.box[2], span[1]) > max(w.box[0], span[0])
               for w in words)  # fmt: skip


def column_marks(words: list[Read], columns: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The decimal mark each column's sure decimals all use (columns with MIN_ROWS of them, one mark)."""
    marks: dict[tuple[int, int], list[str]] = {}
    for w in words:
        found = DECIMAL.match(w.text) if w.conf >= SURE else None
        column = next((c for c in columns if _covers(w.box, c)), None) if found else None
        if found and column is not None:
            marks.setdefault(column, []).append(found.group(1))
    return {c: m[0] for c, m in marks.items() if len(m) >= MIN_ROWS and len(set(m)) == 1}


def fix_marks(words: list[Read], columns: list[tuple[int, int]]) -> list[Read]:
    """Unsure numbers of a value column with a misread decimal mark, given the column's (module doc)."""
    marks = column_marks(words, columns)
    if not marks:
        return words
    fixed = []
    for w in words:
        misread = MISREAD_MARK.match(w.text) if w.conf < UNSURE else None
        column = next((c for c in marks if _covers(w.box, c)), None) if misread else None
        if misread and column is not None:
            text = f"{misread.group(1)}{marks[column]}{misread.group(2)}"
            if text != w.text:
                w = Read(text, w.box, w.conf)  # still unsure: it stays listed to check
        fixed.append(w)
    return fixed


def reread(words: list[Read], read_cell: ReadCell, size: tuple[int, int]) -> list[Read]:
    """`words` with the unsure cells of their value columns read again, and the cells that lost digits or
    were passed over (see the module's doc)."""
    columns = value_columns(words)
    cells = 0
    if columns:
        words, cells = read_unsure(fix_marks(words, columns), columns, read_cell, size)
        words, cells = read_lost_points(words, columns, read_cell, size, cells)
    words, cells = read_ranges(words, read_cell, size, cells)
    if not columns:
        return words
    words = words + read_missing(words, columns, read_cell, size, MAX_CELLS - cells)
    return read_missing_ranges(words, columns, read_cell, size)


def read_unsure(words: list[Read], columns: list[tuple[int, int]], read_cell: ReadCell,
                size: tuple[int, int]) -> tuple[list[Read], int]:
    """Unsure words of value columns whose row holds no sure number, read again as cells."""
    heights = sorted(w.box[3] - w.box[1] for w in words if NUMBER.match(w.text))
    least = LOW * heights[len(heights) // 2]
    gone: set[int] = set()
    added: list[Read] = []
    cells = 0
    for i, w in enumerate(words):
        if i in gone or w.conf >= UNSURE or cells >= MAX_CELLS or w.box[3] - w.box[1] < least:
            continue
        column = next((c for c in columns if _covers(w.box, c)), None)
        if column is None:
            continue
        row = [j for j, v in enumerate(words) if j not in gone and _same_row(w.box, v.box) and _covers(v.box, column)]
        if any(words[j].conf >= SURE and NUMBER.match(words[j].text) for j in row):
            continue  # the row's value was read surely: the unsure word is something else
        cell = _cell(column, w.box, size)
        cells += 1
        text, conf = read_cell(cell)
        if NUMBER.match(text) and conf > max(words[j].conf for j in row):
            gone.update(row)
            added.append(Read(text, (column[0], w.box[1], column[1], w.box[3]), conf))
    return [w for i, w in enumerate(words) if i not in gone] + added, cells


def read_lost_points(words: list[Read], columns: list[tuple[int, int]], read_cell: ReadCell, size: tuple[int, int],
                     cells: int) -> tuple[list[Read], int]:
    """Whole numbers of a right-aligned value column that end short of its edge, read again as cells: small
    print's decimal point is lost with the digits after it ('57.3' read '57' at 0.96, its box ending two
    characters before the column's right edge, where the sure numbers above and below end). The cell's read
    is taken when read surely and it is the word's digits and more after a decimal point ('57' -> '57.3')."""
    out = list(words)
    for column in columns:
        sure = [w for w in words if w.conf >= SURE and NUMBER.match(w.text) and _covers(w.box, column)]
        if len(sure) < MIN_ROWS:
            continue
        tolerance = ALIGN * sorted(w.box[3] - w.box[1] for w in sure)[len(sure) // 2]
        edge = sorted(w.box[2] for w in sure)[len(sure) // 2]
        if sum(abs(w.box[2] - edge) <= tolerance for w in sure) < MIN_ROWS:
            continue  # not right-aligned: where a number ends says nothing
        for w in sure:
            digits = w.text.lstrip("<>")
            if not digits.isdigit() or cells >= MAX_CELLS or w not in out:  # (not read again for another column)
                continue
            if edge - w.box[2] < (w.box[2] - w.box[0]) / len(w.text):  # ends at the edge: nothing lost
                continue
            cell = _cell(column, w.box, size)
            cells += 1
            text, conf = read_cell(cell)
            found = DECIMAL.match(text)
            if found and conf >= SURE and text.lstrip("<>").startswith(digits + found.group(1)):
                out[out.index(w)] = Read(text, (w.box[0], w.box[1], max(w.box[2], edge), w.box[3]), min(conf, w.conf))
    return out, cells


def _bounds(text: str) -> tuple[float, float] | None:
    found = RANGE.match(text)
    return (float(found[1].replace(",", ".")), float(found[2].replace(",", "."))) if found else None


def plausible(text: str) -> bool:
    """A range whose low end is below its high end ('5-4' and '0-0' are what OCR made of '1.5-4.5' and
    '0.0-0.7': no report prints them)."""
    bounds = _bounds(text)
    return bounds is not None and bounds[0] < bounds[1]


def range_columns(words: list[Read]) -> list[tuple[tuple[int, int], list[Read]]]:
    """Groups of plausible ranges read surely with their left edges lined up (MIN_ROWS or more): each group's
    span (its left edge to the right end of its widest range) and its ranges."""
    sure = [w for w in words if w.conf >= SURE and plausible(w.text)]
    if len(sure) < MIN_ROWS:
        return []
    tolerance = ALIGN * sorted(w.box[3] - w.box[1] for w in sure)[len(sure) // 2]
    return [((min(w.box[0] for w in group), max(w.box[2] for w in group)), group)
            for group in lined_up(sure, lambda w: w.box[0], tolerance)]  # fmt: skip


def read_ranges(words: list[Read], read_cell: ReadCell, size: tuple[int, int], cells: int) -> tuple[list[Read], int]:
    """Ranges of a range column (plausible ranges read surely, left edges lined up) read again as cells when
    - they start short of its edge: small print loses the digits around a decimal point at both ends
      ('2.0-7.0' read '0-7', the box starting two characters right of where the column's ranges start);
    - they are no range a report prints, low end not below the high end ('1.5-4.5' read '5-4', '0.0-0.7'
      read '0-0', however surely), or were read unsurely ('11.6-31.3' read '1156-313' at 0.52).
    The cell (the column's span and the word's, digits, points and the dash) is taken when read surely, it is
    a plausible range, and, unless the word was read unsurely, the word's digits are among its digits in
    their order."""
    groups = range_columns(words)
    lined = {id(w) for _span, group in groups for w in group}
    out = list(words)
    for w in [w for w in words if RANGE.match(w.text) and id(w) not in lined]:
        char = (w.box[2] - w.box[0]) / len(w.text)
        short = [span for span, _group in groups if span[0] + char <= w.box[0] < span[1]]
        odd = not plausible(w.text) or w.conf < UNSURE
        spans = short or ([span for span, _group in groups if w.box[0] < span[1] and w.box[2] > span[0]] if odd else [])
        if not spans or cells >= MAX_CELLS:
            continue
        left, right = min(min(s[0] for s in spans), w.box[0]), max(max(s[1] for s in spans), w.box[2])
        cells += 1
        text, conf = read_cell(_cell((left, right), w.box, size), DIGITS + "-")
        text = text.replace(" ", "")
        within = _within(re.sub(r"\D", "", w.text), re.sub(r"\D", "", text))
        if plausible(text) and (conf >= SURE and (within or w.conf < UNSURE) or conf >= UNSURE and within and odd):
            out[out.index(w)] = Read(text, (left, w.box[1], max(w.box[2], right), w.box[3]), conf)
    return out, cells


def read_missing_ranges(words: list[Read], columns: list[tuple[int, int]], read_cell: ReadCell,
                        size: tuple[int, int]) -> list[Read]:
    """`words` with the ranges of a range column's empty cells: a row with a number read surely in a value
    column left of the column and no word read surely reaching into the column has its cell read alone
    (digits, points, the dash); taken, in place of what was read there unsurely, when read surely and a
    plausible range (Tesseract's sparse-text mode passes over a whole range now and then, or makes a guess
    of it: '13.0-17.5' beside '15.7' and 'G/DL' read at 0.96). At most MAX_RANGE_CELLS a page."""
    spans = [span for span, _group in range_columns(words)]
    out = list(words)
    cells = 0
    for left, right in _merged(spans):
        rows = [w.box for w in words if w.conf >= SURE and NUMBER.match(w.text) and w.box[2] <= left
                and any(_covers(w.box, c) for c in columns)]  # fmt: skip
        for row in rows:
            there = [w for w in out if (_same_row(row, w.box) or _same_row(w.box, row))
                     and min(w.box[2], right) > max(w.box[0], left)]  # fmt: skip
            if cells >= MAX_RANGE_CELLS or any(w.conf >= UNSURE for w in there):
                continue
            cells += 1
            text, conf = read_cell(_cell((left, right), row, size), DIGITS + "-")
            text = text.replace(" ", "")
            if conf >= SURE and plausible(text):
                out = [w for w in out if w not in there] + [Read(text, (left, row[1], right, row[3]), conf)]
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping x-ranges joined."""
    out: list[tuple[int, int]] = []
    for x0, x1 in sorted(spans):
        if out and x0 < out[-1][1]:
            out[-1] = (out[-1][0], max(x1, out[-1][1]))
        else:
            out.append((x0, x1))
    return out


def _within(short: str, long: str) -> bool:
    """Whether the characters of `short` occur in `long` in their order."""
    rest = iter(long)
    return all(c in rest for c in short)


def read_missing(words: list[Read], columns: list[tuple[int, int]], read_cell: ReadCell, size: tuple[int, int],
                 budget: int) -> list[Read]:
    """Numbers for the empty cells of value columns: a row with a name read surely left of a column, within
    the column's rows (its first to last sure number) or with a word read surely right of it (a unit, a
    range), and no word in the column. Tesseract's sparse-text
    mode passes over a short number now and then ('22' beside 'BUN', 'mg/dL', '7-20' read at 0.97); the cell
    read alone finds it. Taken only when read surely (MISSING_SURE)."""
    found: list[Read] = []
    for column in columns:
        numbers = [w.box for w in words if w.conf >= SURE and NUMBER.match(w.text) and _covers(w.box, column)]
        if len(numbers) < MIN_ROWS:
            continue
        top, bottom = min(b[1] for b in numbers), max(b[3] for b in numbers)
        right = [w.box for w in words if w.conf >= SURE and w.box[0] >= column[1]]
        names = sorted((w.box for w in words if w.conf >= SURE and w.box[2] <= column[0] and LETTER.search(w.text)
                        and (top <= (w.box[1] + w.box[3]) / 2 <= bottom or any(_same_row(w.box, b) for b in right))),
                       key=lambda b: b[1])  # fmt: skip
        rows: list[tuple[int, int, int, int]] = []
        for box in names:
            if not any(_same_row(box, r) or _same_row(r, box) for r in rows):
                rows.append(box)
        for row in rows:
            if budget <= 0:
                return found
            if _occupied(words, row, column):
                continue
            cell = _cell(column, row, size)
            budget -= 1
            text, conf = read_cell(cell)
            if NUMBER.match(text) and conf >= MISSING_SURE:
                found.append(Read(text, (column[0], row[1], column[1], row[3]), conf))
    return found


def unit_columns(words: list[Read]) -> list[tuple[int, int]]:
    """The x-ranges of units read (however unsurely) with their left edges lined up on MIN_ROWS rows or more."""
    units = sorted((w.box for w in words if w.conf >= MIN_UNIT_SEEN and not NUMBER.match(w.text)
                    and is_unit_token(fix_word(w.text))), key=lambda b: b[0])  # fmt: skip
    if len(units) < MIN_ROWS:
        return []
    tolerance = ALIGN * sorted(b[3] - b[1] for b in units)[len(units) // 2]
    return [(min(b[0] for b in group), max(b[2] for b in group)) for group in lined_up(units, lambda b: b[0], tolerance)]


def lined_up(items: list[T], edge: Callable[[T], int], tolerance: float) -> list[list[T]]:
    """Groups of at least MIN_ROWS items whose `edge` lies within `tolerance` of the next one's, in order."""
    ordered = sorted(items, key=edge)
    groups: list[list[T]] = []
    for item in ordered:
        if groups and edge(item) - edge(groups[-1][-1]) <= tolerance:
            groups[-1].append(item)
        else:
            groups.append([item])
    return [g for g in groups if len(g) >= MIN_ROWS]


def read_missing_units(words: list[Read], read_text: ReadCell, size: tuple[int, int]) -> list[Read]:
    """`words` with the units of rows whose unit Tesseract passed over: a unit column (units lined up on
    their left edges), a row with a number read surely in a value column left of it, and no word in the
    unit column: the cell is read alone (letters and signs) and taken when it is a unit the grammar reads,
    read with UNIT_SURE or more ('%' printed in small monospace is often not found at all; a row without its
    unit is matched to no result, or to the wrong one)."""
    columns = value_columns(words)
    added: list[Read] = []
    cells = 0
    for unit in unit_columns(words):
        numbers = [w.box for w in words if w.conf >= SURE and NUMBER.match(w.text) and w.box[2] <= unit[0]
                   and any(_covers(w.box, c) for c in columns)]  # fmt: skip
        for row in numbers:
            if cells >= MAX_UNIT_CELLS:
                return words + added
            if _occupied(words, row, unit):
                continue
            cell = _cell(unit, row, size)
            cells += 1
            text, conf = read_text(cell)
            if conf >= UNIT_SURE and not NUMBER.match(text) and is_unit_token(fix_word(text)):
                added.append(Read(text, (unit[0], row[1], unit[0] + (unit[1] - unit[0]) // 2, row[3]), conf))
    return words + added


def drop_script_column(words: list[Read]) -> list[Read]:
    """`words` without the column of unsure short reads between names and values (see the module's doc)."""
    columns = value_columns(words)
    if not columns:
        return words
    sure_numbers = [w.box for w in words if w.conf >= SURE and NUMBER.match(w.text) and any(_covers(w.box, c) for c in columns)]
    height = sorted(b[3] - b[1] for b in sure_numbers)[len(sure_numbers) // 2]
    tolerance = ALIGN * height
    candidates = []
    gone: set[int] = set()
    for i, w in enumerate(words):
        if w.conf >= UNSURE or len(w.text) > SHORT:
            continue
        row = [v for v in words if _same_row(w.box, v.box)]
        left = [v.box[2] for v in row if v.conf >= SURE and v.box[2] <= w.box[0]]
        right = any(b[0] >= w.box[2] and _same_row(w.box, b) for b in sure_numbers)
        after_value = any(NUMBER.match(v.text) and v.box[2] <= w.box[0] for v in row)  # a unit, a flag
        if left and right and not after_value:
            candidates.append(i)
            if w.box[0] - max(left) >= APART * height and LETTER.search(w.text) and not _DIGIT.search(w.text):
                gone.add(i)  # alone, a column away from the name: another script's label ('eGFR   PF')
    candidates.sort(key=lambda i: words[i].box[0])
    group: list[int] = []
    for nxt in [*candidates, None]:
        if nxt is not None and group and words[nxt].box[0] - words[group[-1]].box[0] <= tolerance:
            group.append(nxt)
            continue
        rows: list[int] = []
        for j in group:
            if not any(_same_row(words[j].box, words[k].box) for k in rows):
                rows.append(j)
        if len(rows) >= MIN_ROWS:
            gone.update(group)
        group = [nxt] if nxt is not None else []
    return [w for i, w in enumerate(words) if i not in gone]
