"""The job kinds a worker runs, by name.

`analyze` is the product. `noop` and `sleep` exist for benchmarks, smoke tests
and chaos tests: they exercise the whole protocol without PDF work. The
analysis package is imported on first use, so a worker that only ever runs
`noop` starts fast and stays small.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from shared.worker.context import Handler, JobContext


async def analyze(ctx: JobContext) -> dict[str, Any]:
    from shared.analysis.task import analyze_job

    return await analyze_job(ctx)


async def noop(ctx: JobContext) -> dict[str, Any]:
    return {}


async def sleep(ctx: JobContext) -> dict[str, Any]:
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
