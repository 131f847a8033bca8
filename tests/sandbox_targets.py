"""Calls for tests/test_sandbox.py to run inside sandbox processes (`tests.sandbox_targets:<name>`)."""

from __future__ import annotations

import os
import time
from typing import Any

from shared.errors import NotAPdf
from shared.worker.sandbox import Channel


def echo(data: bytes, params: dict[str, Any], channel: Channel) -> dict[str, Any]:
    for i in range(params.get("events", 0)):
        channel.emit({"i": i}, droppable=params.get("droppable", False))
    return {"size": len(data), "params": params, "pid": os.getpid()}


def environment(data: bytes, params: dict[str, Any], channel: Channel) -> dict[str, Any]:
    return {"names": sorted(os.environ)}


def spin(data: bytes, params: dict[str, Any], channel: Channel) -> dict[str, Any]:
    while True:
        pass


def sleep(data: bytes, params: dict[str, Any], channel: Channel) -> dict[str, Any]:
    channel.emit({"sleeping": params["seconds"]})
    time.sleep(params["seconds"])
    return {}


def flood(data: bytes, params: dict[str, Any], channel: Channel) -> dict[str, Any]:
    return {"text": "x" * params["bytes"]}


def hog(data: bytes, params: dict[str, Any], channel: Channel) -> dict[str, Any]:
    blocks = []
    while True:
        blocks.append(bytearray(8 << 20))


def abort(data: bytes, params: dict[str, Any], channel: Channel) -> dict[str, Any]:
    os.abort()


def refuse(data: bytes, params: dict[str, Any], channel: Channel) -> dict[str, Any]:
    raise NotAPdf("this file is not a PDF")


def bug(data: bytes, params: dict[str, Any], channel: Channel) -> dict[str, Any]:
    return {"x": [][1]}


def extend_and_burn(data: bytes, params: dict[str, Any], channel: Channel) -> dict[str, Any]:
    """Ask for params["extend"] more seconds, use params["burn"] CPU seconds, then crash (params["abort"])
    or spin until a limit stops the call."""
    channel.extend(params["extend"])
    start = time.process_time()
    while time.process_time() - start < params["burn"]:
        pass
    if params.get("abort"):
        os.abort()
    while True:
        pass


def grow_and_abort(data: bytes, params: dict[str, Any], channel: Channel) -> dict[str, Any]:
    """Fill params["mb"] MB, hold it a moment, then crash as a C library does when malloc fails."""
    held = bytearray(b"x") * (params["mb"] << 20)
    time.sleep(0.3)
    assert held
    os.abort()
