"""Parser accuracy on the real lab-report corpus (../shared/corpus, each PDF with a .truth.json).

Per file: recall >= 95 % and precision >= 98 % on (marker, value, unit), and every
matched result's flag equal to the truth's.

Matching (one truth row to at most one parsed biomarker, first come first served):
- name: equal after lower-casing and collapsing whitespace, OR both map to the same
  canonical key (`markers.canonical`, our synonym table, which knows nothing of the corpus);
- value: equal within 1e-6 (relative 1e-9);
- unit: equal as printed after normalising only whitespace, letter case and the
  micro sign (U+00B5 'µ' vs U+03BC 'μ'); a missing unit matches only a missing unit.
- flag: `critical_low`/`critical_high` count as `low`/`high` (parse_pdf reports the
  report's own flags only, so they do not occur here).
Precision counts every biomarker the parser returns for the file. The parser never reads
truth files; the test only compares.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from shared.analysis import parse_pdf
from shared.analysis.markers import canonical
from tests.analysis.conftest import CORPUS, corpus_files


def norm_unit(unit: str | None) -> str:
    return " ".join((unit or "").replace("\u03bc", "\u00b5").lower().split())


def norm_name(name: str) -> str:
    return " ".join(name.lower().split())


def match(truth: list[dict], got: list) -> tuple[int, list[tuple[dict, object]], list[dict], list]:
    used: set[int] = set()
    pairs = []
    missed = []
    for t in truth:
        t_key = canonical(t["name"], t["unit"], t["value"])
        for j, g in enumerate(got):
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
    extra = [g for j, g in enumerate(got) if j not in used]
    return len(pairs), pairs, missed, extra


def _flag(f: str | None) -> str | None:
    return {"critical_low": "low", "critical_high": "high"}.get(f, f)


def score(pdf_path: Path) -> dict:
    truth = json.loads(pdf_path.with_suffix(".truth.json").read_text())
    report = parse_pdf(pdf_path.read_bytes())
    tp, pairs, missed, extra = match(truth, report.biomarkers)
    flags_ok = sum(1 for t, g in pairs if _flag(g.flag) == t["flag"])
    return {
        "file": pdf_path.stem, "pages": report.pages, "truth": len(truth), "parsed": len(report.biomarkers), "tp": tp,
        "recall": tp / len(truth) if truth else 1.0,
        "precision": tp / len(report.biomarkers) if report.biomarkers else (1.0 if not truth else 0.0),
        "flags_ok": flags_ok, "flags_checked": len(pairs),
        "missed": missed, "extra": [(g.name, g.value, g.unit) for g in extra],
        "wrong_flags": [(t["name"], t["value"], t["flag"], g.flag) for t, g in pairs if _flag(g.flag) != t["flag"]],
    }


@pytest.mark.parametrize("pdf_path", corpus_files(), ids=lambda p: p.stem)
def test_corpus_file(pdf_path: Path) -> None:
    s = score(pdf_path)
    assert s["recall"] >= 0.95, f"recall {s['recall']:.3f}; missed {s['missed']}"
    assert s["precision"] >= 0.98, f"precision {s['precision']:.3f}; extra {s['extra']}"
    assert s["flags_ok"] == s["flags_checked"], f"wrong flags {s['wrong_flags']}"


def test_corpus_present_or_skipped() -> None:
    if not corpus_files():
        pytest.skip(f"lab report corpus not found at {CORPUS.resolve()}")
    assert len(corpus_files()) >= 10
