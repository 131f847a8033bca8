"""Configuration mistakes stop the process at start with a message naming the variable; a `.env`
copied from `.env.example` changes nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from shared.settings import Settings, describe_errors

ROOT = Path(__file__).resolve().parents[1]


def problems(**env: str) -> str:
    with pytest.raises(ValidationError) as info:
        Settings(_env_file=None, **{k.lower(): v for k, v in env.items()})
    return describe_errors(info.value)


def test_messages_name_the_variable() -> None:
    assert problems(EMBEDDED_WORKERS="0") == "  EMBEDDED_WORKERS=0: Input should be greater than or equal to 1"
    assert problems(GEMINI_BASE_URL="proxy.local:8443").startswith("  GEMINI_BASE_URL=proxy.local:8443: must be an http")
    assert "GEMINI_BASE_URL" in problems(GEMINI_BASE_URL="https://")
    assert "CORS_ORIGINS" in problems(CORS_ORIGINS="https://app.example/")  # a trailing slash never matches
    assert "KEY_PREFIX" in problems(KEY_PREFIX="a b")
    two = problems(WORKER_CONCURRENCY="many", LOG_LEVEL="chatty").splitlines()
    assert [line.split("=")[0].strip() for line in two] == ["WORKER_CONCURRENCY", "LOG_LEVEL"]
    # Good values pass.
    ok = Settings(_env_file=None, gemini_base_url="http://127.0.0.1:9999", cors_origins="https://app.example,*")
    assert ok.gemini_base_url == "http://127.0.0.1:9999" and ok.cors_origins == ["https://app.example", "*"]


def test_secrets_are_never_echoed() -> None:
    text = problems(REDIS_URL="http://user:hunter2@redis:6379", GOOGLE_API_KEY="")
    assert "REDIS_URL: must start with redis://" in text and "hunter2" not in text


def test_a_copied_env_example_changes_nothing(tmp_path: Path) -> None:
    """`cp .env.example .env` (for Compose) must not point `make run` at Compose's Redis."""
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    assert Settings(_env_file=tmp_path / ".env") == Settings(_env_file=None)
    assert Settings(_env_file=tmp_path / ".env").redis_url is None


def test_the_api_refuses_to_start_without_embedded_workers() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "API_KEYS")}
    run = subprocess.run([sys.executable, "-c", "import api.main"], cwd=ROOT, env={**env, "EMBEDDED_WORKERS": "0"},
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert "invalid configuration" in run.stderr and "EMBEDDED_WORKERS=0" in run.stderr
