"""Every exception the project raises on purpose, in one tree.

    BTAError
    ├── QueueError                 the Redis protocol could not do what was asked
    │   ├── QueueUnavailable       Redis unreachable or too slow (API answers 503)
    │   ├── QueueFull              MAX_QUEUE_SIZE reached (429)
    │   ├── JobNotFound            unknown, expired or someone else's job (404)
    │   ├── IdempotencyConflict    same Idempotency-Key, different upload (422)
    │   └── LeaseLost              this worker no longer owns the job; drop its result
    └── JobError                   raised by a job handler to say how the attempt ended
        ├── RetryableJobError      transient: retry with exponential backoff
        ├── PermanentJobError      fail now; `str(error)` is shown to the user
        │   ├── JobTimedOut        the attempt ran past JOB_TIMEOUT
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


class QueueFull(QueueError):
    def __init__(self, message: str = "the queue is full; try again shortly", retry_after: int = 30) -> None:
        super().__init__(message)
        self.retry_after = retry_after


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


class NoTextLayer(AnalysisError):
    pass


class NotALabReport(AnalysisError):
    pass
