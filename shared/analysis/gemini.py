"""Optional Gemini narrative, through google-genai (the maintained SDK; google-generativeai is deprecated).

Gemini writes the plain-language narrative from the extracted report text and
the locally parsed biomarkers; the structured results (biomarkers, flags,
findings) always come from the local, deterministic analysis.

- Structured output: the model is asked for JSON matching `GeminiNarrative`,
  and the answer is validated with pydantic; anything else is a failure.
- Retries with exponential backoff on 408/429/5xx and transport errors, done by
  the SDK's own retry machinery (`HttpRetryOptions`), `GEMINI_MAX_RETRIES` retries.
- Timeout: `GEMINI_TIMEOUT` seconds per attempt (SDK `HttpOptions.timeout`),
  plus an overall bound.
- Concurrency: the caller holds the worker's model semaphore (`ctx.state.model_semaphore`, LLM_CONCURRENCY).
- Failure of any kind raises `NarrativeFailed`; the job then completes with the
  local analysis and a note.
- Checked against the results (`merge`): a narrative that contradicts a result's
  direction (calls a high result low or normal, ...) is rejected, and the local
  text is used with a note. The local answer to the question and the urgent
  (critical, marked) findings with their time-bound wording are kept verbatim,
  first, above the model's text.
- Privacy: the patient's name is removed from the text sent; nothing from the
  text or the answer is logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time

from pydantic import BaseModel, Field, ValidationError

from shared.analysis.consistency import contradictions
from shared.analysis.narrative import lead, urgent_summary
from shared.analysis.patient import name_fields
from shared.analysis.result import AnalysisResult, SpecialistViews
from shared.analysis.severity import urgent_line

log = logging.getLogger(__name__)

# Backoff of the SDK's retries: initial delay, doubled per attempt, capped, small jitter.
RETRY_INITIAL_DELAY = 1.0
RETRY_MAX_DELAY = 20.0
RETRY_JITTER = 0.5
RETRY_STATUS_CODES = [408, 429, 500, 502, 503, 504]
MAX_TEXT_CHARS = 24_000


class NarrativeFailed(Exception):
    """The model gave no usable narrative; `reason` is a short, content-free description."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class GeminiFinding(BaseModel):
    panel: str = Field(min_length=1, max_length=80)
    title: str = Field(min_length=1, max_length=200)
    explanation: str = Field(min_length=1, max_length=3000)


class GeminiNarrative(BaseModel):
    summary: str = Field(min_length=1, max_length=4000)
    findings: list[GeminiFinding] = Field(default_factory=list, max_length=20)
    physician: str = Field(min_length=1, max_length=3000)
    nutritionist: str = Field(min_length=1, max_length=3000)
    exercise: str = Field(min_length=1, max_length=3000)


class _Finding(BaseModel):
    panel: str
    title: str
    explanation: str


class _ResponseShape(BaseModel):
    """The schema sent to the model (no length constraints: those are checked locally by GeminiNarrative)."""

    summary: str
    findings: list[_Finding]
    physician: str
    nutritionist: str
    exercise: str


SYSTEM_INSTRUCTION = (
    "You explain blood test results to the person they belong to, in plain, calm language, without jargon. "
    "Use only the values given; never invent results, ranges or diagnoses. Say when something needs a doctor. "
    "Answer the person's question first. Every statement must fit the direction of the result it is about: never "
    "give advice meant for a low result when it is high, or the other way round. Never advise stopping a "
    "prescribed medicine: say to ask the prescriber. Group findings by panel (blood count, diabetes, lipids, "
    "liver, kidney, uric acid, thyroid, vitamins and minerals, iron, inflammation, electrolytes, calcium and bone, "
    "heart, muscle, clotting, hormones, prostate). Then give three short specialist views: a physician, a "
    "nutritionist and an exercise physiologist. Reply with JSON only."
)


def _redact(text: str, name: str | None) -> str:
    """Remove the patient's name (whole name first, then each part of two letters or more), and the value of any
    other labelled name field in case the header was misread."""
    names = {name, *name_fields(text)} - {None, ""}
    parts = {p for n in names if n for p in (n, *n.split()) if len(p) >= 2}
    for part in sorted(parts, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", "[patient]", text, flags=re.IGNORECASE)
    return text


def build_prompt(query: str, local: AnalysisResult, report_text: str) -> str:
    fields = ("name", "value", "unit", "ref_low", "ref_high", "flag", "range_source", "panel", "severity")
    markers = [b.model_dump(mode="json", include=set(fields)) for b in local.biomarkers]
    patient = {k: v for k, v in local.patient.model_dump().items() if k in ("age", "sex") and v is not None}
    text = _redact(report_text, local.patient.name)[:MAX_TEXT_CHARS]
    urgent = [urgent_line(u) for u in local.urgent]
    return (
        f"Question: {query}\n\n"
        f"Patient (no name): {json.dumps(patient)}\n\n"
        f"Parsed results (flags: report range first, 'default' = typical adult range; severity: mild = routine, "
        f"marked = see a doctor within days, critical = today):\n"
        f"{json.dumps(markers, ensure_ascii=False, separators=(',', ':'))}\n\n"
        + (f"Urgent results (shown to the person verbatim above your text; do not contradict them):\n"
           f"{json.dumps(urgent, ensure_ascii=False)}\n\n" if urgent else "")
        + f"Report text (extracted from the PDF, may contain layout noise):\n{text}\n\n"
        "Return JSON with keys summary, findings (list of {panel, title, explanation}), physician, nutritionist, "
        "exercise."
    )


def _markdown(n: GeminiNarrative) -> str:
    lines = ["## Summary", "", n.summary.strip(), "", "## Findings by panel", ""]
    if n.findings:
        for f in n.findings:
            lines += [f"### {f.title.strip()}", "", f.explanation.strip(), ""]
    else:
        lines += ["No result is outside its range.", ""]
    lines += ["## Specialist views", "", "### Physician", "", n.physician.strip(), "", "### Nutritionist", "",
              n.nutritionist.strip(), "", "### Exercise physiologist", "", n.exercise.strip(), ""]
    return "\n".join(lines).strip() + "\n"


async def gemini_narrative(*, api_key: str, model: str, query: str, local: AnalysisResult, report_text: str,
                           base_url: str | None = None, timeout: float = 60.0,
                           max_retries: int = 3) -> tuple[str, SpecialistViews]:
    """Ask Gemini for the narrative; returns (markdown, specialist views) checked against the results and merged
    with the local answer and urgent findings, or raises NarrativeFailed."""
    from google import genai
    from google.genai import errors, types

    retry = types.HttpRetryOptions(attempts=max_retries + 1, initial_delay=RETRY_INITIAL_DELAY,
                                   max_delay=RETRY_MAX_DELAY, exp_base=2.0, jitter=RETRY_JITTER,
                                   http_status_codes=RETRY_STATUS_CODES)
    http_options = types.HttpOptions(base_url=base_url, timeout=int(timeout * 1000), retry_options=retry)
    client = genai.Client(api_key=api_key, http_options=http_options)
    config = types.GenerateContentConfig(
        system_instruction=SYSTEM_INSTRUCTION,
        response_mime_type="application/json",
        response_schema=_ResponseShape,
        temperature=0.2,
        max_output_tokens=4096,
    )
    # Overall bound: every attempt may use its timeout, plus the backoff between attempts.
    backoff = sum(min(RETRY_MAX_DELAY, RETRY_INITIAL_DELAY * 2**i) + RETRY_JITTER for i in range(max_retries))
    overall = timeout * (max_retries + 1) + backoff + 1.0
    started = time.perf_counter()
    try:
        response = await asyncio.wait_for(
            client.aio.models.generate_content(model=model, contents=build_prompt(query, local, report_text),
                                               config=config),
            timeout=overall,
        )
        text = response.text or ""
    except TimeoutError:
        raise NarrativeFailed("the model did not answer in time") from None
    except errors.APIError as exc:
        log.warning("gemini request failed", extra={"stage": "analyzing", "status_code": exc.code,
                                                     "duration_ms": round((time.perf_counter() - started) * 1000)})
        raise NarrativeFailed(f"the model service returned an error ({exc.code})") from None
    except Exception as exc:  # transport errors, SDK surprises: never fail the job for the narrative
        log.warning("gemini request failed", extra={"stage": "analyzing", "error_type": type(exc).__name__})
        raise NarrativeFailed("the model service could not be reached") from None
    finally:
        try:
            await client.aio.aclose()
        except Exception:  # pragma: no cover - closing must not mask the outcome
            pass
    try:
        narrative = GeminiNarrative.model_validate_json(_strip_fences(text))
    except ValidationError:
        raise NarrativeFailed("the model's answer was not in the expected format") from None
    log.info("gemini narrative received", extra={"stage": "analyzing",
                                                  "duration_ms": round((time.perf_counter() - started) * 1000)})
    return merge(narrative, local)


def merge(narrative: GeminiNarrative, local: AnalysisResult) -> tuple[str, SpecialistViews]:
    """The model's narrative under the local answer and urgent findings (verbatim); rejected when it contradicts
    the direction of a result."""
    parts = [narrative.summary, *(f"{f.title}. {f.explanation}" for f in narrative.findings), narrative.physician,
             narrative.nutritionist, narrative.exercise]
    problems = contradictions("\n".join(parts), local.biomarkers)
    if problems:
        raise NarrativeFailed("the model's text contradicted the results: " + "; ".join(problems[:3]))
    head = lead(local.answer, local.urgent, local.to_check)
    analysis = "\n".join(head + [""]) + _markdown(narrative) if head else _markdown(narrative)
    physician = " ".join([*urgent_summary(local.urgent), narrative.physician.strip()])
    return analysis, SpecialistViews(physician=physician, nutritionist=narrative.nutritionist.strip(),
                                     exercise=narrative.exercise.strip())


def _strip_fences(text: str) -> str:
    t = text.strip()
    if t.startswith("```"):
        t = re.sub(r"^```(?:json)?\s*|\s*```$", "", t)
    return t
