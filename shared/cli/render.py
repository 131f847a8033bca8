"""What the CLI prints: colours for a terminal, tables, a job's progress line, a result, the queue's
stats, workers and jobs. Pure functions of the API's JSON."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import textwrap
from datetime import UTC, datetime
from typing import Any, TextIO

from shared.cli.client import NO_RESULT, TERMINAL
from shared.job import Priority, Status

ABNORMAL = ("low", "high", "critical_low", "critical_high")


SPECIALISTS = (("physician", "Physician"), ("nutritionist", "Nutritionist"), ("exercise", "Exercise physiologist"))


def _object(value: Any) -> dict[str, Any]:
    """A JSON object of the answer, or {} when it is missing (or not an object)."""
    return value if isinstance(value, dict) else {}


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
        if status == Status.COMPLETED:
            return self.green(status)
        if status in NO_RESULT:
            return self.red(status)
        return self.bold(status) if status == Status.PROCESSING else status

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
        if status == Status.QUEUED:
            position = body.get("queue_position")
            text = f"queued (position {position})" if position else "queued"
            if isinstance(body.get("eta_seconds"), (int, float)):
                text += f", starts in about {max(1, round(body['eta_seconds']))} s"
            if body.get("attempts") and body.get("error"):
                text += f", retrying after: {body['error']}"
            return 0, text
        if status in TERMINAL:
            return (100 if status == Status.COMPLETED else percent), status
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
        head += f" - {text}" + (f" {percent}%" if status == Status.PROCESSING else "")
    if body.get("file_processed"):
        head += f"  ({body['file_processed']})"
    return head


def render_stats(stats: dict[str, Any], style: Style) -> str:
    health = str(stats.get("status", "?"))
    head = f"Queue: {style.green(health) if health == 'healthy' else style.yellow(health)}"
    head += f" ({stats.get('backend', '?')}{', PAUSED' if stats.get('paused') else ''})"
    queued = _object(stats.get("queued"))
    by_priority = ", ".join(f"{p} {queued.get(p, 0)}" for p in Priority)
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
        stage = f"{j.get('stage')} {j.get('percent', 0)}%" if status == Status.PROCESSING else ""
        note = str(j.get("error") or "") if status in NO_RESULT else str(j.get("file_processed") or "")
        rows.append([str(j.get("job_id")), style.status(status), stage, str(j.get("priority", "")),
                     since(j.get("created_at")), note[:40]])  # fmt: skip
    return table(["Job", "Status", "Progress", "Priority", "Created", "File / error"], rows, style)
