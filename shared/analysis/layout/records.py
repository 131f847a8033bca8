"""Results printed as records of labelled fields, one field a line, the test's name a field too:

    Test: Hemoglobin                 Test        | Hemoglobin
    Result: 13.2                     Result      | 13.2
    Units: g/dL                      Units       | g/dL
    Reference range: 13.5 - 17.5     Reference   | 13.5 - 17.5
    Flag: L                          Flag        | L

(labels ending with a colon or standing in a cell of their own, the lexicon's column titles: HEADER_WORDS; two
or three records may stand side by side). Each record is rewritten as one line, its values a column's gap apart
('Hemoglobin  13.2  L  g/dL  13.5 - 17.5'), before the page is cut into blocks, so the row grammar reads it as
it reads a table's row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shared.analysis.layout.columns import title_role
from shared.analysis.layout.lines import Line, build_lines
from shared.analysis.layout.words import Word
from shared.analysis.lexicon import Role
from shared.analysis.values import flag_of

MAX_LABEL_WORDS = 4
# The fields a record's line is rebuilt from, in the row grammar's order; other labelled fields (specimen,
# method, previous result) are part of the record and left out.
ORDER = (Role.NAME, Role.RESULT, Role.FLAG, Role.UNIT, Role.RANGE)
MAX_FIELDS = 8
MIN_FIELDS = 3             # the name, the result and a unit, interval or flag
MAX_UNKNOWN_LABEL = 2      # words of a label the lexicon does not know
_WORDLIKE = re.compile(r"^[^\W\d_]")
_NUMBER = re.compile(r"^[<>≤≥]?[-−]?\d")
_WHOLE_NUMBER = re.compile(r"^[<>≤≥]?[-−]?\d+(?:[.,]\d+)?$")
_COLON = (":", "：")


@dataclass(slots=True)
class Field:
    role: Role | None          # None: a label the lexicon does not know ('Bew.:'), its value decides
    x0: float                  # the label's left edge
    line: int                  # the index of its line
    label: list[Word]
    value: list[Word] = field(default_factory=list)


def _role(words: list[str], colon: bool) -> Role | None:
    """The role of a label: a title phrase; before a colon also a phrase that starts or ends it ('Rango de
    referencia:', 'Unidad de medida:')."""
    role = title_role(" ".join(words))
    if role is not None or not colon:
        return role
    for n in range(len(words) - 1, 0, -1):
        role = title_role(" ".join(words[-n:])) or title_role(" ".join(words[:n]))
        if role is not None:
            return role
    return None


def _label(cell: list[Word]) -> tuple[Role | None, int, bool] | None:
    """(role, words, ends with a colon) when the cell starts with a field label: a title phrase that ends with a
    colon, or that is the whole cell; a short run of words before a colon is a label of unknown role."""
    unknown = None
    for n in range(min(MAX_LABEL_WORDS, len(cell)), 0, -1):
        colon = cell[n - 1].text.endswith(_COLON)
        if n < len(cell) and not colon:
            continue
        role = _role([w.text for w in cell[:n]], colon)
        if role is not None:
            return role, n, colon
        if colon and unknown is None and n <= MAX_UNKNOWN_LABEL and _WORDLIKE.match(cell[0].text):
            unknown = (None, n, True)
    return unknown


def _resolved(f: Field) -> Role | None:
    """The role of a field under a label the lexicon does not know: a flag when its value is flag words."""
    if f.role is not None or not f.value:
        return f.role
    return Role.FLAG if all(flag_of(w.text) is not None for w in f.value) else Role.OTHER


def _fields(line: Line, index: int) -> list[Field]:
    """The line's labelled fields, left to right; empty when the line does not start with a label."""
    out: list[Field] = []
    bare = False  # the last cell was a label alone: the next cell is its value
    for cell in line.cells():
        hit = _label(cell)
        if hit is not None and bare and not hit[2] and hit[0] is not out[-1].role:
            hit = None  # 'Flag | Low': a value that reads like a title
        if hit is None:
            if not out:
                return []
            out[-1].value.extend(cell)
            bare = False
            continue
        role, n, _ = hit
        out.append(Field(role, cell[0].x0, index, cell[:n], list(cell[n:])))
        bare = n == len(cell)
    return out


def _record(fields: list[list[Field]], lines: list[Line], k: int, head: Field, used: set[int]) -> list[Field] | None:
    """The record whose name field is `head` (on line k): the fields under it, label over label."""
    em = max(lines[k].height, 1.0)
    got = [head]
    roles = {head.role}
    for j in range(k + 1, min(len(lines), k + MAX_FIELDS)):
        if lines[j].top - lines[j - 1].bottom > 1.5 * em:
            break
        below = next((f for f in fields[j] if abs(f.x0 - head.x0) <= em and id(f) not in used), None)
        if below is None:
            break
        below.role = _resolved(below)
        if below.role is Role.NAME or (below.role in ORDER and below.role in roles):
            break
        got.append(below)
        roles.add(below.role)
    result = next((f for f in got if f.role is Role.RESULT), None)
    if result is None or not result.value or not _NUMBER.match(result.value[0].text):
        return None
    if sum(1 for f in got if f.role in ORDER and f.value) < MIN_FIELDS:
        return None
    return got


def _value(record: list[Field], role: Role) -> list[Word]:
    return next((f.value for f in record if f.role is role), [])


def _rebuilt(record: list[Field], xs: dict[Role, float], line: Line) -> list[Word]:
    """The record's values as one line at `line`'s height, each at its column's x."""
    words: list[Word] = []
    for role in ORDER:
        value = _value(record, role)
        if value:
            shift = xs[role] - value[0].x0
            words += [Word(w.text, w.x0 + shift, w.x1 + shift, line.top, line.bottom, w.bold, w.red, w.conf)
                      for w in value]
    return words


def _columns(records: list[list[Field]], x: float) -> dict[Role, float]:
    """An x for each field, from `x`: the records' lines laid out as one table, a column's gap apart."""
    xs: dict[Role, float] = {}
    for role in ORDER:
        values = [v for v in (_value(rec, role) for rec in records) if v]
        if not values:
            continue
        xs[role] = x
        x += max(v[-1].x1 - v[0].x0 for v in values) + 2 * max(v[0].height for v in values)
    return xs


def _records(words: list[Word]) -> tuple[list[Line], list[tuple[int, list[Field]]]]:
    """The page's lines and its records (the line of each record's name)."""
    lines = build_lines(words)
    fields = [_fields(ln, i) for i, ln in enumerate(lines)]
    records: list[tuple[int, list[Field]]] = []
    if not any(f.role is Role.NAME for fs in fields for f in fs):
        return lines, records
    used: set[int] = set()
    for k, fs in enumerate(fields):
        for f in fs:
            if f.role is Role.NAME and f.value and not _WHOLE_NUMBER.match(f.value[0].text) and id(f) not in used:
                rec = _record(fields, lines, k, f, used)
                if rec is not None:
                    used.update(id(g) for g in rec)
                    records.append((k, rec))
    return lines, records


def rewrite_records(pages: list[list[Word]], lines_of: list[list[Line] | None] | None = None) -> list[list[Word]]:
    """The pages' words with every record of labelled fields rewritten as one line, the records of all pages laid
    out as one table (a page without records is returned unchanged). Given `lines_of`, fills it with each page's
    lines (build_lines) where the page is returned unchanged, None where it is rewritten: the caller need not build
    them again."""
    found = [_records(words) for words in pages]
    if lines_of is not None:
        lines_of[:] = [None if records else lines for lines, records in found]
    every = [rec for _, recs in found for _, rec in recs]
    if not every:
        return pages
    xs = _columns(every, min(rec[0].x0 for rec in every))
    out: list[list[Word]] = []
    for words, (lines, records) in zip(pages, found, strict=True):
        if not records:
            out.append(words)
            continue
        dropped = {id(w) for _, rec in records for f in rec for w in f.label + f.value}
        kept = [w for w in words if id(w) not in dropped]
        band: dict[int, list[list[Field]]] = {}
        for k, rec in records:
            band.setdefault(k, []).append(rec)
        for recs in band.values():
            for i, rec in enumerate(sorted(recs, key=lambda r: r[0].x0)):
                at = lines[rec[min(i, len(rec) - 1)].line]  # side by side: each record on a line of its own
                kept += _rebuilt(rec, xs, at)
        out.append(kept)
    return out
