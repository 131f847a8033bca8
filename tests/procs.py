"""Start the real entry points (`worker_service.py`, `uvicorn api.main:app`) as separate processes.

The one process helper of tests and benchmarks: each child gets a session (process group) of its
own, and `end_group` ends it with everything it forked (bench/common.py and the peer harness use
it too). Standard library only (httpx in `wait_http`): the peer harness imports it from the peers' venv."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def service_env(redis_url: str | None, **overrides: str | int | float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "WORKER_", "API_KEYS", "ADMIN_API_KEYS"))}
    env.update({"PYTHONUNBUFFERED": "1", "LOG_FORMAT": "json", "LOG_LEVEL": "INFO", "PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '')}"})
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def end_group(popen: subprocess.Popen[bytes], *, grace: float = 0.0, wait: float = 15.0) -> None:
    """End a child started with a session of its own and everything it forked: SIGTERM and up to
    `grace` s to exit by itself (a worker drains and unregisters; 0: no SIGTERM), then SIGKILL to the
    whole group, which may outlive its leader, and reap the leader (up to `wait` s)."""
    if grace > 0 and popen.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(popen.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            popen.wait(grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(popen.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        popen.wait(wait)


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

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM to the leader (a worker drains and unregisters), then `close()`."""
        self.signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(grace)
        self.close()

    def wait(self, timeout: float) -> int:
        return self.popen.wait(timeout)

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def close(self) -> None:
        end_group(self.popen, wait=10)
        self._log.close()


def start_worker(redis_url: str, log: Path, **env: str | int | float) -> Proc:
    return Proc([sys.executable, "worker_service.py"], service_env(redis_url, **env), log)


def start_api(redis_url: str | None, port: int, log: Path, cmd: str | None = None, **env: str | int | float) -> Proc:
    command = cmd or f"{sys.executable} -m uvicorn api.main:app --host 127.0.0.1 --port {port}"
    return Proc(command, service_env(redis_url, PORT=port, **env), log)


def wait_http(url: str, timeout: float = 30, proc: Proc | None = None) -> None:
    import httpx

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
