"""Regexes that start with a long alternation of labels, compiled to skip positions no match can start at.

`re` tries every alternative at every position of the text when a pattern opens with `\\b` or a group of
labels ('sex|gender|sesso|...'): it finds no literal prefix to jump by. `compile_led` puts a lookahead for
the characters a match can begin with in front of the pattern (`(?=[sgjk性])...`), computed from the
pattern's own parse, so the matches are the same and most positions fail on one character test. Where the
first characters cannot be told (a pattern that may match the empty string, a negated class, any
character), the pattern is compiled as it is.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

_ZERO_WIDTH = {c.AT, c.ASSERT, c.ASSERT_NOT}
_REPEATS = {c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT}
_CATEGORIES = {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_WORD: r"\w", c.CATEGORY_SPACE: r"\s"}


def _char(code: int) -> str:
    return re.escape(chr(code))


def _in(items) -> list[str] | None:
    """The parts of a character class, or None when it is negated or holds what we do not read."""
    out = []
    for op, av in items:
        if op is c.LITERAL:
            out.append(_char(av))
        elif op is c.RANGE:
            out.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is c.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            return None
    return out


def _first(seq) -> tuple[list[str], bool] | None:
    """(what the sequence's first character can be, whether it can match the empty string), None if unknown."""
    chars: list[str] = []
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue
        if op is c.LITERAL:
            return chars + [_char(av)], False
        if op is c.IN:
            parts = _in(av)
            if parts is None:
                return None
            return chars + parts, False
        if op is c.SUBPATTERN:
            if av[1] or av[2]:
                return None  # flags of its own ('(?-i:...)'): the lookahead would read it with the outer ones
            found = _first(av[-1])
        elif op is c.BRANCH:
            alts = [_first(alt) for alt in av[1]]
            if any(a is None for a in alts):
                return None
            found = ([ch for a in alts for ch in a[0]], any(a[1] for a in alts))  # type: ignore[index]
        elif op in _REPEATS:
            lo, _, item = av
            inner = _first(item)
            if inner is None:
                return None
            found = (inner[0], inner[1] or lo == 0)
        else:
            return None
        if found is None:
            return None
        chars += found[0]
        if not found[1]:
            return chars, False
    return chars, True


def compile_led(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, behind a lookahead for its possible first characters when they are known."""
    parsed = _parser.parse(pattern, flags)
    if len(parsed) and parsed[0][0] is c.LITERAL:
        return re.compile(pattern, flags)  # a literal prefix: re skips to it by itself
    found = _first(parsed)
    if found is None or found[1] or not found[0]:
        return re.compile(pattern, flags)
    return re.compile(f"(?=[{''.join(dict.fromkeys(found[0]))}])(?:{pattern})", flags)
