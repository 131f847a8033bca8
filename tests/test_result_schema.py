"""The analysis result through the API: GET /status returns it typed and documents its schema in OpenAPI."""

from __future__ import annotations

import pytest

from shared.analysis.result import AnalysisResult
from tests.analysis.pdfgen import report_pdf
from tests.api_harness import Api, submit, wait_done

HEADER = ["Test", "Result", "Unit", "Reference Range"]


@pytest.mark.parametrize("api", [{"real_analysis": True}], indirect=True)
async def test_status_returns_the_typed_result(api: Api) -> None:
    pdf = report_pdf([["Potassium", "6.9", "mmol/L", "3.5 - 5.1"], ["Hemoglobin", "10.1", "g/dL", "13.0 - 17.0"],
                      ["TSH", "2.0", "mIU/L", "0.4 - 4.0"]], header=HEADER, title=["Lakeside Clinical Laboratory"])
    r = await submit(api.http, pdf, query="Am I anaemic?")
    done = await wait_done(api.http, r.json()["job_id"])
    result = done["result"]
    AnalysisResult.model_validate(result)  # the fields the dashboard's summary card reads
    assert result["answer"] == {"question": "Am I anaemic?", "understood": True,
                                "text": result["answer"]["text"]} and result["answer"]["text"].startswith("Yes:")
    assert [(u["name"], u["severity"], u["flag"]) for u in result["urgent"]] == [("Potassium", "critical",
                                                                                  "critical_high")]
    assert "today" in result["urgent"][0]["action"]
    assert result["coverage"] == {"rows_read": 3, "rows_unread": 0, "complete": True, "note": None}
    assert result["counts"] == {"total": 3, "judged": 3, "outside": 2}
    assert [b["severity"] for b in result["biomarkers"]] == ["critical", "mild", "normal"]


async def test_other_job_results_pass_through_and_the_schema_is_documented(api: Api) -> None:
    done = await wait_done(api.http, (await submit(api.http)).json()["job_id"])
    assert done["result"]["analysis"] == "fine" and done["result"]["bytes"] > 0  # not an analysis: kept as is
    schema = (await api.http.get("/openapi.json")).json()
    result = schema["components"]["schemas"]["JobStatusResponse"]["properties"]["result"]
    assert {"$ref": "#/components/schemas/AnalysisResult"} in result["anyOf"]
    analysis = schema["components"]["schemas"]["AnalysisResult"]
    assert {"answer", "urgent", "coverage", "counts", "biomarkers", "advice"} <= set(analysis["properties"])
    assert schema["components"]["schemas"]["Severity"]["enum"] == ["normal", "mild", "marked", "critical"]
    assert {"name", "value", "unit", "flag", "severity", "action", "unconfirmed"} == set(
        schema["components"]["schemas"]["UrgentFinding"]["properties"])
    assert {"rows_read", "rows_unread", "complete", "note"} == set(schema["components"]["schemas"]["Coverage"]["properties"])


def test_the_cli_shows_the_answer_and_what_needs_attention_first() -> None:
    import io

    from shared.analysis.interpret import interpret
    from shared.cli import Style, render_result
    from tests.analysis.clinical import report

    result = interpret(report([("Potassium", 6.8, "mmol/L", 3.5, 5.1), ("TSH", 2.0, "mIU/L", 0.4, 4.0)]),
                       "Is my potassium ok?").model_dump(mode="json")
    out = render_result(result, Style(io.StringIO()))
    assert out.index("Answer: No: your Potassium 6.8 mmol/L is above the range") < out.index("Needs attention") \
        < out.index("Results outside the range")
    assert "Contact your doctor today" in out
    partial = interpret(report([("TSH", 2.0, "mIU/L", 0.4, 4.0)], rows_unread=9), "Summarise my blood test report")
    out = render_result(partial.model_dump(mode="json"), Style(io.StringIO()))
    assert "Every result with a range is within it" not in out and "No result that was read is outside" in out
