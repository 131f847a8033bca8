"""A generator of clinical cases, independent of the hand-written ones in clinical.py / test_clinical_cases.py.

For every marker of the catalogue that has a typical range, each direction the range allows and each
severity the threshold table defines (mild always; marked and critical where a rule exists), it
computes a value that sits at that level: a mild value between the range's limit and the nearest
rule, a marked one between the marked and the critical rule, a critical one beyond the critical
rule. The printed range is the catalogue's (sex-specific when the case gives a sex).

`Result` is one row of a report; `build` turns rows into a ParsedReport, optionally with a unit
variant (the same value printed in SI units, converted here with the catalogue's molar mass), an
OCR confidence and unread rows. The expectations (which level, which direction) come from the
generator, not from the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from shared.analysis import markers as mk
from shared.analysis.advice.table import table
from shared.analysis.parser import ParsedMarker, ParsedReport, Patient
from shared.analysis.result import Severity

LEVELS = (Severity.MILD, Severity.MARKED, Severity.CRITICAL)


@dataclass(frozen=True)
class Result:
    key: str
    value: float  # in `unit`
    unit: str | None
    low: float | None  # the printed range, in `unit`
    high: float | None
    direction: str | None = None  # what the generator meant: low / high / None (within the range)
    level: Severity | None = None
    name: str | None = None  # printed name (default: the catalogue label)
    confidence: float = 1.0
    source: str = "text"

    @property
    def printed(self) -> str:
        return self.name or mk.BY_KEY[self.key].label


def _range(key: str, sex: str | None) -> tuple[float | None, float | None] | None:
    m = mk.BY_KEY[key]
    r = m.default_range(sex) or (m.ranges.get("male") if sex is None and "male" in m.ranges else None)
    if r is None or (r[0] is None and r[1] is None):
        return None
    return r


def _boundaries(key: str, direction: str, low: float | None, high: float | None) -> dict[Severity, float]:
    """The value (catalogue unit) at which each level starts, for rules without an extra premise."""
    t = table().thresholds.get(key)
    out: dict[Severity, float] = {}
    for rule in t.rules if t else ():
        if rule.direction != direction or rule.when is not None:
            continue
        limit = {None: 1.0, "uln": high, "lln": low}[rule.scale]
        if limit is None:
            continue
        at = rule.number * limit
        prev = out.get(rule.level)
        out[rule.level] = at if prev is None else (min(prev, at) if direction == "high" else max(prev, at))
    return out


def _between(a: float, b: float, direction: str) -> float:
    """A value strictly between a (nearer the range) and b, a third of the way."""
    return a + (b - a) / 3 if direction == "high" else a - (a - b) / 3


def level_value(key: str, direction: str, level: Severity, sex: str | None = None) -> float | None:
    """A value of `key` (catalogue unit) outside its range in `direction` at `level`; None when there is none."""
    r = _range(key, sex)
    if r is None:
        return None
    low, high = r
    limit = high if direction == "high" else low
    if limit is None or (direction == "low" and limit <= 0):
        return None
    b = _boundaries(key, direction, low, high)
    beyond = (lambda x, y: x > y) if direction == "high" else (lambda x, y: x < y)
    marked, critical = b.get(Severity.MARKED), b.get(Severity.CRITICAL)
    if marked is not None and critical is not None and not beyond(critical, marked):
        marked = None  # a critical rule nearer than the marked one: no marked band
    far = limit * 3 if direction == "high" else limit / 3
    if level is Severity.MILD:
        nxt = [x for x in (marked, critical) if x is not None]
        edge = (min(nxt) if direction == "high" else max(nxt)) if nxt else (far if direction == "high" else 0.0)
        if not beyond(edge, limit):
            return None
        return _round(_between(limit, edge, direction), limit)
    if level is Severity.MARKED:
        if marked is None or not beyond(marked, limit):
            return None
        edge = critical if critical is not None else (marked * 1.5 if direction == "high" else marked / 1.5)
        return _round(_between(marked, edge, direction), marked)
    if critical is None or not beyond(critical, limit):
        return None
    v = critical * 1.25 if direction == "high" else critical * 0.75
    return _round(v, critical)


def _round(v: float, scale: float) -> float:
    """Round like a lab would print, keeping the value on the right side of nothing in particular."""
    digits = 0 if abs(scale) >= 100 else 1 if abs(scale) >= 10 else 2 if abs(scale) >= 1 else 3
    return round(v, digits)


def abnormal(key: str, direction: str, level: Severity, sex: str | None = None) -> Result | None:
    v = level_value(key, direction, level, sex)
    r = _range(key, sex)
    if v is None or r is None:
        return None
    m = mk.BY_KEY[key]
    return Result(key, v, m.unit, r[0], r[1], direction, level)


def normal(key: str, sex: str | None = None, where: float = 0.5) -> Result | None:
    """A value inside the range (`where`: 0 at the low limit, 1 at the high; open ends are closed sensibly)."""
    r = _range(key, sex)
    if r is None:
        return None
    low, high = r
    lo = low if low is not None else (high or 1) * 0.3
    hi = high if high is not None else (low or 1) * 2
    v = lo + (hi - lo) * (0.1 + 0.8 * where)
    m = mk.BY_KEY[key]
    return Result(key, _round(v, hi), m.unit, low, high, None, Severity.NORMAL)


def levels(key: str, sex: str | None = None) -> list[tuple[str, Severity]]:
    """(direction, level) pairs that exist for `key`."""
    return [(d, lv) for d in ("low", "high") for lv in LEVELS if level_value(key, d, lv, sex) is not None]


def single_results(sex: str | None = None) -> list[Result]:
    """Every marker x direction x level that exists, one result each."""
    out = []
    for key in mk.BY_KEY:
        for d, lv in levels(key, sex):
            r = abnormal(key, d, lv, sex)
            if r is not None:
                out.append(r)
    return out


# Units a lab may print instead of the catalogue's, with the factor from catalogue unit to it.
SI = {
    "glucose": ("mmol/L", 1 / 18.016), "cholesterol": ("mmol/L", 1 / 38.67), "triglycerides": ("mmol/L", 1 / 88.57),
    "creatinine": ("umol/L", 88.42), "calcium": ("mmol/L", 1 / 4.008), "total_bilirubin": ("umol/L", 17.1),
    "hemoglobin": ("g/L", 10.0), "vitamin_d": ("nmol/L", 2.496), "urea": ("mmol/L", 1 / 6.006),
    "uric_acid": ("umol/L", 59.48), "magnesium": ("mmol/L", 1 / 2.431), "ferritin": ("ug/L", 1.0),
    "vitamin_b12": ("pmol/L", 0.7378), "folate": ("nmol/L", 2.266), "iron": ("umol/L", 0.1791),
}
_SI_KEYS = {"ldl": "cholesterol", "hdl": "cholesterol", "total_cholesterol": "cholesterol",
            "non_hdl": "cholesterol", "corrected_calcium": "calcium", "glucose_pp": "glucose"}


def si_unit(key: str) -> tuple[str, float] | None:
    return SI.get(_SI_KEYS.get(key, key))


def in_si(r: Result) -> Result | None:
    """The same result printed in SI units (value and range converted), None when no SI unit is listed."""
    u = si_unit(r.key)
    if u is None:
        return None
    unit, f = u

    def conv(x: float | None) -> float | None:
        return None if x is None else round(x * f, 3)

    return replace(r, value=round(r.value * f, 3), unit=unit, low=conv(r.low), high=conv(r.high))


def parsed(r: Result) -> ParsedMarker:
    if r.low is not None and r.high is not None:
        text = f"{r.low:g} - {r.high:g}"
    elif r.high is not None:
        text = f"< {r.high:g}"
    elif r.low is not None:
        text = f"> {r.low:g}"
    else:
        text = None
    flag = None
    if text is not None:
        flag = "low" if r.low is not None and r.value < r.low else \
            "high" if r.high is not None and r.value > r.high else "normal"
    key = mk.canonical(r.printed, r.unit, r.value)
    return ParsedMarker(name=r.printed, canonical=key, value=r.value, unit=r.unit, ref_low=r.low, ref_high=r.high,
                        ref_text=text, flag=flag, panel=mk.panel_of(key), page=1, source=r.source,
                        confidence=r.confidence)


def build(results: list[Result], *, sex: str | None = None, age: int | None = None,
          rows_unread: int = 0) -> ParsedReport:
    return ParsedReport(biomarkers=[parsed(r) for r in results], patient=Patient(sex=sex, age=age), pages=1,
                        rows_unread=rows_unread)
