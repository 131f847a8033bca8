"""Reference intervals kept in a numbered legend after the table.

Some reports print only a footnote key in the reference column ('(3)', '3)', '[3]') and list the intervals
under the table, one per key ('(3) 3.5 - 5.1 mmol/L', or with the test's name: '(3) Potassium: 3.5 - 5.1').
The legend's lines are not results (their keys would be read as values), and a result whose line ends in a
key takes the legend's interval for that key, and the flag that interval implies when none is printed.
"""

from __future__ import annotations

import re

from shared.analysis.layout.lines import Line
from shared.analysis.values import Range, parse_range

__all__ = ["find_legend", "key_of", "keyed", "legend_entries"]

_KEY = re.compile(r"^(?:\((\d{1,2})\)|\[(\d{1,2})\]|(\d{1,2})\))$")


def key_of(text: str) -> int | None:
    """The footnote number of a key token ('(3)', '[3]', '3)'), or None."""
    m = _KEY.match(text.strip())
    return int(next(g for g in m.groups() if g)) if m else None


def _interval(words: list[str], decimal_comma: bool) -> Range | None:
    if any(w.endswith(":") for w in words[:-1]):  # the test's name before the interval
        words = words[max(i for i, w in enumerate(words[:-1]) if w.endswith(":")) + 1:]
    for n in (3, 2, 1):
        if len(words) >= n:
            rng = parse_range(" ".join(words[:n]), decimal_comma)
            if rng is not None:
                return rng
    return None


def legend_entries(line: Line, decimal_comma: bool) -> dict[int, Range]:
    """The entries of a legend line (one, or several side by side): key -> interval. Empty unless the line
    starts with a key and every key on it is followed by an interval."""
    texts = [w.text for w in line.words]
    starts = [i for i, t in enumerate(texts) if key_of(t) is not None]
    if not starts or starts[0] != 0:
        return {}
    out: dict[int, Range] = {}
    for a, b in zip(starts, starts[1:] + [len(texts)], strict=True):
        rng = _interval(texts[a + 1:b], decimal_comma)
        if rng is None:
            return {}
        out[key_of(texts[a]) or 0] = rng
    return out


def find_legend(lines: list[Line], decimal_comma: bool) -> tuple[dict[int, Range], set[int]]:
    """The legend's intervals by key and the ids of its lines; nothing unless two keys at least are listed."""
    entries: dict[int, Range] = {}
    ids: set[int] = set()
    for ln in lines:
        got = legend_entries(ln, decimal_comma)
        if got:
            entries.update(got)
            ids.add(id(ln))
    return (entries, ids) if len(entries) >= 2 else ({}, set())


def keyed(lines: list[Line], name: str) -> int | None:
    """The key ending the line of the result called `name`, or None."""
    for ln in lines:
        if len(ln.words) >= 2 and ln.text.startswith(name):
            k = key_of(ln.words[-1].text)
            if k is not None:
                return k
    return None
