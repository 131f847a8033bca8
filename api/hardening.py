"""Request and response rules that hold for every route, as one ASGI middleware.

- A request with more than MAX_HEADERS headers, or more than MAX_HEADER_BYTES of them, is
  answered 431 before any route runs. (uvicorn has already read them: the hard limits on size
  and on slow clients belong to the reverse proxy in front, see docs/DEPLOY.md.)
- Every response that does not choose its own caching gets `Cache-Control: no-store`: job
  status and results are health data, and no browser, proxy or CDN should keep a copy.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response

MAX_HEADERS = 100
MAX_HEADER_BYTES = 32 * 1024


class Hardening:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope["headers"]
        if len(headers) > MAX_HEADERS or sum(len(k) + len(v) for k, v in headers) > MAX_HEADER_BYTES:
            response = error_response(431, f"too many or too large request headers (at most {MAX_HEADERS} headers, "
                                           f"{MAX_HEADER_BYTES // 1024} KB)", "headers_too_large")  # fmt: skip
            await response(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                if not any(name.lower() == b"cache-control" for name, _ in message.get("headers", ())):
                    message["headers"] = [*message.get("headers", ()), (b"cache-control", b"no-store")]
            await send(message)

        await self.app(scope, receive, send_no_store)
