"""A small pool of pre-started child processes that run one call at a time under hard limits.

A job's CPU work (PDF parsing today, OCR later) runs library code on untrusted input. Run in
the worker process, one hostile input can take all the memory, a core for minutes, or the
process itself, and with it every other job the process holds. Run here, it can only break
its own limits, and then it alone fails:

- address space: RLIMIT_AS, set once when the child starts (`Limits.memory_mb`);
- CPU seconds per call: RLIMIT_CPU, re-armed before each call; the kernel stops the child;
- wall time per call: the parent kills the child;
- output: the parent never reads a frame larger than `Limits.output_mb`.

Work whose cost grows with its input in a way known only inside (OCR: each scanned page costs
seconds) calls `channel.extend(seconds)`: the child raises its own CPU limit and the parent moves
the wall deadline by that much, up to `Limits.extension_seconds` in total per call. A limit broken
after that is reported with what was allowed (the base plus the extensions), and so is a death.

A call that breaks a limit raises the matching `LimitExceeded`; its child is killed and replaced
while the worker process, its heartbeats and its other jobs carry on. Children start ahead of
time (interpreter, imports, a warm-up call), so a call pays only a local round trip. Each child
serves one call at a time; it is replaced after `max_calls` calls, when its peak memory passed
half its limit, or after it was killed (cancel, timeout, lost lease, a broken limit).

The call is `target(data, params, channel) -> dict`: `target` names a 'module:function' (resolved
in the child: nothing is pickled), `data` is the raw input, `params` and the result are JSON,
`channel.emit(event)` streams small JSON progress events back (a child drops a `droppable` one,
e.g. another page, within `event_interval` of the last one sent), and `channel.check()` raises
JobCancelled when the work should stop (in a child it never does: the parent kills the child
instead). `run_inline` makes the same call in a thread of this process: no limits; it is what a
worker without a sandbox (ANALYSIS_SANDBOX=false, unit tests) uses.

Wire format over a socketpair: frames of one kind byte, a 4-byte big-endian body length and the body.
A CALL body is a 4-byte header length, the JSON header (target, params, cpu_seconds) and the data.

A child that dies anyway is attributed from its exit status and resource usage (os.wait4):
SIGXCPU or its CPU time past the limit -> CpuLimitExceeded; a peak RSS at least half its address
space limit (RLIMIT_AS makes malloc fail, and PDFium then aborts) -> MemoryLimitExceeded;
anything else -> SandboxFailed (retryable; only the job in that child is charged).
"""

from __future__ import annotations

import asyncio
import collections
import enum
import functools
import importlib
import logging
import math
import os
import signal
import socket
import struct
import subprocess
import sys
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import pydantic_core

from shared.errors import (
    BTAError,
    CpuLimitExceeded,
    LimitExceeded,
    MemoryLimitExceeded,
    OutputLimitExceeded,
    SandboxFailed,
    WallLimitExceeded,
)

log = logging.getLogger("bta.sandbox")

ROOT = Path(__file__).resolve().parents[2]
HEADER = struct.Struct(">BI")  # frame kind, body length
CALL_HEADER = struct.Struct(">I")  # JSON header length inside a CALL body
STOP_POLL_SECONDS = 0.05  # how often a running call looks at `should_stop`
START_TIMEOUT = 60.0  # seconds a new child may take to import and warm up
MEMORY_DEATH_SHARE = 0.5  # a child that dies with a peak RSS above this share of its limit ran out of memory
SPAWN_FAILURES_BEFORE_BROKEN = 3
EVENT_INTERVAL_SECONDS = 0.05  # at most ~20 droppable (page) events a second from a child

Event = dict[str, Any]
EventHook = Callable[[Event], None]
StopHook = Callable[[], None]  # raises (JobCancelled, LeaseLost) when the work should stop
StartHook = Callable[[int], Awaitable[None]]  # awaited with the child's pid before the call is sent


class Frame(enum.IntEnum):
    READY = 1  # child -> parent, once: {"pid", "inherited_maxrss_kib"}
    CALL = 2  # parent -> child: header + data
    EVENT = 3  # child -> parent: a progress event
    RESULT = 4  # child -> parent: {"value", "retire"}
    ERROR = 5  # child -> parent: {"type", "message"} | {"limit"} | {"internal"}; and "retire"


class LimitKind(enum.StrEnum):
    MEMORY = "memory"
    CPU = "cpu"
    WALL = "wall"
    OUTPUT = "output"


@dataclass(frozen=True, slots=True)
class Limits:
    memory_mb: int  # address space of the child
    cpu_seconds: int  # CPU time per call
    wall_seconds: float  # wall time per call
    output_mb: float  # largest frame the child may send
    extension_seconds: float = 0.0  # the most channel.extend() may add to the CPU and wall limits of one call

    @property
    def output_bytes(self) -> int:
        return int(self.output_mb * 1024 * 1024)

    def error(self, kind: LimitKind) -> LimitExceeded:
        """The error for a broken limit, worded for whoever submitted the work."""
        cls, field, message = LIMIT_ERRORS[kind]
        value = getattr(self, field)
        return cls(message.format(value), value)


# Each limit: its error, the Limits field holding its value, and the message ({} is the value).
LIMIT_ERRORS: dict[LimitKind, tuple[type[LimitExceeded], str, str]] = {
    LimitKind.MEMORY: (MemoryLimitExceeded, "memory_mb", "the work needed more than {:g} MB of memory and was stopped"),
    LimitKind.CPU: (CpuLimitExceeded, "cpu_seconds", "the work took more than {:g} s of CPU and was stopped"),
    LimitKind.WALL: (WallLimitExceeded, "wall_seconds", "the work took more than {:g} s and was stopped"),
    LimitKind.OUTPUT: (OutputLimitExceeded, "output_mb", "the work produced more than {:g} MB of output"),
}


class Channel(Protocol):
    def emit(self, event: Event, *, droppable: bool = False) -> None:
        """Send a small JSON progress event to the parent (fire and forget). A `droppable` one (the
        next page of many) may be skipped when another was sent less than `event_interval` ago."""

    def check(self) -> None:
        """Raise JobCancelled if the work should stop (inline runs; a child is killed instead)."""

    def extend(self, seconds: float) -> None:
        """Add `seconds` to this call's CPU and wall limits (up to Limits.extension_seconds per call)."""


Target = Callable[[bytes, dict[str, Any], Channel], dict[str, Any]]


def resolve(target: str) -> Target:
    """'package.module:function' -> the function."""
    module, _, name = target.partition(":")
    if not module or not name:
        raise ValueError(f"a sandbox target is 'module:function', not {target!r}")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def frame(kind: Frame, body: bytes) -> bytes:
    return HEADER.pack(kind, len(body)) + body


def dumps(value: Any) -> bytes:
    """JSON for the wire. pydantic's Rust core (a dependency already) writes a 25 KB result in 0.07 ms
    where the json module takes 0.24, and reads it back in 0.10 ms instead of 0.16: both ends of every report."""
    return pydantic_core.to_json(value)


def loads(data: bytes) -> Any:
    return pydantic_core.from_json(data)


def known_error(name: str) -> type[BTAError] | None:
    """The project's error class a child named in an ERROR frame: a BTAError subclass loaded in this
    process (the job errors of shared/errors.py, and whatever errors the application defines), by
    class name. Never imports anything: a child taken over by its input cannot make us load code."""
    pending: list[type[BTAError]] = [BTAError]
    while pending:
        cls = pending.pop()
        if cls.__name__ == name:
            return cls
        pending.extend(cls.__subclasses__())
    return None


# ---------------------------------------------------------------------------------- inline


class _InlineChannel:
    def __init__(self, loop: asyncio.AbstractEventLoop, on_event: EventHook | None, should_stop: StopHook | None) -> None:
        self._loop, self._on_event, self._should_stop = loop, on_event, should_stop

    def emit(self, event: Event, *, droppable: bool = False) -> None:
        if self._on_event is not None:
            self._loop.call_soon_threadsafe(self._on_event, event)

    def check(self) -> None:
        if self._should_stop is not None:
            self._should_stop()

    def extend(self, seconds: float) -> None:
        return None  # no limits inline


async def run_inline(executor: Executor | None, target: str, data: bytes, params: dict[str, Any], *,
                     on_event: EventHook | None = None, should_stop: StopHook | None = None) -> dict[str, Any]:
    """The sandboxed call without a sandbox: in `executor`'s threads, no limits. Events reach
    `on_event` on the loop's thread, as from a child."""
    loop = asyncio.get_running_loop()
    channel = _InlineChannel(loop, on_event, should_stop)
    return await loop.run_in_executor(executor, functools.partial(resolve(target), data, params, channel))


# ---------------------------------------------------------------------------------- children


class _Child:
    """One child process: its socket, its exit status once reaped, whether it may serve again."""

    def __init__(self, popen: subprocess.Popen[bytes], reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.popen = popen
        self.pid = popen.pid
        self.reader = reader
        self.writer = writer
        self.exited: asyncio.Future[tuple[int, Any]] = asyncio.get_running_loop().create_future()
        self.reusable = True  # False once killed, dead, asked to retire or left mid-call
        self.killed_for: LimitKind | str | None = None
        self.inherited_maxrss_kib = 0  # its ru_maxrss at start: the worker's peak, carried across exec
        self.seen_peak_kib = 0  # its own peak RSS (VmHWM) as last seen during a call (see sample_peak)

    def sample_peak(self) -> None:
        """Note the child's own peak RSS (VmHWM: from its exec on, nothing inherited). ru_maxrss at its death
        says only max(the worker's peak, its own): when the worker's was higher, this is all that tells."""
        if self.exited.done():
            return
        try:
            with open(f"/proc/{self.pid}/status", "rb") as f:
                for line in f:
                    if line.startswith(b"VmHWM:"):
                        self.seen_peak_kib = max(self.seen_peak_kib, int(line.split()[1]))
                        return
        except (OSError, ValueError):  # gone, or not Linux
            return

    def kill(self, why: LimitKind | str) -> None:
        self.reusable = False
        if self.exited.done():
            return  # reaped: the pid may belong to someone else by now
        self.killed_for = self.killed_for or why
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def close_socket(self) -> None:
        self.writer.close()

    async def _next_frame(self, limit: int) -> tuple[int, bytes]:
        head = await self.reader.readexactly(HEADER.size)
        kind, length = HEADER.unpack(head)
        if length > limit:
            raise _TooLarge
        return kind, await self.reader.readexactly(length)

    async def call(self, target: str, data: bytes, params: dict[str, Any], limits: Limits, *,
                   on_event: EventHook | None, should_stop: StopHook | None, event_interval: float) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        header = dumps({"target": target, "params": params, "cpu_seconds": limits.cpu_seconds,
                        "extension_seconds": limits.extension_seconds, "event_interval": event_interval})  # fmt: skip
        self.writer.write(HEADER.pack(Frame.CALL, CALL_HEADER.size + len(header) + len(data)))
        self.writer.write(CALL_HEADER.pack(len(header)) + header)
        self.writer.write(data)
        deadline = loop.time() + limits.wall_seconds
        extension_left = limits.extension_seconds
        stopped: list[BaseException] = []  # why the watch below killed the child
        timer: asyncio.TimerHandle  # the next watch

        def watch() -> None:
            """Every STOP_POLL_SECONDS: past the wall limit, or asked to stop? Kill the child; the read
            below then ends (EOF) and raises the reason."""
            nonlocal timer
            self.sample_peak()
            try:
                if loop.time() >= deadline:
                    raise limits.error(LimitKind.WALL)
                if should_stop is not None:
                    should_stop()
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting call below
                stopped.append(exc)
                self.kill(LimitKind.WALL if isinstance(exc, WallLimitExceeded) else "stopped")
                return
            timer = loop.call_later(min(STOP_POLL_SECONDS, max(0.0, deadline - loop.time())), watch)

        timer = loop.call_later(min(STOP_POLL_SECONDS, limits.wall_seconds), watch)
        finished = False
        try:
            await self.writer.drain()
            while True:
                kind, body = await self._next_frame(limits.output_bytes)
                if kind == Frame.EVENT:
                    event = loads(body)
                    if "extend" in event:  # channel.extend(): the child raised its CPU limit as much
                        granted = max(0.0, min(float(event["extend"]), extension_left))
                        extension_left -= granted
                        deadline += granted
                        limits = extended(limits, granted)
                    elif on_event is not None:
                        on_event(event)
                    continue
                finished = True
                reply = loads(body)
                if reply.get("retire"):
                    self.reusable = False
                if kind == Frame.RESULT:
                    return reply["value"]  # type: ignore[no-any-return]
                raise self._error(reply, limits)
        except _TooLarge:
            self.kill(LimitKind.OUTPUT)
            raise limits.error(LimitKind.OUTPUT) from None
        except (asyncio.IncompleteReadError, ConnectionError):
            if stopped:
                raise stopped[0] from None
            raise await self._death(limits) from None  # `limits` with the extensions granted so far
        finally:
            timer.cancel()
            if not finished:
                self.kill("stopped mid-call")  # cancelled, stopped, timed out or dead: never reuse it

    def _error(self, reply: dict[str, Any], limits: Limits) -> Exception:
        if "limit" in reply:
            self.reusable = False
            return limits.error(LimitKind(reply["limit"]))
        cls = known_error(reply.get("type", ""))
        if cls is not None:
            return cls(reply.get("message", ""))
        return SandboxFailed(f"the sandboxed work raised {reply.get('internal', 'an error')}")

    async def _death(self, limits: Limits) -> Exception:
        """Why the child died in the middle of a call."""
        self.reusable = False
        try:
            status, usage = await asyncio.wait_for(asyncio.shield(self.exited), 5.0)
        except TimeoutError:
            self.kill("closed its socket mid-call")
            status, usage = await self.exited
        if isinstance(self.killed_for, LimitKind):
            return limits.error(self.killed_for)
        return death_cause(status, usage, limits, inherited_maxrss_kib=self.inherited_maxrss_kib,
                           seen_peak_kib=self.seen_peak_kib)  # fmt: skip


class _TooLarge(Exception):
    pass


def extended(limits: Limits, seconds: float) -> Limits:
    """`limits` after channel.extend(seconds) was granted: the child raised its CPU limit by the whole
    seconds above it (sandbox_child.SocketChannel.extend), the parent moved its wall deadline."""
    return replace(limits, cpu_seconds=limits.cpu_seconds + math.ceil(seconds),
                   wall_seconds=limits.wall_seconds + seconds)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Usage:
    ru_utime: float = 0.0
    ru_stime: float = 0.0
    ru_maxrss: int = 0


_NO_USAGE = _Usage()


def death_cause(status: int, usage: Any, limits: Limits, *, inherited_maxrss_kib: int = 0,
                seen_peak_kib: int = 0) -> Exception:
    """The error for a child that died during a call, from its wait status and rusage. ru_maxrss starts
    at the worker's own peak (`inherited_maxrss_kib`, carried across exec): only a peak above that is the
    child's own; at or below it, the child's own peak is the last one seen while it ran (`seen_peak_kib`,
    sampled every STOP_POLL_SECONDS)."""
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    if code == -signal.SIGXCPU or cpu >= limits.cpu_seconds:
        return limits.error(LimitKind.CPU)
    own_peak_kib = max(usage.ru_maxrss if usage.ru_maxrss > inherited_maxrss_kib else 0, seen_peak_kib)
    if own_peak_kib * 1024 >= MEMORY_DEATH_SHARE * limits.memory_mb * 1024 * 1024:
        return limits.error(LimitKind.MEMORY)
    how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
    return SandboxFailed(f"the sandbox process stopped unexpectedly ({how})")


# ---------------------------------------------------------------------------------- the pool


class SandboxPool:
    """`size` pre-started children; `run()` borrows one for one call. Create, start and close it
    inside the event loop that uses it."""

    def __init__(self, limits: Limits, *, size: int = 2, preload: Sequence[str] = (), max_calls: int = 500,
                 log_level: str = "INFO", log_format: str = "json", restart_delay: float = 0.5, nice: int = 0,
                 event_interval: float = EVENT_INTERVAL_SECONDS) -> None:
        self.limits = limits
        self.event_interval = event_interval  # a child drops a droppable event this soon after the last
        self.nice = nice  # children run at least this nice (the API's embedded workers: below the HTTP loop)
        self.restart_delay = restart_delay  # first pause after a failed start; doubles per failure
        self.size = size
        self.preload = tuple(preload)
        self.max_calls = max_calls
        self.log_level, self.log_format = log_level, log_format
        self._live: set[_Child] = set()
        self._idle: collections.deque[_Child] = collections.deque()
        self._waiters: collections.deque[asyncio.Future[_Child]] = collections.deque()
        self._broken: str | None = None
        self._closed = False
        self._spawner: asyncio.Task[None] | None = None
        self._wanted: asyncio.Event | None = None  # set when a child should be started
        self.started = 0  # children started so far (tests, logs)

    @classmethod
    def from_settings(cls, settings: Any, *, preload: Sequence[str] = ()) -> SandboxPool:
        limits = Limits(memory_mb=settings.analysis_memory_limit_mb, cpu_seconds=settings.analysis_cpu_seconds,
                        wall_seconds=settings.analysis_wall_seconds, output_mb=settings.analysis_max_output_mb,
                        extension_seconds=settings.analysis_extension_seconds)  # fmt: skip
        return cls(limits, size=settings.analysis_processes, preload=preload,
                   max_calls=settings.analysis_jobs_per_process, log_level=settings.log_level,
                   log_format=settings.log_format, nice=settings.worker_nice)  # fmt: skip

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Begin starting children in the background (a call made meanwhile waits for the first)."""
        self._wanted = asyncio.Event()
        self._wanted.set()
        self._spawner = asyncio.create_task(self._keep_filled(), name="sandbox-spawner")

    async def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        """Until every child is up and idle (tests and benchmarks)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self._idle) < self.size:
            if self._broken is not None:
                raise SandboxFailed(self._broken)
            if loop.time() > deadline:
                raise TimeoutError(f"the sandbox started {len(self._idle)} of {self.size} processes in {timeout:g} s")
            await asyncio.sleep(0.01)

    async def close(self) -> None:
        self._closed = True
        if self._spawner is not None:
            self._spawner.cancel()
            await asyncio.gather(self._spawner, return_exceptions=True)
        self._fail_waiters("the sandbox is shutting down")
        children = list(self._live)
        for child in children:
            child.kill("shutdown")
        for child in children:
            child.close_socket()
            try:
                await asyncio.wait_for(asyncio.shield(child.exited), 5.0)
            except TimeoutError:
                log.warning("sandbox process did not exit", extra={"pid": child.pid})
        self._live.clear()
        self._idle.clear()

    @property
    def pids(self) -> list[int]:
        return sorted(child.pid for child in self._live)

    # ------------------------------------------------------------------ calls
    async def run(self, target: str, data: bytes, params: dict[str, Any], *, on_start: StartHook | None = None,
                  on_event: EventHook | None = None, should_stop: StopHook | None = None) -> dict[str, Any]:
        """Run `target(data, params, channel)` in a child; its result, or the error it raised, or the
        LimitExceeded it broke. `on_start(pid)` runs once a child is assigned, before the call is sent.
        Cancelling the caller kills the child."""
        child = await self._checkout()
        try:
            if on_start is not None:
                await on_start(child.pid)
        except BaseException:
            self._checkin(child)
            raise
        try:
            return await child.call(target, data, params, self.limits, on_event=on_event, should_stop=should_stop,
                                    event_interval=self.event_interval)  # fmt: skip
        finally:
            if child.reusable:
                self._checkin(child)
            else:
                self._retire(child)

    async def _checkout(self) -> _Child:
        while True:
            while self._idle:
                child = self._idle.pop()  # the one used last: its caches are warm, its pages resident
                if child.reusable:
                    return child
            if self._broken is not None or self._closed:
                raise SandboxFailed(self._broken or "the sandbox is shutting down")
            waiter: asyncio.Future[_Child] = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                child = await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                    self._checkin(waiter.result())  # handed to us as we were cancelled: pass it on
                raise
            if child.reusable:
                return child

    def _checkin(self, child: _Child) -> None:
        if not child.reusable:
            self._retire(child)
            return
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(child)
                return
        self._idle.append(child)

    def _retire(self, child: _Child) -> None:
        """Kill (if still running) and forget a child; the spawner starts a replacement."""
        child.reusable = False
        if child in self._live:
            self._live.discard(child)
            if child.killed_for is not None and child.killed_for != "shutdown":
                log.info("sandbox process stopped", extra={"pid": child.pid, "reason": str(child.killed_for)})
            child.kill(child.killed_for or "retired")
            child.close_socket()
            if not self._closed and self._wanted is not None:
                self._wanted.set()

    def _fail_waiters(self, why: str) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(SandboxFailed(why))

    # ------------------------------------------------------------------ starting children
    async def _keep_filled(self) -> None:
        assert self._wanted is not None
        failures = 0
        while not self._closed:
            await self._wanted.wait()
            self._wanted.clear()
            while len(self._live) < self.size and not self._closed:
                try:
                    child = await self._spawn()
                except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
                    failures += 1
                    log.error("sandbox process failed to start", extra={"reason": f"{type(exc).__name__}: {exc}"[:300],
                                                                         "failures": failures})  # fmt: skip
                    if failures >= SPAWN_FAILURES_BEFORE_BROKEN and not self._idle:
                        self._broken = f"the sandbox cannot start its processes ({type(exc).__name__})"
                        self._fail_waiters(self._broken)
                    await asyncio.sleep(min(30.0, self.restart_delay * 2 ** (failures - 1)))
                    continue
                failures, self._broken = 0, None
                self._live.add(child)
                self._checkin(child)

    async def _spawn(self) -> _Child:
        parent_sock, child_sock = socket.socketpair()
        cmd = [sys.executable, "-m", "shared.worker.sandbox_child", "--fd", str(child_sock.fileno()),
               "--parent", str(os.getpid()), "--memory-mb", str(self.limits.memory_mb),
               "--output-bytes", str(self.limits.output_bytes), "--max-calls", str(self.max_calls),
               "--log-level", self.log_level, "--log-format", self.log_format, "--nice", str(self.nice),
               *(arg for module in self.preload for arg in ("--preload", module))]  # fmt: skip
        try:
            popen = subprocess.Popen(cmd, cwd=ROOT, env=child_environment(), stdin=subprocess.DEVNULL,
                                     pass_fds=(child_sock.fileno(),))  # fmt: skip
        except BaseException:
            parent_sock.close()
            raise
        finally:
            child_sock.close()
        reader, writer = await asyncio.open_connection(sock=parent_sock)
        child = _Child(popen, reader, writer)
        self._watch_exit(child)
        self.started += 1
        try:
            head = await asyncio.wait_for(reader.readexactly(HEADER.size), START_TIMEOUT)
            kind, length = HEADER.unpack(head)
            body = await reader.readexactly(length)
            ready = loads(body) if kind == Frame.READY else {}
            if ready.get("pid") != child.pid:
                raise ValueError("the sandbox process sent no READY frame")
            child.inherited_maxrss_kib = int(ready.get("inherited_maxrss_kib", 0))
        except BaseException:
            child.kill("failed to start")
            child.close_socket()
            raise
        return child

    def _watch_exit(self, child: _Child) -> None:
        """Reap the child when it exits (pidfd on Linux), keeping its status and resource usage."""
        loop = asyncio.get_running_loop()

        def reaped(status: int, usage: Any) -> None:
            child.popen.returncode = os.waitstatus_to_exitcode(status)  # so Popen never waits for it again
            child.reusable = False
            if not child.exited.done():
                child.exited.set_result((status, usage))
            if child in self._idle:
                self._idle.remove(child)
                if not self._closed:
                    log.warning("idle sandbox process exited", extra={"pid": child.pid, "exit": child.popen.returncode})
            self._retire(child)

        try:
            pidfd = os.pidfd_open(child.pid)
        except (AttributeError, OSError):  # pragma: no cover - not Linux >= 5.3: a thread waits instead
            fut = loop.run_in_executor(None, os.wait4, child.pid, 0)
            fut.add_done_callback(lambda f: reaped(f.result()[1], f.result()[2]))
            return

        def readable() -> None:
            usage: Any
            try:
                pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            except ChildProcessError:  # pragma: no cover - someone else reaped it: no status to read
                pid, status, usage = child.pid, 0, _NO_USAGE
            if pid == 0:
                return
            loop.remove_reader(pidfd)
            os.close(pidfd)
            reaped(status, usage)

        loop.add_reader(pidfd, readable)


# The only environment variables a child gets: it needs no secrets (API keys, REDIS_URL), and code
# that an input manages to take over should find none.
CHILD_ENV_NAMES = ("PATH", "HOME", "LANG", "TZ", "TMPDIR")
CHILD_ENV_PREFIXES = ("LC_", "PYTHON")


def child_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k in CHILD_ENV_NAMES or k.startswith(CHILD_ENV_PREFIXES)}


def call_error_reply(exc: BaseException) -> dict[str, Any]:
    """How a child reports an exception from the target (see sandbox_child)."""
    if isinstance(exc, MemoryError):
        return {"limit": LimitKind.MEMORY.value, "retire": True}
    if isinstance(exc, BTAError):
        return {"type": type(exc).__name__, "message": str(exc)}
    return {"internal": type(exc).__name__}
