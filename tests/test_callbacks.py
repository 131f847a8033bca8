"""Callback targets: the address filter table, refusal at submission (real HTTP), refusal at
delivery, and delivery pinned to the checked address over TLS (no second DNS lookup)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis
from fastapi import FastAPI, Request

from api.callback_targets import CallbackRefused, Target, refusal, resolve
from api.webhooks import WebhookSender
from shared.errors import QueueUnavailable
from shared.queue.redis_queue import RedisQueue
from tests.api_harness import Api, settings_for, submit
from tests.http_server import serve
from tests.redis_server import RedisServer
from tests.test_security import make_tls_material

# (address, allowed): everything `is_global` lets through that still reaches a private network.
TABLE = [
    ("8.8.8.8", True),
    ("2606:4700:4700::1111", True),
    ("127.0.0.1", False),
    ("10.0.0.1", False),
    ("172.16.5.4", False),
    ("192.168.1.1", False),
    ("169.254.169.254", False),  # cloud metadata
    ("100.100.100.200", False),  # carrier-grade NAT: a cloud's metadata service
    ("100.64.0.1", False),
    ("0.0.0.0", False),
    ("224.0.0.1", False),  # multicast
    ("192.0.0.8", False),
    ("198.18.0.1", False),  # benchmarking range
    ("255.255.255.255", False),
    ("::1", False),
    ("::", False),
    ("fe80::1", False),
    ("fc00::1", False),
    ("fec0::1", False),
    ("ff02::1", False),
    ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
    ("::ffff:169.254.169.254", False),
    ("::ffff:8.8.8.8", True),
    ("::127.0.0.1", False),  # IPv4-compatible (deprecated)
    ("2002:7f00:1::1", False),  # 6to4 wrapping 127.0.0.1
    ("2002:a00:1::1", False),  # 6to4 wrapping 10.0.0.1
    ("2002:808:808::1", True),  # 6to4 wrapping 8.8.8.8
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo
    ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
    ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
    ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8
    ("64:ff9b:1::a00:1", False),  # local-use NAT64
]


@pytest.mark.parametrize(("address", "allowed"), TABLE)
def test_callback_address_table(address: str, allowed: bool) -> None:
    assert (refusal(ipaddress.ip_address(address)) is None) is allowed


def test_the_pinned_url_keeps_everything_but_the_host() -> None:
    t = Target(url="https://u:p@hooks.example:8443/cb?x=1", hostname="hooks.example", address="2001:db8::5")
    assert t.pinned_url == "https://u:p@[2001:db8::5]:8443/cb?x=1" and t.host_header == "hooks.example:8443"
    t = Target(url="http://hooks.example/cb", hostname="hooks.example", address="203.0.113.9")
    assert t.pinned_url == "http://203.0.113.9/cb" and t.host_header == "hooks.example"


async def test_resolution_refuses_a_name_with_any_private_address(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"mixed.test": ["8.8.8.8", "10.1.2.3"], "public.test": ["8.8.4.4"]})
    with pytest.raises(CallbackRefused) as refused:
        await resolve("https://mixed.test/hook", allow_private=False)
    assert refused.value.reason == "blocked" and "10.1.2.3" not in str(refused.value)  # no DNS oracle
    assert (await resolve("https://public.test/hook", allow_private=False)).address == "8.8.4.4"
    assert (await resolve("https://mixed.test/hook", allow_private=True)).address == "8.8.8.8"
    with pytest.raises(CallbackRefused) as unresolvable:
        await resolve("https://nowhere.test/hook", allow_private=False)
    assert unresolvable.value.reason == "unresolvable"


def fake_dns(monkeypatch: pytest.MonkeyPatch, names: dict[str, list[str]], lookups: list[str] | None = None) -> None:
    """Answer for the names given (each answer at most once when `lookups` records them: a second
    lookup of the same name fails); everything else goes to the real resolver."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in names and not str(name).endswith(".test"):
            return real(host, port, *args, **kwargs)
        if lookups is not None:
            if name in lookups:
                raise socket.gaierror(socket.EAI_NONAME, "answered once already")
            lookups.append(name)
        if name not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        out = []
        for address in names[name]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, int(port or 0), 0, 0) if family == socket.AF_INET6 else (address, int(port or 0))
            out.append((family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr))
        return out

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize("api", [{"worker": False}], indirect=True)
@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://100.64.0.1/hook", "http://[2002:7f00:1::1]/hook",
     "http://[::ffff:10.0.0.1]/hook", "http://does-not-exist.invalid/hook"],
)  # fmt: skip
async def test_a_private_callback_is_refused_at_submission(api: Api, url: str) -> None:
    r = await submit(api.http, callback_url=url)
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "invalid_callback_url"
    assert await api.queue.redis.zcard(api.queue.keys.queue) == 0  # nothing was queued


@pytest.mark.parametrize("api", [{"worker": False, "webhook_allow_private": True}], indirect=True)
async def test_private_callbacks_are_accepted_when_allowed(api: Api) -> None:
    assert (await submit(api.http, callback_url="http://127.0.0.1:9/hook")).status_code == 202


class Receiver:
    def __init__(self) -> None:
        self.calls: list[dict[str, str]] = []
        self.app = FastAPI()

        @self.app.post("/hook")
        async def hook(request: Request) -> dict[str, bool]:
            self.calls.append(dict(request.headers))
            return {"ok": True}


async def _job_with_callback(redis_client: aioredis.Redis, url: str) -> tuple[RedisQueue, str]:
    queue = RedisQueue(redis_client)
    return queue, (await queue.enqueue(b"%PDF", callback_url=url)).job_id


async def test_delivery_refuses_an_address_that_turned_private(redis_server: RedisServer, redis_client: aioredis.Redis) -> None:
    """A name that was public at submission and resolves to loopback at delivery (rebinding):
    nothing is sent, the delivery fails for good, the job is untouched."""
    receiver = Receiver()
    async with serve(receiver.app) as hook_url:
        queue, job_id = await _job_with_callback(redis_client, f"{hook_url}/hook")
        sender = WebhookSender(queue, settings_for(redis_server.url))
        await sender.start()
        try:
            await sender.deliver(job_id)
        finally:
            await sender.close()
    assert receiver.calls == []
    assert await redis_client.hget(queue.keys.job(job_id), "webhook") == b"failed"


async def test_delivery_connects_to_the_checked_address_with_host_and_sni_kept(
    redis_server: RedisServer, redis_client: aioredis.Redis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """hooks.test resolves once (to 127.0.0.1); any second lookup would fail the delivery. The
    receiver speaks TLS with a certificate for hooks.test only: it is verified against the name."""
    ca, cert, key = await asyncio.to_thread(make_tls_material, tmp_path, "DNS:hooks.test")
    receiver = Receiver()
    async with serve(receiver.app, ssl_certfile=str(cert), ssl_keyfile=str(key)) as plain_url:
        port = int(plain_url.rsplit(":", 1)[1])
        lookups: list[str] = []
        fake_dns(monkeypatch, {"hooks.test": ["127.0.0.1"]}, lookups)
        queue, job_id = await _job_with_callback(redis_client, f"https://hooks.test:{port}/hook")
        sender = WebhookSender(queue, settings_for(redis_server.url, webhook_allow_private=True),
                               verify=ssl.create_default_context(cafile=str(ca)))  # fmt: skip
        await sender.start()
        try:
            await sender.deliver(job_id)
        finally:
            await sender.close()
    assert lookups == ["hooks.test"]
    assert [c["host"] for c in receiver.calls] == [f"hooks.test:{port}"]
    assert await redis_client.hget(queue.keys.job(job_id), "webhook") == b"delivered"


async def test_a_delivery_that_errors_does_not_stop_the_sender(
    redis_server: RedisServer, redis_client: aioredis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redis failing under one delivery (here while it drops the entry of a purged job) costs that
    delivery a retry after its lease, not every later callback of the process."""
    queue = RedisQueue(redis_client)
    forget = queue.forget_webhook
    failed: list[str] = []

    async def flaky_forget(job_id: str) -> None:
        if not failed:
            failed.append(job_id)
            raise QueueUnavailable("Redis is unreachable (ConnectionError)")
        await forget(job_id)

    monkeypatch.setattr(queue, "forget_webhook", flaky_forget)
    await redis_client.zadd(queue.keys.webhooks, {"purged-1": 0})
    sender = WebhookSender(queue, settings_for(redis_server.url))
    await sender.start()
    try:
        while not failed:
            await asyncio.sleep(0.02)
        await redis_client.zadd(queue.keys.webhooks, {"purged-2": 0})  # due now
        for _ in range(250):
            if await redis_client.zscore(queue.keys.webhooks, "purged-2") is None:
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("the sender stopped delivering after one delivery errored")
    finally:
        await sender.close()
    assert failed == ["purged-1"]
