"""Turning queue records into response bodies, and the ETA shown to waiting clients."""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field

from api.failures import failure_info
from api.schemas import Accepted, JobStatusResponse, JobSummary, OpsJob, ProcessingInfo, Progress
from shared.errors import JobNotFound, QueueUnavailable
from shared.job import JobRecord, Status, ms_to_iso
from shared.queue.redis_queue import Enqueued, RedisQueue
from shared.settings import Settings

JOB_ID_PATTERN = r"^[0-9a-f]{32}$"


def checked_job_id(job_id: str) -> str:
    """A job id from a path, or JobNotFound (404) for anything that cannot be one."""
    if not re.fullmatch(JOB_ID_PATTERN, job_id):
        raise JobNotFound("no such job: job ids are 32 hexadecimal characters")
    return job_id


def status_url(job_id: str) -> str:
    return f"/status/{job_id}"


def events_url(job_id: str) -> str:
    return f"/jobs/{job_id}/events"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def humanize_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "unknown until the first jobs finish"
    if seconds < 90:
        return f"about {plural(max(1, round(seconds)), 'second')}"
    return f"about {plural(math.ceil(seconds / 60), 'minute')}"


@dataclass
class EtaModel:
    """Recent job duration and worker capacity, refreshed from Redis at most every few seconds,
    so a status request costs no extra round trip most of the time."""

    settings: Settings
    refresh_seconds: float = 3.0
    mean_seconds: float | None = None
    slots: int = 1
    _at: float = field(default=0.0)

    async def refresh(self, queue: RedisQueue) -> None:
        if time.monotonic() - self._at < self.refresh_seconds:
            return
        self._at = time.monotonic()
        try:
            stats = await queue.stats(worker_window_ms=int(self.settings.worker_ttl_seconds * 1000))
            workers = await queue.workers(window_ms=int(self.settings.worker_ttl_seconds * 1000))
        except QueueUnavailable:
            return
        ewma = stats.counters.get("dur_ewma_ms")
        self.mean_seconds = ewma / 1000 if ewma else None
        self.slots = max(1, sum(int(w.get("concurrency") or 1) for w in workers))

    def retry_after_seconds(self) -> int:
        """When a key at its cap may try again: about one job's duration (10 s until one is known)."""
        if self.mean_seconds is None:
            return 10
        return max(1, min(60, math.ceil(self.mean_seconds)))

    def for_position(self, position: int | None) -> float | None:
        if self.mean_seconds is None or position is None:
            return None
        return round(self.mean_seconds * (1 + (position - 1) // self.slots), 1)

    def for_record(self, record: JobRecord, position: int | None, now_ms: int | None = None) -> float | None:
        if record.status is Status.QUEUED:
            return self.for_position(position)
        if record.status is Status.PROCESSING and self.mean_seconds is not None and record.started_at:
            elapsed = ((now_ms or int(time.time() * 1000)) - record.started_at) / 1000
            return round(max(0.0, self.mean_seconds - elapsed), 1)
        return None


def accepted(enqueued: Enqueued, *, size: int, filename: str | None, received_at: float, eta: float | None,
             mode: str) -> Accepted:  # fmt: skip
    return Accepted(
        status=Status.QUEUED,
        job_id=enqueued.job_id,
        message="Analysis has been queued for processing"
        if enqueued.created
        else "This Idempotency-Key was already used: here is the job it created",
        status_url=status_url(enqueued.job_id),
        events_url=events_url(enqueued.job_id),
        queue_position=enqueued.position or None,
        estimated_processing_time=humanize_seconds(eta),
        eta_seconds=eta,
        file_processed=filename,
        processing_info=ProcessingInfo(file_size_bytes=size, timestamp=received_at, mode=mode),
    )


def job_status(record: JobRecord, position: int | None, eta: float | None) -> JobStatusResponse:
    error = record.error
    return JobStatusResponse(
        job_id=record.id,
        status=record.status,
        priority=record.priority,
        created_at=ms_to_iso(record.created_at) or "",
        updated_at=ms_to_iso(record.updated_at) or "",
        started_at=ms_to_iso(record.started_at),
        finished_at=ms_to_iso(record.finished_at),
        attempts=record.attempts,
        max_attempts=record.max_attempts,
        progress=Progress(stage=record.stage, percent=record.percent, current_page=record.page, total_pages=record.pages,
                          stopped_at=record.stopped_stage if record.status in (Status.FAILED, Status.CANCELLED) else None),
        queue_position=position if record.status is Status.QUEUED else None,
        eta_seconds=eta,
        file_processed=record.filename,
        result=record.result if record.status is Status.COMPLETED else None,
        error=error,
        error_kind=record.error_kind,
        failure=failure_info(record.error_kind, error) if record.status is Status.FAILED else None,
        version=record.version,
    )


def job_summary(record: JobRecord) -> JobSummary:
    return JobSummary(
        job_id=record.id,
        status=record.status,
        priority=record.priority,
        stage=record.stage,
        percent=record.percent,
        created_at=ms_to_iso(record.created_at) or "",
        finished_at=ms_to_iso(record.finished_at),
        file_processed=record.filename,
        error=record.error,
    )


def ops_job(record: JobRecord) -> OpsJob:
    return OpsJob(
        job_id=record.id,
        status=record.status,
        priority=record.priority,
        stage=record.stage,
        stopped_at=record.stopped_stage,
        percent=record.percent,
        attempts=record.attempts,
        max_attempts=record.max_attempts,
        worker=record.worker,
        created_at=ms_to_iso(record.created_at) or "",
        started_at=ms_to_iso(record.started_at),
        finished_at=ms_to_iso(record.finished_at),
        error_kind=record.error_kind,
    )


def retry_after(record: JobRecord) -> str | None:
    """Polling hint while the job is not finished."""
    if record.status.terminal:
        return None
    return "2" if record.status is Status.QUEUED else "1"
