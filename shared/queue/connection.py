"""Redis clients for the protocol: a real server, or the in-memory one of embedded mode.

Every command gets a timeout (`REDIS_TIMEOUT`), so an unreachable Redis turns
into a prompt error instead of a hung request. Beyond one reconnect, the client
does not retry on its own: callers decide (the API answers 503, the worker backs
off and tries again). Re-sending a script after a reset is safe: a repeated
enqueue rewrites the same job id, the other scripts check the lease or status
they expect, and jobs of a repeated claim return to the queue when their lease
runs out.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError

from shared.settings import Settings


def connect(settings: Settings, *, block_seconds: float = 0.0, name: str = "bta", max_connections: int = 64) -> Redis:
    """A client for REDIS_URL; `block_seconds` widens the read timeout for BLPOP callers."""
    if settings.redis_url is None:
        raise ValueError("REDIS_URL is not set")
    pool = BlockingConnectionPool.from_url(
        settings.redis_url.get_secret_value(),
        max_connections=max_connections,
        timeout=settings.redis_timeout,  # a burst waits this long for a free connection
        socket_timeout=settings.redis_timeout + block_seconds,
        socket_connect_timeout=min(settings.redis_timeout, 2.0),
        # One immediate retry on a broken connection (a pooled socket Redis closed when it
        # restarted); none on timeouts, so a hung Redis still fails within REDIS_TIMEOUT.
        retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
        health_check_interval=15,
        client_name=name,
    )
    return Redis(connection_pool=pool)


def embedded_server() -> Any:
    """An in-memory Redis server (fakeredis, Lua via lupa) private to this process."""
    import fakeredis

    return fakeredis.FakeServer()


def embedded(server: Any) -> Any:
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
