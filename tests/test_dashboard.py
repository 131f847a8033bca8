"""The dashboard at `/` in real headless Chromium (Debian's `chromium`, driven by Playwright),
against the API on a real redis-server with a worker whose stand-in analysis takes 0.3 s a stage.

No `playwright install`: the browser is the system one (/usr/bin/chromium), so this runs offline.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import redis.asyncio as aioredis

from tests.live_service import PATIENT_NAME, PDF, STAGES, LiveApi, live_api
from tests.redis_server import RedisServer

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
SCREENSHOT = Path(os.environ.get("DASHBOARD_SCREENSHOT", "/tmp/dashboard.png"))

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
    """Opens the dashboard in a fresh browser context; every context is closed before the service stops."""
    contexts: list[Any] = []

    async def opener(**context: Any) -> tuple[Any, Console]:
        ctx = await browser.new_context(**context)
        contexts.append(ctx)
        await ctx.add_init_script(RECORDER)
        page = await ctx.new_page()
        console = Console(page)
        await page.goto(service.url + "/")
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


async def stat(page: Any, key: str) -> str:
    return str(await page.locator(f"[data-stat='{key}'] dd").inner_text()).split(" ")[0]


@browser_test
@needs_chromium
@needs_playwright
async def test_upload_watch_progress_and_read_the_result(open_page: Any) -> None:
    page, console = await open_page(viewport={"width": 1280, "height": 900})
    expect = playwright_api.expect

    # The queue panel fills itself: a live worker, nothing completed yet.
    await expect(page.locator("[data-stat='completed'] dd")).to_have_text("0")
    await expect(page.locator("#workers tbody tr.worker")).to_have_count(1)
    await expect(page.locator("#queue-health")).to_have_text("healthy")

    # Pause through the dashboard so the job is seen waiting in the queue.
    await page.click("#queue-pause")
    await expect(page.locator("#queue-health")).to_have_text("paused")

    await choose_pdf(page)
    await page.fill("#query", "Is my cholesterol OK?")
    await page.select_option("#priority", "high")
    await page.click("#submit")
    await expect(page.locator("#job-state")).to_have_text(re.compile(r"^Queued \(position 1\)"))
    await expect(page.locator("#job-badge")).to_have_text("queued")
    await expect(page.locator("#transport")).to_contain_text("EventSource")
    await expect(page.locator("#stages li[data-stage='queued']")).to_have_attribute("data-state", "current")
    await expect(page.locator("#stages li[data-stage='queued']")).to_have_attribute("aria-current", "step")

    await page.click("#queue-resume")
    await expect(page.locator("#job-progress")).to_have_attribute("data-stage", "analyzing", timeout=10_000)
    await page.screenshot(path=str(SCREENSHOT.with_name(SCREENSHOT.stem + "-progress.png")))
    await expect(page.locator("#stages li[data-stage='parsing']")).to_have_attribute("data-state", "done")
    await expect(page.locator("#job-badge")).to_have_text("completed", timeout=10_000)

    # The bar went through every stage, in order, only forwards, ending full.
    seen = await page.evaluate("window.__seen")
    stages = [s["stage"] for s in seen]
    order = ["queued", *[name for name, _ in STAGES], "completed"]
    visited = [s for s in dict.fromkeys(stages) if s in order]
    assert visited == order, stages
    values = [s["value"] for s in seen if s["stage"] in order]
    assert values == sorted(values) and values[-1] == 100, values
    assert any(s["text"].startswith("Queued (position 1)") for s in seen)
    assert any(s["text"].startswith("Extracting text (page 1 of 1)") for s in seen), [s["text"] for s in seen]

    # The result: biomarker table with the high row highlighted and flagged in words, not only colour.
    table = page.locator("table.biomarkers")
    await expect(table.locator("tbody tr")).to_have_count(4)
    high = table.locator("tbody tr.abnormal")
    await expect(high).to_have_count(1)
    await expect(high.locator("th")).to_have_text("LDL cholesterol")
    await expect(high.locator("td.flag")).to_contain_text("High")
    normal = table.locator("tbody tr", has_text="Hemoglobin")
    await expect(normal.locator("td.flag")).to_contain_text("Normal")
    background = "el => getComputedStyle(el).backgroundColor"
    assert await high.evaluate(background) != await normal.evaluate(background)
    await expect(table.locator("thead th[scope='col']")).to_have_count(5)
    await expect(high.locator("td.num")).to_have_text("4.9 mmol/L")
    await expect(table.locator("tbody tr", has_text="Lp(a)").locator("td.flag")).to_have_text("\u2014")
    await expect(table.locator("tbody tr", has_text="Glucose")).to_contain_text("(typical)")
    await page.check("#only-abnormal")
    await expect(table.locator("tbody tr:visible")).to_have_count(1)
    await page.uncheck("#only-abnormal")

    await expect(page.locator(".finding h4")).to_have_text(["Cholesterol: LDL cholesterol outside the range"])
    await expect(page.locator(".views h4")).to_have_text(["Physician", "Nutritionist", "Exercise physiologist"])
    await expect(page.locator(".disclaimer")).to_contain_text("not a medical diagnosis")
    await expect(page.locator(".patient")).to_contain_text(PATIENT_NAME)
    await expect(page.locator("#result")).to_contain_text("Is my cholesterol OK?")

    # The queue panel caught up: one completed job, listed among the recent ones.
    await expect(page.locator("[data-stat='completed'] dd")).to_have_text("1", timeout=8_000)
    await expect(page.locator("#jobs tbody tr.status-completed")).to_have_count(1)

    await page.screenshot(path=str(SCREENSHOT), full_page=True)
    console.check()

    # Phone width: one column, nothing wider than the screen (tables scroll inside their box).
    await page.set_viewport_size({"width": 375, "height": 812})
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    flag_box = await high.locator("td.flag").bounding_box()  # the flag column is on screen, not scrolled off
    assert flag_box is not None and flag_box["x"] + flag_box["width"] <= 375
    await page.screenshot(path=str(SCREENSHOT.with_name(SCREENSHOT.stem + "-phone.png")), full_page=True)

    # After a reload the job is one click away in the recent jobs list.
    await page.reload()
    await expect(page.locator("#job")).to_be_hidden()
    await page.click("#jobs tbody tr.status-completed button")
    await expect(page.locator("#job-badge")).to_have_text("completed")
    await expect(page.locator("table.biomarkers tbody tr.abnormal")).to_have_count(1)
    console.check()


@browser_test
@needs_chromium
@needs_playwright
async def test_failures_show_the_servers_message(open_page: Any) -> None:
    page, console = await open_page()
    expect = playwright_api.expect

    # Rejected at upload: the API's own words, and nothing queued.
    await choose_pdf(page, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "scan.pdf")
    await page.click("#submit")
    await expect(page.locator("#upload-error")).to_contain_text("not a PDF")
    await expect(page.locator("#job")).to_be_hidden()

    # Failed in the worker: the job ends as failed with the reason shown.
    await choose_pdf(page, PDF + b"FAIL")
    await page.click("#submit")
    await expect(page.locator("#job-badge")).to_have_text("failed", timeout=10_000)
    await expect(page.locator("#job-error")).to_contain_text("this does not look like a blood test report")
    await expect(page.locator("#result")).to_be_hidden()
    await expect(page.locator("[data-stat='failed'] dd")).to_have_text("1", timeout=8_000)

    # The event stream blocked (a proxy that buffers or drops SSE): the page falls back to polling.
    await page.route("**/jobs/*/events", lambda route: route.abort())
    await choose_pdf(page)
    await page.click("#submit")
    await expect(page.locator("#transport")).to_contain_text("polling /status")
    await expect(page.locator("#job-badge")).to_have_text("completed", timeout=10_000)
    await expect(page.locator("table.biomarkers tbody tr.abnormal")).to_have_count(1)
    console.check(blocked=True)


@browser_test
@needs_chromium
@needs_playwright
@pytest.mark.parametrize("service", [{"api_keys": "client-key", "admin_api_keys": "admin-key"}], indirect=True)
async def test_with_api_keys_the_dashboard_asks_for_one(open_page: Any) -> None:
    page, console = await open_page()
    expect = playwright_api.expect

    # The first calls answer 401: the key field appears, the queue panel says why it is empty.
    await expect(page.locator("#key-panel")).to_be_visible()
    await expect(page.locator("#key-message")).to_contain_text("needs an API key")
    await expect(page.locator("#queue-stats-note")).to_have_text("API key needed.")

    # A client key: submitting works (progress through fetch streaming with the header)...
    await page.fill("#api-key", "client-key")
    await page.click("#key-form button[type='submit']")
    await expect(page.locator("#key-panel")).to_be_hidden()
    await choose_pdf(page)
    await page.click("#submit")
    await expect(page.locator("#transport")).to_contain_text("fetch")
    await expect(page.locator("#job-badge")).to_have_text("completed", timeout=10_000)
    await expect(page.locator("table.biomarkers tbody tr.abnormal")).to_have_count(1)
    stages = [s["stage"] for s in await page.evaluate("window.__seen")]
    assert "analyzing" in stages, stages
    # ...while the operator's panels need an admin key, and say so instead of breaking.
    await expect(page.locator("#queue-stats-note")).to_have_text("Admin key needed to see this.")
    await expect(page.locator("#workers-note")).to_have_text("Admin key needed to see this.")
    await expect(page.locator("#jobs tbody tr.status-completed")).to_have_count(1)

    # The admin key unlocks them; it is remembered across a reload.
    await page.click("#key-toggle")
    await page.fill("#api-key", "admin-key")
    await page.click("#key-form button[type='submit']")
    await expect(page.locator("[data-stat='workers'] dd")).to_have_text("1")
    await page.reload()
    await expect(page.locator("[data-stat='workers'] dd")).to_have_text("1")
    await expect(page.locator("#key-panel")).to_be_hidden()
    assert await page.evaluate("localStorage.getItem('bta.apiKey')") == "admin-key"

    # A wrong key is refused with the API's message and the field comes back.
    await page.evaluate("localStorage.setItem('bta.apiKey', 'nope')")
    await page.reload()
    await expect(page.locator("#key-message")).to_contain_text("refused")
    console.check()


async def test_the_page_and_its_files_are_served_without_the_browser(service: LiveApi) -> None:
    """Plain HTTP (no browser needed): the page, its three files, tight headers, nothing else."""
    import httpx

    async with httpx.AsyncClient(base_url=service.url) as http:
        page = await http.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-content-type-options"] == "nosniff"
        for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
            assert (await http.get(src)).status_code == 200, src
        assert (await http.get("/static/app.js")).headers["content-type"].startswith("text/javascript")
        assert (await http.head("/")).status_code == 200
        for path in ("/static/index.html", "/static/..%2F..%2Fmain.py", "/static/nope.js"):
            r = await http.get(path)
            assert r.status_code == 404 and r.json()["error"] == "not_found", path
        assert "/" not in (await http.get("/openapi.json")).json()["paths"]
        assert "http://" not in page.text and "https://" not in page.text  # no CDN
