"""One worker process: an asyncio loop that claims jobs, runs them and reports back.

The loop never talks to Redis itself; it calls `RedisQueue` methods. Its
asyncio primitives (semaphores, events) are created in `run()`, inside the
loop that uses them. Four tasks cooperate:

- the claim loop takes as many jobs as there are free slots, and blocks on the
  queue's wake-up marker when there is nothing to do (no polling);
- the flush loop writes finished jobs back in batches (one round trip for all
  jobs that finished while the previous write was in flight);
- the heartbeat renews the leases of running jobs and learns of cancellations (it interrupts
  the job's handler at once, even in the middle of a model call);
- the sweep loop requeues the jobs of dead workers and promotes due retries.

A Redis outage makes every loop back off and retry; results wait in memory
until Redis is back (or their lease passes to another worker).

Running attempts are kept by (job id, lease token), never by job id alone: when a job's lease runs out
while its attempt still runs here (a stalled loop, a lost heartbeat), this same worker may claim the
job's next attempt before the stale one has ended. The stale attempt's every write is refused by its
token (see redis_queue.py), and its end, its lost lease or its cancel must not touch its successor.

A single `task.cancel()` can be lost on Python 3.11 when it lands in a Redis call (shared/tasks.py):
so a handler that must stop (cancel, lost lease, JOB_TIMEOUT) and the tasks stopped at shutdown
are cancelled until they have ended, never once.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import logging
import os
import signal
import socket
import time
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from shared.errors import JobCancelled, JobTimedOut, LeaseLost, PermanentJobError, QueueUnavailable
from shared.job import CANCELLED_MESSAGE, Attempt, ClaimedJob, Status, encode_result, retry_delay
from shared.queue.redis_queue import NOT_RUNNING, Completion, FailReply, Lease, RedisQueue
from shared.settings import Settings
from shared.tasks import cancel_until_done, stop_tasks
from shared.worker.app import Startup, WorkerApp
from shared.worker.context import Handler
from shared.worker.sandbox import EventHook, SandboxPool, run_inline

log = logging.getLogger("bta.worker")
T = TypeVar("T")

WAIT_SECONDS = 1.0  # longest BLPOP; wake-ups normally arrive within a millisecond
STOP_JOBS_SECONDS = 2.0  # at shutdown past the grace, how long job tasks get to end once cancelled


class StopReason(enum.StrEnum):
    """Why an attempt stops before its handler returns."""

    CANCEL = "cancel"  # the job was cancelled: it ends as cancelled
    LOST = "lost"  # another worker holds the lease now: drop the result
    TIMEOUT = "timeout"  # JOB_TIMEOUT
    SHUTDOWN = "shutdown"  # the worker stops: the job goes back to the queue
    FINISHED = "finished"  # the handler has ended: CPU work still running for it stops


INTERRUPTS = (StopReason.CANCEL, StopReason.LOST, StopReason.TIMEOUT)  # the reasons `RunningJob.interrupt` is given


class RedisState:
    """Tracks reachability so an outage logs one line when it starts and one when it ends."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.up = True
        self.failures = 0

    def failed(self, exc: BaseException) -> float:
        if self.up:
            log.warning("redis unavailable; retrying with backoff", extra={"worker": self.worker_id, "reason": str(exc)})
        self.up = False
        self.failures += 1
        return min(5.0, 0.1 * 2.0 ** min(self.failures - 1, 6))

    def ok(self) -> None:
        if not self.up:
            log.info("redis connection restored", extra={"worker": self.worker_id})
        self.up = True
        self.failures = 0


class RunningJob:
    """One attempt of one job: the `JobContext` its handler receives."""

    def __init__(self, worker: Worker, job: ClaimedJob) -> None:
        self.worker = worker
        self.job = job
        self.settings = worker.settings
        self.state = worker.state
        self.started = time.monotonic()
        self._stage: tuple[str, float] = ("started", self.started)
        self.task: asyncio.Task[None] | None = None  # the whole attempt (_execute)
        self.handler_task: asyncio.Task[dict[str, Any]] | None = None  # the handler inside it
        self._stopper: asyncio.Task[None] | None = None  # cancels the handler until it ends (interrupt)
        # Why the attempt must stop, readable from CPU threads.
        self.stop_reason: StopReason | None = None
        self._page_update: tuple[str, int, int, int] | None = None
        self._page_task: asyncio.Task[None] | None = None
        # The `running_in` mark in the job hash (see run_isolated): set, and still to be cleared.
        self._marked = False
        self._unmark = False

    async def progress(self, stage: str, percent: int, *, page: int | None = None, pages: int | None = None) -> None:
        unmark = self._unmark
        await self._report(stage, percent, page, pages, running_in=NOT_RUNNING if unmark else None)

    async def _report(self, stage: str, percent: int, page: int | None, pages: int | None, *,
                      running_in: int | None) -> None:
        self._raise_if_stopped()
        if stage != self._stage[0]:
            self._log_stage(stage)
        try:
            reply = await self.worker.queue.progress(self.job, stage, percent, page, pages, running_in=running_in)
        except QueueUnavailable:
            return  # best effort: completion re-checks the lease once Redis is back
        if running_in == NOT_RUNNING:
            self._marked = self._unmark = False
        elif running_in is not None:
            self._marked = True
        if reply is Lease.LOST:
            self.stop_reason = StopReason.LOST
        elif reply is Lease.CANCEL:
            self.stop_reason = StopReason.CANCEL
        self._raise_if_stopped()

    def _log_stage(self, stage: str) -> None:
        """One log line per stage transition: which stage ended and how long it took."""
        previous, since = self._stage
        now = time.monotonic()
        self._stage = (stage, now)
        if log.isEnabledFor(logging.INFO):
            log.info("job stage", extra={"job_id": self.job.id, "worker": self.worker.id, "stage": stage,
                                         "previous_stage": previous, "duration_ms": round((now - since) * 1000, 1)})  # fmt: skip

    async def run_cpu(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.worker.executor, functools.partial(fn, *args, **kwargs))

    async def run_isolated(self, target: str, data: bytes, params: dict[str, Any], *, stage: str, percent: int,
                           on_event: EventHook | None = None) -> dict[str, Any]:
        """Run `target(data, params, channel)` in one of the worker's sandbox processes (inline in the CPU
        thread pool when the worker has none). The progress call for `stage` marks the job as running in
        that process, so that if this worker dies meanwhile, the sweep charges this job alone; the
        next progress call (or the job's end) clears the mark. Stopping the job kills the process."""

        async def started(pid: int) -> None:
            await self._report(stage, percent, None, None, running_in=pid)

        try:
            if self.worker.sandbox is None:
                await started(os.getpid())
                return await run_inline(self.worker.executor, target, data, params, on_event=on_event,
                                        should_stop=self.check_cancelled)  # fmt: skip
            return await self.worker.sandbox.run(target, data, params, on_start=started, on_event=on_event,
                                                 should_stop=self._raise_if_stopped)  # fmt: skip
        finally:
            self._unmark = self._marked

    def page_progress(self, stage: str, percent: int, page: int, pages: int) -> None:
        self._page_update = (stage, percent, page, pages)
        self.worker.loop.call_soon_threadsafe(self._send_page_update)

    def _send_page_update(self) -> None:
        if self._page_task is None or self._page_task.done():
            self._page_task = asyncio.create_task(self._page_updates())

    async def _page_updates(self) -> None:
        while self._page_update is not None and self.stop_reason is None:
            stage, percent, page, pages = self._page_update
            self._page_update = None
            try:
                await self.progress(stage, percent, page=page, pages=pages)
            except (JobCancelled, LeaseLost):
                return  # the CPU thread sees stop_reason at its next check

    def check_cancelled(self) -> None:
        if self.stop_reason is not None:
            raise JobCancelled(self.stop_reason)

    def interrupt(self, reason: StopReason) -> None:
        """Stop the attempt now (`cancel`, `lost` or `timeout`): CPU threads see `stop_reason` at their
        next check, and the handler's task is cancelled, so an await in flight (a model call) ends at
        once instead of at the next progress call. It is cancelled until it ends: one cancel landing
        in a Redis call can be lost (shared/tasks.py). `_run_handler` turns that into the error of
        `reason`."""
        if self.stop_reason is None:
            self.stop_reason = reason
        if self.handler_task is not None and not self.handler_task.done() and self._stopper is None:
            self._stopper = asyncio.create_task(cancel_until_done(self.handler_task), name=f"interrupt-{self.job.id}")

    def _raise_if_stopped(self) -> None:
        if self.stop_reason is not None:
            raise self.stopped_error()

    def stopped_error(self) -> Exception:
        """The error that ends an attempt stopped for `stop_reason`."""
        if self.stop_reason is StopReason.LOST:
            return LeaseLost(f"job {self.job.id} was taken over by another worker")
        if self.stop_reason is StopReason.TIMEOUT:
            return JobTimedOut(f"the job took longer than {self.settings.job_timeout:g} s and was stopped")
        return JobCancelled(self.stop_reason)


class Worker:
    """Runs the jobs of `functions` (kind -> handler). `startup(settings)`, if given, is awaited in
    `run()`, inside the loop, before the first claim; its value is every job's `ctx.state`."""

    def __init__(
        self,
        queue: RedisQueue,
        functions: Mapping[str, Handler],
        settings: Settings,
        *,
        startup: Startup | None = None,
        worker_id: str | None = None,
        concurrency: int | None = None,
        sandbox: SandboxPool | None = None,
    ) -> None:
        self.queue = queue
        self.handlers = dict(functions)
        self.startup = startup
        self.state: Any = None
        self.settings = settings
        self.sandbox = sandbox  # started and closed by whoever made it; None: isolated work runs inline
        self.id = worker_id or f"{socket.gethostname()}-{os.getpid()}-{os.urandom(2).hex()}"
        self.concurrency = concurrency or settings.worker_concurrency
        self.started_at = int(time.time() * 1000)
        self.processed = 0
        self.failed = 0
        self.running: dict[Attempt, RunningJob] = {}  # by (job id, lease token): see the module's docstring
        self.redis_state = RedisState(self.id)
        self._stopping = False

    @classmethod
    def for_app(cls, app: WorkerApp, queue: RedisQueue, settings: Settings, *, worker_id: str | None = None,
                concurrency: int | None = None, sandbox: SandboxPool | None = None) -> Worker:
        """A worker running `app`'s functions, with its start-up hook."""
        return cls(queue, app.functions, settings, startup=app.startup, worker_id=worker_id, concurrency=concurrency,
                   sandbox=sandbox)  # fmt: skip

    # ------------------------------------------------------------------ lifecycle
    async def run(self) -> None:
        """Work until `stop()`; then finish, hand back and unregister. Returns normally."""
        self.loop = asyncio.get_running_loop()
        if self.startup is not None:
            self.state = await self.startup(self.settings)
        self._stop = asyncio.Event()
        self._cut_grace = asyncio.Event()
        self._capacity = asyncio.Event()
        self._flush_wanted = asyncio.Event()
        self._closing = asyncio.Event()
        self._pending: list[tuple[Completion, RunningJob]] = []
        self._stopping_jobs: asyncio.Future[None] | None = None  # _drain's: job tasks cancelled until they end
        self.executor = ThreadPoolExecutor(self.settings.cpu_threads, thread_name_prefix=f"cpu-{self.id}")
        if self._stopping:
            self._stop.set()
        log.info("worker started", extra={"worker": self.id, "concurrency": self.concurrency, "kinds": sorted(self.handlers)})
        await self._heartbeat_once()
        background = [
            asyncio.create_task(self._every(self.settings.heartbeat_seconds, self._heartbeat_once), name="heartbeat"),
            asyncio.create_task(self._every(self.settings.sweep_seconds, self._sweep_once), name="sweep"),
            asyncio.create_task(self._flush_loop(), name="flush"),
        ]
        try:
            await self._claim_loop()
            await self._drain()
        finally:
            # Background loops end on their own once `_closing` is set: a task cancelled in the
            # middle of a Redis call could lose the reply, so cancellation is only the last resort.
            self._closing.set()
            self._flush_wanted.set()
            await asyncio.wait(background, timeout=max(2.0, self.settings.shutdown_grace))
            await stop_tasks(background)  # the stuck ones; none may renew or write after the unregister below
            if self._stopping_jobs is not None:
                await self._stopping_jobs  # no job task outlives run()
            if self._pending:
                log.warning("results not written before exit", extra={"worker": self.id, "jobs": len(self._pending)})
            self.executor.shutdown(wait=False, cancel_futures=True)
            try:
                await self.queue.unregister_worker(self.id)
            except QueueUnavailable:
                pass  # the registry entry expires on its own
            log.info("worker stopped", extra={"worker": self.id, "processed": self.processed, "failed": self.failed})

    def stop(self) -> None:
        """First call: stop taking jobs, let running ones finish within the grace period.
        Second call: cut the grace period short and hand running jobs back now."""
        if self._stopping:
            if hasattr(self, "_cut_grace"):
                self._cut_grace.set()
            return
        self._stopping = True
        if hasattr(self, "_stop"):
            self._stop.set()

    def install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._on_signal, sig)

    def _on_signal(self, sig: signal.Signals) -> None:
        log.info("signal received", extra={"worker": self.id, "signal": sig.name, "in_flight": len(self.running)})
        self.stop()

    # ------------------------------------------------------------------ claiming
    async def _claim_loop(self) -> None:
        idle = False  # the last claim found nothing: block on the wake-up marker next
        while not self._stop.is_set():
            free = self.concurrency - len(self.running)
            if free <= 0:
                self._capacity.clear()
                await self._until(self._capacity.wait())
                continue
            try:
                if idle:
                    # Not cancelled on stop (a cancelled claim could strand jobs until their lease
                    # ends); it returns within WAIT_SECONDS anyway.
                    jobs = await self.queue.wait_and_claim(self.id, free, WAIT_SECONDS)
                else:
                    jobs = await self.queue.claim(self.id, free)
                self.redis_state.ok()
            except QueueUnavailable as exc:
                await self._until(asyncio.sleep(self.redis_state.failed(exc)))
                continue
            idle = not jobs
            if jobs and self._stop.is_set():
                await self._persist(functools.partial(self.queue.release, jobs))  # claimed while stopping: hand back now
                return
            for job in jobs:
                self._start(job)

    async def _until(self, aw: Awaitable[Any]) -> None:
        """Await `aw`, but return early (cancelling it) once stop() is called."""
        task = asyncio.ensure_future(aw)
        stop = asyncio.ensure_future(self._stop.wait())
        try:
            await asyncio.wait({task, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for t in (task, stop):
                t.cancel()
            await asyncio.gather(task, stop, return_exceptions=True)
        if task.done() and not task.cancelled() and (exc := task.exception()) is not None:
            raise exc

    def _start(self, job: ClaimedJob) -> None:
        run = RunningJob(self, job)
        self.running[job.attempt] = run
        run.task = asyncio.create_task(self._execute(run), name=f"job-{job.id}")
        if log.isEnabledFor(logging.INFO):
            log.info("job started", extra={"job_id": job.id, "worker": self.id, "attempt": job.attempts, "kind": job.kind})

    # ------------------------------------------------------------------ running one job
    async def _execute(self, run: RunningJob) -> None:
        job = run.job
        handler = self.handlers.get(job.kind)
        try:
            if handler is None:
                raise PermanentJobError(f"this worker cannot run jobs of kind {job.kind!r}")
            result = await self._run_handler(run, handler)
            self._complete(run, Completion(job.id, job.token, Status.COMPLETED, encode_result(result)))
        except asyncio.CancelledError:
            run.stop_reason = run.stop_reason or StopReason.SHUTDOWN
            raise  # shutdown past the grace period: _drain hands the job back
        except (LeaseLost, JobCancelled) as exc:
            if run.stop_reason is StopReason.CANCEL or (isinstance(exc, JobCancelled) and run.stop_reason is None):
                self._complete(run, Completion(job.id, job.token, Status.CANCELLED, CANCELLED_MESSAGE))
            else:
                self._forget(run, "lease lost")
        except PermanentJobError as exc:
            await self._fail(run, str(exc), kind=exc.kind, permanent=True)
        except Exception as exc:  # noqa: BLE001 - any bug or outage in a handler is retryable
            log.warning("job attempt errored", exc_info=True, extra={"job_id": job.id, "worker": self.id, "attempt": job.attempts})
            message = f"internal error while processing ({type(exc).__name__})"
            await self._fail(run, message, kind="error", permanent=False)
        finally:
            if run.stop_reason is None:
                run.stop_reason = StopReason.FINISHED  # stops any CPU work still running for this attempt

    async def _run_handler(self, run: RunningJob, handler: Handler) -> dict[str, Any]:
        """The handler in a task of its own, so `run.interrupt()` (a cancel, a lost lease, JOB_TIMEOUT)
        can stop it without cancelling the attempt: this task's own cancellation (shutdown) still
        propagates as such."""
        run.handler_task = asyncio.create_task(handler(run), name=f"handler-{run.job.id}")
        timer = self.loop.call_later(self.settings.job_timeout, run.interrupt, StopReason.TIMEOUT)
        try:
            return await run.handler_task
        except asyncio.CancelledError:
            this = asyncio.current_task()
            interrupted = run.handler_task.cancelled() and run.stop_reason in INTERRUPTS
            if interrupted and this is not None and this.cancelling() == 0:
                raise run.stopped_error() from None
            raise
        except JobCancelled:
            if run.stop_reason is StopReason.TIMEOUT:  # CPU work that saw the timeout before the cancel
                raise run.stopped_error() from None
            raise
        finally:
            timer.cancel()

    def _complete(self, run: RunningJob, completion: Completion) -> None:
        self._pending.append((completion, run))
        self._flush_wanted.set()

    async def _fail(self, run: RunningJob, message: str, *, kind: str, permanent: bool) -> None:
        job = run.job
        backoff = retry_delay(job.attempts, self.settings.retry_backoff)
        outcome = await self._persist(lambda: self.queue.fail(job, message, kind=kind, permanent=permanent, backoff_seconds=backoff))
        if outcome is FailReply.FAILED:
            self.failed += 1
        self._log_end(run, outcome or "unreported", error_kind=kind)
        self._release_slot(run)

    def _forget(self, run: RunningJob, why: str) -> None:
        log.warning("job dropped", extra={"job_id": run.job.id, "worker": self.id, "reason": why, "attempt": run.job.attempts})
        self._release_slot(run)

    def _release_slot(self, run: RunningJob) -> None:
        self.running.pop(run.job.attempt, None)
        self._capacity.set()

    def _log_end(self, run: RunningJob, status: str, **extra: Any) -> None:
        if status == "lost":  # the work is thrown away: someone should be able to see it
            log.warning("job result dropped: this worker no longer holds the job (its lease ran out, it was purged, "
                        "or Redis lost it)", extra={"job_id": run.job.id, "worker": self.id, "attempt": run.job.attempts})  # fmt: skip
            return
        if log.isEnabledFor(logging.INFO):
            log.info(
                "job finished",
                extra={
                    "job_id": run.job.id, "worker": self.id, "status": status, "attempt": run.job.attempts,
                    "duration_ms": round((time.monotonic() - run.started) * 1000, 1), **extra,
                },
            )  # fmt: skip

    async def _persist(self, call: Callable[[], Awaitable[T]]) -> T | None:
        """Retry a queue write through a Redis outage; give up only when shutdown is forced."""
        while True:
            try:
                reply = await call()
                self.redis_state.ok()
                return reply
            except QueueUnavailable as exc:
                if self._cut_grace.is_set():
                    return None  # the lease will expire and another worker redoes the job
                await asyncio.sleep(self.redis_state.failed(exc))

    # ------------------------------------------------------------------ writing results
    async def _flush_loop(self) -> None:
        while True:
            await self._flush_wanted.wait()
            self._flush_wanted.clear()
            await self._flush()
            if self._closing.is_set() and (not self._pending or self._cut_grace.is_set()):
                return

    async def _flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        try:
            lost = set(await self.queue.complete([c for c, _ in batch]))
            self.redis_state.ok()
        except QueueUnavailable as exc:
            self._pending[:0] = batch  # keep them; try again after a pause
            await asyncio.sleep(self.redis_state.failed(exc))
            self._flush_wanted.set()
            return
        for completion, run in batch:
            if completion.attempt in lost:
                self._log_end(run, "lost")
            else:
                self.processed += 1
                self._log_end(run, completion.status)
            self.running.pop(run.job.attempt, None)
        self._capacity.set()

    # ------------------------------------------------------------------ shutdown
    async def _drain(self) -> None:
        """Let running jobs finish within SHUTDOWN_GRACE, then hand the rest back at once."""
        pending: set[asyncio.Future[Any]] = {run.task for run in self.running.values() if run.task is not None and not run.task.done()}
        if pending:
            log.info("draining", extra={"worker": self.id, "in_flight": len(pending), "grace_s": self.settings.shutdown_grace})
        cut = asyncio.ensure_future(self._cut_grace.wait())
        deadline = self.loop.time() + self.settings.shutdown_grace
        while pending and not cut.done() and (remaining := deadline - self.loop.time()) > 0:
            _, pending = await asyncio.wait({*pending, cut}, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            pending.discard(cut)
        cut.cancel()
        unfinished = [run for run in self.running.values() if run.task is not None and not run.task.done()]
        for run in unfinished:
            run.stop_reason = StopReason.SHUTDOWN
        if unfinished:
            # Cancelled until they end (run() waits for that before it returns), but the jobs go
            # back to the queue after STOP_JOBS_SECONDS whatever a handler's cleanup does meanwhile.
            self._stopping_jobs = asyncio.ensure_future(stop_tasks(run.task for run in unfinished if run.task is not None))
            await asyncio.wait({self._stopping_jobs}, timeout=STOP_JOBS_SECONDS)
            if not self._stopping_jobs.done():
                log.warning("jobs still running after their cancel", extra={"worker": self.id, "jobs": len(unfinished)})
            handed = await self._persist(lambda: self.queue.release([run.job for run in unfinished]))
            log.info("handed jobs back", extra={"worker": self.id, "jobs": handed or 0})
            for run in unfinished:
                self.running.pop(run.job.attempt, None)

    # ------------------------------------------------------------------ heartbeat and sweep
    async def _every(self, seconds: float, step: Callable[[], Awaitable[None]]) -> None:
        while not self._closing.is_set():
            try:
                await asyncio.wait_for(self._closing.wait(), seconds)
            except TimeoutError:
                await step()

    async def _heartbeat_once(self) -> None:
        info: dict[str, str | int] = {
            "host": socket.gethostname(), "pid": os.getpid(), "started_at": self.started_at,
            "concurrency": self.concurrency, "in_flight": len(self.running),
            "processed": self.processed, "failed": self.failed,
            "state": "draining" if self._stopping else "running",
        }  # fmt: skip
        runs = list(self.running.values())
        try:
            reply = await self.queue.renew(self.id, [r.job for r in runs], info, ttl_ms=int(self.settings.worker_ttl_seconds * 1000))
            self.redis_state.ok()
        except QueueUnavailable as exc:
            self.redis_state.failed(exc)
            return
        for reason, attempts in ((StopReason.LOST, reply.lost), (StopReason.CANCEL, reply.cancel)):
            for attempt in attempts:
                if (run := self.running.get(attempt)) is not None and run.stop_reason is None:
                    run.interrupt(reason)

    async def _sweep_once(self) -> None:
        try:
            swept = await self.queue.sweep()
            self.redis_state.ok()
        except QueueUnavailable as exc:
            self.redis_state.failed(exc)
            return
        if swept.requeued or swept.failed:
            log.info("recovered stalled jobs", extra={"worker": self.id, "requeued": swept.requeued, "failed": swept.failed})

