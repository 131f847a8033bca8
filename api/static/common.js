/* What the patient page (app.js) and the operator page (ops.js) share: DOM building, formatting,
 * the API key kept in this browser, JSON calls with the service's error messages, and a reader
 * for Server-Sent Events over fetch(). Plain ES module: no build step, no third-party code. */

/** el("p", {class: "x"}, "text", child): text is always set as text, never parsed as HTML. */
export function el(tag, attrs, ...children) {
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

export const $ = (id) => document.getElementById(id);
export const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
export const arr = (v) => (Array.isArray(v) ? v : []);
export const str = (v) => (v === null || v === undefined ? "" : String(v));
export const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : null);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** "1 result", "3 results". */
export function plural(n, word, many) {
  return `${n} ${n === 1 ? word : many || `${word}s`}`;
}

export function fmtNumber(v) {
  if (typeof v === "number" && Number.isFinite(v)) {
    return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
  }
  return str(v);
}

export function fmtTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
}

export function fmtEta(seconds) {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return "";
  if (seconds < 90) return `about ${plural(Math.max(1, Math.round(seconds)), "second")}`;
  return `about ${plural(Math.ceil(seconds / 60), "minute")}`;
}

/** Seconds between two ISO times, as "2.4 s" (or "" when either is missing). */
export function fmtDuration(fromIso, toIso) {
  const a = Date.parse(fromIso || "");
  const b = Date.parse(toIso || "");
  if (!Number.isFinite(a) || !Number.isFinite(b)) return "";
  const s = Math.max(0, (b - a) / 1000);
  return s < 90 ? `${s.toFixed(1)} s` : `${Math.round(s / 60)} min`;
}

export class ApiError extends Error {
  constructor(status, detail, code) {
    super(detail);
    this.status = status;
    this.code = code || "";
  }
}

/** A key kept in this browser's localStorage (or in memory when storage is off). */
export class StoredKey {
  constructor(name) {
    this.name = name;
    this.memory = this.read();
  }

  read() {
    try {
      return localStorage.getItem(this.name) || "";
    } catch {
      return "";
    }
  }

  get value() {
    return this.read() || this.memory;
  }

  set value(key) {
    try {
      if (key) localStorage.setItem(this.name, key);
      else localStorage.removeItem(this.name);
    } catch {
      /* storage disabled: the key lives for this page only */
    }
    this.memory = key;
  }
}

/** JSON calls to the API. `headers()` adds the page's own headers (its key, its browser id);
 * `onUnauthorized(detail)` runs on a 401. Raises ApiError with the server's `detail`
 * (status 0: the service could not be reached). */
export function makeApi({ headers, onUnauthorized }) {
  const withHeaders = (extra) => Object.assign({}, headers(), extra || {});

  async function call(path, options) {
    const opts = Object.assign({ cache: "no-store" }, options || {});
    opts.headers = withHeaders(Object.assign({ Accept: "application/json" }, opts.headers || {}));
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
      if (response.status === 401 && onUnauthorized) onUnauthorized(detail);
      throw new ApiError(response.status, detail, body && body.error);
    }
    return body;
  }

  return { call, headers: withHeaders };
}

/** Server-Sent Events over a fetch() body (EventSource cannot send headers): onEvent(type, data). */
export async function readEventStream(stream, onEvent) {
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

/** The key panel of a page: shown on a 401 or by its toggle button; saves to `stored`. */
export function setupKeyPanel(stored, { neededText, onSaved }) {
  const panel = $("key-panel");
  const toggle = $("key-toggle");
  const open = (text) => {
    $("key-message").textContent = text;
    panel.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
  };
  const close = () => {
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
  };
  toggle.addEventListener("click", () => {
    if (!panel.hidden) return close();
    open(stored.value ? "A key is saved in this browser." : "No key saved.");
    $("api-key").focus();
  });
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const key = $("api-key").value.trim();
    if (!key) return;
    stored.value = key;
    $("api-key").value = "";
    close();
    onSaved();
  });
  $("key-forget").addEventListener("click", () => {
    stored.value = "";
    $("key-message").textContent = "Key removed from this browser.";
    onSaved();
  });
  /** Call on a 401: asks for a key, or for another one when the saved key was refused. */
  return (detail) =>
    open(stored.value ? `The saved key was refused (${detail}). Enter another key.` : neededText);
}
