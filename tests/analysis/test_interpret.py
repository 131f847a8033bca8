"""Local interpretation: default ranges, critical values, panels, specialist views, the user's query first."""

from __future__ import annotations

from shared.analysis import analyze_pdf
from shared.analysis.interpret import SPECIALISTS
from shared.analysis.interpret import interpret as _interpret
from shared.analysis.parser import parse_texts
from shared.analysis.query import focus
from tests.analysis.pdfgen import report_pdf


def interpret(report, query: str) -> dict:
    return _interpret(report, query).model_dump(mode="json")


class _Focus:
    def __init__(self, query: str) -> None:
        self.keys, self.panels = focus(query)
        self.empty = not self.keys and not self.panels


query_focus = _Focus

HEADER = ["Test", "Result", "Unit", "Reference Range"]
ROWS = [
    ["Hemoglobin", "10.9", "g/dL", "13.0 - 17.0"], ["MCV", "72", "fL", "80 - 100"],
    ["Ferritin", "8", "ng/mL", "20 - 250"], ["Glucose", "131", "mg/dL", "70 - 100"], ["HbA1c", "6.9", "%", "4.0 - 5.6"],
    ["Total Cholesterol", "244", "mg/dL", "< 200"], ["LDL Cholesterol", "162", "mg/dL", "< 100"],
    ["HDL Cholesterol", "52", "mg/dL", "> 40"], ["TSH", "2.1", "mIU/L", "0.4 - 4.0"], ["ALT", "30", "U/L", "7 - 56"],
]


def _analyze(query: str) -> dict:
    return analyze_pdf(report_pdf(ROWS, header=HEADER, title=["Lakeside Clinical Laboratory"]), query)


def test_result_shape() -> None:
    r = _analyze("Summarise my blood test report")
    assert r["status"] == "success"
    assert r["specialists_consulted"] == SPECIALISTS == ["Physician", "Nutritionist", "Exercise physiologist"]
    assert set(r) >= {"analysis", "biomarkers", "abnormal", "findings", "specialist_views", "patient", "query",
                      "narrative_source", "notes", "disclaimer", "pages"}
    assert r["narrative_source"] == "local" and r["pages"] == 1
    assert set(r["specialist_views"]) == {"physician", "nutritionist", "exercise"}
    b = r["biomarkers"][0]
    assert set(b) == {"name", "canonical", "value", "unit", "ref_low", "ref_high", "ref_text", "flag", "range_source",
                      "panel", "severity", "code", "source", "confidence"}
    assert b["code"] is None  # no code printed beside the names of this report
    assert (b["source"], b["confidence"], r["to_check"]) == ("text", 1.0, [])  # a PDF's own text: nothing to check
    assert r["answer"] is None  # the default "summarise" query has no question to answer
    assert r["coverage"] == {"rows_read": 10, "rows_unread": 0, "complete": True, "note": None}
    assert r["counts"] == {"total": 10, "judged": 10, "outside": 7} and r["urgent"] == []
    assert all("explanation" in a and a["flag"] in ("low", "high", "critical_low", "critical_high")
               for a in r["abnormal"])
    assert {a["name"] for a in r["abnormal"]} == {"Hemoglobin", "MCV", "Ferritin", "Glucose", "HbA1c",
                                                  "Total Cholesterol", "LDL Cholesterol"}
    md = r["analysis"]
    assert md.index("## Summary") < md.index("## Findings by panel") < md.index("## Specialist views")
    for heading in ("### Physician", "### Nutritionist", "### Exercise physiologist"):
        assert heading in md
    panels = [f["panel"] for f in r["findings"]]
    assert panels == ["blood count", "diabetes", "lipids", "iron"]
    blood = r["findings"][0]
    assert "anaemia" in blood["explanation"] and blood["markers"] == ["Hemoglobin", "MCV"]
    assert "iron-deficiency anaemia" in r["findings"][3]["explanation"]  # low Hb + low ferritin, across panels
    diabetes = r["findings"][1]["explanation"]
    assert "meet the ADA criteria for diagnosing diabetes" in diabetes  # HbA1c 6.9 and fasting glucose 131


def test_query_names_markers_and_panels_first() -> None:
    r = _analyze("How is my thyroid? And my LDL?")
    assert [b["canonical"] for b in r["biomarkers"][:2]] == ["ldl", "tsh"] or \
        [b["canonical"] for b in r["biomarkers"][:2]] == ["tsh", "ldl"]
    assert r["findings"][0]["panel"] == "thyroid"  # asked about, even though normal
    assert "within the range" in r["findings"][0]["title"]
    assert r["findings"][1]["panel"] == "lipids"
    answer = r["answer"]
    assert answer["understood"] and "TSH 2.1 mIU/L" in answer["text"] and "LDL Cholesterol 162 mg/dL" in answer["text"]
    assert r["analysis"].index("## Your question") < r["analysis"].index("## Summary")


def test_query_focus_parsing() -> None:
    f = query_focus("What do my cholesterol and Hb look like?")
    assert f.keys[:1] == ["total_cholesterol"] and "hemoglobin" in f.keys and f.panels == ["lipids"]
    assert query_focus("I got my results, are they ok?").keys == []  # 'got' is not AST here
    assert "pt" in query_focus("Is my PT too long?").keys
    assert query_focus("Is my sugar ok?").panels == ["diabetes"]
    assert query_focus("").empty


def test_default_ranges_when_the_report_prints_none() -> None:
    rep = parse_texts(["Test Result\nSodium 128 mmol/L\nHemoglobin 9.5 g/dL\nPlatelets 390 x10^9/L\n"
                       "Potassium 7.1 mmol/L\nMystery Marker 12 mg/dL"])
    out = interpret(rep, "Summarise")
    by = {b["name"]: b for b in out["biomarkers"]}
    assert by["Sodium"]["range_source"] == "default" and by["Sodium"]["flag"] == "low"
    assert (by["Sodium"]["ref_low"], by["Sodium"]["ref_high"]) == (135.0, 145.0)
    assert "typical adult range" in by["Sodium"]["ref_text"]
    assert by["Hemoglobin"]["flag"] == "low"
    assert by["Platelets"]["flag"] == "normal" and by["Platelets"]["ref_high"] == 400.0
    assert by["Potassium"]["flag"] == "critical_high"
    assert by["Mystery Marker"]["flag"] is None and by["Mystery Marker"]["range_source"] is None
    assert any("typical adult range was used" in n for n in out["notes"])
    assert "Potassium 7.1 mmol/L (critically high) needs a doctor today" in out["specialist_views"]["physician"]
    assert [u["name"] for u in out["urgent"]] == ["Potassium"] and out["urgent"][0]["severity"] == "critical"
    assert "Contact your doctor today" in out["urgent"][0]["action"]


def test_default_range_converted_into_printed_unit() -> None:
    rep = parse_texts(["Test Result\nGlucose 7.4 mmol/L\nHemoglobin 128 g/L\nCholesterol 4.1 mmol/L"])
    by = {b["name"]: b for b in interpret(rep, "")["biomarkers"]}
    assert by["Glucose"]["flag"] == "high" and by["Glucose"]["ref_high"] == 5.5
    assert by["Hemoglobin"]["unit"] == "g/L" and by["Hemoglobin"]["ref_low"] == 120.0
    assert by["Cholesterol"]["flag"] == "normal" and by["Cholesterol"]["ref_high"] == 5.17


def test_blood_gas_pressures_in_kpa_get_the_default_range_converted_from_mmhg() -> None:
    rep = parse_texts(["Test Result Unit\npCO2 7.9 kPa\npO2 9.0 kPa\npO2 12.0 kPa"])
    got = [(b["name"], b["ref_low"], b["ref_high"], b["flag"]) for b in interpret(rep, "")["biomarkers"]]
    assert got == [("pCO2", 4.67, 6.0, "high"), ("pO2", 10.7, 13.3, "low"), ("pO2", 10.7, 13.3, "normal")]


def test_report_range_wins_and_critical_uses_converted_units() -> None:
    rep = parse_texts(["Test Result Unit Reference Range\nPotassium 6.6 mEq/L 3.5 - 5.1\n"
                       "Hemoglobin 62 g/L 120 - 160\nGlucose 5.0 mmol/L 4.0 - 4.5"])
    by = {b["name"]: b for b in interpret(rep, "")["biomarkers"]}
    assert by["Potassium"]["flag"] == "critical_high" and by["Potassium"]["range_source"] == "report"
    assert by["Hemoglobin"]["flag"] == "critical_low"  # 6.2 g/dL
    assert by["Glucose"]["flag"] == "high" and by["Glucose"]["ref_high"] == 4.5  # the lab's range, not ours


def test_report_flag_without_range_is_kept() -> None:
    rep = parse_texts(["Glucose Level: 92 mg/dL (Normal)\nHbA1c: 5.4% (Normal)\nLDL: 105 mg/dL (Normal)"])
    out = interpret(rep, "")
    assert [b["flag"] for b in out["biomarkers"]] == ["normal", "normal", "normal"]
    assert all(b["range_source"] == "default" for b in out["biomarkers"])  # shown for context only


def test_all_normal_report() -> None:
    rep = parse_texts(["Test Result Unit Reference Range\nHemoglobin 14 g/dL 13-17\nTSH 1.1 mIU/L 0.4-4.0"])
    out = interpret(rep, "Summarise my blood test report")
    assert out["abnormal"] == [] and out["findings"] == []
    assert "All 2 results that could be judged are within the range" in out["analysis"]
    assert "150 minutes" in out["specialist_views"]["exercise"]
