"""The generator's cases written as HTML and printed by headless Chromium (tests/analysis/layoutgen/browser.py).

One browser for the module (the generator keeps one open for the process); each browser family renders a few
(language, units, seed) cases and today's parser must read them at the family's floor (recall, precision,
flags, none rejected). The floors are the figures measured when the family's last parser rule landed
(docs/ANALYSIS.md, 'Reports printed by a browser'), a little under them: the test fails when the parser
reads a browser-printed layout worse than it did.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.analysis.layoutgen import BROWSER_FAMILIES, LANGUAGES
from tests.analysis.layoutgen.browser import CHROMIUM, printer
from tests.analysis.layoutgen.scoring import score_family

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is missing (apt-get install chromium)")]

# family -> (recall, precision, flag accuracy) floors over its renderings below
FLOORS: dict[str, tuple[float, float, float]] = {
    "html_table": (0.97, 0.97, 0.99),
    "html_grid": (0.97, 0.97, 0.99),
    "html_lines": (0.97, 0.98, 0.98),
    "html_cards": (0.93, 0.95, 0.98),
    "html_two_column": (0.94, 0.96, 0.98),
}


@pytest.fixture(scope="module", autouse=True)
def _one_browser() -> Iterator[None]:
    """The generator's browser is closed after this module: another module's Playwright may start its own."""
    yield
    printer().close()


def test_every_browser_family_has_a_floor() -> None:
    assert set(FLOORS) == set(BROWSER_FAMILIES)


@pytest.mark.parametrize("family", BROWSER_FAMILIES)
def test_browser_family_at_its_floor(family: str) -> None:
    i = BROWSER_FAMILIES.index(family)
    langs = [LANGUAGES[i % len(LANGUAGES)], LANGUAGES[(i + 5) % len(LANGUAGES)]]   # two languages a family, all eight over the five
    s = score_family(family, langs, [i % 3], ["conv", "si"])
    recall, precision, flags = FLOORS[family]
    assert not s["rejected"], s["rejected"]
    assert s["recall"] >= recall and s["precision"] >= precision and s["flag_accuracy"] >= flags, \
        {k: s[k] for k in ("truth", "parsed", "matched", "recall", "precision", "flag_accuracy")}
