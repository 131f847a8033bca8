"""Loads the protocol's Lua scripts and registers them on a Redis client.

Each script is a file in `scripts/` named for what it does, opening with a
header of its KEYS, ARGV and return values. Helpers shared between scripts live
in `scripts/includes/` and are pasted in where a script says `--@include name`
(Redis scripts cannot import each other). Registration uses redis-py's Script
objects: EVALSHA, with a transparent reload when the server does not know the
script (NOSCRIPT: after a restart, or on a replica just promoted by a failover,
whose script cache is empty). Calls that pipeline EVALSHA themselves use
`load` before retrying.

On a Redis Cluster the scripts publish job events with SPUBLISH (sharded pub/sub)
instead of PUBLISH: `source(name, sharded=True)`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from redis.commands.core import AsyncScript

from shared.queue.connection import RedisClient

SCRIPT_DIR = Path(__file__).parent / "scripts"
_INCLUDE = re.compile(r"^--@include (\w+)[ \t]*$", re.MULTILINE)

SCRIPT_NAMES = (
    "enqueue", "claim", "progress", "complete", "fail", "release", "renew", "sweep", "cancel", "stats", "webhook_claim",
)  # fmt: skip


_PUBLISH = "local PUBLISH_COMMAND = 'PUBLISH'"
_SPUBLISH = "local PUBLISH_COMMAND = 'SPUBLISH'"


@cache
def source(name: str, *, sharded: bool = False) -> str:
    """The script's text with its includes expanded; `sharded`: events go out with SPUBLISH."""
    text = (SCRIPT_DIR / f"{name}.lua").read_text()
    text = _INCLUDE.sub(lambda m: (SCRIPT_DIR / "includes" / f"{m.group(1)}.lua").read_text(), text)
    if sharded and _PUBLISH in text:
        text = text.replace(_PUBLISH, _SPUBLISH)
    return text


class Scripts:
    """The protocol's scripts bound to one client; `scripts.claim(keys=..., args=...)`."""

    def __init__(self, redis: RedisClient, *, sharded: bool = False) -> None:
        for name in SCRIPT_NAMES:
            setattr(self, name, redis.register_script(source(name, sharded=sharded)))

    @staticmethod
    async def load(redis: RedisClient, script: AsyncScript) -> None:
        """(Re)load one script into the server's cache, on every primary of a cluster."""
        await redis.script_load(script.script)

    enqueue: AsyncScript
    claim: AsyncScript
    progress: AsyncScript
    complete: AsyncScript
    fail: AsyncScript
    release: AsyncScript
    renew: AsyncScript
    sweep: AsyncScript
    cancel: AsyncScript
    stats: AsyncScript
    webhook_claim: AsyncScript
