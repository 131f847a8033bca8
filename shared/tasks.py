"""Stopping a task for certain.

On Python 3.11, `asyncio.wait_for` drops a cancellation that arrives while the call it wraps has
already finished but its caller has not resumed yet (fixed in 3.12). redis-py wraps every command
write in it when a socket timeout is set, and its inner task always runs before the cancelled
caller does: a task cancelled while it writes a command to Redis carries on as if nothing
happened, and `task.cancel(); await task` can then wait for ever. Measured with redis-py 8.1
against a real redis-server (the loops of tests/test_cancellation.py, 100 cancels each): 88% are
lost when the task sends commands back to back, 32% when it waits 10 ms after every ten, 6% when
it loops on BLPOP, 1% for a pub/sub reader. On fakeredis (embedded mode), where a reply never
has to be waited for, a loop of nothing but commands cannot be cancelled at all.

So nothing here relies on one cancel: a task that must end is cancelled until it has ended
(`stop_task`, `cancel_until_done`), and a loop should also check a stop flag of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from typing import Any

log = logging.getLogger("bta.tasks")

# How long a cancelled task is given to end (its own clean-up included) before the cancel is sent
# again: a cancel that lands ends our tasks within a loop turn, a lost one costs this much.
RETRY_SECONDS = 0.1
# Then it is sent on this many loop turns in a row: a task writing commands back to back is
# mid-write (where a cancel is lost) on every other turn, in step with the loop, so a cancel sent
# on a timer tick alone can miss it for seconds; on consecutive turns, the second lands.
TURNS = 3


async def cancel_until_done(task: asyncio.Future[Any], *, retry_every: float = RETRY_SECONDS) -> None:
    """Cancel `task` until it has ended; its outcome is left to whoever awaits it."""
    task.cancel()
    while not (await asyncio.wait({task}, timeout=retry_every))[0]:
        for _ in range(TURNS):
            task.cancel()
            await asyncio.sleep(0)
            if task.done():
                return


async def stop_task(task: asyncio.Task[Any] | None, *, retry_every: float = RETRY_SECONDS) -> None:
    """Cancel `task` until it has ended; an error it ended with (other than the cancel) is raised."""
    if task is None:
        return
    await cancel_until_done(task, retry_every=retry_every)
    with contextlib.suppress(asyncio.CancelledError):
        task.result()


async def stop_tasks(tasks: Iterable[asyncio.Task[Any]], *, retry_every: float = RETRY_SECONDS) -> None:
    """`stop_task` for several tasks at once, for shutdown paths: an error a task ended with is
    logged, not raised, so that the rest of the shutdown still runs."""
    tasks = list(tasks)
    outcomes = await asyncio.gather(*(stop_task(t, retry_every=retry_every) for t in tasks), return_exceptions=True)
    for task, outcome in zip(tasks, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            log.error("background task failed", exc_info=outcome, extra={"task": task.get_name()})
