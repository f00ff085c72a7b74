// unspin web page: sends the article to POST /v1/analyze and draws the report from the JSON.
// Article text is only ever put into the page with textContent / createTextNode: it is never
// parsed as HTML, so markup inside an article (<script>, onerror=, javascript: links) stays text.
"use strict";

const FALLBACK_COLOUR = "#e9ecef";
const state = { doc: null, techniques: new Map(), hidden: new Set(), pinned: null };

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setStatus(text) { $("status").textContent = text; }

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

// ---- technique styles (names, colours, definitions come from the server's palette) ----
async function loadTechniques() {
  try {
    const response = await fetch("/v1/techniques");
    if (!response.ok) return;
    for (const t of await response.json()) state.techniques.set(t.label, t);
  } catch (_err) { /* the report still works with grey highlights */ }
}

function styleOf(label) {
  return state.techniques.get(label) || { label, name: label.replaceAll("_", " "), colour: FALLBACK_COLOUR, definition: "" };
}

// Tell the user up front when the server could not load its models (analyses would fail).
async function checkHealth() {
  try {
    const health = await (await fetch("/v1/health")).json();
    if (health.warm_up_error) {
      const notice = $("notice");
      notice.textContent = `The server is running without all of its models, so analyses may fail: ${health.warm_up_error}`;
      notice.hidden = false;
    }
  } catch (_err) { /* the analyze call reports its own errors */ }
}

// ---- input ----
async function loadExample() {
  const response = await fetch("/static/example.txt");
  $("article-input").value = await response.text();
  $("html-toggle").checked = false;
  setStatus("Example loaded — press Analyze.");
}

function openFile(file) {
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => {
    const text = String(reader.result);
    $("article-input").value = text;
    $("html-toggle").checked = /\.html?$/i.test(file.name) || /^\s*<(!doctype|html)/i.test(text);
    setStatus(`Opened ${file.name} (${text.length.toLocaleString()} characters).`);
  };
  reader.onerror = () => showError(`Could not read ${file.name}.`);
  reader.readAsText(file);
}

async function analyze() {
  const content = $("article-input").value;
  if (!content.trim()) { showError("Paste an article or open a file first."); return; }
  showError("");
  const button = $("analyze-button");
  button.disabled = true;
  setStatus("Analyzing…");
  const started = performance.now();
  const body = $("html-toggle").checked ? { html: content } : { text: content };
  try {
    const response = await fetch("/v1/analyze", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      const message = data && data.message ? data.message : `HTTP ${response.status}`;
      throw new Error(message);
    }
    state.doc = data;
    renderReport(data);
    setStatus(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } catch (err) {
    showError(`Analysis failed: ${err.message}`);
    setStatus("");
  } finally {
    button.disabled = false;
  }
}

// ---- report ----
function layer(doc, name) { return (doc.layers && doc.layers[name]) || []; }
function sliceOf(doc, span) { return doc.text.slice(span.start, span.end); }
function pct(score) { return score === null || score === undefined ? "–" : `${Math.round(score * 100)}%`; }

function renderReport(doc) {
  state.hidden.clear();
  state.pinned = null;
  renderMeta(doc);
  renderLegend(doc);
  renderArticle(doc);
  renderClaims(doc);
  renderVoices(doc);
  renderRemoved(doc);
  $("report").hidden = false;
  $("intro").hidden = true;
}

function renderMeta(doc) {
  const meta = doc.metadata || {};
  $("meta-title").textContent = meta.title || "Untitled article";
  const list = $("meta-list");
  list.replaceChildren();
  const rows = [
    ["Outlet", meta.outlet],
    ["Published", meta.published],
    ["Authors", (meta.authors || []).join(", ")],
    ["URL", meta.url || (doc.source && doc.source.url)],
    ["Language", meta.language],
    ["Out of scope", meta.out_of_scope], // another language: the English-only layers did not run
    ["Interview", interviewLine(meta.interview)],
    ["Tags", (meta.tags || []).join(", ")],
    ["Related", (meta.related || []).join(" · ")],
    ["Disclaimers", (meta.disclaimers || []).join(" ")],
  ];
  for (const [name, value] of rows) {
    if (!value) continue;
    list.append(el("dt", {}, name), el("dd", {}, value)); // the URL is shown as text, never a live link
  }
  const counts = $("counts");
  counts.replaceChildren();
  // Every figure comes from the pipeline's summary, as in the JSON and the CLI reports: never recounted here.
  const summary = doc.summary || {};
  const figure = (n) => (typeof n === "number" ? n : "–");
  const figures = [
    ["techniques", figure(summary.techniques)],
    ["claims", figure(summary.claims)],
    ["voices", Array.isArray(summary.voices) ? summary.voices.length : "–"],
    ["words", figure(summary.words)],
  ];
  // Of the technique spans: shown by default, and lower-confidence ones behind the legend's toggle.
  if (typeof summary.techniques_shown === "number") figures.splice(1, 0, ["shown", summary.techniques_shown], ["lower-confidence", summary.techniques_lower_confidence || 0]);
  if (typeof summary.share_flagged === "number") figures.push(["flagged", `${(summary.share_flagged * 100).toFixed(1)}%`]);
  for (const [name, n] of figures) counts.append(el("div", { class: "count", dataset: { figure: name } }, el("b", {}, n.toLocaleString()), name));
}

function interviewLine(interview) {
  if (!interview || typeof interview !== "object") return "";
  return Object.entries(interview).filter(([, who]) => who).map(([role, who]) => `${role}: ${Array.isArray(who) ? who.join(", ") : who}`).join(" · ");
}

// A technique span is shown by default unless the pipeline marked it lower-confidence (attrs.shown === false).
function confident(span) { return !span.attrs || span.attrs.shown !== false; }

function renderLegend(doc) {
  const low = layer(doc, "techniques").filter((span) => !confident(span)).length;
  $("low-count").textContent = low;
  $("low-toggle").checked = false;
  $("low-toggle").disabled = low === 0;
  const counts = new Map();
  for (const span of layer(doc, "techniques")) counts.set(span.label, (counts.get(span.label) || 0) + 1);
  const legend = $("legend");
  legend.replaceChildren();
  if (!counts.size) {
    legend.append(el("li", { class: "empty" }, notAnalysed(doc) || "No persuasion techniques found."));
    return;
  }
  for (const [label, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const style = styleOf(label);
    const box = el("input", { type: "checkbox", "data-label": label });
    box.checked = true;
    box.addEventListener("change", () => {
      if (box.checked) state.hidden.delete(label); else state.hidden.add(label);
      renderArticle(state.doc);
    });
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = style.colour;
    legend.append(el("li", { title: style.definition || "" }, el("label", {}, box, swatch, el("span", { class: "name" }, style.name), el("span", { class: "n" }, n))));
  }
}

function setAllTechniques(visible) {
  for (const box of $("legend").querySelectorAll("input[type=checkbox]")) {
    box.checked = visible;
    if (visible) state.hidden.delete(box.dataset.label); else state.hidden.add(box.dataset.label);
  }
  if (state.doc) renderArticle(state.doc);
}

// Cut the text at every span boundary; each piece knows which techniques, claims and speaker labels cover it.
function decorations(doc) {
  const items = [];
  const low = $("low-toggle").checked;
  layer(doc, "techniques").forEach((span, i) => {
    if (!state.hidden.has(span.label) && (low || confident(span))) items.push({ kind: "technique", span, i });
  });
  if ($("claims-toggle").checked) layer(doc, "claims").forEach((span, i) => items.push({ kind: "claim", span, i }));
  for (const turn of layer(doc, "turns")) {
    const a = turn.attrs || {};
    if (Number.isInteger(a.speaker_start) && Number.isInteger(a.speaker_end)) {
      items.push({ kind: "speaker", span: { start: a.speaker_start, end: a.speaker_end } });
    }
  }
  return items;
}

function renderArticle(doc) {
  const items = decorations(doc);
  const cuts = new Set([0, doc.text.length]);
  for (const item of items) { cuts.add(item.span.start); cuts.add(item.span.end); }
  const points = [...cuts].filter((p) => p >= 0 && p <= doc.text.length).sort((a, b) => a - b);
  const container = $("article");
  container.replaceChildren();
  for (let k = 0; k + 1 < points.length; k++) {
    const [start, end] = [points[k], points[k + 1]];
    if (start === end) continue;
    const covering = items.filter((item) => item.span.start <= start && end <= item.span.end);
    container.append(piece(doc.text.slice(start, end), covering));
  }
}

function piece(text, covering) {
  if (!covering.length) return document.createTextNode(text);
  const techniques = covering.filter((c) => c.kind === "technique").sort((a, b) => (b.span.score || 0) - (a.span.score || 0));
  const node = el(techniques.length ? "mark" : "span");
  node.textContent = text;
  if (covering.some((c) => c.kind === "claim")) {
    node.classList.add("claim");
    node.dataset.claims = covering.filter((c) => c.kind === "claim").map((c) => c.i).join(" ");
  }
  if (covering.some((c) => c.kind === "speaker")) node.classList.add("speaker");
  if (techniques.length) {
    node.classList.add("technique");
    node.dataset.spans = techniques.map((t) => t.i).join(" ");
    node.dataset.label = techniques[0].span.label;
    node.style.background = styleOf(techniques[0].span.label).colour;
    if (techniques.length > 1) {
      node.classList.add("multi");
      node.style.boxShadow = `inset 0 -3px 0 ${styleOf(techniques[1].span.label).colour}`;
    }
    node.tabIndex = 0;
  }
  return node;
}

// ---- hover and pinned explanations ----
function explanation(spanIndexes) {
  const doc = state.doc;
  const box = el("div");
  for (const i of spanIndexes) {
    const span = layer(doc, "techniques")[i];
    if (!span) continue;
    const a = span.attrs || {};
    const style = styleOf(span.label);
    const head = el("div", { class: "tip-head" }, el("span", { class: "swatch" }), el("b", {}, style.name), el("span", { class: "score" }, `score ${pct(span.score)}`));
    if (!confident(span)) head.append(el("span", { class: "score" }, "lower confidence"));
    head.firstChild.style.background = style.colour;
    box.append(el("div", { class: "tip-item" },
      head,
      el("q", {}, sliceOf(doc, span)),
      a.reason ? el("p", { class: "reason" }, a.reason) : null,
      !a.reason && (a.definition || style.definition) ? el("p", { class: "reason" }, a.definition || style.definition) : null,
    ));
  }
  return box;
}

function spanIndexes(node) { return (node.dataset.spans || "").split(" ").filter(Boolean).map(Number); }

function showTooltip(node) {
  const tip = $("tooltip");
  tip.replaceChildren(explanation(spanIndexes(node)));
  tip.hidden = false;
  const rect = node.getBoundingClientRect();
  const left = Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 12);
  tip.style.left = `${Math.max(8, left)}px`;
  tip.style.top = `${window.scrollY + rect.bottom + 6}px`;
}

function hideTooltip() { $("tooltip").hidden = true; }

function pin(node) {
  const box = $("pinned");
  box.replaceChildren(el("div", { class: "pinned-head" }, "Selected highlight"), explanation(spanIndexes(node)));
  box.hidden = false;
  if (state.pinned) state.pinned.classList.remove("selected");
  state.pinned = node;
  node.classList.add("selected");
}

// ---- tables ----
function attributionsById(doc) {
  const byId = new Map();
  for (const span of layer(doc, "attributions")) {
    const a = span.attrs || {};
    if (!a.id) continue;
    if (!byId.has(a.id)) byId.set(a.id, { id: a.id, kind: a.kind, stance: a.stance, resolved: a.resolved });
    byId.get(a.id)[span.label] = span;
  }
  return byId;
}

// The voices of the pipeline's summary (who is quoted, how often, how many words), in its order.
function voices(doc) {
  const found = (doc.summary && doc.summary.voices) || [];
  return found.map((v) => ({
    name: v.source, n: v.attributions, words: v.words,
    kinds: new Map(Object.entries(v.kinds || {})), stances: new Map(Object.entries(v.stances || {})),
  }));
}

// Another language: the English-only layers did not run, which is not "none found".
function notAnalysed(doc) {
  const note = doc.metadata && doc.metadata.out_of_scope;
  return note ? `Not analysed: ${note}.` : "";
}

function mix(map) { return [...map].map(([k, n]) => `${k.replaceAll("_", " ")} ×${n}`).join(", "); }

function fillTable(id, rows, emptyText, columns) {
  const body = $(id).querySelector("tbody");
  body.replaceChildren();
  if (!rows.length) {
    body.append(el("tr", { class: "empty" }, el("td", { colspan: String(columns) }, emptyText)));
    return body;
  }
  for (const row of rows) body.append(row);
  return body;
}

function renderClaims(doc) {
  const atts = attributionsById(doc);
  const claims = layer(doc, "claims").map((span, i) => ({ span, i }));
  claims.sort((a, b) => ((a.span.attrs || {}).rank || 1e9) - ((b.span.attrs || {}).rank || 1e9) || (b.span.score || 0) - (a.span.score || 0));
  const rows = claims.map(({ span, i }, k) => {
    const a = span.attrs || {};
    const att = a.attribution ? atts.get(a.attribution) : null;
    const cue = att ? cueText(doc, att) : "–";
    const bar = el("span", { class: "bar" });
    bar.style.width = `${Math.round((span.score || 0) * 100)}%`;
    const row = el("tr", { dataset: { claim: String(i) } },
      el("td", { class: "num" }, a.rank || k + 1),
      el("td", { class: "claim-text" }, sliceOf(doc, span)),
      el("td", { class: "score" }, el("span", { class: "meter" }, bar), pct(span.score)),
      el("td", {}, a.source || (att && att.resolved) || "–"),
      el("td", {}, el("span", { class: `stance stance-${a.stance || "none"}` }, a.stance || "–")),
      el("td", {}, cue),
    );
    row.addEventListener("click", () => findClaim(i));
    return row;
  });
  fillTable("claims-table", rows, notAnalysed(doc) || "No check-worthy claims found.", 6);
}

// The cue verb with its stance; an interview turn's cue is only its colon, so name the kind instead.
function cueText(doc, att) {
  const words = att.cue ? sliceOf(doc, att.cue) : "";
  const shown = /\p{L}/u.test(words) ? words : String(att.kind || "").replaceAll("_", " ");
  return `${shown || "–"}${att.stance ? ` (${att.stance})` : ""}`;
}

function findClaim(i) {
  const target = [...$("article").querySelectorAll(".claim")].find((n) => n.dataset.claims.split(" ").includes(String(i)));
  if (!target) return;
  target.scrollIntoView({ behavior: "smooth", block: "center" });
  target.classList.add("flash");
  setTimeout(() => target.classList.remove("flash"), 1500);
}

function renderVoices(doc) {
  const rows = voices(doc).map((v) => el("tr", {},
    el("td", {}, v.name), el("td", { class: "num" }, v.n), el("td", { class: "num" }, v.words),
    el("td", {}, mix(v.kinds)), el("td", {}, mix(v.stances))));
  fillTable("voices-table", rows, notAnalysed(doc) || "Nobody is quoted or reported.", 5);
}

function renderRemoved(doc) {
  const removed = (doc.metadata && doc.metadata.removed) || doc.removed || [];
  const rows = removed.map((r) => el("tr", {},
    el("td", {}, el("span", { class: "reason-tag" }, String(r.reason || "").replaceAll("_", " "))),
    el("td", { class: "removed-text" }, r.text),
    el("td", { class: "num" }, `${r.raw_start}–${r.raw_end}`)));
  fillTable("removed-table", rows, "Nothing was removed.", 3);
}

function downloadJson() {
  if (!state.doc) return;
  const blob = new Blob([JSON.stringify(state.doc, null, 2)], { type: "application/json" });
  const link = el("a", { href: URL.createObjectURL(blob), download: "unspin-report.json" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

// ---- wiring ----
function wire() {
  $("analyze-button").addEventListener("click", analyze);
  $("example-button").addEventListener("click", loadExample);
  $("file-input").addEventListener("change", (e) => openFile(e.target.files[0]));
  $("download-button").addEventListener("click", downloadJson);
  $("legend-all").addEventListener("click", () => setAllTechniques(true));
  $("legend-none").addEventListener("click", () => setAllTechniques(false));
  $("claims-toggle").addEventListener("change", () => state.doc && renderArticle(state.doc));
  $("low-toggle").addEventListener("change", () => state.doc && renderArticle(state.doc));
  $("article-input").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) analyze(); });
  const article = $("article");
  article.addEventListener("mouseover", (e) => { const m = e.target.closest("mark.technique"); if (m) showTooltip(m); });
  article.addEventListener("mouseout", (e) => { if (e.target.closest("mark.technique")) hideTooltip(); });
  article.addEventListener("focusin", (e) => { const m = e.target.closest("mark.technique"); if (m) showTooltip(m); });
  article.addEventListener("focusout", hideTooltip);
  article.addEventListener("click", (e) => { const m = e.target.closest("mark.technique"); if (m) pin(m); });
  article.addEventListener("keydown", (e) => { const m = e.target.closest("mark.technique"); if (m && e.key === "Enter") pin(m); });
  loadTechniques();
  checkHealth();
}

document.addEventListener("DOMContentLoaded", wire);
