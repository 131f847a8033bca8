"""Tables read without knowing their header's words (shared/analysis/layout/roles.py).

The same generated reports rendered with their column titles replaced by titles in languages the lexicon has
no words for (Finnish, Hungarian, Greek, Estonian, a lab's own wording) or with no titles at all
(tests/analysis/layoutgen/perturb.py) must read (nearly) what the report with its known titles reads: the
columns then come from the rows' alignment and each column's role from a vote of its cells.
"""

from __future__ import annotations

import pytest

from shared.analysis.layout.columns import title_role
from tests.analysis.layoutgen.perturb import FOREIGN_TITLES
from tests.analysis.layoutgen.scoring import score_family

# table families whose rows the line grammar alone reads worst without their header (a Low | High range pair,
# the unit before the value, a method column, in- and out-of-range columns, two values per row, a code column)
FAMILIES = ("low_high_columns", "unit_before_value", "method_column", "quest_in_out_range",
            "dual_value_differential", "rotated_landscape", "glued_units", "grid_ruled")
LANGS = ("en", "de", "zh")


def test_foreign_titles_are_unknown_to_the_lexicon() -> None:
    for lang, titles in FOREIGN_TITLES.items():
        for role, title in titles.items():
            assert title_role(title) is None, f"{lang} {role} {title!r} is a title the parser knows"


def _score(family: str, titles: str) -> dict:
    totals = {"truth": 0, "parsed": 0, "matched": 0, "flags_ok": 0}
    for i, lang in enumerate(LANGS):
        s = score_family(family, [lang], [i % 3], ["conv" if i % 2 else "si"], titles=titles)
        for k in totals:
            totals[k] += s[k]
    return totals


@pytest.mark.parametrize("family", FAMILIES)
def test_perturbed_headers_read_like_known_ones(family: str) -> None:
    known = _score(family, "known")
    for mode in ("foreign", "none"):
        got = _score(family, mode)
        assert got["matched"] >= 0.95 * known["matched"], f"{mode}: {got} vs known {known}"
        assert got["matched"] >= 0.98 * got["parsed"], f"{mode} precision: {got}"
        assert got["flags_ok"] >= 0.98 * got["matched"], f"{mode} flags: {got}"
