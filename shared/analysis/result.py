"""The analysis result, as typed models: what a job returns, what `GET /status` documents.

The analysis builds an `AnalysisResult`; the worker stores `result.model_dump(mode="json")`;
`api/schemas.py` uses the same models so the OpenAPI page shows the result's schema.
Field names are a contract with the dashboard (api/static/app.js), the CLI and tests.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Flag(StrEnum):
    """Where a result sits against its range (the report's own, else a typical adult range)."""

    LOW = "low"
    HIGH = "high"
    CRITICAL_LOW = "critical_low"
    CRITICAL_HIGH = "critical_high"
    NORMAL = "normal"

    @property
    def direction(self) -> Literal["low", "high"] | None:
        return _DIRECTION[self]


_DIRECTION: dict[Flag, Literal["low", "high"] | None] = {
    Flag.LOW: "low", Flag.CRITICAL_LOW: "low", Flag.HIGH: "high", Flag.CRITICAL_HIGH: "high", Flag.NORMAL: None}


class Severity(StrEnum):
    """How far outside its range a result is, by the thresholds in advice/thresholds.toml.

    normal: within the range; mild: outside it (routine follow-up); marked: see a doctor
    within days; critical: today.
    """

    NORMAL = "normal"
    MILD = "mild"
    MARKED = "marked"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.NORMAL: 0, Severity.MILD: 1, Severity.MARKED: 2, Severity.CRITICAL: 3}


class RangeSource(StrEnum):
    REPORT = "report"  # printed on the report
    DEFAULT = "default"  # not printed: a typical adult range from markers.py


class AdviceRole(StrEnum):
    EXPLAIN = "explain"  # what a result means (findings)
    PATTERN = "pattern"  # what a combination of results means (findings)
    PHYSICIAN = "physician"
    NUTRITION = "nutrition"
    EXERCISE = "exercise"


def _example(**example: Any) -> ConfigDict:
    """Strict models (no unknown fields) with an example for the OpenAPI page."""
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [example]})


_URGENT = {"name": "Potassium", "value": 6.8, "unit": "mmol/L", "flag": "critical_high", "severity": "critical",
           "action": "Contact your doctor today. If you cannot reach a doctor today, go to urgent care or the emergency "
                     "department; go straight to the emergency department (or call an ambulance) if you have "
                     "palpitations or an irregular heartbeat, chest pain, muscle weakness or fainting."}
_BIOMARKER = {"name": "Hemoglobin", "canonical": "hemoglobin", "value": 10.9, "unit": "g/dL", "ref_low": 13.0,
              "ref_high": 17.0, "ref_text": "13.0 - 17.0", "flag": "low", "range_source": "report",
              "panel": "blood count", "severity": "mild"}
_EXPLANATION = ("Hemoglobin is 10.9 g/dL, below the range (report range: 13.0 - 17.0). Low haemoglobin means anaemia: "
                "the blood carries less oxygen, which can cause tiredness, pale skin and breathlessness.")
_ANSWER = {"question": "Am I anaemic?", "understood": True,
           "text": "Yes: your Hemoglobin of 10.9 g/dL is below the range (13.0 - 17.0), which is anaemia."}
_VIEWS = {"physician": "Potassium 6.8 mmol/L (critically high) needs a doctor today: ...",
          "nutritionist": "Do not take potassium supplements or salt substitutes ...",
          "exercise": "Hold off strenuous exercise until a doctor has reviewed the urgent result."}
_PATIENT = {"name": "Jane Doe", "age": 58, "sex": "female", "date": "2026-03-02", "lab": "Lakeside Clinical Laboratory"}
_COVERAGE = {"rows_read": 2, "rows_unread": 0, "complete": True, "note": None}
_COUNTS = {"total": 2, "judged": 2, "outside": 2}
_ADVICE = {"id": "hemoglobin.low.explain", "role": "explain",
           "text": "Low haemoglobin means anaemia: the blood carries less oxygen ...",
           "source": "MedlinePlus: Hemoglobin Test (medlineplus.gov/lab-tests/hemoglobin-test)"}
_FINDING = {"panel": "blood count", "title": "Blood count: Hemoglobin outside the range", "markers": ["Hemoglobin"],
            "explanation": _EXPLANATION}
_OTHER = {"name": "CRP", "canonical": "crp", "result": "<0.5", "unit": "mg/L", "ref_text": "< 5.0"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Biomarker(_Model):
    model_config = _example(**_BIOMARKER)

    name: str = Field(description="The test name as printed on the report")
    canonical: str | None = Field(description="Our key for the test (markers.py), null when not in the catalogue")
    value: float
    unit: str | None
    ref_low: float | None
    ref_high: float | None
    ref_text: str | None
    flag: Flag | None = Field(description="null when there is no range to judge by")
    range_source: RangeSource | None
    panel: str
    severity: Severity | None = Field(description="null when the result could not be judged")
    code: str | None = Field(None, description="A code printed on the report next to the test name (for example "
                                               "a LOINC code such as 718-7), as printed; null when none was printed")
    source: Literal["text", "ocr"] = Field(
        default="text", description="Where the value was read: the PDF's text, or OCR of a scan or photo")
    confidence: float = Field(
        default=1.0, ge=0, le=1,
        description="How surely the row was read: 1 for a PDF's text; for OCR the lowest word confidence on the row")


class AbnormalBiomarker(Biomarker):
    model_config = _example(**_BIOMARKER, explanation=_EXPLANATION)

    explanation: str


class Finding(_Model):
    model_config = _example(**_FINDING)

    panel: str
    title: str
    markers: list[str]
    explanation: str


class SpecialistViews(_Model):
    model_config = _example(**_VIEWS)

    physician: str
    nutritionist: str
    exercise: str


class PatientInfo(_Model):
    model_config = _example(**_PATIENT)

    name: str | None
    age: int | None
    sex: Literal["male", "female"] | None
    date: str | None
    lab: str | None


class OtherResult(_Model):
    """A result printed as below or above a limit ('<0.5'): listed, not judged."""

    model_config = _example(**_OTHER)

    name: str
    canonical: str | None
    result: str
    unit: str | None
    ref_text: str | None


class Answer(_Model):
    model_config = _example(**_ANSWER)

    question: str
    text: str = Field(description="A direct, one-line answer (or why the question could not be answered)")
    understood: bool


class UrgentFinding(_Model):
    model_config = _example(**_URGENT)

    name: str
    value: float
    unit: str | None
    flag: Flag | None
    severity: Literal[Severity.MARKED, Severity.CRITICAL]
    action: str = Field(description="What to do and by when (today / within days), with the danger signs")
    unconfirmed: bool = Field(False, description="Read from a scan with low confidence: the action holds only once "
                                                 "the value is confirmed on the printed report")


class Coverage(_Model):
    model_config = _example(**_COVERAGE)

    rows_read: int = Field(description="Result rows read from the report (numeric and censored results)")
    rows_unread: int = Field(description="Lines that look like results but could not be read")
    complete: bool
    note: str | None


class Counts(_Model):
    model_config = _example(**_COUNTS)

    total: int = Field(description="Numeric results")
    judged: int = Field(description="Results with a range to judge by")
    outside: int = Field(description="Results outside their range")


class CheckItem(_Model):
    """A value read by OCR with low confidence: the person should compare it with the printed report."""

    model_config = _example(name="Potassium", value=4.5, unit="mmol/L", page=1, confidence=0.62)

    name: str
    value: float
    unit: str | None
    page: int
    confidence: float = Field(ge=0, le=1)


class AdviceItem(_Model):
    """One statement the narrative shows, from the advice table, with its source."""

    model_config = _example(**_ADVICE)

    id: str
    role: AdviceRole
    text: str
    source: str


class AnalysisResult(_Model):
    model_config = _example(
        status="success", analysis="## Your question\n\nYes: ...\n\n## Needs attention\n\n- **Potassium 6.8 mmol/L "
                                   "(critically high)**: Contact your doctor today. ...\n\n## Summary\n\n...",
        specialists_consulted=["Physician", "Nutritionist", "Exercise physiologist"], biomarkers=[_BIOMARKER],
        abnormal=[dict(_BIOMARKER, explanation=_EXPLANATION)], findings=[_FINDING], specialist_views=_VIEWS,
        patient=_PATIENT, query="Am I anaemic?", narrative_source="local", notes=[],
        disclaimer="This analysis is generated automatically for information only and is not a medical diagnosis.",
        pages=1, other_results=[_OTHER], answer=_ANSWER, urgent=[_URGENT], coverage=_COVERAGE, counts=_COUNTS,
        advice=[_ADVICE])
    status: Literal["success"] = "success"
    analysis: str = Field(description="The whole narrative, in Markdown")
    specialists_consulted: list[str]
    biomarkers: list[Biomarker]
    abnormal: list[AbnormalBiomarker]
    findings: list[Finding]
    specialist_views: SpecialistViews
    patient: PatientInfo
    query: str
    narrative_source: Literal["local", "gemini"] = "local"
    notes: list[str]
    disclaimer: str
    pages: int
    other_results: list[OtherResult]
    answer: Answer | None = Field(description="The user's question answered in one line; null for a plain summary")
    urgent: list[UrgentFinding] = Field(description="Critical and marked findings, most urgent first")
    coverage: Coverage
    counts: Counts
    advice: list[AdviceItem] = Field(description="The statements shown, each with its source")
    to_check: list[CheckItem] = Field(
        default_factory=list,
        description="Values read from a scan or photo with low confidence: check them against the printed report")
