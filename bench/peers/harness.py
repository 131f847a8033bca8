"""Benchmark harness: a private redis-server, process groups, measurements.

Standard library + redis-py only, so it runs from the service's venv
(/work/main/.venv) as well as from .venv-bench. Everything that needs a queue
library runs in a subprocess with the peer's own interpreter (see run.py and
README.md), so the harness never imports a peer library.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis

from bench import host
from bench.peers import common
from tests import usage
from tests.procs import end_group
from tests.redis_server import RedisServer

REPO = common.REPO


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# processes


class Procs:
    """Every process the harness starts, each in its own process group
    (start_new_session=True), so that a kill reaches the children a worker
    CLI forks (dramatiq, taskiq). ``kill_all`` runs at exit and on SIGTERM /
    SIGINT / SIGHUP."""

    def __init__(self) -> None:
        self.live: list[subprocess.Popen] = []

    def spawn(self, argv, env, log_path: Path | None = None, pipe: bool = False) -> subprocess.Popen:
        if pipe:
            out, err = subprocess.PIPE, subprocess.PIPE
        else:
            fh = open(log_path, "ab") if log_path else subprocess.DEVNULL
            out, err = fh, subprocess.STDOUT
        p = subprocess.Popen(
            [str(a) for a in argv],
            cwd=str(REPO),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        if not pipe and log_path:
            fh.close()
        self.live.append(p)
        return p

    def kill(self, p: subprocess.Popen, wait: float = 15.0) -> None:
        end_group(p, wait=wait)  # the whole group: it may outlive its leader (forked children)
        if p in self.live:
            self.live.remove(p)

    def kill_all(self, keep: tuple[subprocess.Popen | None, ...] = ()) -> None:
        for p in list(self.live):
            if p not in keep:
                self.kill(p, wait=5)

    def run(self, argv, env, timeout: float) -> str:
        """Run to completion; return stdout. Raises on timeout / non-zero exit."""
        p = self.spawn(argv, env, pipe=True)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill(p)
            raise RuntimeError(f"timed out after {timeout:.0f}s: {' '.join(map(str, argv))}") from None
        finally:
            if p.poll() is None:
                self.kill(p)
            elif p in self.live:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(p.pid, signal.SIGKILL)
                self.live.remove(p)
        if p.returncode != 0:
            tail = err.decode(errors="replace")[-3000:]
            raise RuntimeError(f"exit {p.returncode}: {' '.join(map(str, argv))}\n{tail}")
        return out.decode(errors="replace")


PROCS = Procs()


def _cleanup_and_exit(signum, frame):  # pragma: no cover - signal path
    PROCS.kill_all()
    raise SystemExit(128 + signum)


def install_cleanup() -> None:
    atexit.register(PROCS.kill_all)
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, _cleanup_and_exit)


# --------------------------------------------------------------------------
# redis-server: tests/redis_server.py (the project's one server class)


def client(server: RedisServer) -> redis.Redis:
    return redis.Redis(host="127.0.0.1", port=server.port, socket_timeout=30)


# --------------------------------------------------------------------------
# peers


@dataclass
class Peer:
    name: str
    module: object
    python: str

    @property
    def settings(self) -> dict:
        return dict(getattr(self.module, "SETTINGS", {}))

    @property
    def variants(self) -> tuple:
        return tuple(getattr(self.module, "VARIANTS", ("default", "reliable")))

    def worker_argv(self, variant: str, index: int) -> list[str]:
        return list(self.module.worker_command(variant, index))


def load_peer(name: str) -> Peer:
    mod = importlib.import_module(f"bench.peers.{name}")
    return Peer(name=name, module=mod, python=str(getattr(mod, "PYTHON", common.BENCH_PYTHON)))


@dataclass
class Config:
    jobs: int = 10_000
    runs: int = 3
    latency_samples: int = 200
    latency_warmup: int = 20
    crash_jobs: int = 200
    crash_kill_after: int = 50
    crash_sleep_ms: int = 50
    crash_window_s: float = 60.0
    crash_kill_delay_ms: float = 0.0  # extra wait between "jobs in flight" and the SIGKILL
    poll_s: float = 0.005
    quiet_threshold: float = 0.15  # other processes' share of all cores that counts as "busy"
    quiet_max_wait_s: float = 120.0
    max_redo: int = 2  # redo a throughput/latency run disturbed by others (> quiet_threshold) up to N times
    tests: tuple = ("throughput", "latency", "crash")


@dataclass
class Ctx:
    server: RedisServer
    cfg: Config
    logdir: Path
    replica: RedisServer | None = None
    r: redis.Redis = field(init=False)

    @property
    def servers(self) -> tuple[subprocess.Popen | None, ...]:
        return (self.server.process, self.replica.process if self.replica else None)

    def __post_init__(self):
        self.r = client(self.server)
        # worker_command() of a peer runs in this process and may read these
        os.environ[common.ENV_REDIS_URL] = self.server.url
        os.environ[common.ENV_DONE_KEY] = common.DEFAULT_DONE_KEY

    def env(self, variant: str, index: int = 0) -> dict:
        env = dict(os.environ)
        for k in ("VIRTUAL_ENV", "PYTHONHOME"):
            env.pop(k, None)
        env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env[common.ENV_REDIS_URL] = self.server.url
        env[common.ENV_DONE_KEY] = common.DEFAULT_DONE_KEY
        env[common.ENV_STARTED_KEY] = common.DEFAULT_STARTED_KEY
        env[common.ENV_VARIANT] = variant
        env[common.ENV_WORKER_INDEX] = str(index)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env

    def flush(self) -> None:
        self.r.flushall()

    def llen(self) -> int:
        return self.r.llen(common.DEFAULT_DONE_KEY)

    def distinct_done(self) -> tuple[int, int]:
        tags = self.r.lrange(common.DEFAULT_DONE_KEY, 0, -1)
        return len(set(tags)), len(tags)


def client_cmd(ctx: Ctx, peer: Peer, cmd: str, variant: str, *args, timeout: float) -> dict:
    argv = [peer.python, "-m", "bench.peers.run", cmd, peer.name, variant, *map(str, args)]
    out = PROCS.run(argv, ctx.env(variant), timeout=timeout)
    lines = [ln for ln in out.strip().splitlines() if ln.strip().startswith("{")]
    if not lines:
        raise RuntimeError(f"{peer.name} {cmd}: no JSON on stdout: {out[-2000:]}")
    return json.loads(lines[-1])


def peer_versions(peer: Peer, ctx_env: dict) -> dict:
    argv = [peer.python, "-m", "bench.peers.run", "versions", peer.name]
    out = PROCS.run(argv, ctx_env, timeout=120)
    return json.loads(out.strip().splitlines()[-1])


def start_workers(ctx: Ctx, peer: Peer, variant: str, count: int, tag: str) -> list[subprocess.Popen]:
    procs = []
    for i in range(count):
        logf = ctx.logdir / f"{peer.name}-{tag}-w{i}.log"
        procs.append(PROCS.spawn(peer.worker_argv(variant, i), ctx.env(variant, i), log_path=logf))
    return procs


def stop_workers(procs) -> None:
    for p in procs:
        PROCS.kill(p)


def _check_alive(procs, what: str) -> None:
    for p in procs:
        if p.poll() is not None:
            raise RuntimeError(f"{what}: worker exited early with code {p.returncode}")


def wait_done(ctx: Ctx, target: int, timeout: float, procs=(), what: str = "") -> float | None:
    """Poll LLEN of the done list until >= target; return perf_counter() at
    that moment, or None on timeout."""
    deadline = time.perf_counter() + timeout
    n = 0
    poll = ctx.cfg.poll_s
    while True:
        if ctx.llen() >= target:
            return time.perf_counter()
        now = time.perf_counter()
        if now > deadline:
            return None
        n += 1
        if n % 200 == 0:
            _check_alive(procs, what)
        time.sleep(poll)


# --------------------------------------------------------------------------
# measurements


def redis_cpu_s(ctx: Ctx) -> float:
    """CPU seconds the redis-server has used so far (INFO cpu: user + system, all its threads)."""
    info = ctx.r.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def measure_throughput(ctx: Ctx, peer: Peer, workers: int) -> dict:
    n = ctx.cfg.jobs
    ctx.flush()
    cpu0 = redis_cpu_s(ctx)
    res = client_cmd(ctx, peer, "enqueue", "default", "--count", n, timeout=60 + n * 0.05)
    enq_s = res["seconds"]
    watch = usage.CpuWatch([ctx.server.process.pid] if ctx.server.process else [])
    t0 = time.perf_counter()
    procs = start_workers(ctx, peer, "default", workers, f"tput{workers}")
    try:
        t1 = wait_done(ctx, n, timeout=60 + n * 0.05, procs=procs, what=f"{peer.name} throughput")
        other = watch.others_share({p.pid for p in procs})
        done = ctx.llen()
    finally:
        stop_workers(procs)
    if t1 is None:
        raise RuntimeError(f"{peer.name}: only {done}/{n} jobs completed before the timeout")
    # Redis's own CPU per job, enqueue to completion (the harness's LLEN polls included): what
    # says how many jobs/s one Redis core carries.
    per_job = (redis_cpu_s(ctx) - cpu0) / n
    return {"enqueue_per_s": n / enq_s, "e2e_per_s": n / (t1 - t0), "e2e_s": t1 - t0, "other_cpu_during": other,
            "redis_cpu_us_per_job": per_job * 1e6}  # fmt: skip


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(samples)
    k = max(1, math.ceil(q / 100.0 * len(s)))
    return s[k - 1]


def measure_latency(ctx: Ctx, peer: Peer) -> dict:
    cfg = ctx.cfg
    ctx.flush()
    watch = usage.CpuWatch([ctx.server.process.pid] if ctx.server.process else [])
    procs = start_workers(ctx, peer, "default", 1, "latency")
    try:
        res = client_cmd(
            ctx, peer, "latency", "default", "--count", cfg.latency_samples,
            "--warmup", cfg.latency_warmup, "--timeout", 10, "--first-timeout", 60,
            timeout=90 + (cfg.latency_samples + cfg.latency_warmup) * 10,
        )  # fmt: skip
        other = watch.others_share({p.pid for p in procs})
    finally:
        stop_workers(procs)
    s = res["samples_ms"]
    return {"p50_ms": statistics.median(s), "p99_ms": percentile(s, 99), "mean_ms": statistics.fmean(s), "n": len(s),
            "other_cpu_during": other}  # fmt: skip


def measure_crash(ctx: Ctx, peer: Peer, variant: str) -> dict:
    cfg = ctx.cfg
    jobs, kill_after = cfg.crash_jobs, cfg.crash_kill_after
    ctx.flush()
    client_cmd(ctx, peer, "enqueue", variant, "--count", jobs, "--sleep-ms", cfg.crash_sleep_ms, timeout=120)
    first = start_workers(ctx, peer, variant, 1, f"crash-{variant}-a")
    try:
        t_kill, running_at_kill = wait_in_flight(ctx, kill_after, timeout=90, procs=first)
        if t_kill is not None and cfg.crash_kill_delay_ms:
            time.sleep(cfg.crash_kill_delay_ms / 1000.0)
    finally:
        stop_workers(first)  # SIGKILL to the whole process group
    done_at_kill = ctx.llen()
    if t_kill is None:
        raise RuntimeError(f"{peer.name}: first worker completed only {done_at_kill}/{kill_after} jobs in 90 s")
    t_restart = time.perf_counter()
    second = start_workers(ctx, peer, variant, 1, f"crash-{variant}-b")
    recovered_s = None
    try:
        deadline = t_restart + cfg.crash_window_s
        while time.perf_counter() < deadline:
            if ctx.llen() >= jobs:
                distinct, _ = ctx.distinct_done()
                if distinct >= jobs:
                    recovered_s = time.perf_counter() - t_restart
                    break
            time.sleep(0.05)
    finally:
        stop_workers(second)
    distinct, total = ctx.distinct_done()
    return {
        "lost": jobs - distinct,
        "duplicates": total - distinct,
        "done_at_kill": done_at_kill,
        "running_at_kill": running_at_kill,
        "all_done_after_restart_s": recovered_s,
    }


def wait_in_flight(ctx: Ctx, kill_after: int, timeout: float, procs) -> tuple[float | None, int]:
    """Wait until >= kill_after jobs are done AND at least one job is running
    (started list longer than done list), so that the kill lands while jobs
    are in flight even for workers that run jobs in lock-step batches with a
    pause in between. Returns (perf_counter() or None on timeout, jobs running)."""
    deadline = time.perf_counter() + timeout
    n = 0
    while time.perf_counter() < deadline:
        with ctx.r.pipeline(transaction=True) as p:
            done, started = p.llen(common.DEFAULT_DONE_KEY).llen(common.DEFAULT_STARTED_KEY).execute()
        if done >= kill_after and started > done:
            return time.perf_counter(), started - done
        n += 1
        if n % 500 == 0:
            _check_alive(procs, "crash (1st worker)")
        time.sleep(0.001)
    return None, 0


def median_of(runs: list[dict], key: str):
    vals = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def run_peer(ctx: Ctx, peer: Peer) -> dict:
    cfg = ctx.cfg
    out: dict = {"python": peer.python, "settings": peer.settings, "errors": []}
    if not Path(peer.python).exists():
        out["errors"].append(f"interpreter {peer.python} missing (run scripts/bench-setup)")
        return out
    try:
        out["versions"] = peer_versions(peer, ctx.env("default"))
    except Exception as e:  # noqa: BLE001
        out["errors"].append(f"versions: {e}")
        return out

    def once(label, fn, *a):
        try:
            busy = usage.wait_quiet(cfg.quiet_threshold, cfg.quiet_max_wait_s, log=log)[0] if cfg.quiet_max_wait_s > 0 else None
            t = time.perf_counter()
            r = fn(ctx, peer, *a)
            r["other_cpu_before"] = None if busy is None else round(busy, 3)
            shown = {k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()}
            log(f"{peer.name} {label}: {json.dumps(shown)} ({time.perf_counter() - t:.1f}s)")
            return r
        except Exception as e:  # noqa: BLE001
            log(f"{peer.name} {label}: ERROR {e}")
            out["errors"].append(f"{label}: {e}")
            return None
        finally:
            PROCS.kill_all(keep=ctx.servers)  # nothing a measurement started outlives it

    def attempt(label, fn, *a):
        """One run; a throughput / latency run during which other processes used
        more than quiet_threshold of the machine is redone (max_redo times) and
        the least disturbed attempt is kept."""
        tries = []
        for k in range(1 + (cfg.max_redo if fn is not measure_crash else 0)):
            r = once(label if k == 0 else f"{label} (redo {k})", fn, *a)
            if r is None:
                break
            tries.append(r)
            other = r.get("other_cpu_during")
            if other is None or other <= cfg.quiet_threshold:
                break
            log(f"{peer.name} {label}: other processes used {other:.0%} of the CPU during the run")
        if not tries:
            return None
        best = min(tries, key=lambda x: x.get("other_cpu_during") or 0.0)
        best["attempts"] = len(tries)
        return best

    if "throughput" in cfg.tests:
        runs1, runs2 = [], []
        for i in range(cfg.runs):
            r1 = attempt(f"throughput 1w run {i + 1}", measure_throughput, 1)
            r2 = attempt(f"throughput 2w run {i + 1}", measure_throughput, 2)
            runs1 += [r1] if r1 else []
            runs2 += [r2] if r2 else []
        enq = [r["enqueue_per_s"] for r in runs1 + runs2]
        out["throughput"] = {
            "enqueue_per_s": statistics.median(enq) if enq else None,
            "e2e_per_s_1w": median_of(runs1, "e2e_per_s"),
            "e2e_per_s_2w": median_of(runs2, "e2e_per_s"),
            "redis_cpu_us_per_job": median_of(runs1 + runs2, "redis_cpu_us_per_job"),
            "runs_1w": runs1,
            "runs_2w": runs2,
        }
    if "latency" in cfg.tests:
        runs = [r for r in (attempt(f"latency run {i + 1}", measure_latency) for i in range(cfg.runs)) if r]
        out["latency"] = {"p50_ms": median_of(runs, "p50_ms"), "p99_ms": median_of(runs, "p99_ms"), "runs": runs}
    if "crash" in cfg.tests:
        out["crash"] = {}
        for variant in peer.variants:
            runs = [
                r
                for r in (attempt(f"crash {variant} run {i + 1}", measure_crash, variant) for i in range(cfg.runs))
                if r
            ]
            out["crash"][variant] = {
                "lost": median_of(runs, "lost"),
                "duplicates": median_of(runs, "duplicates"),
                "runs": runs,
            }
    return out


# --------------------------------------------------------------------------
# machine


def machine_info(server: RedisServer) -> dict:
    return {
        **host.describe(),
        "harness_python": platform.python_version(),
        "harness_executable": sys.executable,
        "harness_redis_py": redis.__version__,
        "redis_server": server.version(),
        "redis_server_binary": server.binary,
    }
