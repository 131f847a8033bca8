/* The operator's page at `/ops`: queue, workers, every recent job, pause and resume.
 *
 * Its data comes from the admin endpoints (/queue/stats, /queue/workers, /queue/jobs), which need
 * an admin key when keys are set (kept apart from the patient page's key, as `bta.adminKey`) and,
 * without keys, answer only on this machine. Refreshed every few seconds while the tab is visible.
 */
import { $, StoredKey, arr, el, fmtDuration, fmtTime, isObj, makeApi, setupKeyPanel, str } from "./common.js";
import { PRIORITIES, STATUSES } from "./states.js"; // made from the service's enums

const REFRESH_MS = 3000;
const adminKey = new StoredKey("bta.adminKey");
const askForKey = setupKeyPanel(adminKey, {
  neededText: "This view needs an admin key (one of ADMIN_API_KEYS).",
  onSaved: () => refresh(),
});
const api = makeApi({
  headers: () => (adminKey.value ? { "X-API-Key": adminKey.value } : {}),
  onUnauthorized: (detail) => askForKey(detail),
}).call;

function deniedText(err) {
  if (err.status === 401) return "An admin key is needed to see this.";
  if (err.status === 403) return err.message;
  return err.status === 0 ? "The service cannot be reached." : `Unavailable: ${err.message}`;
}

function renderStats(stats) {
  const health = $("queue-health");
  health.textContent = stats.paused ? "paused" : str(stats.status);
  health.className = `badge health-${stats.paused ? "paused" : str(stats.status)}`;
  const queued = isObj(stats.queued) ? stats.queued : {};
  const byPriority = PRIORITIES.filter((p) => queued[p]).map((p) => `${queued[p]} ${p}`).join(", ");
  const rows = [
    ["queued", "Waiting", stats.queue_length, byPriority],
    ["processing", "Running", stats.processing],
    ["workers", "Workers alive", stats.workers_alive],
    ["completed", "Completed", stats.completed],
    ["failed", "Failed", stats.failed],
    ["cancelled", "Cancelled", stats.cancelled],
    ["retrying", "Waiting to retry", stats.retrying],
    ["stalled", "Stalled", stats.stalled],
  ];
  if (typeof stats.average_duration_seconds === "number") {
    rows.push(["duration", "Average time", `${stats.average_duration_seconds.toFixed(1)} s`]);
  }
  $("queue-stats").replaceChildren(...rows.map(([key, label, value, extra]) =>
    el("div", { class: `stat stat-${key}${key === "failed" && value ? " bad" : ""}`, "data-stat": key },
      el("dt", {}, label),
      el("dd", {}, value === undefined || value === null ? "\u2014" : String(value),
        extra ? el("span", { class: "muted small" }, ` (${extra})`) : null),
    )));
  $("queue-pause").hidden = !!stats.paused;
  $("queue-resume").hidden = !stats.paused;
}

function renderWorkers(body) {
  const rows = arr(body && body.workers).filter(isObj).map((w) =>
    el("tr", { class: "worker", "data-worker": str(w.id) },
      el("th", { scope: "row", class: "mono", title: str(w.id) }, str(w.host) || str(w.id),
        w.pid ? el("span", { class: "muted" }, ` #${w.pid}`) : null),
      el("td", {}, str(w.state) || "\u2014"),
      el("td", { class: "num busy" }, w.concurrency ? `${w.in_flight || 0}/${w.concurrency}` : String(w.in_flight || 0)),
      el("td", { class: "num" }, String(w.processed || 0)),
      el("td", { class: "num" }, String(w.failed || 0)),
      el("td", { class: "muted small" }, fmtTime(w.last_heartbeat)),
    ));
  if (!rows.length) {
    rows.push(el("tr", {}, el("td", { colspan: "6", class: "muted" },
      "No live worker: jobs wait until one starts (python worker_service.py).")));
  }
  $("workers").tBodies[0].replaceChildren(...rows);
}

function renderJobs(body) {
  const rows = arr(body && body.jobs).filter(isObj).map((j) => {
    const status = str(j.status);
    let detail = "";
    if (status === "processing") detail = `${str(j.stage)} ${j.percent || 0}%`;
    else if (j.stopped_at && (status === "failed" || status === "cancelled")) detail = `at ${str(j.stopped_at)}`;
    return el("tr", { class: `job-row status-${status}`, "data-job": str(j.job_id) },
      el("th", { scope: "row", class: "mono", title: str(j.job_id) }, `${str(j.job_id).slice(0, 8)}\u2026`),
      el("td", {}, str(j.priority)),
      el("td", {}, el("span", { class: `badge status-${status}` }, status),
        detail ? el("span", { class: "muted small" }, ` ${detail}`) : null,
        j.error_kind ? el("code", { class: "small" }, ` ${str(j.error_kind)}`) : null),
      el("td", { class: "num" }, j.max_attempts ? `${j.attempts || 0}/${j.max_attempts}` : String(j.attempts || 0)),
      el("td", { class: "mono small", title: str(j.worker) }, str(j.worker)),
      el("td", { class: "muted small" }, fmtTime(j.created_at)),
      el("td", { class: "num small" }, fmtDuration(j.started_at, j.finished_at)),
    );
  });
  if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: "7", class: "muted" }, "No jobs.")));
  $("jobs").tBodies[0].replaceChildren(...rows);
}

let busy = false;

async function refresh() {
  if (busy) return;
  busy = true;
  try {
    const status = $("jobs-filter").value;
    const [stats, workers, jobs] = await Promise.allSettled([
      api("/queue/stats"),
      api("/queue/workers"),
      api(`/queue/jobs?limit=50${status ? `&status=${encodeURIComponent(status)}` : ""}`),
    ]);
    const failed = [stats, workers, jobs].find((r) => r.status === "rejected");
    $("denied").hidden = !failed;
    $("denied").textContent = failed ? deniedText(failed.reason) : "";
    if (stats.status === "fulfilled") renderStats(stats.value || {});
    if (workers.status === "fulfilled") renderWorkers(workers.value);
    if (jobs.status === "fulfilled") renderJobs(jobs.value);
    $("updated").textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } finally {
    busy = false;
  }
}

function setup() {
  $("jobs-filter").append(...STATUSES.map((status) => el("option", { value: status }, status)));
  for (const [id, path] of [["queue-pause", "/queue/pause"], ["queue-resume", "/queue/resume"]]) {
    $(id).addEventListener("click", async () => {
      try {
        await api(path, { method: "POST" });
      } catch (err) {
        $("denied").hidden = false;
        $("denied").textContent = deniedText(err);
      }
      refresh();
    });
  }
  $("jobs-filter").addEventListener("change", () => refresh());
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) refresh();
  });
  const tick = async () => {
    if (!document.hidden) await refresh();
    setTimeout(tick, REFRESH_MS);
  };
  refresh().then(() => setTimeout(tick, REFRESH_MS));
  document.documentElement.dataset.ready = "true";
}

setup();
