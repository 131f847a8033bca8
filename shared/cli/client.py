"""The API over HTTP and Server-Sent Events: requests, the stream of a job's events, and every
failure turned into a one-line CliError. httpx, and of the service only its job vocabulary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from shared.job import Status

EXIT_OK, EXIT_JOB_FAILED, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


DEFAULT_URL = "http://127.0.0.1:8000"


# The job's states are the service's own enum (shared/job.py: the API's OpenAPI enum; a module of the
# standard library only), never a copy: a job never leaves a TERMINAL one, and only `completed` has a result.
TERMINAL = frozenset(status for status in Status if status.terminal)
NO_RESULT = TERMINAL - {Status.COMPLETED}


EXPORT_FORMATS = ("fhir", "csv")  # served by GET /jobs/{id}/fhir and /jobs/{id}/csv


QUEUED_READ_TIMEOUT = 2.5  # while queued the stream is silent about the position: re-read it this often


STREAM_READ_TIMEOUT = 30.0  # the API sends a keep-alive every 15 s


class CliError(Exception):
    """Printed as one line on stderr; the process exits with `code`."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


class Api:
    """The API over HTTP; every failure becomes a CliError with the server's own message."""

    def __init__(self, url: str, api_key: str | None, timeout: float) -> None:
        url = url.rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise CliError(f"--url must start with http:// or https:// (got {url!r})")
        self.url = url
        self.timeout = timeout
        headers = {"User-Agent": "bta-cli/1.0", "Accept": "application/json"}
        if api_key:
            headers["X-API-Key"] = api_key
        self.http = httpx.Client(base_url=url, headers=headers, timeout=httpx.Timeout(timeout, connect=5.0))

    def close(self) -> None:
        self.http.close()

    def transport_error(self, exc: httpx.HTTPError) -> CliError:
        if isinstance(exc, httpx.ConnectError):
            reason = str(exc).split("] ")[-1].strip().lower() or "connection failed"
            return CliError(f"cannot connect to {self.url}: {reason}; is the API running? (set --url or BTA_URL)")
        if isinstance(exc, httpx.TimeoutException):
            return CliError(f"{self.url} did not answer within {self.timeout:g} s (--timeout)")
        return CliError(f"the request to {self.url} failed: {exc.__class__.__name__}: {exc}")

    @staticmethod
    def refusal(response: httpx.Response) -> CliError:
        try:
            body = response.json()
        except ValueError:
            body = None
        detail = body.get("detail") if isinstance(body, dict) and isinstance(body.get("detail"), str) else None
        message = detail or (response.reason_phrase or "request failed").lower()
        hint = ""
        if response.status_code == 401:
            hint = " (pass --api-key or set BTA_API_KEY)"
        elif response.status_code == 403:
            hint = " (use an admin key)"
        elif response.status_code in (429, 503) and response.headers.get("retry-after"):
            hint = f" (retry after {response.headers['retry-after']} s)"
        return CliError(f"{message}{hint} [HTTP {response.status_code}]")

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise self.transport_error(exc) from None
        if response.status_code >= 400:
            raise self.refusal(response)
        return response

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs).json()

    def events(self, path: str, last_event_id: str | None, read_timeout: float) -> Iterator[tuple[str, str, str | None]]:
        """Server-Sent Events as (event, data, id) until the server closes the stream."""
        headers = {"Accept": "text/event-stream"}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        timeout = httpx.Timeout(connect=5.0, read=read_timeout, write=10.0, pool=5.0)
        with self.http.stream("GET", path, headers=headers, timeout=timeout) as response:
            if response.status_code >= 400:
                response.read()
                raise self.refusal(response)
            event, event_id = "message", None
            data: list[str] = []
            for line in response.iter_lines():
                if line == "":
                    if data:
                        yield event, "\n".join(data), event_id
                    event, data = "message", []
                    continue
                if line.startswith(":"):
                    continue
                field, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if field == "event":
                    event = value
                elif field == "data":
                    data.append(value)
                elif field == "id":
                    event_id = value
