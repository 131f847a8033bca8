"""Command-line client for the Blood Test Report Analyzer API.

    bta submit report.pdf --query "Is my iron OK?" --wait
    bta submit photo-of-report.jpg --wait      (the API tells the file's kind from its bytes)
    bta status JOB_ID [--format json|fhir|csv]
    bta cancel JOB_ID [--purge]
    bta stats | workers | jobs [--status failed]
    bta watch

The API's address comes from --url (or BTA_URL, default http://127.0.0.1:8000) and the key from
--api-key (or BTA_API_KEY). Exit codes: 0 ok, 1 the job failed or was cancelled, 2 a usage,
connection or request error (one line on stderr, no traceback), 130 interrupted.

`bta` is the console script of pyproject.toml's [project.scripts], which `make install` installs
into .venv (`pip install -e .`); `python -m shared.cli` is the same. It only speaks HTTP (httpx);
of the service it imports only the job's vocabulary (shared/job.py: Status, Priority, the API's
enums; standard library only), so it runs anywhere the API is reachable (tests/test_structure.py
checks): client.py (HTTP and Server-Sent Events), render.py (what it prints), commands.py (the
commands, their arguments and `main`). Progress goes to stderr and results to stdout, so `--json`
output can be piped.
"""

from shared.cli.commands import main
from shared.cli.render import Style, render_result

__all__ = ["Style", "main", "render_result"]
