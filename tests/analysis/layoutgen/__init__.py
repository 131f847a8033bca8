"""Lab-report layout generator: the same truth rendered through many layout families, languages and units.

    from tests.analysis.layoutgen import FAMILIES, HOLDOUT_FAMILIES, LANGUAGES, make_case, render, generate
    pdf, truth = generate("colon_lines", "es", "si", seed=3)

`generate` is deterministic for its arguments; the truth rows are in the corpus truth format
(../shared/corpus/SOURCES.md, "Truth file format"). `python -m tests.analysis.layoutgen --out DIR`
writes PDFs and truth files that `scripts/corpus_report.py --corpus DIR` scores.

HOLDOUT_FAMILIES are for judging generalisation: parser rules are written without looking at them,
and their accuracy is reported separately. Parser engineers have since seen them, so BLIND_FAMILIES
(families/holdout2.py and families/holdout4.py) now measure generalisation: nobody working on the parser reads their module,
their descriptions or their PDFs, and no test asserts the parser's accuracy on them. PENDING_FAMILIES are dev families the parser's accuracy
test does not gate on yet.
"""

from __future__ import annotations

from tests.analysis.layoutgen.browser import BROWSER_FAMILIES  # (registers the HTML families)
from tests.analysis.layoutgen.case import UNIT_SYSTEMS, Case, make_case, report_length
from tests.analysis.layoutgen.families import (  # noqa: F401  (register the families)
    abnormal_summary,
    age_banded_ranges,
    blood_gas,
    char_gauge,
    columns,
    decision_bands,
    documents,
    dual_units,
    footnote_marks,
    header_units,
    holdout,
    holdout2,
    holdout3,
    holdout4,
    leucogram,
    lines,
    method_column,
    mix,
    notation,
    numbered_outline,
    observed_value,
    paired,
    pathology_comments,
    per_test,
    placement,
    plain_email,
    portal_components,
    records,
    serology_index,
    sex_range_columns,
    sheets,
    side,
    smear_counts,
    space_thousands,
    stacked_range,
    streams,
    superscript_units,
    transposed_panel,
    two_line_rows,
    unit_in_name,
    vertical_groups,
    wave_dash,
)
from tests.analysis.layoutgen.family import REGISTRY, Rendered
from tests.analysis.layoutgen.locales import LANGUAGES
from tests.analysis.layoutgen.office import OFFICE_FAMILIES  # (registers the office families)

HOLDOUT_FAMILIES: tuple[str, ...] = ("in_out_range_columns", "cumulative_previous", "two_column_page", "result_cards",
                                     "lis_interpretation")
# families/holdout4.py is blind for parser engineers: do not read, render or score it while working on the parser.
BLIND_FAMILIES: tuple[str, ...] = ("record_entries", "population_ranges", "text_gauge", "spreadsheet_print",
                                   "alder", "birch", "cedar", "hazel")
# Blind families opened after their blind figure was recorded (docs/ANALYSIS.md): rules may now be written from
# them; tests/analysis/test_generated_families.py gates them once they leave PENDING_FAMILIES.
OPENED_FAMILIES: tuple[str, ...] = ("nordic_bracket_ranges", "uncertainty_column", "discharge_appendix", "legend_ranges")
DEV_FAMILIES: tuple[str, ...] = tuple(f for f in REGISTRY
                                      if f not in HOLDOUT_FAMILIES + BLIND_FAMILIES + OPENED_FAMILIES + BROWSER_FAMILIES
                                      + OFFICE_FAMILIES)
# Dev families the parser does not yet read to the issue-13 targets: tests/analysis/test_generated_families.py
# leaves them out (the scorer reports them); a name leaves this list when its family passes that test.
PENDING_FAMILIES: tuple[str, ...] = (
    "mix",  # combinatorial (families/mix.py): gated by its own thresholds in tests/analysis/test_mix_family.py
)
FAMILIES: tuple[str, ...] = DEV_FAMILIES + HOLDOUT_FAMILIES + OPENED_FAMILIES + BLIND_FAMILIES


def render(family: str, case: Case) -> Rendered:
    """The case rendered by one family: PDF bytes, the truth rows as printed, the content order used."""
    try:
        fam = REGISTRY[family]
    except KeyError:
        raise ValueError(f"unknown family {family!r}; choose from {', '.join(FAMILIES)}") from None
    return fam.render(case)


def generate(family: str, lang: str = "en", units: str = "conv", seed: int = 0,
             n: int | None = None) -> tuple[bytes, list[dict]]:
    """PDF bytes and truth rows (corpus format) for one family, language, unit system and seed."""
    out = render(family, make_case(seed, lang, units, report_length(seed) if n is None else n))
    return out.pdf, [row.as_json() for row in out.rows]


def score(family: str, langs=LANGUAGES, seeds=range(2), units=UNIT_SYSTEMS) -> dict:
    """Today's parser on one family: recall, precision and flag accuracy over all generated rows."""
    from tests.analysis.layoutgen.scoring import score_family

    return score_family(family, langs, seeds, units)


__all__ = ["FAMILIES", "BROWSER_FAMILIES", "OFFICE_FAMILIES", "HOLDOUT_FAMILIES", "BLIND_FAMILIES", "OPENED_FAMILIES", "DEV_FAMILIES", "PENDING_FAMILIES", "LANGUAGES", "UNIT_SYSTEMS", "make_case", "render",
           "generate", "score", "report_length"]
