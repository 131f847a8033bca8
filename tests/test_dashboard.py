"""The two pages in real headless Chromium (Debian's `chromium`, driven by Playwright): the
patient's at `/` and the operator's at `/ops`, against the API on a real redis-server with a
worker whose stand-in analysis takes 0.3 s a stage (tests/live_service.py).

No `playwright install`: the browser is the system one (/usr/bin/chromium), so this runs offline.
Screenshots go to /tmp; `DASHBOARD_SCREENSHOTS=docs` refreshes the ones in docs/.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis

from shared.job import Status
from tests.live_service import PATIENT_NAME, PDF, STAGES, LiveApi, live_api
from tests.redis_server import RedisServer

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
SHOTS = Path(os.environ.get("DASHBOARD_SCREENSHOTS", "/tmp"))
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}

try:
    import playwright.async_api as playwright_api
except ImportError:  # pragma: no cover - requirements-dev.txt pins it
    playwright_api = None  # type: ignore[assignment]

browser_test = pytest.mark.browser
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is missing (apt-get install -y chromium)")
needs_playwright = pytest.mark.skipif(playwright_api is None, reason="playwright is not installed (requirements-dev.txt)")

# Records every change of the progress bar and the status line, so the test sees the stages even
# when they pass faster than it polls.
RECORDER = """
window.__seen = [];
new MutationObserver(() => {
  const bar = document.getElementById('job-progress');
  const line = document.getElementById('job-state');
  if (!bar) return;
  const entry = {stage: bar.dataset.stage || '', value: Number(bar.value), text: line ? line.textContent : ''};
  const last = window.__seen[window.__seen.length - 1];
  if (!last || last.stage !== entry.stage || last.value !== entry.value || last.text !== entry.text) window.__seen.push(entry);
}).observe(document, {subtree: true, attributes: true, childList: true, characterData: true});
"""


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async with playwright_api.async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def service(redis_server: RedisServer, redis_client: aioredis.Redis,
                  request: pytest.FixtureRequest) -> AsyncIterator[LiveApi]:  # fmt: skip
    overrides = getattr(request, "param", {}) or {}
    async with live_api(redis_server.url, delay=0.3, **overrides) as api:
        yield api


@pytest.fixture
async def open_page(browser: Any, service: LiveApi) -> AsyncIterator[Any]:
    """Opens a page in a fresh browser context (its own storage: another browser, as far as the
    service can tell); every context is closed before the service stops."""
    contexts: list[Any] = []

    async def opener(path: str = "/", **context: Any) -> tuple[Any, Console]:
        ctx = await browser.new_context(**{"viewport": DESKTOP, **context})
        contexts.append(ctx)
        await ctx.add_init_script(RECORDER)
        page = await ctx.new_page()
        console = Console(page)
        await page.goto(service.url + path)
        await page.wait_for_selector("html[data-ready='true']")
        return page, console

    yield opener
    for ctx in contexts:
        await ctx.close()


class Console:
    """Everything the page writes to its console, and uncaught errors."""

    def __init__(self, page: Any) -> None:
        self.messages: list[str] = []
        self.errors: list[str] = []
        page.on("console", lambda m: self.messages.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def check(self, *, blocked: bool = False) -> None:
        assert not self.errors, self.errors
        leaked = [m for m in self.messages if PATIENT_NAME in m or "LDL" in m or "4.9" in m]
        assert not leaked, f"report data in the console: {leaked}"
        # The only errors allowed are the browser's own lines for 4xx answers the page handles (401, 415...).
        expected = re.compile(r"^error: Failed to load resource: the server responded with a status of 4\d\d\b")
        unexpected = [m for m in self.messages if m.startswith("error") and not expected.match(m)
                      and not (blocked and m == "error: Failed to load resource: net::ERR_FAILED")]  # fmt: skip
        assert not unexpected, unexpected


async def choose_pdf(page: Any, data: bytes = PDF, name: str = "blood-test.pdf") -> None:
    await page.set_input_files("#file", files=[{"name": name, "mimeType": "application/pdf", "buffer": data}])


async def on_first_screen(page: Any, selector: str) -> bool:
    """Visible without scrolling: the page is at its top and the element lies inside the viewport."""
    box = await page.locator(selector).bounding_box()
    size = page.viewport_size
    top = await page.evaluate("window.scrollY") == 0
    return bool(top and box and box["y"] >= 0 and box["y"] + box["height"] <= size["height"])


async def show_every_stage(page: Any, service: LiveApi) -> None:
    """A `STEPS` upload (tests/live_service.py) goes on to its next stage once the page's bar shows
    the one it holds at: every stage is seen, however late the page's updates come."""
    for stage, _ in STAGES:
        await playwright_api.expect(page.locator("#job-progress")).to_have_attribute("data-stage", stage, timeout=20_000)
        service.gate.release(stage)


async def stage_states(page: Any) -> dict[str, str]:
    return dict(await page.eval_on_selector_all("#stages li", "els => els.map(e => [e.dataset.stage, e.dataset.state])"))


@browser_test
@needs_chromium
@needs_playwright
async def test_patient_follows_the_job_and_the_result_opens_with_the_answer(open_page: Any, service: LiveApi) -> None:
    page, console = await open_page()
    expect = playwright_api.expect
    await expect(page.locator("#mine-list")).to_contain_text("None yet.")

    # Paused, so the job is seen waiting in the queue.
    await service.queue.pause()
    await choose_pdf(page, PDF + b"URGENT STEPS")
    await page.fill("#query", "Is my cholesterol OK?")
    await page.click("#submit")
    await expect(page.locator("#job-state")).to_have_text(re.compile(r"^Waiting in the queue \(position 1\)"))
    await expect(page.locator("#upload")).to_be_hidden()
    await expect(page.locator("#stages li[data-stage='queued']")).to_have_attribute("aria-current", "step")
    await expect(page.locator("#mine-list li.current")).to_contain_text("blood-test.pdf")

    await service.queue.resume()
    for stage, _ in STAGES:  # a STEPS upload holds at each stage until the bar shows it (see show_every_stage)
        await expect(page.locator("#job-progress")).to_have_attribute("data-stage", stage, timeout=20_000)
        if stage == "analyzing":
            await expect(page.locator("#stages li[data-stage='parsing']")).to_have_attribute("data-state", "done")
        if stage == "extracting":
            # The stage starts without a page count (the worker's own 'extracting 0 %'), then the handler reports
            # page 1 of 1 and holds: wait for the page to show that before letting the job go on (released at the
            # first sight of the stage, the two could reach the page as one update and the count never be shown).
            await page.wait_for_function("window.__seen.some(s => s.text.startsWith('Reading the PDF (page 1 of 1)'))",
                                         timeout=20_000)
        service.gate.release(stage)
    await expect(page.locator("#job-badge")).to_have_text("completed", timeout=20_000)

    # The bar went through every stage, in order, only forwards, ending full.
    seen = await page.evaluate("window.__seen")
    order = ["queued", *[name for name, _ in STAGES], "completed"]
    assert [s for s in dict.fromkeys(s["stage"] for s in seen) if s in order] == order, seen
    values = [s["value"] for s in seen if s["stage"] in order]
    assert values == sorted(values) and values[-1] == 100, values
    assert any(s["text"].startswith("Reading the PDF (page 1 of 1)") for s in seen), [s["text"] for s in seen]

    # The summary card comes first: the urgent value, the answer, the counts, without scrolling.
    summary = page.locator("#summary")
    await expect(summary.locator("#urgent")).to_contain_text("Potassium 6.8 mmol/L")
    await expect(summary.locator("#urgent")).to_contain_text("Contact a doctor today")
    await expect(summary.locator("#answer .asked")).to_have_text("You asked: Is my cholesterol OK?")
    await expect(summary.locator("#answer")).to_contain_text("Your LDL cholesterol is high")
    await expect(summary.locator("#count-outside")).to_have_text("2 of 4 results outside the range")
    await expect(summary.locator("#rows-read")).to_have_text("5 result rows read")
    await expect(summary).to_contain_text(PATIENT_NAME)
    await expect(page.locator("#job .progress-box")).to_be_hidden()  # the finished job shrinks to a line
    for selector in ("#answer", "#count-outside", "#urgent"):
        assert await on_first_screen(page, selector), selector
    await page.screenshot(path=str(SHOTS / "dashboard.png"))

    # Then the table (abnormal rows highlighted and flagged in words), the findings with their
    # doctor's note, and the other specialists' notes as lists.
    table = page.locator("table.biomarkers")
    await expect(table.locator("tbody tr")).to_have_count(5)
    await expect(table.locator("tbody tr.abnormal th")).to_have_text(["Potassium", "LDL cholesterol"])
    await expect(table.locator("tbody tr", has_text="Potassium").locator("td.flag")).to_have_text("Critically high \u25B2\u25B2")
    await expect(table.locator("tbody tr", has_text="Glucose")).to_contain_text("(typical)")
    await page.check("#only-abnormal")
    await expect(table.locator("tbody tr:visible")).to_have_count(2)
    await page.uncheck("#only-abnormal")
    finding = page.locator(".finding", has_text="LDL cholesterol outside the range")
    await expect(finding.locator(".finding-notes dt")).to_have_text(["Doctor", "Food"])  # the advice about lipids
    await expect(finding.locator(".finding-notes dd")).to_have_text([
        "Lipid results are used to estimate long-term heart risk with your doctor.",
        "Cut saturated fat; add oats, beans, nuts and oily fish."])  # fmt: skip
    await expect(page.locator(".views h4")).to_have_text(["Activity"])  # what no finding claims

    # A phone: the same first screen, one column, nothing wider than the screen.
    await page.set_viewport_size(PHONE)
    await page.evaluate("window.scrollTo(0, 0)")
    for selector in ("#answer", "#count-outside"):
        assert await on_first_screen(page, selector), selector
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    flag = await table.locator("tbody tr.abnormal td.flag").first.bounding_box()
    assert flag is not None and flag["x"] + flag["width"] <= PHONE["width"]
    await page.screenshot(path=str(SHOTS / "dashboard-phone.png"))
    console.check()

    # After a reload the report is one click away in "Your reports"...
    await page.reload()
    await page.click("#mine-list li button")
    await expect(page.locator("#count-outside")).to_have_text("2 of 4 results outside the range")
    # ...and another browser, with no key either, does not see it at all.
    other, other_console = await open_page()
    await expect(other.locator("#mine-note")).to_contain_text("from this browser")
    await expect(other.locator("#mine-list")).to_have_text("None yet.")
    other_console.check()


async def bar_geometry(row: Any) -> dict[str, float]:
    """The x of the value's marker (its centre) and of the zones' edges, in page pixels."""
    return await row.locator(".range-bar").evaluate("""bar => {
      const box = (sel) => { const e = bar.querySelector(sel); return e ? e.getBoundingClientRect() : null; };
      const m = box('.marker'), w = box('.zone-within'), b = box('.zone-below'), a = box('.zone-above');
      return {marker: m.left + m.width / 2, within_left: w.left, within_right: w.right,
              below_left: b ? b.left : null, above_right: a ? a.right : null};
    }""")


@browser_test
@needs_chromium
@needs_playwright
async def test_values_on_their_ranges_paired_units_downloads_and_print(open_page: Any, tmp_path: Path) -> None:
    page, console = await open_page()
    expect = playwright_api.expect
    await choose_pdf(page, PDF + b"BARS")
    await page.click("#submit")
    await expect(page.locator("#job-badge")).to_have_text("completed", timeout=10_000)
    table = page.locator("table.biomarkers")
    # Hemoglobin in g/dL and in mmol/L is one row with both values.
    await expect(table.locator("tbody tr")).to_have_count(5)
    hb = table.locator("tbody tr", has_text="Hemoglobin")
    await expect(hb).to_have_count(1)
    await expect(hb.locator(".also-printed")).to_have_text("also 8.38 mmol/L")

    await page.screenshot(path=str(SHOTS / "dashboard-results.png"), full_page=True)
    # A value at the lower bound sits at the left edge of the normal zone.
    g = await bar_geometry(hb)
    assert abs(g["marker"] - g["within_left"]) <= 1.0, g
    await expect(hb.locator(".range-bar")).to_have_attribute("data-zone", "within")
    # Below and above a two-sided range, and against one-sided ones: outside the normal zone.
    g = await bar_geometry(table.locator("tbody tr", has_text="Ferritin"))
    assert g["below_left"] <= g["marker"] < g["within_left"] - 2, g
    g = await bar_geometry(table.locator("tbody tr", has_text="LDL"))
    assert g["above_right"] is not None and g["within_right"] + 2 < g["marker"] <= g["above_right"], g
    assert g["below_left"] is None  # "< 3.0": nothing below to draw
    g = await bar_geometry(table.locator("tbody tr", has_text="HDL"))
    assert g["above_right"] is None and g["below_left"] <= g["marker"] < g["within_left"] - 2, g
    g = await bar_geometry(table.locator("tbody tr", has_text="Glucose"))
    assert g["within_left"] < g["marker"] < g["within_right"], g
    await expect(table.locator("tbody tr", has_text="Ferritin").locator(".range-bar")).to_have_attribute(
        "aria-label", "8 ng/mL: below the range")

    # Downloads: the service's own files, fetched with this browser's id.
    for kind, check in (("csv", lambda b: b.startswith("\ufeffname,canonical,value,unit,ucum,range,flag,loinc".encode())),
                        ("fhir", lambda b: json.loads(b)["resourceType"] == "Bundle")):
        async with page.expect_download() as info:
            await page.click(f"#result-actions [data-export='{kind}']")
        download = await info.value
        path = tmp_path / download.suggested_filename
        await download.save_as(path)
        assert download.suggested_filename.startswith("lab-results-") and check(path.read_bytes()), kind

    # Print: the result alone, no controls.
    await page.emulate_media(media="print")
    for hidden in ("#upload", "#job", "#mine", "#result-actions", ".top"):
        await expect(page.locator(hidden)).to_be_hidden()
    await expect(table).to_be_visible()
    await expect(page.locator(".range-bar").first).to_be_visible()
    await page.screenshot(path=str(SHOTS / "dashboard-print.png"), full_page=True)
    await page.emulate_media(media="screen")
    console.check()


@browser_test
@needs_chromium
@needs_playwright
async def test_failures_say_what_to_do_and_where_it_stopped(open_page: Any) -> None:
    page, console = await open_page()
    expect = playwright_api.expect

    # Rejected at upload: the API's own words, and nothing queued.
    await choose_pdf(page, b"GIF89a" + b"\0" * 64, "scan.pdf")  # an image kind we do not read
    await page.click("#submit")
    await expect(page.locator("#upload-error")).to_contain_text("not a PDF")
    await expect(page.locator("#job")).to_be_hidden()

    # Failed in the worker: a plain title, a next step, the code; the chips keep where it stopped.
    await choose_pdf(page, PDF + b"FAIL")
    await page.click("#submit")
    await expect(page.locator("#job-badge")).to_have_text("failed", timeout=10_000)
    await expect(page.locator("#failure-title")).to_have_text("This does not look like a blood test report")
    await expect(page.locator("#failure-next")).to_contain_text("the lab report itself")
    await expect(page.locator("#failure-code")).to_have_text("not_a_lab_report")
    await expect(page.locator("#job-state")).to_have_text("Failed while finding the results")
    assert await stage_states(page) == {"queued": "done", "extracting": "done", "parsing": "stopped",
                                        "analyzing": "todo", "finalizing": "todo", "completed": "todo"}  # fmt: skip
    await expect(page.locator("#result")).to_be_hidden()
    await page.screenshot(path=str(SHOTS / "dashboard-failed.png"))
    await page.click("#try-again")
    await expect(page.locator("#upload")).to_be_visible()

    # A result written before the summary fields (no answer, counts, coverage): worked out anyway.
    # And the event stream blocked (a proxy that buffers SSE): the page falls back to polling.
    await page.route("**/jobs/*/events", lambda route: route.abort())
    polled: list[str] = []
    page.on("request", lambda r: polled.append(r.url) if "/status/" in r.url else None)
    await choose_pdf(page, PDF + b"LEGACY")
    await page.fill("#query", "How is my LDL?")
    await page.click("#submit")
    await expect(page.locator("#job-badge")).to_have_text("completed", timeout=10_000)
    assert polled, "the page should have polled /status"
    await expect(page.locator("#count-outside")).to_have_text("1 of 3 results outside the range")
    await expect(page.locator("#rows-read")).to_have_text("4 result rows read")
    await expect(page.locator("#answer")).to_contain_text("How is my LDL?")
    # The summary's sentence about the question (bold kept), not the rest of it.
    await expect(page.locator("#answer .answer-text")).to_have_text("You asked about LDL cholesterol 4.9 mmol/L (high).")
    await expect(page.locator("#answer .answer-text strong")).to_have_text("LDL cholesterol")
    await expect(page.locator("#urgent")).to_have_count(0)
    # Older doctor's notes named their finding's markers: filed under it all the same.
    await expect(page.locator(".finding-notes dd")).to_have_text(["estimate long-term heart risk with your doctor."])
    console.check(blocked=True)


@browser_test
@needs_chromium
@needs_playwright
@pytest.mark.parametrize("service", [{"api_keys": "client-key", "admin_api_keys": "admin-key"}], indirect=True)
async def test_with_api_keys_patients_and_operators_each_need_theirs(open_page: Any, service: LiveApi) -> None:
    page, console = await open_page()
    expect = playwright_api.expect

    # The patient page loads and asks for a key; with the client key a report goes through.
    await expect(page.locator("#key-panel")).to_be_visible()
    await expect(page.locator("#key-message")).to_contain_text("needs an API key")
    await page.fill("#api-key", "client-key")
    await page.click("#key-form button[type='submit']")
    await expect(page.locator("#key-panel")).to_be_hidden()
    await choose_pdf(page, PDF + b"STEPS")
    await page.click("#submit")
    await show_every_stage(page, service)
    await expect(page.locator("#job-badge")).to_have_text("completed", timeout=20_000)
    await expect(page.locator("#count-outside")).to_have_text("1 of 3 results outside the range")
    await expect(page.locator("#mine-list li.status-completed")).to_have_count(1)
    assert "analyzing" in [s["stage"] for s in await page.evaluate("window.__seen")]
    console.check()

    # The operator page: a client key is refused (403), the admin key opens it, kept apart from
    # the patient page's key.
    ops, ops_console = await open_page("/ops")
    await expect(ops.locator("#key-panel")).to_be_visible()
    await ops.fill("#api-key", "client-key")
    await ops.click("#key-form button[type='submit']")
    await expect(ops.locator("#denied")).to_contain_text("admin API key")
    await ops.click("#key-toggle")
    await ops.fill("#api-key", "admin-key")
    await ops.click("#key-form button[type='submit']")
    await expect(ops.locator("#workers tbody tr.worker")).to_have_count(1)
    await expect(ops.locator("#denied")).to_be_hidden()
    await expect(ops.locator("#jobs tbody tr.status-completed")).to_have_count(1)  # the client's job, no name
    await expect(ops.locator("#jobs")).not_to_contain_text("blood-test.pdf")
    assert await ops.evaluate("[localStorage.getItem('bta.adminKey'), localStorage.getItem('bta.apiKey')]") == [
        "admin-key", None]  # fmt: skip
    ops_console.check()


@browser_test
@needs_chromium
@needs_playwright
async def test_the_operator_view_shows_queue_workers_and_every_job(open_page: Any, service: LiveApi) -> None:
    ops, console = await open_page("/ops")
    expect = playwright_api.expect
    refresh = lambda: ops.dispatch_event("#jobs-filter", "change")  # noqa: E731 - as a user changing the filter
    await expect(ops.locator("#workers tbody tr.worker")).to_have_count(1)
    await expect(ops.locator("#queue-health")).to_have_text("healthy")
    # The filter offers every status, as the service names them (served as /static/states.js).
    options = await ops.eval_on_selector_all("#jobs-filter option", "els => els.map(e => e.value)")
    assert options == ["", *(s.value for s in Status)], options

    # Pause from the page; two browsers' jobs wait, both listed here.
    await ops.click("#queue-pause")
    await expect(ops.locator("#queue-health")).to_have_text("paused")
    async with httpx.AsyncClient(base_url=service.url) as http:
        ids = []
        for browser_id, data in (("a" * 22, PDF + b"SLOW"), ("b" * 22, PDF)):
            r = await http.post("/analyze-async", files={"file": ("r.pdf", data, "application/pdf")},
                                headers={"X-Browser-Id": browser_id})  # fmt: skip
            ids.append(r.json()["job_id"])
        await refresh()
        await expect(ops.locator("[data-stat='queued'] dd")).to_have_text(re.compile(r"^2\b"))
        await ops.click("#queue-resume")
        # Busy counts come from the jobs held now, not from the last heartbeat: the slow job shows.
        fast, slow = (ops.locator(f"#jobs tr[data-job='{job_id}']") for job_id in (ids[1], ids[0]))
        for _ in range(20):
            if await fast.get_attribute("class") == "job-row status-completed":
                break
            await ops.wait_for_timeout(200)
            await refresh()
        await expect(slow).to_have_class(re.compile("status-processing"))
        await expect(ops.locator("#workers tbody tr.worker td.busy")).to_have_text("1/4")
        await ops.screenshot(path=str(SHOTS / "ops.png"), full_page=True)
        await http.delete(f"/jobs/{ids[0]}")  # cancelling interrupts it mid-stage
        await ops.wait_for_timeout(1500)  # a heartbeat or two (LEASE_SECONDS=2)
    await refresh()
    await expect(slow).to_contain_text("cancelled")
    await expect(ops.locator("#workers tbody tr.worker td.busy")).to_have_text("0/4")
    console.check()


async def test_the_pages_and_their_files_are_served_without_the_browser(service: LiveApi) -> None:
    """Plain HTTP (no browser needed): the pages, their files, tight headers, nothing else."""
    async with httpx.AsyncClient(base_url=service.url) as http:
        for path in ("/", "/ops"):
            page = await http.get(path)
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), path
            assert "default-src 'self'" in page.headers["content-security-policy"]
            assert page.headers["x-content-type-options"] == "nosniff"
            for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
                assert (await http.get(src)).status_code == 200, src
            assert "http://" not in page.text and "https://" not in page.text  # no CDN
        for name in ("app.js", "ops.js", "common.js"):
            script = await http.get(f"/static/{name}")
            assert script.headers["content-type"].startswith("text/javascript"), name
            for imported in re.findall(r'from "\./([^"]+)"', script.text):
                assert (await http.get(f"/static/{imported}")).status_code == 200, imported
        assert (await http.head("/")).status_code == 200
        for path in ("/static/index.html", "/static/ops.html", "/static/..%2F..%2Fmain.py", "/static/nope.js"):
            r = await http.get(path)
            assert r.status_code == 404 and r.json()["error"] == "not_found", path
        assert "/" not in (await http.get("/openapi.json")).json()["paths"]
