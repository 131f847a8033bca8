"""What a person can do about each way a job can fail: one row per failure code.

The code (`error_kind`) is stable, for programs: a failure is named after the error class
that ended it (`NotAPdf` -> `not_a_pdf`, `error_code` in shared/errors.py: an AnalysisError, or
a PermanentJobError of the runtime such as `job_timed_out`), the sweep says `stalled`, and attempts that kept erroring say
`error`. The title and next step are for the person who uploaded the report: plain words,
something they can do. A code missing here (a new error class) still gets the generic row;
tests/test_failures.py lists the classes that need one of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.schemas import FailureInfo


@dataclass(frozen=True, slots=True)
class Help:
    title: str
    next_step: str


ASK_THE_OPERATOR = "if it keeps happening, tell whoever runs this service and give them the job id."

FAILURES: dict[str, Help] = {
    "not_a_pdf": Help(
        "This file is not a PDF or a photo we can read",
        "Upload the report as a PDF from your lab or its patient portal, or a photo or scan of it as JPEG or PNG "
        "(not a Word file).",
    ),
    "empty_pdf": Help(
        "The PDF has nothing in it",
        "Check that you chose the right file; download the report again from your lab or portal and upload the new copy.",
    ),
    "encrypted_pdf": Help(
        "The PDF is password-protected",
        "Open it with its password, save or print it as a new PDF without one, and upload that.",
    ),
    "corrupt_pdf": Help(
        "The PDF is damaged or incomplete",
        "Download it again (a download or upload may have been cut off) and upload the new copy.",
    ),
    "too_many_pages": Help(
        "The report has too many pages",
        "Upload only the pages with your blood test results: most PDF viewers can print chosen pages to a new PDF.",
    ),
    # Worded to stay true once scanned reports are read too (OCR): it is what is left when no text
    # could be read, and the lab's own PDF always has it.
    "no_text_layer": Help(
        "No text could be read from this PDF",
        "It looks like a scan or a photo of the report. Ask your lab for the PDF they emailed or the one in their "
        "patient portal: those carry the text itself.",
    ),
    # Photos and scans (OCR, issue 15).
    "image_too_large": Help(
        "The image is far too large",
        "Upload the photo or scan at its normal size (a phone photo or a 300 DPI scan is plenty), or the lab's PDF.",
    ),
    "corrupt_image": Help(
        "The image is damaged or incomplete",
        "Upload the photo again (the upload may have been cut off), saved as JPEG or PNG.",
    ),
    "blank_image": Help(
        "The image is blank",
        "Check that you chose the right file: the photo or scan of your report, with the printed page in view.",
    ),
    "no_text_found": Help(
        "No text could be read from the photo or scan",
        "Photograph the whole page again, flat, in focus and in good light (or scan it at 300 DPI), or upload the "
        "PDF from your lab or its patient portal.",
    ),
    "not_a_lab_report": Help(
        "This does not look like a blood test report",
        "Check that you uploaded the lab report itself, not a letter, an invoice or a prescription. If it is your "
        "report, its layout may be new to us: the PDF from the lab's patient portal may work.",
    ),
    "layout_not_read": Help(
        "The report's layout could not be read",
        "Lines of the report name tests and give values, but none could be read with certainty, so nothing was "
        "analysed. Upload the PDF from your lab or its patient portal if you used a copy, or read the results "
        "with your doctor.",
    ),
    # A decompression bomb, or a report far larger inside than out: the sandbox's limits (issue 18).
    "expands_too_much": Help(
        "The PDF is far too large once opened",
        "Its contents expand beyond what one analysis may use. Upload the report as your lab issued it (not "
        "re-saved or merged with other files), or only the pages with your results.",
    ),
    "memory_limit_exceeded": Help(
        "The PDF needs too much memory to read",
        "Upload the report as your lab issued it (not re-saved or merged with other files), or only the pages with "
        "your results.",
    ),
    "cpu_limit_exceeded": Help(
        "The PDF took too long to read",
        "Upload only the pages with your results, or the report as your lab issued it; " + ASK_THE_OPERATOR,
    ),
    "wall_limit_exceeded": Help(
        "The analysis took too long and was stopped",
        "Try again in a few minutes, or upload only the pages with your results; " + ASK_THE_OPERATOR,
    ),
    "output_limit_exceeded": Help(
        "The PDF holds far more text than a lab report",
        "Upload only the pages with your blood test results: most PDF viewers can print chosen pages to a new PDF.",
    ),
    "limit_exceeded": Help(
        "The analysis went over its limits and was stopped",
        "Upload only the pages with your results; " + ASK_THE_OPERATOR,
    ),
    "analysis_error": Help(
        "This report could not be analysed",
        "Check that the file is the lab report PDF itself, then try again; " + ASK_THE_OPERATOR,
    ),
    "job_timed_out": Help(
        "The analysis took too long and was stopped",
        "Try again in a few minutes, or upload only the pages with your results; " + ASK_THE_OPERATOR,
    ),
    "stalled": Help(
        "The analysis was interrupted several times",
        "Nothing is wrong with your file as far as we know: try again in a few minutes; " + ASK_THE_OPERATOR,
    ),
    "error": Help(
        "Something went wrong on our side",
        "Try again in a few minutes; " + ASK_THE_OPERATOR,
    ),
}
GENERIC = Help("The analysis could not be finished", "Try again in a few minutes; " + ASK_THE_OPERATOR)


def failure_info(code: str | None, message: str | None) -> FailureInfo:
    help_ = FAILURES.get(code or "error", GENERIC)
    return FailureInfo(code=code or "error", title=help_.title, message=message or help_.title,
                       next_step=help_.next_step)  # fmt: skip
