"""The job kinds this service runs, registered with the generic worker runtime (shared/worker).

The runtime knows nothing of the analysis: this module is the one place that ties them together.
`APP` is what the worker service (worker_service.py), the API's embedded workers (api/backend.py)
and the benchmarks run:

- `analyze`, the product: `shared.analysis.task.analyze_job`. An `AnalysisError` (an upload that
  cannot be analysed) becomes a permanent failure whose code is the error's (`not_a_pdf`, ...).
- `noop` and `sleep`, for benchmarks, smoke tests and chaos tests: they exercise the whole protocol
  without PDF work.
- `startup` creates what the jobs of one worker share, inside that worker's event loop: the model
  semaphore (LLM_CONCURRENCY model calls at a time per worker process).
- the sandbox processes preload the analysis's sandboxed entry point (`ctx.run_isolated`'s target).

The analysis package is imported on first use, so a worker that only ever runs `noop` starts fast
and stays small.
"""

from __future__ import annotations

import asyncio
import functools
import json
from dataclasses import dataclass
from typing import Any

from shared.errors import AnalysisError, PermanentJobError, error_code
from shared.settings import Settings
from shared.worker.app import WorkerApp
from shared.worker.context import Handler, JobContext


@dataclass(frozen=True, slots=True)
class Resources:
    """`ctx.state` of every job: what one worker's jobs share."""

    model_semaphore: asyncio.Semaphore  # LLM_CONCURRENCY: model calls in flight at once


async def startup(settings: Settings) -> Resources:
    return Resources(model_semaphore=asyncio.Semaphore(settings.llm_concurrency))


def analysis_errors_are_permanent(handler: Handler) -> Handler:
    """`handler`, with an AnalysisError turned into the runtime's permanent failure (same message,
    the error's code as `error_kind`): an unreadable upload is not retried."""

    @functools.wraps(handler)
    async def wrapped(ctx: JobContext[Any]) -> dict[str, Any]:
        try:
            return await handler(ctx)
        except AnalysisError as exc:
            raise PermanentJobError(str(exc), kind=error_code(type(exc))) from exc

    return wrapped


@analysis_errors_are_permanent
async def analyze(ctx: JobContext[Resources]) -> dict[str, Any]:
    from shared.analysis.task import analyze_job

    return await analyze_job(ctx)


async def noop(ctx: JobContext[Any]) -> dict[str, Any]:
    return {}


async def sleep(ctx: JobContext[Any]) -> dict[str, Any]:
    """Waits `seconds` (an I/O wait, like a model call) in `steps` stages, reporting progress."""
    spec = json.loads(ctx.job.payload or b"{}")
    seconds, steps = float(spec.get("seconds", 0.0)), max(1, int(spec.get("steps", 1)))
    for step in range(steps):
        if steps > 1:
            await ctx.progress("analyzing", int(100 * step / steps))
        await asyncio.sleep(seconds / steps)
    return {"slept": seconds, "token": spec.get("token")}


HANDLERS: dict[str, Handler] = {"analyze": analyze, "noop": noop, "sleep": sleep}

# Modules every sandbox process imports (and warms up) before its first job: what `run_isolated` calls.
SANDBOX_PRELOAD = ("shared.analysis.sandboxed",)

APP = WorkerApp(functions=HANDLERS, startup=startup, sandbox_preload=SANDBOX_PRELOAD)
