"""Reports printed from HTML by a browser, as web-based laboratory systems make them.

Each `browser_reports/*.html` is printed to PDF by headless Chromium (Debian's, through
Playwright: a different PDF producer from the ReportLab-made corpus and generator: CID fonts,
text runs per table cell, Chinese text), then parsed; the truth beside each file was written
by hand from the HTML. Layouts: a Spanish table with bold red values as the only flags,
a Chinese table with a flag column of arrows, a French table with a previous-results column,
wellness cards in a grid, an 'In range / Out of range' table with cells wrapped over two lines,
a German cumulative report (today's result in the newest date's column), and a Portuguese table
with the unit inside the result cell.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from shared.analysis import parse_pdf
from shared.analysis.evaluate import base_flag, match

HERE = Path(__file__).parent / "browser_reports"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is missing (apt-get install chromium)")]


@pytest.fixture(scope="module")
def printed() -> dict[str, bytes]:
    """Every HTML report printed to PDF, one browser for all."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page()
            for html in sorted(HERE.glob("*.html")):
                page.set_content(html.read_text(encoding="utf-8"), wait_until="load")
                out[html.stem] = page.pdf(format="A4", print_background=True)
        finally:
            browser.close()
    return out


@pytest.mark.parametrize("name", sorted(p.stem for p in HERE.glob("*.html")))
def test_browser_printed_report(printed: dict[str, bytes], name: str) -> None:
    truth = json.loads((HERE / f"{name}.truth.json").read_text(encoding="utf-8"))
    parsed = parse_pdf(printed[name]).biomarkers
    pairs, missed, extra = match(truth, parsed)
    assert not missed and not extra, f"missed {missed}; extra {[(g.name, g.value, g.unit) for g in extra]}"
    wrong = [(t["name"], t["flag"], g.flag) for t, g in pairs if base_flag(g.flag) != t["flag"]]
    assert not wrong, wrong
