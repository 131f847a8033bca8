"""Command-line client for the Blood Test Report Analyzer API.

    python -m shared.cli submit report.pdf --query "Is my iron OK?" --wait
    python -m shared.cli status JOB_ID [--format json|fhir|csv]
    python -m shared.cli cancel JOB_ID [--purge]
    python -m shared.cli stats | workers | jobs [--status failed]
    python -m shared.cli watch

The API's address comes from --url (or BTA_URL, default http://127.0.0.1:8000) and the key from
--api-key (or BTA_API_KEY). Exit codes: 0 ok, 1 the job failed or was cancelled, 2 a usage,
connection or request error (one line on stderr, no traceback), 130 interrupted.

It only speaks HTTP (httpx); nothing here imports the service, so it runs anywhere the API is
reachable. Progress goes to stderr and results to stdout, so `--json` output can be piped.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

import httpx

EXIT_OK, EXIT_JOB_FAILED, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_URL = "http://127.0.0.1:8000"
TERMINAL = ("completed", "failed", "cancelled")
EXPORT_FORMATS = ("fhir", "csv")  # served by GET /jobs/{id}/fhir and /jobs/{id}/csv
STAGES = ("queued", "extracting", "parsing", "analyzing", "finalizing", "completed")
ABNORMAL = ("low", "high", "critical_low", "critical_high")
SPECIALISTS = (("physician", "Physician"), ("nutritionist", "Nutritionist"), ("exercise", "Exercise physiologist"))
QUEUED_READ_TIMEOUT = 2.5  # while queued the stream is silent about the position: re-read it this often
STREAM_READ_TIMEOUT = 30.0  # the API sends a keep-alive every 15 s



def _object(value: Any) -> dict[str, Any]:
    """A JSON object of the answer, or {} when it is missing (or not an object)."""
    return value if isinstance(value, dict) else {}

class CliError(Exception):
    """Printed as one line on stderr; the process exits with `code`."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


# --------------------------------------------------------------------------- output helpers


class Style:
    """ANSI colours for a terminal (off when not a tty, or NO_COLOR is set)."""

    def __init__(self, stream: TextIO) -> None:
        self.on = stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def red(self, text: str) -> str:
        return self._wrap("31;1", text)

    def yellow(self, text: str) -> str:
        return self._wrap("33;1", text)

    def green(self, text: str) -> str:
        return self._wrap("32", text)

    def status(self, status: str) -> str:
        if status == "completed":
            return self.green(status)
        if status in ("failed", "cancelled"):
            return self.red(status)
        return self.bold(status) if status == "processing" else status

    def flag(self, flag: str | None) -> str:
        text = flag_text(flag)
        if flag in ("high", "critical_high", "critical_low"):
            return self.red(text)
        return self.yellow(text) if flag == "low" else text


def flag_text(flag: str | None) -> str:
    return {"low": "LOW", "high": "HIGH", "critical_low": "CRITICAL LOW", "critical_high": "CRITICAL HIGH",
            "normal": "normal", None: "-"}.get(flag, str(flag).upper())  # fmt: skip


def term_width() -> int:
    return max(60, min(120, shutil.get_terminal_size((100, 24)).columns))


def fmt_num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def since(iso: str | None) -> str:
    """'12 s ago' for a timestamp from the API (ISO 8601, UTC)."""
    if not iso:
        return "-"
    try:
        then = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    seconds = max(0.0, (datetime.now(UTC) - then).total_seconds())
    if seconds < 90:
        return f"{seconds:.0f} s ago"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min ago"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.0f} h ago"
    return then.strftime("%Y-%m-%d %H:%M")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _visible(text: str) -> int:
    return len(_ANSI.sub("", text))


def table(headers: list[str], rows: list[list[str]], style: Style) -> str:
    """A plain-text table; cells may carry ANSI colour (widths are measured without it)."""
    visible = _visible
    widths = [max([len(h)] + [visible(r[i]) for r in rows]) for i, h in enumerate(headers)]
    pad = lambda s, w: s + " " * (w - visible(s))  # noqa: E731
    lines = ["  ".join(style.bold(pad(h, w)) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def wrap(text: str, indent: int = 4) -> str:
    return textwrap.fill(" ".join(str(text).split()), width=term_width() - 2, initial_indent=" " * indent,
                         subsequent_indent=" " * indent)  # fmt: skip


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


# --------------------------------------------------------------------------- HTTP


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


# --------------------------------------------------------------------------- following a job


class Progress:
    """A text progress bar on stderr: redrawn in place on a terminal, one line per change otherwise."""

    def __init__(self, job_id: str, stream: TextIO = sys.stderr) -> None:
        self.job_id = job_id
        self.stream = stream
        self.tty = stream.isatty()
        self.last: str | None = None
        self.drawn = False

    def describe(self, body: dict[str, Any]) -> tuple[int, str]:
        status = str(body.get("status") or "?")
        progress = _object(body.get("progress"))
        stage = str(progress.get("stage") or status)
        percent = int(progress.get("percent") or 0)
        if status == "queued":
            position = body.get("queue_position")
            text = f"queued (position {position})" if position else "queued"
            if isinstance(body.get("eta_seconds"), (int, float)):
                text += f", starts in about {max(1, round(body['eta_seconds']))} s"
            if body.get("attempts") and body.get("error"):
                text += f", retrying after: {body['error']}"
            return 0, text
        if status in TERMINAL:
            return (100 if status == "completed" else percent), status
        text = stage
        if stage == "extracting" and progress.get("current_page") and progress.get("total_pages"):
            text += f" (page {progress['current_page']}/{progress['total_pages']})"
        if (body.get("attempts") or 0) > 1:
            text += f", attempt {body['attempts']}/{body.get('max_attempts')}"
        return percent, text

    def update(self, body: dict[str, Any]) -> None:
        percent, text = self.describe(body)
        if self.tty:
            width = max(10, min(40, term_width() - len(text) - 20))
            filled = width * percent // 100
            line = f"[{'#' * filled}{'-' * (width - filled)}] {percent:3d}%  {text}"
            self.stream.write(f"\r\x1b[2K{line}")
            self.drawn = True
        else:
            line = f"{percent:3d}%  {text}"
            if line != self.last:
                self.stream.write(line + "\n")
                self.last = line
        self.stream.flush()

    def done(self) -> None:
        if self.tty and self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

    def note(self, text: str) -> None:
        self.done()
        self.stream.write(f"{text}\n")
        self.stream.flush()


def follow(api: Api, job_id: str, events_path: str | None, progress: Progress) -> dict[str, Any]:
    """The job's final status: its SSE stream (reconnecting with Last-Event-ID; while queued, the
    position is re-read every few seconds since the stream only speaks when the job changes),
    falling back to polling /status if the stream cannot be used."""
    events_path = events_path or f"/jobs/{job_id}/events"
    last_id: str | None = None
    status = "queued"
    failures = 0
    while True:
        read_timeout = QUEUED_READ_TIMEOUT if status == "queued" else STREAM_READ_TIMEOUT
        try:
            for event, data, event_id in api.events(events_path, last_id, read_timeout):
                last_id = event_id or last_id
                if event == "gone":
                    raise CliError(f"job {job_id} is gone: it was purged or has expired", EXIT_JOB_FAILED)
                if event != "status":
                    continue
                body = json.loads(data)
                status = str(body.get("status"))
                progress.update(body)
                failures = 0
                if status in TERMINAL:
                    return body
        except httpx.ReadTimeout:
            if status == "queued":  # refresh the position, then listen again
                body = api.get(f"/status/{job_id}")
                status = str(body.get("status"))
                progress.update(body)
                if status in TERMINAL:
                    return body
            continue
        except (httpx.HTTPError, ValueError) as exc:
            failures += 1
            if failures >= 3:
                progress.note(f"the event stream failed ({exc.__class__.__name__}); polling /status instead")
                return poll(api, job_id, progress)
            time.sleep(0.5 * failures)
            continue
        # The stream closed without a final state (server restart, proxy): check, then reconnect.
        body = api.get(f"/status/{job_id}")
        status = str(body.get("status"))
        progress.update(body)
        if status in TERMINAL:
            return body
        failures += 1
        if failures >= 3:
            progress.note("the event stream keeps closing early; polling /status instead")
            return poll(api, job_id, progress)
        time.sleep(0.5)


def poll(api: Api, job_id: str, progress: Progress) -> dict[str, Any]:
    errors = 0
    while True:
        try:
            response = api.request("GET", f"/status/{job_id}")
        except CliError:
            errors += 1
            if errors >= 5:
                raise
            time.sleep(min(5.0, 0.5 * 2**errors))
            continue
        errors = 0
        body = response.json()
        progress.update(body)
        if body.get("status") in TERMINAL:
            return body
        hint = response.headers.get("retry-after", "1")
        time.sleep(min(5.0, float(hint)) if hint.replace(".", "", 1).isdigit() else 1.0)


# --------------------------------------------------------------------------- rendering results


def render_result(result: Any, style: Style, *, show_all: bool = False) -> str:
    if not isinstance(result, dict):
        return "The job completed but returned no result."
    out: list[str] = []
    patient = _object(result.get("patient"))
    bits = [str(patient[k]) for k in ("name",) if patient.get(k)]
    if patient.get("age") not in (None, ""):
        bits.append(f"age {patient['age']}")
    bits += [str(patient[k]) for k in ("sex",) if patient.get(k)]
    if patient.get("date"):
        bits.append(f"tested {patient['date']}")
    if patient.get("lab"):
        bits.append(str(patient["lab"]))
    if bits:
        out.append(f"{style.bold('Report:')} {' · '.join(bits)}")
    if result.get("query"):
        out.append(f"{style.bold('Question:')} {result['query']}")
    answer = _object(result.get("answer")) or None
    if answer and answer.get("text"):
        out.append(f"{style.bold('Answer:')} {answer['text']}")
    urgent = [u for u in result.get("urgent") or [] if isinstance(u, dict)]
    if urgent:
        out += ["", style.bold("Needs attention")]
        for u in urgent:
            unit = f" {u['unit']}" if u.get("unit") else ""
            out.append(wrap(f"- {u.get('name')} {fmt_num(u.get('value'))}{unit} ({style.flag(u.get('flag'))}): "
                            f"{u.get('action') or ''}", 2))
    coverage = _object(result.get("coverage"))

    biomarkers = [b for b in result.get("biomarkers") or [] if isinstance(b, dict)]
    flagged = [b for b in biomarkers if b.get("flag") in ABNORMAL]
    shown = biomarkers if show_all else flagged
    out.append("")
    if not biomarkers:
        out.append(style.bold("Biomarkers") + ": none could be read from this report.")
    else:
        title = "All results" if show_all else "Results outside the range"
        out.append(style.bold(f"{title} ({len(flagged)} of {len(biomarkers)} flagged)"))
        if shown:
            rows = []
            for b in shown:
                unit = f" {b['unit']}" if b.get("unit") else ""
                reference = b.get("ref_text") or _range(b.get("ref_low"), b.get("ref_high"))
                if reference and b.get("range_source") == "default":
                    reference += " (typical)"
                rows.append([str(b.get("name") or b.get("canonical") or "?"), f"{fmt_num(b.get('value'))}{unit}",
                             reference or "-", style.flag(b.get("flag")), str(b.get("panel") or "")])  # fmt: skip
            out.append(textwrap.indent(table(["Test", "Result", "Range", "Flag", "Panel"], rows, style), "  "))
        else:
            every = "Every result with a range is within it." if coverage.get("complete", True) else \
                "No result that was read is outside its range."
            out.append(f"  {every}" + ("" if show_all else " (--all lists them)"))

    findings = [f for f in result.get("findings") or [] if isinstance(f, dict)]
    if findings:
        out += ["", style.bold("Findings")]
        for f in findings:
            out.append(f"  {style.bold(str(f.get('title') or f.get('panel') or 'Finding'))}")
            if f.get("explanation"):
                out.append(wrap(str(f["explanation"])))

    views = _object(result.get("specialist_views"))
    named = [(k, label) for k, label in SPECIALISTS if views.get(k)]
    named += [(k, k.capitalize()) for k in views if k not in dict(SPECIALISTS) and views.get(k)]
    if named:
        out += ["", style.bold("Specialist notes")]
        for key, label in named:
            out.append(f"  {style.bold(label)}")
            out.append(wrap(str(views[key])))

    notes = [str(n) for n in result.get("notes") or [] if n]
    if notes:
        out += ["", style.bold("Notes")]
        out += [wrap(f"- {n}", 2) for n in notes]
    if not findings and not named and result.get("analysis"):
        out += ["", style.bold("Analysis"), textwrap.indent(str(result["analysis"]).strip(), "  ")]
    if result.get("disclaimer"):
        out += ["", style.dim(textwrap.fill(str(result["disclaimer"]), width=term_width() - 2))]
    return "\n".join(out)


def _range(low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f"{fmt_num(low)}-{fmt_num(high)}"
    if high is not None:
        return f"<= {fmt_num(high)}"
    if low is not None:
        return f">= {fmt_num(low)}"
    return ""


def status_line(body: dict[str, Any], style: Style) -> str:
    percent, text = Progress("").describe(body)
    status = str(body.get("status"))
    head = f"Job {body.get('job_id')}: {style.status(status)}"
    if status not in TERMINAL:
        head += f" - {text}" + (f" {percent}%" if status == "processing" else "")
    if body.get("file_processed"):
        head += f"  ({body['file_processed']})"
    return head


def print_export(api: Api, job_id: str, args: argparse.Namespace) -> None:
    """The result as the API exports it (FHIR R4 JSON or CSV), byte for byte on stdout."""
    params = {"include_name": "true"} if getattr(args, "include_name", False) else None
    body = api.request("GET", f"/jobs/{job_id}/{args.format}", params=params).content
    sys.stdout.flush()
    sys.stdout.buffer.write(body if body.endswith(b"\n") else body + b"\n")
    sys.stdout.buffer.flush()


def finish(body: dict[str, Any], args: argparse.Namespace, style: Style, api: Api | None = None) -> int:
    """Print a job's final state; the exit code says whether it completed."""
    status = body.get("status")
    if status == "completed":
        if api is not None and args.format in EXPORT_FORMATS:
            print_export(api, str(body.get("job_id")), args)
        elif args.json:
            print_json(body.get("result"))
        else:
            print(status_line(body, style))
            print(render_result(body.get("result"), style, show_all=getattr(args, "all", False)))
        return EXIT_OK
    if status == "failed":
        kind = f" ({body['error_kind']})" if body.get("error_kind") else ""
        print(f"error: job {body.get('job_id')} failed: {body.get('error') or 'no reason given'}{kind}", file=sys.stderr)
    else:
        print(f"error: job {body.get('job_id')} was cancelled", file=sys.stderr)
    return EXIT_JOB_FAILED


# --------------------------------------------------------------------------- commands


def cmd_submit(api: Api, args: argparse.Namespace, style: Style) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"no such file: {path}" if not path.exists() else f"not a file: {path}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    form: dict[str, str] = {}
    if args.query:
        form["query"] = args.query
    if args.priority:
        form["priority"] = args.priority
    if args.callback_url:
        form["callback_url"] = args.callback_url
    if args.patient_reference:
        form["patient_reference"] = args.patient_reference
    headers = {"Idempotency-Key": args.idempotency_key} if args.idempotency_key else {}
    accepted = api.request("POST", "/analyze-async", files={"file": (path.name, data, "application/pdf")}, data=form,
                           headers=headers).json()  # fmt: skip
    job_id = accepted["job_id"]
    if not args.wait:
        if args.json:
            print_json(accepted)
        else:
            position = f" at position {accepted['queue_position']}" if accepted.get("queue_position") else ""
            print(f"Queued job {job_id}{position} ({accepted.get('estimated_processing_time', 'no estimate')})")
            print(f"Follow it with: python -m shared.cli status {job_id} --wait")
        return EXIT_OK
    print(f"Job {job_id} queued; waiting for the result (Ctrl-C stops waiting, the job goes on)", file=sys.stderr)
    progress = Progress(job_id)
    try:
        body = follow(api, job_id, accepted.get("events_url"), progress)
    except KeyboardInterrupt:
        progress.done()
        print(f"stopped waiting; job {job_id} continues: python -m shared.cli status {job_id}", file=sys.stderr)
        return EXIT_INTERRUPTED
    progress.done()
    return finish(body, args, style, api)


def cmd_status(api: Api, args: argparse.Namespace, style: Style) -> int:
    body = api.get(f"/status/{args.job_id}")
    if args.wait and body.get("status") not in TERMINAL:
        progress = Progress(args.job_id)
        progress.update(body)
        try:
            body = follow(api, args.job_id, None, progress)
        except KeyboardInterrupt:
            progress.done()
            print(f"stopped waiting; job {args.job_id} continues on the server", file=sys.stderr)
            return EXIT_INTERRUPTED
        progress.done()
    if args.format in EXPORT_FORMATS:
        if body.get("status") in ("failed", "cancelled"):
            raise CliError(f"job {args.job_id} {body['status']}: it has no result to export", EXIT_JOB_FAILED)
        print_export(api, args.job_id, args)  # still running: the API's 409 says so (exit 2)
        return EXIT_OK
    if args.json:
        print_json(body)
        return EXIT_JOB_FAILED if body.get("status") in ("failed", "cancelled") else EXIT_OK
    print(status_line(body, style))
    detail = [
        ("priority", body.get("priority")),
        ("created", body.get("created_at")),
        ("started", body.get("started_at")),
        ("finished", body.get("finished_at")),
        ("attempts", f"{body.get('attempts')}/{body.get('max_attempts')}"),
        ("queue position", body.get("queue_position")),
        ("eta", f"about {body['eta_seconds']:g} s" if isinstance(body.get("eta_seconds"), (int, float)) else None),
    ]
    for label, value in detail:
        if value not in (None, ""):
            print(f"  {label:<15}{value}")
    if body.get("status") == "completed":
        print()
        print(render_result(body.get("result"), style, show_all=args.all))
        return EXIT_OK
    if body.get("status") in ("failed", "cancelled"):
        if body.get("error"):
            print(f"  {'error':<15}{body['error']}" + (f" ({body['error_kind']})" if body.get("error_kind") else ""))
        return EXIT_JOB_FAILED
    return EXIT_OK


def cmd_cancel(api: Api, args: argparse.Namespace, style: Style) -> int:
    body = api.request("DELETE", f"/jobs/{args.job_id}", params={"purge": "true"} if args.purge else None).json()
    if args.json:
        print_json(body)
    else:
        print(f"Job {body.get('job_id', args.job_id)}: {body.get('status')} - {body.get('message', '')}".rstrip(" -"))
    return EXIT_OK


def render_stats(stats: dict[str, Any], style: Style) -> str:
    health = str(stats.get("status", "?"))
    head = f"Queue: {style.green(health) if health == 'healthy' else style.yellow(health)}"
    head += f" ({stats.get('backend', '?')}{', PAUSED' if stats.get('paused') else ''})"
    queued = _object(stats.get("queued"))
    by_priority = ", ".join(f"{p} {queued.get(p, 0)}" for p in ("high", "normal", "low"))
    avg = stats.get("average_duration_seconds")
    rows = [("queued", stats.get("queue_length"), by_priority), ("processing", stats.get("processing"), ""),
            ("retrying", stats.get("retrying"), ""), ("completed", stats.get("completed"), ""),
            ("failed", stats.get("failed"), ""), ("cancelled", stats.get("cancelled"), ""),
            ("retried", stats.get("retried"), ""), ("stalled", stats.get("stalled"), ""),
            ("submitted", stats.get("submitted"), ""), ("workers", stats.get("workers_alive"), ""),
            ("avg time", f"{avg:.1f} s" if isinstance(avg, (int, float)) else "-", "")]  # fmt: skip
    lines = [head] + [f"  {k:<11}{str(v if v is not None else '-'):>7}  {style.dim(x)}".rstrip() for k, v, x in rows]
    return "\n".join(lines)


def render_workers(body: dict[str, Any], style: Style) -> str:
    workers = [w for w in body.get("workers") or [] if isinstance(w, dict)]
    if not workers:
        return "No live workers: queued jobs wait until one starts (python worker_service.py)."
    rows = [[str(w.get("id")), str(w.get("host") or "-"), str(w.get("pid") or "-"), str(w.get("state") or "-"),
             f"{w.get('in_flight', 0)}/{w.get('concurrency') or '?'}", str(w.get("processed", 0)), str(w.get("failed", 0)),
             since(w.get("last_heartbeat"))] for w in workers]  # fmt: skip
    return table(["Worker", "Host", "PID", "State", "Busy", "Done", "Failed", "Heartbeat"], rows, style)


def render_jobs(body: dict[str, Any], style: Style, *, width: int | None = None) -> str:
    jobs = [j for j in body.get("jobs") or [] if isinstance(j, dict)]
    if not jobs:
        return "No jobs."
    rows = []
    for j in jobs:
        status = str(j.get("status"))
        stage = f"{j.get('stage')} {j.get('percent', 0)}%" if status == "processing" else ""
        note = str(j.get("error") or "") if status in ("failed", "cancelled") else str(j.get("file_processed") or "")
        rows.append([str(j.get("job_id")), style.status(status), stage, str(j.get("priority", "")),
                     since(j.get("created_at")), note[:40]])  # fmt: skip
    return table(["Job", "Status", "Progress", "Priority", "Created", "File / error"], rows, style)


def cmd_stats(api: Api, args: argparse.Namespace, style: Style) -> int:
    body = api.get("/queue/stats")
    print_json(body) if args.json else print(render_stats(body, style))
    return EXIT_OK


def cmd_workers(api: Api, args: argparse.Namespace, style: Style) -> int:
    body = api.get("/queue/workers")
    print_json(body) if args.json else print(render_workers(body, style))
    return EXIT_OK


def cmd_jobs(api: Api, args: argparse.Namespace, style: Style) -> int:
    params: dict[str, Any] = {"limit": args.limit}
    if args.status:
        params["status"] = args.status
    body = api.get("/jobs", params=params)
    print_json(body) if args.json else print(render_jobs(body, style))
    return EXIT_OK


def cmd_watch(api: Api, args: argparse.Namespace, style: Style) -> int:
    out = sys.stdout
    tty = out.isatty()
    frames = 0
    if tty:
        out.write("\x1b[?1049h\x1b[?25l")  # alternate screen, hide the cursor
    try:
        while True:
            started = time.monotonic()
            frame = watch_frame(api, style, first=frames == 0)
            if tty:
                out.write("\x1b[H\x1b[J" + frame + "\n")
            else:
                out.write(frame + "\n\n")
            out.flush()
            frames += 1
            if args.count and frames >= args.count:
                return EXIT_OK
            time.sleep(max(0.0, args.interval - (time.monotonic() - started)))
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        if tty:
            out.write("\x1b[?25h\x1b[?1049l")
            out.flush()


def watch_frame(api: Api, style: Style, *, first: bool) -> str:
    now = datetime.now().strftime("%H:%M:%S")
    parts = [f"{style.bold('Blood Test Report Analyzer')}  {api.url}  {now}  (Ctrl-C to exit)", ""]
    for path, render in (("/queue/stats", render_stats), ("/queue/workers", render_workers),
                         ("/jobs?limit=10", render_jobs)):  # fmt: skip
        title = {"/queue/stats": "", "/queue/workers": "Workers", "/jobs?limit=10": "Recent jobs"}[path]
        if title:
            parts.append(style.bold(title))
        try:
            parts.append(render(api.get(path), style))
        except CliError as exc:
            if first and str(exc).startswith("cannot connect"):
                raise  # a wrong --url fails at once; a later outage is shown and retried
            parts.append(style.yellow(f"  {exc}"))
        parts.append("")
    return "\n".join(parts).rstrip()


# --------------------------------------------------------------------------- argument parsing


EXAMPLES = """examples:
  python -m shared.cli submit report.pdf --query "Is my iron OK?" --wait
  python -m shared.cli submit report.pdf --wait --json > result.json
  python -m shared.cli status JOB_ID
  python -m shared.cli status JOB_ID --format fhir > report.fhir.json
  python -m shared.cli status JOB_ID --format csv > results.csv
  python -m shared.cli cancel JOB_ID --purge
  BTA_URL=https://bta.example.org BTA_API_KEY=... python -m shared.cli watch

exit codes: 0 ok, 1 the job failed or was cancelled, 2 usage, connection or request error,
130 interrupted (a job you stopped waiting for goes on)."""


def build_parser() -> argparse.ArgumentParser:
    # The global options work before or after the command (`--url X stats` and `stats --url X`).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--url", default=argparse.SUPPRESS, help=f"the API's base URL (env BTA_URL, default {DEFAULT_URL})")
    common.add_argument("--api-key", default=argparse.SUPPRESS, help="API key sent as X-API-Key (env BTA_API_KEY)")
    common.add_argument("--timeout", type=float, default=argparse.SUPPRESS, help="seconds per request (default 30)")
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="print the raw JSON")
    result_format = argparse.ArgumentParser(add_help=False)
    result_format.add_argument("--format", "-f", choices=("text", "json", "fhir", "csv"), default="text",
                               help="how to print a completed result: text (default), json (as --json), fhir "
                                    "(a FHIR R4 Bundle, LOINC and UCUM coded) or csv (for spreadsheets)")
    result_format.add_argument("--include-name", action="store_true",
                               help="with --format fhir: add the patient name printed on the report")

    parser = argparse.ArgumentParser(
        prog="python -m shared.cli", parents=[common],
        description="Blood Test Report Analyzer: submit reports, follow jobs and watch the queue.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EXAMPLES,
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("submit", parents=[common, json_flag, result_format], help="upload a report (PDF) for analysis")
    p.add_argument("file", help="the lab report, a PDF")
    p.add_argument("--query", "-q", help="what you want to know (markers or panels it names come first)")
    p.add_argument("--priority", "-p", choices=("high", "normal", "low"), help="queue priority (default normal)")
    p.add_argument("--wait", "-w", action="store_true", help="follow the job and print the result")
    p.add_argument("--all", action="store_true", help="with --wait: list every biomarker, not only flagged ones")
    p.add_argument("--callback-url", help="the API POSTs the final status here when the job ends")
    p.add_argument("--idempotency-key", help="resubmitting with the same key returns the same job")
    p.add_argument("--patient-reference", help="your FHIR reference to the patient (Patient/<id>): the subject of "
                                               "--format fhir")
    p.set_defaults(func=cmd_submit)

    p = sub.add_parser("status", parents=[common, json_flag, result_format],
                       help="a job's status, and its result once completed")
    p.add_argument("job_id")
    p.add_argument("--wait", "-w", action="store_true", help="follow the job until it ends")
    p.add_argument("--all", action="store_true", help="list every biomarker, not only flagged ones")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("cancel", parents=[common, json_flag], help="cancel a job (running: within a few seconds)")
    p.add_argument("job_id")
    p.add_argument("--purge", action="store_true", help="also erase the job, its upload and its result")
    p.set_defaults(func=cmd_cancel)

    p = sub.add_parser("stats", parents=[common, json_flag], help="queue counts per status (admin key)")
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser("workers", parents=[common, json_flag], help="live workers (admin key)")
    p.set_defaults(func=cmd_workers)

    p = sub.add_parser("jobs", parents=[common, json_flag], help="recent jobs, newest first")
    p.add_argument("--status", "-s", choices=("queued", "processing", "completed", "failed", "cancelled"))
    p.add_argument("--limit", "-n", type=int, default=20, help="how many (1-500, default 20)")
    p.set_defaults(func=cmd_jobs)

    p = sub.add_parser("watch", parents=[common], help="live view of the queue, workers and recent jobs")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between refreshes (default 1)")
    p.add_argument("--count", type=int, default=0, help="stop after this many refreshes (default: until Ctrl-C)")
    p.set_defaults(func=cmd_watch)
    return parser


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url = getattr(args, "url", None) or os.environ.get("BTA_URL") or DEFAULT_URL
    key = getattr(args, "api_key", None) or os.environ.get("BTA_API_KEY") or None
    timeout = getattr(args, "timeout", None) or 30.0
    if getattr(args, "limit", 1) < 1 or getattr(args, "limit", 1) > 500:
        fail("--limit must be between 1 and 500")
    if getattr(args, "interval", 1.0) <= 0:
        fail("--interval must be positive")
    if getattr(args, "format", "text") == "json":
        args.json = True
    elif getattr(args, "format", "text") != "text" and getattr(args, "json", False):
        fail(f"--json and --format {args.format} ask for two different outputs; give one")
    style = Style(sys.stdout)
    api: Api | None = None
    try:
        api = Api(url, key, timeout)
        return int(args.func(api, args, style))
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `... | head`: the reader left; not an error
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), sys.stdout.fileno())
        return EXIT_OK
    finally:
        if api is not None:
            api.close()


if __name__ == "__main__":
    sys.exit(main())
