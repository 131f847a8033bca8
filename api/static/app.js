/* Blood Test Report Analyzer dashboard: plain JS, no build step, no third-party code.
 *
 * Progress of a job: without an API key, EventSource on events_url; with a key (EventSource cannot
 * send headers), fetch() streaming of the same SSE endpoint with X-API-Key. If the stream fails
 * or ends early, /status is polled instead. While a job is queued, /status is also read every few
 * seconds, because the stream only speaks when the job itself changes (not when jobs ahead leave).
 *
 * Privacy: nothing here writes report data to the console, and only the API key is stored.
 */
"use strict";

(() => {
  const KEY_STORAGE = "bta.apiKey";
  const QUEUE_REFRESH_MS = 3000;
  const POLL_MS = 1000;
  const QUEUED_POLL_MS = 2500;
  const TERMINAL = new Set(["completed", "failed", "cancelled"]);
  const STAGE_ORDER = ["queued", "extracting", "parsing", "analyzing", "finalizing", "completed"];
  const STAGE_TEXT = {
    queued: "Queued",
    started: "Starting",
    extracting: "Extracting text",
    parsing: "Parsing results",
    analyzing: "Analyzing",
    finalizing: "Finalizing",
    completed: "Completed",
    failed: "Failed",
    cancelled: "Cancelled",
  };
  const FLAG_TEXT = {
    low: "Low \u25BC",
    high: "High \u25B2",
    critical_low: "Critically low \u25BC\u25BC",
    critical_high: "Critically high \u25B2\u25B2",
    normal: "Normal",
  };
  const SPECIALISTS = [
    ["physician", "Physician"],
    ["nutritionist", "Nutritionist"],
    ["exercise", "Exercise physiologist"],
  ];

  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------ small DOM helpers

  /** el("p", {class: "x"}, "text", child) — text is always set as text, never parsed as HTML. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const arr = (v) => (Array.isArray(v) ? v : []);
  const str = (v) => (v === null || v === undefined ? "" : String(v));

  function fmtNumber(v) {
    if (typeof v === "number" && Number.isFinite(v)) {
      return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
    }
    return str(v);
  }

  function fmtTime(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return "";
    const sameDay = d.toDateString() === new Date().toDateString();
    return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
  }

  function fmtEta(seconds) {
    if (typeof seconds !== "number" || !Number.isFinite(seconds)) return "";
    if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
    return `about ${Math.ceil(seconds / 60)} min`;
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // ------------------------------------------------------------------ API key and requests

  function getKey() {
    try {
      return localStorage.getItem(KEY_STORAGE) || "";
    } catch {
      return "";
    }
  }

  function setKey(key) {
    try {
      if (key) localStorage.setItem(KEY_STORAGE, key);
      else localStorage.removeItem(KEY_STORAGE);
    } catch {
      /* storage disabled: the key lives for this page only */
    }
    memoryKey = key;
  }

  let memoryKey = getKey();
  const currentKey = () => getKey() || memoryKey;

  function authHeaders(extra) {
    const headers = Object.assign({}, extra || {});
    const key = currentKey();
    if (key) headers["X-API-Key"] = key;
    return headers;
  }

  class ApiError extends Error {
    constructor(status, detail, code) {
      super(detail);
      this.status = status;
      this.code = code || "";
    }
  }

  /** A JSON call; raises ApiError with the server's `detail` (status 0: unreachable). */
  async function api(path, options) {
    const opts = Object.assign({ cache: "no-store" }, options || {});
    opts.headers = authHeaders(Object.assign({ Accept: "application/json" }, opts.headers || {}));
    let response;
    try {
      response = await fetch(path, opts);
    } catch (err) {
      if (err && err.name === "AbortError") throw err;
      throw new ApiError(0, "The service cannot be reached; check the connection and try again.", "network");
    }
    let body = null;
    if ((response.headers.get("content-type") || "").includes("json")) {
      try {
        body = await response.json();
      } catch {
        body = null;
      }
    }
    if (!response.ok) {
      const detail = body && typeof body.detail === "string" ? body.detail : `HTTP ${response.status}`;
      if (response.status === 401) askForKey(detail);
      throw new ApiError(response.status, detail, body && body.error);
    }
    return body;
  }

  // ------------------------------------------------------------------ key panel

  function askForKey(detail) {
    const panel = $("key-panel");
    const had = currentKey();
    $("key-message").textContent = had
      ? `The saved API key was refused (${detail}). Enter another key.`
      : "This service needs an API key. Enter it to continue.";
    panel.hidden = false;
    $("key-toggle").setAttribute("aria-expanded", "true");
  }

  function setupKeyPanel() {
    const panel = $("key-panel");
    const toggle = $("key-toggle");
    toggle.addEventListener("click", () => {
      panel.hidden = !panel.hidden;
      toggle.setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden) {
        $("key-message").textContent = currentKey() ? "A key is saved in this browser." : "No key saved.";
        $("api-key").focus();
      }
    });
    $("key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const key = $("api-key").value.trim();
      if (!key) return;
      setKey(key);
      $("api-key").value = "";
      $("key-message").textContent = "Key saved.";
      panel.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      showUploadError("");
      refreshQueue();
      if (job && !TERMINAL.has(job.status) && !job.watching) resumeWatch();
    });
    $("key-forget").addEventListener("click", () => {
      setKey("");
      $("key-message").textContent = "Key removed from this browser.";
      refreshQueue();
    });
  }

  // ------------------------------------------------------------------ upload

  function showUploadError(text) {
    const box = $("upload-error");
    box.textContent = text;
    box.hidden = !text;
  }

  function setupUpload() {
    const form = $("upload-form");
    form.addEventListener("submit", async (event) => {
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
      data.append("priority", $("priority").value);
      const button = $("submit");
      button.disabled = true;
      button.textContent = "Uploading\u2026";
      try {
        const accepted = await api("/analyze-async", { method: "POST", body: data });
        startJob(accepted);
      } catch (err) {
        const text = err instanceof ApiError ? err.message : "The upload failed.";
        showUploadError(err.status === 401 ? `${text} Enter an API key above, then submit again.` : text);
      } finally {
        button.disabled = false;
        button.textContent = "Analyse report";
      }
    });
  }

  // ------------------------------------------------------------------ following a job

  let job = null; // {id, status, statusUrl, eventsUrl, watching, stops: [fn]}

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
      version: 0,
    };
    $("job").hidden = false;
    $("result").hidden = true;
    $("result-body").replaceChildren();
    $("job-error").hidden = true;
    $("job-file").textContent = info.file_processed || "";
    $("job-id").textContent = info.job_id;
    if ((info.status || "queued") === "queued") {
      renderStatus({ status: "queued", progress: { stage: "queued", percent: 0 },
        queue_position: info.queue_position, eta_seconds: info.eta_seconds });
    } else {
      // Opened from the job list: the stream's first event brings the full state and result.
      $("job-state").textContent = "Loading…";
      $("job-badge").textContent = str(info.status);
      $("job-badge").className = `badge status-${str(info.status)}`;
    }
    resumeWatch();
    refreshQueue();
    $("job").scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function resumeWatch() {
    if (!job) return;
    const current = job;
    stopWatching();
    current.watching = true;
    const useEventSource = !currentKey() && "EventSource" in window;
    if (useEventSource) watchWithEventSource(current);
    else watchWithFetchStream(current);
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
      refreshQueue();
      return true;
    }
    return false;
  }

  function onGone(current) {
    if (job !== current) return;
    stopWatching();
    renderGone();
  }

  function watchWithEventSource(current) {
    const source = new EventSource(current.eventsUrl);
    let ended = false;
    current.stops.push(() => source.close());
    setTransport("stream (EventSource)");
    source.addEventListener("status", (event) => {
      let body;
      try {
        body = JSON.parse(event.data);
      } catch {
        return;
      }
      if (onStatus(current, body)) {
        ended = true;
        source.close();
      }
    });
    source.addEventListener("gone", () => {
      ended = true;
      source.close();
      onGone(current);
    });
    source.addEventListener("error", () => {
      // Auth or 404 close the stream; a dropped connection would reconnect. Either way, polling
      // is the dependable path from here.
      source.close();
      if (!ended && job === current && current.watching) pollStatus(current, "stream failed");
    });
  }

  async function watchWithFetchStream(current) {
    const abort = new AbortController();
    current.stops.push(() => abort.abort());
    setTransport("stream (fetch)");
    let ended = false;
    try {
      const response = await fetch(current.eventsUrl, {
        headers: authHeaders({ Accept: "text/event-stream" }),
        cache: "no-store",
        signal: abort.signal,
      });
      if (response.status === 401) {
        askForKey("401");
        current.watching = false;
        setTransport("waiting for an API key");
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

  /** Minimal Server-Sent Events reader over a fetch() body: calls onEvent(type, data). */
  async function readEventStream(stream, onEvent) {
    const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let type = "message";
    let data = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
        if (line === "") {
          if (data.length) onEvent(type, data.join("\n"));
          type = "message";
          data = [];
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? "" : line.slice(colon + 1);
        if (val.startsWith(" ")) val = val.slice(1);
        if (field === "event") type = val;
        else if (field === "data") data.push(val);
      }
    }
  }

  async function pollStatus(current, why) {
    if (current.polling) return;
    current.polling = true;
    let stopped = false;
    current.stops.push(() => {
      stopped = true;
    });
    setTransport(`polling /status (${why})`);
    try {
      await pollLoop(current, () => stopped);
    } finally {
      current.polling = false;
    }
  }

  async function pollLoop(current, isStopped) {
    let failures = 0;
    while (!isStopped() && job === current) {
      try {
        const body = await api(current.statusUrl);
        failures = 0;
        if (onStatus(current, body)) return;
        await sleep(body.status === "queued" ? QUEUED_POLL_MS : POLL_MS);
      } catch (err) {
        if (err.status === 404) {
          onGone(current);
          return;
        }
        if (err.status === 401) {
          current.watching = false;
          setTransport("waiting for an API key");
          return;
        }
        failures += 1;
        setTransport(`polling /status (retrying: ${err.message})`);
        await sleep(Math.min(10000, 1000 * 2 ** Math.min(failures, 4)));
      }
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

  // ------------------------------------------------------------------ rendering a job

  function renderStatus(body) {
    const status = str(body.status) || "queued";
    const progress = isObj(body.progress) ? body.progress : {};
    let stage = str(progress.stage) || status;
    if (status === "queued") stage = "queued";
    if (TERMINAL.has(status)) stage = status;
    let percent = Number(progress.percent);
    if (!Number.isFinite(percent)) percent = 0;
    if (status === "completed") percent = 100;
    if (job) job.status = status;

    const badge = $("job-badge");
    badge.textContent = status;
    badge.className = `badge status-${status}`;

    let text;
    if (status === "queued") {
      const pos = body.queue_position;
      text = pos ? `Queued (position ${pos})` : "Queued";
      const eta = fmtEta(body.eta_seconds);
      if (eta) text += ` \u00B7 starts in ${eta}`;
    } else if (status === "processing") {
      text = STAGE_TEXT[stage] || stage;
      if (stage === "extracting" && progress.current_page && progress.total_pages) {
        text += ` (page ${progress.current_page} of ${progress.total_pages})`;
      }
      text += ` \u2014 ${percent}%`;
      const eta = fmtEta(body.eta_seconds);
      if (eta) text += ` \u00B7 ${eta} left`;
    } else if (status === "completed") {
      text = "Completed";
    } else if (status === "failed") {
      text = "Failed";
    } else if (status === "cancelled") {
      text = "Cancelled";
    } else {
      text = status;
    }
    if (body.attempts > 1 && !TERMINAL.has(status)) text += ` (attempt ${body.attempts} of ${body.max_attempts})`;
    $("job-state").textContent = text;

    const bar = $("job-progress");
    bar.value = Math.max(0, Math.min(100, percent));
    bar.dataset.stage = stage;
    bar.className = `status-${status}`;
    $("job-percent").textContent = `${bar.value}%`;

    const reached = STAGE_ORDER.indexOf(stage);
    for (const item of $("stages").children) {
      const index = STAGE_ORDER.indexOf(item.dataset.stage);
      let state = "todo";
      if (status === "completed" || (reached >= 0 && index < reached)) state = "done";
      else if (index === reached) state = "current";
      item.dataset.state = state;
      if (state === "current") item.setAttribute("aria-current", "step");
      else item.removeAttribute("aria-current");
    }

    $("cancel").hidden = TERMINAL.has(status);

    const errorBox = $("job-error");
    if (status === "failed" || status === "cancelled") {
      errorBox.hidden = false;
      errorBox.replaceChildren(
        el("strong", { text: status === "failed" ? "The analysis failed: " : "The job was cancelled." }),
        status === "failed" ? str(body.error) || "no reason was given." : "",
        body.error_kind ? el("span", { class: "muted small", text: ` (${body.error_kind})` }) : null,
      );
    } else if (body.error && status === "queued" && body.attempts > 0) {
      errorBox.hidden = false;
      errorBox.replaceChildren(el("strong", { text: "Retrying after an error: " }), str(body.error));
    } else {
      errorBox.hidden = true;
    }

    if (status === "completed") renderResult(body.result, body);
  }

  function renderGone() {
    $("job-state").textContent = "This job no longer exists (purged or expired).";
    $("cancel").hidden = true;
    setTransport("");
  }

  function setupCancel() {
    $("cancel").addEventListener("click", async () => {
      if (!job) return;
      const button = $("cancel");
      button.disabled = true;
      try {
        const body = await api(`/jobs/${job.id}`, { method: "DELETE" });
        if (body && body.status === "cancelling") $("job-state").textContent = "Cancelling at the next stage\u2026";
      } catch (err) {
        $("job-state").textContent = `Could not cancel: ${err.message}`;
      } finally {
        button.disabled = false;
      }
    });
  }

  // ------------------------------------------------------------------ rendering a result

  function rangeText(b) {
    if (b.ref_text) return str(b.ref_text);
    const lo = b.ref_low;
    const hi = b.ref_high;
    const has = (v) => v !== null && v !== undefined && v !== "";
    if (has(lo) && has(hi)) return `${fmtNumber(lo)} \u2013 ${fmtNumber(hi)}`;
    if (has(hi)) return `\u2264 ${fmtNumber(hi)}`;
    if (has(lo)) return `\u2265 ${fmtNumber(lo)}`;
    return "";
  }

  const isAbnormal = (flag) => flag === "low" || flag === "high" || flag === "critical_low" || flag === "critical_high";

  function flagCell(flag) {
    if (!flag) return el("td", { class: "flag flag-none", title: "No range to judge this result by" }, "\u2014");
    const known = Object.prototype.hasOwnProperty.call(FLAG_TEXT, flag);
    return el("td", { class: `flag flag-${known ? flag : "other"}` }, el("span", { class: "flag-badge" }, FLAG_TEXT[flag] || flag));
  }

  function biomarkerTable(biomarkers) {
    const abnormal = biomarkers.filter((b) => isAbnormal(b.flag)).length;
    const only = el("input", { type: "checkbox", id: "only-abnormal" });
    const wrapId = "biomarker-table";
    const table = el(
      "table",
      { id: wrapId, class: "biomarkers" },
      el("caption", {}, `All results: ${biomarkers.length}, outside the range: ${abnormal}`),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          [["Test"], ["Result"], ["Reference range"], ["Flag"], ["Panel", "col-panel"]].map(([h, cls]) =>
            el("th", { scope: "col", class: cls }, h),
          ),
        ),
      ),
      el(
        "tbody",
        {},
        biomarkers.map((b) => {
          const flag = b.flag || null;
          const cls = ["marker"];
          if (isAbnormal(flag)) cls.push("abnormal", `abnormal-${flag.startsWith("critical") ? "critical" : flag}`);
          const range = rangeText(b);
          return el(
            "tr",
            { class: cls.join(" "), "data-flag": flag || "none" },
            el("th", { scope: "row" }, str(b.name) || str(b.canonical) || "?"),
            el("td", { class: "num" }, fmtNumber(b.value), b.unit ? el("span", { class: "unit" }, ` ${b.unit}`) : null),
            el(
              "td",
              {},
              range,
              b.range_source === "default" && range
                ? el("span", { class: "muted small", title: "No range printed on the report; a typical adult range was used" }, " (typical)")
                : null,
            ),
            flagCell(flag),
            el("td", { class: "muted col-panel" }, str(b.panel)),
          );
        }),
      ),
    );
    only.addEventListener("change", () => table.classList.toggle("only-abnormal", only.checked));
    return el(
      "section",
      { class: "result-part", "aria-labelledby": "biomarkers-heading" },
      el("div", { class: "part-head" },
        el("h3", { id: "biomarkers-heading" }, "Biomarkers"),
        abnormal ? el("label", { class: "check" }, only, " Only results outside the range") : null,
      ),
      el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-labelledby": "biomarkers-heading" }, table),
    );
  }

  function findingsSection(findings) {
    return el(
      "section",
      { class: "result-part", "aria-labelledby": "findings-heading" },
      el("h3", { id: "findings-heading" }, "Findings by panel"),
      findings.length
        ? findings.map((f) => {
            if (!isObj(f)) return null;
            const markers = arr(f.markers).map(str).filter(Boolean);
            return el(
              "article",
              { class: "finding", "data-panel": str(f.panel) },
              el("h4", {}, str(f.title) || str(f.panel) || "Finding"),
              f.panel ? el("p", { class: "muted small" }, `Panel: ${f.panel}`) : null,
              markers.length ? el("ul", { class: "tags", "aria-label": "Markers" }, markers.map((m) => el("li", {}, m))) : null,
              f.explanation ? el("p", {}, str(f.explanation)) : null,
            );
          })
        : el("p", { class: "muted" }, "No result is outside its range."),
    );
  }

  function specialistSection(views) {
    const known = new Set(SPECIALISTS.map(([k]) => k));
    const entries = SPECIALISTS.filter(([k]) => views[k]).map(([k, label]) => [k, label]);
    for (const k of Object.keys(views)) {
      if (!known.has(k) && views[k]) entries.push([k, k.charAt(0).toUpperCase() + k.slice(1)]);
    }
    if (!entries.length) return null;
    return el(
      "section",
      { class: "result-part", "aria-labelledby": "views-heading" },
      el("h3", { id: "views-heading" }, "Specialist notes"),
      el(
        "div",
        { class: "views" },
        entries.map(([k, label]) =>
          el("article", { class: `view view-${k}` }, el("h4", {}, label), el("p", {}, str(views[k]))),
        ),
      ),
    );
  }

  /** Markdown subset (headings, lists, paragraphs, **bold**, *italic*) built as DOM nodes, never HTML. */
  function markdown(text) {
    const root = el("div", { class: "markdown" });
    let list = null;
    let para = [];
    const inline = (s) => {
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
    };
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

  function patientLine(patient) {
    if (!isObj(patient)) return null;
    const parts = [];
    if (patient.name) parts.push(str(patient.name));
    if (patient.age !== null && patient.age !== undefined && patient.age !== "") parts.push(`age ${patient.age}`);
    if (patient.sex) parts.push(str(patient.sex));
    if (patient.date) parts.push(`tested ${patient.date}`);
    if (patient.lab) parts.push(str(patient.lab));
    if (!parts.length) return null;
    return el("p", { class: "patient" }, el("strong", {}, "Report: "), parts.join(" \u00B7 "));
  }

  function renderResult(result, body) {
    const box = $("result-body");
    const section = $("result");
    section.hidden = false;
    if (!isObj(result)) {
      box.replaceChildren(el("p", { class: "muted" }, "The job completed but returned no result."));
      return;
    }
    const biomarkers = arr(result.biomarkers).filter(isObj);
    const findings = arr(result.findings).filter(isObj);
    const views = isObj(result.specialist_views) ? result.specialist_views : {};
    const notes = arr(result.notes).map(str).filter(Boolean);
    const others = arr(result.other_results).filter(isObj);
    const parts = [];

    const patient = patientLine(result.patient);
    if (patient) parts.push(patient);
    if (result.query) parts.push(el("p", { class: "muted" }, el("strong", {}, "Your question: "), str(result.query)));
    if (result.disclaimer) parts.push(el("p", { class: "disclaimer", role: "note" }, str(result.disclaimer)));

    if (biomarkers.length) parts.push(biomarkerTable(biomarkers));
    else parts.push(el("p", { class: "muted" }, "No biomarkers were read from this report."));
    if (Array.isArray(result.findings)) parts.push(findingsSection(findings));
    parts.push(specialistSection(views));

    if (others.length) {
      parts.push(
        el(
          "section",
          { class: "result-part", "aria-labelledby": "others-heading" },
          el("h3", { id: "others-heading" }, "Other results (not judged)"),
          el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-labelledby": "others-heading" },
            el("table", { class: "compact" },
              el("thead", {}, el("tr", {}, ["Test", "Result", "Unit", "Reference"].map((h) => el("th", { scope: "col" }, h)))),
              el("tbody", {}, others.map((o) => el("tr", {},
                el("th", { scope: "row" }, str(o.name)), el("td", {}, str(o.result)), el("td", {}, str(o.unit)),
                el("td", {}, str(o.ref_text))))),
            ),
          ),
        ),
      );
    }
    if (result.analysis) {
      parts.push(
        el(
          "details",
          { class: "result-part analysis" },
          el("summary", {}, "Full written analysis"),
          markdown(result.analysis),
        ),
      );
    }
    if (notes.length) {
      parts.push(
        el(
          "section",
          { class: "result-part", "aria-labelledby": "notes-heading" },
          el("h3", { id: "notes-heading" }, "Notes"),
          el("ul", { class: "notes" }, notes.map((n) => el("li", {}, n))),
        ),
      );
    }
    const meta = [];
    if (arr(result.specialists_consulted).length) meta.push(`Consulted: ${arr(result.specialists_consulted).map(str).join(", ")}`);
    if (result.narrative_source) meta.push(`narrative: ${result.narrative_source}`);
    if (body && body.finished_at) meta.push(`finished ${fmtTime(body.finished_at)}`);
    if (meta.length) parts.push(el("p", { class: "muted small" }, meta.join(" \u00B7 ")));
    box.replaceChildren(...parts.filter(Boolean));
  }

  // ------------------------------------------------------------------ queue panel

  let queueTimer = null;
  let queueBusy = false;

  function note(id, text) {
    const p = $(id);
    p.textContent = text || "";
    p.hidden = !text;
  }

  function deniedText(err) {
    if (err.status === 401) return "API key needed.";
    if (err.status === 403) return "Admin key needed to see this.";
    return err.status === 0 ? "Service unreachable." : `Unavailable: ${err.message}`;
  }

  function renderStats(stats) {
    const health = $("queue-health");
    health.textContent = stats.paused ? "paused" : str(stats.status);
    health.className = `badge health-${stats.paused ? "paused" : str(stats.status)}`;
    const queued = isObj(stats.queued) ? stats.queued : {};
    const byPriority = ["high", "normal", "low"].filter((p) => queued[p]).map((p) => `${queued[p]} ${p}`).join(", ");
    const rows = [
      ["queued", "Queued", stats.queue_length, byPriority],
      ["processing", "Processing", stats.processing],
      ["completed", "Completed", stats.completed],
      ["failed", "Failed", stats.failed],
      ["cancelled", "Cancelled", stats.cancelled],
      ["retrying", "Retrying", stats.retrying],
      ["workers", "Workers alive", stats.workers_alive],
    ];
    if (typeof stats.average_duration_seconds === "number") {
      rows.push(["duration", "Average time", `${stats.average_duration_seconds.toFixed(1)} s`]);
    }
    $("queue-stats").replaceChildren(
      ...rows.map(([key, label, value, extra]) =>
        el("div", { class: `stat stat-${key}`, "data-stat": key },
          el("dt", {}, label),
          el("dd", {}, value === undefined || value === null ? "\u2014" : String(value), extra ? el("span", { class: "muted small" }, ` (${extra})`) : null),
        ),
      ),
    );
    $("queue-actions").hidden = false;
    $("queue-pause").hidden = !!stats.paused;
    $("queue-resume").hidden = !stats.paused;
  }

  function renderWorkers(body) {
    const workers = arr(body && body.workers).filter(isObj);
    const rows = workers.map((w) => {
      const slots = w.concurrency ? `${w.in_flight || 0}/${w.concurrency}` : String(w.in_flight || 0);
      return el("tr", { class: "worker" },
        el("th", { scope: "row", class: "mono", title: str(w.id) }, str(w.host) || str(w.id), w.pid ? el("span", { class: "muted" }, ` #${w.pid}`) : null),
        el("td", {}, str(w.state) || "\u2014"),
        el("td", { class: "num" }, slots),
        el("td", { class: "num" }, String(w.processed || 0)),
      );
    });
    if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: "4", class: "muted" }, "No live worker: jobs wait until one starts.")));
    $("workers").tBodies[0].replaceChildren(...rows);
  }

  function renderJobs(body) {
    const jobs = arr(body && body.jobs).filter(isObj);
    const rows = jobs.map((j) => {
      const status = str(j.status);
      const detail = status === "processing" ? ` \u00B7 ${str(j.stage)} ${j.percent || 0}%` : "";
      return el("tr", { class: `job-row status-${status}` },
        el("th", { scope: "row" },
          el("button", {
            type: "button", class: "link-button mono", title: `Open job ${str(j.job_id)}`,
            onclick: () => openJob(j),
          }, str(j.file_processed) || `${str(j.job_id).slice(0, 8)}\u2026`),
        ),
        el("td", {}, el("span", { class: `badge status-${status}` }, status), detail ? el("span", { class: "muted small" }, detail) : null),
        el("td", { class: "muted small" }, fmtTime(j.created_at)),
      );
    });
    if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: "3", class: "muted" }, "No jobs yet.")));
    $("jobs").tBodies[0].replaceChildren(...rows);
  }

  async function openJob(summary) {
    startJob({
      job_id: summary.job_id,
      status: summary.status,
      file_processed: summary.file_processed,
      status_url: `/status/${summary.job_id}`,
      events_url: `/jobs/${summary.job_id}/events`,
    });
  }

  async function refreshQueue() {
    if (queueBusy) return;
    queueBusy = true;
    try {
      const [stats, workers, jobs] = await Promise.allSettled([
        api("/queue/stats"),
        api("/queue/workers"),
        api("/jobs?limit=10"),
      ]);
      if (stats.status === "fulfilled") {
        note("queue-stats-note", "");
        renderStats(stats.value || {});
      } else {
        note("queue-stats-note", deniedText(stats.reason));
        $("queue-stats").replaceChildren();
        $("queue-actions").hidden = true;
        $("queue-health").textContent = "";
        $("queue-health").className = "badge";
      }
      if (workers.status === "fulfilled") {
        note("workers-note", "");
        renderWorkers(workers.value);
      } else {
        note("workers-note", deniedText(workers.reason));
        $("workers").tBodies[0].replaceChildren();
      }
      if (jobs.status === "fulfilled") {
        note("jobs-note", "");
        renderJobs(jobs.value);
      } else {
        note("jobs-note", deniedText(jobs.reason));
        $("jobs").tBodies[0].replaceChildren();
      }
      $("queue-updated").textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } finally {
      queueBusy = false;
    }
  }

  function scheduleQueue() {
    clearTimeout(queueTimer);
    queueTimer = setTimeout(async () => {
      if (!document.hidden) await refreshQueue();
      scheduleQueue();
    }, QUEUE_REFRESH_MS);
  }

  function setupQueueActions() {
    for (const [id, path] of [["queue-pause", "/queue/pause"], ["queue-resume", "/queue/resume"]]) {
      $(id).addEventListener("click", async () => {
        try {
          await api(path, { method: "POST" });
        } catch (err) {
          note("queue-stats-note", deniedText(err));
        }
        refreshQueue();
      });
    }
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) refreshQueue();
    });
  }

  // ------------------------------------------------------------------ start

  function start() {
    setupKeyPanel();
    setupUpload();
    setupCancel();
    setupQueueActions();
    refreshQueue();
    scheduleQueue();
    document.documentElement.dataset.ready = "true";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
