"""Our queue alone: `python bench/queue.py [--quick]` prints one JSON object.

Runs the same harness as the side-by-side comparison (bench/compare.py, methods in
bench/peers/README.md) for `ours` only, on a redis-server it starts itself:
10,000 no-op jobs enqueued first, then timed from starting 1 or 2 worker processes
until the last job is done (start-up included); latency one job at a time with an
idle worker; the SIGKILL crash test. Medians of 3 runs (`--quick`: 1,000 jobs, 1 run).

`--wait-replicas N` gives the server a replica and runs client and workers with
REDIS_WAIT_REPLICAS=N (every enqueue and completion waits for the replica's
acknowledgement); `--replica` alone adds the replica with WAIT off. `--payload-kb K --result-kb R` give each job an upload of
K KB and a result of R KB (a real report: ~100 and ~5), to measure Redis's CPU per job
at real sizes. Any other option goes to bench/compare.py (e.g. `--tests throughput --runs 1`).
"""

from __future__ import annotations

import os
import sys

# Run as `python bench/queue.py`, this file's folder comes first on sys.path and its name
# would shadow the standard library's `queue` (which redis-py imports): use the repo root.
sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402

from bench import compare  # noqa: E402


def main(argv: list[str]) -> int:
    if "-h" in argv or "--help" in argv:
        return compare.main(["--help"])  # its options are compare.py's (output not captured)
    sizes = {}
    for option, env in (("--payload-kb", "BENCH_OURS_PAYLOAD_KB"), ("--result-kb", "BENCH_OURS_RESULT_KB"),
                        ("--wait-replicas", "BENCH_OURS_WAIT_REPLICAS")):  # fmt: skip
        value = 0
        if option in argv:
            i = argv.index(option)
            value = int(argv[i + 1])
            argv = [*argv[:i], *argv[i + 2 :]]
        os.environ[env] = str(value)  # read by bench/peers/ours.py, here and in the workers
        sizes[option.strip("-").replace("-", "_")] = value
    wait = sizes.pop("wait_replicas")
    if wait and "--replica" not in argv:
        argv.append("--replica")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = compare.main(["--only", "ours", "--tests", "throughput,latency,crash", *argv])
    full = json.loads(out.getvalue())
    ours = full["peers"]["ours"]
    thr, lat, crash = ours.get("throughput", {}), ours.get("latency", {}), ours.get("crash", {})
    print(json.dumps({
        "enqueue_per_s": thr.get("enqueue_per_s"),
        "e2e_per_s_1w": thr.get("e2e_per_s_1w"),
        "e2e_per_s_2w": thr.get("e2e_per_s_2w"),
        "redis_cpu_us_per_job": thr.get("redis_cpu_us_per_job"),
        "jobs_per_redis_core_s": 1e6 / thr["redis_cpu_us_per_job"] if thr.get("redis_cpu_us_per_job") else None,
        "latency_p50_ms": lat.get("p50_ms"),
        "latency_p99_ms": lat.get("p99_ms"),
        "crash_lost": {variant: r.get("lost") for variant, r in crash.items()},
        "wait_replicas": wait,
        **sizes,
        "replica": full.get("config", {}).get("replica"),
        "settings": ours.get("settings"),
        "machine": full.get("machine"),
        "config": full.get("config"),
        "errors": ours.get("errors"),
    }, indent=2, default=str))  # fmt: skip
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
