"""An analysis result as CSV for spreadsheets: one row per result.

Columns: name (as printed), canonical (our key), value, unit (as printed), ucum, range (as
printed, or the typical adult range used), flag, loinc. UTF-8 with a byte-order mark, so
Excel opens names such as 'Hämoglobin' or 'µmol/L' correctly; CRLF line ends (RFC 4180).
A result printed as below or above a limit ('<0.5') keeps that text as its value.

Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) are prefixed with an apostrophe (OWASP 'CSV injection'): names and units
come from an uploaded PDF. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io

from shared.analysis.wording import fmt_number
from shared.export.loinc import loinc_for
from shared.export.stored import Censored, Exportable, Reading
from shared.export.ucum import ucum_code

MEDIA_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
COLUMNS = ("name", "canonical", "value", "unit", "ucum", "range", "flag", "loinc")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str | None) -> str:
    s = text or ""
    return f"'{s}" if s.startswith(_FORMULA_START) else s


def range_text(b: Reading) -> str:
    if b.ref_text:
        return b.ref_text
    if b.ref_low is not None and b.ref_high is not None:
        return f"{fmt_number(b.ref_low)} - {fmt_number(b.ref_high)}"
    if b.ref_high is not None:
        return f"<= {fmt_number(b.ref_high)}"
    if b.ref_low is not None:
        return f">= {fmt_number(b.ref_low)}"
    return ""


def _row(b: Reading) -> list[str]:
    coding = loinc_for(b.canonical, b.unit, b.name, b.code)
    return [safe_text(b.name), b.canonical or "", repr(b.value) if not b.value.is_integer() else str(int(b.value)),
            safe_text(b.unit), ucum_code(b.unit) or "", safe_text(range_text(b)), b.flag.value if b.flag else "",
            coding.code if coding else ""]


def _censored_row(o: Censored) -> list[str]:
    coding = loinc_for(o.canonical, o.unit, o.name)
    return [safe_text(o.name), o.canonical or "", safe_text(o.result), safe_text(o.unit), ucum_code(o.unit) or "",
            safe_text(o.ref_text), "", coding.code if coding else ""]


def rows(result: Exportable) -> list[list[str]]:
    return [_row(b) for b in result.biomarkers] + [_censored_row(o) for o in result.other_results]


def to_csv(result: Exportable) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(result))
    return out.getvalue()
