/* The patient's page at `/`: upload a report, follow its progress, read the result.
 *
 * Whose jobs: with API keys, the key's; without keys, this browser's. The browser has its own
 * random id (localStorage `bta.browserId`, sent as X-Browser-Id), and the service lists and
 * opens only the jobs submitted with it, so another browser never sees them.
 *
 * Progress: the job's Server-Sent Events read through fetch() (so the headers go along); if the
 * stream fails or ends early, /status is polled instead. While a job is queued, /status is also
 * read every few seconds: the stream speaks when the job changes, not when jobs ahead leave.
 *
 * The result opens with a summary card (the answer to the question, anything urgent, how many
 * results are outside their range, how many rows were read), then the table, the findings and
 * the specialists' notes. Results are read defensively: a field missing from an older result
 * falls back to what it can be worked out from (see readResult).
 *
 * Privacy: nothing here writes report data to the console; only the key and the browser id are stored.
 */
import {
  $, ApiError, StoredKey, arr, el, fmtEta, fmtNumber, fmtTime, isObj, makeApi, num, plural, readEventStream,
  setupKeyPanel, sleep, str,
} from "./common.js";
// The job's status and stage names and what this page says of each: made from the service's enums.
import { STAGE_TEXT, STEPS, STEP_OF, TERMINAL } from "./states.js";

const POLL_MS = 1000;
const QUEUED_POLL_MS = 2500;
const MINE_REFRESH_MS = 5000;
const STAGE_ORDER = STEPS.map(([stage]) => stage);
const FLAG_TEXT = {
  low: "Low \u25BC",
  high: "High \u25B2",
  critical_low: "Critically low \u25BC\u25BC",
  critical_high: "Critically high \u25B2\u25B2",
  normal: "Normal",
};
const MARKED_TEXT = { low: "Markedly low \u25BC", high: "Markedly high \u25B2" };
const SPECIALISTS = [
  ["physician", "Doctor"],
  ["nutritionist", "Food"],
  ["exercise", "Activity"],
];
// What the service asks when the person asked nothing (shared/analysis/pipeline.py DEFAULT_QUERY).
const DEFAULT_QUERY = "Summarise my blood test report";

// ------------------------------------------------------------------ who we are

function newBrowserId() {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

const browserId = new StoredKey("bta.browserId");
if (!/^[A-Za-z0-9_-]{16,64}$/.test(browserId.value)) browserId.value = newBrowserId();
const apiKey = new StoredKey("bta.apiKey");

const askForKey = setupKeyPanel(apiKey, {
  neededText: "This service needs an API key. Enter it to continue.",
  onSaved: () => {
    showUploadError("");
    refreshMine();
    if (job && !TERMINAL.has(job.status) && !job.watching) resumeWatch();
  },
});
const client = makeApi({
  headers: () => (apiKey.value ? { "X-API-Key": apiKey.value, "X-Browser-Id": browserId.value }
    : { "X-Browser-Id": browserId.value }),
  onUnauthorized: (detail) => askForKey(detail),
});
const api = client.call;

// ------------------------------------------------------------------ page states

/** The upload form alone (a fresh page, or "New analysis"). */
function showUpload() {
  stopWatching();
  job = null;
  $("upload").hidden = false;
  $("job").hidden = true;
  $("result").hidden = true;
  $("new-analysis").hidden = true;
  markCurrentInMine();
}

/** A job on screen: its progress, then its result; the upload form steps aside. */
function showJobCard() {
  $("upload").hidden = true;
  $("job").hidden = false;
  $("job").classList.remove("compact");
  $("failure").hidden = true;
  $("result").hidden = true;
  $("summary").replaceChildren();
  $("details").replaceChildren();
  $("new-analysis").hidden = false;
  window.scrollTo({ top: 0 });
}

function showUploadError(text) {
  $("upload-error").textContent = text;
  $("upload-error").hidden = !text;
}

function setupUpload() {
  $("upload-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = $("file").files[0];
    if (!file) {
      showUploadError("Choose the PDF of your lab report first.");
      $("file").focus();
      return;
    }
    showUploadError("");
    const data = new FormData();
    data.append("file", file, file.name);
    const query = $("query").value.trim();
    if (query) data.append("query", query);
    const button = $("submit");
    button.disabled = true;
    button.textContent = "Uploading\u2026";
    try {
      startJob(await api("/analyze-async", { method: "POST", body: data }));
      $("upload-form").reset();
      refreshMine();
    } catch (err) {
      const text = err instanceof ApiError ? err.message : "The upload failed.";
      showUploadError(err.status === 401 ? `${text} Enter an API key above, then submit again.` : text);
    } finally {
      button.disabled = false;
      button.textContent = "Analyse report";
    }
  });
  $("new-analysis").addEventListener("click", () => {
    showUpload();
    $("file").focus();
  });
  $("try-again").addEventListener("click", () => {
    showUpload();
    $("file").focus();
  });
}

// ------------------------------------------------------------------ following a job

let job = null; // {id, status, statusUrl, eventsUrl, watching, polling, stops: [fn], updatedAt, live}

function stopWatching() {
  if (!job) return;
  for (const stop of job.stops.splice(0)) {
    try {
      stop();
    } catch {
      /* already closed */
    }
  }
  job.watching = false;
}

function startJob(info) {
  stopWatching();
  job = {
    id: info.job_id,
    status: info.status || "queued",
    statusUrl: info.status_url || `/status/${info.job_id}`,
    eventsUrl: info.events_url || `/jobs/${info.job_id}/events`,
    watching: false,
    stops: [],
    live: !TERMINAL.has(info.status || "queued"), // seen running: the result gets the focus when it comes
  };
  showJobCard();
  $("job-file").textContent = info.file_processed || "";
  $("job-when").textContent = info.created_at ? `\u00B7 sent ${fmtTime(info.created_at)}` : "";
  if (job.status === "queued") {
    renderStatus({ status: "queued", progress: { stage: "queued", percent: 0 },
      queue_position: info.queue_position, eta_seconds: info.eta_seconds });
  } else {
    $("job-state").textContent = "Loading\u2026"; // the stream's first event brings the state and result
  }
  markCurrentInMine();
  resumeWatch();
}

function resumeWatch() {
  if (!job) return;
  const current = job;
  stopWatching();
  current.watching = true;
  watchStream(current);
  watchQueuePosition(current);
}

function setTransport(text) {
  $("transport").textContent = text ? `Live updates: ${text}` : "";
}

/** Apply one status body; returns true once the job has ended. */
function onStatus(current, body) {
  if (!isObj(body) || job !== current) return true;
  // A late /status answer must not move the view back (ISO times in UTC compare as strings).
  if (current.updatedAt && body.updated_at && body.updated_at < current.updatedAt) return false;
  if (body.updated_at) current.updatedAt = body.updated_at;
  renderStatus(body);
  if (TERMINAL.has(body.status)) {
    stopWatching();
    setTransport("");
    refreshMine();
    return true;
  }
  return false;
}

function onGone(current) {
  if (job !== current) return;
  stopWatching();
  $("job-state").textContent = "This report is no longer here (erased, or older than a day).";
  $("cancel").hidden = true;
  setTransport("");
  refreshMine();
}

async function watchStream(current) {
  const abort = new AbortController();
  current.stops.push(() => abort.abort());
  setTransport("stream");
  let ended = false;
  try {
    const response = await fetch(current.eventsUrl, {
      headers: client.headers({ Accept: "text/event-stream" }),
      cache: "no-store",
      signal: abort.signal,
    });
    if (response.status === 401) {
      askForKey("401");
      current.watching = false;
      setTransport("waiting for an API key");
      return;
    }
    if (response.status === 404) {
      onGone(current);
      return;
    }
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    await readEventStream(response.body, (type, data) => {
      if (ended) return;
      if (type === "gone") {
        ended = true;
        abort.abort();
        onGone(current);
        return;
      }
      if (type !== "status") return;
      let body;
      try {
        body = JSON.parse(data);
      } catch {
        return;
      }
      if (onStatus(current, body)) {
        ended = true;
        abort.abort();
      }
    });
  } catch (err) {
    if (ended || (err && err.name === "AbortError")) return;
  }
  if (!ended && job === current && current.watching) pollStatus(current, "stream ended");
}

async function pollStatus(current, why) {
  if (current.polling) return;
  current.polling = true;
  let stopped = false;
  current.stops.push(() => {
    stopped = true;
  });
  setTransport(`polling (${why})`);
  let failures = 0;
  try {
    while (!stopped && job === current) {
      try {
        const body = await api(current.statusUrl);
        failures = 0;
        if (onStatus(current, body)) return;
        await sleep(body.status === "queued" ? QUEUED_POLL_MS : POLL_MS);
      } catch (err) {
        if (err.status === 404) return onGone(current);
        if (err.status === 401) {
          current.watching = false;
          setTransport("waiting for an API key");
          return;
        }
        failures += 1;
        setTransport(`polling (retrying: ${err.message})`);
        await sleep(Math.min(10000, 1000 * 2 ** Math.min(failures, 4)));
      }
    }
  } finally {
    current.polling = false;
  }
}

/** The stream only speaks when the job changes; its queue position changes when others leave. */
function watchQueuePosition(current) {
  let stopped = false;
  current.stops.push(() => {
    stopped = true;
  });
  (async () => {
    while (!stopped && job === current) {
      await sleep(QUEUED_POLL_MS);
      if (stopped || job !== current || current.status !== "queued" || current.polling) continue;
      try {
        const body = await api(current.statusUrl);
        if (!stopped && job === current && (body.status === "queued" || TERMINAL.has(body.status))) {
          onStatus(current, body);
        }
      } catch {
        /* the stream or the poller reports problems */
      }
    }
  })();
}

function setupCancel() {
  $("cancel").addEventListener("click", async () => {
    if (!job) return;
    const button = $("cancel");
    button.disabled = true;
    try {
      const body = await api(`/jobs/${job.id}`, { method: "DELETE" });
      if (body && body.status === "cancelling") $("job-state").textContent = "Cancelling\u2026";
    } catch (err) {
      $("job-state").textContent = `Could not cancel: ${err.message}`;
    } finally {
      button.disabled = false;
    }
  });
}

// ------------------------------------------------------------------ rendering a job's progress

function statusText(status, stage, body, progress, percent) {
  if (status === "queued") {
    let text = body.queue_position ? `Waiting in the queue (position ${body.queue_position})` : STAGE_TEXT.queued;
    const eta = fmtEta(body.eta_seconds);
    if (eta) text += ` \u00B7 starts in ${eta}`;
    return text;
  }
  if (status === "processing") {
    let text = STAGE_TEXT[stage] || stage;
    if (stage === "extracting" && progress.current_page && progress.total_pages) {
      text += ` (page ${progress.current_page} of ${progress.total_pages})`;
    }
    text += ` \u2014 ${percent}%`;
    const eta = fmtEta(body.eta_seconds);
    if (eta) text += ` \u00B7 ${eta} left`;
    return text;
  }
  if (status === "failed" || status === "cancelled") {
    const where = STAGE_TEXT[str(progress.stopped_at)];
    const verb = status === "failed" ? "Failed" : "Cancelled";
    return where && progress.stopped_at !== "queued" ? `${verb} while ${where.toLowerCase()}` : verb;
  }
  return STAGE_TEXT[status] || status;
}

function renderStatus(body) {
  const status = str(body.status) || "queued";
  const progress = isObj(body.progress) ? body.progress : {};
  const ended = status === "failed" || status === "cancelled";
  // Where the chips stand: the live stage, or (failed, cancelled) the stage the job had reached.
  let stage = str(progress.stage) || status;
  if (status === "queued") stage = "queued";
  if (ended) stage = str(progress.stopped_at) || "queued";
  stage = STEP_OF[stage] || stage;
  let percent = num(Number(progress.percent)) ?? 0;
  if (status === "completed") percent = 100;
  if (job) job.status = status;

  $("job-badge").textContent = status;
  $("job-badge").className = `badge status-${status}`;
  let text = statusText(status, stage, body, progress, percent);
  if (body.attempts > 1 && !TERMINAL.has(status)) text += ` (attempt ${body.attempts} of ${body.max_attempts})`;
  $("job-state").textContent = text;

  const bar = $("job-progress");
  bar.value = Math.max(0, Math.min(100, percent));
  bar.dataset.stage = ended ? status : stage;
  bar.className = `status-${status}`;
  $("job-percent").textContent = `${bar.value}%`;

  const reached = STAGE_ORDER.indexOf(status === "completed" ? "completed" : stage);
  for (const item of $("stages").children) {
    const index = STAGE_ORDER.indexOf(item.dataset.stage);
    let state = "todo";
    if (status === "completed" || (reached >= 0 && index < reached)) state = "done";
    else if (index === reached) state = ended ? "stopped" : "current";
    item.dataset.state = state;
    if (state === "current" || state === "stopped") item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
  }
  $("cancel").hidden = TERMINAL.has(status);
  renderFailure(status, body);
  $("job").classList.toggle("compact", status === "completed");
  if (status === "completed") renderResult(body.result, body);
}

function renderFailure(status, body) {
  const box = $("failure");
  if (status === "failed") {
    // `failure` carries a plain title and a next step; older services only `error` / `error_kind`.
    const f = isObj(body.failure) ? body.failure : {};
    $("failure-title").textContent = str(f.title) || "The analysis failed";
    $("failure-next").textContent = str(f.next_step) || "Try again in a few minutes.";
    const detail = str(f.message || body.error);
    $("failure-detail").textContent = detail.toLowerCase() === $("failure-title").textContent.toLowerCase() ? "" : detail;
    $("failure-code").textContent = str(f.code || body.error_kind);
    box.hidden = false;
  } else if (status === "cancelled") {
    $("failure-title").textContent = "The analysis was cancelled";
    $("failure-next").textContent = "Nothing of the upload was kept. Upload the report again whenever you like.";
    $("failure-detail").textContent = "";
    $("failure-code").textContent = "";
    box.hidden = false;
  } else {
    box.hidden = true;
  }
  box.classList.toggle("cancelled", status === "cancelled");
}

// ------------------------------------------------------------------ reading a result

const isAbnormal = (flag) => flag === "low" || flag === "high" || flag === "critical_low" || flag === "critical_high";
const isCritical = (b) => str(b.flag).startsWith("critical") || b.severity === "critical";

/** The first paragraph under "## Summary" of the written analysis (results older than `answer`). */
function summaryParagraph(markdown) {
  const match = /^##\s*Summary\s*\n+([\s\S]*?)(?:\n##|\n*$)/m.exec(str(markdown));
  return match ? match[1].trim().split(/\n\s*\n/)[0] : "";
}

/** Results older than `answer`: their summary opens with a sentence about what was asked
 * ("You asked about LDL 4.9 mmol/L (high); ..." or "The results you asked about are not in
 * this report."), or says nothing of it when the question named no test it knew. */
function olderAnswer(question, summary) {
  const first = summary.split(/(?<=[.!?])\s+(?=[A-Z])/)[0] || "";
  if (/^(You asked|The results you asked)/.test(first)) return { question, text: first, understood: true };
  return { question, understood: false,
    text: "This question was not matched to particular results; the summary below covers the whole report." };
}

/** Everything the page shows, from the result's fields or, where an older result lacks one,
 * from what it can be worked out from. Field names: see issue 14 (answer, urgent, coverage,
 * counts, severity) and shared/analysis/pipeline.py (the rest). */
function readResult(r) {
  const biomarkers = arr(r.biomarkers).filter(isObj);
  const others = arr(r.other_results).filter(isObj);
  const judged = biomarkers.filter((b) => b.flag !== null && b.flag !== undefined && b.flag !== "");
  const c = isObj(r.counts) ? r.counts : {};
  const counts = {
    total: num(c.total) ?? biomarkers.length,
    judged: num(c.judged) ?? judged.length,
    outside: num(c.outside) ?? biomarkers.filter((b) => isAbnormal(b.flag)).length,
  };
  const cov = isObj(r.coverage) ? r.coverage : null;
  const coverage = {
    rowsRead: (cov && num(cov.rows_read)) ?? biomarkers.length + others.length,
    rowsUnread: cov ? num(cov.rows_unread) : null,
    complete: cov ? cov.complete !== false : true,
    note: cov ? str(cov.note) : "",
  };
  let answer = null;
  if ("answer" in r) {
    if (isObj(r.answer)) {
      answer = { question: str(r.answer.question) || str(r.query), text: str(r.answer.text),
        understood: r.answer.understood !== false };
    }
  } else if (str(r.query).trim() && str(r.query).trim() !== DEFAULT_QUERY) {
    answer = olderAnswer(str(r.query).trim(), summaryParagraph(r.analysis));
  }
  const urgent = Array.isArray(r.urgent)
    ? r.urgent.filter(isObj)
    : biomarkers.filter(isCritical).map((b) => ({ ...b, action: "Contact a doctor today." }));
  return {
    biomarkers, others, counts, coverage, answer, urgent,
    findings: arr(r.findings).filter(isObj),
    views: isObj(r.specialist_views) ? r.specialist_views : {},
    advice: arr(r.advice).filter(isObj),
    patient: isObj(r.patient) ? r.patient : {},
    notes: arr(r.notes).map(str).filter(Boolean),
    analysis: str(r.analysis),
    disclaimer: str(r.disclaimer),
    hasFindings: Array.isArray(r.findings),
  };
}

// ------------------------------------------------------------------ the summary card

function valueText(b) {
  return `${fmtNumber(b.value)}${b.unit ? ` ${b.unit}` : ""}`;
}

function reportLine(patient) {
  const parts = [];
  if (patient.name) parts.push(str(patient.name));
  if (patient.age !== null && patient.age !== undefined && patient.age !== "") parts.push(`age ${patient.age}`);
  if (patient.sex) parts.push(str(patient.sex));
  if (patient.date) parts.push(`tested ${patient.date}`);
  if (patient.lab) parts.push(str(patient.lab));
  return parts.length ? el("p", { class: "report-line muted small" }, parts.join(" \u00B7 ")) : null;
}

function answerBlock(answer) {
  if (!answer) return null;
  return el("div", { class: `answer${answer.understood ? "" : " not-understood"}`, id: "answer" },
    el("p", { class: "asked" }, "You asked: ", el("q", {}, answer.question)),
    answer.text ? el("p", { class: "answer-text" }, inline(answer.text)) : null,
  );
}

function urgentBlock(urgent) {
  if (!urgent.length) return null;
  return el("div", { class: "urgent", id: "urgent", role: "alert" },
    el("h3", {}, urgent.length === 1 ? "One result needs attention now" : `${urgent.length} results need attention now`),
    el("ul", {}, urgent.map((u) => el("li", {},
      el("strong", {}, `${str(u.name)} ${valueText(u)}`),
      u.flag ? ` (${(FLAG_TEXT[u.flag] || str(u.flag)).replace(/\s*[\u25B2\u25BC]+$/, "").toLowerCase()})` : "",
      u.action ? el("span", { class: "action" }, ` \u2014 ${str(u.action)}`) : null,
    ))),
  );
}

function headline(counts, coverage) {
  const outside = el("li", { id: "count-outside", "data-outside": counts.outside, "data-judged": counts.judged },
    counts.judged
      ? [el("strong", {}, `${counts.outside} of ${counts.judged}`), ` ${counts.judged === 1 ? "result" : "results"} outside the range`]
      : "No result could be judged against a range");
  const rows = coverage.rowsUnread
    ? [el("strong", {}, `${coverage.rowsRead} of ${coverage.rowsRead + coverage.rowsUnread}`), " result rows read"]
    : [el("strong", {}, String(coverage.rowsRead)), ` result ${coverage.rowsRead === 1 ? "row" : "rows"} read`];
  const items = [outside, el("li", { id: "rows-read" }, rows)];
  const unjudged = counts.total - counts.judged;
  if (unjudged > 0) items.push(el("li", {}, `${plural(unjudged, "result")} without a range to judge by`));
  return el("ul", { class: "headline" }, items);
}

function summaryCard(view) {
  const { counts, coverage } = view;
  const partial = !coverage.complete || coverage.rowsUnread > 0;
  return [
    el("div", { class: "summary-head" },
      el("h2", { id: "summary-heading", tabindex: "-1" }, "Your results"),
      reportLine(view.patient),
    ),
    urgentBlock(view.urgent), // urgency first (issue 14), then the answer to the question
    answerBlock(view.answer),
    headline(counts, coverage),
    partial
      ? el("p", { class: "note coverage", id: "coverage-note" }, coverage.note
        || `Only part of this report could be read: ${plural(coverage.rowsUnread || 0, "row")} were not checked, so this is not the whole picture.`)
      : null,
    view.disclaimer ? el("p", { class: "disclaimer", role: "note" }, view.disclaimer) : null,
  ];
}

// ------------------------------------------------------------------ the details

function rangeText(b) {
  if (b.ref_text) return str(b.ref_text);
  const has = (v) => v !== null && v !== undefined && v !== "";
  if (has(b.ref_low) && has(b.ref_high)) return `${fmtNumber(b.ref_low)} \u2013 ${fmtNumber(b.ref_high)}`;
  if (has(b.ref_high)) return `\u2264 ${fmtNumber(b.ref_high)}`;
  if (has(b.ref_low)) return `\u2265 ${fmtNumber(b.ref_low)}`;
  return "";
}

// ------------------------------------------------------------------ range bars (issue 16)

/** Where a value sits on a bar of below / within / above zones, in percent of the bar.
 * Two-sided range: the range fills the middle half (25-75 %), so its lower bound is the left
 * edge of the normal zone; a value outside is placed in the side zone by how far out it is
 * (one range-width out reaches the bar's end). Upper limit only ("< 100"): normal from 0 up to
 * 75 %, then the above zone. Lower limit only ("> 40"): the below zone up to 25 %, then normal.
 * Returns null when there is no range to draw. */
function rangeGeometry(b) {
  const v = num(b.value);
  const lo = num(b.ref_low);
  const hi = num(b.ref_high);
  if (v === null || (lo === null && hi === null) || (lo !== null && hi !== null && hi <= lo)) return null;
  const clamp = (x) => Math.max(0, Math.min(100, x));
  if (lo !== null && hi !== null) {
    const span = hi - lo;
    const pos = v < lo ? 25 - 25 * Math.min(1, (lo - v) / span)
      : v > hi ? 75 + 25 * Math.min(1, (v - hi) / span) : 25 + 50 * ((v - lo) / span);
    return { below: 25, within: 50, above: 25, pos: clamp(pos), zone: v < lo ? "below" : v > hi ? "above" : "within" };
  }
  if (hi !== null) {
    const scale = Math.abs(hi) || 1;
    const pos = v <= hi ? 75 * Math.max(0, v) / scale : 75 + 25 * Math.min(1, (v - hi) / scale);
    return { below: 0, within: 75, above: 25, pos: clamp(hi > 0 ? pos : v <= hi ? 37.5 : 87.5), zone: v > hi ? "above" : "within" };
  }
  const scale = Math.abs(lo) || 1;
  const pos = v >= lo ? 25 + 75 * Math.min(1, (v - lo) / scale) : 25 * Math.max(0, v) / scale;
  return { below: 25, within: 75, above: 0, pos: clamp(lo > 0 ? pos : v >= lo ? 62.5 : 12.5), zone: v < lo ? "below" : "within" };
}

const ZONE_TEXT = { below: "below the range", within: "within the range", above: "above the range" };

/** Sizes go through the CSSOM (`node.style`): the page's Content-Security-Policy (style-src
 * 'self') refuses style attributes. */
function sized(node, property, percent) {
  node.style.setProperty(property, `${percent}%`);
  return node;
}

/** The value drawn on its reference range, under the range text (null without a range). */
function rangeBar(b) {
  const g = rangeGeometry(b);
  if (!g) return null;
  const zone = (name, width) => (width ? sized(el("span", { class: `zone zone-${name}` }), "width", width) : null);
  return el("div", {
    class: `range-bar at-${g.zone}`, role: "img", "data-zone": g.zone, "data-pos": g.pos.toFixed(2),
    "aria-label": `${fmtNumber(b.value)}${b.unit ? ` ${b.unit}` : ""}: ${ZONE_TEXT[g.zone]}`,
  },
  zone("below", g.below), zone("within", g.within), zone("above", g.above),
  sized(el("span", { class: "marker" }), "left", g.pos));
}

/** The same test printed in two unit systems (one canonical key, two units: "Hb 14.1 g/dL" and
 * "Hb 8.75 mmol/L") as one row: [{ main, also: [...] }] in report order; the row is abnormal
 * when any of its values is. */
function unitPairs(biomarkers) {
  const rows = [];
  const byKey = new Map();
  const fold = (u) => str(u).toLowerCase().replace(/\s+/g, "").replace(/\u00b5|\u03bc/g, "u");
  for (const b of biomarkers) {
    const key = str(b.canonical);
    const row = key ? byKey.get(key) : null;
    if (row && row.also.length === 0 && fold(row.main.unit) !== fold(b.unit) && b.unit && row.main.unit) {
      row.also.push(b);
      continue;
    }
    const fresh = { main: b, also: [] };
    rows.push(fresh);
    if (key && !byKey.has(key)) byKey.set(key, fresh);
  }
  return rows;
}

/** "Also printed as 8.75 mmol/L (range 8.4 - 10.9)" under a paired value. */
function alsoPrinted(row) {
  return row.also.map((b) => el("div", { class: "also-printed small", "data-unit": str(b.unit) },
    el("span", { class: "muted" }, "also "), el("span", { class: "num" }, fmtNumber(b.value)),
    b.unit ? el("span", { class: "unit" }, ` ${b.unit}`) : null));
}

// ------------------------------------------------------------------ downloads and printing (issue 16)

const EXPORTS = [["fhir", "Download FHIR", "FHIR R4 (LOINC and UCUM coded), for health records"],
  ["csv", "Download CSV", "A spreadsheet, one row per result"]];

/** The finished job's result as a file: fetched with this page's key or browser id (a plain link
 * could not send them), then saved through a temporary link. */
async function downloadExport(jobId, kind, button) {
  const note = $("export-note");
  button.disabled = true;
  try {
    const response = await fetch(`/jobs/${encodeURIComponent(jobId)}/${kind}`, {
      cache: "no-store",
      headers: apiKey.value ? { "X-API-Key": apiKey.value, "X-Browser-Id": browserId.value } : { "X-Browser-Id": browserId.value },
    });
    if (!response.ok) {
      let detail = `the service answered ${response.status}`;
      try { detail = str((await response.json()).detail) || detail; } catch { /* not JSON */ }
      throw new Error(detail);
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") || "");
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: name ? name[1] : `lab-results.${kind}`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    note.textContent = "";
  } catch (err) {
    note.textContent = `The download failed: ${err.message}`;
  } finally {
    button.disabled = false;
  }
}

function fillResultActions(jobId) {
  const bar = $("result-actions");
  if (!bar || !jobId) return;
  bar.replaceChildren(
    ...EXPORTS.map(([kind, label, title]) => {
      const button = el("button", { type: "button", class: "secondary small-button", "data-export": kind, title }, label);
      button.addEventListener("click", () => downloadExport(jobId, kind, button));
      return button;
    }),
    el("button", { type: "button", class: "secondary small-button", id: "print-result", onclick: () => window.print(),
      title: "A clean summary on paper, for your doctor" }, "Print"),
    el("span", { id: "export-note", class: "error small", role: "status" }),
  );
}

// Print everything: folded parts open while printing, as they were afterwards.
window.addEventListener("beforeprint", () => {
  for (const d of document.querySelectorAll("#result details:not([open])")) {
    d.dataset.printOpened = "true";
    d.open = true;
  }
});
window.addEventListener("afterprint", () => {
  for (const d of document.querySelectorAll("#result details[data-print-opened]")) {
    d.open = false;
    delete d.dataset.printOpened;
  }
});

function flagCell(b) {
  const flag = b.flag || null;
  if (!flag) return el("td", { class: "flag flag-none", title: "No range to judge this result by" }, "\u2014");
  const known = Object.prototype.hasOwnProperty.call(FLAG_TEXT, flag);
  const text = (b.severity === "marked" && MARKED_TEXT[flag]) || FLAG_TEXT[flag] || flag;
  return el("td", { class: `flag flag-${known ? flag : "other"}`, "data-severity": b.severity || null },
    el("span", { class: "flag-badge" }, text));
}

/** A value read by OCR: "scan", or "check" when it was read with low confidence (it is then in to_check). */
function ocrMark(b) {
  if (b.source !== "ocr") return null;
  const low = typeof b.confidence === "number" && b.confidence < 0.8;
  return el("span", { class: low ? "ocr-mark low" : "ocr-mark muted small",
    title: low ? "Read from a scan or photo with low confidence: check it against your report"
      : "Read from a scan or photo" }, low ? " check" : " scan");
}

function biomarkerTable(biomarkers) {
  const outside = biomarkers.filter((b) => isAbnormal(b.flag)).length;
  const only = el("input", { type: "checkbox", id: "only-abnormal" });
  const table = el("table", { id: "biomarker-table", class: "biomarkers" },
    el("caption", { class: "sr-only" }, `All results: ${biomarkers.length}, outside the range: ${outside}`),
    el("thead", {}, el("tr", {},
      [["Test"], ["Result"], ["Reference range", "col-range"], ["Flag"], ["Panel", "col-panel"]].map(([h, cls]) =>
        el("th", { scope: "col", class: cls }, h)))),
    el("tbody", {}, unitPairs(biomarkers).map((row) => {
      const b = row.main;
      const flag = (isAbnormal(b.flag) ? b.flag : (row.also.find((x) => isAbnormal(x.flag)) || b).flag) || null;
      const cls = ["marker"];
      if (isAbnormal(flag)) cls.push("abnormal", `abnormal-${flag.startsWith("critical") ? "critical" : flag}`);
      if (row.also.length) cls.push("paired");
      const range = rangeText(b);
      return el("tr", { class: cls.join(" "), "data-flag": flag || "none" },
        el("th", { scope: "row" }, str(b.name) || str(b.canonical) || "?"),
        el("td", { class: "num" }, fmtNumber(b.value), b.unit ? el("span", { class: "unit" }, ` ${b.unit}`) : null,
          alsoPrinted(row), ocrMark(b)),
        el("td", { class: "col-range" },
          range,
          b.range_source === "default" && range
            ? el("span", { class: "muted small", title: "No range printed on the report; a typical adult range was used" }, " (typical)")
            : null,
          rangeBar(b),
        ),
        flagCell(flag === b.flag ? b : row.also.find((x) => x.flag === flag)),
        el("td", { class: "muted col-panel" }, str(b.panel)),
      );
    })),
  );
  only.addEventListener("change", () => table.classList.toggle("only-abnormal", only.checked));
  return el("section", { class: "result-part", "aria-labelledby": "biomarkers-heading" },
    el("div", { class: "part-head" },
      el("h3", { id: "biomarkers-heading" }, "All results"),
      outside ? el("label", { class: "check" }, only, " Only those outside the range") : null,
    ),
    // "Download FHIR", "Download CSV" and "Print" (fillResultActions, once the job id is known).
    el("div", { class: "result-actions", id: "result-actions" }),
    el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-labelledby": "biomarkers-heading" }, table),
  );
}

/** Text or list of texts -> short items: one per sentence. */
function notesOf(value) {
  if (Array.isArray(value)) return value.map(str).filter(Boolean);
  return str(value).split(/(?<=[.!?])\s+(?=[A-Z])/).map((s) => s.trim()).filter(Boolean);
}

// The advice roles of `result.advice` and the keys of `specialist_views` they make up.
const ROLE_VIEW = { physician: "physician", nutrition: "nutritionist", exercise: "exercise" };
const words = (s) => str(s).toLowerCase().replace(/[\s_-]+/g, " ").trim();

/** The finding an advice statement belongs to, from its id ("<marker>.<direction>.<role>" or
 * "<panel or condition>.<...>", shared/analysis/advice/advice.toml): the finding holding that
 * marker, else the finding of that panel; -1 when it cannot be told. */
function findingOf(id, view) {
  const head = str(id).split(".")[0];
  const marker = view.biomarkers.find((b) => b.canonical === head && isAbnormal(b.flag));
  let i = marker ? view.findings.findIndex((f) => arr(f.markers).includes(marker.name)) : -1;
  if (i < 0) {
    const panel = words(head);
    i = view.findings.findIndex((f) => [panel, panel.split(" ")[0]].includes(words(f.panel)));
  }
  return i;
}

/** The specialists' notes, each under the finding it is about where that can be told (a
 * statement of `advice` by its id, or in older results a note naming the finding's markers:
 * "Iron (Ferritin, Serum Iron): ..."); the rest stay with their specialist, one item a sentence. */
function sortNotes(view) {
  const perFinding = view.findings.map(() => new Map()); // label -> [texts]
  const add = (i, label, text) => perFinding[i].set(label, [...(perFinding[i].get(label) || []), text]);
  const keys = [...SPECIALISTS];
  for (const k of Object.keys(view.views)) if (!keys.some(([known]) => known === k)) keys.push([k, k]);
  const label = Object.fromEntries(keys);
  const rest = Object.fromEntries(keys.map(([k]) => [k, str(view.views[k])]));
  for (const item of view.advice) {
    const key = ROLE_VIEW[item.role];
    const i = key ? findingOf(item.id, view) : -1;
    if (i < 0 || !str(item.text)) continue;
    add(i, label[key], str(item.text));
    rest[key] = rest[key].replace(str(item.text), "");
  }
  const general = [];
  for (const [k] of keys) {
    const left = [];
    for (const note of notesOf(rest[k])) {
      const i = view.findings.findIndex((f) => arr(f.markers).length && note.includes(` (${arr(f.markers).join(", ")}): `));
      if (i >= 0) add(i, label[k], note.slice(note.indexOf("): ") + 3));
      else left.push(note);
    }
    if (left.length) general.push([k, label[k], left]);
  }
  return { perFinding, general };
}

/** Doctor, then food, then activity (then anyone else). */
function bySpecialist([a], [b]) {
  const rank = (label) => {
    const i = SPECIALISTS.findIndex(([, l]) => l === label);
    return i < 0 ? SPECIALISTS.length : i;
  };
  return rank(a) - rank(b);
}

function findingsSection(view, perFinding) {
  return el("section", { class: "result-part", "aria-labelledby": "findings-heading" },
    el("h3", { id: "findings-heading" }, "What stands out"),
    view.findings.length
      ? view.findings.map((f, i) => {
        const markers = arr(f.markers).map(str).filter(Boolean);
        const notes = perFinding[i];
        return el("article", { class: "finding", "data-panel": str(f.panel) },
          el("h4", {}, str(f.title) || str(f.panel) || "Finding"),
          markers.length ? el("ul", { class: "tags", "aria-label": "Results" }, markers.map((m) => el("li", {}, m))) : null,
          f.explanation ? el("p", {}, str(f.explanation)) : null,
          notes.size
            ? el("dl", { class: "finding-notes" }, [...notes].sort(bySpecialist).flatMap(([who, texts]) => [
              el("dt", {}, who), ...texts.map((text) => el("dd", {}, text))]))
            : null,
        );
      })
      : el("p", { class: "muted" }, "No result is outside its range."),
  );
}

function specialistSection(general) {
  if (!general.length) return null;
  return el("section", { class: "result-part", "aria-labelledby": "views-heading" },
    el("h3", { id: "views-heading" }, "From the specialists"),
    el("div", { class: "views" }, general.map(([k, label, items]) =>
      el("article", { class: `view view-${k}` }, el("h4", {}, label), el("ul", {}, items.map((t) => el("li", {}, t)))))),
  );
}

/** **bold** and *italic* as DOM nodes (never HTML). */
function inline(s) {
  const out = [];
  const re = /\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  let last = 0;
  let m;
  while ((m = re.exec(s))) {
    if (m.index > last) out.push(s.slice(last, m.index));
    out.push(m[1] !== undefined ? el("strong", {}, m[1]) : el("em", {}, m[2]));
    last = re.lastIndex;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

/** Markdown subset (headings, lists, paragraphs, **bold**, *italic*) built as DOM nodes, never HTML. */
function markdown(text) {
  const root = el("div", { class: "markdown" });
  let list = null;
  let para = [];
  const flush = () => {
    if (para.length) root.append(el("p", {}, inline(para.join(" "))));
    para = [];
  };
  for (const raw of str(text).split(/\r?\n/)) {
    const line = raw.trimEnd();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      list = null;
      root.append(el(heading[1].length <= 2 ? "h4" : "h5", {}, inline(heading[2])));
    } else if (bullet) {
      flush();
      if (!list) {
        list = el("ul");
        root.append(list);
      }
      list.append(el("li", {}, inline(bullet[1])));
    } else if (!line.trim()) {
      flush();
      list = null;
    } else {
      list = null;
      para.push(line.trim());
    }
  }
  flush();
  return root;
}

function othersSection(others) {
  if (!others.length) return null;
  return el("section", { class: "result-part", "aria-labelledby": "others-heading" },
    el("h3", { id: "others-heading" }, "Other results (not judged)"),
    el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-labelledby": "others-heading" },
      el("table", { class: "compact" },
        el("thead", {}, el("tr", {}, ["Test", "Result", "Unit", "Reference"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, others.map((o) => el("tr", {},
          el("th", { scope: "row" }, str(o.name)), el("td", {}, str(o.result)), el("td", {}, str(o.unit)),
          el("td", {}, str(o.ref_text))))),
      ),
    ),
  );
}

/** Values read from a scan or photo with low confidence (result.to_check): to compare with the paper. */
function toCheckSection(items) {
  const rows = arr(items).filter(isObj);
  if (!rows.length) return null;
  return el("section", { class: "result-part", id: "to-check", "aria-labelledby": "to-check-heading" },
    el("h3", { id: "to-check-heading" }, "Check these against your report"),
    el("p", { class: "note" }, "These values were read from a scan or photo and may have been misread. Compare each "
      + "with your printed report before acting on it."),
    el("ul", {}, rows.map((c) => el("li", {}, el("strong", {}, str(c.name)), ": ", fmtNumber(c.value),
      c.unit ? ` ${c.unit}` : "", el("span", { class: "muted small" }, ` (page ${c.page})`)))),
  );
}

function renderResult(result, body) {
  $("result").hidden = false;
  if (!isObj(result)) {
    $("summary").replaceChildren(el("p", { class: "muted" }, "The analysis completed but returned no result."));
    $("details").replaceChildren();
    return;
  }
  const view = readResult(result);
  $("summary").replaceChildren(...summaryCard(view).filter(Boolean));
  const { perFinding, general } = sortNotes(view);
  const parts = [
    toCheckSection(result.to_check),
    view.biomarkers.length ? biomarkerTable(view.biomarkers) : el("p", { class: "muted" }, "No results were read from this report."),
    view.hasFindings ? findingsSection(view, perFinding) : null,
    specialistSection(general),
    othersSection(view.others),
    view.notes.length
      ? el("section", { class: "result-part", "aria-labelledby": "notes-heading" },
        el("h3", { id: "notes-heading" }, "Notes"), el("ul", { class: "notes" }, view.notes.map((n) => el("li", {}, n))))
      : null,
    view.analysis
      ? el("details", { class: "result-part analysis" }, el("summary", {}, "The whole written analysis"), markdown(view.analysis))
      : null,
  ];
  const meta = [];
  if (result.narrative_source) meta.push(`written by: ${result.narrative_source === "local" ? "the local analysis" : result.narrative_source}`);
  if (body && body.finished_at) meta.push(`finished ${fmtTime(body.finished_at)}`);
  if (meta.length) parts.push(el("p", { class: "muted small" }, meta.join(" \u00B7 ")));
  $("details").replaceChildren(...parts.filter(Boolean));
  fillResultActions(body && body.job_id);
  if (job && job.live) {
    job.live = false;
    $("summary-heading").focus({ preventScroll: true });
  }
}

// ------------------------------------------------------------------ my reports

let mineTimer = null;
let mineBusy = false;
let mineJobs = [];

function markCurrentInMine() {
  for (const item of $("mine-list").children) {
    item.classList.toggle("current", !!job && item.dataset.job === job.id);
  }
}

function renderMine(jobs) {
  mineJobs = jobs;
  const items = jobs.map((j) => {
    const status = str(j.status);
    const detail = status === "processing" ? `${STAGE_TEXT[str(j.stage)] || str(j.stage)} ${j.percent || 0}%` : "";
    return el("li", { class: `mine-item status-${status}`, "data-job": str(j.job_id) },
      el("button", { type: "button", class: "link-button", onclick: () => startJob(j) },
        str(j.file_processed) || "Report"),
      el("span", { class: `badge status-${status}` }, status),
      detail ? el("span", { class: "muted small" }, detail) : null,
      el("span", { class: "muted small when" }, fmtTime(j.created_at)),
    );
  });
  if (!items.length) items.push(el("li", { class: "muted" }, "None yet."));
  $("mine-list").replaceChildren(...items);
  markCurrentInMine();
}

async function refreshMine() {
  if (mineBusy) return;
  mineBusy = true;
  try {
    const body = await api("/jobs?limit=10");
    renderMine(arr(body && body.jobs).filter(isObj));
    $("mine-note").textContent = apiKey.value
      ? "Reports analysed with your key in the last day."
      : "Reports analysed from this browser in the last day.";
  } catch (err) {
    $("mine-note").textContent = err.status === 401 ? "Enter your API key to see your reports." : `Not available: ${err.message}`;
  } finally {
    mineBusy = false;
  }
}

function scheduleMine() {
  clearTimeout(mineTimer);
  mineTimer = setTimeout(async () => {
    if (!document.hidden && mineJobs.some((j) => !TERMINAL.has(str(j.status)))) await refreshMine();
    scheduleMine();
  }, MINE_REFRESH_MS);
}

// ------------------------------------------------------------------ start

function start() {
  $("stages").replaceChildren(...STEPS.map(([stage, label]) => el("li", { "data-stage": stage }, label)));
  setupUpload();
  setupCancel();
  showUpload();
  refreshMine();
  scheduleMine();
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) refreshMine();
  });
  document.documentElement.dataset.ready = "true";
}

start();
