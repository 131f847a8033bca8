"""Logging for both processes: one JSON object per line (or plain text for humans).

Log lines carry ids, stages, counts and durations only. Never pass file contents,
biomarker values, results, patient details, API keys or Redis URLs with
credentials: lab reports are health data.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

_RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED:
                out[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            # The type and where it was raised; never the message (it may quote the document).
            out["exc_type"] = record.exc_info[0].__name__
            tb = record.exc_info[2]
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            if tb is not None:
                out["exc_at"] = f"{tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}"
        return json.dumps(out, default=str, separators=(",", ":"))


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        extras = " ".join(f"{k}={v}" for k, v in record.__dict__.items() if k not in _RESERVED)
        record.exc_text, exc = None, record.exc_info
        record.exc_info = None  # same rule as JSON: no exception messages in logs
        try:
            line = super().format(record)
        finally:
            record.exc_info = exc
        if exc and exc[0] is not None:
            extras += f" exc_type={exc[0].__name__}"
        return f"{line} {extras}".rstrip()


class AccessLogRedactor(logging.Filter):
    """uvicorn's access log writes each request's path with its query string, where a client may
    have put an API key (`?api_key=...`). Values of query parameters the API does not define are
    replaced by `[redacted]`, so a mistaken client never leaves its key in a log."""

    KEPT = frozenset({"status", "limit", "purge"})  # the API's own query parameters

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            path, _, query = args[2].partition("?")
            parts = []
            for part in query.split("&"):
                name, eq, value = part.partition("=")
                parts.append(part if name in self.KEPT or not eq else f"{name}=[redacted]")
            record.args = (*args[:2], f"{path}?{'&'.join(parts)}", *args[3:])
        return True


def setup(level: str = "INFO", fmt: str = "json") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessLogRedactor) for f in access.filters):
        access.addFilter(AccessLogRedactor())
    for noisy in ("httpx", "httpcore", "google_genai", "pdfminer", "multipart", "asyncio"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
