"""Parser accuracy on the real lab-report corpus (../shared/corpus, each PDF with a .truth.json).

Per file: recall >= 95 % and precision >= 98 % on (marker, value, unit), and every
matched result's flag equal to the truth's.

Matching rule (implemented in shared/analysis/evaluate.py, shared with
scripts/corpus_report.py and bench/analysis.py):
- name: equal after lower-casing and collapsing whitespace, OR both map to the same
  canonical key (our synonym table, which knows nothing of the corpus);
- value: equal within abs 1e-6;
- unit: equal as printed after normalising ONLY whitespace, letter case and the micro
  sign (U+00B5 vs U+03BC); a missing unit matches only a missing unit;
- flag: critical_low/critical_high count as low/high (parse_pdf returns the report's own
  flags, so they do not occur here).
Precision counts every biomarker returned for the file. The parser never reads the truth.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.analysis.evaluate import score_file
from tests.analysis.conftest import CORPUS, corpus_files


@pytest.mark.parametrize("pdf_path", corpus_files(), ids=lambda p: p.stem)
def test_corpus_file(pdf_path: Path) -> None:
    s = score_file(pdf_path)
    assert s.recall >= 0.95, f"recall {s.recall:.3f}; missed {s.missed}"
    assert s.precision >= 0.98, f"precision {s.precision:.3f}; extra {s.extra}"
    assert s.flags_ok == s.matched, f"wrong flags {s.wrong_flags}"


def test_corpus_present() -> None:
    if not corpus_files():
        pytest.skip(f"lab report corpus not found at {CORPUS.resolve()} (expected ../shared/corpus next to the repo)")
    assert corpus_files()
