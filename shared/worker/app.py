"""What an application hands the worker runtime: its job functions, a start-up hook and the
modules its sandbox processes preload (arq's `WorkerSettings`, saq's `Worker(functions=…, startup=…)`).

The runtime (this package) knows nothing of what the jobs do. An application builds one
`WorkerApp` (this service's is `shared.handlers.APP`) and every way of running workers takes it:
the worker service (`service.main(app)`), the API's embedded workers and the benchmarks.

- `functions`: job kind -> `async def handler(ctx: JobContext[S]) -> dict` (context.py);
- `startup(settings) -> S`: awaited once per worker inside the worker's own event loop before
  it claims a job (asyncio primitives belong to that loop); its value is `ctx.state` for every job;
- `sandbox_preload`: modules each sandbox process imports, and whose `warm_up()` it calls, before
  its first call (sandbox.py): the targets that `ctx.run_isolated` names.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from shared.settings import Settings
from shared.worker.context import Handler

Startup = Callable[[Settings], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class WorkerApp:
    functions: Mapping[str, Handler]
    startup: Startup | None = None
    sandbox_preload: tuple[str, ...] = ()
