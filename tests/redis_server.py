"""A private `redis-server` for tests and benchmarks: free port, its own directory, never the machine's own.

The one server class of the project: the tests' fixtures (tests/conftest.py), the Redis topologies
(tests/redis_topologies.py), the service benchmarks (bench/common.py, bench/queue_ops.py) and the
peer harness (bench/peers/harness.py) all start theirs here. Standard library only: the peer
harness imports it from the peers' venv too.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

# A primary sends a new replica its data at once (a test or benchmark waits for it), not after 5 s.
FAST_SYNC = ("--repl-diskless-sync-delay", "0")
START_TIMEOUT = 10.0


class _PortTaken(RuntimeError):
    """redis-server could not bind its port: another process took it after free_port found it free."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """One redis-server on 127.0.0.1. `directory`: its working directory (None: a temporary one,
    removed by stop/kill). `replica_of`: start as that server's replica; `start` returns once the
    copy is in sync. `extra_args` are added to the command line (set them before `start`)."""

    def __init__(self, directory: Path | None = None, *, appendonly: bool = False, port: int | None = None,
                 replica_of: RedisServer | None = None, binary: str | None = None) -> None:  # fmt: skip
        self.binary = binary or shutil.which("redis-server")
        if self.binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self._own_directory = directory is None
        self.directory = directory if directory is not None else Path(tempfile.mkdtemp(prefix="redis-"))
        self.appendonly = appendonly
        self.port = port or free_port()
        self._port_ours = port is None  # chosen here: another one may be tried if it is taken before the start
        self.replica_of = replica_of
        self.process: subprocess.Popen[bytes] | None = None
        self.extra_args: list[str] = []

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command_line(self) -> list[str]:
        assert self.binary is not None
        args = [
            self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
            "--save", "", "--appendonly", "yes" if self.appendonly else "no", "--appendfsync", "always",
            "--maxmemory-policy", "noeviction", "--daemonize", "no", "--logfile", str(self.directory / "redis.log"),
            *FAST_SYNC,
        ]  # fmt: skip
        if self.replica_of is not None:
            args += ["--replicaof", "127.0.0.1", str(self.replica_of.port)]
        return [*args, *self.extra_args]

    def start(self, *, probe: bool = True) -> RedisServer:
        """Start and wait until it answers PING (or, for a TLS-only server, accepts connections), and
        a replica until it is in sync. Its own session: a signal to the caller's group is not for it.
        A free port found here can be taken by another process before the server binds it: the first
        start then tries another free port (up to three); a restart keeps its port."""
        for _attempt in range(3):
            try:
                return self._start(probe)
            except _PortTaken:
                if not self._port_ours:
                    raise
                self.port = free_port()
        return self._start(probe)

    def _start(self, probe: bool) -> RedisServer:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(self.command_line(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._ready(probe):
                self._port_ours = False  # started: a restart must come back on the same port
                return self
            if self.process.poll() is not None:
                log = self.log()[-2000:]
                raise (_PortTaken if "Address already in use" in log else RuntimeError)(f"redis-server exited: {log}")
            time.sleep(0.02)
        raise RuntimeError(f"redis-server did not start within {START_TIMEOUT:g} s: {self.log()[-2000:]}")

    def _ready(self, probe: bool) -> bool:
        try:
            if not probe:
                port = int(self.extra_args[self.extra_args.index("--tls-port") + 1])
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return True
            if self.ask("PING") != "PONG":
                return False
            return self.replica_of is None or self.info("replication").get("master_link_status") == "up"
        except OSError:
            return False

    def ask(self, *command: str) -> str:
        """One command over a plain socket, its reply as text (status or bulk string replies)."""
        request = f"*{len(command)}\r\n" + "".join(f"${len(part.encode())}\r\n{part}\r\n" for part in command)
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
            s.sendall(request.encode())
            reader = s.makefile("rb")
            head = reader.readline().rstrip(b"\r\n")
            if head[:1] == b"$":
                size = int(head[1:])
                return "" if size < 0 else reader.read(size + 2)[:size].decode()
            if head[:1] == b"-":
                raise OSError(f"redis-server answered {head[1:].decode()}")
            return head[1:].decode()

    def info(self, section: str) -> dict[str, str]:
        fields = (line.split(":", 1) for line in self.ask("INFO", section).splitlines() if ":" in line)
        return {name: value for name, value in fields}

    def version(self) -> str:
        return self.info("server")["redis_version"]

    def log(self) -> str:
        try:
            return (self.directory / "redis.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """Graceful stop (SIGTERM): with appendonly on, everything acknowledged is on disk."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
        self._remove_directory()

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
        self._remove_directory()

    def _remove_directory(self) -> None:
        if self._own_directory:
            shutil.rmtree(self.directory, ignore_errors=True)
