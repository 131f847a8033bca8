"""Severity of each result (normal / mild / marked / critical) and its time-bound wording.

The thresholds are data (advice/thresholds.toml, each with its source). A result outside
its range is `mild` unless a rule for its marker and direction says `marked` (see a doctor
within days) or `critical` (today); a result the report itself marks critical stays
critical. A named pattern may raise the severity of the markers it names (for example
liver enzymes above 5x the upper limit together with a raised bilirubin: today).
The flag of a critical result becomes `critical_low` / `critical_high`.
"""

from __future__ import annotations

from shared.analysis.advice.premise import Evaluator
from shared.analysis.advice.table import AdviceTable
from shared.analysis.facts import Facts, Reading, reading_key
from shared.analysis.result import Biomarker, Flag, Severity, UrgentFinding
from shared.analysis.wording import flag_word, value_text

_CRITICAL_FLAG = {"low": Flag.CRITICAL_LOW, "high": Flag.CRITICAL_HIGH}
_PLAIN_FLAG = {"low": Flag.LOW, "high": Flag.HIGH}

# What to do, by severity. `{danger}` is the marker's danger signs (thresholds.toml).
ACTION = {
    Severity.MARKED: "See or speak to your doctor within the next few days. Get help sooner (urgent care, or the "
                     "emergency department) if you have {danger}.",
    Severity.CRITICAL: "Contact your doctor today. If you cannot reach a doctor today, go to urgent care or the "
                       "emergency department; go straight to the emergency department (or call an ambulance) if you "
                       "have {danger}.",
}
DEFAULT_DANGER = "symptoms that worry you or you feel very unwell"
# An OCR'd value read with a lowest word confidence below this may be misread: it is listed to be checked against
# the printed report, and what it would need is said only on condition that it reads the same there. Calibrated on
# the degraded corpus scans (docs/ANALYSIS.md, "OCR"): most misread values fall below it, few correct ones do.
CHECK_BELOW = 0.80
CONFIRM_FIRST = ("This value was read from a scan with low confidence: check it against your printed report first. "
                 "If it reads the same there: ")
ROUTINE = "Discuss it with your doctor at a routine appointment (within a few weeks)."


def grade(biomarkers: list[Biomarker], facts: Facts, table: AdviceTable) -> None:
    """Set `severity` (and a critical flag) on every biomarker, in place; `facts` has their flags."""
    ev = Evaluator(sure_facts(biomarkers, facts), table.pattern_premises)
    for b, r in zip(biomarkers, facts.readings, strict=True):
        b.severity = _grade_one(b, r, ev, table)
        _set_flag(b)


def escalate(biomarkers: list[Biomarker], facts: Facts, table: AdviceTable) -> bool:
    """Apply the patterns that raise severity (`escalate` in advice.toml); True when anything changed."""
    ev = Evaluator(sure_facts(biomarkers, facts), table.pattern_premises)
    changed = False
    for pattern in table.patterns.values():
        if pattern.escalate is None or not ev.holds(pattern.premise):
            continue
        for b in biomarkers:
            if reading_key(b) in pattern.markers and b.flag and b.flag.direction and b.severity \
                    and b.severity.rank < pattern.escalate.rank:
                b.severity = pattern.escalate
                _set_flag(b)
                changed = True
    return changed


def _grade_one(b: Biomarker, r: Reading, ev: Evaluator, table: AdviceTable) -> Severity | None:
    if b.flag is None:
        return None
    direction = b.flag.direction
    if direction is None:
        return Severity.NORMAL
    level = Severity.CRITICAL if b.flag in (Flag.CRITICAL_LOW, Flag.CRITICAL_HIGH) else Severity.MILD
    thresholds = table.thresholds.get(r.key)
    for rule in thresholds.rules if thresholds else ():
        if rule.direction != direction or rule.level.rank <= level.rank:
            continue
        if rule.applies(r.std, r.value, r.ref_low, r.ref_high) and (rule.when is None or ev.holds(rule.when)):
            level = rule.level
    return level


def _set_flag(b: Biomarker) -> None:
    direction = b.flag.direction if b.flag else None
    if direction and b.severity is Severity.CRITICAL:
        b.flag = _CRITICAL_FLAG[direction]
    elif direction and b.flag in _CRITICAL_FLAG.values() and b.severity is not None \
            and b.severity is not Severity.CRITICAL:
        b.flag = _PLAIN_FLAG[direction]


def sure_facts(biomarkers: list[Biomarker], facts: Facts) -> Facts:
    """`facts` without the doubtful readings (`biomarkers` in the same order): what may raise another result's
    severity. A value that may be misread never makes another one urgent; its own grade stands, unconfirmed."""
    if not any(doubtful(b) for b in biomarkers):
        return facts
    kept = [r for r, b in zip(facts.readings, biomarkers, strict=True) if not doubtful(b)]
    return Facts(kept, sex=facts.sex, age=facts.age, coverage_complete=facts.coverage_complete)


def doubtful(b: Biomarker) -> bool:
    """Read by OCR with a confidence too low to act on before checking it."""
    return b.source == "ocr" and b.confidence < CHECK_BELOW


def action(b: Biomarker, table: AdviceTable) -> str:
    """The time-bound wording for a result's severity (conditional on a check when the value may be misread)."""
    text = _action(b, table)
    return CONFIRM_FIRST + text[:1].lower() + text[1:] if doubtful(b) else text


def _action(b: Biomarker, table: AdviceTable) -> str:
    if b.severity not in ACTION:
        return ROUTINE
    thresholds = table.thresholds.get(reading_key(b) or "")
    direction = b.flag.direction if b.flag else None
    danger = (thresholds.danger.get(direction or "") if thresholds else None) or DEFAULT_DANGER
    return ACTION[b.severity].format(danger=danger)


def urgent(biomarkers: list[Biomarker], table: AdviceTable) -> list[UrgentFinding]:
    """Critical and marked results, most urgent first (report order within a level)."""
    items = [b for b in biomarkers if b.severity in (Severity.CRITICAL, Severity.MARKED)]
    items.sort(key=lambda b: -b.severity.rank if b.severity else 0)  # stable
    return [UrgentFinding(name=b.name, value=b.value, unit=b.unit, flag=b.flag, severity=b.severity,
                          action=action(b, table), unconfirmed=doubtful(b)) for b in items]


def urgent_label(u: UrgentFinding) -> str:
    """'Potassium 6.8 mmol/L (critically high)'."""
    return f"{u.name} {value_text(u.value, u.unit)} ({flag_word(u.flag)})"


def urgent_line(u: UrgentFinding) -> str:
    """'Potassium 6.8 mmol/L (critically high): Contact your doctor today. ...'"""
    return f"{urgent_label(u)}: {u.action}"
