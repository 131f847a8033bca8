"""The sandbox pool (shared/worker/sandbox.py) with real child processes: results, events, errors,
each hard limit, crashes, cancellation, replacement. Targets live in tests/sandbox_targets.py."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import pytest

from shared.errors import (
    CpuLimitExceeded,
    JobCancelled,
    MemoryLimitExceeded,
    NotAPdf,
    OutputLimitExceeded,
    SandboxFailed,
    WallLimitExceeded,
)
from shared.worker.sandbox import Limits, SandboxPool, run_inline

T = "tests.sandbox_targets:"
LIMITS = Limits(memory_mb=256, cpu_seconds=5, wall_seconds=10, output_mb=1)


@asynccontextmanager
async def sandbox(size: int = 1, max_calls: int = 500, event_interval: float = 0.0,
                  **limits: Any) -> AsyncIterator[SandboxPool]:
    pool = SandboxPool(replace(LIMITS, **limits), size=size, max_calls=max_calls, log_level="WARNING",
                       event_interval=event_interval)  # fmt: skip
    pool.start()
    await pool.wait_ready()
    try:
        yield pool
    finally:
        await pool.close()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def replaced(pool: SandboxPool, old: list[int]) -> list[int]:
    """Wait until the pool is back to full strength without the old pids; returns the new ones."""
    await pool.wait_ready()
    assert not set(pool.pids) & set(old)
    assert not any(alive(pid) for pid in old)
    return pool.pids


async def test_a_call_returns_its_result_and_streams_its_events() -> None:
    async with sandbox() as pool:
        events: list[dict] = []
        started: list[int] = []

        async def on_start(pid: int) -> None:
            started.append(pid)

        out = await pool.run(T + "echo", b"x" * 100_000, {"events": 3}, on_start=on_start, on_event=events.append)
        assert out["size"] == 100_000 and out["params"] == {"events": 3}
        assert out["pid"] != os.getpid() and started == [out["pid"]] == pool.pids
        assert events == [{"i": 0}, {"i": 1}, {"i": 2}]
        again = await pool.run(T + "echo", b"", {})
        assert again["pid"] == out["pid"]  # the same pre-started process serves the next call


async def test_a_child_gets_no_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOOGLE_API_KEY", "secret")
    monkeypatch.setenv("REDIS_URL", "redis://:password@localhost/0")
    async with sandbox() as pool:
        names = (await pool.run(T + "environment", b"", {}))["names"]
    assert "PATH" in names and "GOOGLE_API_KEY" not in names and "REDIS_URL" not in names


async def test_a_child_drops_droppable_events_within_the_interval() -> None:
    async with sandbox(event_interval=10.0) as pool:
        events: list[dict] = []
        await pool.run(T + "echo", b"", {"events": 5, "droppable": True}, on_event=events.append)
        assert events == [{"i": 0}]  # the next ones came within 10 s of it
        events.clear()
        await pool.run(T + "echo", b"", {"events": 3}, on_event=events.append)
        assert events == [{"i": 0}, {"i": 1}, {"i": 2}]  # not droppable: every one


async def test_errors_come_back_with_their_class_and_the_process_serves_on() -> None:
    async with sandbox() as pool:
        [pid] = pool.pids
        with pytest.raises(NotAPdf, match="not a PDF"):
            await pool.run(T + "refuse", b"", {})
        with pytest.raises(SandboxFailed, match="IndexError"):
            await pool.run(T + "bug", b"", {})
        assert (await pool.run(T + "echo", b"", {}))["pid"] == pid


async def test_cpu_limit_stops_the_call_and_the_process_is_replaced() -> None:
    async with sandbox(cpu_seconds=1, wall_seconds=60) as pool:
        old = pool.pids
        t = time.monotonic()
        with pytest.raises(CpuLimitExceeded, match="more than 1 s of CPU") as caught:
            await pool.run(T + "spin", b"", {})
        assert time.monotonic() - t < 20 and caught.value.limit == 1  # 1-2 s of CPU; more wall time on a busy machine
        await replaced(pool, old)
        assert (await pool.run(T + "echo", b"", {}))["size"] == 0


async def test_a_broken_limit_is_told_with_what_channel_extend_added() -> None:
    """A call that was granted 2 more seconds is stopped at 1 + 2 s of CPU and told so; one that crashed
    after using more than its first CPU second (within what it was granted) is a crash, not a CPU limit."""
    async with sandbox(cpu_seconds=1, wall_seconds=60, extension_seconds=5) as pool:
        with pytest.raises(CpuLimitExceeded, match="more than 3 s of CPU") as caught:
            await pool.run(T + "extend_and_burn", b"", {"extend": 2, "burn": 0})
        assert caught.value.limit == 3
        with pytest.raises(SandboxFailed, match="SIGABRT"):
            await pool.run(T + "extend_and_burn", b"", {"extend": 2, "burn": 1.5, "abort": True})
    async with sandbox(wall_seconds=0.4, extension_seconds=0.5) as pool:
        with pytest.raises(WallLimitExceeded, match="more than 0.9 s"):
            await pool.run(T + "extend_and_burn", b"", {"extend": 0.5, "burn": 0})


async def test_wall_limit_kills_a_call_that_waits() -> None:
    async with sandbox(wall_seconds=0.4) as pool:
        old = pool.pids
        t = time.monotonic()
        with pytest.raises(WallLimitExceeded, match="more than 0.4 s"):
            await pool.run(T + "sleep", b"", {"seconds": 30})
        assert time.monotonic() - t < 2
        await replaced(pool, old)


async def test_memory_limit_is_a_hard_address_space_limit() -> None:
    async with sandbox(memory_mb=128) as pool:
        old = pool.pids
        with pytest.raises(MemoryLimitExceeded, match="more than 128 MB of memory"):
            await pool.run(T + "hog", b"", {})
        await replaced(pool, old)


async def test_output_limit() -> None:
    async with sandbox(output_mb=1) as pool:
        assert len((await pool.run(T + "flood", b"", {"bytes": 500_000}))["text"]) == 500_000
        with pytest.raises(OutputLimitExceeded, match="more than 1 MB"):
            await pool.run(T + "flood", b"", {"bytes": 2_000_000})


async def test_a_crash_fails_the_call_alone_and_the_process_is_replaced() -> None:
    async with sandbox(size=2) as pool:
        old = pool.pids
        crash = asyncio.create_task(pool.run(T + "abort", b"", {}))
        other = asyncio.create_task(pool.run(T + "sleep", b"", {"seconds": 0.3}))
        with pytest.raises(SandboxFailed, match="SIGABRT"):
            await crash
        assert await other == {}
        await pool.wait_ready()
        assert len(set(pool.pids) - set(old)) == 1  # only the crashed process was replaced


async def test_stopping_a_call_kills_its_process() -> None:
    async with sandbox() as pool:
        [pid] = pool.pids
        events: list[dict] = []

        def should_stop() -> None:
            if events:
                raise JobCancelled("cancel")

        t = time.monotonic()
        with pytest.raises(JobCancelled):
            await pool.run(T + "sleep", b"", {"seconds": 30}, on_event=events.append, should_stop=should_stop)
        assert time.monotonic() - t < 2
        await replaced(pool, [pid])


async def test_cancelling_the_caller_kills_the_process() -> None:
    async with sandbox() as pool:
        [pid] = pool.pids
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(pool.run(T + "sleep", b"", {"seconds": 30}), 0.3)
        await replaced(pool, [pid])


async def test_calls_wait_for_a_free_process_and_processes_are_recycled() -> None:
    async with sandbox(size=1, max_calls=2) as pool:
        outs = await asyncio.gather(*(pool.run(T + "echo", b"", {"n": n}) for n in range(4)))
        assert [o["params"]["n"] for o in outs] == [0, 1, 2, 3]
        pids = [o["pid"] for o in outs]
        assert pids[0] == pids[1] and pids[2] == pids[3] and pids[1] != pids[2]
        assert pool.started >= 2


async def test_signals_for_the_worker_do_not_stop_a_call() -> None:
    """SIGTERM/SIGINT reach the whole process group from a terminal or some supervisors: the worker drains."""
    async with sandbox() as pool:
        [pid] = pool.pids

        async def on_start(child: int) -> None:
            asyncio.get_running_loop().call_later(0.1, os.kill, child, signal.SIGTERM)
            asyncio.get_running_loop().call_later(0.15, os.kill, child, signal.SIGINT)

        assert await pool.run(T + "sleep", b"", {"seconds": 0.4}, on_start=on_start) == {}
        assert pool.pids == [pid]


async def test_close_ends_every_process() -> None:
    async with sandbox(size=2) as pool:
        pids = pool.pids
        assert all(alive(pid) for pid in pids)
    assert not any(alive(pid) for pid in pids)


async def test_a_sandbox_that_cannot_start_fails_calls_instead_of_hanging() -> None:
    pool = SandboxPool(LIMITS, size=1, preload=["tests.no_such_module"], log_level="CRITICAL", restart_delay=0.01)
    pool.start()
    try:
        with pytest.raises(SandboxFailed, match="cannot start"):
            await asyncio.wait_for(pool.run(T + "echo", b"", {}), 30)
    finally:
        await pool.close()


def test_how_a_dead_child_is_attributed() -> None:
    from types import SimpleNamespace

    from shared.worker.sandbox import death_cause

    abort = signal.SIGABRT  # the status of a process killed by a signal is the signal number
    mb = 1024  # ru_maxrss is in KiB

    def usage(cpu: float, peak_mb: int) -> SimpleNamespace:
        return SimpleNamespace(ru_utime=cpu, ru_stime=0.0, ru_maxrss=peak_mb * mb)

    limits = replace(LIMITS, memory_mb=256, cpu_seconds=5)
    assert isinstance(death_cause(signal.SIGXCPU, usage(5.1, 30), limits), CpuLimitExceeded)
    assert isinstance(death_cause(signal.SIGKILL, usage(5.0, 30), limits), CpuLimitExceeded)
    assert isinstance(death_cause(abort, usage(0.3, 250), limits), MemoryLimitExceeded)
    assert isinstance(death_cause(abort, usage(0.3, 30), limits), SandboxFailed)  # a crash, not memory
    # ru_maxrss starts at the worker's peak (carried across exec): only growth above it is the child's
    assert isinstance(death_cause(abort, usage(0.3, 300), limits, inherited_maxrss_kib=300 * mb), SandboxFailed)
    assert isinstance(death_cause(abort, usage(0.3, 301), limits, inherited_maxrss_kib=300 * mb), MemoryLimitExceeded)
    # the worker's peak (600 MB) above the child's own (300 MB, seen while it ran): ru_maxrss says only 600
    assert isinstance(death_cause(abort, usage(0.3, 600), limits, inherited_maxrss_kib=600 * mb,
                                  seen_peak_kib=300 * mb), MemoryLimitExceeded)  # fmt: skip
    assert isinstance(death_cause(abort, usage(0.3, 600), limits, inherited_maxrss_kib=600 * mb,
                                  seen_peak_kib=30 * mb), SandboxFailed)  # fmt: skip


async def test_a_child_out_of_memory_is_told_so_when_the_worker_peaked_higher() -> None:
    """The worker (this process) peaked at 600 MB before its sandbox started; its child fills 250 MB of a
    400 MB limit and aborts (as PDFium does when malloc fails): its own peak is what counts."""
    big = bytearray(b"x") * (600 << 20)
    del big
    async with sandbox(memory_mb=400) as pool:
        with pytest.raises(MemoryLimitExceeded):
            await pool.run(T + "grow_and_abort", b"", {"mb": 250})
        with pytest.raises(SandboxFailed, match="SIGABRT"):
            await pool.run(T + "grow_and_abort", b"", {"mb": 1})


async def test_inline_runs_the_same_call_in_a_thread() -> None:
    events: list[dict] = []
    out = await run_inline(None, T + "echo", b"abc", {"events": 2}, on_event=events.append)
    await asyncio.sleep(0)
    assert out["pid"] == os.getpid() and out["size"] == 3 and events == [{"i": 0}, {"i": 1}]
