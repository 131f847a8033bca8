"""One source for the job's status and stage names: the service's enums (shared/job.py).

The pages import them from /static/states.js (api/states.py makes it from the enums) and keep no
copy; every status and stage is handled: words for the patient page, a place among its steps, a
badge style. A member added to `Status` or `Stage` without them fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from api import states
from shared.job import Priority, Stage, Status

STATIC = Path(__file__).resolve().parents[1] / "api" / "static"


def exports(module: str) -> dict[str, Any]:
    """The module's `export const NAME = Object.freeze(<JSON>);` / `new Set(<JSON>);` lines, read back."""
    found: dict[str, Any] = {}
    for line in module.splitlines():
        if line.startswith("//"):
            continue
        match = re.fullmatch(r"export const (\w+) = (Object\.freeze|new Set)\((.*)\);", line)
        assert match, f"not an export of a table: {line!r}"
        value = json.loads(match[3])
        found[match[1]] = set(value) if match[2] == "new Set" else value
    return found


def test_the_served_module_holds_the_enums() -> None:
    served = exports(states.module())
    assert served["STATUSES"] == [s.value for s in Status]
    assert served["TERMINAL"] == {"completed", "failed", "cancelled"} == {s.value for s in Status if s.terminal}
    assert served["PRIORITIES"] == [p.value for p in Priority]
    assert set(served["STAGE_TEXT"]) == {s.value for s in Stage}
    assert [stage for stage, _ in served["STEPS"]] == ["queued", "extracting", "parsing", "analyzing", "finalizing",
                                                       "completed"]  # fmt: skip
    assert served["STEP_OF"] == {"started": "extracting"}


def test_every_stage_has_words_and_a_place_among_the_steps() -> None:
    missing = set(Stage) - set(states.STAGE_TEXT)
    assert not missing, f"add what the patient page says of {sorted(missing)} to api/states.py STAGE_TEXT"
    steps = {stage for stage, _ in states.STEPS}
    ends = {Stage(s.value) for s in Status if s.terminal}  # a job that ended shows the step it had reached
    placeless = set(Stage) - steps - set(states.STEP_OF) - ends
    assert not placeless, f"make {sorted(placeless)} a step in api/states.py STEPS or map it in STEP_OF"
    assert set(states.STEP_OF.values()) <= steps
    assert all(text and text[0].isupper() for text in states.STAGE_TEXT.values())


def test_every_status_has_a_badge_style() -> None:
    css = (STATIC / "style.css").read_text()
    unstyled = [s.value for s in Status if not re.search(rf"\.status-{s.value}\.badge\b", css)]
    assert not unstyled, f"api/static/style.css has no .status-<name>.badge rule for {unstyled}"


def test_the_pages_keep_no_copy_of_the_names() -> None:
    # A copy is a list of names (an array, <option>s or <li>s) or a table keyed by them. (Priorities only
    # as lists: the result flags `low` and `high` key tables of their own.)
    states_ = "|".join(sorted({s.value for s in Status} | {s.value for s in Stage}))
    names = states_ + "|" + "|".join(p.value for p in Priority)
    copies = []
    for path in sorted(STATIC.glob("*.js")) + sorted(STATIC.glob("*.html")):
        text = path.read_text()
        for literal in re.findall(r"\[[^\[\]]*\]|\{[^{}]*\}", text):
            if len(re.findall(rf"""["']({names})["']|\b({states_})\s*:""", literal)) >= 2:
                copies.append(f"{path.name}: {literal[:80]!r}")
        if len(re.findall(rf'(?:value|data-stage)="({names})"', text)) >= 2:
            copies.append(f"{path.name}: a list of names in the markup")
    assert not copies, "import them from ./states.js instead:\n" + "\n".join(copies)
