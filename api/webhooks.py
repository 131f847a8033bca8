"""Callback delivery: when a job with a `callback_url` ends, the API POSTs its final status there.

Delivery runs in the API process (never on a worker's hot path). Finished jobs with a
callback wait in the `webhooks` sorted set; every API replica takes due entries under
a short lease, so exactly one sends each, and a replica that dies mid-delivery only
delays it. Failures retry with backoff up to WEBHOOK_MAX_ATTEMPTS and never touch the
job itself.

Signature (when WEBHOOK_SECRET is set): header
    X-BTA-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>
Receivers recompute it over the raw body and reject old timestamps (replays).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
from urllib.parse import urlsplit

import httpx

from api.views import job_status
from shared.errors import JobNotFound, QueueUnavailable
from shared.queue.redis_queue import RedisQueue
from shared.settings import Settings

log = logging.getLogger("bta.api.webhooks")

POLL_SECONDS = 1.0
LEASE_SECONDS = 30.0
BATCH = 20


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


async def _address_allowed(url: str) -> bool:
    """No callbacks into private, loopback or link-local networks unless WEBHOOK_ALLOW_PRIVATE."""
    host = urlsplit(url).hostname or ""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return False
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            return False
    return True


class WebhookSender:
    def __init__(self, queue: RedisQueue, settings: Settings) -> None:
        self.queue = queue
        self.settings = settings
        self._task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self._client = httpx.AsyncClient(timeout=10.0, follow_redirects=False)
        self._task = asyncio.create_task(self._run(), name="webhooks")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._client is not None:
            await self._client.aclose()

    async def _run(self) -> None:
        while True:
            try:
                ids = await self.queue.take_webhooks(BATCH, LEASE_SECONDS)
            except QueueUnavailable:
                ids = []
            if ids:
                await asyncio.gather(*(self.deliver(job_id) for job_id in ids))
            else:
                await asyncio.sleep(POLL_SECONDS)

    async def deliver(self, job_id: str) -> None:
        try:
            record, _ = await self.queue.get(job_id)
        except JobNotFound:
            await self.queue.forget_webhook(job_id)  # purged or expired
            return
        except QueueUnavailable:
            return  # the lease runs out and it is taken again
        url = record.callback_url
        if not url:
            await self.queue.forget_webhook(job_id)
            return
        body = json.dumps(job_status(record, None, None).model_dump(mode="json"), separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", "User-Agent": "blood-test-analyzer-webhook/1.0",
                   "X-BTA-Job-Id": job_id}  # fmt: skip
        if self.settings.webhook_secret is not None:
            headers["X-BTA-Signature"] = sign(self.settings.webhook_secret.get_secret_value(), int(time.time()), body)
        ok, reason = False, "blocked"
        if self.settings.webhook_allow_private or await _address_allowed(url):
            try:
                assert self._client is not None
                response = await self._client.post(url, content=body, headers=headers)
                ok, reason = response.is_success, f"http {response.status_code}"
            except httpx.HTTPError as exc:
                reason = type(exc).__name__
        try:
            await self._record(job_id, ok, reason)
        except QueueUnavailable:
            pass

    async def _record(self, job_id: str, ok: bool, reason: str) -> None:
        if ok:
            await self.queue.webhook_done(job_id, "delivered")
            log.info("callback delivered", extra={"job_id": job_id})
            return
        attempts = await self.queue.webhook_attempt_failed(job_id)
        if attempts >= self.settings.webhook_max_attempts or reason == "blocked":
            await self.queue.webhook_done(job_id, "failed")
            log.warning("callback failed for good", extra={"job_id": job_id, "attempts": attempts, "reason": reason})
            return
        delay = min(300.0, 2.0 * 2 ** (attempts - 1))
        await self.queue.webhook_schedule(job_id, delay)
        log.info("callback failed; will retry", extra={"job_id": job_id, "attempts": attempts, "reason": reason,
                                                       "retry_in_s": delay})  # fmt: skip
