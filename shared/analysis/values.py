"""Numbers, reference ranges and flags as printed on lab reports.

- `parse_number('5,400')` -> 5400.0, `parse_number('6,73', decimal_comma=True)` -> 6.73,
  `parse_number('0,026')` -> 0.026 (a thousands group never starts with 0).
- `parse_range('13.0 - 17.0')`, `'13.0-17.0'`, `'<200'`, `'> 40'`, `'Up to 5.0'`, `'≤ 5'`,
  `'0,058 - 0,234'`, `'150,000 - 400,000'`, `'(4.5 to 11)'` -> `Range`.
- `flag_token('H')` -> 'high', `'¬'`/`'*'` -> 'abnormal' (direction from the range).
- `judge(value, range)` -> 'low' | 'high' | 'normal' | None, inclusive bounds; a value equal to
  the bound of a strict '<X' / '>X' range is ambiguous and gives None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUM_RE = re.compile(r"^\+?(?:\d+(?:[.,]\d+)*|[.,]\d+)$")
_NUM_PART = r"\d+(?:[.,]\d+)*"


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
                return float(t.replace(".", "").replace(",", "."))
            return float(t.replace(",", ""))
        if has_c:
            parts = t.split(",")
            if len(parts) > 2:
                # 1,000,000 (Western) or 1,50,000 (Indian lakh grouping)
                if len(parts[-1]) == 3 and (all(len(p) == 3 for p in parts[1:-1])
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


_CMP_RE = re.compile(rf"^(<=|>=|=<|=>|<|>|≤|≥)\s*({_NUM_PART})$")
_BETWEEN_RE = re.compile(rf"^({_NUM_PART})\s*(?:-|to|a|–|—|~)\s*({_NUM_PART})$", re.IGNORECASE)
_WORD_CMP = [
    (re.compile(rf"^(?:up\s*to|upto|till|until|bis|hasta|fino\s+a|max\.?|maximum|less\s+than|lower\s+than|below|under|"
                rf"inferiore\s+a|menor\s+(?:de|que)|inf\.?\s*a)\s*:?\s*({_NUM_PART})$", re.IGNORECASE), "le"),
    (re.compile(rf"^(?:more\s+than|greater\s+than|above|over|min\.?|minimum|superiore\s+a|mayor\s+(?:de|que)|"
                rf"sup\.?\s*a)\s*:?\s*({_NUM_PART})$", re.IGNORECASE), "ge"),
]
_STRICT_WORDS = re.compile(r"^(less|lower|below|under|more|greater|above|over|inferiore|superiore|menor|mayor)", re.I)


def parse_range(text: str, decimal_comma: bool = False) -> Range | None:
    t = text.strip().strip("()[]{}").strip()
    if not t:
        return None
    m = _BETWEEN_RE.match(t)
    if m:
        lo, hi = parse_number(m.group(1), decimal_comma), parse_number(m.group(2), decimal_comma)
        if lo is None or hi is None or lo > hi:
            return None
        return Range(lo, hi, text.strip())
    m = _CMP_RE.match(t)
    if m:
        op, v = m.group(1), parse_number(m.group(2), decimal_comma)
        if v is None:
            return None
        if op in ("<", "<=", "=<", "≤"):
            return Range(None, v, text.strip(), high_strict=(op == "<"))
        return Range(v, None, text.strip(), low_strict=(op == ">"))
    for rx, kind in _WORD_CMP:
        m = rx.match(t)
        if m:
            v = parse_number(m.group(1), decimal_comma)
            if v is None:
                return None
            strict = bool(_STRICT_WORDS.match(t))
            if kind == "le":
                return Range(None, v, text.strip(), high_strict=strict)
            return Range(v, None, text.strip(), low_strict=strict)
    return None


# Flag tokens printed next to a result. 'abnormal' = marked but without a direction.
_FLAGS = {
    "h": "high", "hi": "high", "high": "high", "(h)": "high", "[h]": "high", "↑": "high", "▲": "high",
    "alto": "high", "alta": "high", "elevated": "high", "elevato": "high", "elevado": "high", "increased": "high",
    "aumentato": "high", "aumentado": "high",
    "l": "low", "lo": "low", "low": "low", "(l)": "low", "[l]": "low", "↓": "low", "▼": "low",
    "basso": "low", "bassa": "low", "bajo": "low", "baja": "low", "decreased": "low", "diminuito": "low",
    "disminuido": "low", "deficient": "low", "-": None,
    "hh": "critical_high", "h*": "high", "*h": "high", "ch": "critical_high", "critical high": "critical_high",
    "ll": "critical_low", "l*": "low", "*l": "low", "cl": "critical_low", "critical low": "critical_low",
    "normal": "normal", "(normal)": "normal", "[normal]": "normal", "normale": "normal",
    "within": "normal", "wnl": "normal", "optimal": "normal", "desirable": "normal", "ok": "normal",
    "*": "abnormal", "**": "abnormal", "¬": "abnormal", "!": "abnormal", "abn": "abnormal",
    "abnormal": "abnormal", "(*)": "abnormal", "#": None,
}
_FLAGS = {k: v for k, v in _FLAGS.items() if v is not None}
FLAG_WORDS = frozenset(_FLAGS)  # lower-case


def flag_token(tok: str) -> str | None:
    """The flag a token stands for, or None."""
    return _FLAGS.get(tok.strip().lower())


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
    """The report's own marking first; a direction-less mark ('*', '¬') takes its direction from the range."""
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
