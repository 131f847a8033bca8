"""The Gemini narrative through the real google-genai SDK against a local stub of the generateContent API."""

from __future__ import annotations

import asyncio
import json

import pytest

from shared.analysis.task import analyze_job
from shared.handlers import Resources
from tests.analysis.conftest import GOOD_NARRATIVE, FakeContext, StubGemini, make_settings
from tests.analysis.pdfgen import report_pdf

HEADER = ["Test", "Result", "Unit", "Reference Range"]
ROWS = [["Hemoglobin", "12.1", "g/dL", "13.0 - 17.0"], ["Ferritin", "40", "ng/mL", "20 - 250"]]
PATIENT = "Octavia Brightwater"


def ctx_for(stub: StubGemini, **settings) -> FakeContext:
    pdf = report_pdf(ROWS, header=HEADER, title=["Harbour Diagnostics Laboratory", f"Patient Name: {PATIENT}"])
    s = make_settings(google_api_key="test-key", gemini_base_url=stub.url, gemini_timeout=5.0,
                      gemini_max_retries=2, **settings)
    return FakeContext(pdf, "Why is my haemoglobin low?", settings=s)


async def test_success(stub_gemini: StubGemini, fast_retries: None) -> None:
    ctx = ctx_for(stub_gemini)
    r = await analyze_job(ctx)
    assert r["narrative_source"] == "gemini"
    # the local one-line answer first, then the model's narrative
    assert r["analysis"].startswith("## Your question\n\n" + r["answer"]["text"] + "\n\n## Summary\n\n"
                                    + GOOD_NARRATIVE["summary"])
    assert "below the range" in r["answer"]["text"]
    assert "### Haemoglobin slightly low" in r["analysis"]
    assert r["specialist_views"] == {"physician": GOOD_NARRATIVE["physician"],
                                     "nutritionist": GOOD_NARRATIVE["nutritionist"],
                                     "exercise": GOOD_NARRATIVE["exercise"]}
    # structured results stay local
    assert [b["name"] for b in r["abnormal"]] == ["Hemoglobin"]
    assert len(stub_gemini.requests) == 1
    req = stub_gemini.requests[0]
    assert req["path"].endswith("/models/gemini-2.5-flash:generateContent")
    assert req["headers"].get("x-goog-api-key") == "test-key"
    body = json.dumps(req["body"])
    assert "Hemoglobin" in body and "Why is my haemoglobin low?" in body  # parsed values and the question
    assert PATIENT not in body and "Brightwater" not in body  # the name is redacted
    assert req["body"]["generationConfig"]["responseMimeType"] == "application/json"


async def test_429_then_success_is_retried(stub_gemini: StubGemini, fast_retries: None) -> None:
    stub_gemini.script += [StubGemini.error(429, "RESOURCE_EXHAUSTED"), StubGemini.ok(GOOD_NARRATIVE)]
    r = await analyze_job(ctx_for(stub_gemini))
    assert r["narrative_source"] == "gemini"
    assert len(stub_gemini.requests) == 2


async def test_persistent_500_falls_back_to_local(stub_gemini: StubGemini, fast_retries: None) -> None:
    stub_gemini.script += [StubGemini.error(500, "INTERNAL")] * 10
    r = await analyze_job(ctx_for(stub_gemini))
    assert r["status"] == "success" and r["narrative_source"] == "local"
    assert len(stub_gemini.requests) == 3  # first try + GEMINI_MAX_RETRIES=2 retries
    assert any("Gemini narrative is not available" in n for n in r["notes"])
    assert "## Specialist views" in r["analysis"]


async def test_malformed_output_falls_back(stub_gemini: StubGemini, fast_retries: None) -> None:
    stub_gemini.script += [StubGemini.ok("{not json at all")]
    r = await analyze_job(ctx_for(stub_gemini))
    assert r["narrative_source"] == "local"
    assert any("expected format" in n for n in r["notes"])
    assert len(stub_gemini.requests) == 1  # a 200 with bad content is not retried


async def test_wrong_schema_falls_back(stub_gemini: StubGemini, fast_retries: None) -> None:
    stub_gemini.script += [StubGemini.ok({"summary": "", "physician": 3})]
    r = await analyze_job(ctx_for(stub_gemini))
    assert r["narrative_source"] == "local"


async def test_timeout_falls_back(stub_gemini: StubGemini, fast_retries: None) -> None:
    stub_gemini.delay = 1.5
    ctx = ctx_for(stub_gemini)
    ctx.settings = make_settings(google_api_key="test-key", gemini_base_url=stub_gemini.url, gemini_timeout=0.3,
                                 gemini_max_retries=0)
    r = await analyze_job(ctx)
    assert r["status"] == "success" and r["narrative_source"] == "local"
    assert any("not available" in n for n in r["notes"])


async def test_llm_semaphore_limits_concurrent_calls(stub_gemini: StubGemini, fast_retries: None) -> None:
    ctxs = [ctx_for(stub_gemini) for _ in range(3)]
    shared = asyncio.Semaphore(1)
    for c in ctxs:
        c.state = Resources(model_semaphore=shared)
    results = await asyncio.gather(*(analyze_job(c) for c in ctxs))
    assert all(r["narrative_source"] == "gemini" for r in results)
    assert shared._value == 1  # released every time


async def test_no_key_means_no_request(stub_gemini: StubGemini) -> None:
    ctx = ctx_for(stub_gemini)
    ctx.settings = make_settings(gemini_base_url=stub_gemini.url)
    r = await analyze_job(ctx)
    assert r["narrative_source"] == "local" and stub_gemini.requests == []


CONTRADICTING = dict(GOOD_NARRATIVE, summary="Your haemoglobin is normal and your ferritin is fine.",
                     nutritionist="Your haemoglobin is too high, so avoid iron-rich foods.")


async def test_narrative_contradicting_a_result_falls_back_to_local(stub_gemini: StubGemini,
                                                                   fast_retries: None) -> None:
    stub_gemini.script += [StubGemini.ok(CONTRADICTING)]
    r = await analyze_job(ctx_for(stub_gemini))
    assert r["narrative_source"] == "local" and len(stub_gemini.requests) == 1
    note = next(n for n in r["notes"] if "contradicted the results" in n)
    assert "Hemoglobin described as normal, but it is low" in note
    assert "Hemoglobin described as high, but it is low" in note
    assert "avoid iron-rich foods" not in r["analysis"]
    assert "## Specialist views" in r["analysis"]  # the local narrative


async def test_urgent_findings_stay_verbatim_above_the_model_text(stub_gemini: StubGemini, fast_retries: None) -> None:
    pdf = report_pdf([["Potassium", "6.9", "mmol/L", "3.5 - 5.1"], ["Hemoglobin", "14.0", "g/dL", "13.0 - 17.0"]],
                     header=HEADER, title=["Harbour Diagnostics Laboratory"])
    calm = dict(GOOD_NARRATIVE, summary="Most of your results look fine.",
                findings=[{"panel": "electrolytes", "title": "Potassium", "explanation": "Worth a repeat test."}],
                physician="Repeat the potassium at some point.", nutritionist="Eat a balanced diet.",
                exercise="Keep active.")
    stub_gemini.script += [StubGemini.ok(calm)]
    s = make_settings(google_api_key="test-key", gemini_base_url=stub_gemini.url, gemini_timeout=5.0,
                      gemini_max_retries=0)
    r = await analyze_job(FakeContext(pdf, "Summarise my blood test report", settings=s))
    assert r["narrative_source"] == "gemini"
    [urgent] = r["urgent"]
    assert urgent["name"] == "Potassium" and urgent["severity"] == "critical" and urgent["flag"] == "critical_high"
    needs = r["analysis"].split("## Summary")[0]
    assert needs.startswith("## Needs attention") and urgent["action"] in needs  # verbatim, before the model's text
    assert r["specialist_views"]["physician"].startswith("Potassium 6.9 mmol/L (critically high) needs a doctor today")
    assert r["specialist_views"]["physician"].endswith("Repeat the potassium at some point.")
    body = json.dumps(stub_gemini.requests[0]["body"])
    assert "critical" in body and "Contact your doctor today" in body  # the model is told about the urgency


def test_redaction_does_not_depend_on_the_header_being_read() -> None:
    """A labelled name field is removed from the text sent to the model even when no patient name was parsed."""
    from shared.analysis.gemini import _redact
    text = "Harbour Diagnostics\nPatient Name: Octavia Brightwater   Age: 41\nHemoglobin 12.1 g/dL"
    out = _redact(text, None)
    assert "Octavia" not in out and "Brightwater" not in out
    assert "Hemoglobin 12.1" in out and "Age: 41" in out
    assert "Brightwater" not in _redact("Nama Pasien : BRIGHTWATER, OCTAVIA\nmore", None)


@pytest.mark.parametrize("line, kept", [
    ("Paziente: CHIARA FERRARI Refertato il: 02/10/2024", "02/10/2024"),   # two fields one space apart
    ("Patient : KATRIN SCHNEIDER Ausgang : 22.07.2024 19:38", "22.07.2024"),
    ("Name: John Smith Age: 45", "Age: 45"),
    ("Nom et prénom : Sophie Dubois", "Nom"),
])
def test_redaction_takes_the_whole_name_when_the_next_field_follows_on_the_line(line: str, kept: str) -> None:
    from shared.analysis.gemini import _redact
    out = _redact(f"{line}\nHemoglobin 12.1 g/dL", None)
    for part in ("CHIARA", "FERRARI", "KATRIN", "SCHNEIDER", "John", "Smith", "Sophie", "Dubois"):
        assert part not in out, out
    assert kept in out and "Hemoglobin 12.1 g/dL" in out


def test_redaction_leaves_a_test_name_field() -> None:
    from shared.analysis.gemini import _redact
    assert _redact("Test Name: Hemoglobin   Result: 13.5 g/dL", None) == "Test Name: Hemoglobin   Result: 13.5 g/dL"
