"""The narrative: findings by panel, specialist views, summary and the Markdown, from chosen statements.

Nothing here decides what is true: every clinical sentence comes from the advice table
(advise.py chose it because its premise holds) or states a result as read. Urgent
(critical, marked) results come first and carry their time-bound wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.analysis import markers as mk
from shared.analysis.advice.table import AdviceTable, Statement, mentions
from shared.analysis.advise import Advice
from shared.analysis.facts import reading_key
from shared.analysis.result import (
    AdviceRole,
    Answer,
    Biomarker,
    CheckItem,
    Counts,
    Coverage,
    Finding,
    PatientInfo,
    RangeSource,
    Severity,
    SpecialistViews,
    UrgentFinding,
)
from shared.analysis.severity import urgent_label
from shared.analysis.wording import flag_word, join_names, plural, value_text

PANEL_TITLES = {
    mk.BLOOD: "Blood count", mk.DIABETES: "Blood sugar (diabetes)", mk.LIPIDS: "Cholesterol and lipids",
    mk.LIVER: "Liver", mk.KIDNEY: "Kidneys", mk.URIC_ACID: "Uric acid (gout risk)", mk.THYROID: "Thyroid",
    mk.VITAMINS: "Vitamins and minerals", mk.IRON: "Iron", mk.INFLAMMATION: "Inflammation",
    mk.ELECTROLYTES: "Electrolytes (salts)", mk.CALCIUM: "Calcium and bone", mk.HEART: "Heart", mk.MUSCLE: "Muscle",
    mk.CLOTTING: "Clotting", mk.HORMONES: "Hormones", mk.PROSTATE: "Prostate (PSA)", mk.OTHER: "Other results",
}
_LEVEL_WORDS = {Severity.MARKED: "markedly", Severity.CRITICAL: "critically"}
_WHEN = {Severity.MARKED: "it needs a doctor within days (see 'Needs attention')",
         Severity.CRITICAL: "it needs a doctor today (see 'Needs attention')"}


def panel_title(panel: str) -> str:
    return PANEL_TITLES.get(panel, panel.capitalize())


def _direction(b: Biomarker) -> str | None:
    return b.flag.direction if b.flag else None


def explain(b: Biomarker, advice: Advice) -> str:
    """One result outside its range: where it sits, how far, and what it means (chosen statements)."""
    d = _direction(b)
    where = {"low": "below", "high": "above"}.get(d or "", "outside")
    note = ""
    if b.ref_text:
        kind = "typical adult range" if b.range_source is RangeSource.DEFAULT else "report range"
        note = f" ({kind}: {b.ref_text.replace(' (typical adult range)', '')})"
    parts = [f"{b.name} is {value_text(b.value, b.unit)}, {where} the range{note}."]
    if b.severity in _LEVEL_WORDS and d:
        parts.append(f"This is {_LEVEL_WORDS[b.severity]} {d}: {_WHEN[b.severity]}.")
    key = reading_key(b)
    texts = [s.text for s in advice.explaining(key, d or "")] if key and d else []
    if not texts:
        m = mk.marker(b.canonical)
        if m is not None and m.about:
            texts = [f"It measures {m.about}."]
    return " ".join(parts + texts)


@dataclass
class Focus:
    keys: list[str]
    panels: list[str]


def findings(bs: list[Biomarker], advice: Advice, focus: Focus, explanations: dict[int, str]) -> list[Finding]:
    """Findings by panel: the explanation of each result outside its range (`explanations`, by id), the patterns."""
    by_panel: dict[str, list[Biomarker]] = {}
    for b in bs:
        by_panel.setdefault(b.panel, []).append(b)
    pattern_panels = {p.panel for p in advice.patterns if p.panel}
    order = list(dict.fromkeys([*focus.panels, *[mk.panel_of(k) for k in focus.keys], *mk.PANELS, *by_panel]))
    out = []
    for panel in order:
        items = by_panel.get(panel, [])
        abnormal = [b for b in items if _direction(b)]
        patterns = [p for p in advice.patterns if p.panel == panel]
        asked = panel in focus.panels or any(b.canonical in focus.keys for b in items)
        if not abnormal and not patterns and not (asked and items):
            continue
        title = panel_title(panel)
        if abnormal or panel in pattern_panels:
            parts = [explanations[id(b)] for b in abnormal] + [p.text for p in patterns if p.text]
            worst = max((b.severity.rank for b in abnormal if b.severity), default=0)
            state = "critical" if worst >= 3 else ("needs" if len(abnormal) == 1 else "need") + " attention" \
                if worst == 2 else "outside the range"
            if abnormal:
                title = f"{title}: {join_names([b.name for b in abnormal])} {state}"
            else:
                title = f"{title}: {join_names([p.title or 'a pattern worth knowing' for p in patterns])}"
            names = [b.name for b in abnormal]
        else:
            parts = ["All results in this group are within the range: "
                     + "; ".join(f"{b.name} {value_text(b.value, b.unit)}" for b in items) + "."]
            no_range = [b.name for b in items if b.flag is None]
            if no_range:
                parts.append(f"No range to judge {join_names(no_range)} by.")
            title = f"{title}: within the range"
            names = [b.name for b in items]
        out.append(Finding(panel=panel, title=title, markers=names, explanation=" ".join(parts)))
    return out


_URGENT_GROUP = {
    Severity.CRITICAL: "{names} need{s} a doctor today: contact your doctor today, or urgent care or the emergency "
                       "department if you cannot reach one (the danger signs are under 'Needs attention').",
    Severity.MARKED: "{names} need{s} a doctor within days: see or speak to your doctor in the next few days (the "
                     "danger signs are under 'Needs attention').",
}
_UNCONFIRMED_GROUP = ("{names} {was} read from a scan with low confidence: check {it} against your printed report "
                      "first; if confirmed, {it} would need a doctor {when} (see 'Needs attention').")
_WHEN_WORDS = {Severity.CRITICAL: "today", Severity.MARKED: "within days"}


def urgent_summary(urgent: list[UrgentFinding]) -> list[str]:
    """One sentence per urgency level, most urgent first."""
    out = []
    for level, template in _URGENT_GROUP.items():
        items = [f"{u.name} {value_text(u.value, u.unit)} ({flag_word(u.flag)})" for u in urgent
                 if u.severity is level and not u.unconfirmed]
        if items:
            out.append(template.format(names=join_names(items, limit=6), s="s" if len(items) == 1 else ""))
    for level, when in _WHEN_WORDS.items():
        doubt = [f"{u.name} {value_text(u.value, u.unit)}" for u in urgent if u.severity is level and u.unconfirmed]
        if doubt:
            one = len(doubt) == 1
            out.append(_UNCONFIRMED_GROUP.format(names=join_names(doubt, limit=6), was="was" if one else "were",
                                                 it="it" if one else "them", when=when))
    return out


AFTER_URGENT = "After you have seen a doctor about the urgent {result}:"


def _after_urgent(statements: list[Statement], urgent: list[UrgentFinding]) -> list[str]:
    """With a critical result, lasting changes of diet or habits (`lifestyle` rows) come after the advice that
    matters now, framed as for after the doctor has seen it; otherwise the table's order."""
    critical = [u for u in urgent if u.severity is Severity.CRITICAL]
    if not critical:
        return [s.text for s in statements]
    now = [s.text for s in statements if not s.lifestyle]
    later = [s.text for s in statements if s.lifestyle]
    if later:
        now.append(AFTER_URGENT.format(result="result" if len(critical) == 1 else "results"))
    return now + later


def specialist_views(bs: list[Biomarker], advice: Advice, urgent: list[UrgentFinding],
                     table: AdviceTable) -> SpecialistViews:
    physician = urgent_summary(urgent)
    chosen = advice.of_role(AdviceRole.PHYSICIAN)
    physician += [s.text for s in chosen]
    # A result is covered when a physician statement names it or speaks about its panel.
    covered = set().union(*(mentions(s.premise.node, table.patterns) | ({s.marker} if s.marker else set())
                            for s in chosen)) if chosen else set()
    covered_panels = set().union(*(s.panels for s in chosen)) if chosen else set()
    benign = {(s.marker, s.direction) for s in advice.statements if s.benign}
    urgent_names = {u.name for u in urgent}
    rest = [b for b in bs if _direction(b) and b.name not in urgent_names and b.panel not in covered_panels
            and reading_key(b) not in covered and (reading_key(b), _direction(b)) not in benign]
    if rest:
        physician.append(f"Discuss the {join_names([b.name for b in rest])} "
                         f"result{'s' if len(rest) > 1 else ''} with your doctor at a routine appointment.")
    nutrition = _after_urgent(advice.of_role(AdviceRole.NUTRITION), urgent)
    exercise = _after_urgent(advice.of_role(AdviceRole.EXERCISE), urgent)
    if not physician:
        physician = ["None of the results outside the range needs a doctor's attention on its own."
                     if any(_direction(b) for b in bs) else
                     "No result could be judged against a range: go through the report with your doctor."]
    return SpecialistViews(physician=" ".join(physician), nutritionist=" ".join(nutrition),
                           exercise=" ".join(exercise))


def summary(bs: list[Biomarker], patient: PatientInfo, counts: Counts, coverage: Coverage, censored: int,
            urgent: list[UrgentFinding]) -> str:
    parts = []
    where = f" from {patient.lab}" if patient.lab else ""
    when = f" dated {patient.date}" if patient.date else ""
    extra = f" (and {censored} reported as below or above the measurable limit)" if censored else ""
    parts.append(f"The report{where}{when} lists {plural(counts.total, 'numeric result')}{extra}.")
    if urgent:
        for level, when in _WHEN_WORDS.items():
            sure = [u.name for u in urgent if u.severity is level and not u.unconfirmed]
            doubt = [u.name for u in urgent if u.severity is level and u.unconfirmed]
            if sure:
                parts.append(f"{join_names(sure)} need{'s' if len(sure) == 1 else ''} a doctor {when}.")
            if doubt:
                parts.append(f"{join_names(doubt)} would need a doctor {when} if the printed report confirms the "
                             f"value read from the scan.")
    abnormal = [b for b in bs if _direction(b)]
    if abnormal:
        ordered = sorted(abnormal, key=lambda b: -(b.severity.rank if b.severity else 0))
        names = ", ".join(f"{b.name} ({flag_word(b.flag)})" for b in ordered[:8])
        parts.append(f"{counts.outside} of the {counts.judged} results that could be judged "
                     f"{'is' if counts.outside == 1 else 'are'} outside the range: "
                     f"{names}{' and more' if len(abnormal) > 8 else ''}.")
    elif counts.judged == 1 and coverage.complete:
        parts.append("The one result that could be judged is within the range.")
    elif counts.judged and coverage.complete:
        parts.append(f"All {counts.judged} results that could be judged are within the range.")
    elif counts.judged == 1:
        parts.append("The one result that was read and could be judged is within its range.")
    elif counts.judged:
        parts.append(f"None of the {counts.judged} results that were read and could be judged is outside its range.")
    if not coverage.complete and coverage.note:
        parts.append(coverage.note)
    unjudged = counts.total - counts.judged
    if unjudged:
        parts.append(f"{plural(unjudged, 'result')} had no range to judge by.")
    return " ".join(parts)


def lead(answer: Answer | None, urgent: list[UrgentFinding], checks: list[CheckItem] | None = None) -> list[str]:
    """The first lines of every narrative (local or Gemini): the answer, the values to check against the printed
    report (before anything is asked of them), then what needs a doctor and by when."""
    lines: list[str] = []
    if answer is not None:
        lines += ["## Your question", "", answer.text, ""]
    lines += check_section(checks or [])
    if urgent:
        lines += ["## Needs attention", ""] + [f"- **{urgent_label(u)}**: {u.action}" for u in urgent] + [""]
    return lines


def check_section(checks: list[CheckItem]) -> list[str]:
    """The values OCR read with low confidence, to compare with the printed report before trusting them."""
    if not checks:
        return []
    items = [f"- {c.name}: {c.value:g}{' ' + c.unit if c.unit else ''} (page {c.page})" for c in checks]
    return ["## Check these against your report", "",
            "These values were read from a scan or photo and may have been misread. Compare each with your printed "
            "report before acting on it (including anything listed above as needing attention):", "", *items, ""]


def markdown(answer: Answer | None, urgent: list[UrgentFinding], summary_text: str, findings_: list[Finding],
             views: SpecialistViews, notes: list[str], checks: list[CheckItem] | None = None) -> str:
    lines = lead(answer, urgent, checks)
    lines += ["## Summary", "", summary_text, "", "## Findings by panel", ""]
    if findings_:
        for f in findings_:
            lines += [f"### {f.title}", "", f.explanation, ""]
    else:
        lines += ["No result that was read is outside its range.", ""]
    lines += ["## Specialist views", "", "### Physician", "", views.physician, "", "### Nutritionist", "",
              views.nutritionist, "", "### Exercise physiologist", "", views.exercise, ""]
    if notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(lines).strip() + "\n"


def advice_sources(advice: Advice, table: AdviceTable) -> list[tuple[str, AdviceRole, str, str]]:
    """(id, role, text, source) of every statement shown, patterns included."""
    out = [(s.id, s.role, s.text, table.source_text(s.sources)) for s in advice.statements]
    out += [(f"pattern.{p.id}", AdviceRole.PATTERN, p.text or "", table.source_text(p.sources))
            for p in advice.patterns]
    return out
