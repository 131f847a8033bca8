"""Every way a job can fail has a plain title and a next step (api/failures.py)."""

from __future__ import annotations

import shared.errors as errors
from api.failures import FAILURES, GENERIC, failure_info
from shared.errors import error_code


def subclasses(cls: type) -> list[type]:
    return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]


def test_every_failure_code_has_its_own_help() -> None:
    # The codes the worker derives from the error classes (a new AnalysisError needs a row), the
    # sweep's `stalled` and the retries' `error`.
    failures = subclasses(errors.PermanentJobError) + subclasses(errors.AnalysisError)
    codes = {error_code(cls) for cls in failures if cls.__module__ == errors.__name__}
    codes |= {"stalled", "error"}
    missing = codes - set(FAILURES)
    assert not missing, f"add a row to api/failures.py FAILURES for: {sorted(missing)}"
    assert codes >= {"not_a_pdf", "encrypted_pdf", "no_text_layer", "not_a_lab_report", "job_timed_out"}


def test_help_is_for_a_person() -> None:
    for code, help_ in FAILURES.items():
        assert help_.title[0].isupper() and not help_.title.endswith("."), code
        assert help_.next_step[0].isupper() and help_.next_step.endswith("."), code
        assert code not in help_.next_step and "_" not in help_.next_step, code  # no codes in the prose
    # The scanned-report wording stays true once OCR exists: it never says OCR is missing.
    assert "OCR" not in FAILURES["no_text_layer"].title + FAILURES["no_text_layer"].next_step
    assert "the PDF they emailed" in FAILURES["no_text_layer"].next_step
    assert "new PDF without one" in failure_info("encrypted_pdf", None).next_step


def test_an_unknown_code_gets_the_generic_help_and_keeps_its_code() -> None:
    info = failure_info("analysis_too_large", "the PDF expands beyond 512 MB when decompressed")
    assert (info.code, info.title, info.next_step) == ("analysis_too_large", GENERIC.title, GENERIC.next_step)
    assert info.message == "the PDF expands beyond 512 MB when decompressed"
