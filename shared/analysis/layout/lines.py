"""Lines rebuilt from word positions (never from the PDF's text order).

Two words are on the same line when their vertical extents overlap by at least
60 % of the smaller one. A value printed half a line lower, centred between the
two lines of a wrapped name, overlaps each of them by about half and so stays a
line of its own: the row assembler decides where it belongs. Words of a line are
ordered left to right; the same word drawn twice at the same place ("fake bold"
by overprinting) is kept once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from statistics import StatisticsError

from shared.analysis.layout.words import Word
from shared.analysis.units import is_unit_token

OVERLAP = 0.6


def median(values: Iterable[float]) -> float:
    """statistics.median, the same value, in this compiled module (the parser takes a line's median height often)."""
    data = sorted(values)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    i = n // 2
    return data[i] if n % 2 == 1 else (data[i - 1] + data[i]) / 2


@dataclass(slots=True)
class Line:
    words: list[Word]  # left to right
    top: float
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    def gaps(self, min_width: float) -> list[tuple[float, float]]:
        """Horizontal gaps between consecutive words at least `min_width` wide."""
        out = []
        for a, b in zip(self.words, self.words[1:], strict=False):
            if b.x0 - a.x1 >= min_width:
                out.append((a.x1, b.x0))
        return out

    def cells(self, gap: float | None = None) -> list[list[Word]]:
        """Words grouped into cells: a gap wider than `gap` (default 0.8 x the line height) starts a new cell."""
        limit = 0.8 * self.height if gap is None else gap
        cells: list[list[Word]] = [[self.words[0]]]
        for a, b in zip(self.words, self.words[1:], strict=False):
            if b.x0 - a.x1 > limit:
                cells.append([b])
            else:
                cells[-1].append(b)
        return cells


def build_lines(words: list[Word]) -> list[Line]:
    """Group words into lines by vertical overlap, top to bottom."""
    if not words:
        return []
    ordered = sorted(words, key=_mid_key)
    groups: list[list[Word]] = []
    tops: list[float] = []  # reference band of each group: its first word's extent
    bottoms: list[float] = []
    lows: list[float] = []  # the group's own extent (all its words)
    highs: list[float] = []
    talls: list[Word] = []  # the group's tallest word
    for w in ordered:
        wt, wb = w.top, w.bottom
        n = len(groups)
        # the last group first (most words join the line before them), then the two before it
        for k in range(n - 1, n - 4 if n > 3 else -1, -1):
            if _joins(tops[k], bottoms[k], talls[k], wt, wb):
                groups[k].append(w)
                if wt < lows[k]:
                    lows[k] = wt
                if wb > highs[k]:
                    highs[k] = wb
                if wb - wt > talls[k].bottom - talls[k].top:
                    talls[k] = w
                break
        else:
            groups.append([w])
            tops.append(wt)
            bottoms.append(wb)
            lows.append(wt)
            highs.append(wb)
            talls.append(w)
    lines = []
    for g, lo, hi in zip(groups, lows, highs, strict=True):
        if len(g) > 1:
            g.sort(key=_X0)
            kept = [g[0]]
            powered = False
            for w in g[1:]:
                p = kept[-1]
                if w.text == p.text and abs(w.x0 - p.x0) < 1.0:
                    continue  # drawn twice at the same place
                if w.bottom < p.bottom - 0.25 * (p.bottom - p.top):
                    if _footnote_mark(p, w):
                        continue  # '5.2' with a raised '1' or 'a' after it: a footnote's mark, not part of the value
                    power = _raised_power(p, w)
                    if power is not None:  # 'x10' with a raised '9': one word 'x10^9' (the unit's '/L' joins it)
                        kept[-1] = Word(power, p.x0, w.x1, p.top, p.bottom, p.bold, p.red, min(p.conf, w.conf))
                        powered = True
                        continue
                elif powered and w.text[0] == "/" and w.x0 - p.x1 < 0.3 * (p.bottom - p.top):
                    kept[-1] = Word(p.text + w.text, p.x0, w.x1, p.top, p.bottom, p.bold, p.red, min(p.conf, w.conf))
                    continue
                powered = False
                kept.append(w)
            g = kept
        lines.append(Line(g, lo, hi))
    lines.sort(key=_line_key)
    return lines


def _joins(t: float, b: float, tall: Word, wt: float, wb: float) -> bool:
    """A word from `wt` to `wb` joins the line whose reference band is `t`-`b` (its first word's extent) when
    they overlap by OVERLAP of the smaller; or when it stands inside the line's tallest word's extent, its foot
    level with that word's (a unit after a value in larger type: 'glomerular' 15 mg/dl, where the band is the
    small word's that came first)."""
    h = wb - wt
    ov = (b if b < wb else wb) - (t if t > wt else wt)
    if ov <= 0:
        return False
    if ov >= OVERLAP * (h if h < b - t else b - t):
        return True
    tt, tb = tall.top, tall.bottom
    return h < 0.8 * (tb - tt) and wt >= tt and wb <= tb and tb - wb <= 0.3 * h


_NUMBER = re.compile(r"^[<>≤≥]?\d+(?:[.,]\d+)*$")


def _footnote_mark(p: Word, w: Word) -> bool:
    """`w` is a footnote's mark raised after the number `p` (or after a sign that follows one: '5.9 †'): one or
    two characters in smaller type, right after it. ('10' with a raised '9' is a power of ten, kept; so is
    anything raised after a word: 'mm' with a raised '3'.)"""
    h = p.bottom - p.top
    if len(w.text) > 2 or w.bottom - w.top >= 0.75 * h or w.x0 - p.x1 >= 0.3 * h:
        return False
    if w.text.isalpha() and (p.text.endswith("%") or is_unit_token(p.text)):
        return True  # a letter raised after the value's unit ('165 g/l' + 'c', '1.9%' + 'a'); a digit is a power
    return (_NUMBER.match(p.text) is not None and p.text != "10") or not any(c.isalnum() for c in p.text)


_RAISED = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _raised_power(p: Word, w: Word) -> str | None:
    """'x10' + a raised '9' -> 'x10^9'; 'mm' + a raised '3' -> 'mm³' (an exponent drawn as a smaller run above the
    line, right after the word it belongs to); None for anything else."""
    h = p.bottom - p.top
    if not (w.text.isdigit() and len(w.text) <= 2 and w.bottom - w.top < 0.8 * h and w.x0 - p.x1 < 0.3 * h):
        return None
    if p.text.endswith("10"):
        return f"{p.text}^{w.text}"
    if w.text in ("2", "3") and (p.text.endswith("mm") or p.text.endswith("/m")):
        return p.text + w.text.translate(_RAISED)
    return None


def _mid_key(w: Word) -> tuple[float, float]:
    return (w.top + w.bottom, w.x0)


_X0 = attrgetter("x0")


def _line_key(ln: Line) -> tuple[float, float]:
    return (ln.top, ln.words[0].x0)
