"""Fixtures for the analysis tests: the corpus, a fake JobContext, a stub Gemini HTTP server."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from shared.errors import JobCancelled
from shared.handlers import Resources
from shared.job import ClaimedJob
from shared.settings import Settings
from shared.worker.sandbox import SandboxPool, run_inline

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []


@pytest.fixture
def corpus() -> Path:
    if not corpus_files():
        pytest.skip(f"lab report corpus not found at {CORPUS.resolve()} (expected ../shared/corpus next to the repo)")
    return CORPUS


def make_settings(**overrides: Any) -> Settings:
    return Settings(_env_file=None, **overrides)


class FakeContext:
    """A test double of the worker runtime implementing the JobContext protocol.

    run_cpu uses asyncio.to_thread (a real thread, like the worker's pool); run_isolated runs
    the call inline in a thread too (the worker's behaviour without a sandbox: `run_inline`),
    or in `sandbox` when one is given; progress and page_progress are recorded; check_cancelled
    raises JobCancelled once `cancel_after_checks` checks have passed.
    """

    def __init__(self, payload: bytes, query: str = "Summarise my blood test report", *,
                 settings: Settings | None = None, cancel_after_checks: int | None = None,
                 sandbox: SandboxPool | None = None) -> None:
        self.job = ClaimedJob(id="job-1", token="tok", attempts=1, max_attempts=3, kind="analyze", query=query,
                              payload=payload)
        self.settings = settings or make_settings()
        self.state = Resources(model_semaphore=asyncio.Semaphore(self.settings.llm_concurrency))
        self.progress_calls: list[tuple[str, int, int | None, int | None]] = []
        self.page_calls: list[tuple[str, int, int, int]] = []
        self.cpu_calls: list[str] = []
        self.isolated_calls: list[tuple[str, int | None]] = []  # target, pid of the sandbox process (None: inline)
        self.sandbox = sandbox
        self.cpu_threads: set[int] = set()
        self.check_threads: set[int] = set()
        self.checks = 0
        self.cancel_after_checks = cancel_after_checks
        self._lock = threading.Lock()

    async def progress(self, stage: str, percent: int, *, page: int | None = None, pages: int | None = None) -> None:
        self.progress_calls.append((stage, percent, page, pages))

    async def run_cpu(self, fn, *args, **kwargs):
        self.cpu_calls.append(getattr(fn, "__name__", repr(fn)))

        def call():
            with self._lock:
                self.cpu_threads.add(threading.get_ident())
            return fn(*args, **kwargs)

        return await asyncio.to_thread(call)

    async def run_isolated(self, target: str, data: bytes, params: dict, *, stage: str, percent: int,
                           on_event=None) -> dict:
        if self.sandbox is not None:
            async def started(pid: int) -> None:
                self.isolated_calls.append((target, pid))
                await self.progress(stage, percent)

            return await self.sandbox.run(target, data, params, on_start=started, on_event=on_event,
                                          should_stop=self.check_cancelled)
        self.isolated_calls.append((target, None))
        await self.progress(stage, percent)

        def check() -> None:
            with self._lock:
                self.check_threads.add(threading.get_ident())
            self.check_cancelled()

        return await run_inline(None, target, data, params, on_event=on_event, should_stop=check)

    def page_progress(self, stage: str, percent: int, page: int, pages: int) -> None:
        with self._lock:
            self.page_calls.append((stage, percent, page, pages))

    def check_cancelled(self) -> None:
        with self._lock:
            self.checks += 1
            if self.cancel_after_checks is not None and self.checks > self.cancel_after_checks:
                raise JobCancelled("cancel")


@dataclass
class StubGemini:
    """Answers POST .../models/<model>:generateContent like the Gemini API, from a script of replies."""

    url: str
    script: list[tuple[int, Any]] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    delay: float = 0.0  # seconds to wait before answering (timeouts)

    @staticmethod
    def ok(payload: dict | str) -> tuple[int, Any]:
        text = payload if isinstance(payload, str) else json.dumps(payload)
        return 200, {"candidates": [{"content": {"parts": [{"text": text}], "role": "model"},
                                     "finishReason": "STOP", "index": 0}],
                     "modelVersion": "stub"}

    @staticmethod
    def error(code: int, status: str) -> tuple[int, Any]:
        return code, {"error": {"code": code, "message": status.lower(), "status": status}}


GOOD_NARRATIVE = {
    "summary": "Your haemoglobin is a little low; everything else looks fine.",
    "findings": [{"panel": "blood count", "title": "Haemoglobin slightly low",
                  "explanation": "A mildly low haemoglobin can come from low iron."}],
    "physician": "Discuss the low haemoglobin at your next visit.",
    "nutritionist": "Include iron-rich foods.",
    "exercise": "Build up activity gradually.",
}


@pytest.fixture
def stub_gemini() -> Iterator[StubGemini]:
    stub = StubGemini(url="")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:  # noqa: N802 (http.server API)
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length)
            stub.requests.append({"path": self.path, "headers": dict(self.headers), "body": json.loads(body or b"{}")})
            if stub.delay:
                time.sleep(stub.delay)
            if not self.path.endswith(":generateContent"):
                status, payload = 404, {"error": {"code": 404, "message": "not found", "status": "NOT_FOUND"}}
            else:
                status, payload = stub.script.pop(0) if stub.script else StubGemini.ok(GOOD_NARRATIVE)
            data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the timeout test's client gave up first, as intended

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shorten the SDK retry backoff (the retry mechanism itself is the SDK's, unchanged)."""
    from shared.analysis import gemini

    monkeypatch.setattr(gemini, "RETRY_INITIAL_DELAY", 0.01)
    monkeypatch.setattr(gemini, "RETRY_MAX_DELAY", 0.05)
    monkeypatch.setattr(gemini, "RETRY_JITTER", 0.0)
