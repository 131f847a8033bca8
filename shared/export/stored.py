"""A stored result as the exports read it: only the fields they use, read leniently.

Results stored by older versions of the service lack fields the current `AnalysisResult`
requires (`other_results`, `pages`, ...); they still have their results, and those can still
be exported. Unknown fields are ignored; a result without `biomarkers` is not exportable.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from shared.analysis.result import Flag


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", from_attributes=True, frozen=True)


class Reading(_Lenient):
    """One numeric result (shared/analysis/result.py `Biomarker`)."""

    name: str
    canonical: str | None = None
    value: float
    unit: str | None = None
    ref_low: float | None = None
    ref_high: float | None = None
    ref_text: str | None = None
    flag: Flag | None = None
    code: str | None = None


class Censored(_Lenient):
    """A result printed as below or above a limit ('<0.5'; `OtherResult`)."""

    name: str
    canonical: str | None = None
    result: str
    unit: str | None = None
    ref_text: str | None = None


class Header(_Lenient):
    name: str | None = None
    date: str | None = None
    lab: str | None = None


class Exportable(_Lenient):
    biomarkers: list[Reading]
    other_results: list[Censored] = []
    patient: Header = Header()


class NotExportable(ValueError):
    pass


def exportable(result: Any) -> Exportable:
    """An `AnalysisResult` or a stored result dict, read for export; NotExportable when it has no results."""
    try:
        return Exportable.model_validate(result)
    except ValidationError as exc:
        raise NotExportable("this result has no lab results to export") from exc
