"use strict";

// The supervisor page: a live picture of one tenant's agents. It follows the Server-Sent Events feed and, each time the
// feed (re)opens, reloads the agent list and the channel's health, so a network blip never leaves it behind the service.

const STATE_LABELS = { onCall: "On call", wrapUp: "Wrap-up", notReady: "Not ready", available: "Available", offline: "Offline" };
const DEVICE_LABELS = { ...STATE_LABELS, online: "Online", ringing: "Ringing", inUse: "In use" };
const CAUSE_LABELS = { delta: "live change", snapshot: "snapshot", decay: "decay", reconnect: "channel freshness" };
const FRESHNESS_LABELS = { fresh: "Fresh", stale: "Stale", reconnecting: "Reconnecting" };
const CONNECTION_LABELS = { stopped: "Stopped", connecting: "Connecting", connected: "Connected", stale: "Stale", reconnecting: "Reconnecting" };
const HISTORY_HOURS = 8;
const MAX_LISTED_TRANSITIONS = 200;
const RETRY_MS = 3000;

const byId = new Intl.Collator(undefined, { numeric: true }).compare;
const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

const page = {
  tenant: "",
  token: "",
  agents: new Map(), // agentId -> AgentPresence
  rows: new Map(), // agentId -> <tr>
  order: [], // agent ids, sorted as the rows are
  touched: null, // agents the feed updated while a resync was loading (a Set), else null
  channel: null, // ChannelHealth
  feed: null, // EventSource
  feedLost: false,
  filter: "",
  timeline: null, // { agentId, transitions: [{ id, presence }], disconnections, opener }
  countsQueued: false,
};

const $ = (id) => document.getElementById(id);

document.addEventListener("DOMContentLoaded", start);

async function start() {
  bindControls();
  setInterval(tickAges, 1000);
  try {
    const config = await fetchJson("/ui/config");
    page.tenant = config.tenant;
    $("tenant-name").textContent = config.tenant;
    if (!config.devTokens) {
      showProblem("This page signs in with development tokens, which are off. Run locally with Presence:Auth:DevTokens=true.");
      return;
    }
    await refreshToken();
    openFeed();
  } catch (error) {
    showProblem(`The page could not start: ${error.message}`);
  }
}

function bindControls() {
  $("search").addEventListener("input", (e) => applyFilter(e.target.value));
  $("rows").addEventListener("click", (e) => {
    const row = e.target.closest("tr[data-agent-id]");
    if (row) openTimeline(row.dataset.agentId, row.querySelector("button"));
  });
  $("timeline-close").addEventListener("click", closeTimeline);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && page.timeline) closeTimeline();
  });
}

// ---- HTTP ----

async function fetchJson(url, init = {}) {
  const response = await fetch(url, { ...init, headers: { Accept: "application/json", ...init.headers } });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const error = new Error(problem.detail || problem.title || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

async function refreshToken() {
  const grant = await fetchJson("/auth/dev-token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ tenant: page.tenant, scopes: ["presence:read"] }),
  });
  page.token = grant.accessToken;
}

async function api(path) {
  const call = () => fetchJson(tenantPath(path), { headers: { Authorization: `Bearer ${page.token}` } });
  try {
    return await call();
  } catch (error) {
    if (error.status !== 401) throw error;
    await refreshToken();
    return call();
  }
}

function tenantPath(path) {
  return `/api/tenants/${encodeURIComponent(page.tenant)}${path}`;
}

// ---- Live feed ----

function openFeed() {
  page.feed?.close();
  const feed = new EventSource(tenantPath(`/events?access_token=${encodeURIComponent(page.token)}`));
  feed.addEventListener("open", () => {
    page.feedLost = false;
    renderBanner();
    resync();
  });
  feed.addEventListener("error", () => onFeedError(feed));
  feed.addEventListener("presence", (e) => onPresenceEvent(Number(e.lastEventId), JSON.parse(e.data)));
  feed.addEventListener("channel", (e) => applyChannel(JSON.parse(e.data)));
  page.feed = feed;
}

function onFeedError(feed) {
  page.feedLost = true;
  renderBanner();
  // The browser retries a dropped connection by itself (with Last-Event-ID); it gives up only on an error answer,
  // such as 401 for an expired token, and then the page starts over with a new token.
  if (feed.readyState === EventSource.CLOSED) setTimeout(reopenFeed, RETRY_MS);
}

async function reopenFeed() {
  try {
    await refreshToken();
    openFeed();
  } catch {
    setTimeout(reopenFeed, RETRY_MS);
  }
}

function onPresenceEvent(id, presence) {
  page.touched?.add(presence.agentId);
  applyPresence(presence);
  if (page.timeline?.agentId === presence.agentId) {
    page.timeline.transitions = mergeTransitions(page.timeline.transitions, [{ id, presence }]);
    renderTimeline();
  }
}

// The list is the truth, even with lower sequences (after a restart of the service), except for agents the feed has
// updated since the list was asked for: for those the newer sequence wins.
async function resync() {
  page.touched = new Set();
  try {
    const [list, channel] = await Promise.all([api("/agents"), api("/channel")]);
    const listed = new Set(list.agents.map((a) => a.agentId));
    [...page.agents.keys()].filter((id) => !listed.has(id)).forEach(removeAgent);
    list.agents.forEach((a) => applyPresence(a, !page.touched.has(a.agentId)));
    applyChannel(channel);
    showProblem("");
  } catch (error) {
    showProblem(`Could not load the agents: ${error.message}. Retrying…`);
    setTimeout(resync, RETRY_MS);
  } finally {
    page.touched = null;
  }
}

// ---- Agents ----

function applyPresence(presence, authoritative = false) {
  const known = page.agents.get(presence.agentId);
  if (known && (authoritative ? known.sequence === presence.sequence : known.sequence >= presence.sequence)) return;
  page.agents.set(presence.agentId, presence);
  renderRow(presence, Boolean(known));
  queueCounts();
}

function removeAgent(agentId) {
  page.agents.delete(agentId);
  page.rows.get(agentId)?.remove();
  page.rows.delete(agentId);
  page.order.splice(page.order.indexOf(agentId), 1);
  queueCounts();
}

function renderRow(presence, changed) {
  let row = page.rows.get(presence.agentId);
  if (!row) {
    row = createRow(presence.agentId);
    insertRow(row, presence.agentId);
  }
  fillRow(row, presence);
  row.hidden = !matchesFilter(presence);
  if (changed) flash(row);
}

function createRow(agentId) {
  const open = el("button", { type: "button", class: "agent-open", "aria-controls": "timeline" }, agentId);
  open.setAttribute("aria-label", `${agentId}: open the timeline`);
  return el("tr", { class: "row", "data-testid": "agent-row", "data-agent-id": agentId },
    el("th", { scope: "row", "data-label": "Agent" }, open),
    el("td", { "data-label": "State" }),
    el("td", { "data-label": "Routable" }),
    el("td", { "data-label": "Since" }),
    el("td", { "data-label": "Devices" }));
}

function insertRow(row, agentId) {
  let low = 0;
  let high = page.order.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (byId(page.order[mid], agentId) < 0) low = mid + 1;
    else high = mid;
  }
  $("rows").insertBefore(row, page.rows.get(page.order[low]) ?? null);
  page.order.splice(low, 0, agentId);
  page.rows.set(agentId, row);
}

function fillRow(row, presence) {
  const [, stateCell, routableCell, sinceCell, devicesCell] = row.children;
  row.dataset.state = presence.state;
  row.dataset.sequence = presence.sequence;
  row.dataset.freshness = presence.freshness;
  stateCell.replaceChildren(stateChip(presence.state, { "data-testid": "agent-state" }), freshnessNote(presence.freshness));
  routableCell.replaceChildren(routableMark(presence.routable));
  sinceCell.replaceChildren(ageElement(presence.since));
  devicesCell.replaceChildren(deviceList(presence.devices));
}

function stateChip(state, attributes = {}) {
  return el("span", { class: `state state--${state}`, ...attributes }, STATE_LABELS[state] ?? state);
}

function freshnessNote(freshness) {
  if (freshness === "fresh") return "";
  return el("span", { class: `freshness freshness--${freshness}`, "data-testid": "agent-freshness" }, FRESHNESS_LABELS[freshness] ?? freshness);
}

function routableMark(routable) {
  return el("span", { class: routable ? "routable routable--yes" : "routable routable--no", "data-testid": "agent-routable" },
    routable ? "Yes" : "No");
}

function ageElement(since) {
  const time = el("time", { datetime: since, title: new Date(since).toLocaleString(), "data-age": since, "data-testid": "agent-since" });
  time.textContent = formatDuration(Date.now() - Date.parse(since));
  return time;
}

function deviceList(devices) {
  if (devices.length === 0) return el("span", { class: "muted" }, "none");
  return el("ul", { class: "devices" }, ...devices.map((d) =>
    el("li", { class: `device device--${d.state}`, "data-device-id": d.deviceId, title: `Reported ${new Date(d.lastUpdated).toLocaleString()}` },
      el("span", { class: "device__id" }, d.deviceId),
      el("span", { class: "device__state" }, DEVICE_LABELS[d.state] ?? d.state))));
}

function flash(row) {
  row.classList.remove("row--changed");
  void row.offsetWidth; // restarts the highlight animation
  row.classList.add("row--changed");
}

function tickAges() {
  const now = Date.now();
  for (const time of document.querySelectorAll("time[data-age]")) {
    time.textContent = formatDuration(now - Date.parse(time.dataset.age));
  }
}

function queueCounts() {
  if (page.countsQueued) return;
  page.countsQueued = true;
  requestAnimationFrame(renderCounts);
}

function renderCounts() {
  page.countsQueued = false;
  const counts = Object.fromEntries(Object.keys(STATE_LABELS).map((s) => [s, 0]));
  let routable = 0;
  for (const agent of page.agents.values()) {
    counts[agent.state] = (counts[agent.state] ?? 0) + 1;
    if (agent.routable) routable++;
  }
  for (const [state, count] of Object.entries(counts)) setCount(state, count);
  setCount("routable", routable);
  setCount("total", page.agents.size);
  renderShown();
}

function setCount(name, value) {
  const target = document.querySelector(`[data-testid="count-${name}"]`);
  if (target) target.textContent = String(value);
}

// ---- Search ----

function applyFilter(text) {
  page.filter = text.trim().toLowerCase();
  for (const [agentId, row] of page.rows) row.hidden = !matchesFilter(page.agents.get(agentId));
  renderShown();
}

function matchesFilter(presence) {
  const f = page.filter;
  return !f || presence.agentId.toLowerCase().includes(f) || presence.devices.some((d) => d.deviceId.toLowerCase().includes(f));
}

function renderShown() {
  const total = page.rows.size;
  const shown = page.filter ? [...page.rows.values()].filter((r) => !r.hidden).length : total;
  $("shown").textContent = page.filter ? `${shown} of ${total} agents` : `${total} agents`;
  $("empty").hidden = shown > 0 || total === 0;
}

// ---- Channel ----

function applyChannel(health) {
  const before = page.channel;
  if (before && Date.parse(health.observedAt) < Date.parse(before.observedAt)) return;
  page.channel = health;
  const pill = $("channel-status");
  pill.textContent = CONNECTION_LABELS[health.connection] ?? health.connection;
  pill.className = `pill pill--${health.connection}`;
  renderBanner();
  // A window just closed: the open timeline shows it.
  if (page.timeline && before && before.connection !== "connected" && health.connection === "connected") loadTimeline();
}

function renderBanner() {
  const banner = $("banner");
  const message = bannerMessage();
  if (!message) {
    banner.replaceChildren();
    delete banner.dataset.kind;
    return;
  }
  banner.dataset.kind = message.kind;
  banner.replaceChildren(el("strong", {}, message.title), " ", message.text);
}

function bannerMessage() {
  if (page.feedLost) {
    return { kind: "feed", title: "Connection to service lost — reconnecting…", text: "The grid resumes where it stopped." };
  }
  const health = page.channel;
  if (!health) return null;
  if (health.connection === "reconnecting" || health.freshness === "reconnecting") {
    return { kind: "reconnecting", title: "Platform channel reconnecting.", text: "States may be out of date until it is back." };
  }
  if (health.connection === "stale" || health.freshness === "stale") {
    return { kind: "stale", title: "Platform channel stale.", text: "No heartbeat lately: states may be out of date." };
  }
  return null;
}

function showProblem(message) {
  $("problem").textContent = message;
}

// ---- Timeline ----

function openTimeline(agentId, opener) {
  page.timeline = { agentId, transitions: [], disconnections: [], opener };
  const panel = $("timeline");
  panel.hidden = false;
  panel.dataset.agentId = agentId;
  $("layout").classList.add("layout--with-panel");
  $("timeline-title").textContent = `Timeline of ${agentId}`;
  $("timeline-title").focus();
  renderTimeline();
  loadTimeline();
}

async function loadTimeline() {
  const agentId = page.timeline.agentId;
  const to = new Date();
  const from = new Date(to.getTime() - HISTORY_HOURS * 3_600_000);
  try {
    const history = await api(`/agents/${encodeURIComponent(agentId)}/history?from=${from.toISOString()}&to=${to.toISOString()}`);
    if (page.timeline?.agentId !== agentId) return;
    page.timeline.transitions = mergeTransitions(history.transitions, page.timeline.transitions);
    page.timeline.disconnections = history.disconnections;
    page.timeline.loaded = true;
    renderTimeline();
  } catch (error) {
    if (page.timeline?.agentId === agentId) $("timeline-summary").textContent = `Could not load the history: ${error.message}`;
  }
}

function closeTimeline() {
  const opener = page.timeline?.opener;
  page.timeline = null;
  $("timeline").hidden = true;
  $("layout").classList.remove("layout--with-panel");
  opener?.focus();
}

// Feed events that arrive while the history loads are kept, without duplicates; ids give the order.
function mergeTransitions(first, second) {
  const byEventId = new Map([...first, ...second].map((t) => [t.id, t]));
  return [...byEventId.values()].sort((a, b) => a.id - b.id);
}

function renderTimeline() {
  const { agentId, transitions, disconnections, loaded } = page.timeline;
  const current = page.agents.get(agentId);
  const summary = current ? `Now ${STATE_LABELS[current.state]}, for ${formatDuration(Date.now() - Date.parse(current.since))}. ` : "";
  $("timeline-summary").textContent = loaded
    ? `${summary}${plural(transitions.length, "transition")} and ${plural(disconnections.length, "channel disconnection")} in the last ${HISTORY_HOURS} h.`
    : `${summary}Loading the history…`;
  renderTrack(transitions, disconnections);
  renderTransitionList(transitions);
  renderWindowList(disconnections);
}

// A bar from the first transition to now: one coloured segment per state held, channel disconnections hatched over it.
function renderTrack(transitions, disconnections) {
  const now = Date.now();
  const times = transitions.map((t) => eventTime(t.presence));
  const start = Math.min(times[0] ?? now, ...disconnections.map((w) => Date.parse(w.start)));
  const span = Math.max(now - start, 1000);
  const place = (from, to) => `left:${((from - start) / span) * 100}%;width:${Math.max(((to - from) / span) * 100, 0.4)}%`;
  const segments = transitions.map((t, i) => {
    const from = Math.max(times[i], times[i - 1] ?? start);
    const to = Math.max(times[i + 1] ?? now, from);
    const label = `${STATE_LABELS[t.presence.state]} ${clock.format(from)}–${clock.format(to)}`;
    return el("div", { class: `segment state--${t.presence.state}`, style: place(from, to), title: label });
  });
  const gaps = disconnections.map((w) => el("div", {
    class: "gap", style: place(Date.parse(w.start), Date.parse(w.end)), title: `Channel down ${clock.format(Date.parse(w.start))}–${clock.format(Date.parse(w.end))}`,
  }));
  $("timeline-track").replaceChildren(...segments, ...gaps);
  $("timeline-axis").replaceChildren(el("span", {}, clock.format(start)), el("span", {}, "now"));
}

function renderTransitionList(transitions) {
  const newest = transitions.slice(-MAX_LISTED_TRANSITIONS).reverse();
  const items = newest.map(({ presence }) => el("li", { class: "transition", "data-testid": "timeline-transition" },
    el("time", { datetime: new Date(eventTime(presence)).toISOString() }, clock.format(eventTime(presence))),
    stateChip(presence.state),
    el("span", { class: "transition__cause" }, CAUSE_LABELS[presence.cause] ?? presence.cause, freshnessNote(presence.freshness)),
    el("span", { class: "transition__seq muted" }, `#${presence.sequence}`)));
  if (transitions.length > newest.length) {
    items.push(el("li", { class: "muted" }, `and ${transitions.length - newest.length} older transitions`));
  }
  $("timeline-list").replaceChildren(...(items.length ? items : [el("li", { class: "muted" }, "None yet.")]));
}

function renderWindowList(disconnections) {
  const items = disconnections.map((w) => {
    const start = Date.parse(w.start);
    const end = Date.parse(w.end);
    return el("li", { class: "window", "data-testid": "timeline-disconnection" },
      el("span", {}, `${clock.format(start)} – ${clock.format(end)} (${formatDuration(end - start)})`),
      el("span", { class: "window__cause", title: w.cause }, w.cause));
  });
  $("timeline-windows").replaceChildren(...(items.length ? items : [el("li", { class: "muted" }, "None.")]));
}

// The instant history files an event under: the platform's timestamp when it has one (as the service does).
function eventTime(presence) {
  const updated = Date.parse(presence.lastUpdated);
  return updated > 0 ? updated : Date.parse(presence.since);
}

// ---- Helpers ----

function formatDuration(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
