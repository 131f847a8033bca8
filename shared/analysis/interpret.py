"""Local, deterministic interpretation of a parsed report: `interpret(report, query) -> AnalysisResult`.

1. Ranges and flags (ranges.py): the report's own first, a typical adult range (sex- and
   age-specific where they differ) only when none is printed.
2. Severity (severity.py): normal / mild / marked / critical by per-marker thresholds with
   sources (advice/thresholds.toml); critical and marked results become `urgent`, with
   time-bound wording.
3. Statements (advise.py): every sentence of the advice table whose premise holds for
   these results, urgent ones suppressing contradicting routine advice.
4. The question (query.py): answered first, in one line.
5. The narrative (narrative.py), coverage (how many result rows were read) and notes; values read
   by OCR with low confidence are listed to be checked against the printed report (`to_check`).
"""

from __future__ import annotations

from shared.analysis import markers as mk
from shared.analysis.advice.table import table
from shared.analysis.advise import choose
from shared.analysis.facts import Facts
from shared.analysis.narrative import Focus, advice_sources, explain, findings, markdown, specialist_views, summary
from shared.analysis.parser import ParsedReport
from shared.analysis.query import Context, Question, answer, understand
from shared.analysis.ranges import judged
from shared.analysis.result import (
    AbnormalBiomarker,
    AdviceItem,
    AnalysisResult,
    Biomarker,
    CheckItem,
    Counts,
    Coverage,
    OtherResult,
    PatientInfo,
    RangeSource,
)
from shared.analysis.severity import CHECK_BELOW, escalate, grade, urgent
from shared.analysis.wording import plural

SPECIALISTS = ["Physician", "Nutritionist", "Exercise physiologist"]

DISCLAIMER = ("This analysis is generated automatically for information only and is not a medical diagnosis. "
              "Reference ranges differ between laboratories, and results must be read together with your history "
              "and symptoms: discuss them with a qualified healthcare professional, and seek prompt care for any "
              "result marked critical.")

# When fewer than this share of the report's result-like rows were read, say that most was not checked.
MOST_UNREAD = 0.5


def to_check(report: ParsedReport) -> list[CheckItem]:
    return [CheckItem(name=pm.name, value=pm.value, unit=pm.unit, page=pm.page, confidence=pm.confidence)
            for pm in report.biomarkers if pm.source == "ocr" and pm.confidence < CHECK_BELOW]


def coverage_of(report: ParsedReport) -> Coverage:
    read = len(report.biomarkers) + len(report.censored)
    unread = report.rows_unread
    if not unread:
        return Coverage(rows_read=read, rows_unread=0, complete=True, note=None)
    rows = plural(unread, "more line")
    note = (f"{rows} on the report look{'s' if unread == 1 else ''} like results but could not be read; "
            f"{'it was' if unread == 1 else 'they were'} not checked.")
    if read < MOST_UNREAD * (read + unread):
        note = (f"Only {read} of about {read + unread} result rows on the report could be read: most of the report "
                f"was not checked, so look through it yourself or with your doctor.")
    return Coverage(rows_read=read, rows_unread=unread, complete=False, note=note)


def order_for_query(bs: list[Biomarker], q: Question) -> list[Biomarker]:
    if not q.keys and not q.panels:
        return bs

    def rank(b: Biomarker) -> int:
        if b.canonical in q.keys:
            return q.keys.index(b.canonical)
        if b.panel in q.panels:
            return 100 + q.panels.index(b.panel)
        return 1000

    return sorted(bs, key=rank)  # stable: report order within each rank


def _notes(report: ParsedReport, bs: list[Biomarker], q: Question, coverage: Coverage) -> list[str]:
    notes: list[str] = []
    if coverage.note:
        notes.append(coverage.note)
    defaults = [b for b in bs if b.range_source is RangeSource.DEFAULT]
    if defaults:
        notes.append(f"{plural(len(defaults), 'result')} had no range printed on the report; a typical adult range "
                     "was used instead (marked range_source 'default').")
    unknown = [b for b in bs if b.canonical is None]
    if unknown:
        notes.append(f"{plural(len(unknown), 'test name')} not in our catalogue "
                     f"{'is' if len(unknown) == 1 else 'are'} shown as printed and judged only by the report's own "
                     "range.")
    if report.censored:
        notes.append("Results printed as below or above a limit (for example '<0.5') are listed under "
                     "'other_results' and not judged.")
    sex = q.sex or report.patient.sex
    if sex is None and any((m := mk.marker(b.canonical)) is not None and len(m.ranges) > 1 for b in defaults):
        notes.append("The report does not state sex, so sex-specific default ranges were combined.")
    if q.sex and q.sex != report.patient.sex:
        notes.append(f"Sex taken from your question ({q.sex}) to choose ranges and wording.")
    if q.age and q.age != report.patient.age:
        notes.append(f"Age taken from your question ({q.age}) to choose ranges and wording.")
    if any(b.source == "ocr" for b in bs):
        notes.append("This report was read from a scan or photo (OCR): each value carries the confidence it was "
                     "read with (source 'ocr').")
    return notes


def interpret(report: ParsedReport, query: str) -> AnalysisResult:
    t = table()
    q = understand(query)
    sex, age = q.sex or report.patient.sex, q.age or report.patient.age
    coverage = coverage_of(report)

    bs = [judged(pm, sex, age) for pm in report.biomarkers]
    facts = Facts.of(bs, sex=sex, age=age, complete=coverage.complete)
    grade(bs, facts, t)
    facts = facts.regraded(bs)
    if escalate(bs, facts, t):
        facts = facts.regraded(bs)
    bs = order_for_query(bs, q)

    advice = choose(facts, t)
    urgent_ = urgent(bs, t)
    counts = Counts(total=len(bs), judged=sum(b.flag is not None for b in bs),
                    outside=sum(bool(b.flag and b.flag.direction) for b in bs))
    # Sex and age as used (the question's, when it states them, else the header's; a note says which).
    patient = PatientInfo(name=report.patient.name, age=age, sex=sex if sex in ("male", "female") else None,
                          date=report.patient.date, lab=report.patient.lab)
    answer_ = answer(Context(q=q, bs=bs, facts=facts, advice=advice, table=t, counts=counts, coverage=coverage,
                             urgent=urgent_))
    explanations = {id(b): explain(b, advice) for b in bs if b.flag and b.flag.direction}
    findings_ = findings(bs, advice, Focus(keys=q.keys, panels=q.panels), explanations)
    views = specialist_views(bs, advice, urgent_, t)
    notes = _notes(report, bs, q, coverage)
    summary_text = summary(bs, patient, counts, coverage, len(report.censored), urgent_)
    checks = to_check(report)
    return AnalysisResult(
        analysis=markdown(answer_, urgent_, summary_text, findings_, views, notes, checks),
        specialists_consulted=list(SPECIALISTS),
        biomarkers=bs,
        abnormal=[AbnormalBiomarker(**b.__dict__, explanation=explanations[id(b)]) for b in bs
                  if id(b) in explanations],
        findings=findings_,
        specialist_views=views,
        patient=patient,
        query=query,
        notes=notes,
        disclaimer=DISCLAIMER,
        pages=report.pages,
        other_results=[OtherResult(name=c.name, canonical=c.canonical, result=c.result, unit=c.unit,
                                   ref_text=c.ref_text) for c in report.censored],
        answer=answer_,
        urgent=urgent_,
        coverage=coverage,
        counts=counts,
        advice=[AdviceItem(id=i, role=r, text=x, source=s) for i, r, x, s in advice_sources(advice, t)],
        to_check=checks,
    )
