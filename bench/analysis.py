#!/usr/bin/env python
"""Analysis benchmark: prints one JSON object.

    python bench/analysis.py [--corpus DIR] [--runs 5] [--rss-reports 100] [--no-pdfplumber]
                             [--sandbox-reports 200] [--sandbox-rounds 3] [--clock wall|cpu]

Per corpus file (medians of --runs runs, runs of the different measurements interleaved):
- bare_pdfium_ms: pypdfium2 open + get_text_range of every page + close (the practical floor),
- extract_ms: our extraction (validation, per-page text, lock, cancellation checks),
- analysis_ms: the whole local analysis (analyze_pdf: extraction, parsing, interpretation, result),
- per-page figures, and ratio = analysis_ms / bare_pdfium_ms,
- pdfplumber_ms: pdfplumber extract_text of every page (reference; --no-pdfplumber skips it),
- accuracy: recall / precision / flags against the .truth.json.
The per-file times are wall time (`--clock wall`, the default) or this process's CPU time (`--clock cpu`:
time.process_time, which other processes' load on a shared machine distorts much less).
Then RSS of this process before and after --rss-reports analyses run through the worker handler
(analyze_job with a one-thread pool, like a worker with CPU_THREADS=1), after one warm-up pass.
Then the sandbox on and off, in the same run (`sandbox`): analyze_job over the corpus with the
isolated call inline in a one-thread pool (ANALYSIS_SANDBOX=false, the path of every analysis
before issue 18) and in pre-started sandbox processes (1 and 2 of them): reports/s with 4 jobs in
flight (--sandbox-reports reports) with the CPU time it took (this process and the sandbox
processes: CPU ms per report, which other processes' load does not distort), and the latency of
one report at a time (every corpus file, and the smallest one alone), modes interleaved,
--sandbox-rounds rounds, medians.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Running `python bench/analysis.py` puts bench/ first on sys.path, where bench/queue.py would shadow the
# standard library's `queue` (imported by concurrent.futures): drop this directory, add the repo root.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def bare_pdfium(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    n = 0
    for i in range(len(doc)):
        page = doc[i]
        tp = page.get_textpage()
        n += len(tp.get_text_range())
        tp.close()
        page.close()
    doc.close()
    return n


def plumber(pdf: bytes) -> int:
    import io

    import pdfplumber

    n = 0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            n += len(page.extract_text() or "")
            page.close()
    return n


_CLOCK = time.perf_counter  # --clock cpu: time.process_time


def ms(fn, *args) -> float:
    t = _CLOCK()
    fn(*args)
    return (_CLOCK() - t) * 1000


class BenchContext:
    """Just enough of the worker runtime for analyze_job: a one-thread pool (or a sandbox), no Redis."""

    def __init__(self, pool: ThreadPoolExecutor, payload: bytes, sandbox=None) -> None:
        from shared.handlers import Resources
        from shared.job import ClaimedJob
        from shared.settings import Settings

        self.job = ClaimedJob(id="bench", token="t", attempts=1, max_attempts=1, kind="analyze",
                              query="Summarise my blood test report", payload=payload)
        self.settings = Settings(_env_file=None)
        self.state = Resources(model_semaphore=asyncio.Semaphore(1))
        self.pool = pool
        self.sandbox = sandbox

    async def progress(self, stage, percent, *, page=None, pages=None):
        return None

    async def run_cpu(self, fn, *args, **kwargs):
        import functools

        return await asyncio.get_running_loop().run_in_executor(self.pool, functools.partial(fn, *args, **kwargs))

    async def run_isolated(self, target, data, params, *, stage, percent, on_event=None):
        from shared.worker.sandbox import run_inline

        if self.sandbox is None:
            return await run_inline(self.pool, target, data, params, on_event=on_event)
        return await self.sandbox.run(target, data, params, on_event=on_event, should_stop=self.check_cancelled)

    def page_progress(self, stage, percent, page, pages):
        return None

    def check_cancelled(self):
        return None


async def rss_run(pdfs: list[bytes], reports: int) -> dict:
    from shared.handlers import APP

    analyze_job = APP.functions["analyze"]

    pool = ThreadPoolExecutor(max_workers=1)
    start = rss_mb()
    for data in pdfs:  # warm-up: imports, PDFium fonts, caches
        await analyze_job(BenchContext(pool, data))
    gc.collect()
    before = rss_mb()
    t = time.perf_counter()
    samples = []
    for i in range(reports):
        await analyze_job(BenchContext(pool, pdfs[i % len(pdfs)]))
        if (i + 1) % 25 == 0:
            samples.append(rss_mb())
    elapsed = time.perf_counter() - t
    gc.collect()
    after = rss_mb()
    pool.shutdown()
    return {"reports": reports, "rss_start_mb": start, "rss_before_mb": before, "rss_after_mb": after,
            "rss_growth_mb": round(after - before, 1), "rss_every_25_mb": samples,
            "reports_per_s": round(reports / elapsed, 1)}


async def sandbox_compare(pdfs: list[bytes], reports: int, rounds: int, in_flight: int = 4) -> dict:
    """Sandbox off (inline, one thread) vs on (1 and 2 processes): throughput and one-at-a-time latency."""
    from shared.handlers import APP
    from shared.settings import Settings
    from shared.worker.sandbox import SandboxPool

    analyze_job = APP.functions["analyze"]

    settings = Settings(_env_file=None)
    thread = ThreadPoolExecutor(max_workers=1)
    pools = {n: SandboxPool.from_settings(settings.model_copy(update={"analysis_processes": n}), preload=APP.sandbox_preload)
             for n in (1, 2)}  # fmt: skip
    for pool in pools.values():
        pool.start()
    for pool in pools.values():
        await pool.wait_ready()
    modes = {"off": None, "on_1_process": pools[1], "on_2_processes": pools[2]}
    smallest = min(pdfs, key=len)

    async def one(sandbox, data: bytes) -> float:
        t = time.perf_counter()
        await analyze_job(BenchContext(thread, data, sandbox))
        return (time.perf_counter() - t) * 1000

    def cpu_s(sandbox) -> float:
        """CPU time of this process and the sandbox's processes: utime + stime from /proc."""
        total = 0
        for pid in [os.getpid(), *(sandbox.pids if sandbox else [])]:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    async def throughput(sandbox) -> tuple[float, float]:
        """Reports/s with `in_flight` jobs at a time, and CPU ms per report (this process + the sandbox's)."""
        queue = [pdfs[i % len(pdfs)] for i in range(reports)]

        async def lane() -> None:
            while queue:
                await analyze_job(BenchContext(thread, queue.pop(), sandbox))

        cpu, t = cpu_s(sandbox), time.perf_counter()
        await asyncio.gather(*(lane() for _ in range(in_flight)))
        return reports / (time.perf_counter() - t), (cpu_s(sandbox) - cpu) * 1000 / reports

    for sandbox in modes.values():  # warm-up: imports, caches, the children's first reports
        for data in pdfs:
            await one(sandbox, data)
    got: dict[str, dict[str, list[float]]] = {m: {"per_s": [], "cpu_ms": [], "all_ms": [], "small_ms": []} for m in modes}
    names = list(modes)
    for r in range(rounds):
        for m in names[r % len(names):] + names[: r % len(names)]:  # rotate the order each round
            per_s, cpu_ms = await throughput(modes[m])
            got[m]["per_s"].append(per_s)
            got[m]["cpu_ms"].append(cpu_ms)
            for data in pdfs:
                got[m]["all_ms"].append(await one(modes[m], data))
            got[m]["small_ms"] += [await one(modes[m], smallest) for _ in range(20)]
    for pool in pools.values():
        await pool.close()
    thread.shutdown()
    out: dict = {"reports_per_round": reports, "rounds": rounds, "in_flight": in_flight,
                 "small_report_bytes": len(smallest), "modes": {}}  # fmt: skip
    for m, g in got.items():
        out["modes"][m] = {"reports_per_s": round(statistics.median(g["per_s"]), 1),
                           "reports_per_s_runs": [round(x, 1) for x in g["per_s"]],
                           "cpu_ms_per_report": round(statistics.median(g["cpu_ms"]), 2),
                           "latency_ms_p50": round(statistics.median(g["all_ms"]), 2),
                           "small_report_ms_p50": round(statistics.median(g["small_ms"]), 2)}  # fmt: skip
    off = out["modes"]["off"]
    for m in names[1:]:
        on = out["modes"][m]
        on["throughput_vs_off"] = round(on["reports_per_s"] / off["reports_per_s"], 3)
        on["cpu_per_report_vs_off"] = round(on["cpu_ms_per_report"] / off["cpu_ms_per_report"], 3)
        on["small_report_ms_added"] = round(on["small_report_ms_p50"] - off["small_report_ms_p50"], 2)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT / ".." / "shared" / "corpus")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--plumber-runs", type=int, default=3)
    ap.add_argument("--rss-reports", type=int, default=100)
    ap.add_argument("--no-pdfplumber", action="store_true")
    ap.add_argument("--sandbox-reports", type=int, default=200, help="reports per throughput run (0: skip)")
    ap.add_argument("--sandbox-rounds", type=int, default=3)
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="per-file times: wall time, or this process's CPU time (process_time)")
    args = ap.parse_args()
    global _CLOCK
    _CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    args.runs = max(3, args.runs)
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        print(json.dumps({"error": f"no PDFs in {args.corpus.resolve()}"}))
        return 2

    rss_at_start = rss_mb()
    from shared.analysis import analyze_pdf
    from shared.analysis.evaluate import score_file
    from shared.analysis.pipeline import extract_pages

    per_file = []
    for path in files:
        data = path.read_bytes()
        bare_pdfium(data), extract_pages(data), analyze_pdf(data)  # warm-up
        bare, ext, whole = [], [], []
        for _ in range(args.runs):
            bare.append(ms(bare_pdfium, data))
            ext.append(ms(extract_pages, data))
            whole.append(ms(analyze_pdf, data))
        pages = analyze_pdf(data)["pages"]
        entry = {
            "file": path.stem, "pages": pages,
            "bare_pdfium_ms": round(statistics.median(bare), 2),
            "extract_ms": round(statistics.median(ext), 2),
            "analysis_ms": round(statistics.median(whole), 2),
            "bare_pdfium_ms_per_page": round(statistics.median(bare) / pages, 2),
            "analysis_ms_per_page": round(statistics.median(whole) / pages, 2),
            "ratio_analysis_to_bare": round(statistics.median(whole) / statistics.median(bare), 2),
            "ratio_extract_to_bare": round(statistics.median(ext) / statistics.median(bare), 2),
            # fastest run of each: less sensitive to other load on the machine
            "best_bare_pdfium_ms": round(min(bare), 2), "best_analysis_ms": round(min(whole), 2),
            "ratio_best_analysis_to_best_bare": round(min(whole) / min(bare), 2),
            "runs": args.runs,
        }
        if not args.no_pdfplumber:
            pl = [ms(plumber, data) for _ in range(args.plumber_runs)]
            entry["pdfplumber_ms"] = round(statistics.median(pl), 1)
            entry["ratio_pdfplumber_to_bare"] = round(statistics.median(pl) / statistics.median(bare), 1)
        if path.with_suffix(".truth.json").exists():
            s = score_file(path)
            entry["accuracy"] = {"recall": round(s.recall, 4), "precision": round(s.precision, 4),
                                 "flags_ok": f"{s.flags_ok}/{s.matched}"}
        per_file.append(entry)

    ratios = [e["ratio_analysis_to_bare"] for e in per_file]
    summary = {
        "median_ratio_analysis_to_bare": round(statistics.median(ratios), 2),
        "median_ratio_best_to_best": round(statistics.median(e["ratio_best_analysis_to_best_bare"] for e in per_file), 2),
        "max_ratio_analysis_to_bare": max(ratios),
        "files_within_3x": sum(1 for r in ratios if r <= 3.0),
        "files": len(per_file),
        "median_analysis_ms": round(statistics.median(e["analysis_ms"] for e in per_file), 2),
        "median_bare_pdfium_ms": round(statistics.median(e["bare_pdfium_ms"] for e in per_file), 2),
        "total_analysis_ms": round(sum(e["analysis_ms"] for e in per_file), 1),
        "total_bare_pdfium_ms": round(sum(e["bare_pdfium_ms"] for e in per_file), 1),
        "median_analysis_ms_per_page": round(statistics.median(e["analysis_ms_per_page"] for e in per_file), 2),
        "clock": args.clock,
    }
    if not args.no_pdfplumber:
        summary["median_ratio_pdfplumber_to_bare"] = round(
            statistics.median(e["ratio_pdfplumber_to_bare"] for e in per_file), 1)
    pdfs = [p.read_bytes() for p in files]
    rss = asyncio.run(rss_run(pdfs, args.rss_reports))
    rss["rss_at_process_start_mb"] = rss_at_start
    sandbox = asyncio.run(sandbox_compare(pdfs, args.sandbox_reports, args.sandbox_rounds)) if args.sandbox_reports else None
    out = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "loadavg": [round(x, 2) for x in os.getloadavg()]},
        "summary": summary, "rss": rss, "sandbox": sandbox, "files": per_file,
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
