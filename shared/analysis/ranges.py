"""The range each result is judged by, and its flag.

The report's own range and flag come first. A built-in adult range (markers.py,
source named there; age-specific for PSA and ESR below) is used only when the
report prints no range; it is converted into the printed unit and marked
`range_source: "default"`. Whether a flag becomes `critical_*` is decided later,
by the severity thresholds (severity.py).
"""

from __future__ import annotations

from shared.analysis import markers as mk
from shared.analysis.parser import ParsedMarker
from shared.analysis.result import Biomarker, Flag, RangeSource
from shared.analysis.units import convert, parse_unit
from shared.analysis.values import Range, judge
from shared.analysis.wording import fmt_number

Interval = tuple[float | None, float | None]

# Age-specific upper limits, used only when the report prints no range.
# PSA: NICE NG12 (suspected cancer: recognition and referral, 2015, updated 2021), table of age-specific
# PSA thresholds in ng/mL (= micrograms/litre).
PSA_BY_AGE = ((40, 49, 2.5), (50, 59, 3.5), (60, 69, 4.5), (70, 79, 6.5))
# ESR (Westergren): Miller A, Green M, Robinson D. Simple rule for calculating normal erythrocyte
# sedimentation rate. BMJ 1983;286:266 -- upper limit age/2 for men, (age + 10)/2 for women.
ESR_AGE_DIVISOR = 2
ESR_FEMALE_OFFSET = 10


def age_range(key: str, age: int | None, sex: str | None) -> Interval | None:
    """An age-specific default interval for `key`, or None to use the catalogue's."""
    if age is None:
        return None
    if key == "psa":
        for lo, hi, upper in PSA_BY_AGE:
            if lo <= age <= hi:
                return (None, upper)
        return None
    if key == "esr" and age >= 18:
        offset = 0 if sex == "male" else ESR_FEMALE_OFFSET  # unknown sex: the wider (female) limit
        return (0.0, round((age + offset) / ESR_AGE_DIVISOR, 1))
    return None


def to_printed(m: mk.Marker, value: float | None, printed_unit: str | None) -> float | None:
    """A catalogue-unit value expressed in the report's unit (None when not convertible)."""
    if value is None:
        return None
    if m.unit is None:
        return value if not printed_unit else None
    if printed_unit is None:
        return None
    unit = parse_unit(printed_unit)
    if m.key == "hba1c" and unit is not None and unit.kind == "mmol/mol":
        return round((value - 2.15) * 10.929, 1)
    out = convert(value, m.unit, printed_unit, molar_mass=m.molar_mass, valence=m.valence)
    return None if out is None else float(f"{out:.3g}")


def _default_text(lo: float | None, hi: float | None, unit: str | None) -> str:
    u = f" {unit}" if unit else ""
    if lo is not None and hi is not None:
        return f"{fmt_number(lo)}-{fmt_number(hi)}{u} (typical adult range)"
    if hi is not None:
        return f"up to {fmt_number(hi)}{u} (typical adult range)"
    return f"{fmt_number(lo)} or more{u} (typical adult range)"


def _flag(flag: str | None) -> Flag | None:
    return Flag(flag) if flag is not None and flag in Flag._value2member_map_ else None


def judged(pm: ParsedMarker, sex: str | None, age: int | None) -> Biomarker:
    """The result with its final range and flag (severity is filled in by severity.py)."""
    m = mk.marker(pm.canonical)
    ref_low, ref_high, ref_text, flag = pm.ref_low, pm.ref_high, pm.ref_text, pm.flag
    source = RangeSource.REPORT if (ref_low is not None or ref_high is not None) else None
    if source is None and m is not None:
        interval = age_range(m.key, age, sex) or m.default_range(sex)
        if interval and (interval[0] is not None or interval[1] is not None):
            lo, hi = to_printed(m, interval[0], pm.unit), to_printed(m, interval[1], pm.unit)
            if (interval[0] is None or lo is not None) and (interval[1] is None or hi is not None):
                ref_low, ref_high, source = lo, hi, RangeSource.DEFAULT
                ref_text = _default_text(lo, hi, pm.unit)
                if flag is None:  # the report's own mark, if any, still comes first
                    flag = judge(pm.value, Range(lo, hi, ref_text))
    return Biomarker(name=pm.name, canonical=pm.canonical, value=pm.value, unit=pm.unit, ref_low=ref_low,
                     ref_high=ref_high, ref_text=ref_text, flag=_flag(flag), range_source=source,
                     panel=mk.panel_of(pm.canonical), severity=None, code=pm.code,
                     source="ocr" if pm.source == "ocr" else "text", confidence=pm.confidence)
