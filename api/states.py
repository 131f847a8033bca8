"""A job's statuses and stages as the two pages show them: the ES module `/static/states.js`.

The names come from the service's enums (shared/job.py: `Status`, `Stage`, `Priority`, the enums of
the OpenAPI document too), so the pages (api/static/) keep no copy of them: they import this module.
What the patient page says of each stage is here as well, one row per stage; tests/test_states.py
fails when an enum gains a member that these tables or the pages' styles do not handle.
"""

from __future__ import annotations

import json
from typing import Any

from shared.job import Priority, Stage, Status

# What the patient page says while a job is at a stage (and, once it failed, "Failed while <text>").
STAGE_TEXT: dict[Stage, str] = {
    Stage.QUEUED: "Waiting in the queue",
    Stage.STARTED: "Starting",
    Stage.EXTRACTING: "Reading the PDF",
    Stage.PARSING: "Finding the results",
    Stage.ANALYZING: "Analysing",
    Stage.FINALIZING: "Writing up",
    Stage.COMPLETED: "Your results are ready",
    Stage.FAILED: "The analysis failed",
    Stage.CANCELLED: "Cancelled",
}

# The patient page's row of steps, in order, with their short labels.
STEPS: tuple[tuple[Stage, str], ...] = (
    (Stage.QUEUED, "Queued"),
    (Stage.EXTRACTING, "Reading the PDF"),
    (Stage.PARSING, "Finding results"),
    (Stage.ANALYZING, "Analysing"),
    (Stage.FINALIZING, "Writing up"),
    (Stage.COMPLETED, "Done"),
)

# A stage that is not a step lights the step it belongs to. (A job that failed or was cancelled
# shows the step it had reached: its `stopped_at`.)
STEP_OF: dict[Stage, Stage] = {Stage.STARTED: Stage.EXTRACTING}


def module() -> str:
    """The text of /static/states.js: one frozen `export const` a table."""
    exports: dict[str, Any] = {
        "STATUSES": [status.value for status in Status],
        "TERMINAL": {status.value for status in Status if status.terminal},
        "PRIORITIES": [priority.value for priority in Priority],
        "STAGE_TEXT": {stage.value: text for stage, text in STAGE_TEXT.items()},
        "STEPS": [[stage.value, label] for stage, label in STEPS],
        "STEP_OF": {stage.value: step.value for stage, step in STEP_OF.items()},
    }
    lines = ["// Made by api/states.py from the service's enums (shared/job.py): import these names, never copy them."]
    for name, value in exports.items():
        if isinstance(value, set):
            lines.append(f"export const {name} = new Set({json.dumps(sorted(value))});")
        else:
            lines.append(f"export const {name} = Object.freeze({json.dumps(value)});")
    return "\n".join(lines) + "\n"
