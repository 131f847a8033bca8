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
    ├── JobError                   raised by a job handler to say how the attempt ended
    │   ├── RetryableJobError      transient: retry with exponential backoff
    │   │   └── SandboxFailed      the sandbox process died for no reason we can name, or cannot start
    │   ├── PermanentJobError      fail now; `str(error)` is shown to the user, `kind` is its code
    │   │   ├── JobTimedOut        the attempt ran past JOB_TIMEOUT
    │   │   └── LimitExceeded      the work broke a hard limit of its sandbox (one subclass per limit)
    │   └── JobCancelled           cancellation was requested; end as `cancelled`
    └── AnalysisError              the upload cannot be analysed (one subclass per reason; images: ImageTooLarge,
                                   CorruptImage, BlankImage, NoTextFound); the app's `analyze` handler
                                   (shared/handlers.py) fails the job with it

Any other exception from a handler counts as retryable: a bug or an outage
should not turn into a user-facing verdict on the first try. Messages of
PermanentJobError (and AnalysisError) are written for the person who uploaded the file and
never contain file contents. A failure's code (`error_kind`, api/failures.py) is its class
name in snake_case (`NotAPdf` -> `not_a_pdf`): `error_code`.
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


def error_code(cls: type[BaseException]) -> str:
    """A failure's stable code: its class name in snake_case (a small fixed vocabulary for metrics)."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in cls.__name__).lstrip("_")


class PermanentJobError(JobError):
    """`kind`: the failure's code (`error_kind` of the job), by default `error_code` of the class."""

    def __init__(self, message: str = "", *, kind: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind or error_code(type(self))


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


class AnalysisError(BTAError):
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


class LayoutNotRead(AnalysisError):
    """Lines of the report name tests and give values, but the parser could read none of them as a result: a
    layout it does not know, said as such rather than 'not a blood test report'."""


class ImageTooLarge(AnalysisError):
    """An image (uploaded, or a page of a PDF) has more pixels than OCR_MAX_MEGAPIXELS (a decompression bomb)."""


class CorruptImage(AnalysisError):
    """An image upload that cannot be decoded (truncated, damaged, or a format we do not read)."""


class BlankImage(AnalysisError):
    """An image, or every page of a scanned PDF, with nothing printed on it."""


class NoTextFound(AnalysisError):
    """OCR found no readable text on a scan or photo (not a document, or far too blurred or dark)."""
