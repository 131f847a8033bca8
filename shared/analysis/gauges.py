"""Gauges drawn in text characters beside a result: a drawing, not a name, value, flag or separator.

LIS printouts and patient-friendly reports draw where the value falls with characters: '|----*---|',
'[=====|==●==|=====]', '▁▁▁▁█▁▁', '░▒▓█', '■■■□□', '○○●○○'. Such a word (made only of the lexicon's GAUGE_CHARS)
is dropped from the page's words before lines are read, so the row reads as if no gauge were printed. A word that
keeps a meaning alone stays: a flag ('*', '**', '+', '↑', '▲'), a missing result or a range separator ('---',
'-', '–'), a one-sided sign ('<', '>'), one bracket or bar, a bracket and a sign ('(<', '[>' of '(< 5.0)'). A gauge whose ends print the bounds
('70 ----+---- 99', 'L [ 70 ----+---- 99 ] H') stands for the range's separator, and the end labels around it
(a low word before, a high word after: 'L' … 'H', 'Low' … 'High') are part of the drawing. So is a word of
decoration marks alone (lexicon.DECORATION_GLYPHS: coloured dots, trend arrows, stars).
"""

from __future__ import annotations

import re

from shared.analysis.layout.words import Word
from shared.analysis.lexicon import (
    DECORATION_GLYPHS,
    GAUGE_CHARS,
    GAUGE_ENDS,
    GAUGE_GLYPHS,
    GAUGE_KEEP_REPEATS,
    GAUGE_LETTER_MARKERS,
    GAUGE_TRACK,
    GE_SIGNS,
    LE_SIGNS,
    RANGE_SEPARATORS,
    Flag,
)
from shared.analysis.values import flag_of, parse_number

_OPENERS, _CLOSERS = "([{", ")]}"
_CANDIDATE = re.compile("[" + re.escape("".join(sorted(GAUGE_CHARS))) + "]{2,}|["
                        + re.escape(GAUGE_GLYPHS + DECORATION_GLYPHS) + "]")
# every character a gauge or decoration word can hold (a letter marker included): any other rules a word out
_GAUGE_ONLY = re.compile("[" + re.escape("".join(sorted(GAUGE_CHARS | set(DECORATION_GLYPHS + GAUGE_LETTER_MARKERS))))
                         + "]+")


def is_gauge_word(text: str) -> bool:
    """A word made only of gauge characters that means nothing else alone, or only of decoration marks."""
    if _GAUGE_ONLY.fullmatch(text) is None:
        return False  # a character no gauge or mark is drawn with (nearly every word): one match
    if text and all(c in DECORATION_GLYPHS for c in text):
        return True
    letters = [c for c in text if c in GAUGE_LETTER_MARKERS]
    if len(letters) == 1 and sum(c in GAUGE_TRACK for c in text) >= 3:
        text = text.replace(letters[0], "*")  # '|---x--|': a marker drawn as a letter
    if not text or any(c not in GAUGE_CHARS for c in text):
        return False
    if len(text) == 1:
        return text in GAUGE_GLYPHS
    core = [c for c in text if c not in GAUGE_ENDS]
    if len(core) < 2 and not any(c in GAUGE_GLYPHS for c in core):
        return False  # '(<', '[>', '(-', '()': a bracket and a sign, a separator or nothing
    if len(set(text)) == 1 and text[0] in GAUGE_KEEP_REPEATS:
        return False  # '**', '++', '---', '––': a flag, a missing result, a separator
    if text in RANGE_SEPARATORS or text in LE_SIGNS or text in GE_SIGNS or flag_of(text) is not None:
        return False
    return True


def _number(text: str) -> float | None:
    t = text.strip("[](){}")
    return parse_number(t, "," in t and "." not in t) if t else None


def _same_line(a: Word, b: Word) -> bool:
    return min(a.bottom, b.bottom) - max(a.top, b.top) > 0.4 * min(a.height, b.height)


def _neighbour(words: list[Word], w: Word, side: int, skip: str = "") -> Word | None:
    """The nearest word on w's line to its left (side -1) or right (+1), past words made only of `skip`."""
    best: Word | None = None
    for o in words:
        if o is w or not _same_line(o, w):
            continue
        if (side < 0 and o.x1 <= w.x0 + 1 and (best is None or o.x1 > best.x1)) or \
                (side > 0 and o.x0 >= w.x1 - 1 and (best is None or o.x0 < best.x0)):
            best = o
    if best is not None and skip and best.text and all(c in skip for c in best.text):
        return _neighbour(words, best, side, skip)
    return best


def _ends_are_bounds(words: list[Word], w: Word) -> tuple[Word, Word] | None:
    """(low, high) when the gauge's two neighbours are its bounds: numbers low <= high on its line, the high one
    not the start of a printed interval ('105 ○○●○ 70 - 99' is the value, then the interval)."""
    if not any(c in GAUGE_TRACK for c in w.text):
        return None
    left, right = _neighbour(words, w, -1), _neighbour(words, w, 1)
    if left is None or right is None:
        return None
    lo, hi = _number(left.text), _number(right.text)
    if lo is None or hi is None or lo > hi:
        return None
    after = _neighbour(words, right, 1)
    if after is not None and (after.text in RANGE_SEPARATORS or _number(after.text) is not None):
        return None
    return left, right


def drop_gauges(words: list[Word]) -> list[Word]:
    """The page's words without the text-drawn gauges (a gauge between its bounds becomes the range's '-')."""
    if not _CANDIDATE.search(" ".join([w.text for w in words])):
        return words  # no gauge character on the page (most pages): one search, not one a word
    gauges = [w for w in words if is_gauge_word(w.text)]
    if not gauges:
        return words
    drop: set[int] = set()
    for g in gauges:
        ends = _ends_are_bounds(words, g)
        if ends is None:
            drop.add(id(g))
            continue
        g.text = "-"
        low_label = _neighbour(words, ends[0], -1, _OPENERS)
        high_label = _neighbour(words, ends[1], 1, _CLOSERS)
        if low_label is not None and high_label is not None and flag_of(low_label.text) in (Flag.LOW, Flag.CRITICAL_LOW) \
                and flag_of(high_label.text) in (Flag.HIGH, Flag.CRITICAL_HIGH):
            drop.update((id(low_label), id(high_label)))  # 'L [ 70 ----+---- 99 ] H': the gauge's end labels
    return [w for w in words if id(w) not in drop]
