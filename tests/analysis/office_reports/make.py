"""Writes the office-printed fixtures of this folder: generated cases written as spreadsheets and word-processor
documents (tests/analysis/layoutgen/office.py) and printed to PDF by LibreOffice, each with its truth.

    python -m tests.analysis.office_reports.make        # needs soffice (apt-get install libreoffice-calc libreoffice-writer)

CI has no LibreOffice: the PDFs are committed, and tests/analysis/test_office_reports.py parses them. The picks
cover the four office families, the first eight languages and both unit systems; the full matrix is scored with
`python -m tests.analysis.layoutgen.scoring --families office_sheet office_sheet_plain office_doc_table office_doc_tabs`.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.analysis.layoutgen.case import make_case, report_length
from tests.analysis.layoutgen.family import REGISTRY
from tests.analysis.layoutgen.office import OFFICE_FAMILIES, OfficeFamily

HERE = Path(__file__).parent
# (family, language, units, seed): every family three or four times, every language at least once, both unit systems
PICKS: tuple[tuple[str, str, str, int], ...] = (
    ("office_sheet", "en", "conv", 1), ("office_sheet", "zh", "si", 0), ("office_sheet", "it", "si", 1),
    ("office_sheet", "es", "conv", 0), ("office_sheet", "zh", "conv", 1),
    ("office_sheet_plain", "fr", "conv", 0), ("office_sheet_plain", "id", "si", 0), ("office_sheet_plain", "es", "si", 3),
    ("office_doc_table", "it", "si", 0), ("office_doc_table", "pt", "conv", 1), ("office_doc_table", "zh", "si", 0),
    ("office_doc_table", "zh", "conv", 1),
    ("office_doc_tabs", "de", "conv", 2), ("office_doc_tabs", "es", "conv", 0), ("office_doc_tabs", "en", "si", 4),
)


def main() -> int:
    for family in OFFICE_FAMILIES:
        picks = [p for p in PICKS if p[0] == family]
        cases = [make_case(seed, lang, units, report_length(seed)) for _, lang, units, seed in picks]
        fam = REGISTRY[family]
        assert isinstance(fam, OfficeFamily)
        for (_, lang, units, seed), out in zip(picks, fam.render_many(cases), strict=True):
            stem = HERE / f"{family}-{lang}-{units}-{seed}"
            stem.with_suffix(".pdf").write_bytes(out.pdf)
            stem.with_suffix(".truth.json").write_text(
                json.dumps([r.as_json() for r in out.rows], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(PICKS)} reports to {HERE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
