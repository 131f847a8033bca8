"""From a case to printed strings, and from printed strings to truth rows.

A family decides how a result is written (range style, flag marks, name and unit forms); the truth row
is then computed from exactly those strings: the value is read back from its printed text (decimal
comma as a point, thousands separators removed), the interval from the printed bounds, and the flag
is the report's own mark where it prints one, else implied by the printed interval (inclusive).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from random import Random

from tests.analysis.layoutgen.case import Case, NumberStyle, Result, decimals_of
from tests.analysis.layoutgen.catalogue import Interval
from tests.analysis.layoutgen.locales import Locale

BASE_FLAG = {"critical_low": "low", "critical_high": "high"}


def base_flag(status: str | None) -> str | None:
    return BASE_FLAG.get(status, status) if status else None


def implied_flag(value: float, low: float | None, high: float | None) -> str | None:
    if low is None and high is None:
        return None
    if low is not None and value < low:
        return "low"
    if high is not None and value > high:
        return "high"
    return "normal"


@dataclass(frozen=True)
class RangeStyle:
    sep: str = " - "
    upto: str = "< {}"                      # upper-only interval
    above: str = "> {}"                     # lower-only interval
    zero_low: bool = False                  # "<200" printed as "0 - 200" (then ref_low is 0)
    both_sexes: tuple[str, str] | None = None  # ("M: {}", "F: {}"): print both sexes' intervals
    wrap: tuple[str, str] = ("", "")        # ("( ", " )"), ("[", "]")


def choose_range_style(rng: Random, loc: Locale, **fixed) -> RangeStyle:
    seps = [" - ", "-", " - ", " – "] + loc.range_words
    style = RangeStyle(sep=rng.choice(seps), upto=rng.choice(loc.upto), above=rng.choice(loc.above),
                       zero_low=rng.random() < 0.15)
    return replace(style, **fixed)


@dataclass(frozen=True)
class PrintedRange:
    lines: tuple[str, ...]      # one line, or two when both sexes are printed on two lines
    low_text: str | None        # the printed bounds that apply to this patient
    high_text: str | None
    low: float | None
    high: float | None

    @property
    def text(self) -> str:
        return "  ".join(self.lines)


def _one(ivl: Interval, style: RangeStyle, numbers: NumberStyle) -> tuple[str, str | None, str | None]:
    def fmt(s: str) -> str:
        return numbers.fmt(float(s), decimals_of(s))

    if ivl.low is not None and ivl.high is not None:
        lo, hi = fmt(ivl.low), fmt(ivl.high)
        return f"{lo}{style.sep}{hi}", lo, hi
    if ivl.high is not None:
        hi = fmt(ivl.high)
        if style.zero_low:
            lo = numbers.fmt(0, decimals_of(ivl.high))
            return f"{lo}{style.sep}{hi}", lo, hi
        return style.upto.format(hi), None, hi
    lo = fmt(ivl.low)
    return style.above.format(lo), lo, None


def sex_interval_text(result: Result, case: Case, style: RangeStyle, sex: str) -> str:
    """One sex's interval as printed in `style` (for reports that print each sex's interval in its own column)."""
    text = _one(result.option.ref.for_sex(sex), style, case.numbers)[0]
    return style.wrap[0] + text + style.wrap[1]


def print_range(result: Result, case: Case, style: RangeStyle, *, two_lines: bool = False) -> PrintedRange:
    ref = result.option.ref
    text, lo, hi = _one(ref.for_sex(case.sex), style, case.numbers)
    if ref.by_sex and style.both_sexes:
        m_part = style.both_sexes[0].format(_one(ref.male, style, case.numbers)[0])
        f_part = style.both_sexes[1].format(_one(ref.female, style, case.numbers)[0])
        lines = (m_part, f_part) if two_lines else (f"{m_part}  {f_part}",)
    else:
        lines = (text,)
    if style.wrap != ("", ""):
        lines = (style.wrap[0] + lines[0],) + lines[1:]
        lines = lines[:-1] + (lines[-1] + style.wrap[1],)
    read = case.numbers.read
    return PrintedRange(lines, lo, hi, None if lo is None else read(lo), None if hi is None else read(hi))


@dataclass(frozen=True)
class FlagStyle:
    """The marks a report prints for out-of-range results (blank when normal unless `normal` is set)."""

    high: str
    low: str
    critical_high: str
    critical_low: str
    normal: str = ""

    def mark(self, status: str) -> str:
        return getattr(self, status)

    def means(self, status: str) -> str | None:
        """The truth flag a printed mark conveys: None when the report printed nothing."""
        return base_flag(status) if self.mark(status) else None


def flag_style(kind: str, loc: Locale, rng: Random, *, with_normal: bool = False) -> FlagStyle:
    """kind: HL, arrows, star, plus, word, WORD."""
    normal = rng.choice(loc.normal) if with_normal else ""
    if kind == "HL":
        return FlagStyle("H", "L", "HH", "LL", "N" if with_normal else "")
    if kind == "arrows":
        return FlagStyle("↑", "↓", "↑↑", "↓↓", normal)
    if kind == "star":
        return FlagStyle("*", "*", "**", "**", normal)
    if kind == "plus":
        return FlagStyle("+", "-", "++", "--", normal)
    words = [w for w in (loc.high[0], loc.low[0])]
    if kind == "WORD":
        words = [w.upper() for w in words]
        normal = normal.upper()
    crit = loc.critical[0] if kind == "word" else loc.critical[0].upper()
    return FlagStyle(words[0], words[1], f"{words[0]} ({crit})", f"{words[1]} ({crit})", normal)


@dataclass(frozen=True)
class TruthRow:
    name: str
    value: float
    unit: str | None
    ref_low: float | None
    ref_high: float | None
    flag: str | None
    value_text: str             # the printed value, for the text-layer self-test
    key: str                    # the catalogue marker, for the self-tests

    def as_json(self) -> dict:
        return {"name": self.name, "value": self.value, "unit": self.unit, "ref_low": self.ref_low,
                "ref_high": self.ref_high, "flag": self.flag}


@dataclass(frozen=True)
class Item:
    """One result as a family prints it: the strings, and the truth they imply."""

    result: Result
    name: str
    value_text: str
    unit: str | None
    rng: PrintedRange | None
    status: str                 # normal/low/high/critical_* by the patient's interval

    def truth(self, numbers: NumberStyle, mark: str | None = None) -> TruthRow:
        """`mark`: the flag the report's own marking conveys for this row (None when it marks nothing)."""
        value = numbers.read(self.value_text)
        low = self.rng.low if self.rng else None
        high = self.rng.high if self.rng else None
        flag = mark or implied_flag(value, low, high)
        return TruthRow(" ".join(self.name.split()), value, self.unit, low, high, flag, self.value_text, self.result.key)


def make_item(result: Result, case: Case, style: RangeStyle | None, *, name: str | None = None,
              unit: str | None = "", two_lines: bool = False) -> Item:
    """`style=None`: no interval printed. `unit=""` keeps the case's spelling; pass a string to override."""
    return Item(result=result, name=name if name is not None else result.name,
                value_text=case.numbers.fmt(result.value, result.decimals),
                unit=result.unit if unit == "" else unit,
                rng=print_range(result, case, style, two_lines=two_lines) if style else None,
                status=result.status(case.sex))
