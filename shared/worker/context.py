"""What a job handler gets from the worker runtime.

A handler is `async def handler(ctx: JobContext[S]) -> dict`: it reads the claimed
job from `ctx.job` and what its application's start-up hook made for every job of
this worker from `ctx.state` (an `S`, see app.py), reports progress at stage boundaries, runs CPU work on
untrusted input through `ctx.run_isolated` (a sandbox process with hard limits)
and other CPU work through `ctx.run_cpu` (never on the event loop), and returns
a JSON-serialisable result.
It never touches Redis: the runtime turns `progress()` into a queue call, and
that call raises `JobCancelled` when the job was cancelled (or `LeaseLost` when
another worker took it over), so stage boundaries are cancellation points.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Protocol, TypeVar

from shared.job import ClaimedJob
from shared.settings import Settings

T = TypeVar("T")
S_co = TypeVar("S_co", covariant=True)


class JobContext(Protocol[S_co]):
    job: ClaimedJob
    settings: Settings

    @property
    def state(self) -> S_co:
        """What the application's start-up hook returned, shared by every job of this worker and
        created inside the worker's own loop (None without a hook)."""

    async def progress(self, stage: str, percent: int, *, page: int | None = None, pages: int | None = None) -> None:
        """Record stage/percent in the job hash; raises JobCancelled or LeaseLost."""

    async def run_cpu(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run blocking CPU work in the worker's thread pool and await its result."""

    async def run_isolated(self, target: str, data: bytes, params: dict[str, Any], *, stage: str, percent: int,
                           on_event: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
        """Run `target(data, params, channel)` ('module:function', see shared/worker/sandbox.py) in a sandbox
        process under the ANALYSIS_* limits; report `stage`/`percent` as it starts; events it emits reach
        `on_event` on the loop. Raises what the target raised, or the LimitExceeded it broke."""

    def page_progress(self, stage: str, percent: int, page: int, pages: int) -> None:
        """Thread-safe, fire-and-forget progress from inside `run_cpu` work (coalesced)."""

    def check_cancelled(self) -> None:
        """Thread-safe: raise JobCancelled if the attempt should stop (cancel, timeout, lease lost)."""


Handler = Callable[[JobContext[Any]], Coroutine[Any, Any, dict[str, Any]]]
