"""Serve an app with uvicorn on a free port inside the test's event loop: real HTTP, real sockets."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from fastapi import FastAPI

from tests.redis_server import free_port


@contextlib.asynccontextmanager
async def serve(app: FastAPI, **config: Any) -> AsyncIterator[str]:
    """Extra keyword arguments go to uvicorn.Config (e.g. ssl_certfile); the URL is always http://."""
    port = free_port()
    uvicorn_config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", **config)
    server = uvicorn.Server(uvicorn_config)
    task = asyncio.create_task(server.serve())
    for _ in range(500):
        if server.started or task.done():
            break
        await asyncio.sleep(0.01)
    if not server.started:
        task.cancel()
        raise RuntimeError("uvicorn did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 30)
