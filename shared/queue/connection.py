"""Redis clients for the protocol: a real deployment in one of three modes, or the in-memory
server of embedded mode.

`REDIS_MODE` picks how a client finds the server that holds the queue:

- standalone: the server at REDIS_URL (also a managed endpoint that hides failover behind one
  address). A standalone client that meets a Redis Cluster node answering MOVED/ASK raises
  `QueueMisconfigured` (see redis_queue.py), never a bare error.
- sentinel: the primary named REDIS_SENTINEL_MASTER, asked of REDIS_SENTINELS before each new
  connection. After a failover, connections to the old primary fail (or answer READONLY once it
  returns as a replica), the pool drops them and the next connection goes to the promoted one:
  pools, the pub/sub connection and the blocking BLPOP connection all follow without a restart.
- cluster: redis-py's RedisCluster, entered through any node of REDIS_URL. Every key lives
  under one hash tag (`{bta}`), so every script runs on the one node owning that slot; the
  client follows MOVED/ASK and failovers on its own.

Every command gets a timeout (`REDIS_TIMEOUT`), so an unreachable Redis turns into a prompt
error instead of a hung request. Beyond one reconnect, the client does not retry on its own:
callers decide (the API answers 503, the worker backs off and tries again). Re-sending a
script after a reset or a failover is safe: each script is written so that running it twice
has the effect of running it once (redis_queue.py lists how).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import urlsplit

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.cluster import RedisCluster
from redis.asyncio.connection import SSLConnection, parse_url
from redis.asyncio.retry import Retry
from redis.asyncio.sentinel import Sentinel, SentinelConnectionPool
from redis.backoff import ExponentialWithJitterBackoff, NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError

from shared.settings import RedisMode, Settings

if TYPE_CHECKING:
    import fakeredis

# A client of the queue's Redis: one server (standalone, sentinel's primary, embedded fakeredis,
# which subclasses Redis) or a cluster. bytes in, bytes out (no decode_responses).
RedisClient: TypeAlias = "Redis | RedisCluster"

CLUSTER_MAX_CONNECTIONS = 256  # per node; a cluster pool raises instead of waiting when it runs out
# How long a command waits for a free pooled connection. A burst larger than the pool (2,000
# concurrent GET /status on 64 connections) is load, not an outage: it waits its turn instead
# of failing with 503 after REDIS_TIMEOUT (measured on 2 busy cores, three bursts: 47, 1,110 and
# 1,579 of 2,000 answered 503 before, none after). Each command still fails within REDIS_TIMEOUT once it has a connection.
POOL_WAIT_SECONDS = 30.0


class BlockingSentinelPool(SentinelConnectionPool, BlockingConnectionPool):
    """A sentinel-managed pool where a burst waits for a free connection (like standalone's)."""


def connect(settings: Settings, *, block_seconds: float = 0.0, name: str = "bta", max_connections: int = 64) -> RedisClient:
    """A client for the configured Redis; `block_seconds` widens the read timeout for BLPOP callers."""
    if not settings.uses_redis:
        raise ValueError("REDIS_URL is not set")
    timeouts: dict[str, Any] = {
        "socket_timeout": settings.redis_timeout + block_seconds,
        "socket_connect_timeout": min(settings.redis_timeout, 2.0),
        "health_check_interval": 15,
        "client_name": name,
    }
    if settings.redis_mode == RedisMode.SENTINEL:
        return _sentinel_primary(settings, timeouts, max_connections)
    if settings.redis_mode == RedisMode.CLUSTER:
        return _cluster(settings, timeouts)
    assert settings.redis_url is not None
    pool = BlockingConnectionPool.from_url(
        settings.redis_url.get_secret_value(),
        max_connections=max_connections,
        timeout=POOL_WAIT_SECONDS,
        # One immediate retry on a broken connection (a pooled socket Redis closed when it
        # restarted); none on timeouts, so a hung Redis still fails within REDIS_TIMEOUT.
        retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
        **timeouts,
    )
    return Redis(connection_pool=pool)


def _node_options(settings: Settings) -> dict[str, Any]:
    """Credentials, db and TLS for the data nodes, from REDIS_URL (its host and port are not used)."""
    if settings.redis_url is None:
        return {}
    options: dict[str, Any] = dict(parse_url(settings.redis_url.get_secret_value()))
    options.pop("host", None)
    options.pop("port", None)
    if options.pop("connection_class", None) is SSLConnection:
        options["ssl"] = True
    return options


def _sentinel_primary(settings: Settings, timeouts: dict[str, Any], max_connections: int) -> Redis:
    addresses = [(host, int(port)) for host, port in (a.rsplit(":", 1) for a in settings.redis_sentinels)]
    sentinel_options: dict[str, Any] = {
        "socket_timeout": min(settings.redis_timeout, 1.0),  # a dead sentinel must not stall the others
        "socket_connect_timeout": min(settings.redis_timeout, 1.0),
    }
    if settings.redis_sentinel_password is not None:
        sentinel_options["password"] = settings.redis_sentinel_password.get_secret_value()
    if settings.redis_sentinel_tls:
        sentinel_options["ssl"] = True
    sentinel = Sentinel(addresses, sentinel_kwargs=sentinel_options)
    return sentinel.master_for(  # type: ignore[no-any-return]
        settings.redis_sentinel_master,
        connection_pool_class=BlockingSentinelPool,
        max_connections=max_connections,
        timeout=POOL_WAIT_SECONDS,
        retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
        **timeouts,
        **_node_options(settings),
    )


def _cluster(settings: Settings, timeouts: dict[str, Any]) -> RedisCluster:
    assert settings.redis_url is not None
    return RedisCluster.from_url(
        settings.redis_url.get_secret_value(),
        max_connections=CLUSTER_MAX_CONNECTIONS,
        # A few quick retries let the client re-read the slot map after a node failed over;
        # a longer outage reaches the caller (503 / worker backoff) within about a second.
        retry=Retry(ExponentialWithJitterBackoff(base=0.05, cap=0.5), 3),
        **timeouts,
    )


def is_cluster(client: RedisClient) -> bool:
    return isinstance(client, RedisCluster)


async def close(client: RedisClient) -> None:
    """Close a client, and in sentinel mode its connections to the sentinels too."""
    await client.aclose()
    sentinel = getattr(getattr(client, "connection_pool", None), "sentinel_manager", None)
    if sentinel is not None:
        await sentinel.aclose()


def embedded_server() -> fakeredis.FakeServer:
    """An in-memory Redis server (fakeredis, Lua via lupa) private to this process."""
    import fakeredis

    return fakeredis.FakeServer()


def embedded(server: fakeredis.FakeServer) -> Redis:
    """A client of an in-memory server; BLPOP callers take a client of their own."""
    import fakeredis

    return fakeredis.FakeAsyncRedis(server=server)


def describe(url: str | None) -> str:
    """The URL without credentials, safe for logs and error messages."""
    if not url:
        return "embedded (in-memory)"
    parts = urlsplit(url)
    tls = " (TLS)" if parts.scheme == "rediss" else ""
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}{tls}"


def describe_settings(settings: Settings) -> str:
    """Where the configured Redis is, without credentials: for start-up log lines."""
    url = settings.redis_url.get_secret_value() if settings.redis_url else None
    if settings.redis_mode == RedisMode.SENTINEL:
        return f"sentinel master {settings.redis_sentinel_master!r} via {','.join(settings.redis_sentinels)}"
    if settings.redis_mode == RedisMode.CLUSTER:
        return f"cluster via {describe(url)}"
    return describe(url)
