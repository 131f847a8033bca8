"""Start the real entry points (`worker_service.py`, `uvicorn api.main:app`) as separate processes."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def service_env(redis_url: str | None, **overrides: str | int | float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "WORKER_", "API_KEYS", "ADMIN_API_KEYS"))}
    env.update({"PYTHONUNBUFFERED": "1", "LOG_FORMAT": "json", "LOG_LEVEL": "INFO", "PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '')}"})
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update({k: str(v) for k, v in overrides.items()})
    return env


class Proc:
    """A child process with its stderr in a file, killed (whole group) on close."""

    def __init__(self, cmd: str | list[str], env: dict[str, str], log: Path) -> None:
        self.cmd = shlex.split(cmd) if isinstance(cmd, str) else cmd
        self.log_path = log
        self._log = open(log, "ab")  # noqa: SIM115 - closed in close()
        self.popen = subprocess.Popen(self.cmd, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                      start_new_session=True)  # fmt: skip

    @property
    def pid(self) -> int:
        return self.popen.pid

    def signal(self, sig: signal.Signals) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(sig)

    def kill(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(10)

    def wait(self, timeout: float) -> int:
        return self.popen.wait(timeout)

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def close(self) -> None:
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait(10)
        self._log.close()


def start_worker(redis_url: str, log: Path, **env: str | int | float) -> Proc:
    return Proc([sys.executable, "worker_service.py"], service_env(redis_url, **env), log)


def start_api(redis_url: str | None, port: int, log: Path, cmd: str | None = None, **env: str | int | float) -> Proc:
    command = cmd or f"{sys.executable} -m uvicorn api.main:app --host 127.0.0.1 --port {port}"
    return Proc(command, service_env(redis_url, PORT=port, **env), log)


def wait_http(url: str, timeout: float = 30, proc: Proc | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        if proc is not None and proc.popen.poll() is not None:
            raise RuntimeError(f"process exited early:\n{proc.log()[-3000:]}")
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout}s" + (f"\n{proc.log()[-3000:]}" if proc else ""))


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in a process group (a worker and its sandbox processes), MB."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # after the command: state, ppid, pgrp, ...; rss is the 22nd
            total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
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
