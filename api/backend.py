"""What the API process runs besides HTTP: its queue client, event hub and, in embedded
mode, its own worker loops.

- Redis configured (`REDIS_URL`, or REDIS_MODE sentinel/cluster): the API only enqueues and
  reads; workers run elsewhere. If Redis is down the API still starts and answers 503 until
  it is back (no silent fallback: two replicas falling back separately would split the
  queue), unless QUEUE_FALLBACK=memory.
- `REDIS_URL` unset (a fresh machine): an in-memory Redis and worker loops inside this
  process, through the same protocol code. Jobs are lost on restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from dataclasses import dataclass, field
from typing import Any, Literal

from api.events import EventHub
from api.views import EtaModel
from api.webhooks import WebhookSender
from shared.errors import QueueUnavailable
from shared.handlers import APP
from shared.queue.connection import describe_settings, embedded, embedded_server
from shared.queue.durability import DataLossWatch, warn_if_not_persistent
from shared.queue.redis_queue import RedisQueue
from shared.settings import Settings
from shared.tasks import stop_tasks
from shared.worker.runtime import WAIT_SECONDS, Worker
from shared.worker.sandbox import SandboxPool
from shared.worker.service import start_sandbox, warn_if_evicting

log = logging.getLogger("bta.api")

EMBEDDED_WARNING = "embedded mode: jobs are lost on restart; set REDIS_URL for production"


@dataclass
class Backend:
    settings: Settings
    queue: RedisQueue
    hub: EventHub
    mode: Literal["redis", "memory"]
    eta: EtaModel
    webhooks: WebhookSender | None = None
    watch: DataLossWatch | None = None
    workers: list[Worker] = field(default_factory=list)
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    sandbox: SandboxPool | None = None  # the embedded workers' analysis processes

    @property
    def embedded(self) -> bool:
        return self.mode == "memory"


async def start_backend(settings: Settings) -> Backend:
    mode: Literal["redis", "memory"] = "redis" if settings.uses_redis else "memory"
    if mode == "redis":
        queue = RedisQueue.connect(settings, name="bta-api")
        try:
            await queue.ping()
            log.info("connected to redis", extra={"redis": describe_settings(settings), "mode": settings.redis_mode.value,
                                                  "wait_replicas": settings.redis_wait_replicas})  # fmt: skip
            await warn_if_evicting(queue)
            await warn_if_not_persistent(queue)
        except QueueUnavailable:
            if settings.queue_fallback == "memory":
                log.warning("redis unreachable at start and QUEUE_FALLBACK=memory: falling back to " + EMBEDDED_WARNING)
                await queue.close()
                mode = "memory"
            else:
                log.warning(
                    "redis unreachable at start; answering 503 until it is back (QUEUE_FALLBACK=memory would run embedded)",
                    extra={"redis": describe_settings(settings)},
                )
    server = None
    if mode == "memory":
        server = embedded_server()
        queue = RedisQueue.from_settings(settings, embedded(server), blocking=embedded(server), backend="memory")
    backend = Backend(settings=settings, queue=queue, hub=EventHub(queue.redis, queue.keys, sharded=queue.cluster), mode=mode,
                      eta=EtaModel(settings))  # fmt: skip
    await backend.hub.start()
    backend.webhooks = WebhookSender(queue, settings)
    await backend.webhooks.start()
    if server is not None:
        _start_embedded_workers(backend, server)
    else:
        backend.watch = DataLossWatch(queue, role="api", interval=settings.sweep_seconds)
        backend.watch.start()
    return backend


def _start_embedded_workers(backend: Backend, server: Any) -> None:
    """Worker loops in this process and this event loop; PDF parsing runs in their sandbox processes
    (in their threads with ANALYSIS_SANDBOX=false)."""
    settings = backend.settings
    # CPU threads share the GIL with the event loop that serves HTTP. A shorter switch interval
    # (default 5 ms) hands the GIL back to the loop sooner, keeping /health and /status fast.
    sys.setswitchinterval(0.0005)
    if settings.embedded_workers > 0:
        backend.sandbox = start_sandbox(settings, APP)  # one pool for every embedded worker loop
    for n in range(settings.embedded_workers):
        queue = RedisQueue.from_settings(settings, backend.queue.redis, blocking=embedded(server), backend="memory")
        worker = Worker.for_app(APP, queue, settings, worker_id=f"embedded-{n}", sandbox=backend.sandbox)
        backend.workers.append(worker)
        backend.tasks.append(asyncio.create_task(worker.run(), name=f"embedded-worker-{n}"))
    log.info("embedded workers started", extra={"workers": settings.embedded_workers, "wait_s": WAIT_SECONDS})


async def stop_backend(backend: Backend) -> None:
    for worker in backend.workers:
        worker.stop()
    if backend.tasks:
        _, pending = await asyncio.wait(backend.tasks, timeout=backend.settings.shutdown_grace + 5)
        if pending:
            for worker in backend.workers:
                worker.stop()  # the second call hands their jobs back at once
            await asyncio.wait(pending, timeout=5.0)
        # The last resort, as it cuts their own shutdown short; sent until it lands (shared/tasks.py).
        await stop_tasks(backend.tasks)
    if backend.watch is not None:
        await backend.watch.stop()
    if backend.sandbox is not None:
        await backend.sandbox.close()
    if backend.webhooks is not None:
        await backend.webhooks.close()
    await backend.hub.close()
    with contextlib.suppress(Exception):
        await backend.queue.close()
