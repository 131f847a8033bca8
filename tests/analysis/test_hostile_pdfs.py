"""Decompression bombs (issue 18): the inflation check, and the analysis in real sandbox processes.

The bombs are built by tests/analysis/bombs.py; the worker-level scenario (a bomb next to other
keys' reports, a worker under prlimit, a worker killed mid-analysis) is tests/test_sandbox_service.py.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from shared.analysis.inflation import DEFLATE_MAX_RATIO, check_inflation
from shared.analysis.pipeline import analyze_pdf, clean_query
from shared.analysis.task import analyze_job
from shared.errors import ExpandsTooMuch, MemoryLimitExceeded
from shared.handlers import APP
from shared.worker.sandbox import Limits, SandboxPool
from tests.analysis.bombs import deflated_zeros, flate_bomb
from tests.analysis.conftest import FakeContext, corpus_files, make_settings
from tests.analysis.pdfgen import report_pdf

ROOT = Path(__file__).resolve().parents[2]
GiB = 1 << 30
LIMIT_MB = 256
REPORT = report_pdf([["Hemoglobin", "13.7", "g/dL", "13.0 - 17.0"], ["Ferritin", "11", "ng/mL", "20 - 250"],
                     ["TSH", "2.2", "mIU/L", "0.4 - 4.0"]] * 8, header=["Test", "Result", "Unit", "Reference Range"],
                    rows_per_page=8, title=["Harbour Diagnostics Laboratory"])  # fmt: skip


# ----------------------------------------------------------------------------- the check, no processes


@pytest.mark.parametrize("bomb", [
    pytest.param(lambda: flate_bomb(2 * GiB), id="7 KB, twice over 2 GiB of zeros"),
    pytest.param(lambda: flate_bomb(100 << 20, pages=50), id="50 pages, 100 MB each"),
    pytest.param(lambda: flate_bomb(100 << 20, pages=50, shared=True), id="one 100 MB stream as 50 pages' contents"),
    pytest.param(lambda: flate_bomb(300 << 20, layers=1), id="one Flate layer, 300 MB"),
])  # fmt: skip
def test_bombs_are_refused_before_extraction(bomb) -> None:
    pdf = bomb()
    t = time.monotonic()
    with pytest.raises(ExpandsTooMuch, match=f"expands beyond {LIMIT_MB} MB when decompressed"):
        check_inflation(pdf, LIMIT_MB)
    assert time.monotonic() - t < 5  # it stops counting at the limit (about 0.2 s per 256 MB of zeros)


def test_hex_encoded_bomb_is_measured_too() -> None:
    import zlib

    data = zlib.compress(deflated_zeros(300 << 20)).hex().encode() + b">"
    pdf = b"%%PDF-1.7\n4 0 obj\n<< /Length %d /Filter [/AHx /Fl /Fl] >>\nstream\n%s\nendstream\nendobj\n" % (len(data), data)
    with pytest.raises(ExpandsTooMuch):
        check_inflation(pdf, LIMIT_MB)


def test_real_reports_pass_without_being_inflated() -> None:
    files = [p.read_bytes() for p in corpus_files()] or [REPORT]
    for data in files:
        bound = check_inflation(data, LIMIT_MB)
        assert bound <= LIMIT_MB << 20
    # cheap path: under the limit, the bound (1032x the compressed size) is all it computes
    assert check_inflation(REPORT, LIMIT_MB) >= 100 * DEFLATE_MAX_RATIO
    # a bound over the limit (a 20 KB limit here): the streams are inflated and measured instead
    assert 0 < check_inflation(REPORT, 0.02) < 20 * 1024


# ----------------------------------------------------------------------------- in sandbox processes


@pytest.fixture
async def analysis_sandbox() -> AsyncIterator[SandboxPool]:
    pool = SandboxPool(Limits(memory_mb=LIMIT_MB, cpu_seconds=10, wall_seconds=30, output_mb=16), size=1,
                       preload=APP.sandbox_preload, log_level="WARNING")  # fmt: skip
    pool.start()
    await pool.wait_ready()
    yield pool
    await pool.close()


async def test_the_sandboxed_analysis_is_the_analysis(analysis_sandbox: SandboxPool) -> None:
    settings = make_settings(analysis_memory_mb=LIMIT_MB)
    ctx = FakeContext(REPORT, "How is my iron?", settings=settings, sandbox=analysis_sandbox)
    result = await analyze_job(ctx)
    assert result == analyze_pdf(REPORT, clean_query("How is my iron?"))
    assert ctx.isolated_calls == [("shared.analysis.sandboxed:analyze", analysis_sandbox.pids[0])]
    # pages within 50 ms of each other are coalesced in the sandbox process; stages always come through
    assert [c[0] for c in ctx.page_calls] == ["extracting", "parsing", "analyzing"]


async def test_a_bomb_fails_fast_with_its_size(analysis_sandbox: SandboxPool) -> None:
    ctx = FakeContext(flate_bomb(2 * GiB), settings=make_settings(analysis_memory_mb=LIMIT_MB), sandbox=analysis_sandbox)
    t = time.monotonic()
    with pytest.raises(ExpandsTooMuch, match=f"expands beyond {LIMIT_MB} MB"):
        await analyze_job(ctx)
    assert time.monotonic() - t < 10
    [pid] = analysis_sandbox.pids
    assert ctx.isolated_calls[0][1] == pid  # refused inside the process, which serves on


async def hidden_bomb_in_a_fresh_process() -> None:
    """The next test's body, run in a process of its own (`python -c`), as small as a worker."""
    pool = SandboxPool(Limits(memory_mb=LIMIT_MB, cpu_seconds=10, wall_seconds=30, output_mb=16), size=1,
                       preload=APP.sandbox_preload, log_level="WARNING")  # fmt: skip
    pool.start()
    try:
        await pool.wait_ready()
        old = pool.pids
        ctx = FakeContext(flate_bomb(2 * GiB, encrypted=True), settings=make_settings(analysis_memory_mb=LIMIT_MB),
                          sandbox=pool)  # fmt: skip
        t = time.monotonic()
        with pytest.raises(MemoryLimitExceeded, match=f"expands beyond {LIMIT_MB} MB when decompressed and read"):
            await analyze_job(ctx)
        assert time.monotonic() - t < 10
        await pool.wait_ready()
        assert pool.pids != old  # the process was replaced
        assert (await analyze_job(FakeContext(REPORT, sandbox=pool)))["status"] == "success"
    finally:
        await pool.close()


def test_a_bomb_the_check_cannot_see_breaks_the_memory_limit_alone() -> None:
    """Encrypted streams cannot be measured before PDFium decrypts them: RLIMIT_AS stops the process
    (PDFium aborts when malloc fails) and the job is told why, in terms of the PDF.

    In a fresh parent process, as a worker is: Linux carries a process's peak RSS into the children
    it starts (ru_maxrss across fork and exec), the sandbox counts only a child's peak above that as
    its own, and this pytest process's peak, a few thousand tests in, can exceed anything a child
    reaches under 256 MB (then the death reads 'stopped unexpectedly (signal SIGABRT)': it did in
    full runs, never with the file alone)."""
    code = "import asyncio; from tests.analysis.test_hostile_pdfs import hidden_bomb_in_a_fresh_process as run; asyncio.run(run())"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
