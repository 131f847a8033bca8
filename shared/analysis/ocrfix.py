"""OCR's typical misreadings of lab-report tokens, corrected where the intended token is certain.

Two tables, both data:

- RULES: patterns over one OCR word and what it stands for. A rule applies only to the shape
  it names (a multiplier unit, a numeric token), so a correct word is never changed;
- LOOKALIKES: letters OCR confuses in units ('meg/dL' for 'mcg/dL', 'mlU/L' for 'mIU/L'). A word
  shaped like a unit (it has a '/') that the unit grammar (units.py) does not read is tried with
  one such letter swapped at a time; the first spelling the grammar reads is taken. A word the
  grammar already reads is never changed, and nothing becomes a unit the grammar does not know.

And NAME_LOOKALIKES: letters and digits OCR confuses in a test's name ('lron' for 'Iron', 'Free 14' for
'Free T4'), and marks it reads inside a word ('HbA‘1c'): a name the marker catalogue does not know is
tried with the marks left out, then with one such swap at a time, and the first spelling the catalogue
knows is taken (`fix_name`). A name the catalogue knows is never changed.

And one page-level correction, from the page's own print: a unit part read with a 'u' where the
same page prints that part with a micro sign ('x10^3/ul' beside 'x10^6/µl') takes the sign
(`micro_parts`, `with_micro`). A page that prints 'u' throughout keeps it.

Measured on the rendered and degraded corpus (docs/ANALYSIS.md, "OCR"): each rule is there
because the corpus scans showed the misreading.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from shared.analysis.units import MICRO_SIGNS, is_unit_token

SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")

# (pattern, replacement, why)
RULES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str], str], ...] = (
    # 'x10^3/μl': the caret read as '*', '°', '%' or as a '4' glued to the exponent ('x1043/pl', 'X10*12/L',
    # 'X10%12/L')
    (re.compile(r"^([xX×]10)[*4°%](\d{1,2})(/\S+)$"), r"\1^\2\3", "caret of a multiplier unit"),
    # 'x10⁹/L': the raised exponent read on the line ('x109/L'); no count is 'times 109' (a lost caret
    # gives the same unit)
    (re.compile(r"^([xX×]10)(3|6|9|12)(/[A-Za-z\u00b5\u03bc]+)$"),
     lambda m: m[1] + m[2].translate(SUPERSCRIPT) + m[3], "exponent printed raised"),
    # after a count multiplier the volume is a microlitre: 'μl' read as 'pl' or 'ul' with a stray 'p'
    (re.compile(r"^([xX×]10\^\d{1,2}/)p([lL])$"), "\\1\u00b5\\2", "micro sign read as p"),
    # a speck after a unit read as a full stop ('g/dL.')
    (re.compile(r"^([^\s/]*[A-Za-z%]/[A-Za-z]+)\.$"), r"\1", "speck after a unit"),
    # the decimal point or comma of a value read as a middle dot or a bullet ('4·5')
    (re.compile(r"^(\d+)[·•](\d+)$"), r"\1.\2", "decimal point read as a middle dot"),
    # a range's dash read with specks around it, all one word ('0.1.-:1.2', '70.:-100')
    # ... or the dash read as '=' ('27=32'): no report prints 'a=b' for two numbers
    (re.compile(r"^(\d+(?:[.,]\d+)?)[.:;,_~]*[-–~=][.:;,_~]*(\d+(?:[.,]\d+)?)$"), r"\1-\2", "specks around a range's dash"),
)

STRAY_MIN = 6  # a unit-shaped word this long may have one stray letter left out (a short word is too easily another)

# letter read -> the letters it may stand for, in the order tried
LOOKALIKES: dict[str, str] = {
    "e": "c",  # 'meg/dL' -> 'mcg/dL'
    "l": "I",  # 'mlU/L', 'ulU/mL' -> 'mIU/L', 'uIU/mL'
    "1": "Il",  # '1U/L' -> 'IU/L', 'mmo1/L' -> 'mmol/L'
    "I": "l",  # 'mmoI/L' -> 'mmol/L'
    "g": "q",  # 'mEg/L' -> 'mEq/L'
    "i": "I",  # 'miU/L' -> 'mIU/L' (already read; 'pmoi/L' -> no)
}


# character read -> the characters it may stand for in a test's name, in the order tried
NAME_LOOKALIKES: dict[str, str] = {
    "l": "I",  # 'lron' -> 'Iron'
    "I": "l",
    "1": "TIl",  # 'Free 14' -> 'Free T4'
    "0": "O",
    "5": "S",
}
STRAY_MARKS = re.compile(r"(?<=\w)[‘’'`´](?=\w)")  # a speck read as a quote inside a word ('HbA‘1c')


def fix_name(name: str, known: Callable[[str], bool], word: Callable[[str], bool]) -> str:
    """A test's name read by OCR, as the catalogue (`known`) knows it: without stray marks inside its words,
    or with one look-alike swapped in a word that then is a word of the catalogue's names (`word`: so 'APOLIPO'
    never becomes 'APOLlPO'); unchanged when known already or when no spelling is known."""
    if known(name):
        return name
    bare = STRAY_MARKS.sub("", name)
    if bare != name and known(bare) and all(word(w) for w in bare.split()):
        return bare
    for i, char in enumerate(bare):
        for meant in NAME_LOOKALIKES.get(char, ""):
            candidate = bare[:i] + meant + bare[i + 1:]
            start = candidate.rfind(" ", 0, i) + 1
            end = candidate.find(" ", i)
            if word(candidate[start:end if end >= 0 else None]) and known(candidate):
                return candidate
    return name


def fix_unit(text: str) -> str:
    """A unit-shaped word the grammar does not read, with one look-alike letter swapped so that it does, or
    else with one stray letter left out ('Million/cemm': the 'c' and 'm' of 'cmm' smudged into three)."""
    if "/" not in text or is_unit_token(text):
        return text
    for i, char in enumerate(text):
        for meant in LOOKALIKES.get(char, ""):
            candidate = text[:i] + meant + text[i + 1:]
            if is_unit_token(candidate):
                return candidate
    if len(text) >= STRAY_MIN:
        for i, char in enumerate(text):
            candidate = text[:i] + text[i + 1:]
            if char.isalpha() and "/" in candidate and candidate.split("/")[-1] and is_unit_token(candidate):
                return candidate
    return text


def fix_word(text: str) -> str:
    for pattern, replacement, _why in RULES:
        text = pattern.sub(replacement, text)
    return fix_unit(text)


MICRO = MICRO_SIGNS


def micro_parts(texts: list[str]) -> dict[str, str]:
    """The unit parts (between '/') this page prints with a micro sign, keyed by their 'u' spelling:
    {'ul': 'µl'} for a page with 'x10^6/µl'."""
    parts: dict[str, str] = {}
    for text in texts:
        if text[:1] in MICRO or ("/" in text and any(m in text for m in MICRO)):
            if is_unit_token(text):
                for part in text.split("/"):
                    if part[:1] in MICRO and len(part) > 1:
                        parts.setdefault("u" + part[1:], part)
    return parts


def with_micro(text: str, parts: dict[str, str]) -> str:
    """A unit read with 'u' for a part the page prints with a micro sign, spelled as the page prints it."""
    if not parts or "u" not in text or not is_unit_token(text):
        return text
    fixed = "/".join(parts.get(part, part) for part in text.split("/"))
    return fixed if is_unit_token(fixed) else text
