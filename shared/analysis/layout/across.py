"""Panels printed across the page: the test names as column titles, each test's value, unit and interval under its
name, each line maybe labelled at the left ('Result', 'Unit', 'Reference'):

                 Sodium       Potassium     Chloride
    Result        141           5.6 H          101
    Unit         mmol/L        mmol/L        mmol/L
    Reference   136 - 145     3.5 - 5.1     98 - 107

The block cutter keeps such a panel whole (its columns are no gutter between two tables) and the parser reads it
as one line per test ('Potassium 5.6 H mmol/L 3.5 - 5.1').
"""

from __future__ import annotations

import re

from shared.analysis.layout.lines import Line
from shared.analysis.layout.words import Word
from shared.analysis.markers import canonical
from shared.analysis.units import is_unit_token

_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"^[<>]?\d+(?:[.,]\d+)?$")
MAX_LINES = 4  # names, values, units, intervals


def _aligned_cells(line: Line, centres: list[float], half: float) -> list[list[Word] | None] | None:
    """The line's cells under the columns centred at `centres` (None where a column has none); a cell under no
    column (a row label at the left) is left out. None when two cells fall under one column."""
    out: list[list[Word] | None] = [None] * len(centres)
    for cell in line.cells():
        mid = (cell[0].x0 + cell[-1].x1) / 2
        k = min(range(len(centres)), key=lambda i: abs(centres[i] - mid))
        if abs(centres[k] - mid) >= half:
            continue
        if out[k] is not None:
            return None
        out[k] = cell
    return out


def _names_test(text: str) -> bool:
    """A cell that names a test (not a unit that reads as one: 'mg/dl' is no magnesium)."""
    return canonical(text) is not None and not is_unit_token(text)


def panel_at(lines: list[Line], k: int) -> tuple[list[list[list[Word]]], int] | None:
    """The panel whose names are line k: each test's cells top to bottom (name, value, then unit and interval
    where printed), and how many lines it takes; None when line k starts no panel."""
    if k + 1 >= len(lines) or len(lines[k].words) < 2:
        return None
    head, below = lines[k].words, lines[k + 1].words
    if _NUMBER.match(head[-1].text) or _NUMBER.match(head[0].text) or len(below) < 2 \
            or not any(_NUMBER.match(w.text) for w in below):
        return None  # a result row (a value at its end), or no values under it
    names = lines[k].cells()
    if len(names) < 2 or any(_NUMBER.match(c[0].text) for c in names):
        return None
    if sum(1 for c in lines[k + 1].cells() if _DIGIT.match(c[0].text.lstrip("<>"))) < len(names):
        return None
    if sum(1 for c in names if canonical(" ".join(w.text for w in c))) < max(2, (2 * len(names) + 2) // 3):
        return None
    centres = [(c[0].x0 + c[-1].x1) / 2 for c in names]
    half = min(b - a for a, b in zip(centres, centres[1:], strict=False)) / 2
    values = _aligned_cells(lines[k + 1], centres, half)
    if values is None or any(v is None or not _DIGIT.match(v[0].text.lstrip("<>")) for v in values):
        return None
    columns = [[n, v] for n, v in zip(names, values, strict=True) if v is not None]
    used = 2
    while k + used < len(lines) and used < MAX_LINES:
        if lines[k + used].top - lines[k + used - 1].bottom > lines[k + used].height:
            break  # past a blank line: a note under the panel ('Nota: muestra recibida …' under the last card)
        cells = _aligned_cells(lines[k + used], centres, half)
        if cells is None or sum(c is not None for c in cells) < (len(names) + 1) // 2:
            break
        if any(c is not None and _names_test(" ".join(w.text for w in c)) for c in cells):
            break  # the names of the next row of cards ('Vitamin D, 25-Hydroxy' under 'Cobalamin (B12)'), no cell of these

        for col, cell in zip(columns, cells, strict=True):
            if cell is not None:
                col.append(cell)
        used += 1
    return columns, used


def as_rows(columns: list[list[list[Word]]], head: Line) -> list[Line]:
    """One line per test, its cells laid out left to right on the names' line, a column's gap apart."""
    out = []
    for col in columns:
        em = max(col[0][0].height, 1.0)
        x, words = col[0][0].x0, []
        for cell in col:
            shift = x - cell[0].x0
            words += [Word(w.text, w.x0 + shift, w.x1 + shift, head.top, head.bottom, w.bold, w.red, w.conf)
                      for w in cell]
            x = words[-1].x1 + 2 * em
        out.append(Line(words, head.top, head.bottom))
    return out


def panel_lines(lines: list[Line]) -> set[int]:
    """The indices of the lines of every panel printed across the page."""
    out: set[int] = set()
    k = 0
    while k < len(lines):
        got = panel_at(lines, k)
        if got is None:
            k += 1
            continue
        out.update(range(k, k + got[1]))
        k += got[1]
    return out
