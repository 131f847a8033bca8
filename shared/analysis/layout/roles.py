"""Column roles from a table's content, for a table whose header we cannot read (titles in a language the
lexicon has no words for, a lab's own wording, or no header at all).

Columns come from text alignment over the table's rows (as pdfplumber's text-alignment edges and camelot's
stream parser find them): an x where no row of the table prints anything, for nearly every row, is a gutter
between two columns. Each column's role is then a majority vote of its cells, each cell typed by the token
grammar: numbers, intervals (two-sided or one-sided), units, flags, text. Rules that hold across rows settle
what the vote leaves open: the name column is the text column whose cells name tests; two number columns
whose values are ordered in every row (the first never above the second) are the low and high limits of the
range; the result is the number column nearest right of the name that is no limit; other number columns are
earlier results or codes, never read as today's result.

The vote runs once per table (a block without a header): O(words) to find the gutters, one tokenisation of
each cell of at most MAX_ROWS rows.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from shared.analysis.layout.columns import Column, Columns
from shared.analysis.layout.lines import Line
from shared.analysis.lexicon import Role
from shared.analysis.markers import canonical
from shared.analysis.tokens import Kind, Tok, tokenize

MAX_ROWS = 24  # rows voted on: enough for a majority, bounded cost on a long table
INFERRED_MIN_ROWS = 4  # fewer rows than this are no table to vote on
INFERRED_GUTTER_EM = 0.4  # a gutter is at least this wide (x the line height); a word space is narrower
INFERRED_ROW_SPILL = 0.15  # the share of rows that may print across a gutter (a long name, a note)
INFERRED_MAJORITY = 0.6  # a column's role needs this share of its non-empty cells


_DIGIT = re.compile(r"\d")
_NUMBER_CELL = re.compile(r"^[<>≤≥]?[(\[]?\d[\d.,]*")
_MARK_CELL = re.compile(r"^(\*{1,3}|[↑↓]{1,2}|[HL]{1,2})$")  # a value's mark printed before it in its cell ('** 1640')


def _rows(lines: list[Line]) -> list[Line]:
    """The lines that may be rows of a table (row_like)."""
    return [ln for ln in lines if row_like(ln)]


def row_like(ln: Line) -> bool:
    """A line that may be a row of a table: a short cell after the first that starts with a number, set apart by
    a column's gap (a value, a range; never an address's '193 Maple Avenue, Suite 1'); no labelled field."""
    if len(ln.words) < 2 or not _DIGIT.search(ln.text):
        return False
    if any(w.text.endswith((":", "：")) for w in ln.words):
        return False  # 'Age : 37 Y   DOB : 12/09/1987': labelled fields, not a table's row
    cells = ln.cells()
    return len(cells) >= 2 and any(len(c) <= 4 and (_NUMBER_CELL.match(c[0].text) or len(c) > 1
                                                    and _MARK_CELL.match(c[0].text) and _NUMBER_CELL.match(c[1].text))
                                   for c in cells[1:])


def _extents(rows: list[list[Tok]], em: float) -> list[tuple[float, float]]:
    """Column extents: runs of x printed on by the rows' tokens (a range '0,80 - 1,20' is one), cut where a gutter
    at least INFERRED_GUTTER_EM wide runs down (nearly) all of them."""
    left = min(t.x0 for toks in rows for t in toks)
    right = max(t.x1 for toks in rows for t in toks)
    size = int(right - left) + 2
    step = [0] * (size + 1)  # +1 where a token starts, -1 past its end: the coverage is their running sum
    for toks in rows:
        for t in toks:
            step[max(int(t.x0 - left), 0)] += 1
            step[min(int(t.x1 - left) + 1, size)] -= 1
    cover = list(accumulate(step))
    spill = max(1, int(INFERRED_ROW_SPILL * len(rows)))
    out: list[tuple[float, float]] = []
    start: int | None = None
    gap = 0
    for x in range(size):
        if cover[x] > spill:
            if start is None:
                start = x
            elif gap and gap < INFERRED_GUTTER_EM * em:
                pass  # a word space: the same column
            elif gap:
                out.append((left + start, left + x - gap))
                start = x
            gap = 0
        elif start is not None:
            gap += 1
    if start is not None:
        out.append((left + start, left + size - gap))
    return out


def _cell_kind(toks) -> str | None:
    """What one cell holds, by its leading token (a value's flag or unit may follow it in the cell):
    num | int | range | unit | flag | text | other (None when empty)."""
    if not toks:
        return None
    kind = toks[0].kind
    if kind is Kind.INTRO and len(toks) > 1:
        kind = toks[1].kind  # 'Ref: 13.0-17.0'
    if kind is Kind.FLAG and len(toks) > 1 and toks[1].kind is Kind.NUM:
        toks = toks[1:]  # '* 1.6', 'H 5.2': a value's mark printed before it, in its cell
        kind = Kind.NUM
    if kind is Kind.NUM:
        if any(t.kind is Kind.WORD for t in toks[1:]):
            return "other"  # '193 Maple Avenue': a number inside text
        return "int" if toks[0].text.isdigit() and len(toks) == 1 else "num"
    if kind in (Kind.RANGE, Kind.CMP):
        return "range"
    if kind is Kind.UNIT or any(t.kind is Kind.UNIT for t in toks) and all(t.kind is not Kind.NUM for t in toks):
        return "unit"
    if kind is Kind.FLAG:
        return "flag"
    if all(t.kind is Kind.WORD for t in toks):
        return "text"
    return "other"


def infer_columns(lines: list[Line], decimal_comma: bool) -> Columns | None:
    """The columns of a table read from its rows' alignment and content, or None when the lines are no table
    (too few rows, no name column, no result column, a column without a clear majority)."""
    rows = _rows(lines)
    if len(rows) < INFERRED_MIN_ROWS:
        return None
    em = sorted(ln.height for ln in rows)[len(rows) // 2]
    sample = [tokenize(ln.words, decimal_comma) for ln in rows[:MAX_ROWS]]
    extents = _extents(sample, em)
    if len(extents) < 3:
        return None
    starts = [a for a, _ in extents]
    kinds: list[dict[str, int]] = [{} for _ in extents]
    values: list[list[float | None]] = [[] for _ in extents]
    names = [0] * len(extents)  # cells that name a test
    letters = [0.0] * len(extents)  # their width: a name is longer than a code ('WBC' | 'White Blood Cells')
    for ln, toks in zip(rows, sample, strict=False):
        cells: list[list[Tok]] = [[] for _ in extents]
        for t in toks:
            mid = (t.x0 + t.x1) / 2
            k = bisect_right(starts, mid + 1) - 1
            if k >= 0 and mid <= extents[k][1] + 1:
                cells[k].append(t)
        for k, cell in enumerate(cells):
            kind = _cell_kind(cell)
            values[k].append(cell[0].value if kind in ("num", "int") else None)
            if kind is None:
                continue
            if (kind in ("text", "other") or kind == "unit" and cell[0].kind is Kind.WORD) and canonical(" ".join(w.text for w in ln.words[cell[0].w0:cell[-1].w1 + 1])):
                kind = "text"  # a test's name ('25-OH-Vitamin D', '钠(NA)', 'Glucose [mg/dL]'), whatever its tokens
                names[k] += 1
                letters[k] += cell[-1].x1 - cell[0].x0
            kinds[k][kind] = kinds[k].get(kind, 0) + 1
    votes: list[str | None] = []
    for tally in kinds:
        total = sum(tally.values())
        if not total:
            votes.append(None)
            continue
        if tally.get("num") and tally.get("int"):  # integers among decimals: a number column ('150', '4.5')
            tally = {**tally, "num": tally["num"] + tally.pop("int")}
        kind, n = max(tally.items(), key=lambda kv: kv[1])
        if n < INFERRED_MAJORITY * total:
            if tally.get("num", 0) + tally.get("int", 0) + tally.get("range", 0) >= 0.5 * total:
                return None  # numbers without a clear role: not a table we can read by content
            kind = "mixed"  # words of several kinds ('Jaffe kinetic, IDMS', 'CMIA'): a column of other matter
        votes.append(kind)
    most = max((names[k] for k, v in enumerate(votes) if v == "text"), default=0)
    if not most:
        return None
    # the name column: of the text columns that name tests about as often as the best, the widest (a code
    # column beside it may name tests too: 'WBC' | 'White Blood Cells')
    name = max((k for k, v in enumerate(votes) if v == "text" and 2 * names[k] >= most),
               key=lambda k: letters[k] / names[k])
    roles: list[Role] = [Role.OTHER] * len(extents)
    roles[name] = Role.NAME
    numbers = [k for k, v in enumerate(votes) if v in ("num", "int") and k > name]
    limits: set[int] = set()
    for a, b in zip(numbers, numbers[1:], strict=False):
        if b == a + 1 and len(numbers) >= 3 and _ordered(values[a], values[b]):
            limits = {a, b}  # 'Low | High': the range printed as two columns
            break
    result = next((k for k in numbers if k not in limits), None)
    if result is None:
        return None
    out = next((k for k in numbers if k > result and k not in limits and _apart(values[result], values[k])), None)
    for k, v in enumerate(votes):
        if k == result:
            roles[k] = Role.RESULT
        elif k == out:
            roles[k] = Role.RESULT_OUT  # 'In range | Out of range': each row prints its value in one of the two
        elif k in limits:
            roles[k] = Role.RANGE
        elif k in numbers:
            roles[k] = Role.PREVIOUS  # another number column: earlier results, never today's
        elif k > name and v == "range":
            roles[k] = Role.RANGE
        elif k > name and v == "unit":
            roles[k] = Role.UNIT
        elif k > name and v == "flag":
            roles[k] = Role.FLAG
    # a second number column with a unit column of its own ('55.4 %  7.1 10^3/uL'): the same test in another
    # unit, left untitled as a header leaves it (the row grammar reads the second value and its unit); only when
    # the result has its unit beside it too ('5.03  5.25  10E9/L' is a result, an earlier one and their unit)
    untitled = {k for k in numbers if k not in limits and k not in (result, out) and k + 1 < len(votes)
                and votes[k + 1] == "unit" and result + 1 < len(votes) and votes[result + 1] == "unit"}
    untitled |= {k + 1 for k in untitled}
    columns = [Column(r, a, b) for k, (r, (a, b)) in enumerate(zip(roles, extents, strict=True)) if k not in untitled]
    return Columns(columns, min(ln.top for ln in rows), True)


def _ordered(low: list[float | None], high: list[float | None]) -> bool:
    """Two number columns whose values are ordered in every row that prints both (a lower and an upper limit)."""
    pairs = [(a, b) for a, b in zip(low, high, strict=True) if a is not None and b is not None]
    return len(pairs) >= INFERRED_MIN_ROWS and all(a < b for a, b in pairs)


def _apart(a: list[float | None], b: list[float | None]) -> bool:
    """Two number columns no row prints both of, each in a few rows: the result in one or the other."""
    both = sum(1 for x, y in zip(a, b, strict=True) if x is not None and y is not None)
    return not both and sum(x is not None for x in a) >= 2 and sum(y is not None for y in b) >= 2


def continues(columns: Columns, lines: list[Line]) -> bool:
    """The table of `columns` goes on in `lines` (the next page's few rows): every word of their row-like
    lines stands in one of its columns, and some stand in its result column."""
    rows = _rows(lines)
    if not rows:
        return False
    in_result = False
    for ln in rows:
        for w in ln.words:
            mid = (w.x0 + w.x1) / 2
            c = next((c for c in columns.columns if c.x0 - ln.height <= mid <= c.x1 + ln.height), None)
            if c is None:
                return False
            in_result |= c.role is Role.RESULT
    return in_result
