"""What the machine and its processes use, read from /proc: the one accounting of CPU and memory
for tests and benchmarks (bench/common.py, bench/peers/harness.py, tests/test_sandbox_service.py).

Standard library only: the peer harness imports it from the peers' venv too. Linux; elsewhere
the readers return None (or 0) and the benchmarks record that they could not tell.

CPU is counted in clock ticks from /proc/stat and /proc/<pid>/stat. The machine's busy time is
user + nice + system: the time that shows up in some process's utime/stime. irq, softirq and
steal do not, and guest time is already inside user, so none of them count as busy, and
"everybody else's" share (busy less our own processes') is never inflated by them.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def machine_ticks() -> tuple[int, int] | None:
    """(all ticks, busy ticks) of every core since boot, or None off Linux."""
    try:
        v = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    except (OSError, IndexError, ValueError):
        return None
    return sum(v), v[0] + v[1] + v[2]


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command (state is [0])."""
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return None


def process_ticks(pid: int, *, reaped_children: bool = False) -> int:
    """utime + stime of a process (plus its waited-for children's with `reaped_children`), 0 if gone."""
    f = _stat(pid)
    if f is None:
        return 0
    return int(f[11]) + int(f[12]) + (int(f[13]) + int(f[14]) if reaped_children else 0)


def cpu_seconds(pids: Sequence[int]) -> float:
    """utime + stime of the processes (not their children), in seconds."""
    return sum(process_ticks(pid) for pid in pids) / TICK


def ticks_of(pids: Collection[int], sessions: Collection[int] = ()) -> int:
    """CPU ticks used so far by `pids` and by every live process of the sessions `sessions` (a
    worker started with a session of its own, and all it forked), reaped children included."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        f = _stat(pid)
        if f is not None and (pid in pids or int(f[3]) in sessions):
            total += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])
    return total


class CpuWatch:
    """The share of the machine's CPU that is not ours between creation and `others_share()`:
    all busy time less that of `pids` (this process is always counted as ours) and of the sessions
    given at the end. `machine_busy()`: the whole machine's busy share, ours included."""

    def __init__(self, pids: Collection[int] = (), sessions: Collection[int] = ()) -> None:
        self.pids = {os.getpid(), *pids}
        self.t0 = machine_ticks()
        self.own0 = ticks_of(self.pids, sessions) if self.t0 else 0

    def machine_busy(self) -> float | None:
        t1 = machine_ticks()
        if self.t0 is None or t1 is None or t1[0] <= self.t0[0]:
            return None
        return round((t1[1] - self.t0[1]) / (t1[0] - self.t0[0]), 3)

    def others_share(self, sessions: Collection[int] = ()) -> float | None:
        t1 = machine_ticks()
        if self.t0 is None or t1 is None or t1[0] <= self.t0[0]:
            return None
        own = ticks_of(self.pids, sessions) - self.own0
        return round(max(0.0, (t1[1] - self.t0[1] - own) / (t1[0] - self.t0[0])), 3)


def others_busy(interval: float = 0.5, own_pids: Collection[int] = ()) -> float | None:
    """Share of all cores busy over `interval` with something other than this process and `own_pids`."""
    watch = CpuWatch(own_pids)
    time.sleep(interval)
    return watch.others_share()


def wait_quiet(threshold: float, max_wait: float, own_pids: Collection[int] = (),
               log: Callable[[str], None] | None = None) -> tuple[float | None, float]:  # fmt: skip
    """Wait (up to `max_wait` s) until other processes use less than `threshold` of the machine's
    CPU (`own_pids`, a benchmark's own busy processes, do not count). Returns (the last reading,
    seconds waited)."""
    t0 = time.monotonic()
    busy = others_busy(0.5, own_pids)
    warned = False
    while busy is not None and busy > threshold and time.monotonic() - t0 < max_wait:
        if log is not None and not warned:
            log(f"machine busy ({busy:.0%} CPU used by other processes): waiting up to {max_wait:.0f} s")
            warned = True
        time.sleep(1.5)
        busy = others_busy(1.0, own_pids)
    return busy, time.monotonic() - t0


def loadavg() -> list[float] | None:
    with contextlib.suppress(OSError, AttributeError):
        return [round(x, 2) for x in os.getloadavg()]
    return None


# ---------------------------------------------------------------- memory and process trees


def rss_kib(pid: int) -> dict[str, int | None]:
    """VmRSS and VmHWM (peak) of one process, KiB, from /proc/<pid>/status."""
    out: dict[str, int | None] = {"VmRSS": None, "VmHWM": None}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in out:
                out[name] = int(rest.split()[0])
    return out


def children_of(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return []


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in a process group (a worker and its sandbox processes), MB."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        f = _stat(int(entry))
        if f is not None and int(f[2]) == pgid:  # state, ppid, pgrp, ...; rss is the 22nd
            total += int(f[21]) * os.sysconf("SC_PAGE_SIZE")
    return total / 2**20


class PeakGroupRss(threading.Thread):
    """Samples `group_rss_mb` every 5 ms until `done` is set; `peak` is the highest seen."""

    def __init__(self, pgid: int) -> None:
        super().__init__(daemon=True)
        self.pgid, self.peak, self.done = pgid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, group_rss_mb(self.pgid))
            time.sleep(0.005)
