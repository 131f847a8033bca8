"""Callback delivery: when a job with a `callback_url` ends, the API POSTs its final status there.

Delivery runs in the API process (never on a worker's hot path). Finished jobs with a
callback wait in the `webhooks` sorted set; every API replica takes due entries under
a short lease, so exactly one sends each, and a replica that dies mid-delivery only
delays it. Failures retry with backoff up to WEBHOOK_MAX_ATTEMPTS and never touch the
job itself.

Signature (when WEBHOOK_SECRET is set): header
    X-BTA-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>
Receivers recompute it over the raw body and reject old timestamps (replays).

Where it goes: `api/callback_targets.py` resolves the host once, refuses non-public addresses
(unless WEBHOOK_ALLOW_PRIVATE), and the request is sent to that very address with the original
Host header and TLS server name (certificates are still checked against the host name). No
connection is reused (two host names on one address must not share a TLS session), no proxy
from the environment is used, and redirects are not followed.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import ssl
import time

import httpx

from api.callback_targets import CallbackRefused, resolve
from api.views import job_status
from shared.errors import JobNotFound, QueueUnavailable
from shared.queue.redis_queue import RedisQueue
from shared.settings import Settings
from shared.tasks import stop_task

log = logging.getLogger("bta.api.webhooks")

POLL_SECONDS = 1.0
LEASE_SECONDS = 30.0
BATCH = 20


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


class WebhookSender:
    def __init__(self, queue: RedisQueue, settings: Settings, *, verify: ssl.SSLContext | bool = True) -> None:
        self.queue = queue
        self.settings = settings
        self.verify = verify  # TLS certificate checks: the system's CAs (tests pass their own)
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self._client = httpx.AsyncClient(timeout=10.0, follow_redirects=False, trust_env=False, verify=self.verify,
                                         limits=httpx.Limits(max_keepalive_connections=0))  # fmt: skip
        self._task = asyncio.create_task(self._run(), name="webhooks")

    async def close(self) -> None:
        self._stopping = True  # ends the loop at its next turn even if a cancel is lost (shared/tasks.py)
        await stop_task(self._task)
        if self._client is not None:
            await self._client.aclose()

    async def _run(self) -> None:
        while not self._stopping:
            try:
                ids = await self.queue.take_webhooks(BATCH, LEASE_SECONDS)
            except QueueUnavailable:
                ids = []
            if ids:
                outcomes = await asyncio.gather(*(self.deliver(job_id) for job_id in ids), return_exceptions=True)
                for job_id, outcome in zip(ids, outcomes, strict=True):
                    if isinstance(outcome, Exception):  # its lease runs out and it is taken again
                        log.warning("callback delivery errored", exc_info=outcome, extra={"job_id": job_id})
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
        ok, reason = await self._post(url, body, headers)
        try:
            await self._record(job_id, ok, reason)
        except QueueUnavailable:
            pass

    async def _post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[bool, str]:
        """(delivered, why not): the refusal ('blocked' is not retried), or the HTTP outcome."""
        try:
            target = await resolve(url, allow_private=self.settings.webhook_allow_private)
        except CallbackRefused as exc:
            return False, exc.reason
        assert self._client is not None
        try:
            response = await self._client.post(
                target.pinned_url, content=body, headers={**headers, "Host": target.host_header},
                extensions={"sni_hostname": target.hostname},
            )  # fmt: skip
        except httpx.HTTPError as exc:
            return False, type(exc).__name__
        return response.is_success, f"http {response.status_code}"

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
