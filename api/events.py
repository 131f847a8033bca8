"""Job events for the API process: one pub/sub connection shared by every waiter.

`POST /analyze` waiting for its result and each `GET /jobs/{id}/events` stream
subscribe here instead of polling Redis. The hub SUBSCRIBEs to a job's channel
while someone listens and UNSUBSCRIBEs when the last listener leaves. If the
connection drops, it reconnects with backoff, resubscribes, and hands every
listener a RESYNC marker: events published meanwhile are gone, so listeners
re-read the job hash (the source of truth) instead of trusting the stream.

The reconnection is also how the stream follows a failover: in sentinel mode the
new connection goes to the promoted primary. On a Redis Cluster the scripts publish
with SPUBLISH and the hub subscribes with SSUBSCRIBE (sharded pub/sub): every job
channel carries the `{prefix}` hash tag, so all of them live on the shard owning
the queue's slot, and redis-py's cluster pub/sub finds that shard by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from shared.queue.keys import Keys
from shared.tasks import stop_task

log = logging.getLogger("bta.api.events")

RESYNC: dict[str, Any] = {"resync": True}


async def next_event(events: asyncio.Queue[dict[str, Any]], timeout: float) -> dict[str, Any] | None:
    """The next event of a `listen` queue, or None after `timeout` seconds. (Not `asyncio.wait_for`:
    on Python 3.11 it drops a cancel that arrives with the event, see shared/tasks.py.)"""
    try:
        async with asyncio.timeout(timeout):
            return await events.get()
    except TimeoutError:
        return None


class _Channels:
    """Classic pub/sub (SUBSCRIBE, 'message') or sharded (SSUBSCRIBE, 'smessage')."""

    def __init__(self, pubsub: Any, sharded: bool) -> None:
        self.pubsub = pubsub
        self.sharded = sharded
        self.message_type = "smessage" if sharded else "message"

    async def subscribe(self, *channels: str) -> None:
        await (self.pubsub.ssubscribe if self.sharded else self.pubsub.subscribe)(*channels)

    async def unsubscribe(self, channel: str) -> None:
        await (self.pubsub.sunsubscribe if self.sharded else self.pubsub.unsubscribe)(channel)

    async def get_message(self, timeout: float) -> dict[str, Any] | None:
        if self.sharded:
            message = await self.pubsub.get_sharded_message(ignore_subscribe_messages=True, timeout=timeout)
        else:
            message = await self.pubsub.get_message(ignore_subscribe_messages=True, timeout=timeout)
        return message if message and message.get("type") == self.message_type else None

    async def aclose(self) -> None:
        await self.pubsub.aclose()


class EventHub:
    def __init__(self, redis: Any, keys: Keys, *, sharded: bool = False) -> None:
        self.redis = redis
        self.keys = keys
        self.sharded = sharded  # a Redis Cluster: the scripts SPUBLISH
        self._listeners: dict[str, set[asyncio.Queue[dict[str, Any]]]] = {}
        self._pubsub: _Channels | None = None
        self._reader: asyncio.Task[None] | None = None
        # SUBSCRIBE and UNSUBSCRIBE go out one at a time, in call order, each in a task of its own (see listen).
        self._subscriptions = asyncio.Lock()
        self._sending: set[asyncio.Task[None]] = set()
        self._closed = False

    async def start(self) -> None:
        self._reader = asyncio.create_task(self._run(), name="event-hub")

    async def close(self) -> None:
        self._closed = True  # ends the loop at its next turn even if a cancel is lost (shared/tasks.py)
        await stop_task(self._reader)
        await asyncio.gather(*self._sending, return_exceptions=True)
        pubsub, self._pubsub = self._pubsub, None
        if pubsub is not None:
            with contextlib.suppress(Exception):
                await pubsub.aclose()

    @contextlib.asynccontextmanager
    async def listen(self, job_id: str) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        """Events of one job; subscribe *before* reading the job so no change is missed.

        The listener never awaits a Redis command itself: a cancel (an SSE client going away, a
        shutdown) that lands in one can be lost on Python 3.11 (shared/tasks.py), and a command cut
        short would cost every listener the shared connection. Its SUBSCRIBE runs in a task of its
        own that it waits for (a cancel reaches the listener at once), its UNSUBSCRIBE in one it does
        not wait for."""
        channel = self.keys.events(job_id)
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=256)
        listeners = self._listeners.setdefault(channel, set())
        listeners.add(queue)
        try:
            if len(listeners) == 1:
                await asyncio.shield(self._follow(channel))
            yield queue
        finally:
            listeners.discard(queue)
            if not listeners:
                del self._listeners[channel]
                self._follow(channel)

    def _follow(self, channel: str) -> asyncio.Task[None]:
        """Bring the connection's subscription to `channel` in line with its listeners, in a task of its own."""
        task = asyncio.create_task(self._subscription(channel), name="event-hub-subscription")
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)
        return task

    async def _subscription(self, channel: str) -> None:
        async with self._subscriptions:
            if self._pubsub is None:
                return  # the reader subscribes to every channel that has listeners when it connects
            # A failure is left to the reader: it replaces a broken connection, and the new one
            # subscribes to every channel that has listeners then.
            with contextlib.suppress(Exception):
                if channel in self._listeners:
                    await self._pubsub.subscribe(channel)
                else:
                    await self._pubsub.unsubscribe(channel)

    def _deliver(self, channel: str, event: dict[str, Any]) -> None:
        for queue in self._listeners.get(channel, ()):
            if queue.full():  # a stalled listener loses detail, never the final state (it re-reads)
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
                event = RESYNC
            queue.put_nowait(event)

    async def _connect(self) -> None:
        if self.sharded:
            await self.redis.initialize()  # SSUBSCRIBE needs the slot map (a no-op once read)
        channels = _Channels(self.redis.pubsub(ignore_subscribe_messages=True), self.sharded)
        async with self._subscriptions:  # no listener (un)subscribes between this list and the switch
            try:
                # A placeholder channel keeps the connection in subscribed mode while nobody listens.
                await channels.subscribe(self.keys.events("-"), *self._listeners)
            except BaseException:
                with contextlib.suppress(Exception):
                    await channels.aclose()
                raise
            self._pubsub = channels

    async def _run(self) -> None:
        delay = 0.1
        while not self._closed:
            try:
                if self._pubsub is None:
                    await self._connect()
                    if delay > 0.1:
                        log.info("event stream reconnected")
                        for channel in list(self._listeners):
                            self._deliver(channel, RESYNC)
                    delay = 0.1
                assert self._pubsub is not None
                message = await self._pubsub.get_message(timeout=1.0)
                if message is not None:
                    channel = message["channel"]
                    channel = channel.decode() if isinstance(channel, bytes) else channel
                    self._deliver(channel, json.loads(message["data"]))
            except Exception as exc:  # noqa: BLE001 - any failure of the stream: reconnect with backoff
                if delay == 0.1:
                    log.warning("event stream lost; reconnecting", extra={"reason": type(exc).__name__})
                if self._pubsub is not None:
                    with contextlib.suppress(Exception):
                        await self._pubsub.aclose()
                self._pubsub = None
                await asyncio.sleep(delay)
                delay = min(5.0, delay * 2)
