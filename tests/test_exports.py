"""Exports (shared/export): LOINC and UCUM tables, the FHIR R4 Bundle and the CSV, on the whole corpus.

FHIR output is validated with the R4B models of `fhir.resources`; UCUM codes with ucumvert, a
parser generated from the UCUM specification's unit definitions (ucum-essence.xml).
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache

import pytest
from fhir.resources.R4B.bundle import Bundle
from labunits.converters import analytes
from ucumvert import PintUcumRegistry, get_ucum_parser

from shared.analysis.markers import BY_KEY
from shared.analysis.pipeline import analyze_pdf
from shared.analysis.result import AnalysisResult, Biomarker, Flag, OtherResult
from shared.analysis.units import parse_unit
from shared.export import dates, loinc, table, ucum
from shared.export.fhir import INTERPRETATION, ExportContext
from shared.export.fhir import bundle as fhir_bundle
from shared.export.stored import NotExportable, exportable
from tests.conftest import CORPUS

JOB = "0123456789abcdef0123456789abcdef"


@cache
def ucum_parser():  # type: ignore[no-untyped-def]
    return get_ucum_parser()


@cache
def ucum_registry() -> PintUcumRegistry:
    return PintUcumRegistry()


def parses_as_ucum(code: str) -> bool:
    try:
        ucum_parser().parse(code)
    except Exception:
        return False
    return True


@cache
def corpus_results() -> dict[str, AnalysisResult]:
    out = {}
    for pdf in sorted(CORPUS.glob("*.pdf")):
        try:
            out[pdf.name] = AnalysisResult.model_validate(analyze_pdf(pdf.read_bytes()))
        except Exception:  # a report the analysis refuses has nothing to export
            continue
    if not out:
        pytest.skip(f"no corpus at {CORPUS}")
    return out


def result_with(*biomarkers: Biomarker, others: list[OtherResult] | None = None, name: str | None = "Jane Doe",
                date: str | None = "15-Dec-2025") -> AnalysisResult:
    example = AnalysisResult.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index]
    data = json.loads(json.dumps(example))
    data["patient"] = {**data["patient"], "name": name, "date": date}
    data["biomarkers"] = [b.model_dump(mode="json") for b in biomarkers]
    data["other_results"] = [o.model_dump(mode="json") for o in others or []]
    return AnalysisResult.model_validate(data)


def marker(name: str, canonical: str | None, value: float, unit: str | None, low: float | None = None,
           high: float | None = None, flag: Flag | None = None, code: str | None = None) -> Biomarker:
    return Biomarker(name=name, canonical=canonical, value=value, unit=unit, ref_low=low, ref_high=high, ref_text=None,
                     flag=flag, range_source="report" if low is not None or high is not None else None,
                     panel="other", severity=None, code=code)


# ------------------------------------------------------------------ LOINC


def test_loinc_check_digit() -> None:
    # Published codes (LOINC Users' Guide example 718-7 and friends) pass; a changed digit fails.
    for code in ("718-7", "2345-7", "14749-6", "2093-3", "14647-2", "6690-2", "11502-2"):
        assert loinc.check_digit_ok(code), code
    for code in ("718-8", "2345-1", "14749-5", "2093", "abc-1", "", None):
        assert not loinc.check_digit_ok(code), code


def test_every_code_in_the_table_is_sound() -> None:
    t = loinc.table()
    labunits_codes = {a.loinc_num for a in analytes()}
    seen: set[str] = set()
    for key, codes in t.codes.items():
        assert key in BY_KEY, f"{key} is not a marker of the catalogue"
        assert codes, key
        for c in codes:
            assert loinc.check_digit_ok(c.code), f"{key}: {c.code} fails the mod-10 check digit"
            assert c.code not in seen, f"{c.code} is listed twice"
            seen.add(c.code)
            assert c.sources and set(c.sources) <= set(t.sources), f"{key} {c.code}: unknown source {c.sources}"
            if "labunits" in c.sources:
                assert c.code in labunits_codes, f"{c.code} is credited to labunits but is not in its table"
        # Two codes of one marker never compete for the same unit unless name words tell them apart.
        plain = [c.property for c in codes if not c.names]
        assert len(plain) == len(set(plain)), f"{key}: two codes without names share a property"


@pytest.mark.parametrize(("canonical", "unit", "name", "printed", "expected"), [
    ("glucose", "mg/dL", "Glucose", None, "2345-7"),
    ("glucose", "MMOL/L", "Glucose", None, "14749-6"),
    ("total_cholesterol", "mg/dL", "Cholesterol", None, "2093-3"),
    ("total_cholesterol", "mmol/L", "Cholesterol", None, "14647-2"),
    ("creatinine", "umol/L", "Creatinine", None, "14682-9"),
    ("sodium", "mEq/L", "Sodium", None, "2951-2"),  # mEq = mmol for a monovalent ion
    ("calcium", "mEq/L", "Calcium", None, None),  # ... but not for calcium
    ("mch", "g/dL", "Mean Corpuscular Hemoglobin Conc", None, None),  # the unit does not fit MCH (pg)
    ("mch", "pg", "MCH", None, "785-6"),
    ("ldl", "mg/dL", "LDL Cholesterol (Calculated)", None, "13457-7"),
    ("ldl", "mg/dL", "LDL Cholesterol", None, "2089-1"),
    ("ldl", "mmol/L", "Direct LDL", None, "69419-0"),
    ("d_dimer", "ug/mL FEU", "D-Dimer", None, "48065-7"),
    ("d_dimer", "ug/mL", "D-Dimer", None, None),  # FEU or DDU? not said: no code
    ("hba1c", "%", "HbA1c", None, "4548-4"),
    ("hba1c", "mmol/mol", "HbA1c", None, "59261-8"),
    ("rdw", "fL", "RDW-SD", None, "21000-5"),
    ("rdw", "%", "RDW-CV", None, "788-0"),
    ("chol_hdl_ratio", None, "Chol/HDL ratio", None, "9830-1"),
    ("hemoglobin", "bananas", "Hb", None, None),  # a unit we cannot read: no code
    ("egfr", "mL/min/1.73m2", "eGFR", None, None),  # the formula decides the code; reports rarely say
    (None, "mg/dL", "Mystery", None, None),
    ("glucose", "mg/dL", "Glucose", "2339-0", "2339-0"),  # printed with a valid check digit: the report's own
    ("glucose", "mg/dL", "Glucose", "2339-1", "2345-7"),  # printed but invalid: ignored
])
def test_loinc_is_chosen_by_the_units_property(canonical: str | None, unit: str | None, name: str,
                                               printed: str | None, expected: str | None) -> None:  # fmt: skip
    coding = loinc.loinc_for(canonical, unit, name, printed)
    assert (coding.code if coding else None) == expected


# ------------------------------------------------------------------ UCUM

# Printed units and what they are: UCUM code, and the kind units.py gives them.
PRINTED = [
    ("g/dL", "g/dL"), ("G/DL", "g/dL"), ("g%", "g/dL"), ("mg/dl", "mg/dL"), ("mmol/L", "mmol/L"), ("MMOL/L", "mmol/L"),
    ("µmol/L", "umol/L"), ("μmol/L", "umol/L"), ("mEq/L", "meq/L"), ("mcg/dL", "ug/dL"), ("ng/mL", "ng/mL"),
    ("pg/mL", "pg/mL"), ("uIU/mL", "u[IU]/mL"), ("µIU/mL", "u[IU]/mL"), ("mIU/L", "m[IU]/L"), ("IU/L", "[IU]/L"),
    ("U/L", "U/L"), ("MU/L", "mU/L"), ("%", "%"), ("fL", "fL"), ("pg", "pg"), ("mm/hr", "mm/h"), ("seconds", "s"),
    ("K/uL", "10*3/uL"), ("x10^3/μl", "10*3/uL"), ("10^3/uL", "10*3/uL"), ("X10^9/L", "10*9/L"), ("x10⁹/L", "10*9/L"),
    ("X10^12/L", "10*12/L"), ("million/uL", "10*6/uL"), ("M/uL", "10*6/uL"), ("Million/cmm", "10*6/uL"),
    ("Lakhs/cmm", "10*5/uL"), ("cells/uL", "/uL"), ("/uL", "/uL"), ("cells/cmm", "/uL"), ("mmol/mol", "mmol/mol"),
    ("mL/min/1.73m2", "mL/min/{1.73_m2}"), ("ug/mL FEU", "ug/mL{FEU}"), ("ratio", "{ratio}"), ("L/L", "L/L"),
    # giga / tera cells per litre (French, German: 'G/L' is no gram) and the Nordic 'E9/l'
    ("G/L", "10*9/L"), ("T/l", "10*12/L"), ("Gpt/l", "10*9/L"), ("Tpt/l", "10*12/L"), ("E9/l", "10*9/L"),
    ("E12/l", "10*12/L"), ("x E9/l", "10*9/L"), ("Mrd/l", "10*9/L"),
    ("10^3/mm^3", "10*3/uL"), ("cells/mm^3", "/uL"),  # a cubic millimetre written with a caret
]


@pytest.mark.parametrize(("printed", "code"), PRINTED)
def test_printed_units_map_to_ucum(printed: str, code: str) -> None:
    assert ucum.ucum_code(printed) == code
    assert parses_as_ucum(code)


def test_every_code_the_tables_can_make_parses_as_ucum() -> None:
    made = set(ucum.WHOLE.values())
    for num in ucum.NUMERATOR:
        for den in ucum.DENOMINATOR:
            code = ucum.ucum_code(f"{num}/{den}")
            if code is not None:
                made.add(code)
    made |= {f"10*{n}/uL" for n in (3, 6, 9)}
    bad = sorted(c for c in made if not parses_as_ucum(c))
    assert not bad, f"not UCUM: {bad}"


# What a unit kind of shared/analysis/units.py is, as a dimensionality of UCUM's (via pint).
KIND_DIMENSION = {"mass": "[mass] / [length] ** 3", "molar": "[substance] / [length] ** 3",
                  "eq": "[substance] / [length] ** 3", "count": "1 / [length] ** 3", "fl": "[length] ** 3",
                  "pg": "[mass]", "time": "[time]", "rate": "[length] / [time]", "percent": "dimensionless"}


@pytest.mark.parametrize(("printed", "code"), PRINTED)
def test_ucum_codes_mean_what_the_printed_unit_means(printed: str, code: str) -> None:
    """Same dimension as units.py reads, and the same size: 1 printed unit in units.py's base unit
    equals the UCUM unit converted by pint (so 'Lakhs' is 10^5 and 'K' 10^3, not kelvin)."""
    info = parse_unit(printed)
    if info is None or info.kind not in KIND_DIMENSION:
        return
    q = ucum_registry().from_ucum(code)
    assert str(q.dimensionality) == KIND_DIMENSION[info.kind], (printed, code, q.dimensionality)
    base = {"mass": "g/L", "molar": "mol/L", "eq": "mol/L", "count": "1/L", "fl": "fL", "pg": "pg", "time": "s",
            "rate": "mm/h", "percent": "%"}[info.kind]
    assert q.to(ucum_registry().from_ucum(base.replace("1/L", "/L"))).magnitude == pytest.approx(info.factor, rel=1e-9)


def test_unknown_units_get_no_code() -> None:
    for printed in ("bananas", "per field", "mg/dL/h/x", "", None, "10^3 thousand/uL"):
        assert ucum.ucum_code(printed) is None, printed


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(("printed", "expected"), [
    ("15-Dec-2025", "2025-12-15"), ("February 13, 2026", "2026-02-13"), ("2026-04-08", "2026-04-08"),
    ("2025/07/25", "2025-07-25"), ("23/7/2024", "2024-07-23"), ("04/21/2026", "2026-04-21"), ("04/04/25", "2025-04-04"),
    ("06-12-2024", "2024"), ("31/02/2024", None), ("no date", None), (None, None),
])
def test_report_dates_become_fhir_dates(printed: str | None, expected: str | None) -> None:
    assert dates.fhir_date(printed) == expected


# ------------------------------------------------------------------ FHIR


def bundle(result: AnalysisResult, ctx: ExportContext) -> dict:
    return fhir_bundle(exportable(result), ctx)


def resources(b: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in b["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_shape_subject_and_interpretations() -> None:
    result = result_with(
        marker("Glucose", "glucose", 5.4, "mmol/L", 3.9, 5.5, Flag.NORMAL),
        marker("Potassium", "potassium", 6.8, "mmol/L", 3.5, 5.1, Flag.CRITICAL_HIGH),
        marker("Hemoglobin", "hemoglobin", 10.9, "g/dL", 13.0, 17.0, Flag.LOW),
        marker("HDL", "hdl", 35, "mg/dL", 40.0, None, Flag.LOW),  # one-sided range
        marker("Odd test", None, 1.5, "furlongs"),
        others=[OtherResult(name="CRP", canonical="crp", result="<0.5", unit="mg/L", ref_text="< 5.0"),
                OtherResult(name="Culture", canonical=None, result="see note", unit=None, ref_text=None)],
    )
    plain = bundle(result, ExportContext(job_id=JOB, finished_at="2026-03-02T10:00:00.000+00:00"))
    Bundle.model_validate(plain)
    assert plain["type"] == "collection" and plain["timestamp"] == "2026-03-02T10:00:00.000+00:00"
    (report,) = resources(plain, "DiagnosticReport")
    observations = resources(plain, "Observation")
    assert report["status"] == "final" and report["code"]["coding"][0] == {
        "system": "http://loinc.org", "code": "11502-2", "display": "Laboratory report"}
    assert report["category"][0]["coding"][0]["code"] == "LAB" and report["effectiveDateTime"] == "2025-12-15"
    assert [r["reference"] for r in report["result"]] == [e["fullUrl"] for e in plain["entry"][1:]]
    assert len(observations) == 7 and all(o["status"] == "final" for o in observations)
    assert "subject" not in report and all("subject" not in o for o in observations)  # nothing made up
    assert "Jane Doe" not in json.dumps(plain)  # the printed name only when asked for
    glucose, potassium, hb, hdl, odd, crp, culture = observations
    assert glucose["code"] == {"text": "Glucose", "coding": [{"system": "http://loinc.org", "code": "14749-6"}]}
    assert glucose["valueQuantity"] == {"value": 5.4, "unit": "mmol/L", "system": "http://unitsofmeasure.org",
                                        "code": "mmol/L"}
    assert glucose["referenceRange"][0]["low"]["value"] == 3.9 and glucose["referenceRange"][0]["high"]["value"] == 5.5
    codes = [o["interpretation"][0]["coding"][0]["code"] for o in (glucose, potassium, hb, hdl)]
    assert codes == ["N", "HH", "L", "L"]
    assert {c for c, _ in INTERPRETATION.values()} == {"H", "L", "N", "HH", "LL"}
    assert "high" not in hdl["referenceRange"][0] and hdl["referenceRange"][0]["low"]["code"] == "mg/dL"
    assert "coding" not in odd["code"] and odd["valueQuantity"] == {"value": 1.5, "unit": "furlongs"}
    assert crp["valueQuantity"] == {"value": 0.5, "comparator": "<", "unit": "mg/L",
                                    "system": "http://unitsofmeasure.org", "code": "mg/L"}
    assert culture["valueString"] == "see note"
    # The same job exports with the same ids; another job with others.
    assert bundle(result, ExportContext(job_id=JOB))["entry"][1]["fullUrl"] == plain["entry"][1]["fullUrl"]
    assert bundle(result, ExportContext(job_id="f" * 32))["entry"][1]["fullUrl"] != plain["entry"][1]["fullUrl"]

    named = bundle(result, ExportContext(job_id=JOB, patient_reference="Patient/123", include_name=True))
    Bundle.model_validate(named)
    assert resources(named, "DiagnosticReport")[0]["subject"] == {"reference": "Patient/123", "display": "Jane Doe"}
    assert all(o["subject"]["reference"] == "Patient/123" for o in resources(named, "Observation"))
    referenced = bundle(result, ExportContext(job_id=JOB, patient_reference="Patient/123"))
    assert resources(referenced, "DiagnosticReport")[0]["subject"] == {"reference": "Patient/123"}


def test_the_validator_would_catch_a_broken_bundle() -> None:
    """The check below is only worth something if fhir.resources rejects what is wrong."""
    good = bundle(result_with(marker("Glucose", "glucose", 95, "mg/dL", 70, 99, Flag.NORMAL)), ExportContext(job_id=JOB))
    broken = json.loads(json.dumps(good))
    del broken["entry"][1]["resource"]["code"]  # Observation.code is required
    with pytest.raises(ValueError):
        Bundle.model_validate(broken)
    broken = json.loads(json.dumps(good))
    broken["entry"][1]["resource"]["valueQuantity"]["value"] = "ninety-five"
    with pytest.raises(ValueError):
        Bundle.model_validate(broken)


def test_every_corpus_report_exports_a_valid_coded_bundle() -> None:
    results = corpus_results()
    coded = canonical = 0
    for name, result in results.items():
        b = bundle(result, ExportContext(job_id=JOB, patient_reference="Patient/p1", include_name=True,
                                         finished_at="2026-03-02T10:00:00.000+00:00"))
        Bundle.model_validate(b)
        observations = resources(b, "Observation")
        assert len(observations) == len(result.biomarkers) + len(result.other_results), name
        for obs, bm in zip(observations, result.biomarkers, strict=False):
            assert obs["code"]["text"] == bm.name and obs["valueQuantity"]["value"] == bm.value
            if "code" in obs["valueQuantity"]:
                assert parses_as_ucum(obs["valueQuantity"]["code"]), (name, bm.unit)
            if bm.canonical:
                canonical += 1
                coded += "coding" in obs["code"]
    share = coded / canonical
    print(f"LOINC coverage of the corpus's canonical markers: {coded}/{canonical} = {share:.1%}")
    assert share >= 0.95


# ------------------------------------------------------------------ CSV


def test_csv_has_a_bom_one_row_per_result_and_no_formulas() -> None:
    result = result_with(
        marker("Glucose", "glucose", 95, "mg/dL", 70, 99, Flag.NORMAL),
        marker("=HYPERLINK(\"http://x\")", None, 1.25, "-1"),
        marker("Hämoglobin", "hemoglobin", 13.5, "g/dL", 13.0, None, Flag.NORMAL),
        others=[OtherResult(name="CRP", canonical="crp", result="<0.5", unit="mg/L", ref_text="< 5.0")],
    )
    text = table.to_csv(exportable(result))
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == list(table.COLUMNS) == ["name", "canonical", "value", "unit", "ucum", "range", "flag", "loinc"]
    assert rows[1] == ["Glucose", "glucose", "95", "mg/dL", "mg/dL", "70 - 99", "normal", "2345-7"]
    assert rows[2][0].startswith("'=") and rows[2][3] == "'-1" and rows[2][2] == "1.25"
    assert rows[3][0] == "Hämoglobin" and rows[3][5] == ">= 13"
    assert rows[4] == ["CRP", "crp", "<0.5", "mg/L", "mg/L", "< 5.0", "", "1988-5"]
    assert len(rows) == 5


def test_corpus_csv_matches_the_bundle() -> None:
    for name, result in corpus_results().items():
        rows = list(csv.reader(io.StringIO(table.to_csv(exportable(result)).removeprefix("\ufeff"))))[1:]
        obs = resources(bundle(result, ExportContext(job_id=JOB)), "Observation")
        assert len(rows) == len(obs), name
        for row, o in zip(rows, obs, strict=True):
            assert row[7] == (o["code"]["coding"][0]["code"] if "coding" in o["code"] else ""), (name, row)
            assert row[4] == o.get("valueQuantity", {}).get("code", ""), (name, row)



def test_older_stored_results_still_export_and_other_results_do_not() -> None:
    older = {"status": "success", "analysis": "...", "biomarkers": [
        {"name": "Hemoglobin", "canonical": "hemoglobin", "value": 14.1, "unit": "g/dL", "ref_low": 13.5,
         "ref_high": 17.5, "ref_text": "13.5 - 17.5", "flag": "normal", "panel": "blood"}],
        "patient": {"name": "X", "date": "2026-03-02"}}  # no other_results, pages, code, severity ...
    b = fhir_bundle(exportable(older), ExportContext(job_id=JOB))
    Bundle.model_validate(b)
    assert resources(b, "Observation")[0]["code"]["coding"][0]["code"] == "718-7"
    for not_a_result in ({"status": "success", "analysis": "fine"}, {"biomarkers": [{"name": "x"}]}, None, "text"):
        with pytest.raises(NotExportable):
            exportable(not_a_result)


def test_a_code_printed_on_the_report_reaches_the_result_and_the_export() -> None:
    from shared.analysis.parser import ParsedMarker
    from shared.analysis.ranges import judged

    pm = ParsedMarker(name="Glucose, blood", canonical="glucose", value=101.0, unit="mg/dL", ref_low=70.0,
                      ref_high=99.0, ref_text="70-99", flag="high", panel="diabetes", page=1, code="2339-0")
    b = judged(pm, None, None)
    assert b.code == "2339-0"  # as printed: glucose in blood, not the serum code our table would give
    obs = resources(bundle(result_with(b), ExportContext(job_id=JOB)), "Observation")[0]
    assert obs["code"]["coding"] == [{"system": "http://loinc.org", "code": "2339-0"}]
