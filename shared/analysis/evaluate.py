"""Accuracy evaluation against hand-checked truth files (tests, scripts/corpus_report.py, bench).

Evaluation only: the parser never imports this module and never reads truth files.

Matching, one truth row to at most one parsed biomarker (first come, first served):
- name: equal after lower-casing and collapsing whitespace, OR both map to the same
  canonical key (`markers.canonical`, our synonym table, which knows nothing of any corpus);
- value: equal within abs 1e-6 / rel 1e-9;
- unit: one unit by the unit grammar's spelling (`units.unit_key`): whitespace, letter case and
  the spelling of the micro prefix ('µ', 'μ', 'u', 'mc': 'x10^3/µl' is 'x10^3/uL') make no
  difference, anything else does; a missing unit matches only a missing unit;
- flag (checked on matched pairs): `critical_low`/`critical_high` count as `low`/`high`.
Precision counts every biomarker the parser returned for the file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from shared.analysis.markers import canonical
from shared.analysis.parser import ParsedMarker
from shared.analysis.units import unit_key


def norm_unit(unit: str | None) -> str:
    return unit_key(unit)


def norm_name(name: str) -> str:
    return " ".join(name.lower().split())


def base_flag(flag: str | None) -> str | None:
    return {"critical_low": "low", "critical_high": "high"}.get(flag or "", flag)


@dataclass
class FileScore:
    file: str
    pages: int
    truth: int
    parsed: int
    matched: int
    flags_ok: int
    missed: list[dict] = field(default_factory=list)
    extra: list[tuple] = field(default_factory=list)
    wrong_flags: list[tuple] = field(default_factory=list)
    rejected: str | None = None  # the error the document was refused with

    @property
    def recall(self) -> float:
        return self.matched / self.truth if self.truth else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.parsed if self.parsed else (1.0 if not self.truth else 0.0)

    @property
    def flag_accuracy(self) -> float:
        return self.flags_ok / self.matched if self.matched else 1.0


def match(truth: list[dict], parsed: list[ParsedMarker]) -> tuple[list[tuple[dict, ParsedMarker]], list[dict],
                                                                   list[ParsedMarker]]:
    used: set[int] = set()
    pairs, missed = [], []
    for t in truth:
        t_key = canonical(t["name"], t["unit"], t["value"])
        for j, g in enumerate(parsed):
            if j in used:
                continue
            same_name = norm_name(g.name) == norm_name(t["name"]) or (g.canonical is not None and g.canonical == t_key)
            if same_name and math.isclose(g.value, t["value"], rel_tol=1e-9, abs_tol=1e-6) \
                    and norm_unit(g.unit) == norm_unit(t["unit"]):
                used.add(j)
                pairs.append((t, g))
                break
        else:
            missed.append(t)
    extra = [g for j, g in enumerate(parsed) if j not in used]
    return pairs, missed, extra


def score_file(pdf_path: Path, *, engine: str = "pdfium") -> FileScore:
    from shared.analysis.pipeline import parse_pdf
    from shared.errors import AnalysisError

    truth = json.loads(pdf_path.with_suffix(".truth.json").read_text(encoding="utf-8"))
    rejected: str | None = None
    parsed: list[ParsedMarker] = []
    pages = 0
    try:
        report = parse_pdf(pdf_path.read_bytes(), engine=engine)
        parsed, pages = report.biomarkers, report.pages
    except AnalysisError as exc:  # a report we refused counts as nothing read
        rejected = str(exc)
    pairs, missed, extra = match(truth, parsed)
    wrong = [(t["name"], t["value"], t["flag"], g.flag) for t, g in pairs if base_flag(g.flag) != t["flag"]]
    return FileScore(file=pdf_path.stem, pages=pages, truth=len(truth), parsed=len(parsed),
                     matched=len(pairs), flags_ok=len(pairs) - len(wrong), missed=missed,
                     extra=[(g.name, g.value, g.unit) for g in extra], wrong_flags=wrong, rejected=rejected)
