"""Real Redis topologies for tests and benchmarks, from Debian's `redis-server` (free ports, one
temporary directory each, never the machine's own servers):

- `RedisCluster`: N primaries with `--cluster-enabled yes`, joined by `redis-cli --cluster create`;
  `entry_url(not_owning=key)` names a node that does not own a key's slot.
- `SentinelGroup`: a primary, `--replicaof` replicas and 3 `redis-server --sentinel` processes
  with a short `down-after-milliseconds`, so a killed primary is replaced within a few seconds.

Each has `stop()`, which kills every process it started; use them as context managers.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import redis

from tests.redis_server import RedisServer, free_port

MASTER_NAME = "bta-primary"


def _wait(what: str, check: Any, timeout: float, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except (redis.RedisError, OSError) as exc:
            last = exc
        else:
            if last:
                return last
        time.sleep(interval)
    raise RuntimeError(f"{what} within {timeout:g} s (last: {last!r})")


def _in_sync(replication: dict[str, Any]) -> bool:
    return replication.get("role") == "master" or replication.get("master_link_status") == "up"


class _Topology:
    def __enter__(self) -> Any:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class RedisCluster(_Topology):
    """A Redis Cluster of `primaries` nodes, each with `replicas_each` replicas."""

    def __init__(self, directory: Path, *, primaries: int = 3, replicas_each: int = 0, node_timeout_ms: int = 1000) -> None:
        self.directory = directory
        self.nodes = [RedisServer(directory / f"node{i}") for i in range(primaries * (1 + replicas_each))]
        self.replicas_each = replicas_each
        for node in self.nodes:
            # The bus port is chosen too: the default (port + 10000) may be taken, or past 65535.
            node.extra_args = ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                               "--cluster-node-timeout", str(node_timeout_ms), "--cluster-port", str(free_port())]  # fmt: skip

    def start(self) -> None:
        for node in self.nodes:
            node.start()
        cli = shutil.which("redis-cli")
        if cli is None:
            raise RuntimeError("redis-cli is not installed (it comes with Debian's redis-server)")
        addresses = [f"127.0.0.1:{node.port}" for node in self.nodes]
        subprocess.run([cli, "--cluster", "create", *addresses, "--cluster-replicas", str(self.replicas_each),
                        "--cluster-yes"], check=True, capture_output=True, timeout=60)  # fmt: skip
        for node in self.nodes:
            client = redis.Redis(port=node.port, decode_responses=True)
            _wait(f"node {node.port} to see the cluster ok", lambda c=client: c.cluster("INFO").get("cluster_state") == "ok", 30)
            _wait(f"node {node.port} to be a primary or a replica in sync", lambda c=client: _in_sync(c.info("replication")), 30)
            client.close()

    def owner(self, key: str) -> RedisServer:
        """The primary serving the slot of `key`."""
        client = redis.Redis(port=self.nodes[0].port)
        try:
            slot = int(client.execute_command("CLUSTER KEYSLOT", key))
            for start, end, primary, *_ in client.execute_command("CLUSTER SLOTS"):
                if start <= slot <= end:
                    port = int(primary[1])
                    return next(node for node in self.nodes if node.port == port)
        finally:
            client.close()
        raise RuntimeError(f"no node serves the slot of {key!r}")

    def entry_url(self, *, not_owning: str) -> str:
        """The URL of a primary that does not own `not_owning`'s slot (a client there meets MOVED)."""
        owner = self.owner(not_owning)
        return next(node.url for node in self.nodes if node is not owner).removesuffix("/0")

    def stop(self) -> None:
        for node in self.nodes:
            node.kill()


class Sentinel:
    """One `redis-server --sentinel` watching MASTER_NAME."""

    def __init__(self, directory: Path, primary_port: int, *, quorum: int, down_after_ms: int, failover_timeout_ms: int) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        directory.mkdir(parents=True, exist_ok=True)
        self.config = directory / "sentinel.conf"
        self.config.write_text(
            f"port {self.port}\nbind 127.0.0.1\ndir {directory}\nlogfile {directory / 'sentinel.log'}\n"
            f"sentinel monitor {MASTER_NAME} 127.0.0.1 {primary_port} {quorum}\n"
            f"sentinel down-after-milliseconds {MASTER_NAME} {down_after_ms}\n"
            f"sentinel failover-timeout {MASTER_NAME} {failover_timeout_ms}\n"
            f"sentinel parallel-syncs {MASTER_NAME} 1\n"
        )

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary is not None
        self.process = subprocess.Popen([binary, str(self.config), "--sentinel"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)  # fmt: skip

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None


class SentinelGroup(_Topology):
    """A primary, `replicas` replicas and `sentinels` sentinels (quorum: a majority)."""

    def __init__(self, directory: Path, *, replicas: int = 1, sentinels: int = 3, down_after_ms: int = 1000,
                 failover_timeout_ms: int = 5000) -> None:  # fmt: skip
        self.directory = directory
        self.primary = RedisServer(directory / "primary")
        self.replicas = [RedisServer(directory / f"replica{i}") for i in range(replicas)]
        for replica in self.replicas:  # (not replica_of: wait_ready waits for every replica at once)
            replica.extra_args += ["--replicaof", "127.0.0.1", str(self.primary.port)]
        quorum = sentinels // 2 + 1
        self.sentinels = [
            Sentinel(directory / f"sentinel{i}", self.primary.port, quorum=quorum, down_after_ms=down_after_ms,
                     failover_timeout_ms=failover_timeout_ms)  # fmt: skip
            for i in range(sentinels)
        ]

    @property
    def servers(self) -> list[RedisServer]:
        return [self.primary, *self.replicas]

    @property
    def sentinel_addresses(self) -> str:
        """REDIS_SENTINELS."""
        return ",".join(f"127.0.0.1:{s.port}" for s in self.sentinels)

    def settings_env(self) -> dict[str, str]:
        return {"REDIS_MODE": "sentinel", "REDIS_SENTINELS": self.sentinel_addresses, "REDIS_SENTINEL_MASTER": MASTER_NAME}

    def start(self) -> None:
        self.primary.start()
        for replica in self.replicas:
            replica.start()
        for sentinel in self.sentinels:
            sentinel.start()
        self.wait_ready(30)

    def wait_ready(self, timeout: float) -> None:
        """Every replica in sync, every sentinel knowing the replicas and the other sentinels."""
        port = self.primary_port()
        for replica in self.servers:
            if replica.port == port or replica.process is None:
                continue
            client = redis.Redis(port=replica.port)

            def synced(c: redis.Redis = client) -> bool:
                info = c.info("replication")
                return info.get("master_port") == port and info.get("master_link_status") == "up"

            _wait(f"replica {replica.port} to sync from {port}", synced, timeout)
            client.close()
        wanted_replicas = sum(1 for s in self.servers if s.process is not None) - 1
        for sentinel in self.sentinels:
            client = sentinel.client()

            def ready(c: redis.Redis = client) -> bool:
                state = c.sentinel_master(MASTER_NAME)
                return (int(state["num-slaves"]) >= wanted_replicas and int(state["num-other-sentinels"]) >= len(self.sentinels) - 1
                        and int(state["port"]) == port)  # fmt: skip

            _wait(f"sentinel {sentinel.port} to see {wanted_replicas} replica(s) and its peers", ready, timeout)
            client.close()

    def primary_port(self) -> int:
        """The primary's port as the sentinels report it (the first that answers)."""
        for sentinel in self.sentinels:
            client = sentinel.client()
            try:
                _host, port = client.sentinel_get_master_addr_by_name(MASTER_NAME)
                return int(port)
            except (redis.RedisError, TypeError):
                continue
            finally:
                client.close()
        raise RuntimeError("no sentinel answered")

    def current_primary(self) -> RedisServer:
        port = self.primary_port()
        return next(server for server in self.servers if server.port == port)

    def kill_primary(self) -> RedisServer:
        """SIGKILL the current primary (no shutdown, no last save); returns it."""
        primary = self.current_primary()
        assert primary.process is not None
        primary.process.send_signal(signal.SIGKILL)
        primary.process.wait(10)
        primary.process = None
        return primary

    def wait_promoted(self, old: RedisServer, timeout: float) -> RedisServer:
        """Wait until the sentinels name another primary and it accepts writes; returns it."""

        def promoted() -> RedisServer | None:
            port = self.primary_port()
            if port == old.port:
                return None
            new = next(server for server in self.servers if server.port == port)
            client = redis.Redis(port=port, socket_timeout=1)
            try:
                return new if client.info("replication").get("role") == "master" else None
            finally:
                client.close()

        return _wait("a replica to be promoted", promoted, timeout)  # type: ignore[no-any-return]

    def restart(self, server: RedisServer) -> None:
        """Start a killed server again on its port as a replica of the current primary, as the
        start-up script of a sentinel deployment does (it asks the sentinels first: a node without
        persistence must never come back as an empty primary). Left to the sentinels, the
        conversion takes one INFO period (10 s)."""
        server.extra_args = ["--replicaof", "127.0.0.1", str(self.primary_port())]
        server.start()

    def stop(self) -> None:
        for sentinel in self.sentinels:
            sentinel.stop()
        for server in self.servers:
            server.kill()
