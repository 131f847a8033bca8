"""Every exception the project raises on purpose, in one tree.

    BTAError
    ├── QueueError                 the Redis protocol could not do what was asked
    │   ├── QueueUnavailable       Redis unreachable or too slow (API answers 503)
    │   │   ├── NotReplicated      written, but fewer replicas than REDIS_WAIT_REPLICAS confirmed it
    │   │   └── QueueMisconfigured REDIS_MODE does not match the server (e.g. a cluster node: MOVED)
    │   ├── QueueFull              MAX_QUEUE_SIZE reached (429)
    │   │   └── TenantQueueFull    one key's MAX_QUEUED_PER_KEY / MAX_QUEUED_MB_PER_KEY reached (429)
    │   ├── JobNotFound            unknown, expired or someone else's job (404)
    │   ├── IdempotencyConflict    same Idempotency-Key, different upload (422)
    │   └── LeaseLost              this worker no longer owns the job; drop its result
    └── JobError                   raised by a job handler to say how the attempt ended
        ├── RetryableJobError      transient: retry with exponential backoff
        │   └── SandboxFailed      the sandbox process died for no reason we can name, or cannot start
        ├── PermanentJobError      fail now; `str(error)` is shown to the user
        │   ├── JobTimedOut        the attempt ran past JOB_TIMEOUT
        │   ├── LimitExceeded      the work broke a hard limit of its sandbox (one subclass per limit)
        │   └── AnalysisError      the upload cannot be analysed (one subclass per reason)
        └── JobCancelled           cancellation was requested; end as `cancelled`

Any other exception from a handler counts as retryable: a bug or an outage
should not turn into a user-facing verdict on the first try. Messages of
PermanentJobError are written for the person who uploaded the file and never
contain file contents.
"""

from __future__ import annotations


class BTAError(Exception):
    """Base of every deliberate error in this project."""


class QueueError(BTAError):
    pass


class QueueUnavailable(QueueError):
    pass


class NotReplicated(QueueUnavailable):
    """The write reached the primary but not REDIS_WAIT_REPLICAS replicas in time: not acknowledged.

    Retrying the same call is safe (every acknowledged write is idempotent)."""


class QueueMisconfigured(QueueUnavailable):
    """The Redis deployment is not what REDIS_MODE says; the message tells the operator what to set."""


class QueueFull(QueueError):
    def __init__(self, message: str = "the queue is full; try again shortly", retry_after: int = 30) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TenantQueueFull(QueueFull):
    """This key already has as many jobs (or upload bytes) waiting or running as it may."""

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit  # 'jobs' | 'bytes'


class JobNotFound(QueueError):
    pass


class IdempotencyConflict(QueueError):
    pass


class LeaseLost(QueueError):
    pass


class JobError(BTAError):
    pass


class RetryableJobError(JobError):
    pass


class PermanentJobError(JobError):
    pass


class JobCancelled(JobError):
    pass


class JobTimedOut(PermanentJobError):
    pass


class SandboxFailed(RetryableJobError):
    """The sandbox process running the job died without breaking a limit (a crash), or could not start."""


class LimitExceeded(PermanentJobError):
    """The job's sandbox process broke a hard limit and was stopped; `limit` is the limit's value."""

    def __init__(self, message: str, limit: float = 0) -> None:
        super().__init__(message)
        self.limit = limit


class MemoryLimitExceeded(LimitExceeded):
    pass  # limit in MB (ANALYSIS_MEMORY_MB)


class CpuLimitExceeded(LimitExceeded):
    pass  # limit in CPU seconds (ANALYSIS_CPU_SECONDS)


class WallLimitExceeded(LimitExceeded):
    pass  # limit in seconds (ANALYSIS_WALL_SECONDS)


class OutputLimitExceeded(LimitExceeded):
    pass  # limit in MB (ANALYSIS_MAX_OUTPUT_MB)


class AnalysisError(PermanentJobError):
    """The upload cannot be analysed; the message says why, in plain words."""


class NotAPdf(AnalysisError):
    pass


class EmptyPdf(AnalysisError):
    pass


class EncryptedPdf(AnalysisError):
    pass


class CorruptPdf(AnalysisError):
    pass


class TooManyPages(AnalysisError):
    pass


class ExpandsTooMuch(AnalysisError):
    """The PDF's compressed streams inflate past the analysis memory limit (a decompression bomb)."""


class NoTextLayer(AnalysisError):
    pass


class NotALabReport(AnalysisError):
    pass
