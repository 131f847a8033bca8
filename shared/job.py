"""The job as both processes see it: states, priorities, stages and the record.

A job lives in one Redis hash (see `shared/queue/keys.py`); `JobRecord` is the
typed view the API reads, `ClaimedJob` is what a worker holds while it runs one.
Times are integer milliseconds of the Redis server clock, so machines with
skewed clocks still agree on leases and durations.
"""

from __future__ import annotations

import enum
import json
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


class Status(enum.StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def terminal(self) -> bool:
        return self in (Status.COMPLETED, Status.FAILED, Status.CANCELLED)


class Priority(enum.StrEnum):
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"

    @property
    def rank(self) -> int:
        """Lower ranks are served first; see PRIORITY_STRIDE."""
        return _PRIORITY_RANK[self]


_PRIORITY_RANK = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}


class Stage(enum.StrEnum):
    """Where a job stands. The queue writes queued (enqueue.lua), started (claim.lua) and the three
    ends; the analysis reports the four between them (shared/analysis/task.py)."""

    QUEUED = "queued"
    STARTED = "started"
    EXTRACTING = "extracting"
    PARSING = "parsing"
    ANALYZING = "analyzing"
    FINALIZING = "finalizing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


# The queue is one sorted set: score = rank * PRIORITY_STRIDE + tag * FAIR_TIE + (sequence mod FAIR_TIE).
# ZPOPMIN then serves high before normal before low, and ZRANK gives a job's exact position in
# O(log n). Within a priority, `tag` is a start-time fair queueing tag (enqueue.lua): a key's next
# job gets max(virtual clock, that key's last tag + 1), where the virtual clock is the tag at the
# head of the priority's queue (when it is empty: the highest tag given so far). A key's own jobs keep their order (its tags only grow); different
# keys take turns, one job each per tag; jobs with equal tags go by sequence number. Every score
# stays an exact integer in a double: tags below 2**38, 3 * 2**50 < 2**53.
PRIORITY_STRIDE = 2**50
FAIR_TIE = 2**12
FAIR_TAG_MAX = 2**38 - 1

CANCELLED_MESSAGE = "cancelled at your request"  # a job ended by its owner's cancel (Lua: includes/finish.lua)


# Results longer than this many bytes of JSON are stored zlib-compressed (see encode_result).
COMPRESS_ABOVE = 512


def encode_result(result: dict[str, Any]) -> bytes:
    """Compact JSON, zlib-compressed past COMPRESS_ABOVE bytes.

    An analysis result is 4-35 KB of repetitive JSON and compresses about 5x; it is most
    of a finished job's Redis memory. Small results stay plain JSON, readable with
    `redis-cli HGET`; `decode_result` tells the two apart by the first byte ('{' or zlib's 'x')."""
    data = json.dumps(result, separators=(",", ":"), ensure_ascii=False).encode()
    return zlib.compress(data, 6) if len(data) > COMPRESS_ABOVE else data


def decode_result(raw: bytes | str | None) -> dict[str, Any] | None:
    """A stored result: plain JSON (starts with '{') or zlib-compressed JSON."""
    if not raw:
        return None
    if isinstance(raw, str):
        raw = raw.encode()
    return json.loads(zlib.decompress(raw) if raw[:1] != b"{" else raw)


def retry_delay(attempt: int, base: float) -> float:
    """Seconds to wait before attempt `attempt + 1`: base, 2*base, 4*base, ... capped at 5 min."""
    return min(300.0, base * (2 ** max(0, attempt - 1)))


def ms_to_iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds")


def _int(value: Any) -> int | None:
    if value in (None, b"", ""):
        return None
    return int(value)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


@dataclass(slots=True)
class JobRecord:
    """One job as stored in its hash; built by `from_hash`, never written back whole."""

    id: str
    status: Status
    kind: str
    priority: Priority
    query: str
    created_at: int
    updated_at: int
    attempts: int = 0
    max_attempts: int = 0
    started_at: int | None = None
    finished_at: int | None = None
    stage: str = Stage.QUEUED.value
    stopped_stage: str | None = None  # failed or cancelled: the stage it had reached
    percent: int = 0
    page: int | None = None
    pages: int | None = None
    filename: str | None = None
    size: int | None = None
    owner: str | None = None
    callback_url: str | None = None
    patient_reference: str | None = None  # the client's FHIR reference to the patient (exports only)
    worker: str | None = None
    error: str | None = None
    error_kind: str | None = None
    result: dict[str, Any] | None = None
    version: int = 0
    cancel_requested: bool = False
    history: str = ""

    @classmethod
    def from_hash(cls, job_id: str, raw: dict[bytes | str, bytes | str]) -> JobRecord:
        result = raw.get(b"result", raw.get("result"))
        h = {_text(k): _text(v) for k, v in raw.items() if k not in (b"result", "result")}
        return cls(
            id=job_id,
            status=Status(h["status"]),
            kind=h.get("kind") or "analyze",
            priority=Priority(h.get("priority") or "normal"),
            query=h.get("query") or "",
            created_at=int(h["created_at"]),
            updated_at=int(h.get("updated_at") or h["created_at"]),
            attempts=_int(h.get("attempts")) or 0,
            max_attempts=_int(h.get("max_attempts")) or 0,
            started_at=_int(h.get("started_at")),
            finished_at=_int(h.get("finished_at")),
            stage=h.get("stage") or Stage.QUEUED.value,
            stopped_stage=h.get("stopped_stage"),
            percent=_int(h.get("percent")) or 0,
            page=_int(h.get("page")),
            pages=_int(h.get("pages")),
            filename=h.get("filename"),
            size=_int(h.get("size")),
            owner=h.get("owner"),
            callback_url=h.get("callback_url"),
            patient_reference=h.get("patient_ref"),
            worker=h.get("worker"),
            error=h.get("error"),
            error_kind=h.get("error_kind"),
            result=decode_result(result),
            version=_int(h.get("version")) or 0,
            cancel_requested=h.get("cancel") == "1",
            history=h.get("history") or "",
        )

    @property
    def retryable(self) -> bool:
        return not self.status.terminal and self.attempts < self.max_attempts


Attempt = tuple[str, str]
"""One attempt of one job: (job id, lease token). One worker can hold two attempts of the same job at
once (a stale one whose lease ran out, and its successor claimed again), so attempts are told apart
by this pair, never by the job id alone."""


@dataclass(slots=True)
class ClaimedJob:
    """A job a worker holds under a lease; `token` proves ownership to every script."""

    id: str
    token: str
    attempts: int
    max_attempts: int
    kind: str
    query: str
    payload: bytes
    priority: str = Priority.NORMAL.value
    filename: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def last_attempt(self) -> bool:
        return self.attempts >= self.max_attempts

    @property
    def attempt(self) -> Attempt:
        return self.id, self.token
