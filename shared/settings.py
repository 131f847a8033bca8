"""All configuration, read once from the environment (and `.env`).

Both processes (API and worker) import this one class, so a setting has one
name, one default and one validation everywhere. Values are checked at start-up:
a bad value stops the process with a message naming the variable, instead of
surfacing later as a confusing runtime error.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class RedisMode(StrEnum):
    """How the service reaches Redis (docs/DEPLOY.md says which to pick for which hosting)."""

    STANDALONE = "standalone"  # one server at REDIS_URL (or a proxy/managed endpoint that hides failover)
    SENTINEL = "sentinel"  # the primary named by REDIS_SENTINEL_MASTER, as the sentinels report it
    CLUSTER = "cluster"  # a Redis Cluster; REDIS_URL names any node


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    # --- Redis and the queue protocol -------------------------------------------------
    redis_url: SecretStr | None = Field(
        default=None,
        description="redis:// or rediss:// URL. Unset (standalone mode): the API runs in embedded mode "
        "(in-memory, one process). Sentinel mode: only its user, password, db and scheme (rediss: TLS) are used.",
    )
    redis_mode: RedisMode = Field(
        default=RedisMode.STANDALONE,
        description="standalone (REDIS_URL), sentinel (REDIS_SENTINELS + REDIS_SENTINEL_MASTER) or cluster "
        "(REDIS_URL names any node of a Redis Cluster).",
    )
    redis_sentinels: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Sentinel mode: comma-separated host:port of the sentinels."
    )
    redis_sentinel_master: str = Field(default="mymaster", description="Sentinel mode: the monitored primary's name.")
    redis_sentinel_password: SecretStr | None = Field(
        default=None, description="Sentinel mode: the sentinels' own password (requirepass of the sentinels), if any."
    )
    redis_sentinel_tls: bool = Field(default=False, description="Sentinel mode: talk to the sentinels over TLS.")
    redis_wait_replicas: int = Field(
        default=0,
        ge=0,
        le=16,
        description="After each enqueue and completion, WAIT until this many replicas have the write: a 202 or a "
        "'completed' then survives the loss of the primary. 0: asynchronous replication.",
    )
    redis_wait_timeout: float = Field(
        default=1.0, gt=0, le=30, description="Seconds one WAIT may take before the write counts as unconfirmed."
    )
    queue_fallback: Literal["none", "memory"] = Field(
        default="none",
        description="With REDIS_URL set but unreachable when the API starts: 'none' answers 503 until Redis is back, "
        "'memory' falls back to embedded mode (never silently).",
    )
    key_prefix: str = Field(
        default="bta",
        description="Every key lives under '{<prefix>}:' (the braces make one Redis Cluster hash slot).",
    )
    redis_timeout: float = Field(default=1.5, gt=0, le=30, description="Seconds any single Redis command may take.")

    # --- Worker runtime -----------------------------------------------------------------
    worker_count: int = Field(default=1, ge=1, le=64, description="Worker processes started by worker_service.py.")
    worker_concurrency: int = Field(default=4, ge=1, le=1024, description="Jobs in flight per worker process.")
    llm_concurrency: int = Field(default=2, ge=1, le=256, description="Model calls in flight per worker process.")
    cpu_threads: int = Field(default=1, ge=1, le=32, description="Threads per worker process for PDF parsing.")
    worker_nice: int = Field(
        default=10,
        ge=0,
        le=19,
        description="Niceness the worker service runs at (0: unchanged). Sharing a host, the API and Redis answer "
        "first; alone on a machine the workers lose nothing.",
    )
    job_timeout: float = Field(default=300.0, gt=0, description="Seconds one attempt of a job may run.")
    max_attempts: int = Field(default=3, ge=1, le=50, description="Attempts per job, retries and stalls included.")
    retry_backoff: float = Field(default=2.0, ge=0, description="First retry delay in seconds; doubles per attempt.")
    lease_seconds: float = Field(default=30.0, ge=1, description="A claimed job returns to the queue if its worker is silent this long.")
    shutdown_grace: float = Field(default=25.0, ge=0, description="Seconds in-flight jobs get to finish after SIGTERM.")
    result_ttl: int = Field(default=86_400, ge=60, description="Seconds a finished job (and its result) is kept.")
    embedded_workers: int = Field(default=1, ge=1, le=8, description="Worker loops inside the API in embedded mode (without them jobs never run).")

    # --- API ----------------------------------------------------------------------------
    max_upload_mb: float = Field(default=20, gt=0, description="Largest accepted upload, in MB.")
    max_query_chars: int = Field(default=2000, ge=1, description="Longest accepted query, in characters.")
    max_queue_size: int = Field(default=10_000, ge=1, description="Queued jobs beyond which submissions get 429.")
    max_queued_per_key: int = Field(
        default=500, ge=0, description="Jobs one API key (or, without keys, one client address) may have waiting or "
        "running; past it that key gets 429, others are unaffected. 0: no cap.",
    )
    max_queued_mb_per_key: float = Field(
        default=200, ge=0, description="Upload MB one API key may have waiting or running (held in Redis); 0: no cap.",
    )
    sync_timeout: float = Field(default=60.0, gt=0, le=600, description="Seconds POST /analyze waits before answering 202.")
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list, description="Comma-separated client keys; empty: no auth.")
    admin_api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list, description="Comma-separated operator keys.")
    rate_limit_per_minute: int = Field(default=120, ge=0, description="Submissions per key (or client IP) per minute; 0 disables.")
    webhook_secret: SecretStr | None = Field(default=None, description="HMAC-SHA256 key for callback signatures.")
    webhook_max_attempts: int = Field(default=5, ge=1, le=20, description="Delivery attempts per callback.")
    webhook_allow_private: bool = Field(
        default=False, description="Allow callbacks to private/loopback addresses (off: no SSRF into your network)."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated origins allowed to call the API from a browser."
    )

    # --- Analysis -----------------------------------------------------------------------
    max_pages: int = Field(default=50, ge=1, le=2000, description="Reports with more pages are refused.")
    google_api_key: SecretStr | None = Field(default=None, description="Enables the Gemini narrative.")
    gemini_model: str = Field(default="gemini-2.5-flash", description="Gemini model for the narrative.")
    gemini_base_url: str | None = Field(default=None, description="Override the Gemini endpoint (tests, proxies).")
    gemini_timeout: float = Field(default=60.0, gt=0, description="Seconds per Gemini call.")
    gemini_max_retries: int = Field(default=3, ge=0, le=10, description="Retries on 429/5xx, with backoff.")

    # --- Analysis sandbox ---------------------------------------------------------------
    analysis_sandbox: bool = Field(
        default=True,
        description="Run each analysis in a pre-started child process under the hard limits below. Off: in the "
        "worker's CPU_THREADS thread pool without limits (a hostile PDF can then take the worker process down).",
    )
    analysis_processes: int = Field(
        default=2, ge=1, le=64, description="Pre-started analysis processes per worker process (analyses in parallel)."
    )
    analysis_memory_mb: int | None = Field(
        default=None,
        ge=64,
        le=1_048_576,
        description="Address space of one analysis process, in MB (RLIMIT_AS); a PDF that inflates past it fails. "
        "Default: 128 + 6 x MAX_UPLOAD_MB + 2 x MAX_PAGES.",
    )
    analysis_cpu_seconds: int = Field(default=20, ge=1, le=86_400, description="CPU seconds one analysis may use.")
    analysis_wall_seconds: float = Field(
        default=60.0, gt=0, description="Seconds one analysis may take in its process (JOB_TIMEOUT still applies)."
    )
    analysis_max_output_mb: float = Field(
        default=16.0, gt=0, description="Largest result (and page text for the narrative) an analysis may return, in MB."
    )
    analysis_jobs_per_process: int = Field(
        default=500, ge=1, description="An analysis process is replaced by a fresh one after this many analyses."
    )

    # --- OCR (scanned and photographed reports) ---------------------------------------
    ocr_enabled: bool = Field(
        default=True, description="Read image uploads and PDF pages without a text layer with Tesseract (off: refused)."
    )
    ocr_languages: str = Field(
        default="eng",
        description="Tesseract languages, '+'-joined (Debian tesseract-ocr-<lang> packages); a missing one is skipped. "
        "Each one added costs time on every page: add chi_sim for Chinese reports, spa/fra/... for accented names.",
    )
    ocr_concurrency: int = Field(
        default=1, ge=1, le=64, description="Pages OCR'd at once per worker process, across its analysis processes."
    )
    ocr_max_megapixels: float = Field(
        default=40.0, gt=0, le=400, description="Largest image (upload or scanned page) read, in megapixels; larger "
        "ones are refused before they are decoded (decompression bombs).",
    )
    ocr_page_seconds: float = Field(
        default=15.0, gt=0, le=600, description="CPU and wall seconds an analysis gets in addition for each page it OCRs.",
    )

    # --- Logging ------------------------------------------------------------------------
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    log_format: Literal["json", "text"] = Field(default="json", description="One JSON object per line, or plain text.")

    @field_validator("api_keys", "admin_api_keys", "cors_origins", "redis_sentinels", mode="before")
    @classmethod
    def _csv(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("key_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,32}", value):
            raise ValueError("must be 1-32 characters of letters, digits, '_', '.' or '-'")
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value.upper()

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        for origin in value:
            parts = urlsplit(origin)
            if origin != "*" and (parts.scheme not in ("http", "https") or not parts.hostname or parts.path
                                  or parts.query or parts.fragment):  # fmt: skip
                raise ValueError(f"{origin!r} is not an origin: write scheme://host[:port], with no path or "
                                 "trailing slash (browsers send exactly that)")
        return value

    @field_validator("gemini_base_url", mode="before")
    @classmethod
    def _gemini_url(cls, value: object) -> object:
        if value in ("", None):
            return None
        if isinstance(value, str):
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError("must be an http:// or https:// URL with a host, e.g. https://proxy.example:8443")
        return value

    @field_validator("redis_url", "analysis_memory_mb", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value in ("", None) else value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.match(r"^(redis|rediss|unix)://", value.get_secret_value()):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("redis_sentinels")
    @classmethod
    def _sentinel_addresses(cls, value: list[str]) -> list[str]:
        for address in value:
            if not re.fullmatch(r"[^\s:]+:\d{1,5}", address):
                raise ValueError(f"REDIS_SENTINELS must be host:port entries separated by commas (got {address!r})")
        return value

    @model_validator(mode="after")
    def _mode_needs(self) -> Settings:
        if self.redis_mode == RedisMode.SENTINEL and not self.redis_sentinels:
            raise ValueError("REDIS_MODE=sentinel needs REDIS_SENTINELS (host:port,host:port,...)")
        if self.redis_mode == RedisMode.CLUSTER:
            if self.redis_url is None:
                raise ValueError("REDIS_MODE=cluster needs REDIS_URL naming any node of the cluster")
            if self.redis_url.get_secret_value().startswith("unix://"):
                raise ValueError("REDIS_MODE=cluster needs a redis:// or rediss:// REDIS_URL (nodes announce TCP addresses)")
        return self

    @property
    def uses_redis(self) -> bool:
        """False: embedded mode (standalone without REDIS_URL)."""
        return self.redis_url is not None or self.redis_mode != RedisMode.STANDALONE

    @property
    def analysis_memory_limit_mb(self) -> int:
        """ANALYSIS_MEMORY_MB, or its default sized for the largest upload and page count accepted: a Python process
        with PDFium and the parser (about 35 MB of address space), the upload and PDFium's copy of it, and its
        pages' text and objects, with room to spare (a 50-page report measured under 32 MB, a 20 MB one 52 MB)."""
        if self.analysis_memory_mb is not None:
            return self.analysis_memory_mb
        ocr = 256 + 6 * self.ocr_max_megapixels if self.ocr_enabled else 0  # Tesseract, and a page as RGB + grey + work
        return int(128 + 6 * self.max_upload_mb + 2 * self.max_pages + ocr)

    @property
    def analysis_extension_seconds(self) -> float:
        """The most an analysis' CPU and wall limits grow by for the pages it OCRs (OCR_PAGE_SECONDS each)."""
        return self.ocr_page_seconds * self.max_pages if self.ocr_enabled else 0.0

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def max_queued_bytes_per_key(self) -> int:
        return int(self.max_queued_mb_per_key * 1024 * 1024)

    @property
    def heartbeat_seconds(self) -> float:
        """How often a worker renews its leases: three chances before a lease runs out."""
        return max(0.1, min(5.0, self.lease_seconds / 3))

    @property
    def worker_ttl_seconds(self) -> float:
        """A worker silent this long counts as dead (registry, /health/ready, stats)."""
        return 3 * self.heartbeat_seconds

    @property
    def sweep_seconds(self) -> float:
        """How often each worker looks for expired leases and due retries."""
        return max(0.1, min(2.0, self.lease_seconds / 5))

    @property
    def auth_enabled(self) -> bool:
        return bool(self.api_keys or self.admin_api_keys)


class ConfigError(Exception):
    """The environment holds a bad value; the message names each variable, one per line."""


def load_settings() -> Settings:
    """`Settings()` from the environment (and .env), or ConfigError naming the variables at fault."""
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigError(describe_errors(exc)) from None


def describe_errors(exc: ValidationError) -> str:
    """One line per bad variable: `EMBEDDED_WORKERS=0: must be ≥ 1`-style, never echoing a secret."""
    secret = {name for name, f in Settings.model_fields.items() if "SecretStr" in str(f.annotation)}
    lines = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err.get("loc") else ""
        message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        shown = "" if field in secret or "input" not in err else f"={err['input']}"
        lines.append(f"  {field.upper()}{shown}: {message}" if field else f"  {message}")  # a rule across variables
    return "\n".join(lines)


@lru_cache
def get_settings() -> Settings:
    return load_settings()
