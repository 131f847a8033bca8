"""Small wording helpers shared by the narrative, the answers and the range texts."""

from __future__ import annotations

from shared.analysis.result import Flag

FLAG_WORDS = {Flag.LOW: "low", Flag.HIGH: "high", Flag.CRITICAL_LOW: "critically low",
              Flag.CRITICAL_HIGH: "critically high", Flag.NORMAL: "within range", None: "no range"}


def fmt_number(x: float | None) -> str:
    """A value as a person would write it: 12, 5.6, 0.042, 12,500."""
    if x is None:
        return ""
    if abs(x) >= 1000 or x == int(x):
        return f"{x:,.0f}" if abs(x) >= 10000 else f"{x:g}"
    return f"{x:.3g}" if abs(x) < 10 else f"{x:.4g}"


def value_text(value: float, unit: str | None) -> str:
    return f"{fmt_number(value)} {unit}" if unit else fmt_number(value)


def flag_word(flag: Flag | None) -> str:
    return FLAG_WORDS[flag]


def join_names(names: list[str], limit: int = 4) -> str:
    """'A', 'A and B', 'A, B and C', 'A, B, C, D and 2 more'."""
    names = list(dict.fromkeys(names))
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
