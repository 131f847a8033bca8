"""A handful of clinical cases end to end: generated one-page PDFs through `analyze_pdf`."""

from __future__ import annotations

import pytest

from shared.analysis import analyze_pdf
from tests.analysis.clinical import guard_failures
from tests.analysis.pdfgen import report_pdf

HEADER = ["Test", "Result", "Unit", "Reference Range"]


@pytest.mark.parametrize(("rows", "title", "query", "one_of", "must_not", "urgent"), [
    ([["Serum Iron", "210", "ug/dL", "60 - 170"], ["Ferritin", "650", "ng/mL", "24 - 336"],
      ["Transferrin Saturation", "62", "%", "20 - 50"]], ["Sex: Male"], "Summarise my blood test report",
     "do not take iron supplements", ["red meat", "iron deficiency needs a cause"], []),
    ([["Glucose", "35", "mg/dL", "70 - 99"], ["Hemoglobin", "14.1", "g/dL", "13.0 - 17.0"]], [],
     "Is my sugar too high?", "no: glucose 35 mg/dl is below the range (70 - 99): it needs a doctor today", ["limit sugary", "walk after meals"],
     ["critical"]),
    ([["Potassium", "6.8", "mmol/L", "3.5 - 5.1"], ["Sodium", "139", "mmol/L", "135 - 145"]], [],
     "¿Está bien mi potasio?", "no: su potassium 6.8 mmol/l", ["avoid hard training for 2-3 days"], ["critical"]),
    ([["AST", "640", "U/L", "10 - 40"], ["Total Bilirubin", "5.4", "mg/dL", "0.1 - 1.2"]], [],
     "Summarise my blood test report", "needs a doctor today", ["gilbert", "routine appointment"],
     ["critical", "critical"]),
    ([["Hemoglobin", "10.2", "g/dL", "12.0 - 15.5"], ["Ferritin", "6", "ng/mL", "11 - 307"]],
     ["Patient Name: Test Person", "Age/Gender: 31 years / Female"], "Should I take iron supplements?",
     "## your question\n\nprobably yes", ["in men, iron deficiency", "after the menopause"], []),
])
def test_case_end_to_end(rows: list[list[str]], title: list[str], query: str, one_of: str, must_not: list[str],
                         urgent: list[str]) -> None:
    r = analyze_pdf(report_pdf(rows, header=HEADER, title=["Lakeside Clinical Laboratory", *title]), query)
    text = r["analysis"].lower()
    assert one_of in text, r["analysis"]
    assert not [p for p in must_not if p in text], r["analysis"]
    assert [u["severity"] for u in r["urgent"]] == urgent
    assert guard_failures(r) == []
