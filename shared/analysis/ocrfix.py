"""OCR's typical misreadings of lab-report tokens, corrected where the intended token is certain.

A table of rules, each a pattern over one OCR word and what it stands for. A rule applies only
to the shape it names (a multiplier unit, a numeric token), so a correct word is never changed.
Measured on the rendered and degraded corpus (docs/ANALYSIS.md, "OCR"): each rule is there
because the corpus scans showed the misreading.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# (pattern, replacement, why)
RULES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str], str], ...] = (
    # 'x10^3/μl': the caret read as '*', '°' or as a '4' glued to the exponent ('x1043/pl', 'X10*12/L')
    (re.compile(r"^([xX×]10)[*4°](\d{1,2})(/\S+)$"), r"\1^\2\3", "caret of a multiplier unit"),
    # after a count multiplier the volume is a microlitre: 'μl' read as 'pl' or 'ul' with a stray 'p'
    (re.compile(r"^([xX×]10\^\d{1,2}/)p([lL])$"), "\\1\u00b5\\2", "micro sign read as p"),
    # a speck after a unit read as a full stop ('g/dL.')
    (re.compile(r"^([^\s/]*[A-Za-z%]/[A-Za-z]+)\.$"), r"\1", "speck after a unit"),
    # the decimal point or comma of a value read as a middle dot or a bullet ('4·5')
    (re.compile(r"^(\d+)[·•](\d+)$"), r"\1.\2", "decimal point read as a middle dot"),
)


def fix_word(text: str) -> str:
    for pattern, replacement, _why in RULES:
        text = pattern.sub(replacement, text)
    return text
