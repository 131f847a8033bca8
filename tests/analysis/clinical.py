"""Helpers for the clinical tests: build a ParsedReport from a few results, and hand-written guards.

The guards are independent of the advice table: each is a phrase a narrative must only say when a
condition on the results holds (for example "heavy periods" never for a man). They check the table's
premises from the outside.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from shared.analysis.advice.premise import Evaluator
from shared.analysis.advice.table import table
from shared.analysis.facts import Facts
from shared.analysis.markers import canonical, marker, panel_of
from shared.analysis.parser import ParsedMarker, ParsedReport, Patient
from shared.analysis.result import AnalysisResult, Biomarker
from shared.analysis.values import Range, judge

Row = tuple  # (name, value, unit, low, high)


def parsed(name: str, value: float, unit: str | None, low: float | None, high: float | None,
           flag: str | None = None) -> ParsedMarker:
    key = canonical(name, unit, value)
    if low is not None and high is not None:
        text = f"{low:g} - {high:g}"
    elif high is not None:
        text = f"< {high:g}"
    elif low is not None:
        text = f"> {low:g}"
    else:
        text = None
    if flag is None and text is not None:
        flag = judge(value, Range(low, high, text))
    return ParsedMarker(name=name, canonical=key, value=value, unit=unit, ref_low=low, ref_high=high, ref_text=text,
                        flag=flag, panel=panel_of(key), page=1)


def report(rows: list[Row], *, sex: str | None = None, age: int | None = None, rows_unread: int = 0) -> ParsedReport:
    return ParsedReport(biomarkers=[parsed(*r) for r in rows], patient=Patient(sex=sex, age=age), pages=1,
                        rows_unread=rows_unread)


def facts_of(result: AnalysisResult | dict) -> Facts:
    """The results of an analysis, re-read from its output (not from the analysis' own state)."""
    r = result if isinstance(result, dict) else result.model_dump(mode="json")
    bs = [Biomarker.model_validate(b) for b in r["biomarkers"]]
    return Facts.of(bs, sex=r["patient"]["sex"], age=r["patient"]["age"], complete=r["coverage"]["complete"])


def _dir(f: Facts, key: str) -> set[str | None]:
    return {r.direction for r in f.of_key(key) if r.flag is not None}


def _normal(f: Facts, key: str) -> bool:
    return bool(f.of_key(key)) and all(r.flag is not None and r.direction is None for r in f.of_key(key))


@dataclass
class Guard:
    phrase: str  # a regular expression, case-insensitive, matched on the whole narrative
    requires: Callable[[Facts], bool]
    why: str
    regex: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        self.regex = re.compile(self.phrase, re.IGNORECASE)


GUARDS = [
    Guard(r"anaemia needs a cause|with anaemia, build|low haemoglobin means anaemia", lambda f: "low" in _dir(f, "hemoglobin"),
          "anaemia statements need a low haemoglobin"),
    Guard(r"for iron: red meat|iron tablets are the usual|low iron stores reduce|iron deficiency needs a cause",
          lambda f: "low" in _dir(f, "ferritin"), "iron-deficiency advice needs low iron stores (ferritin)"),
    Guard(r"do not take iron supplements|do not take iron", lambda f: "low" not in _dir(f, "ferritin"),
          "'no iron' advice never when iron stores are low"),
    Guard(r"vitamin d supplement at a dose", lambda f: "low" in _dir(f, "vitamin_d"),
          "vitamin D supplements only for a low vitamin D"),
    Guard(r"stop taking vitamin d", lambda f: "high" in _dir(f, "vitamin_d"), "stopping vitamin D needs a high one"),
    Guard(r"limit sugary drinks|walk after meals", lambda f: "low" not in _dir(f, "glucose"),
          "sugar-lowering advice never with a low glucose"),
    Guard(r"fast-acting sugar", lambda f: "low" in _dir(f, "glucose") | _dir(f, "glucose_random"),
          "treating a low needs a low glucose"),
    Guard(r"gilbert'?s syndrome, a harmless", lambda f: "high" in _dir(f, "total_bilirubin") and all(
        _normal(f, k) for k in ("alt", "ast", "alp")), "Gilbert's needs otherwise normal (measured) liver tests"),
    Guard(r"heavy periods", lambda f: f.sex != "male", "heavy periods never for a man"),
    Guard(r"in men, iron deficiency", lambda f: f.sex == "male", "male wording only for men"),
    Guard(r"all results with a range are within it", lambda f: f.coverage_complete and not f.abnormal,
          "'all within range' needs every row read and nothing abnormal"),
    Guard(r"kidneys are filtering less|kidney results are clarified|nephrology",
          lambda f: "high" in _dir(f, "creatinine") | _dir(f, "cystatin_c") or "low" in _dir(f, "egfr"),
          "kidney advice needs a kidney result pointing that way (not a low creatinine)"),
    Guard(r"potassium supplements or salt substitutes", lambda f: "high" in _dir(f, "potassium"),
          "no-potassium advice needs a high potassium"),
    Guard(r"needs? a doctor today", lambda f: any(r.severity is not None and r.severity.value == "critical"
                                                  for r in f.readings), "'today' needs a critical result"),
    Guard(r"raised heart|heart-strain marker", lambda f: "high" in _dir(f, "nt_probnp") | _dir(f, "bnp"),
          "heart wording needs a heart marker, never CK"),
]


def guard_failures(result: AnalysisResult | dict) -> list[str]:
    r = result if isinstance(result, dict) else result.model_dump(mode="json")
    f = facts_of(r)
    return [f"{g.why}: {g.regex.search(r['analysis']).group(0)!r}" for g in GUARDS
            if g.regex.search(r["analysis"]) and not g.requires(f)]


def premise_failures(result: AnalysisResult | dict) -> list[str]:
    """Statements shown whose premise does not hold against the result's own biomarkers (re-read from the output)."""
    r = result if isinstance(result, dict) else result.model_dump(mode="json")
    t = table()
    ev = Evaluator(facts_of(r), t.pattern_premises)
    by_id = {s.id: s for s in t.statements}
    failures = []
    for item in r["advice"]:
        if item["id"].startswith("pattern."):
            pid = item["id"].removeprefix("pattern.")
            ok = ev.pattern(pid) is True
        else:
            ok = ev.holds(by_id[item["id"]].premise)
        if not ok:
            failures.append(item["id"])
    listed = {i["id"] for i in r["advice"]}
    for s in t.statements:  # a statement in the text must be listed too (nothing said without its premise)
        if s.text in r["analysis"] and s.id not in listed and not any(
                s.text in by_id[i].text for i in listed if i in by_id):  # the same words inside a listed one
            failures.append(f"{s.id} (in the text, not listed)")
    for p in t.patterns.values():
        if p.text and p.text in r["analysis"] and f"pattern.{p.id}" not in listed:
            failures.append(f"pattern.{p.id} (in the text, not listed)")
    return failures


def catalogue_unit(key: str) -> str | None:
    m = marker(key)
    return m.unit if m else None
