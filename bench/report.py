#!/usr/bin/env python
"""Write the sections of docs/BENCHMARKS.md for api_load, scaling, memory and analysis from their JSON.

    python bench/report.py [--dir docs/bench] [--markdown docs/BENCHMARKS.md] [--note TEXT ...]

Each section sits between its own markers (`<!-- bench:<name>:start -->` / `:end -->`) and
is replaced in place; everything else in the file stays, including the peers section that
bench/compare.py writes between `<!-- bench:queue-peers:start/end -->`. A benchmark whose
JSON is missing keeps its old section. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

SECTIONS = ("machine", "api-load", "scaling", "memory", "analysis", "sandbox")
RERUN = (
    "make bench` (or `VENV=.venv scripts/bench`; `scripts/bench --quick` for a smoke run, `--only api_load,memory` for a subset"
)


def marker(name: str, end: bool = False) -> str:
    return f"<!-- bench:{name}:{'end' if end else 'start'} -->"


def _f(v: Any, digits: int = 1, unit: str = "") -> str:
    if v is None:
        return "n/a"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int | float):
        if digits == 0:
            return f"{v:,.0f}{unit}"
        return f"{v:,.{digits}f}{unit}"
    return f"{v}{unit}"


def _met(flag: Any) -> str:
    if flag is None:
        return "n/a"
    return "**met**" if flag else "**missed**"


def _load(d: dict[str, Any], runs: list[dict[str, Any]]) -> str:
    before = [r.get("other_cpu_before") for r in runs if r.get("other_cpu_before") is not None]
    la = (d.get("machine") or {}).get("loadavg_at_start")
    parts = []
    if la:
        parts.append(f"load average at start {la[0]:.2f} / {la[1]:.2f} / {la[2]:.2f}, at end "
                     + " / ".join(f"{x:.2f}" for x in (d.get("loadavg_at_end") or [])))  # fmt: skip
    if before:
        parts.append(f"other processes' CPU right before each run: max {max(before):.0%}")
    return "; ".join(parts) + "." if parts else ""


# ---------------------------------------------------------------- sections


def machine_section(results: dict[str, dict[str, Any]], notes: list[str]) -> str:
    m = next((r["machine"] for r in results.values() if isinstance(r.get("machine"), dict) and "cores" in r["machine"]), None)
    lines = [marker("machine"), "## Machine and how to rerun", ""]
    if m:
        lines += [
            f"- Machine: {m.get('cores')} cores ({m.get('cpu_model')}), {m.get('memory_gib')} GiB RAM, {m.get('os')}",
            f"- Python {m.get('python')}, Redis {m.get('redis_server')} (a private `redis-server` per benchmark: "
            "temp dir, free port, no persistence)",
        ]

    def when(v: dict[str, Any]) -> str:
        date = str((v.get("machine") or {}).get("date") or "")
        return f", {date[:16].replace('T', ' ')}" if date else ""

    ran = ", ".join(f"{k} ({'quick' if (v.get('config') or {}).get('quick') else 'full'}{when(v)})" for k, v in results.items())
    lines += [f"- Runs shown below: {ran or 'nothing'}; JSON of each benchmark in `docs/bench/`"]
    lines += [f"- Note: {n}" for n in notes]
    lines += [
        "- Load generator, clients and servers all share the machine's cores: API figures are for one uvicorn "
        "process competing with its load generator (and, for /status, with two busy workers).",
        "",
        f"Rerun everything: `{RERUN}). Each script also runs alone and prints one JSON object: "
        "`.venv/bin/python bench/api_load.py`, `bench/scaling.py`, `bench/memory.py` (`--quick`, `--runs N`, `--help`).",
        marker("machine", end=True),
    ]
    return "\n".join(lines)


def api_section(d: dict[str, Any], pinned: dict[str, Any] | None = None) -> str:
    """`pinned`: the same GET /status parts with the worker service on a core of its own (--worker-cpus)."""
    t = d.get("targets") or {}
    c = d.get("config") or {}
    post = d.get("post_analyze_async")
    status_parts = [
        ("get_status_queued_no_workers", "GET /status, queued jobs, paced, no workers running (reference)"),
        ("get_status_queued", "GET /status, queued jobs, paced"),
        ("get_status_queued_saturated", "GET /status, queued jobs, saturating"),
        ("get_status_completed", "GET /status, completed jobs (result in body), paced"),
        ("get_status_completed_saturated", "GET /status, completed jobs (result in body), saturating"),
    ]
    runs = [r for part in [post] + [d.get(k) for k, _ in status_parts] if part for r in part.get("runs", [])]
    lines = [marker("api-load"), "## API under load (`bench/api_load.py`)", ""]
    lines += [
        f"One `uvicorn api.main:app` process (as the Procfile starts it; access log {'on' if c.get('access_log') else 'off'}) "
        f"with REDIS_URL, RATE_LIMIT_PER_MINUTE=0, MAX_QUEUE_SIZE=10000000, MAX_QUEUED_PER_KEY=0, "
        f"MAX_QUEUED_MB_PER_KEY=0, LOG_LEVEL=WARNING. Load generator: "
        f"{c.get('client')}{' (' + str(c.get('wrk_threads')) + ' thread)' if c.get('wrk_threads') else ''}, "
        f"keep-alive connections; {c.get('runs')} run(s) of {c.get('duration_s')} s after a {c.get('warmup_s')} s warm-up, "
        f"median reported. Upload: {(c.get('pdf') or {}).get('bytes', 0) / 1024:.0f} KB PDF "
        f"({(c.get('pdf') or {}).get('source')} padded with PDF comment lines), multipart body {c.get('multipart_body_bytes')} B. "
        f"*Saturating*: every client sends its next request as soon as the answer arrives (closed loop: latency is then "
        f"mostly queueing, ≈ clients / throughput). *Paced*: each client waits a random 0–{2 * (c.get('status_think_ms_mean') or 0):.0f} ms "
        f"between requests, ≈ {_f(c.get('status_rate_offered'), 0)} req/s offered in all (moderate load).",
        "",
        "| measurement | clients | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | API CPU (cores) | workers CPU (cores) | target | met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    if post:
        lines.append(f"| POST /analyze-async, saturating | {c.get('post_clients')} | {_f(post.get('req_per_s'), 0)} | {_f(post.get('p50_ms'))} "
                     f"| {_f(post.get('p90_ms'))} | {_f(post.get('p99_ms'))} | {_f(post.get('max_ms'))} | {_f(post.get('errors'), 0)} "
                     f"| {_f(post.get('api_cpu_cores'), 2)} | - | ≥ {t.get('post_req_per_s_min')} req/s | {_met(post.get('meets_target'))} |")  # fmt: skip
    st = d.get("get_status_queued")
    for key, label in status_parts:
        part = d.get(key)
        if part:
            paced = part.get("load") == "paced"
            target_applies = paced and part.get("workers_running", True)
            lines.append(f"| {label} | {c.get('status_clients')} | {_f(part.get('req_per_s'), 0)} | {_f(part.get('p50_ms'))} "
                         f"| {_f(part.get('p90_ms'))} | {_f(part.get('p99_ms'))} | {_f(part.get('max_ms'))} | {_f(part.get('errors'), 0)} "
                         f"| {_f(part.get('api_cpu_cores'), 2)} "
                         f"| {_f(part.get('workers_cpu_cores'), 2) if part.get('workers_running', True) else '-'} "
                         f"| {'p99 < ' + str(t.get('status_p99_ms_max')) + ' ms' if target_applies else '-'} "
                         f"| {_met(part.get('meets_target')) if target_applies else '-'} |")  # fmt: skip
    cpus = ((pinned or {}).get("config") or {}).get("status_workers", {}).get("cpus")
    for key, label in status_parts[1:]:
        part = (pinned or {}).get(key)
        if part and cpus:
            lines.append(f"| {label}, workers pinned to core {cpus} | {c.get('status_clients')} | {_f(part.get('req_per_s'), 0)} "
                         f"| {_f(part.get('p50_ms'))} | {_f(part.get('p90_ms'))} | {_f(part.get('p99_ms'))} | {_f(part.get('max_ms'))} "
                         f"| {_f(part.get('errors'), 0)} | {_f(part.get('api_cpu_cores'), 2)} | {_f(part.get('workers_cpu_cores'), 2)} "
                         f"| - | - |")  # fmt: skip
    if d.get("error"):
        lines += ["", f"Error in this run: `{d['error']}`"]
    lines += [
        "",
        "GET /status runs (except the reference row) while a worker service with two processes (WORKER_COUNT=2, WORKER_CONCURRENCY=2, "
        f"WORKER_NICE={(c.get('status_workers') or {}).get('WORKER_NICE', 'default')}) analyses corpus "
        "PDFs that a feeder keeps enqueueing (normal queue ≥ 32 deep"
        + (
            f"; {st.get('analyses_per_s'):.0f} analyses/s completed during the paced runs"
            if st and st.get("analyses_per_s")
            else ""
        )
        + "). Queued ids: 200 jobs at priority low, which stay queued behind the backlog; completed ids: up to 200 finished "
        "analyses, whose status carries the result JSON. Ids are picked at random per request. "
        "The API, both workers, Redis and the load generator share the same cores here; deployed, the worker service runs "
        "on machines of its own. The *pinned* rows (`bench/api_load.py --worker-cpus 1`: the worker service under "
        "`taskset -c 1`, as compose's `cpuset` or a separate machine would keep it) show the API's latency when the "
        "parsing cannot take the cores the API and Redis run on.",
        "",
        _load(d, runs),
        marker("api-load", end=True),
    ]
    return "\n".join(lines)


def _median(vals: list[Any]) -> float | None:
    v = [x for x in vals if x is not None]
    return statistics.median(v) if v else None


def scaling_section(d: dict[str, Any]) -> str:
    c = d.get("config") or {}
    target = d.get("target_efficiency", 0.9)
    lines = [marker("scaling"), "## Worker scaling with I/O-bound jobs (`bench/scaling.py`)", ""]
    lines += [
        f"`sleep` jobs of {c.get('job_seconds')} s (an awaited wait, like a model call); {c.get('waves')} waves: "
        f"N = {c.get('waves')} × processes × concurrency. {d.get('method', '')}. Target: ≥ {target:.0%} of ideal in every config.",
        "",
        "| processes | concurrency | jobs | ideal jobs/s | jobs/s | seconds | efficiency | workers CPU (cores) | met |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    runs = []
    for r in d.get("configs", []):
        runs += r.get("runs", [])
        cpu = _median([x.get("workers_cpu_cores") for x in r.get("runs", [])])
        eff = r.get("efficiency")
        lines.append(f"| {r['processes']} | {r['concurrency']} | {r['jobs']} | {_f(r.get('ideal_jobs_per_s'), 1)} "
                     f"| {_f(r.get('jobs_per_s'), 1)} | {_f(r.get('seconds'), 2)} | {_f(None if eff is None else eff * 100, 1, ' %')} "
                     f"| {_f(cpu, 2)} | {_met(r.get('meets_target')) if 'error' not in r else 'error: ' + r['error'][:80]} |")  # fmt: skip
    lines += ["", f"Lowest efficiency: {_f(None if d.get('min_efficiency') is None else d['min_efficiency'] * 100, 1, ' %')} "
              f"(target {_met(d.get('meets_target'))}).", "", _load(d, runs), marker("scaling", end=True)]  # fmt: skip
    return "\n".join(lines)


def memory_section(d: dict[str, Any]) -> str:
    s = d.get("summary") or {}
    t = d.get("targets") or {}
    c = d.get("config") or {}
    kb = t.get("finished_job_bytes_max", 4096)
    lines = [marker("memory"), "## Memory (`bench/memory.py`)", ""]
    lines += [
        f"RSS is VmRSS from /proc/<pid>/status (VmHWM: the peak). Redis sizes are `MEMORY USAGE <key> SAMPLES 0`. "
        f"Median of {c.get('runs')} run(s), fresh processes each run.",
        "",
        "| process | RSS MB | target | met |",
        "|---|---:|---|---|",
        f"| API, idle ({c.get('idle_s')} s after first /health, REDIS_URL set) | {_f(s.get('api_idle_rss_mb'))} | - | - |",
        f"| worker, idle (WORKER_COUNT=1: one process) | {_f(s.get('worker_idle_rss_mb'))} | < {t.get('idle_worker_rss_mb_max')} MB "
        f"| {_met(s.get('meets_idle_worker_target'))} |",
        f"| worker after {c.get('analyses')} real analyses (peak VmHWM {_f(s.get('worker_after_analyses_hwm_mb'))}) "
        f"| {_f(s.get('worker_after_analyses_rss_mb'))} | - | - |",
        f"| its sandbox processes (ANALYSIS_PROCESSES, summed), idle / after the analyses "
        f"| {_f(s.get('sandbox_idle_rss_mb'))} / {_f(s.get('sandbox_after_analyses_rss_mb'))} | - | - |",
        "",
        "| Redis, per job | bytes | target | met |",
        "|---|---:|---|---|",
        f"| queued, 100 KB PDF: job hash + pdf key | {_f(s.get('queued_job_100kb_pdf_bytes'), 0)} "
        f"({_f(s.get('queued_job_100kb_pdf_hash_bytes'), 0)} + {_f(s.get('queued_job_100kb_pdf_key_bytes'), 0)}) | - | - |",
        f"| queued, empty payload: job hash + pdf key | {_f(s.get('queued_job_empty_bytes'), 0)} "
        f"({_f(s.get('queued_job_empty_hash_bytes'), 0)} + {_f(s.get('queued_job_empty_pdf_key_bytes'), 0)}) | - | - |",
        f"| queued: share of the queue zset / index zset | {_f(s.get('per_job_queue_zset_bytes'), 0)} / "
        f"{_f(s.get('per_job_index_zset_bytes'), 0)} | - | - |",
        f"| queued, empty payload: INFO used_memory difference / {c.get('zset_jobs')} jobs (everything) "
        f"| {_f(s.get('per_job_used_memory_delta_bytes'), 0)} | - | - |",
        f"| finished `noop` job (hash only; pdf key gone) | {_f(s.get('finished_noop_bytes'), 0)} | < {kb:,} | "
        f"{_met(s.get('meets_finished_noop_target'))} |",
        f"| finished real analysis (hash with its result JSON), lower median of {c.get('analyses')} (max "
        f"{_f(s.get('finished_analysis_max_bytes'), 0)}) | {_f(s.get('finished_analysis_bytes'), 0)} | < {kb:,} | "
        f"{_met(s.get('meets_finished_analysis_target'))} |",
        "",
    ]
    if s.get("finished_analysis_dominated_by"):
        lines.append(f"A finished analysis is dominated by {s['finished_analysis_dominated_by']}.")
    runs = d.get("runs") or []
    if runs and runs[0].get("finished_analysis", {}).get("by_file_bytes"):
        per = ", ".join(f"{k} {v:,.0f}" for k, v in runs[len(runs) // 2]["finished_analysis"]["by_file_bytes"].items())
        lines += ["", f"Finished analysis per corpus file (bytes): {per}."]
    if d.get("error"):
        lines += ["", f"Error in this run: `{d['error']}`"]
    lines += ["", _load(d, [r.get("quiet", {}) for r in runs]), marker("memory", end=True)]
    return "\n".join(lines)


def sandbox_section(d: dict[str, Any]) -> str:
    s = d.get("summary") or {}
    c = d.get("config") or {}
    ref = d.get("compared_with", "off")
    lines = [marker("sandbox"), "## The analysis sandbox, on and off (`bench/sandbox.py`)", ""]
    lines += [
        f"A worker service (WORKER_COUNT=1, WORKER_CONCURRENCY 4) per configuration, same run, order rotated; "
        f"{c.get('reports')} corpus reports enqueued 32 at a time (reports/s, and the CPU time the worker and its "
        f"sandbox processes spent per report), and the smallest report "
        f"({c.get('small_report_bytes')} B) {c.get('latency_reports')} times one at a time (enqueue to its `completed` "
        f"event). Median of {c.get('runs')} run(s). Compared with: **{ref}**"
        + (" (the code before the sandbox, default settings)." if ref == "before" else " (ANALYSIS_SANDBOX=false)."),
        "",
        "| configuration | reports/s | vs reference | CPU ms per report | vs reference | small report p50 ms | "
        "p50 added | p90 ms | targets met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, v in s.items():
        met = "-" if "meets_throughput_target" not in v else (
            f"{_met(v['meets_throughput_target'])} / {_met(v['meets_latency_target'])}")
        lines.append(f"| {name} | {_f(v.get('reports_per_s'))} | {_f(v.get('throughput_vs_reference'), 3)} | "
                     f"{_f(v.get('cpu_ms_per_report'), 2)} | {_f(v.get('cpu_per_report_vs_reference'), 3)} | "
                     f"{_f(v.get('small_report_p50_ms'), 2)} | {_f(v.get('small_report_p50_ms_added'), 2)} | "
                     f"{_f(v.get('small_report_p90_ms'), 2)} | {met} |")  # fmt: skip
    busy = [r.get("quiet", {}).get("other_cpu_before") or 0 for r in d.get("runs") or []]
    if busy and max(busy) > 0.5:
        per_run = "; ".join(f"{name} {[r[name]['reports_per_s'] for r in d['runs'] if name in r]}" for name in s)
        lines += ["", f"Other processes kept this machine's cores busy (up to {max(busy):.0%} before a run): reports/s "
                  f"swings between runs of one configuration ({per_run}), so the CPU ms per report is the steadier "
                  "comparison."]  # fmt: skip
    h = d.get("hostile") or {}
    if h:
        lines += ["", "Hostile reports next to good ones (default configuration; each bomb enqueued with 3 good "
                  f"reports of another key; a good report alone: {h.get('good_report_alone_ms')} ms):", "",
                  "| bomb | outcome | attempts | failed after ms | good reports done after ms | good: 1st attempt | "
                  "group RSS above idle MB |", "|---|---|---:|---:|---|---|---:|"]  # fmt: skip
        for name in ("bomb", "hidden_bomb"):
            b = h.get(name) or {}
            lines.append(f"| {name.replace('_', ' ')} | {b.get('error')} | {b.get('attempts')} | {b.get('ended_after_ms')} "
                         f"| {b.get('good_ended_after_ms')} | {b.get('good_first_attempt')} | "
                         f"{_f(b.get('group_rss_above_baseline_mb'))} |")  # fmt: skip
    if d.get("error"):
        lines += ["", f"Error in this run: `{d['error']}`"]
    lines += ["", _load(d, [r.get("quiet", {}) for r in d.get("runs") or []]), marker("sandbox", end=True)]
    return "\n".join(lines)


def analysis_section(d: dict[str, Any]) -> str:
    lines = [marker("analysis"), "## Analysis (`bench/analysis.py`)", ""]
    s = d.get("summary") or {}
    rss = d.get("rss") or {}
    if s:
        lines += ["| figure | value |", "|---|---:|"]
        for k, v in s.items():
            if isinstance(v, int | float | str):
                lines.append(f"| {k.replace('_', ' ')} | {_f(v, 2) if isinstance(v, float) else v} |")
        for k in ("reports", "rss_before_mb", "rss_after_mb", "rss_growth_mb", "reports_per_s"):
            if k in rss:
                lines.append(f"| rss: {k.replace('_', ' ')} | {rss[k]} |")
        for mode, v in ((d.get("sandbox") or {}).get("modes") or {}).items():
            vs = f", {v['throughput_vs_off']:.3f}x off" if "throughput_vs_off" in v else ""
            lines.append(f"| sandbox {mode.replace('_', ' ')}: reports/s (4 in flight{vs}) · CPU ms per report · "
                         f"p50 ms per report · p50 ms smallest report | {v.get('reports_per_s')} · "
                         f"{v.get('cpu_ms_per_report')} · {v.get('latency_ms_p50')} · {v.get('small_report_ms_p50')} |")  # fmt: skip
    else:
        lines.append("No summary in this run's JSON.")
    if d.get("error"):
        lines += ["", f"Error: `{d['error']}`"]
    lines += ["", "Per-file figures: `docs/bench/analysis.json`. Method: see the docstring of `bench/analysis.py`.",
              marker("analysis", end=True)]  # fmt: skip
    return "\n".join(lines)


# ---------------------------------------------------------------- file


def replace_section(text: str, name: str, section: str) -> str:
    start, end = marker(name), marker(name, end=True)
    if start in text and end in text:
        pre, rest = text.split(start, 1)
        return pre + section + rest.split(end, 1)[1]
    if name == "machine":  # near the top: right after the title
        head, sep, tail = text.partition("\n")
        if head.startswith("# "):
            return head + "\n\n" + section + "\n" + tail
        return section + "\n\n" + text
    return text.rstrip("\n") + "\n\n" + section + "\n"


def write(markdown: Path, results: dict[str, dict[str, Any]], notes: list[str]) -> str:
    text = markdown.read_text() if markdown.exists() else "# Benchmarks\n"
    renderers = {"api-load": ("api_load", api_section), "scaling": ("scaling", scaling_section),
                 "memory": ("memory", memory_section), "analysis": ("analysis", analysis_section),
                 "sandbox": ("sandbox", sandbox_section)}  # fmt: skip
    text = replace_section(text, "machine", machine_section(results, notes))
    for name, (key, fn) in renderers.items():
        if key == "api_load" and key in results:
            text = replace_section(text, name, api_section(results[key], results.get("api_load_pinned")))
        elif key in results:
            text = replace_section(text, name, fn(results[key]))
    markdown.parent.mkdir(parents=True, exist_ok=True)
    markdown.write_text(text.rstrip("\n") + "\n")
    return text


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", default="docs/bench", help="where the JSON files are (api_load.json, scaling.json, ...)")
    p.add_argument("--markdown", default="docs/BENCHMARKS.md")
    p.add_argument("--note", action="append", default=[], help="a line for the machine section (repeatable)")
    a = p.parse_args(argv)
    results: dict[str, dict[str, Any]] = {}
    for key in ("api_load", "api_load_pinned", "scaling", "memory", "analysis", "sandbox"):
        path = Path(a.dir) / f"{key}.json"
        if path.exists():
            try:
                results[key] = json.loads(path.read_text())
            except json.JSONDecodeError as exc:
                results[key] = {"error": f"{path} is not JSON ({exc})"}
    write(Path(a.markdown), results, a.note)
    print(f"bench/report.py: wrote {a.markdown} ({', '.join(results) or 'no results'})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
