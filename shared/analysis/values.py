"""Numbers, reference ranges and flags as printed on lab reports (the value grammar).

    number   := digits with optional grouping and one decimal mark: '5,400', '6,73', '1.234,5', '0,026', '.5'
    interval := [introducer] number SEP number        SEP in lexicon.RANGE_SEPARATORS ('-', 'to', 'a', 'bis', '至' ...)
              | [introducer] LE number | GE number    '< 200', '≤ 5', 'Up to 5.0', 'Hasta 200', 'unter 5', '> 40'

- `parse_number('5,400')` -> 5400.0, `parse_number('6,73', decimal_comma=True)` -> 6.73,
  `parse_number('0,026')` -> 0.026 (a thousands group never starts with 0).
- `parse_range('13.0 - 17.0')`, `'(4.5 to 11)'`, `'Up to 5.0'`, `'0,058 - 0,234'`, `'13 a 17'` -> `Range`.
- `flag_of('H')` -> Flag.HIGH, `'*'` / `'¬'` -> Flag.ABNORMAL (direction from the range).
- `judge(value, range)` -> 'low' | 'high' | 'normal' | None, inclusive bounds; a value equal to
  the bound of a strict '<X' / '>X' range is ambiguous and gives None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from shared.analysis.lexicon import (
    FLAG_WORDS,
    GE_SIGNS,
    GE_WORDS,
    LE_SIGNS,
    LE_WORDS,
    LOWER_LABELS,
    RANGE_INTRODUCERS,
    RANGE_SEPARATORS,
    STRICT_SIGNS,
    STRICT_WORDS,
    UPPER_LABELS,
    Flag,
    fold,
)

NUM_RE = re.compile(r"^\+?(?:\d+(?:[.,]\d+)*|[.,]\d+)$")
_NUM_PART = r"\d+(?:[.,]\d+)*|[.,]\d+"


def count_decimal_evidence(tokens: list[str]) -> tuple[int, int]:
    """(comma-decimal, point-decimal) evidence among number-looking tokens."""
    comma = point = 0
    for tok in tokens:
        if "," in tok and "." not in tok and tok.count(",") == 1:
            ip, fp = tok.split(",")
            if ip.isdigit() and fp.isdigit() and (len(fp) != 3 or ip == "0"):
                comma += 1
        elif "." in tok and "," not in tok and tok.count(".") == 1:
            ip, fp = tok.split(".")
            if ip.isdigit() and fp.isdigit() and (len(fp) != 3 or ip == "0"):
                point += 1
    return comma, point


def parse_number(tok: str, decimal_comma: bool = False) -> float | None:
    """Parse a printed number; `decimal_comma` is the document's convention for ambiguous '1,234'."""
    t = tok.strip().lstrip("+")
    if not t or not NUM_RE.match(t):
        return None
    has_c, has_p = "," in t, "." in t
    try:
        if has_c and has_p:
            if t.rfind(",") > t.rfind("."):
                if t.count(",") > 1:
                    return None
                return float(t.replace(".", "").replace(",", "."))
            if t.count(".") > 1:
                return None
            return float(t.replace(",", ""))
        if has_c:
            parts = t.split(",")
            if len(parts) > 2:
                # 1,000,000 (Western) or 1,50,000 (Indian lakh grouping)
                if len(parts[-1]) == 3 and parts[0] and (all(len(p) == 3 for p in parts[1:-1])
                                                         or all(len(p) == 2 for p in parts[1:-1])):
                    return float("".join(parts))
                return None
            ip, fp = parts
            if ip in ("", "0") or ip.startswith("0") or len(fp) != 3:
                return float(f"{ip or '0'}.{fp}")
            return float(f"{ip}.{fp}") if decimal_comma else float(ip + fp)
        if has_p:
            parts = t.split(".")
            if len(parts) > 2:
                if all(len(p) == 3 for p in parts[1:]) and parts[0] and not parts[0].startswith("0"):
                    return float("".join(parts))
                return None
            ip, fp = parts
            if decimal_comma and len(fp) == 3 and ip not in ("", "0") and not ip.startswith("0"):
                return float(ip + fp)
            return float(f"{ip or '0'}.{fp}")
        return float(t)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Range:
    low: float | None
    high: float | None
    text: str
    low_strict: bool = False  # '>X': X itself is not inside
    high_strict: bool = False  # '<X'


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_SEP = _alternation(RANGE_SEPARATORS)
_BETWEEN_RE = re.compile(rf"^({_NUM_PART})\s*(?:{_SEP})\s*({_NUM_PART})$", re.IGNORECASE)
_CMP_RE = re.compile(rf"^({_alternation(LE_SIGNS | GE_SIGNS)})\s*({_NUM_PART})$")
_WORD_RE = re.compile(rf"^({_alternation(set(LE_WORDS) | set(GE_WORDS))})\s*:?\s*({_NUM_PART})$")
_INTRO_RE = re.compile(rf"^(?:{_alternation(RANGE_INTRODUCERS)})\s*:?\s*", re.IGNORECASE)
_LE_WORDS = frozenset(LE_WORDS)
_LABELLED_RE = re.compile(rf"^(?:{_alternation(LOWER_LABELS)})\s*:?\s*({_NUM_PART})\s*[,;/]?\s*"
                          rf"(?:{_alternation(UPPER_LABELS)})\s*:?\s*({_NUM_PART})$")


def parse_range(text: str, decimal_comma: bool = False) -> Range | None:
    """A printed reference interval, or None. Brackets and an introducer ('Ref:', 'VR') are allowed around it."""
    t = text.strip().strip("()[]{}").strip()
    if not t:
        return None
    if not t[0].isdigit() and t[0] not in ".,":
        f = fold(t)
        m = _INTRO_RE.match(f)
        if m and m.end() < len(f):
            t = t[m.end():].strip().strip("()[]{}").strip()  # folding keeps the length for these alphabets
    m = _BETWEEN_RE.match(t)
    if m:
        lo, hi = parse_number(m.group(1), decimal_comma), parse_number(m.group(2), decimal_comma)
        if lo is None or hi is None or lo > hi:
            return None
        return Range(lo, hi, text.strip())
    both = labelled_bounds(t, decimal_comma)
    if both is not None:
        return Range(both.low, both.high, text.strip())
    m = _CMP_RE.match(t)
    if m:
        op, v = m.group(1), parse_number(m.group(2), decimal_comma)
        if v is None:
            return None
        if op in LE_SIGNS:
            return Range(None, v, text.strip(), high_strict=op in STRICT_SIGNS)
        return Range(v, None, text.strip(), low_strict=op in STRICT_SIGNS)
    m = _WORD_RE.match(fold(t))
    if m:
        word = " ".join(m.group(1).split())
        v = parse_number(m.group(2), decimal_comma)
        if v is None:
            return None
        strict = word in STRICT_WORDS
        if word in _LE_WORDS:
            return Range(None, v, text.strip(), high_strict=strict)
        return Range(v, None, text.strip(), low_strict=strict)
    return None


def labelled_bounds(text: str, decimal_comma: bool = False) -> Range | None:
    """Both limits after their labels, and nothing else ('Min 4.50  Max 11.00', 'von 6 bis 20')."""
    m = _LABELLED_RE.match(fold(text.strip()))
    if not m:
        return None
    lo, hi = parse_number(m.group(1), decimal_comma), parse_number(m.group(2), decimal_comma)
    return Range(lo, hi, text.strip()) if lo is not None and hi is not None and lo <= hi else None


@lru_cache(maxsize=4096)
def flag_of(tok: str) -> Flag | None:
    """The flag a printed token stands for, or None."""
    return FLAG_WORDS.get(tok.strip().lower()) or FLAG_WORDS.get(fold(tok.strip()))


def flag_token(tok: str) -> str | None:
    """The flag as a plain string ('high', 'abnormal', ...), for callers that store strings."""
    f = flag_of(tok)
    return f.value if f else None


def judge(value: float, rng: Range | None) -> str | None:
    """Flag implied by a printed range (inclusive bounds; strict-bound equality is ambiguous)."""
    if rng is None:
        return None
    if rng.low is not None:
        if value < rng.low:
            return "low"
        if value == rng.low and rng.low_strict:
            return None
    if rng.high is not None:
        if value > rng.high:
            return "high"
        if value == rng.high and rng.high_strict:
            return None
    return "normal"


def resolve_flag(printed: list[str], value: float, rng: Range | None) -> str | None:
    """The report's own marking first; a direction-less mark ('*', '¬', bold) takes its direction from the range."""
    directional = [f for f in printed if f in ("low", "high", "critical_low", "critical_high")]
    if directional:
        return directional[0]
    implied = judge(value, rng)
    if "abnormal" in printed:
        if implied in ("low", "high"):
            return implied
        if rng is not None and rng.low is not None and rng.high is not None:
            return "high" if abs(value - rng.high) <= abs(value - rng.low) else "low"
        if rng is not None and rng.high is not None:
            return "high"
        if rng is not None and rng.low is not None:
            return "low"
        return None
    if "normal" in printed:
        return "normal"
    return implied
