"""The child side of the sandbox (shared/worker/sandbox.py): `python -m shared.worker.sandbox_child --fd N ...`.

Start-up, in this order: ignore SIGTERM and SIGINT (they are for the worker, which drains and then
ends this process), die with the parent (PR_SET_PDEATHSIG), no core files, first in line
for the kernel's OOM killer, at least --nice (WORKER_NICE: in the API's embedded mode the children
yield to the HTTP loop as the worker service yields to the API), import the `--preload` modules and call their `warm_up()` if they
have one, then cap the address space (RLIMIT_AS) and say READY. Then serve calls one at a time:
re-arm RLIMIT_CPU for the call (the kernel sends SIGXCPU, which ends the process, once the call
has used its CPU seconds), run it, answer with RESULT or ERROR. EOF on the socket (the parent
closed it or died) ends the process; so does having served --max-calls calls or having passed
half the memory limit at its peak (the reply then says "retire" and the parent starts a fresh one).
"""

from __future__ import annotations

import argparse
import ctypes
import importlib
import logging
import math
import os
import resource
import signal
import socket
import sys
import time
from typing import Any, BinaryIO

from shared import logs
from shared.worker.sandbox import CALL_HEADER, HEADER, Frame, call_error_reply, dumps, frame, loads, resolve

log = logging.getLogger("bta.sandbox")

PR_SET_PDEATHSIG = 1


class SocketChannel:
    """`Channel` for a call running in this child: events go to the parent; stopping is the parent's job.

    A droppable event (another page done) within `interval` seconds of the last droppable one sent is
    dropped: each event wakes the worker and becomes a progress write in Redis, and a progress
    display needs no more than a few a second. Other events (a new stage, an extension) always go."""

    def __init__(self, sock: socket.socket, extension_seconds: float = 0.0, interval: float = 0.0) -> None:
        self._sock = sock
        self._extension_left = extension_seconds
        self._interval = interval
        self._last_droppable = float("-inf")

    def emit(self, event: dict[str, Any], *, droppable: bool = False) -> None:
        if droppable:
            now = time.monotonic()
            if now - self._last_droppable < self._interval:
                return
            self._last_droppable = now
        self._sock.sendall(frame(Frame.EVENT, dumps(event)))

    def check(self) -> None:
        return None

    def extend(self, seconds: float) -> None:
        """More CPU seconds for this call (the parent moves its wall deadline as it reads the event)."""
        granted = max(0.0, min(seconds, self._extension_left))
        if granted <= 0:
            return
        self._extension_left -= granted
        soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if soft != resource.RLIM_INFINITY:
            raised = soft + math.ceil(granted)
            resource.setrlimit(resource.RLIMIT_CPU, (raised if hard == resource.RLIM_INFINITY else min(raised, hard), hard))
        self.emit({"extend": granted})


def _die_with_parent(parent: int) -> None:
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:  # pragma: no cover - not Linux: EOF on the socket still ends an idle child
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)


def _first_for_the_oom_killer() -> None:
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:  # pragma: no cover - not Linux, or /proc is read-only
        pass


def _peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM). Not ru_maxrss: Linux carries that across execve, so it
    starts at the worker's peak, the process this one was spawned from."""
    for line in open("/proc/self/status"):  # noqa: SIM115 - a tiny read
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0  # pragma: no cover - not Linux


def _arm_cpu_limit(seconds: int) -> None:
    """The call may use `seconds` more CPU seconds. The hard limit stays where it is (an unprivileged
    process cannot raise it again), so only the soft limit moves: SIGXCPU ends the process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def _read_exactly(stream: BinaryIO, n: int) -> bytes | None:
    data = stream.read(n)
    return data if data is not None and len(data) == n else None


def serve(sock: socket.socket, *, memory_mb: int, output_bytes: int, max_calls: int) -> int:
    stream = sock.makefile("rb")
    calls = 0
    while True:
        head = _read_exactly(stream, HEADER.size)
        if head is None:
            return 0  # the parent closed the socket
        kind, length = HEADER.unpack(head)
        body = _read_exactly(stream, length)
        if body is None or kind != Frame.CALL:
            return 0
        (header_len,) = CALL_HEADER.unpack_from(body)
        header = loads(body[CALL_HEADER.size : CALL_HEADER.size + header_len])
        data = body[CALL_HEADER.size + header_len :]
        del body
        _arm_cpu_limit(int(header["cpu_seconds"]))
        calls += 1
        channel = SocketChannel(sock, float(header.get("extension_seconds", 0)), float(header.get("event_interval", 0)))
        reply_kind, reply = _call(header, data, channel)
        del data
        retire = bool(reply.get("retire")) or calls >= max_calls or _peak_rss_mb() > memory_mb / 2
        reply["retire"] = retire
        out = dumps(reply)
        if len(out) > output_bytes:
            reply_kind, out = Frame.ERROR, dumps({"limit": "output", "retire": retire})
        sock.sendall(frame(reply_kind, out))
        if retire:
            return 0


def _call(header: dict[str, Any], data: bytes, channel: SocketChannel) -> tuple[Frame, dict[str, Any]]:
    try:
        value = resolve(header["target"])(data, header["params"], channel)
        return Frame.RESULT, {"value": value}
    except Exception as exc:  # noqa: BLE001 - every error goes back to the parent, which decides
        reply = call_error_reply(exc)
        if "internal" in reply:  # a bug, not a verdict on the input: keep where it happened
            log.warning("sandboxed call failed", exc_info=True, extra={"target": header["target"]})
        return Frame.ERROR, reply


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="sandbox_child")
    ap.add_argument("--fd", type=int, required=True)
    ap.add_argument("--parent", type=int, required=True)
    ap.add_argument("--memory-mb", type=int, required=True)
    ap.add_argument("--output-bytes", type=int, required=True)
    ap.add_argument("--max-calls", type=int, default=500)
    ap.add_argument("--preload", action="append", default=[])
    ap.add_argument("--log-level", default="INFO")
    ap.add_argument("--log-format", default="json")
    ap.add_argument("--nice", type=int, default=0)
    args = ap.parse_args(argv)
    # SIGTERM/SIGINT meant for the worker (systemd signals the whole cgroup, a terminal's Ctrl-C the whole
    # process group) must not cut short the report this process is reading: the worker drains, then ends us.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(args.parent)
    logs.setup(args.log_level, args.log_format)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _first_for_the_oom_killer()
    if args.nice > os.nice(0):
        os.nice(args.nice - os.nice(0))
    try:
        for name in args.preload:
            warm_up = getattr(importlib.import_module(name), "warm_up", None)
            if warm_up is not None:
                warm_up()
    except Exception:  # noqa: BLE001 - logged (type and place); the parent sees EOF and retries with backoff
        log.error("sandbox process could not start", exc_info=True, extra={"preload": args.preload})
        return 1
    limit = args.memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY and hard < limit:  # the worker itself runs under a lower limit (prlimit)
        log.warning("ANALYSIS_MEMORY_MB is above the worker's own address-space limit; using that",
                    extra={"memory_mb": args.memory_mb, "limit_mb": hard // 2**20})  # fmt: skip
        limit = hard
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sock = socket.socket(fileno=args.fd)
    try:
        inherited = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB: the worker's peak (see _peak_rss_mb)
        sock.sendall(frame(Frame.READY, dumps({"pid": os.getpid(), "inherited_maxrss_kib": inherited})))
        return serve(sock, memory_mb=args.memory_mb, output_bytes=args.output_bytes, max_calls=args.max_calls)
    except (BrokenPipeError, ConnectionResetError):
        return 0  # the parent went away


if __name__ == "__main__":
    sys.exit(main())
