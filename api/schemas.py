"""Response bodies, each with an example for the OpenAPI page at /docs."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.analysis.result import AnalysisResult
from shared.job import Priority, Stage, Status

JOB_ID_EXAMPLE = "3f2a9c1e8b7d4a6f9e0c1b2a3d4e5f60"


def _example(**example: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [example]})


class ErrorResponse(BaseModel):
    model_config = _example(detail="no job 3f2a...: unknown, expired or already purged", error="not_found")
    detail: str = Field(description="What went wrong, for a person to read")
    error: str = Field(description="A stable machine-readable code")


class ProcessingInfo(BaseModel):
    model_config = _example(file_size_bytes=184233, timestamp=1795441476.92, mode="asynchronous")
    file_size_bytes: int
    timestamp: float = Field(description="Submission time, Unix seconds")
    mode: Literal["asynchronous", "synchronous"]


class Accepted(BaseModel):
    model_config = _example(
        status="queued",
        job_id=JOB_ID_EXAMPLE,
        message="Analysis has been queued for processing",
        status_url=f"/status/{JOB_ID_EXAMPLE}",
        events_url=f"/jobs/{JOB_ID_EXAMPLE}/events",
        queue_position=3,
        estimated_processing_time="about 8 seconds",
        eta_seconds=8.0,
        file_processed="blood_test_report.pdf",
        processing_info={"file_size_bytes": 184233, "timestamp": 1795441476.92, "mode": "asynchronous"},
    )
    status: Status
    job_id: str
    message: str
    status_url: str
    events_url: str
    queue_position: int | None = Field(description="1-based place in the queue; null once it left the queue")
    estimated_processing_time: str
    eta_seconds: float | None
    file_processed: str | None = Field(description="The uploaded file's name, sanitised")
    processing_info: ProcessingInfo


class Progress(BaseModel):
    model_config = _example(stage="extracting", percent=35, current_page=3, total_pages=7, stopped_at=None)
    # A string, not the enum: a worker deployed after this API may report a stage it does not know yet.
    stage: str = Field(description=f"Where the job stands: {', '.join(Stage)}")
    percent: int = Field(ge=0, le=100)
    current_page: int | None = None
    total_pages: int | None = None
    stopped_at: str | None = Field(default=None, description="Failed or cancelled: the stage it had reached")


class FailureInfo(BaseModel):
    model_config = _example(
        code="encrypted_pdf", title="The PDF is password-protected",
        message="the PDF is password-protected; remove the password and upload it again",
        next_step="Open it with its password, save or print it as a new PDF without one, and upload that.",
    )  # fmt: skip
    code: str = Field(description="Stable, for programs (the same as `error_kind`)")
    title: str = Field(description="What happened, in a few plain words")
    message: str = Field(description="The details, as the analysis reported them")
    next_step: str = Field(description="What the person who uploaded the report can do now")


class JobStatusResponse(BaseModel):
    model_config = _example(
        job_id=JOB_ID_EXAMPLE,
        status="completed",
        priority="normal",
        created_at="2026-11-23T13:45:01.120+00:00",
        updated_at="2026-11-23T13:45:03.480+00:00",
        started_at="2026-11-23T13:45:01.131+00:00",
        finished_at="2026-11-23T13:45:03.480+00:00",
        attempts=1,
        max_attempts=3,
        progress={"stage": "completed", "percent": 100, "current_page": None, "total_pages": None},
        queue_position=None,
        eta_seconds=None,
        file_processed="blood_test_report.pdf",
        result={
            "status": "success",
            "analysis": "## Summary\n2 of 28 results are outside the reference range...",
            "specialists_consulted": ["Physician", "Nutritionist", "Exercise physiologist"],
            "biomarkers": [{"name": "Hemoglobin", "canonical": "hemoglobin", "value": 12.8, "unit": "g/dL",
                            "ref_low": 13.5, "ref_high": 17.5, "ref_text": "13.5 - 17.5", "flag": "low",
                            "range_source": "report"}],
        },
        error=None,
        error_kind=None,
        version=14,
    )
    job_id: str
    status: Status
    priority: Priority
    created_at: str
    updated_at: str
    started_at: str | None
    finished_at: str | None
    attempts: int
    max_attempts: int
    progress: Progress
    queue_position: int | None
    eta_seconds: float | None
    file_processed: str | None
    # The analysis result (shared/analysis/result.py); another job kind's result, or one stored by an older
    # version, is passed through as an object.
    result: Annotated[AnalysisResult | dict[str, Any] | None,
                      Field(union_mode="left_to_right", description="The analysis, once completed")]
    error: str | None = Field(description="Why it failed (or the last error before a retry)")
    error_kind: str | None
    failure: FailureInfo | None = Field(default=None, description="Failed: what happened and what to do next")
    version: int = Field(description="Increases with every change; the `id` of its Server-Sent Event")


class CancelResponse(BaseModel):
    model_config = _example(job_id=JOB_ID_EXAMPLE, status="cancelled", message="the job was cancelled")
    job_id: str
    status: str = Field(description="cancelled, cancelling (it stops at its next stage), purged, or its final status")
    message: str


class QueueStatsResponse(BaseModel):
    model_config = _example(
        queue_enabled=True, backend="redis", status="healthy", paused=False, queue_length=4,
        queued={"high": 0, "normal": 3, "low": 1}, retrying=0, processing=2, submitted=120, completed=110,
        failed=3, cancelled=1, retried=2, stalled=0, workers_alive=2, average_duration_seconds=2.4,
    )  # fmt: skip
    queue_enabled: bool
    backend: Literal["redis", "memory"]
    status: Literal["healthy", "degraded"] = Field(description="degraded: no live worker, or the queue is paused")
    paused: bool
    queue_length: int = Field(description="Jobs waiting, retries included")
    queued: dict[str, int] = Field(description="Waiting jobs per priority")
    retrying: int
    processing: int
    submitted: int
    completed: int
    failed: int
    cancelled: int
    retried: int
    stalled: int
    workers_alive: int
    average_duration_seconds: float | None


class WorkerInfo(BaseModel):
    model_config = _example(
        id="worker-7f9c-12345-a1b2", host="worker-7f9c", pid=12345, state="running",
        started_at="2026-11-23T13:40:00.000+00:00", last_heartbeat="2026-11-23T13:45:01.000+00:00",
        concurrency=4, in_flight=2, processed=57, failed=1,
    )  # fmt: skip
    id: str
    host: str | None
    pid: int | None
    state: str | None
    started_at: str | None
    last_heartbeat: str | None
    concurrency: int | None
    in_flight: int
    processed: int
    failed: int


class WorkersResponse(BaseModel):
    model_config = _example(workers=[], count=0)
    workers: list[WorkerInfo]
    count: int


class JobSummary(BaseModel):
    model_config = _example(
        job_id=JOB_ID_EXAMPLE, status="processing", priority="normal", stage="parsing", percent=40,
        created_at="2026-11-23T13:45:01.120+00:00", finished_at=None, file_processed="report.pdf", error=None,
    )  # fmt: skip
    job_id: str
    status: Status
    priority: Priority
    stage: str
    percent: int
    created_at: str
    finished_at: str | None
    file_processed: str | None
    error: str | None


class JobsResponse(BaseModel):
    model_config = _example(jobs=[], count=0)
    jobs: list[JobSummary]
    count: int


class OpsJob(BaseModel):
    """A job as an operator sees it: its state and timing, not its file name, question or result."""

    model_config = _example(
        job_id=JOB_ID_EXAMPLE, status="failed", priority="normal", stage="failed", stopped_at="parsing", percent=50,
        attempts=1, max_attempts=3, worker="worker-7f9c-12345-a1b2", created_at="2026-11-23T13:45:01.120+00:00",
        started_at="2026-11-23T13:45:01.131+00:00", finished_at="2026-11-23T13:45:01.480+00:00",
        error_kind="not_a_lab_report",
    )  # fmt: skip
    job_id: str
    status: Status
    priority: Priority
    stage: str
    stopped_at: str | None
    percent: int
    attempts: int
    max_attempts: int
    worker: str | None
    created_at: str
    started_at: str | None
    finished_at: str | None
    error_kind: str | None


class OpsJobsResponse(BaseModel):
    model_config = _example(jobs=[], count=0)
    jobs: list[OpsJob]
    count: int


class HealthResponse(BaseModel):
    model_config = _example(status="ok")
    status: Literal["ok"]


class ReadyResponse(BaseModel):
    model_config = _example(status="ready", backend="redis", redis="ok", workers_alive=2)
    status: Literal["ready", "not ready"]
    backend: Literal["redis", "memory"]
    redis: Literal["ok", "unreachable"]
    workers_alive: int
    reason: str | None = None


class PauseResponse(BaseModel):
    model_config = _example(paused=True)
    paused: bool
