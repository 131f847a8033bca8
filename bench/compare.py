#!/usr/bin/env python3
"""Side-by-side queue benchmark: ours against Dramatiq, SAQ, taskiq, Celery, RQ, arq.

One run, one private redis-server (temp dir, free port, --save '' --appendonly no).
Prints one JSON object on stdout (progress goes to stderr).

    .venv-bench/bin/python bench/compare.py                       # full run (~45 min)
    .venv-bench/bin/python bench/compare.py --quick --only dramatiq
    .venv-bench/bin/python bench/compare.py --markdown docs/BENCHMARKS.md

Peers run their clients and workers with their own interpreters
(.venv-bench, .venv-bench-arq: scripts/bench-setup; ours: .venv); this
script needs only the standard library and redis-py. See bench/peers/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# `python bench/compare.py` puts bench/ first on sys.path, where modules such as
# bench/queue.py would shadow the standard library: use the repo root instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.peers import harness  # noqa: E402

PEERS = ["dramatiq", "saq", "taskiq", "celery", "rq", "arq"]
OURS = "ours"
START, END = "<!-- bench:queue-peers:start -->", "<!-- bench:queue-peers:end -->"


def available_peers() -> list[str]:
    names = list(PEERS)
    if (REPO / "bench" / "peers" / f"{OURS}.py").exists():
        names.insert(0, OURS)
    return names


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="1,000 jobs, 1 run, 50 latency samples, crash test with 100 jobs")
    p.add_argument("--only", help="comma-separated peers to run (default: all; 'ours' if bench/peers/ours.py exists)")
    p.add_argument("--skip", help="comma-separated peers to leave out")
    p.add_argument("--tests", default="throughput,latency,crash", help="subset of throughput,latency,crash")
    p.add_argument("--jobs", type=int, help="no-op jobs per throughput run (10000; quick 1000)")
    p.add_argument("--runs", type=int, help="runs per figure, the median is reported (3; quick 1)")
    p.add_argument("--latency-samples", type=int, help="jobs timed one at a time (200; quick 50)")
    p.add_argument("--crash-jobs", type=int, help="50 ms jobs in the crash test (200; quick 100)")
    p.add_argument("--crash-kill-after", type=int, help="SIGKILL after this many completed (jobs/4)")
    p.add_argument("--crash-window", type=float, default=60.0, help="seconds the 2nd worker gets (60)")
    p.add_argument("--crash-kill-delay-ms", type=float, default=0.0,
                   help="extra wait between 'threshold reached and jobs in flight' and the SIGKILL (0)")
    p.add_argument("--quiet-wait", type=float, default=120.0,
                   help="before each measurement wait up to this many s for other processes to use < 15%% of the "
                   "CPU (0: off)")
    p.add_argument("--max-redo", type=int, default=2,
                   help="redo a throughput/latency run during which other processes used > 15%% of the CPU, up to "
                   "N times, keeping the least disturbed attempt (2)")
    p.add_argument("--markdown", metavar="PATH", help="write/replace the peers section of this Markdown file")
    p.add_argument("--json-out", metavar="PATH", help="also write the JSON result to PATH")
    p.add_argument("--keep-logs", action="store_true", help="keep worker logs (path printed on stderr)")
    p.add_argument("--replica", action="store_true", help="give the redis-server a replica (for REDIS_WAIT_REPLICAS)")
    return p.parse_args(argv)


def build_config(a) -> harness.Config:
    cfg = harness.Config()
    if a.quick:
        cfg.jobs, cfg.runs, cfg.latency_samples, cfg.latency_warmup, cfg.crash_jobs = 1000, 1, 50, 10, 100
    cfg.jobs = a.jobs or cfg.jobs
    cfg.runs = a.runs or cfg.runs
    cfg.latency_samples = a.latency_samples or cfg.latency_samples
    cfg.crash_jobs = a.crash_jobs or cfg.crash_jobs
    cfg.crash_kill_after = a.crash_kill_after or max(1, cfg.crash_jobs // 4)
    cfg.crash_window_s = a.crash_window
    cfg.crash_kill_delay_ms = a.crash_kill_delay_ms
    cfg.quiet_max_wait_s = a.quiet_wait
    cfg.max_redo = a.max_redo
    cfg.tests = tuple(t.strip() for t in a.tests.split(",") if t.strip())
    return cfg


def methods(cfg: harness.Config) -> dict:
    return {
        "completion_signal": "the job body ends with RPUSH bench:done <tag> (one O(1) command, same for every "
        "peer); the harness polls LLEN every 5 ms; no result backend is configured for any peer",
        "enqueue_per_s": f"{cfg.jobs} jobs enqueued one library call at a time (async libraries: awaited one by "
        "one) from one client process, timed inside that process after connecting; median over all "
        "throughput runs (1w and 2w)",
        "e2e_per_s": f"{cfg.jobs} jobs already queued; clock starts just before the worker process(es) are spawned "
        "(start-up included) and stops when LLEN reaches the job count",
        "latency": f"1 idle worker; {cfg.latency_warmup} warm-up jobs then {cfg.latency_samples} jobs one at a "
        "time: clock before the library's enqueue call, stop when BLPOP on the done list returns that job's tag "
        "(same for all peers instead of each library's result API)",
        "crash": f"{cfg.crash_jobs} jobs of {cfg.crash_sleep_ms} ms (RPUSH bench:started, then time.sleep / "
        f"asyncio.sleep, then RPUSH bench:done); 1 worker; SIGKILL to the worker's whole process group at the first "
        f"moment (1 ms polls) when >= {cfg.crash_kill_after} are done and at least one job is running (started > "
        f"done){f' plus {cfg.crash_kill_delay_ms:g} ms' if cfg.crash_kill_delay_ms else ''}; a new worker is started "
        f"at once and given {cfg.crash_window_s:.0f} s; lost = jobs - distinct tags in the done list",
        "median": f"each figure is the median of {cfg.runs} run(s)",
        "other_load": f"before each measurement the harness waits (up to {cfg.quiet_max_wait_s:.0f} s) until other "
        f"processes use < {cfg.quiet_threshold:.0%} of all cores; during each throughput/latency run it measures "
        "the other processes' share (all busy CPU time minus that of the harness, redis-server and the workers: "
        "other_cpu_during) and redoes a run above that threshold up to "
        f"{cfg.max_redo} times, keeping the least disturbed attempt",
    }


# ---------------------------------------------------------------- markdown


def _fmt(v, digits=0, unit=""):
    if v is None:
        return "n/a"
    if isinstance(v, float) and digits == 0:
        return f"{v:,.0f}{unit}"
    if isinstance(v, float):
        return f"{v:,.{digits}f}{unit}"
    return f"{v}{unit}"


def _get(res, *path):
    for k in path:
        if not isinstance(res, dict) or k not in res:
            return None
        res = res[k]
    return res


def _ratio(a, b):
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.2f}x"


def to_markdown(result: dict) -> str:
    m = result["machine"]
    cfg = result["config"]
    peers = result["peers"]
    lines = [
        START,
        "## Queue: ours and the peers, same run, same redis-server",
        "",
        f"Run at {result['started_at']} in {result['wall_time_s'] / 60:.1f} min. Machine: {m['cores']} cores "
        f"({m.get('cpu_model')}), {m.get('memory_gib')} GiB, {m['os']}; Redis {m['redis_server']}; "
        f"harness Python {m['harness_python']}. {result['methods']['median']}.",
        "",
        "| peer | enqueue/s | e2e 1 worker (jobs/s) | e2e 2 workers (jobs/s) | p50 ms | p99 ms "
        "| lost, default | lost, reliable |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in peers.items():
        lines.append(
            f"| {name} | {_fmt(_get(r, 'throughput', 'enqueue_per_s'))} "
            f"| {_fmt(_get(r, 'throughput', 'e2e_per_s_1w'))} | {_fmt(_get(r, 'throughput', 'e2e_per_s_2w'))} "
            f"| {_fmt(_get(r, 'latency', 'p50_ms'), 2)} | {_fmt(_get(r, 'latency', 'p99_ms'), 2)} "
            f"| {_fmt(_get(r, 'crash', 'default', 'lost'))} / {cfg['crash_jobs']} "
            f"| {_fmt(_get(r, 'crash', 'reliable', 'lost'))} / {cfg['crash_jobs']} |"
        )
    ours = peers.get(OURS)
    lines += ["", "### Ours relative to each peer", ""]
    if ours is None:
        lines.append("`bench/peers/ours.py` was not present in this run: no ratios.")
    else:
        lines += [
            "Throughput ratios are ours / peer; latency ratios are peer / ours (so > 1x means ours is better "
            "in every column).",
            "",
            "| peer | enqueue | e2e 1 worker | e2e 2 workers | p50 | p99 |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, r in peers.items():
            if name == OURS:
                continue
            t = "throughput"
            lines.append(
                f"| {name} | {_ratio(_get(ours, t, 'enqueue_per_s'), _get(r, t, 'enqueue_per_s'))} "
                f"| {_ratio(_get(ours, t, 'e2e_per_s_1w'), _get(r, t, 'e2e_per_s_1w'))} "
                f"| {_ratio(_get(ours, t, 'e2e_per_s_2w'), _get(r, t, 'e2e_per_s_2w'))} "
                f"| {_ratio(_get(r, 'latency', 'p50_ms'), _get(ours, 'latency', 'p50_ms'))} "
                f"| {_ratio(_get(r, 'latency', 'p99_ms'), _get(ours, 'latency', 'p99_ms'))} |"
            )
    lines += ["", "### Settings and versions", "", "| peer | versions | settings |", "|---|---|---|"]
    for name, r in peers.items():
        v = _get(r, "versions", "distributions") or {}
        vs = ", ".join(f"{k} {x}" for k, x in v.items() if x) + f"; Python {_get(r, 'versions', 'python')}"
        st = "<br>".join(f"**{k}**: {x}" for k, x in (r.get("settings") or {}).items())
        lines.append(f"| {name} | {vs} | {st} |")
    during = [
        x.get("other_cpu_during")
        for r in peers.values()
        for x in (_get(r, "throughput", "runs_1w") or []) + (_get(r, "throughput", "runs_2w") or [])
        + (_get(r, "latency", "runs") or [])
        if x.get("other_cpu_during") is not None
    ]
    busy = [
        x.get("other_cpu_before")
        for r in peers.values()
        for x in (_get(r, "throughput", "runs_1w") or []) + (_get(r, "throughput", "runs_2w") or [])
        + (_get(r, "latency", "runs") or [])
        + [y for v in (r.get("crash") or {}).values() for y in v.get("runs", [])]
        if x.get("other_cpu_before") is not None
    ]
    if busy:
        lines += ["", f"Other processes' CPU use measured right before each measurement: max {max(busy):.0%}, "
                  f"median {statistics.median(busy):.0%} (the harness waits up to {cfg['quiet_max_wait_s']:.0f} s "
                  f"for it to drop below {cfg['quiet_threshold']:.0%})."]
    if during:
        lines += [f"Other processes' CPU use during the kept throughput/latency runs: max {max(during):.0%}, "
                  f"median {statistics.median(during):.0%} of all cores."]
    errs = [(n, e) for n, r in peers.items() for e in r.get("errors", [])]
    if errs:
        lines += ["", "### Errors in this run", ""] + [f"- {n}: {e}" for n, e in errs]
    lines += ["", "### Method", ""] + [f"- **{k}**: {v}" for k, v in result["methods"].items()]
    lines += [
        "",
        "Rerun: `scripts/bench-setup && .venv-bench/bin/python bench/compare.py --markdown docs/BENCHMARKS.md` "
        "(add `--quick` for a 1-run smoke test, `--only saq,ours` for a subset).",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_markdown(path: Path, section: str) -> None:
    if path.exists():
        text = path.read_text()
        if START in text and END in text:
            pre, rest = text.split(START, 1)
            post = rest.split(END, 1)[1]
            text = pre + section.rstrip("\n") + post
        else:
            text = text.rstrip("\n") + "\n\n" + section
    else:
        text = "# Benchmarks\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


# ---------------------------------------------------------------- main


def main(argv=None) -> int:
    a = parse_args(argv)
    cfg = build_config(a)
    names = [n.strip() for n in a.only.split(",")] if a.only else available_peers()
    if a.skip:
        names = [n for n in names if n not in {s.strip() for s in a.skip.split(",")}]
    harness.install_cleanup()
    t_start = time.perf_counter()
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    logdir = Path(tempfile.mkdtemp(prefix="bench-logs-"))
    server = harness.RedisServer().start()
    replica = harness.RedisServer(replica_of=server).start() if a.replica else None
    harness.log(f"redis-server {server.version()} on port {server.port}; worker logs in {logdir}")
    result = {"started_at": started, "machine": harness.machine_info(server),
              "config": vars(cfg) | {"tests": list(cfg.tests), "replica": a.replica},
              "methods": methods(cfg), "peers": {}}  # fmt: skip
    try:
        ctx = harness.Ctx(server=server, cfg=cfg, logdir=logdir, replica=replica)
        for name in names:
            harness.log(f"=== {name}")
            t = time.perf_counter()
            try:
                peer = harness.load_peer(name)
            except Exception as e:  # noqa: BLE001
                result["peers"][name] = {"errors": [f"import: {e}"]}
                continue
            result["peers"][name] = harness.run_peer(ctx, peer)
            result["peers"][name]["wall_time_s"] = time.perf_counter() - t
    finally:
        if replica is not None:
            replica.stop()
        server.stop()
        harness.PROCS.kill_all()
        if not a.keep_logs:
            import shutil

            shutil.rmtree(logdir, ignore_errors=True)
    result["wall_time_s"] = time.perf_counter() - t_start
    text = json.dumps(result, indent=2, default=str)
    print(text)
    if a.json_out:
        Path(a.json_out).write_text(text + "\n")
    if a.markdown:
        write_markdown(Path(a.markdown), to_markdown(result))
        harness.log(f"wrote {a.markdown}")
    failed = any(r.get("errors") for r in result["peers"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
