"""The deployment files (issue 6), checked without a container engine.

Static checks: docker-compose.yml (by Debian's `docker-compose config -q` and by reading it),
the Railway files against Railway's JSON schema (vendored), the Procfile, the systemd units
(`systemd-analyze verify` where it runs), the Dockerfile (a small lint: hadolint is not
available), .env.example against shared/settings.py.

Process checks (slow): every Procfile and Railway command is started the way its platform
starts it, with PORT and REDIS_URL set; and a compose-equivalent run (one redis-server, the
compose api command, three copies of the compose worker command) analyses 30 real reports.
"""

from __future__ import annotations

import asyncio
import configparser
import itertools
import json
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import redis.asyncio as aioredis
import yaml

from shared.job import Status
from shared.queue.redis_queue import RedisQueue
from shared.settings import Settings
from tests.conftest import CORPUS
from tests.procs import Proc, service_env
from tests.redis_server import RedisServer, free_port

ROOT = Path(__file__).resolve().parents[1]
SYSTEMD = ROOT / "deploy" / "systemd"
SCHEMA = ROOT / "deploy" / "railway" / "railway.schema.json"
SHUTDOWN_GRACE = Settings.model_fields["shutdown_grace"].default
SUPERVISOR_MARGIN = 15  # shared/worker/service.py kills children at SHUTDOWN_GRACE + 15 s


# --------------------------------------------------------------------------- helpers
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())  # resolves the x-app anchor and `<<` merge


def procfile() -> dict[str, str]:
    lines = [line for line in (ROOT / "Procfile").read_text().splitlines() if line.strip() and not line.startswith("#")]
    entries = dict(line.split(":", 1) for line in lines)
    return {name.strip(): command.strip() for name, command in entries.items()}


def railway(name: str) -> dict[str, Any]:
    return json.loads((ROOT / name).read_text())


def compose_duration(text: str | float) -> float:
    """Compose durations: '45s', '1m30s', '1h', '500ms', or a bare number of seconds."""
    if isinstance(text, int | float):
        return float(text)
    units = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
    parts = re.findall(r"(\d+(?:\.\d+)?)(us|ms|s|m|h)", text)
    assert parts and "".join(n + u for n, u in parts) == text.replace(" ", ""), f"unparsable duration {text!r}"
    return sum(float(n) * units[u] for n, u in parts)


def systemd_timespan(text: str) -> float:
    """systemd time spans: '45', '45s', '1min 30s', '2m', '1h'."""
    text = text.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    units = {"ms": 1e-3, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(ms|sec|s|min|m|hr|h)", text)
    assert parts, f"unparsable time span {text!r}"
    return sum(float(n) * units[u] for n, u in parts)


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read_string((SYSTEMD / name).read_text())
    return parser


def railway_argv(start_command: str) -> list[str]:
    """Railway runs a Dockerfile service's start command in exec form: split into words, no shell."""
    return shlex.split(start_command)


def shell_wrapped(argv: list[str]) -> str | None:
    """The script of `sh -c '<script>'` (or bash), without a leading `exec`; None if not shell-wrapped."""
    if len(argv) == 3 and Path(argv[0]).name in ("sh", "bash") and argv[1] == "-c":
        return re.sub(r"^exec\s+", "", argv[2])
    return None


# --------------------------------------------------------------------------- docker-compose
@pytest.mark.skipif(shutil.which("docker-compose") is None,
                    reason="docker-compose is not installed (apt-get install docker-compose; .ci/run does)")  # fmt: skip
def test_docker_compose_accepts_the_compose_file(tmp_path: Path) -> None:
    # A fresh clone has no .env: the file must work without one (settings then take their
    # defaults), and a .env beside it, when there is one, reaches both services.
    cmd = ["docker-compose", "--project-directory", str(tmp_path), "-f", str(ROOT / "docker-compose.yml")]
    for dotenv in (None, "API_KEYS=k1,k2\nMAX_QUEUED_PER_KEY=7\n"):
        if dotenv is not None:
            (tmp_path / ".env").write_text(dotenv)
        check = subprocess.run([*cmd, "config", "-q"], check=False, capture_output=True, text=True, timeout=60)
        assert check.returncode == 0, check.stderr
        resolved = yaml.safe_load(
            subprocess.run([*cmd, "config"], capture_output=True, text=True, timeout=60, check=True).stdout
        )
        services = resolved["services"]
        for name in ("api", "worker"):
            env = services[name]["environment"]
            assert env["REDIS_URL"] == "redis://redis:6379/0"  # the redis service
            if dotenv is None:
                assert env["API_KEYS"] is None  # unset in the container: the code's default
            else:
                assert env["API_KEYS"] == "k1,k2" and str(env["MAX_QUEUED_PER_KEY"]) == "7"
    assert services["api"]["image"] == services["worker"]["image"]
    assert services["worker"]["healthcheck"] in ({"disable": True}, {"test": ["NONE"]})  # compose 1.29 writes NONE
    assert "ports" not in services["worker"] and "container_name" not in services["worker"]


def test_compose_file_runs_scalable_workers_from_one_image() -> None:
    doc = compose()
    services = doc["services"]
    assert set(services) == {"redis", "api", "worker"}
    redis, api, worker = services["redis"], services["api"], services["worker"]

    # `--scale worker=N`: a fixed name or host port would collide between replicas.
    assert "ports" not in worker and "container_name" not in worker
    assert not any(isinstance(p, str) and ":" in p for p in worker.get("expose", []))
    # One image, two roles.
    assert api["build"] == worker["build"] == "." and api["image"] == worker["image"]
    assert not api["image"].endswith(":latest")
    assert api["command"][:2] == ["sh", "-c"] and "uvicorn api.main:app" in api["command"][2]
    assert worker["command"] == shlex.split(procfile()["worker"]) == ["python", "worker_service.py"]
    assert api["ports"] == ["8000:8000"] and str(api["environment"]["PORT"]) == "8000"
    assert "--port $${PORT}" in api["command"][2]  # compose's escape: the container's shell expands it

    # Every setting passed through (from .env or the shell, when set; no env_file, so no .env is
    # needed), REDIS_URL defaulting to the redis service.
    for svc in (api, worker):
        assert "env_file" not in svc
        names = {name.upper() for name in Settings.model_fields} - {"REDIS_URL"}
        missing = names - set(svc["environment"])
        assert not missing, f"add {sorted(missing)} to x-settings in docker-compose.yml"
        assert all(svc["environment"][name] is None for name in names)  # passed through, never a second default
        assert svc["environment"]["REDIS_URL"] == "${REDIS_URL:-redis://redis:6379/0}"
        assert svc["depends_on"]["redis"]["condition"] == "service_healthy"
        assert svc["restart"] in ("always", "unless-stopped")

    # Graceful stop: more than SHUTDOWN_GRACE, and more than the supervisor's own deadline.
    grace = compose_duration(worker["stop_grace_period"])
    assert grace > SHUTDOWN_GRACE and grace > SHUTDOWN_GRACE + SUPERVISOR_MARGIN, grace

    # Health checks.
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "/health" in " ".join(api["healthcheck"]["test"]) and not api["healthcheck"].get("disable")
    assert worker["healthcheck"] == {"disable": True}  # the image's HEALTHCHECK is the API's

    # Redis: pinned official image, AOF on, no eviction, data on a named volume.
    assert re.fullmatch(r"redis:\d+\.\d+\.\d+(-alpine|-bookworm)?", redis["image"]), redis["image"]
    command = redis["command"] if isinstance(redis["command"], list) else shlex.split(redis["command"])
    flags = dict(zip(command[1::2], command[2::2], strict=False))
    assert (
        command[0] == "redis-server" and flags["--appendonly"] == "yes" and flags["--maxmemory-policy"] == "noeviction"
    )
    volume, _, path = redis["volumes"][0].partition(":")
    assert path.startswith("/data") and volume in doc["volumes"]
    assert "ports" not in redis  # Redis stays on the compose network


def test_env_example_lists_every_setting_with_its_default() -> None:
    text = (ROOT / ".env.example").read_text()
    lines = text.splitlines()
    entries: dict[str, str] = {}
    for i, line in enumerate(lines):
        m = re.fullmatch(r"#? ?([A-Z][A-Z0-9_]*)=(.*)", line)
        if m:
            entries[m[1]] = m[2]
            above = lines[i - 1]
            assert above.startswith("# ") and not re.fullmatch(r"# ?[A-Z][A-Z0-9_]*=.*", above), (
                f"{m[1]} needs a one-line comment above it"
            )
            assert " #" not in m[2], f"{m[1]}: no comments after values (compose would keep them)"
    fields = Settings.model_fields
    assert set(entries) == {name.upper() for name in fields}, "every setting, and nothing else"
    for name, value in entries.items():
        assert f"\n# {name}=" in text, f"{name} is shown commented out: its default is the code's"
        if name == "REDIS_URL":
            continue  # an example (default: unset, embedded mode); compose sets its own in docker-compose.yml
        default = fields[name.lower()].get_default(call_default_factory=True)
        if value == "":
            assert default in (None, [], ""), f"{name}: empty in the example, default {default!r}"
        else:
            parsed = getattr(Settings(_env_file=None, **{name.lower(): value}), name.lower())
            assert parsed == default, f"{name}: example says {value!r}, default is {default!r}"
    # The systemd environment file names real settings only (PORT is read by the unit itself).
    env_lines = [ln for ln in (SYSTEMD / "bta.env.example").read_text().splitlines() if ln and not ln.startswith("#")]
    for line in env_lines:
        key = line.split("=", 1)[0]
        assert key == "PORT" or key.lower() in fields, key


# --------------------------------------------------------------------------- Railway and Procfile
def test_railway_files_validate_against_the_vendored_schema() -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    source = (SCHEMA.parent / "SOURCE.md").read_text()
    assert "https://railway.com/railway.schema.json" in source and re.search(r"\b[0-9a-f]{40}\b", source)
    for name in ("railway.json", "railway.worker.json"):
        doc = railway(name)
        errors = sorted(validator.iter_errors(doc), key=str)
        assert not errors, f"{name}: {[e.message for e in errors]}"
        assert doc["$schema"] == "https://railway.com/railway.schema.json"
        assert doc["build"] == {"builder": "DOCKERFILE", "dockerfilePath": "Dockerfile"}  # one image, both services
        deploy = doc["deploy"]
        assert deploy["restartPolicyType"] == "ON_FAILURE" and deploy["restartPolicyMaxRetries"] >= 1
    assert railway("railway.json")["deploy"]["healthcheckPath"] == "/health"
    worker = railway("railway.worker.json")["deploy"]
    assert "healthcheckPath" not in worker  # no HTTP server in the worker
    assert worker["drainingSeconds"] > SHUTDOWN_GRACE + SUPERVISOR_MARGIN  # SIGTERM -> SIGKILL on Railway
    # The schema is strict enough to catch mistakes (so "valid" above means something).
    for bad in ({"deploy": {"restartPolicyType": "SOMETIMES"}}, {"deploy": {"healthCheckPath": "/health"}},
                {"build": {"builder": "BUILDPACKS"}}, {"services": {}}):  # fmt: skip
        assert list(validator.iter_errors(bad)), bad


def test_railway_start_commands_are_the_procfile_commands() -> None:
    proc = procfile()
    assert set(proc) == {"web", "worker"}
    assert proc["web"] == "uvicorn api.main:app --host 0.0.0.0 --port $PORT"
    assert proc["worker"] == "python worker_service.py"
    web = railway_argv(railway("railway.json")["deploy"]["startCommand"])
    worker = railway_argv(railway("railway.worker.json")["deploy"]["startCommand"])
    # Railway runs a Dockerfile service's start command in exec form (no variable expansion),
    # so the web command, which needs $PORT, is wrapped in a shell; its script is the Procfile line.
    assert shell_wrapped(web) == proc["web"], web
    assert worker == shlex.split(proc["worker"])
    for argv in (web, worker):
        assert "$" not in " ".join(argv) or shell_wrapped(argv) is not None, f"{argv}: $VAR needs a shell on Railway"


# --------------------------------------------------------------------------- systemd
def test_systemd_units() -> None:
    proc = procfile()
    api, worker = unit("bta-api.service"), unit("bta-worker@.service")
    assert (SYSTEMD / "bta-worker@.service").exists()  # a template: bta-worker@1 ... bta-worker@N
    for parsed, command in ((api, proc["web"]), (worker, proc["worker"])):
        service = parsed["Service"]
        assert service["Restart"] == "always"
        assert service["KillSignal"] == "SIGTERM"
        assert service["KillMode"] == "mixed"  # SIGTERM to the main process only (see the unit's comment)
        stop = systemd_timespan(service["TimeoutStopSec"])
        assert stop > SHUTDOWN_GRACE and stop > SHUTDOWN_GRACE + SUPERVISOR_MARGIN
        assert service["EnvironmentFile"].lstrip("-") == "/etc/bta/bta.env"
        assert service["User"] not in ("root", "0") and service["WorkingDirectory"]
        argv = shlex.split(service["ExecStart"])
        assert argv[0].startswith("/") and [Path(argv[0]).name, *argv[1:]] == shlex.split(command)
        assert parsed["Install"]["WantedBy"] == "multi-user.target"
    assert "%i" in worker["Unit"]["Description"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_systemd_analyze_verify(tmp_path: Path) -> None:
    # verify checks that ExecStart is executable: point the copies at this checkout.
    venv_bin = Path(sys.executable).parent
    for name in ("bta-api.service", "bta-worker@.service"):
        text = (SYSTEMD / name).read_text()
        text = text.replace("/opt/bta/.venv/bin/", f"{venv_bin}/").replace(
            "WorkingDirectory=/opt/bta", f"WorkingDirectory={ROOT}"
        )
        text = text.replace("EnvironmentFile=/etc/bta/bta.env", f"EnvironmentFile={SYSTEMD / 'bta.env.example'}")
        (tmp_path / name).write_text(text)
    if not (venv_bin / "uvicorn").exists():
        pytest.skip(f"no uvicorn next to {venv_bin}/python")
    units = [str(tmp_path / "bta-api.service"), str(tmp_path / "bta-worker@1.service")]
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units], check=False, capture_output=True, text=True, timeout=60
    )
    ours = [ln for ln in (result.stdout + result.stderr).splitlines() if "bta-" in ln or str(tmp_path) in ln]
    assert result.returncode == 0 and not ours, result.stdout + result.stderr  # warnings ("Unknown key ...") fail too


# --------------------------------------------------------------------------- Dockerfile lint
def dockerfile() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, rest = line.partition(" ")
            out.append((instruction.upper(), rest.strip()))
    return out


def test_dockerfile_lint() -> None:
    steps = dockerfile()
    kinds = [k for k, _ in steps]
    froms = [rest for k, rest in steps if k == "FROM"]
    assert len(froms) == 1
    base = froms[0].split()[0]
    assert re.fullmatch(r"python:3\.\d+\.\d+-slim(-bookworm|-trixie)?(@sha256:[0-9a-f]{64})?", base), base
    assert "latest" not in base
    # Non-root: a USER that is not root, before the command runs.
    users = [rest for k, rest in steps if k == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert kinds.index("USER") < kinds.index("CMD")
    # pip without a cache; no apt caches either if apt is ever used.
    runs = [rest for k, rest in steps if k == "RUN"]
    for run in runs:
        if "pip install" in run:
            assert "--no-cache-dir" in run, run
        if "apt-get install" in run:
            assert "--no-install-recommends" in run and "rm -rf /var/lib/apt/lists" in run, run
    assert not [rest for k, rest in steps if k == "ADD"], "COPY, not ADD"
    # Dependencies in their own layer: requirements copied and installed before any code.
    order = [(k, rest) for k, rest in steps if k in ("COPY", "RUN")]
    req_copy = next(i for i, (k, rest) in enumerate(order) if k == "COPY" and rest.split()[0] == "requirements.txt")
    req_install = next(i for i, (k, rest) in enumerate(order) if k == "RUN" and "-r requirements.txt" in rest)
    code = [i for i, (k, rest) in enumerate(order) if k == "COPY" and i != req_copy]
    assert code and req_copy < req_install < min(code)
    for _, rest in (s for s in order if s[0] == "COPY"):
        for src in rest.split()[:-1]:
            if not src.startswith("--"):
                assert (ROOT / src).exists(), f"COPY {src}: missing"
    # No secrets baked in.
    for k, rest in steps:
        if k in ("ENV", "ARG"):
            assert not re.search(r"(KEY|SECRET|TOKEN|PASSWORD|REDIS_URL)", rest, re.IGNORECASE), rest
    # Health check and default command: the API on ${PORT:-8000}.
    health = next(rest for k, rest in steps if k == "HEALTHCHECK")
    assert "/health" in health and "urllib" in health and "PORT" in health
    cmd = json.loads(next(rest for k, rest in steps if k == "CMD"))
    assert cmd[:2] == ["sh", "-c"] and cmd[2] == "exec uvicorn api.main:app --host 0.0.0.0 --port ${PORT:-8000}"
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".git", ".venv*", "tests/"} <= set(ignored)


# --------------------------------------------------------------------------- processes
async def wait_status(
    http: httpx.AsyncClient, path: str, status: int, timeout: float, procs: list[Proc]
) -> httpx.Response:
    deadline = time.monotonic() + timeout
    last: httpx.Response | None = None
    while time.monotonic() < deadline:
        try:
            last = await http.get(path)
            if last.status_code == status:
                return last
        except httpx.HTTPError:
            pass
        for p in procs:
            if p.popen.poll() is not None:
                raise AssertionError(f"{p.cmd} exited with {p.popen.returncode}:\n{p.log()[-3000:]}")
        await asyncio.sleep(0.1)
    logs = "\n".join(p.log()[-2000:] for p in procs)
    raise AssertionError(
        f"{path} never answered {status} (last: {last and last.status_code} {last and last.text})\n{logs}"
    )


def platform_commands(platform: str) -> tuple[list[str], list[str]]:
    """(web, worker) argv as the platform starts them: Heroku-style platforms run Procfile lines
    through a shell; Railway (Dockerfile builder) runs its start commands in exec form."""
    if platform == "procfile":
        return ["sh", "-c", procfile()["web"]], ["sh", "-c", procfile()["worker"]]
    web, worker = (railway(name)["deploy"]["startCommand"] for name in ("railway.json", "railway.worker.json"))
    return railway_argv(web), railway_argv(worker)


@pytest.mark.slow
@pytest.mark.parametrize("platform", ["procfile", "railway"])
async def test_platform_commands_serve_and_take_a_job(platform: str, redis_server: RedisServer, tmp_path: Path) -> None:
    web_argv, worker_argv = platform_commands(platform)
    port, prefix = free_port(), f"deploy-{platform}-{time.monotonic_ns()}"
    env = service_env(redis_server.url, PORT=port, KEY_PREFIX=prefix, LOG_LEVEL="WARNING")
    web = Proc(web_argv, env, tmp_path / "web.log")
    procs = [web]
    queue = RedisQueue(aioredis.Redis.from_url(redis_server.url), prefix=prefix)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as http:
            await wait_status(http, "/health", 200, 30, procs)  # the web command honours $PORT
            ready = await http.get("/health/ready")
            assert ready.status_code == 503 and ready.json()["redis"] == "ok", ready.text  # no worker yet
            procs.append(Proc(worker_argv, env, tmp_path / "worker.log"))
            body = (await wait_status(http, "/health/ready", 200, 30, procs)).json()
            assert body["workers_alive"] == 1 and body["backend"] == "redis"
            job_id = (await queue.enqueue(b"", kind="noop")).job_id
            deadline = time.monotonic() + 15
            while (record := (await queue.get(job_id))[0]).status is not Status.COMPLETED:
                assert time.monotonic() < deadline and record.status in (Status.QUEUED, Status.PROCESSING), record
                await asyncio.sleep(0.05)
            assert record.worker
    finally:
        await queue.close()
        for p in procs:
            p.close()


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
async def test_compose_equivalent_end_to_end(fresh_redis: RedisServer, tmp_path: Path) -> None:
    """redis + the compose `api` command + three copies of the compose `worker` command (what
    `docker compose up --scale worker=3` runs), with the compose environment and .env.example."""
    services = compose()["services"]
    api_argv = [arg.replace("$$", "$") for arg in services["api"]["command"]]  # compose unescapes $$
    worker_argv = services["worker"]["command"]
    dotenv = dict(
        line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines() if line and not line.startswith("#")
    )  # a .env copied from .env.example: its active lines  # fmt: skip
    port = free_port()

    def env_for(name: str, **extra: str | int) -> dict[str, str]:
        # Pass-through entries (None) take their value from .env when it has one, else stay unset.
        environment = {k: dotenv.get(k) if v is None else v for k, v in services[name].get("environment", {}).items()}
        settings = {**{k: v for k, v in environment.items() if v is not None}, **extra}
        settings["REDIS_URL"] = fresh_redis.url  # instead of redis://redis:6379/0
        return service_env(fresh_redis.url, **{k: str(v) for k, v in settings.items()}, LOG_LEVEL="WARNING")

    api = Proc(api_argv, env_for("api", PORT=port), tmp_path / "api.log")
    workers = [Proc(worker_argv, env_for("worker"), tmp_path / f"worker{i}.log") for i in range(3)]
    procs = [api, *workers]
    queue = RedisQueue(aioredis.Redis.from_url(fresh_redis.url), prefix=Settings(_env_file=None).key_prefix)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            deadline = time.monotonic() + 40
            while True:
                ready = await wait_status(http, "/health/ready", 200, 40, procs)
                if ready.json()["workers_alive"] == 3:
                    break
                assert time.monotonic() < deadline, ready.text
                await asyncio.sleep(0.1)

            pdfs = sorted(CORPUS.glob("*.pdf"))
            assert pdfs, f"no PDFs in {CORPUS}"  # the corpus grows: never assume a count
            job_ids = []
            for i, pdf in zip(range(30), itertools.cycle(pdfs), strict=False):
                r = await http.post("/analyze-async", files={"file": (pdf.name, pdf.read_bytes(), "application/pdf")},
                                    data={"query": f"report {i}"})  # fmt: skip
                assert r.status_code == 202, r.text
                job_ids.append(r.json()["job_id"])

            pending, deadline = set(job_ids), time.monotonic() + 90
            while pending:
                for job_id in list(pending):
                    body = (await http.get(f"/status/{job_id}")).json()
                    assert body["status"] in ("queued", "processing", "completed"), body
                    if body["status"] == "completed":
                        pending.discard(job_id)
                assert time.monotonic() < deadline, f"{len(pending)} jobs unfinished"
                await asyncio.sleep(0.2)

            # Who did what: the job hash names the worker '<host>-<pid>-<rand>'.
            done_by: dict[int, int] = {}
            for job_id in job_ids:
                record, _ = await queue.get(job_id)
                assert record.status is Status.COMPLETED and record.worker
                pid = int(record.worker.rsplit("-", 2)[1])
                done_by[pid] = done_by.get(pid, 0) + 1
            assert set(done_by) == {w.pid for w in workers}, done_by  # every worker process did some
            assert sum(done_by.values()) == 30
            # The same from GET /queue/workers, whose counts arrive with each heartbeat (<= 5 s).
            deadline = time.monotonic() + 15
            while True:
                listed = {w["pid"]: w["processed"] for w in (await http.get("/queue/workers")).json()["workers"]}
                if listed == done_by or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.25)
            assert listed == done_by

        # `docker compose stop` sends SIGTERM and waits stop_grace_period: the workers exit 0 in time.
        grace = compose_duration(services["worker"]["stop_grace_period"])
        for w in workers:
            w.signal(signal.SIGTERM)
        for w in workers:
            assert w.wait(grace) == 0, w.log()[-2000:]
    finally:
        await queue.close()
        for p in procs:
            p.close()
