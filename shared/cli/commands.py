"""The commands (submit, status, cancel, stats, workers, jobs, watch), their arguments and `main`."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import httpx

from shared.cli.client import (
    DEFAULT_URL,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_JOB_FAILED,
    EXIT_OK,
    EXPORT_FORMATS,
    NO_RESULT,
    QUEUED_READ_TIMEOUT,
    STREAM_READ_TIMEOUT,
    TERMINAL,
    Api,
    CliError,
)
from shared.cli.render import (
    Progress,
    Style,
    print_json,
    render_jobs,
    render_result,
    render_stats,
    render_workers,
    status_line,
)
from shared.job import Priority, Status


def follow(api: Api, job_id: str, events_path: str | None, progress: Progress) -> dict[str, Any]:
    """The job's final status: its SSE stream (reconnecting with Last-Event-ID; while queued, the
    position is re-read every few seconds since the stream only speaks when the job changes),
    falling back to polling /status if the stream cannot be used."""
    events_path = events_path or f"/jobs/{job_id}/events"
    last_id: str | None = None
    status: str = Status.QUEUED
    failures = 0
    while True:
        read_timeout = QUEUED_READ_TIMEOUT if status == Status.QUEUED else STREAM_READ_TIMEOUT
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
            if status == Status.QUEUED:  # refresh the position, then listen again
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
    if status == Status.COMPLETED:
        if api is not None and args.format in EXPORT_FORMATS:
            print_export(api, str(body.get("job_id")), args)
        elif args.json:
            print_json(body.get("result"))
        else:
            print(status_line(body, style))
            print(render_result(body.get("result"), style, show_all=getattr(args, "all", False)))
        return EXIT_OK
    if status == Status.FAILED:
        kind = f" ({body['error_kind']})" if body.get("error_kind") else ""
        print(f"error: job {body.get('job_id')} failed: {body.get('error') or 'no reason given'}{kind}", file=sys.stderr)
    else:
        print(f"error: job {body.get('job_id')} was cancelled", file=sys.stderr)
    return EXIT_JOB_FAILED


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
            print(f"Follow it with: {program()} status {job_id} --wait")
        return EXIT_OK
    print(f"Job {job_id} queued; waiting for the result (Ctrl-C stops waiting, the job goes on)", file=sys.stderr)
    progress = Progress(job_id)
    try:
        body = follow(api, job_id, accepted.get("events_url"), progress)
    except KeyboardInterrupt:
        progress.done()
        print(f"stopped waiting; job {job_id} continues: {program()} status {job_id}", file=sys.stderr)
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
        if body.get("status") in NO_RESULT:
            raise CliError(f"job {args.job_id} {body['status']}: it has no result to export", EXIT_JOB_FAILED)
        print_export(api, args.job_id, args)  # still running: the API's 409 says so (exit 2)
        return EXIT_OK
    if args.json:
        print_json(body)
        return EXIT_JOB_FAILED if body.get("status") in NO_RESULT else EXIT_OK
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
    if body.get("status") == Status.COMPLETED:
        print()
        print(render_result(body.get("result"), style, show_all=args.all))
        return EXIT_OK
    if body.get("status") in NO_RESULT:
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


EXAMPLES = """examples:
  {prog} submit report.pdf --query "Is my iron OK?" --wait
  {prog} submit report.pdf --wait --json > result.json
  {prog} status JOB_ID
  {prog} status JOB_ID --format fhir > report.fhir.json
  {prog} status JOB_ID --format csv > results.csv
  {prog} cancel JOB_ID --purge
  BTA_URL=https://bta.example.org BTA_API_KEY=... {prog} watch

exit codes: 0 ok, 1 the job failed or was cancelled, 2 usage, connection or request error,
130 interrupted (a job you stopped waiting for goes on)."""


def program() -> str:
    """How the user called us, for usage lines and hints: `bta` (the installed command) or `python -m shared.cli`."""
    return "bta" if Path(sys.argv[0]).name == "bta" else "python -m shared.cli"


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
        prog=program(), parents=[common],
        description="Blood Test Report Analyzer: submit reports, follow jobs and watch the queue.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EXAMPLES.format(prog=program()),
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("submit", parents=[common, json_flag, result_format], help="upload a report (PDF) for analysis")
    p.add_argument("file", help="the lab report, a PDF")
    p.add_argument("--query", "-q", help="what you want to know (markers or panels it names come first)")
    p.add_argument("--priority", "-p", choices=[p.value for p in Priority], help="queue priority (default normal)")
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
    p.add_argument("--status", "-s", choices=[s.value for s in Status])
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
