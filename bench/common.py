"""Helpers shared by bench/api_load.py, bench/scaling.py and bench/memory.py.

Every benchmark starts its own redis-server (tests/redis_server.py: temp dir,
free port, no persistence) and the real entry points as separate processes
(tests/procs.py: `uvicorn api.main:app`, `python worker_service.py`), prints
one JSON object on stdout (progress on stderr) and records the machine and how
busy it was while it measured: figures from a loaded machine are not figures.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import host  # noqa: E402
from tests import usage  # noqa: E402
from tests.procs import Proc, service_env  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402
from tests.usage import loadavg  # noqa: E402

CORPUS = Path(os.environ.get("BENCH_CORPUS", ROOT.parent / "shared" / "corpus"))
PAD_SOURCE = "healthfirst-synthetic.pdf"
# Variables of the developer's shell that must not leak into a benchmarked process.
_STRIP_ENV = ("GOOGLE_API_KEY", "GEMINI_", "KEY_PREFIX", "RATE_LIMIT", "MAX_QUEUE", "LOG_", "LEASE_", "CPU_THREADS",
              "LLM_CONCURRENCY", "JOB_TIMEOUT", "RESULT_TTL", "QUEUE_FALLBACK")  # fmt: skip


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- statistics


def median(values: Sequence[float | int | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return float(statistics.median(vals)) if vals else None


def percentile(sorted_values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile of an already sorted sequence."""
    if not sorted_values:
        return None
    k = max(0, min(len(sorted_values) - 1, int(-(-p * len(sorted_values) // 100)) - 1))
    return float(sorted_values[k])


def summarize_runs(runs: list[dict[str, Any]], keys: Sequence[str]) -> dict[str, float | None]:
    """The median over runs of each key (runs missing a key are skipped)."""
    return {k: median([r.get(k) for r in runs]) for k in keys}


# ---------------------------------------------------------------- machine and load


def wait_quiet(threshold: float, max_wait: float, own_pids: Sequence[int] = ()) -> dict[str, Any]:
    """Wait (up to `max_wait` s) until other processes use less than `threshold` of the machine's
    CPU (tests/usage.py); `own_pids` (the benchmark's own busy processes) do not count. Returns what
    was seen (recorded in the JSON)."""
    busy, waited = usage.wait_quiet(threshold, max_wait, own_pids, log=log)
    return {"other_cpu_before": busy, "waited_s": round(waited, 1), "loadavg_before": loadavg()}


def machine_info(redis_version: str | None = None) -> dict[str, Any]:
    return {
        **host.describe(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "redis_server": redis_version,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "loadavg_at_start": loadavg(),
    }


# ---------------------------------------------------------------- processes


def bench_env(redis_url: str | None, **overrides: str | int | float) -> dict[str, str]:
    """tests.procs.service_env without the developer's analysis/queue settings (no Gemini key:
    a benchmark never calls a model), JSON logs at WARNING unless overridden."""
    env = service_env(redis_url)
    for name in list(env):
        if name.startswith(_STRIP_ENV):
            del env[name]
    env.update({"LOG_LEVEL": "WARNING", "LOG_FORMAT": "json"})
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def start(cmd: list[str], env: dict[str, str], log_path: Path) -> Proc:
    return Proc(cmd, env, log_path)


def stop(proc: Proc | None, grace: float = 10.0) -> None:
    """SIGTERM (a worker drains and unregisters), then SIGKILL to the whole group."""
    if proc is not None:
        proc.stop(grace)


@contextlib.contextmanager
def private_redis() -> Iterator[RedisServer]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-redis-"))
    server = RedisServer(tmp)
    server.start()
    try:
        yield server
    finally:
        server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def redis_version(url: str) -> str | None:
    import redis

    with contextlib.suppress(Exception):
        client = redis.Redis.from_url(url)
        try:
            return str(client.info("server")["redis_version"])
        finally:
            client.close()
    return None


# ---------------------------------------------------------------- documents


def corpus_pdfs() -> list[Path]:
    files = sorted(CORPUS.glob("*.pdf"))
    if not files:
        raise SystemExit(f"no PDFs in {CORPUS} (set BENCH_CORPUS)")
    return files


def padded_pdf(target: int = 100 * 1024, source: str = PAD_SOURCE) -> tuple[bytes, dict[str, Any]]:
    """A real corpus report grown to `target` bytes by a block of PDF comment lines appended
    after its %%EOF, followed by a copy of its `startxref <offset> %%EOF` trailer. Nothing
    before the original end moves, so every xref offset stays right; readers use the last
    startxref, which points at the original cross-reference section."""
    path = CORPUS / source
    data = path.read_bytes()
    matches = list(re.finditer(rb"startxref\s+(\d+)\s+%%EOF", data))
    if not matches:
        raise ValueError(f"{path}: no startxref trailer")
    tail = b"\nstartxref\n" + matches[-1].group(1) + b"\n%%EOF\n"
    body = data if data.endswith(b"\n") else data + b"\n"
    room = target - len(body) - len(tail)
    if room < 4:
        raise ValueError(f"{path} is already {len(data)} bytes")
    line = b"%" + b"x" * 78 + b"\n"  # 80-byte comment lines
    pad = line * (room // len(line))
    pad += b"%" + b"x" * (room - len(pad) - 2) + b"\n" if room - len(pad) >= 2 else b"\n" * (room - len(pad))
    pdf = body + pad + tail
    assert len(pdf) == target, len(pdf)
    return pdf, {"source": source, "source_bytes": len(data), "bytes": len(pdf),
                 "how": "corpus PDF + PDF comment lines after %%EOF + a copy of its startxref/%%EOF trailer"}  # fmt: skip


# ---------------------------------------------------------------- output


def emit(result: dict[str, Any], json_out: str | None) -> None:
    text = json.dumps(result, indent=2, default=str)
    print(text)
    if json_out:
        Path(json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(json_out).write_text(text + "\n")
