/*
 * diplowatch dashboard: one page, plain DOM, no framework, no build step.
 *
 * Security: news text is untrusted. Every value from the API reaches the page through
 * textContent or text nodes (see `el`), never as markup; highlighting splits a sentence
 * into text nodes and <mark> elements. The only links made are internal hashes (see
 * `hashLink`), so no URL from the data ever becomes an href. Chart tooltips escape every
 * value with echarts.format.encodeHTML. The server's CSP forbids inline script anyway.
 *
 * Layout of this file: helpers (DOM, formatting, API, routing), shared widgets (forms,
 * tables, highlighting, charts), then one render function per view, then start-up.
 */
"use strict";

/* ------------------------------------------------------------------ reference data */

const CAMEO_ROOTS = {
  "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
  "04": "Consult", "05": "Engage in diplomatic cooperation",
  "06": "Engage in material cooperation", "07": "Provide aid", "08": "Yield",
  "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject",
  "13": "Threaten", "14": "Protest", "15": "Exhibit force posture",
  "16": "Reduce relations", "17": "Coerce", "18": "Assault", "19": "Fight",
  "20": "Use unconventional mass violence",
};

// QuadClass 1..4, in the order the charts stack them
const QUADS = [
  { id: 1, key: "verbal_cooperation", name: "Verbal cooperation", color: "#7cc495" },
  { id: 2, key: "material_cooperation", name: "Material cooperation", color: "#1f8a4c" },
  { id: 3, key: "verbal_conflict", name: "Verbal conflict", color: "#f2a65a" },
  { id: 4, key: "material_conflict", name: "Material conflict", color: "#c8384a" },
];

const BLOC_COLORS = [
  "#3b6fb6", "#d1495b", "#2e9e6b", "#edae49", "#7b5ea7", "#00798c",
  "#e07a5f", "#6d8a2b", "#b5838d", "#4a4e69", "#8d6e63", "#90a4ae",
];

const PERIOD_CHOICES = [["year", "Year"], ["month", "Month"], ["week", "Week"]];
const PAGE_SIZE = 50;
// what the API accepts for an actor (a code or its prefix): checked in the form, not by a 422
const ACTOR_PATTERN = "[A-Za-z]{2,12}";
const ACTOR_TITLE = "An actor code or its start: PRK, PRKGOV, IGO";

const state = {
  summary: null,   // /api/summary, loaded once at start
  charts: [],      // ECharts instances of the current view (disposed on navigation)
  renderCount: 0,  // lets a slow, superseded render notice it is stale
  codeResult: null, // the last coded paste, kept while the user stays on the page
};

// the coding token lives in this tab only (sessionStorage), never in the page's URL
const TOKEN_KEY = "diplowatch-token";

/* ------------------------------------------------------------------ DOM helpers */

/**
 * Make an element. `props` are set as properties or attributes; `text` sets
 * textContent; `on*` functions become listeners. Children may be nodes or strings
 * (strings become text nodes, so data can never turn into markup). href is refused:
 * links come from `hashLink` only.
 */
function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "href" || key === "src" || key.startsWith("on") && typeof value !== "function") {
      throw new Error(`el(): set ${key} through hashLink or a listener, not from data`);
    }
    if (key === "text") node.textContent = String(value);
    else if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "value") node.value = String(value);
    else if (key === "checked" || key === "selected" || key === "disabled") node[key] = true;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of [].concat(children)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** The hash of a view with its parameters (empty values left out). */
function routeHash(view, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && String(value) !== "") query.set(key, value);
  }
  const text = query.toString();
  return `#${view}${text ? `?${text}` : ""}`;
}

/** A link to a view of this page: the only kind of link the dashboard makes. */
function hashLink(view, params, label, className) {
  const link = document.createElement("a");
  link.href = routeHash(view, params); // always "#view?..." with encoded values
  link.textContent = label;
  if (className) link.className = className;
  return link;
}

function emptyState(message) {
  return el("p", { class: "empty" }, message);
}

function errorBox(error, failed = "Could not load") {
  const status = error.status ? ` (HTTP ${error.status})` : "";
  return el("div", { class: "error", role: "alert" }, [
    el("strong", { text: `${failed}${status}: ` }),
    el("span", { class: "error-detail", text: error.message }),
  ]);
}

/* ------------------------------------------------------------------ formatting */

const numberFormat = new Intl.NumberFormat("en");

function fmtNumber(value) {
  return value === null || value === undefined ? "–" : numberFormat.format(value);
}

/** A number with its sign (+0.071, −2, 0): trends read better signed. */
function fmtSigned(value, digits) {
  if (value === null || value === undefined) return "–";
  const text = digits === undefined ? String(Math.abs(value)) : Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return "0";
  return (value > 0 ? "+" : "−") + text;
}

function fmtGoldstein(value) {
  return value === null || value === undefined ? "–" : fmtSigned(value, 1);
}

function plural(count, word, many = `${word}s`) {
  return `${fmtNumber(count)} ${count === 1 ? word : many}`;
}

function rootName(root) {
  return CAMEO_ROOTS[String(root).padStart(2, "0")] || `root ${root}`;
}

function quadOf(id) {
  return QUADS.find((quad) => quad.id === Number(id)) || null;
}

/** 'YYYY-MM-DD' plus or minus whole years, in UTC (no time zone drift). */
function shiftYears(isoDate, years) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
}

/* ------------------------------------------------------------------ API */

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** FastAPI's `detail`: a string, or a list of validation problems naming the field. */
function describeDetail(detail) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail.map((problem) => {
      const where = (problem.loc || []).filter((part) => part !== "query" && part !== "body");
      return where.length ? `${where.join(".")}: ${problem.msg}` : String(problem.msg);
    }).join("; ");
  }
  return "";
}

/** GET (or POST with a JSON body) an API path; errors throw ApiError with the detail. */
async function api(path, params = {}, body = undefined, headers = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && String(value) !== "") query.set(key, value);
  }
  const url = path + (query.toString() ? `?${query}` : "");
  const init = body === undefined
    ? { headers: { Accept: "application/json", ...headers } }
    : { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) };
  let response;
  try {
    response = await fetch(url, init);
  } catch (problem) {
    throw new ApiError(0, `the server did not answer (${problem.message})`);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const detail = describeDetail(data && data.detail) || response.statusText;
    throw new ApiError(response.status, detail);
  }
  return data;
}

/* ------------------------------------------------------------------ routing */

const VIEWS = {
  events: { title: "Events", render: renderEvents },
  stories: { title: "Stories", render: renderStories },
  dyad: { title: "Dyad", render: renderDyad },
  network: { title: "Network", render: renderNetwork },
  isolation: { title: "Isolation", render: renderIsolation },
  alerts: { title: "Alerts", render: renderAlerts },
  document: { title: "Documents", render: renderDocument },
  code: { title: "Code a text", render: renderCode },
};

function currentRoute() {
  const raw = location.hash.replace(/^#/, "");
  const cut = raw.indexOf("?");
  const name = cut < 0 ? raw : raw.slice(0, cut);
  const params = new URLSearchParams(cut < 0 ? "" : raw.slice(cut + 1));
  return { name: VIEWS[name] ? name : "events", params };
}

/** Show a view; the same hash again re-renders (a form submitted twice reloads). */
function go(view, params = {}) {
  const hash = routeHash(view, params);
  if (location.hash === hash) render();
  else location.hash = hash;
}

function disposeCharts() {
  for (const chart of state.charts) chart.dispose();
  state.charts = [];
}

async function render() {
  disposeCharts();
  const ticket = ++state.renderCount;
  const { name, params } = currentRoute();
  for (const link of document.querySelectorAll("nav.views a")) {
    if (link.dataset.view === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${VIEWS[name].title} · diplowatch`;
  // each render draws into its own section: a superseded one fills a detached node
  const section = el("section", { class: `view view-${name}`, dataset: { view: name } });
  document.getElementById("view").replaceChildren(section);
  try {
    await VIEWS[name].render(section, params, () => ticket === state.renderCount);
  } catch (error) {
    section.append(errorBox(error));
  }
}

/* ------------------------------------------------------------------ shared widgets */

function viewHeader(title, lede) {
  return el("div", { class: "view-header" }, [
    el("h1", { text: title }),
    lede ? el("p", { class: "lede", text: lede }) : null,
  ]);
}

/** One labelled input of a filter form (name doubles as the query parameter). */
function field(label, input, hint) {
  return el("label", { class: "field" }, [
    el("span", { class: "field-label", text: label }),
    input,
    hint ? el("span", { class: "field-hint", text: hint }) : null,
  ]);
}

function textInput(name, value, props = {}) {
  return el("input", { type: "text", name, value: value || "", autocomplete: "off", ...props });
}

function countryInput(name, value, props = {}) {
  return textInput(name, value, {
    list: "country-codes", pattern: "[A-Za-z]{2,3}", maxlength: 3, size: 5,
    placeholder: "PRK", title: "A country code: three letters (PRK) or IGO", class: "code-input",
    ...props,
  });
}

function dateInput(name, value) {
  return el("input", { type: "date", name, value: value || "" });
}

function select(name, choices, chosen) {
  const menu = el("select", { name }, choices.map(([value, label]) => el("option", { value }, label)));
  menu.value = choices.some(([value]) => value === chosen) ? chosen : choices[0][0];
  return menu;
}

/**
 * A filter form: on submit, its fields become the view's hash parameters (so every
 * state of a view can be bookmarked and the back button works).
 */
function filterForm(view, fields, { submitLabel = "Apply", reset = true } = {}) {
  const form = el("form", { class: "filters", novalidate: false }, [
    ...fields,
    el("div", { class: "form-actions" }, [
      el("button", { type: "submit", class: "primary", text: submitLabel }),
      reset ? hashLink(view, {}, "Reset", "button-link") : null,
    ]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const params = {};
    for (const [key, value] of new FormData(form).entries()) {
      const text = String(value).trim();
      if (text) params[key] = form.elements[key].classList.contains("code-input")
        ? text.toUpperCase() : text;
    }
    go(view, params);
  });
  return form;
}

function table(headers, rows, className = "") {
  return el("div", { class: "table-wrap" }, el("table", { class: `data ${className}` }, [
    el("thead", {}, el("tr", {}, headers.map((header) =>
      typeof header === "string"
        ? el("th", { scope: "col", text: header })
        : el("th", { scope: "col", class: header.class, text: header.label })))),
    el("tbody", {}, rows),
  ]));
}

function countryChip(code, extra = {}) {
  return el("span", { class: "chip", ...extra }, code || "?");
}

function dyadLabel(source, target) {
  return el("span", { class: "dyad" }, [
    countryChip(source), el("span", { class: "arrow", "aria-label": "to", text: "→" }),
    countryChip(target),
  ]);
}

/** The CAMEO code coloured by its QuadClass, with the root's name. */
function cameoBadge(cameo, root, quadClass) {
  const quad = quadOf(quadClass);
  return el("span", { class: "cameo" }, [
    el("span", {
      class: `cameo-code quad-${quad ? quad.id : 0}`,
      title: quad ? quad.name : "",
      text: cameo,
    }),
    el("span", { class: "cameo-root", text: `${root} ${rootName(root)}` }),
  ]);
}

function confidenceMeter(value) {
  const share = Math.max(0, Math.min(1, Number(value) || 0));
  return el("span", { class: "confidence", title: `confidence ${share.toFixed(2)}` }, [
    el("span", { class: "meter" }, el("span", { class: "meter-fill", style: `width:${Math.round(share * 100)}%` })),
    el("span", { class: "meter-value", text: share.toFixed(2) }),
  ]);
}

/**
 * Text with some substrings marked: a list of text nodes and <mark> elements, never
 * markup. `spans` are {text, className, label}; each is found by indexOf, taking the
 * first occurrence that does not overlap one already marked (so a name that occurs
 * twice marks the second time when the first is part of another span).
 */
function highlight(text, spans) {
  const taken = [];
  const overlaps = (start, end) => taken.some((range) => start < range.end && range.start < end);
  for (const span of spans) {
    if (!span.text) continue;
    let from = 0;
    while (from <= text.length) {
      const start = text.indexOf(span.text, from);
      if (start < 0) break;
      const end = start + span.text.length;
      if (!overlaps(start, end)) {
        taken.push({ start, end, ...span });
        break;
      }
      from = start + 1;
    }
  }
  taken.sort((x, y) => x.start - y.start);
  const parts = [];
  let cursor = 0;
  for (const range of taken) {
    if (range.start > cursor) parts.push(document.createTextNode(text.slice(cursor, range.start)));
    parts.push(el("mark", { class: range.className, title: range.label },
      text.slice(range.start, range.end)));
    cursor = range.end;
  }
  if (cursor < text.length) parts.push(document.createTextNode(text.slice(cursor)));
  return parts;
}

/** An event's evidence sentence with source actor, target actor and trigger marked. */
function evidence(row) {
  return el("span", { class: "evidence" }, highlight(row.sentence || "", [
    { text: row.trigger, className: "hl-trigger", label: "trigger" },
    { text: row.source_text, className: "hl-source", label: `source actor ${row.source_code}` },
    { text: row.target_text, className: "hl-target", label: `target actor ${row.target_code}` },
  ]));
}

function highlightLegend() {
  return el("p", { class: "legend" }, [
    "In the evidence: ",
    el("mark", { class: "hl-source", text: "source actor" }), " ",
    el("mark", { class: "hl-target", text: "target actor" }), " ",
    el("mark", { class: "hl-trigger", text: "trigger" }),
  ]);
}

/** The table of event rows every view shares (events, dyad buckets, documents, code). */
function eventTable(rows, { documentLinks = true } = {}) {
  const headers = ["Date", "Source", "Event", "Target", "Evidence", "Confidence", "Rule"];
  if (documentLinks) headers.push("Document");
  const body = rows.map((row) => {
    const tags = [];
    if (row.alleged) tags.push(el("span", { class: "tag tag-alleged", text: "alleged" }));
    if (row.mention_of) tags.push(el("span", { class: "tag", text: "repeat", title: `repeats event ${row.mention_of}` }));
    if (row.plover) tags.push(el("span", { class: "tag tag-plover", text: row.plover }));
    const cells = [
      el("td", { class: "col-date" }, [
        el("span", { class: "date", text: row.date || "undated" }),
        el("span", { class: "precision", text: row.date_precision || "" }),
      ]),
      el("td", { class: "col-source" }, countryChip(row.source_code, { title: row.source_text })),
      el("td", { class: "col-event" }, [
        cameoBadge(row.cameo, row.cameo_root, row.quad_class),
        el("span", { class: "goldstein", title: "Goldstein score", text: `Goldstein ${fmtGoldstein(row.goldstein)}` }),
      ]),
      el("td", { class: "col-target" }, countryChip(row.target_code, { title: row.target_text })),
      el("td", { class: "col-evidence" }, [evidence(row), tags.length ? el("span", { class: "tags" }, tags) : null]),
      el("td", { class: "col-confidence" }, confidenceMeter(row.confidence)),
      el("td", { class: "col-rule" }, el("code", {}, breakable(row.rule || ""))),
    ];
    if (documentLinks) {
      cells.push(el("td", { class: "col-doc" },
        hashLink("document", { id: row.doc_id }, row.doc_id, "doc-link")));
    }
    return el("tr", {
      class: "event-row",
      dataset: {
        eventId: row.event_id, sourceCountry: row.source_country || "",
        targetCountry: row.target_country || "",
      },
    }, cells);
  });
  return table(headers, body, "events-table");
}

/** A dotted name (a rule id) as text with line-break chances after its dots. */
function breakable(text) {
  return text.split(".").flatMap((part, index, parts) =>
    index < parts.length - 1 ? [`${part}.`, el("wbr")] : [part]);
}

/** Previous/next buttons over a total (offset paging as the API does it). */
function pager(total, limit, offset, onPage) {
  const last = Math.min(offset + limit, total);
  const info = total === 0 ? "no events" : `${fmtNumber(offset + 1)}–${fmtNumber(last)} of ${plural(total, "event")}`;
  return el("div", { class: "pager" }, [
    el("button", { type: "button", disabled: offset <= 0, onclick: () => onPage(Math.max(0, offset - limit)), text: "← Newer" }),
    el("span", { class: "pager-info", text: info }),
    el("button", { type: "button", disabled: last >= total, onclick: () => onPage(offset + limit), text: "Older →" }),
  ]);
}

/* ------------------------------------------------------------------ charts */

/** A chart in a fresh container; it is disposed when the view changes. */
function makeChart(container, label) {
  container.setAttribute("role", "img");
  container.setAttribute("aria-label", label);
  const chart = echarts.init(container, null, { renderer: "canvas" });
  // "finished": drawn and done animating; marked so a click or screenshot can wait for it
  chart.on("finished", () => { container.dataset.ready = "true"; });
  state.charts.push(chart);
  return chart;
}

const esc = (value) => echarts.format.encodeHTML(String(value ?? ""));

/** A tooltip line: a coloured dot, an escaped name and an escaped value. */
function tooltipLine(marker, name, value) {
  return `${marker}${esc(name)}: <b>${esc(value)}</b>`;
}

/** The axis tooltip of bar/line charts: every value escaped. */
function axisTooltip(params, valueText = (p) => p.value) {
  const list = [].concat(params);
  if (!list.length) return "";
  const lines = list.map((p) => tooltipLine(p.marker, p.seriesName, valueText(p)));
  return [`<b>${esc(list[0].axisValueLabel ?? list[0].name)}</b>`, ...lines].join("<br>");
}

const CHART_TEXT = { fontFamily: "inherit", color: "#334", fontSize: 13 };

/* ------------------------------------------------------------------ view: events */

async function renderEvents(section, params, isCurrent) {
  const filters = Object.fromEntries(
    ["country", "source", "target", "root", "since", "until", "text", "lang"].map((key) => [key, params.get(key) || ""]));
  const offset = Math.max(0, Number.parseInt(params.get("offset") || "0", 10) || 0);
  const rootChoices = [["", "any root"], ...Object.entries(CAMEO_ROOTS).map(([code, name]) => [code, `${code} ${name}`])];
  section.append(
    viewHeader("Events", "Every coded event, newest first. Filter by actor, CAMEO root, date or words in the sentence."),
    filterForm("events", [
      field("Country", countryInput("country", filters.country), "as source or target"),
      field("Source", textInput("source", filters.source, { list: "country-codes", placeholder: "PRKGOV", size: 9, class: "code-input", pattern: ACTOR_PATTERN, title: ACTOR_TITLE })),
      field("Target", textInput("target", filters.target, { list: "country-codes", placeholder: "IRN", size: 9, class: "code-input", pattern: ACTOR_PATTERN, title: ACTOR_TITLE })),
      field("CAMEO root", select("root", rootChoices, filters.root)),
      field("Since", dateInput("since", filters.since)),
      field("Until", dateInput("until", filters.until)),
      field("Language", select("lang", [["", "any"], ["de", "German"], ["en", "English"]], filters.lang)),
      field("Text", textInput("text", filters.text, { placeholder: "words in the sentence", size: 18, maxlength: 200 })),
    ]),
  );
  const results = el("div", { class: "results" }, el("p", { class: "loading", text: "Loading events…" }));
  section.append(results);
  const data = await api("/api/events", { ...filters, limit: PAGE_SIZE, offset });
  if (!isCurrent()) return;
  const page = (next) => go("events", { ...filters, offset: next || "" });
  results.replaceChildren(
    el("div", { class: "results-bar" }, [
      el("p", { class: "total", dataset: { total: data.total } }, [
        el("strong", { text: fmtNumber(data.total) }), ` ${data.total === 1 ? "event matches" : "events match"}`,
      ]),
      highlightLegend(),
    ]),
    data.events.length ? eventTable(data.events) : emptyState("No events match these filters."),
    data.total > data.limit ? pager(data.total, data.limit, data.offset, page) : null,
  );
}

/* ------------------------------------------------------------------ view: stories */

async function renderStories(section, params, isCurrent) {
  const filters = Object.fromEntries(["country", "since", "until"].map((key) => [key, params.get(key) || ""]));
  section.append(
    viewHeader("Stories", "Reports of the same real-world event merged into one story: who did what to whom, how often it was reported, and by how many sources."),
    filterForm("stories", [
      field("Country", countryInput("country", filters.country)),
      field("Since", dateInput("since", filters.since)),
      field("Until", dateInput("until", filters.until)),
    ]),
  );
  const data = await api("/api/stories", { ...filters, limit: 200 });
  if (!isCurrent()) return;
  if (!data.stories.length) {
    section.append(emptyState("No stories match these filters."));
    return;
  }
  section.append(
    el("p", { class: "total" }, [el("strong", { text: fmtNumber(data.stories.length) }), " stories"]),
    table(["Dyad", "Event", "Date", { label: "Mentions", class: "num" }, { label: "Documents", class: "num" },
      { label: "Sources", class: "num" }, { label: "Goldstein", class: "num" }, "Evidence", "Document", ""],
    data.stories.map(storyRow), "stories-table"),
  );
}

const STORY_COLUMNS = 10;

/** One story; its button opens the reports behind it in a row underneath. */
function storyRow(story) {
  const toggle = el("button", { type: "button", class: "small", "aria-expanded": "false", text: "Reports" });
  const row = el("tr", { class: "story-row", dataset: { storyId: story.story_id } }, [
    el("td", {}, dyadLabel(story.source_country, story.target_country)),
    el("td", {}, cameoBadge(story.cameo, story.cameo_root, story.quad_class)),
    el("td", { class: "col-date" }, [
      el("span", { class: "date", text: story.first_date }),
      story.last_date !== story.first_date ? el("span", { class: "precision", text: `to ${story.last_date}` }) : null,
    ]),
    el("td", { class: "num" }, fmtNumber(story.num_mentions)),
    el("td", { class: "num" }, fmtNumber(story.num_documents)),
    el("td", { class: "num" }, fmtNumber(story.num_sources)),
    el("td", { class: "num" }, fmtGoldstein(story.goldstein)),
    el("td", { class: "col-evidence" }, evidence({ ...story, sentence: story.evidence })),
    el("td", { class: "col-doc" }, story.evidence_doc_id
      ? hashLink("document", { id: story.evidence_doc_id }, story.evidence_doc_id, "doc-link") : "–"),
    el("td", {}, toggle),
  ]);
  toggle.addEventListener("click", () => toggleStoryReports(row, toggle, story));
  return row;
}

async function toggleStoryReports(row, toggle, story) {
  const open = row.nextElementSibling && row.nextElementSibling.classList.contains("story-reports");
  if (open) {
    row.nextElementSibling.remove();
    toggle.setAttribute("aria-expanded", "false");
    return;
  }
  const cell = el("td", { colspan: STORY_COLUMNS }, el("p", { class: "loading", text: "Loading the reports…" }));
  row.after(el("tr", { class: "story-reports" }, cell));
  toggle.setAttribute("aria-expanded", "true");
  try {
    const found = await api(`/api/stories/${encodeURIComponent(story.story_id)}`);
    cell.replaceChildren(
      el("p", { class: "muted", text: `${plural(found.events.length, "report")} of this story` }),
      eventTable(found.events),
    );
  } catch (error) {
    cell.replaceChildren(errorBox(error));
  }
}

/* ------------------------------------------------------------------ view: dyad */

/** Every period label from first to last, so the timeline has no silent gaps. */
function periodRange(first, last, by) {
  const labels = [];
  if (by === "year") {
    for (let year = Number(first); year <= Number(last); year++) labels.push(String(year));
  } else if (by === "month") {
    let [year, month] = first.split("-").map(Number);
    const [endYear, endMonth] = last.split("-").map(Number);
    while (year < endYear || (year === endYear && month <= endMonth)) {
      labels.push(`${year}-${String(month).padStart(2, "0")}`);
      month += 1;
      if (month > 12) { month = 1; year += 1; }
    }
  } else {
    const day = new Date(`${first}T00:00:00Z`);
    const end = new Date(`${last}T00:00:00Z`);
    while (day <= end) {
      labels.push(day.toISOString().slice(0, 10));
      day.setUTCDate(day.getUTCDate() + 7);
    }
  }
  return labels.length > 800 ? null : labels; // too many to draw: keep only filled buckets
}

/** The first and last day of a period label (for fetching its events). */
function periodSpan(label, by) {
  if (by === "year") return [`${label}-01-01`, `${label}-12-31`];
  if (by === "month") {
    const [year, month] = label.split("-").map(Number);
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return [`${label}-01`, `${label}-${String(lastDay).padStart(2, "0")}`];
  }
  const end = new Date(`${label}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 6);
  return [label, end.toISOString().slice(0, 10)];
}

function dyadChartOptions(data, labels) {
  const byPeriod = new Map(data.buckets.map((bucket) => [bucket.period, bucket]));
  const side = (label, direction) => (byPeriod.get(label) || {})[direction] || null;
  const forwardName = `${data.a} → ${data.b}`;
  const backwardName = `${data.b} → ${data.a}`;
  const bars = [];
  for (const [direction, sign] of [["forward", 1], ["backward", -1]]) {
    for (const quad of QUADS) {
      bars.push({
        name: quad.name, type: "bar", stack: "events", barMaxWidth: 42,
        direction: direction === "forward" ? forwardName : backwardName,
        itemStyle: { color: quad.color, opacity: direction === "forward" ? 1 : 0.75 },
        emphasis: { focus: "series" },
        data: labels.map((label) => {
          const count = (side(label, direction) || {})[quad.key] || 0;
          return count ? sign * count : null;
        }),
      });
    }
  }
  const goldstein = (direction, name, dashed) => ({
    name, type: "line", yAxisIndex: 1, connectNulls: false, symbolSize: 8,
    lineStyle: { width: 2, type: dashed ? "dashed" : "solid", color: dashed ? "#7a5c99" : "#223" },
    itemStyle: { color: dashed ? "#7a5c99" : "#223" },
    data: labels.map((label) => {
      const value = (side(label, direction) || {}).goldstein_mean;
      return value === null || value === undefined ? null : value;
    }),
  });
  const series = [...bars, goldstein("forward", `Goldstein ${forwardName}`, false),
    goldstein("backward", `Goldstein ${backwardName}`, true)];
  const peak = Math.max(1, ...data.buckets.flatMap((bucket) => [bucket.forward.events, bucket.backward.events]));
  return {
    textStyle: CHART_TEXT,
    animationDuration: 400,
    aria: { enabled: true },
    legend: { top: 0, type: "scroll", data: [...QUADS.map((quad) => quad.name), `Goldstein ${forwardName}`, `Goldstein ${backwardName}`] },
    grid: { left: 64, right: 64, top: 48, bottom: 56 },
    tooltip: {
      trigger: "axis", axisPointer: { type: "shadow" },
      formatter: (params) => {
        const list = [].concat(params).filter((p) => typeof p.value === "number");
        if (!list.length) return `<b>${esc([].concat(params)[0].axisValueLabel)}</b><br>no events`;
        const lines = list.map((p) => {
          const seriesDef = series[p.seriesIndex];
          const name = seriesDef.direction ? `${seriesDef.direction} ${p.seriesName.toLowerCase()}` : p.seriesName;
          const value = seriesDef.type === "bar" ? Math.abs(p.value) : fmtGoldstein(p.value);
          return tooltipLine(p.marker, name, value);
        });
        return [`<b>${esc(list[0].axisValueLabel)}</b>`, ...lines, esc("Click a bar for its events")].join("<br>");
      },
    },
    xAxis: { type: "category", data: labels, axisTick: { alignWithLabel: true }, axisLabel: { hideOverlap: true } },
    yAxis: [
      {
        type: "value", min: -peak, max: peak, minInterval: 1,
        name: `↑ ${forwardName}   ↓ ${backwardName}`, nameLocation: "middle", nameGap: 40,
        axisLabel: { formatter: (value) => String(Math.abs(value)) },
      },
      {
        type: "value", min: -10, max: 10, interval: 5, name: "Goldstein (mean)",
        nameLocation: "middle", nameGap: 40, splitLine: { show: false },
      },
    ],
    dataZoom: labels.length > 40 ? [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }] : [],
    series,
  };
}

/** The small QuadClass breakdown of one direction of a bucket: "2 (2 · 0 · 0 · 0)". */
function quadBreakdown(side) {
  if (!side || !side.events) return el("span", { class: "muted", text: "–" });
  return el("span", { class: "quad-breakdown" }, [
    el("strong", { text: fmtNumber(side.events) }),
    ...QUADS.map((quad) => el("span", {
      class: `quad-count quad-${quad.id}${side[quad.key] ? "" : " zero"}`,
      title: quad.name, text: String(side[quad.key] || 0),
    })),
  ]);
}

async function showBucketEvents(panel, data, bucket) {
  const [since, until] = periodSpan(bucket.period, data.by);
  const ids = new Set([...bucket.forward.event_ids, ...bucket.backward.event_ids]);
  panel.replaceChildren(el("p", { class: "loading", text: `Loading the events of ${bucket.period}…` }));
  try {
    const found = await api("/api/events", { country: data.a, since, until, limit: 1000 });
    const rows = found.events.filter((row) => ids.has(row.event_id));
    panel.replaceChildren(
      el("h2", { text: `${data.a} and ${data.b} in ${bucket.period}` }),
      el("p", { class: "muted", text: `${plural(rows.length, "event")} from ${since} to ${until}` }),
      highlightLegend(),
      rows.length ? eventTable(rows) : emptyState("No events in this period."),
    );
  } catch (error) {
    panel.replaceChildren(errorBox(error));
  }
  panel.scrollIntoView({ behavior: "smooth", block: "start" });
}

/** The bucket and date range a time view was asked for (yearly, all dates by default). */
function periodParams(params) {
  return { by: params.get("by") || "year", since: params.get("since") || "", until: params.get("until") || "" };
}

/** The period, since and until fields of a time view's form. */
function periodFields(by, since, until) {
  return [
    field("Period", select("by", PERIOD_CHOICES, by)),
    field("Since", dateInput("since", since)),
    field("Until", dateInput("until", until)),
  ];
}

async function renderDyad(section, params, isCurrent) {
  const a = (params.get("a") || "PRK").toUpperCase();
  const b = (params.get("b") || "IRN").toUpperCase();
  const { by, since, until } = periodParams(params);
  section.append(
    viewHeader("Dyad", "What two states did to each other, period by period: events by QuadClass in each direction and their mean Goldstein score."),
    filterForm("dyad", [
      field("Country A", countryInput("a", a, { required: true })),
      field("Country B", countryInput("b", b, { required: true })),
      ...periodFields(by, since, until),
    ], { submitLabel: "Show" }),
  );
  const data = await api("/api/dyad", { a, b, by, since, until });
  if (!isCurrent()) return;
  if (!data.buckets.length) {
    section.append(emptyState(`No events between ${data.a} and ${data.b} in this period.`));
    return;
  }
  const periods = data.buckets.map((bucket) => bucket.period);
  const labels = periodRange(periods[0], periods[periods.length - 1], data.by) || periods;
  const chartBox = el("div", { class: "chart chart-dyad", id: "dyad-chart" });
  const panel = el("div", { class: "bucket-events", id: "bucket-events" },
    el("p", { class: "muted", text: "Click a bar in the chart, or a period below, to list its events." }));
  const totals = (direction) => data.buckets.reduce((sum, bucket) => sum + bucket[direction].events, 0);
  const rows = data.buckets.map((bucket) => el("tr", { class: "bucket-row", dataset: { period: bucket.period } }, [
    el("th", { scope: "row", text: bucket.period }),
    el("td", {}, quadBreakdown(bucket.forward)),
    el("td", { class: "num" }, fmtGoldstein(bucket.forward.goldstein_mean)),
    el("td", {}, quadBreakdown(bucket.backward)),
    el("td", { class: "num" }, fmtGoldstein(bucket.backward.goldstein_mean)),
    el("td", {}, el("button", {
      type: "button", class: "small", text: "Show events",
      onclick: () => showBucketEvents(panel, data, bucket),
    })),
  ]));
  section.append(
    el("div", { class: "stat-row" }, [
      statCard(`${data.a} → ${data.b}`, fmtNumber(totals("forward")), "events"),
      statCard(`${data.b} → ${data.a}`, fmtNumber(totals("backward")), "events"),
      statCard("Periods with events", fmtNumber(data.buckets.length), `of ${labels.length} ${data.by}s`),
    ]),
    el("div", { class: "card" }, [chartBox, quadLegend(data)]),
    el("h2", { text: "Periods with events" }),
    table(["Period", `${data.a} → ${data.b} (by QuadClass)`, { label: "Goldstein", class: "num" },
      `${data.b} → ${data.a} (by QuadClass)`, { label: "Goldstein", class: "num" }, ""], rows, "buckets-table"),
    panel,
  );
  const chart = makeChart(chartBox, `Events between ${data.a} and ${data.b} per ${data.by}, periods ${periods.join(", ")}`);
  chart.setOption(dyadChartOptions(data, labels));
  chart.on("click", (event) => {
    const bucket = data.buckets.find((item) => item.period === labels[event.dataIndex]);
    if (bucket) showBucketEvents(panel, data, bucket);
  });
}

function quadLegend(data) {
  return el("p", { class: "legend chart-note" }, [
    `Bars above the axis: ${data.a} → ${data.b}; below: ${data.b} → ${data.a}. Counts per QuadClass: `,
    ...QUADS.flatMap((quad) => [el("span", { class: `quad-count quad-${quad.id}`, text: quad.name }), " "]),
  ]);
}

function statCard(label, value, note, id) {
  return el("div", { class: "stat", id }, [
    el("span", { class: "stat-label", text: label }),
    el("span", { class: "stat-value", text: value }),
    note ? el("span", { class: "stat-note", text: note }) : null,
  ]);
}

/* ------------------------------------------------------------------ view: network */

function networkChartOptions(data) {
  const categories = data.blocs.map((_members, index) => ({
    name: `Bloc ${index + 1}`, itemStyle: { color: BLOC_COLORS[index % BLOC_COLORS.length] },
  }));
  const nodes = data.nodes.map((node) => ({
    id: node.id, name: node.id, category: node.bloc, value: node.cooperation + node.conflict,
    symbolSize: 14 + 6 * Math.sqrt(node.cooperation + node.conflict), node,
  }));
  const links = data.edges.map((edge) => ({
    source: edge.a, target: edge.b, edge,
    lineStyle: {
      color: edge.net > 0 ? "#2e9e6b" : edge.net < 0 ? "#d1495b" : "#9aa3af",
      width: 1 + 1.5 * Math.min(6, Math.abs(edge.net)), opacity: 0.75, curveness: 0.08,
    },
  }));
  return {
    textStyle: CHART_TEXT,
    aria: { enabled: true },
    legend: { top: 0, type: "scroll", data: categories.map((category) => category.name) },
    tooltip: {
      formatter: (p) => {
        if (p.dataType === "edge") {
          const e = p.data.edge;
          return [`<b>${esc(e.a)} – ${esc(e.b)}</b>`, `cooperation ${esc(e.cooperation)}, conflict ${esc(e.conflict)}`,
            `net ${esc(fmtSigned(e.net))}, Goldstein ${esc(fmtGoldstein(e.goldstein))}`, esc("Click for the dyad")].join("<br>");
        }
        const n = p.data.node;
        return [`<b>${esc(n.id)}</b> (bloc ${esc(n.bloc + 1)})`, `${esc(n.partners)} partners, ${esc(n.rivals)} rivals`,
          `cooperation ${esc(n.cooperation)}, conflict ${esc(n.conflict)}`, `betweenness ${esc(n.betweenness)}`].join("<br>");
      },
    },
    series: [{
      type: "graph", layout: "force", roam: true, draggable: true, top: 40,
      categories, data: nodes, links,
      label: { show: true, position: "right", fontWeight: 600, color: "#223" },
      force: { repulsion: 300, gravity: 0.12, edgeLength: [60, 160], friction: 0.2 },
      emphasis: { focus: "adjacency", lineStyle: { width: 6 } },
      lineStyle: { opacity: 0.75 },
    }],
  };
}

async function renderNetwork(section, params, isCurrent) {
  const since = params.get("since") || "";
  const until = params.get("until") || "";
  section.append(
    viewHeader("Network", "The signed network of states: green ties are mostly cooperative, red mostly conflictual; thicker means a larger net balance. Colours are blocs, sizes the number of events."),
    filterForm("network", [field("Since", dateInput("since", since)), field("Until", dateInput("until", until))]),
  );
  const data = await api("/api/network", { since, until });
  if (!isCurrent()) return;
  if (!data.nodes.length) {
    section.append(emptyState("No events between states in this period."));
    return;
  }
  const chartBox = el("div", { class: "chart chart-network", id: "network-chart" });
  section.append(
    el("div", { class: "card" }, [chartBox, el("p", { class: "legend chart-note" }, [
      el("span", { class: "swatch swatch-line pos" }), " net cooperation  ",
      el("span", { class: "swatch swatch-line neg" }), " net conflict  ",
      el("span", { class: "swatch swatch-line zero" }), " balanced. Drag nodes, scroll to zoom, click a tie for its dyad.",
    ])]),
    el("div", { class: "two-columns" }, [
      el("div", {}, [el("h2", { text: "Blocs" }), blocTable(data)]),
      el("div", {}, [el("h2", { text: "Positions" }), positionTable(data)]),
    ]),
  );
  const chart = makeChart(chartBox, `Signed network of ${plural(data.nodes.length, "state")} in ${plural(data.blocs.length, "bloc")}`);
  chart.setOption(networkChartOptions(data));
  chart.on("click", (event) => {
    if (event.dataType === "edge") go("dyad", { a: event.data.edge.a, b: event.data.edge.b });
  });
}

function blocTable(data) {
  const rows = data.blocs.map((members, index) => el("tr", { class: "bloc-row", dataset: { bloc: index } }, [
    el("th", { scope: "row" }, [
      el("span", { class: "swatch", style: `background:${BLOC_COLORS[index % BLOC_COLORS.length]}` }),
      ` Bloc ${index + 1}`,
    ]),
    el("td", { class: "bloc-members" }, members.map((code) => countryChip(code, { class: "chip member" }))),
    el("td", { class: "num", text: String(members.length) }),
  ]));
  return table(["Bloc", "Members", { label: "States", class: "num" }], rows, "blocs-table");
}

function positionTable(data) {
  const nodes = [...data.nodes].sort((x, y) => x.bloc - y.bloc || y.betweenness - x.betweenness || x.id.localeCompare(y.id));
  const rows = nodes.map((node) => el("tr", { class: "node-row", dataset: { country: node.id } }, [
    el("th", { scope: "row" }, hashLink("isolation", { country: node.id }, node.id, "chip-link")),
    el("td", { class: "num" }, [
      el("span", { class: "swatch", style: `background:${BLOC_COLORS[node.bloc % BLOC_COLORS.length]}` }),
      ` ${node.bloc + 1}`,
    ]),
    el("td", { class: "num" }, fmtNumber(node.partners)),
    el("td", { class: "num" }, fmtNumber(node.rivals)),
    el("td", { class: "num" }, fmtNumber(node.cooperation)),
    el("td", { class: "num" }, fmtNumber(node.conflict)),
    el("td", { class: "num" }, node.betweenness.toFixed(3)),
  ]));
  return table(["State", { label: "Bloc", class: "num" }, { label: "Partners", class: "num" },
    { label: "Rivals", class: "num" }, { label: "Coop.", class: "num" }, { label: "Conflict", class: "num" },
    { label: "Betweenness", class: "num" }], rows, "positions-table");
}

/* ------------------------------------------------------------------ view: isolation */

/** One sentence saying what the series means, from the latest period with partners. */
function isolationReading(data) {
  const periods = data.periods;
  const unit = data.by;
  const trend = `trend ${fmtSigned(data.slope, 2)} partners per ${unit}`;
  let lastActive = -1;
  periods.forEach((period, index) => { if (period.partners > 0) lastActive = index; });
  if (lastActive < 0) return `${data.country} had no cooperative partners in any ${unit} of the store; ${trend}.`;
  const now = periods[lastActive];
  const partners = plural(now.partners, "cooperative partner");
  let sentence = `${data.country} had ${partners} in ${now.period}`;
  const before = periods[lastActive - 1];
  if (before) {
    const compare = now.partners > before.partners ? "up from" : now.partners < before.partners ? "down from" : "the same as";
    sentence += `, ${compare} ${before.partners} in ${before.period}`;
  }
  if (lastActive < periods.length - 1) sentence += `, and none recorded after ${now.period}`;
  return `${sentence}; ${trend}.`;
}

function isolationChartOptions(data) {
  const labels = data.periods.map((period) => period.period);
  return {
    textStyle: CHART_TEXT,
    aria: { enabled: true },
    legend: { top: 0 },
    grid: { left: 56, right: 56, top: 44, bottom: 36 },
    tooltip: {
      trigger: "axis",
      formatter: (params) => {
        const list = [].concat(params);
        const period = data.periods[list[0].dataIndex];
        const partners = period.partner_list.length ? period.partner_list.join(", ") : "none";
        return `${axisTooltip(list)}<br>${esc("partners: " + partners)}`;
      },
    },
    xAxis: { type: "category", data: labels },
    yAxis: [
      { type: "value", name: "Partners", minInterval: 1, nameLocation: "middle", nameGap: 36 },
      { type: "value", name: "Cooperative events", minInterval: 1, nameLocation: "middle", nameGap: 36, splitLine: { show: false } },
    ],
    series: [
      {
        name: "Cooperative partners", type: "bar", barMaxWidth: 48, data: data.periods.map((p) => p.partners),
        itemStyle: { color: "#2e9e6b", borderRadius: [4, 4, 0, 0] },
        label: { show: true, position: "top", formatter: (p) => (p.value ? String(p.value) : "") },
      },
      {
        name: "Cooperative events", type: "line", yAxisIndex: 1, data: data.periods.map((p) => p.events),
        itemStyle: { color: "#3b6fb6" }, lineStyle: { width: 2 }, symbolSize: 7,
      },
    ],
  };
}

async function renderIsolation(section, params, isCurrent) {
  const country = (params.get("country") || "PRK").toUpperCase();
  const { by, since, until } = periodParams(params);
  section.append(
    viewHeader("Isolation", "Is a state breaking out of its isolation? The number of states it cooperates with, period by period, and the trend."),
    filterForm("isolation", [
      field("Country", countryInput("country", country, { required: true })),
      ...periodFields(by, since, until),
    ], { submitLabel: "Show" }),
  );
  const data = await api("/api/isolation", { country, by, since, until });
  if (!isCurrent()) return;
  if (!data.periods.length) {
    section.append(emptyState("The store has no dated events in this period."));
    return;
  }
  const peak = data.periods.reduce((best, period) => (period.partners > best.partners ? period : best), data.periods[0]);
  const n = data.periods.length;
  const step = n >= 2 ? `${data.periods[n - 2].period} → ${data.periods[n - 1].period}` : "";
  const chartBox = el("div", { class: "chart chart-isolation", id: "isolation-chart" });
  section.append(
    el("p", { class: "reading", id: "isolation-reading", text: isolationReading(data) }),
    el("div", { class: "stat-row" }, [
      statCard("Trend", fmtSigned(data.slope), `partners per ${data.by} (least-squares slope)`, "isolation-slope"),
      statCard("Last step", fmtSigned(data.change), step ? `partners, ${step}` : "too few periods", "isolation-change"),
      statCard("Peak", fmtNumber(peak.partners), peak.partners ? `partners in ${peak.period}` : "no partners", "isolation-peak"),
    ]),
    el("div", { class: "card" }, chartBox),
    el("h2", { text: "Periods" }),
    table(["Period", { label: "Partners", class: "num" }, "Who", { label: "Events", class: "num" },
      { label: "Goldstein", class: "num" }],
    data.periods.map((period) => el("tr", { class: "period-row", dataset: { period: period.period } }, [
      el("th", { scope: "row", text: period.period }),
      el("td", { class: "num", text: fmtNumber(period.partners) }),
      el("td", {}, period.partner_list.length
        ? period.partner_list.map((partner) => hashLink("dyad", { a: data.country, b: partner }, partner, "chip chip-link"))
        : el("span", { class: "muted", text: "–" })),
      el("td", { class: "num", text: fmtNumber(period.events) }),
      el("td", { class: "num", text: fmtGoldstein(period.goldstein) }),
    ])), "periods-table"),
  );
  const chart = makeChart(chartBox, `Cooperative partners of ${data.country} per ${data.by}`);
  chart.setOption(isolationChartOptions(data));
}

/* ------------------------------------------------------------------ view: alerts */

const ALERT_KINDS = { novelty: "Novelty", first_root: "First of its kind", spike: "Conflict spike" };
const ALERT_KINDS_MANY = { novelty: "novelties", first_root: "first of their kind", spike: "conflict spikes" };

function alertCard(alert) {
  const [source, target] = alert.dyad || [];
  return el("article", { class: `alert-card kind-${alert.kind}`, dataset: { kind: alert.kind, dyad: (alert.dyad || []).join("-") } }, [
    el("header", { class: "alert-head" }, [
      el("span", { class: `badge badge-${alert.kind}`, text: ALERT_KINDS[alert.kind] || alert.kind }),
      el("time", { class: "date", text: alert.date }),
      source ? hashLink("dyad", { a: source, b: target }, `${source} → ${target}`, "dyad-link") : null,
      alert.cameo ? el("span", { class: "cameo-code", text: alert.cameo }) : null,
    ]),
    el("p", { class: "alert-message", text: alert.message }),
    alert.evidence ? el("blockquote", { class: "alert-evidence", text: alert.evidence }) : null,
    alert.doc_id ? el("footer", {}, hashLink("document", { id: alert.doc_id }, `Read ${alert.doc_id}`, "doc-link")) : null,
  ]);
}

/** Newest first, whatever order the API chose (a stable sort keeps its order within a day). */
function newestFirst(alerts) {
  return [...alerts].sort((x, y) => String(y.date).localeCompare(String(x.date)));
}

async function renderAlerts(section, params, isCurrent) {
  const last = state.summary && state.summary.last;
  const since = params.get("since") || (last ? shiftYears(last, -1) : "2000-01-01");
  const kind = params.get("kind") || "";
  section.append(
    viewHeader("Alerts", "What is new: the first event of a kind between two states (or the first in a long time), and weeks with unusually many conflict events."),
    filterForm("alerts", [
      field("Since", el("input", { type: "date", name: "since", value: since, required: true })),
      field("Kind", select("kind", [["", "all kinds"], ...Object.entries(ALERT_KINDS)], kind)),
    ]),
  );
  const data = await api("/api/alerts", { since });
  if (!isCurrent()) return;
  const shown = data.alerts.filter((alert) => !kind || alert.kind === kind);
  const counts = Object.keys(ALERT_KINDS).map((name) => {
    const count = data.alerts.filter((alert) => alert.kind === name).length;
    return `${count} ${count === 1 ? ALERT_KINDS[name].toLowerCase() : ALERT_KINDS_MANY[name]}`;
  });
  section.append(el("p", { class: "total" }, [
    el("strong", { text: fmtNumber(data.alerts.length) }), ` alerts since ${since}: ${counts.join(", ")}`,
  ]));
  section.append(shown.length
    ? el("div", { class: "alert-list" }, newestFirst(shown).map(alertCard))
    : emptyState(`No alerts since ${since}.`));
}

/* ------------------------------------------------------------------ view: document */

function documentPicker(documents, current) {
  return el("nav", { class: "doc-picker", "aria-label": "Documents" }, [
    el("h2", { text: `${documents.length} documents` }),
    el("ul", {}, documents.map((doc) => el("li", { class: doc.doc_id === current ? "current" : "" }, [
      hashLink("document", { id: doc.doc_id }, doc.title || doc.doc_id, "doc-title-link"),
      el("span", { class: "doc-meta" }, [
        doc.published || "undated", " · ", (doc.lang || "?").toUpperCase(), " · ",
        plural(doc.events, "event"),
      ]),
    ]))),
  ]);
}

/** The text in paragraphs, with every sentence that carries an event marked. */
function documentText(text, events) {
  const sentences = [...new Set(events.map((row) => row.sentence).filter(Boolean))];
  const paragraphs = text.split(/\n\s*\n/).map((part) => part.replace(/\s+/g, " ").trim()).filter(Boolean);
  return el("div", { class: "doc-text" }, paragraphs.map((paragraph) => el("p", {}, highlight(paragraph,
    sentences.map((sentence) => ({ text: sentence.replace(/\s+/g, " ").trim(), className: "hl-sentence", label: "coded sentence" }))))));
}

function documentMeta(doc) {
  const items = [
    ["Published", doc.published || "unknown"], ["Language", doc.lang || "unknown"],
    ["Source", doc.source || "unknown"], ["Status", doc.skip_reason ? `${doc.status} (${doc.skip_reason})` : doc.status],
    ["Origin", doc.origin], ["URL", doc.url], ["Id", doc.doc_id],
  ];
  return el("dl", { class: "doc-meta-list" }, items.filter(([, value]) => value).flatMap(([label, value]) => [
    el("dt", { text: label }),
    el("dd", { class: label === "URL" ? "url" : "", text: value }), // a URL from data stays text
  ]));
}

async function renderDocument(section, params, isCurrent) {
  const id = params.get("id") || "";
  const [list, found] = await Promise.all([
    api("/api/documents", { limit: 1000 }),
    id ? api(`/api/documents/${encodeURIComponent(id)}`).catch((error) => error) : Promise.resolve(null),
  ]);
  if (!isCurrent()) return;
  const content = el("div", { class: "doc-content" });
  const picker = documentPicker(list.documents, id);
  section.append(el("div", { class: "doc-layout" }, [picker, content]));
  const current = picker.querySelector("li.current");
  if (current) picker.scrollTop = current.offsetTop - picker.clientHeight / 3; // in sight, page not scrolled
  if (!found) {
    content.append(viewHeader("Documents", "Pick a document to read it with its coded sentences marked and its events listed."));
    if (!list.documents.length) content.append(emptyState("The store holds no documents yet."));
    return;
  }
  if (found instanceof Error) {
    content.append(errorBox(found));
    return;
  }
  const doc = found.document;
  content.append(
    el("h1", { class: "doc-title", text: doc.title || doc.doc_id }),
    documentMeta(doc),
    el("h2", { text: `Events (${found.events.length})` }),
    highlightLegend(),
    found.events.length ? eventTable(found.events, { documentLinks: false }) : emptyState("No events were coded in this document."),
    el("h2", { text: "Text" }),
    el("p", { class: "legend" }, ["Sentences with events are ", el("mark", { class: "hl-sentence", text: "marked" }), "."]),
    doc.clean_text ? documentText(doc.clean_text, found.events) : emptyState("No text stored."),
  );
}

/* ------------------------------------------------------------------ view: code */

function codeResult(result) {
  const status = `${result.status}${result.lang ? ` · language ${result.lang}` : ""}${result.skip_reason ? ` · ${result.skip_reason}` : ""}`;
  return el("div", { class: "code-result", id: "code-result" }, [
    el("h2", { text: `Coded: ${plural(result.events.length, "event")}` }),
    el("p", { class: "muted code-status", text: `Status: ${status}. Nothing was stored.` }),
    result.events.length ? highlightLegend() : null,
    result.events.length ? eventTable(result.events, { documentLinks: false })
      : emptyState("No events were found in this text."),
  ]);
}

function refusal(message) {
  return el("div", { class: "error", role: "alert", text: message });
}

/** Why the server would refuse this body for its size (checked before sending), or null. */
function oversize(body, limits) {
  const chars = Array.from(body.text).length; // code points, as the server counts
  if (chars > limits.max_text_chars) {
    return `The text has ${fmtNumber(chars)} characters; this server codes at most ${fmtNumber(limits.max_text_chars)}.`;
  }
  const bytes = new Blob([JSON.stringify(body)]).size;
  if (bytes > limits.max_body_bytes) {
    return `The text is ${fmtNumber(bytes)} bytes to send; this server takes at most ${fmtNumber(limits.max_body_bytes)}.`;
  }
  return null;
}

/** The Authorization header for the token in the form (remembered for this tab). */
function tokenHeader(values) {
  const token = String(values.get("token") || "").trim();
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function submitCode(form, output, limits) {
  const values = new FormData(form);
  const body = {
    text: String(values.get("text") || ""),
    title: String(values.get("title") || "").trim() || null,
    published: String(values.get("published") || "") || null,
    lang: String(values.get("lang") || "") || null,
  };
  if (!body.text.trim()) {
    output.replaceChildren(refusal("Paste a text or choose a file first."));
    return;
  }
  const tooBig = oversize(body, limits);
  if (tooBig) {
    output.replaceChildren(refusal(tooBig));
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  output.replaceChildren(el("p", { class: "loading", text: "Coding…" }));
  try {
    state.codeResult = await api("/api/code", {}, body, tokenHeader(values));
    output.replaceChildren(codeResult(state.codeResult));
  } catch (error) {
    output.replaceChildren(errorBox(error, "Could not code"));
  } finally {
    button.disabled = false;
  }
}

/** The server's token, asked for once per tab (the server codes only for its bearer). */
function tokenField() {
  return field("Token", el("input", {
    type: "password", name: "token", size: 16, autocomplete: "off",
    value: sessionStorage.getItem(TOKEN_KEY) || "", placeholder: "the server's --token",
  }), "kept in this tab only");
}

/** Said before the user types: a server started without a token codes nothing. */
function codingOff() {
  return el("p", { class: "notice coding-off", role: "status", text: "Coding is off: this server is read-only. Start it with “diplowatch serve --token TOKEN” (or set DIPLOWATCH_TOKEN) to code texts here." });
}

async function renderCode(section) {
  const limits = await api("/api/coding");
  const output = el("div", { class: "code-output" });
  const textarea = el("textarea", {
    name: "text", rows: 10, required: true, spellcheck: "false",
    placeholder: "Paste a German or English news text, e.g. “Serbia criticised Kosovo on Monday.”",
  });
  const file = el("input", { type: "file", name: "file", accept: ".txt,text/plain" });
  const example = el("button", {
    type: "button", class: "small", text: "Try an example",
    onclick: () => {
      textarea.value = "Serbia criticised Kosovo on Monday. The European Union urged both sides to return to talks in Brussels.";
      form.elements.published.value = "2025-01-08";
      textarea.focus();
    },
  });
  const form = el("form", { class: "code-form" }, [
    el("div", { class: "code-form-head" }, [el("span", { class: "field-label", text: "Text" }), example]),
    textarea,
    el("div", { class: "filters" }, [
      field("Title", textInput("title", "", { placeholder: "optional", size: 24 })),
      field("Published", dateInput("published", ""), "dates like “on Monday” count from it"),
      field("Language", select("lang", [["", "detect"], ["de", "German"], ["en", "English"]], "")),
      field("Or a .txt file", file),
      limits.enabled ? tokenField() : null,
      el("div", { class: "form-actions" }, el("button", { type: "submit", class: "primary", text: "Code it" })),
    ]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitCode(form, output, limits);
  });
  file.addEventListener("change", () => {
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    if (chosen.size > limits.max_body_bytes) {
      output.replaceChildren(refusal(`${chosen.name} is ${fmtNumber(chosen.size)} bytes; this server takes at most ${fmtNumber(limits.max_body_bytes)}.`));
      return;
    }
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      textarea.value = String(reader.result || "");
      if (!form.elements.title.value) form.elements.title.value = chosen.name.replace(/\.txt$/i, "");
      submitCode(form, output, limits);
    });
    reader.addEventListener("error", () => output.replaceChildren(errorBox(new ApiError(0, `could not read ${chosen.name}`))));
    reader.readAsText(chosen);
  });
  section.append(viewHeader("Code a text", "Paste a news text or upload a .txt file: it is coded on the spot and its events shown here. Nothing is stored."));
  if (!limits.enabled) section.append(codingOff());
  section.append(el("div", { class: "card" }, form), output);
  if (state.codeResult) output.append(codeResult(state.codeResult));
}

/* ------------------------------------------------------------------ start-up */

function showSummary(summary) {
  const counts = summary.counts || {};
  const items = [["documents", counts.documents], ["sentences", counts.sentences], ["events", counts.events]];
  const list = document.getElementById("store-counts");
  list.replaceChildren(...items.flatMap(([label, value]) => [
    el("div", { class: "count" }, [el("dt", { text: label }), el("dd", { text: fmtNumber(value) })]),
  ]));
  if (summary.first) {
    list.append(el("div", { class: "count span" }, [
      el("dt", { text: "event dates" }), el("dd", { text: `${summary.first} – ${summary.last}` }),
    ]));
  }
  document.getElementById("version").textContent = `diplowatch ${summary.version || ""}`;
  document.getElementById("country-codes").replaceChildren(...(summary.countries || []).map((row) =>
    el("option", { value: row.country, label: `${row.country} (${plural(row.events, "event")})` })));
}

async function start() {
  try {
    state.summary = await api("/api/summary");
    showSummary(state.summary);
  } catch (error) {
    document.getElementById("store-counts").replaceChildren(el("div", { class: "count error-inline", text: `store unavailable: ${error.message}` }));
  }
  window.addEventListener("hashchange", render);
  window.addEventListener("resize", () => state.charts.forEach((chart) => chart.resize()));
  await render();
}

start();
