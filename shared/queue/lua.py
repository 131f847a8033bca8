"""Loads the protocol's Lua scripts and registers them on a Redis client.

Each script is a file in `scripts/` named for what it does, opening with a
header of its KEYS, ARGV and return values. Helpers shared between scripts live
in `scripts/includes/` and are pasted in where a script says `--@include name`
(Redis scripts cannot import each other). Registration uses redis-py's Script
objects: EVALSHA, with a transparent reload after a Redis restart (NOSCRIPT).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

SCRIPT_DIR = Path(__file__).parent / "scripts"
_INCLUDE = re.compile(r"^--@include (\w+)[ \t]*$", re.MULTILINE)

SCRIPT_NAMES = (
    "enqueue", "claim", "progress", "complete", "fail", "release", "renew", "sweep", "cancel", "stats", "webhook_claim",
)  # fmt: skip


@cache
def source(name: str) -> str:
    """The script's text with its includes expanded."""
    text = (SCRIPT_DIR / f"{name}.lua").read_text()
    return _INCLUDE.sub(lambda m: (SCRIPT_DIR / "includes" / f"{m.group(1)}.lua").read_text(), text)


class Scripts:
    """The protocol's scripts bound to one client; `scripts.claim(keys=..., args=...)`."""

    def __init__(self, redis: Any) -> None:
        for name in SCRIPT_NAMES:
            setattr(self, name, redis.register_script(source(name)))

    enqueue: Any
    claim: Any
    progress: Any
    complete: Any
    fail: Any
    release: Any
    renew: Any
    sweep: Any
    cancel: Any
    stats: Any
    webhook_claim: Any
