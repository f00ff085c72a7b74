// unspin web page: sends the article to the server and shows the report the server renders.
// The report body is the HTML report's own body (format=page: rendered by the same Python functions
// as `unspin analyze -f html`, every piece of article text escaped there), driven by the same
// report.js; this script never builds report markup from article text itself.  Whatever it writes
// from input (file names, addresses, corpus titles) goes in with textContent, never as HTML.
"use strict";

const state = { bundle: null, file: null, allowUrl: false, textConfirmed: "" };

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

function showError(message, id = "error") {
  const box = $(id);
  box.textContent = message;
  box.hidden = !message;
}

async function errorMessage(response) {
  const data = await response.json().catch(() => null);
  return data && data.message ? data.message : `HTTP ${response.status}`;
}

// What the server offers (URL fetching, a corpus store), and whether its models loaded.
async function checkHealth() {
  try {
    const health = await (await fetch("/v1/health")).json();
    if (health.warm_up_error) {
      const notice = $("notice");
      notice.textContent = `The server is running without all of its models, so analyses may fail: ${health.warm_up_error}`;
      notice.hidden = false;
    }
    state.allowUrl = Boolean(health.url_fetching);
    $("url-form").hidden = !state.allowUrl;
    if (health.corpus) startCorpus();
  } catch (_err) { /* the analyze call reports its own errors */ }
}

// ---- input ----
const LONE_URL = /^\s*https?:\/\/[^\s<>"]+\s*$/i;

async function loadExample() {
  clearFile();
  const response = await fetch("/static/example.txt");
  $("article-input").value = await response.text();
  $("html-toggle").checked = false;
  hideOffer();
  setStatus("Example loaded — press Analyze.");
}

// A file goes to the server as it is (its bytes), read like `unspin analyze FILE`: an .html page as a page.
function fileKind(file) {
  return /\.html?$/i.test(file.name) || file.type === "text/html" ? "html" : "text";
}

function openFile(file) {
  if (!file) return;
  state.file = file;
  $("article-input").value = "";
  $("html-toggle").checked = false; // never carried over from pasted text or an earlier file
  $("html-toggle-label").hidden = true;
  const kind = fileKind(file) === "html" ? "an HTML page" : "plain text";
  $("file-name").textContent = `${file.name} (${file.size.toLocaleString()} bytes), read as ${kind}`;
  $("file-chip").hidden = false;
  hideOffer();
  setStatus(`Opened ${file.name} — press Analyze.`);
}

function clearFile() {
  state.file = null;
  $("file-input").value = "";
  $("file-chip").hidden = true;
  $("html-toggle").checked = false;
  $("html-toggle-label").hidden = false;
}

function hideOffer() { $("url-offer").hidden = true; }

// A lone web address in the text box is not an article: offer to fetch it (or say why that cannot be done).
function offerUrl(url, focus = true) {
  $("url-offer-text").textContent = state.allowUrl
    ? `This looks like a web address, not an article: ${url}`
    : `This looks like a web address, not an article: ${url}. This server does not fetch pages (start it with --allow-url); paste the article's text instead.`;
  $("offer-fetch").hidden = !state.allowUrl;
  $("url-offer").hidden = false;
  if (focus) ($("offer-fetch").hidden ? $("offer-text") : $("offer-fetch")).focus();
}

async function analyze() {
  showError("");
  if (state.file) {
    const query = new URLSearchParams({ kind: fileKind(state.file), format: "page", name: state.file.name });
    await run(`Analyzing ${state.file.name}…`, () => fetch(`/v1/analyze/file?${query}`, {
      method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: state.file,
    }));
    return;
  }
  const content = $("article-input").value;
  if (!content.trim()) { showError("Paste an article or open a file first."); return; }
  if (LONE_URL.test(content) && state.textConfirmed !== content) { offerUrl(content.trim()); return; }
  hideOffer();
  const body = $("html-toggle").checked ? { html: content } : { text: content };
  await run("Analyzing…", () => postJson({ ...body, format: "page" }));
}

async function analyzeUrl(url) {
  showError("");
  hideOffer();
  if (!url.trim()) { showError("Type or paste a web address first."); return; }
  await run(`Fetching and analyzing ${url.trim()}…`, () => postJson({ url: url.trim(), format: "page" }));
}

function postJson(body) {
  return fetch("/v1/analyze", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

async function run(message, send) {
  const buttons = [$("analyze-button"), $("fetch-button")];
  for (const b of buttons) b.disabled = true;
  setStatus(message);
  const started = performance.now();
  try {
    const response = await send();
    if (!response.ok) throw new Error(await errorMessage(response));
    showReport(await response.json());
    setStatus(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } catch (err) {
    showError(`Analysis failed: ${err.message}`);
    setStatus("");
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

// ---- report ----
// The page's CSP allows no inline style attributes in markup; the report's colours and bars are
// inline styles, so they are handed to the CSSOM (which the CSP permits) after insertion.
function adoptInlineStyles(root) {
  for (const node of root.querySelectorAll("[style]")) {
    const css = node.getAttribute("style");
    node.removeAttribute("style");
    node.style.cssText = css;
  }
}

function showReport(bundle, origin = "") {
  state.bundle = bundle;
  const body = $("report-body");
  // Server-rendered (article text was escaped by the HTML report's renderer); parsed in an inert document,
  // so not even a script element of the report would run, then moved into the page.
  const rendered = new DOMParser().parseFromString(bundle.fragment, "text/html");
  body.replaceChildren(...rendered.body.childNodes);
  adoptInlineStyles(body);
  if (window.unspinReport) window.unspinReport(body.querySelector(".unspin-report"));
  const title = (bundle.document.metadata && bundle.document.metadata.title) || "";
  $("report-heading").textContent = `Report${origin}${title ? `: ${title}` : ""}`;
  $("report").hidden = false;
  $("intro").hidden = true;
}

function baseName() {
  const sha = (state.bundle.document.source && state.bundle.document.source.raw_sha256) || "";
  return `unspin-${sha.slice(0, 12) || "report"}`;
}

function save(text, type, extension) {
  if (!state.bundle) return;
  const blob = new Blob([text], { type });
  const link = el("a", { href: URL.createObjectURL(blob), download: `${baseName()}.${extension}` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

// ---- corpus (only when the server has a store) ----
async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(await errorMessage(response));
  return response.json();
}

async function startCorpus() {
  $("corpus-view").hidden = false;
  try {
    const [stats, techniques] = await Promise.all([getJson("/v1/stats?by=outlet"), getJson("/v1/techniques")]);
    const outlets = $("corpus-outlets");
    outlets.replaceChildren();
    for (const group of stats.groups) {
      $("corpus-outlet").append(el("option", { value: group.group }, group.group));
      const spans = Object.values(group.technique_counts || {}).reduce((a, b) => a + b, 0);
      const button = el("button", { type: "button", class: "outlet", dataset: { outlet: group.group } },
        el("b", {}, group.group), ` ${group.articles.toLocaleString()} article${group.articles === 1 ? "" : "s"} · ${spans.toLocaleString()} technique spans`);
      button.addEventListener("click", () => { $("corpus-outlet").value = group.group; searchCorpus(); });
      outlets.append(el("li", {}, button));
    }
    for (const t of techniques) $("corpus-technique").append(el("option", { value: t.label }, t.name));
    await searchCorpus();
  } catch (err) {
    showError(`Corpus unavailable: ${err.message}`, "corpus-error");
  }
}

async function searchCorpus() {
  showError("", "corpus-error");
  const query = new URLSearchParams({ limit: "200" });
  const fields = { text: "corpus-text", outlet: "corpus-outlet", technique: "corpus-technique", published_from: "corpus-from", published_to: "corpus-to" };
  for (const [name, id] of Object.entries(fields)) if ($(id).value.trim()) query.set(name, $(id).value.trim());
  try {
    const found = await getJson(`/v1/articles?${query}`);
    const rows = found.items.map((item) => {
      const open = el("button", { type: "button", class: "open-report", dataset: { id: item.id } }, "Open report");
      open.addEventListener("click", () => openArticle(item.id));
      return el("tr", {},
        el("td", { class: "num" }, (item.published || "–").slice(0, 10)), el("td", {}, item.outlet || "(unknown)"),
        el("td", {}, item.title || item.id), el("td", { class: "num" }, item.techniques), el("td", { class: "num" }, item.claims),
        el("td", {}, open));
    });
    const body = $("corpus-table").querySelector("tbody");
    body.replaceChildren(...rows);
    if (!rows.length) body.append(el("tr", { class: "empty" }, el("td", { colspan: "6" }, "No article matches these filters.")));
    const more = found.items.length >= found.limit ? ` (the first ${found.limit})` : "";
    $("corpus-count").textContent = `${found.items.length.toLocaleString()} article${found.items.length === 1 ? "" : "s"}${more}.`;
  } catch (err) {
    showError(`Search failed: ${err.message}`, "corpus-error");
  }
}

async function openArticle(id) {
  showError("", "corpus-error");
  try {
    showReport(await getJson(`/v1/articles/${encodeURIComponent(id)}/report`), " (corpus)");
    $("report-heading").focus();
  } catch (err) {
    showError(`Could not open ${id}: ${err.message}`, "corpus-error");
  }
}

// ---- wiring ----
function wire() {
  $("analyze-button").addEventListener("click", analyze);
  $("example-button").addEventListener("click", loadExample);
  $("file-input").addEventListener("change", (e) => openFile(e.target.files[0]));
  $("file-clear").addEventListener("click", () => { clearFile(); setStatus(""); $("article-input").focus(); });
  $("url-form").addEventListener("submit", (e) => { e.preventDefault(); analyzeUrl($("url-input").value); });
  $("offer-fetch").addEventListener("click", () => {
    const url = $("article-input").value.trim();
    $("url-input").value = url;
    analyzeUrl(url);
  });
  $("offer-text").addEventListener("click", () => { state.textConfirmed = $("article-input").value; analyze(); });
  const input = $("article-input");
  input.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); analyze(); } });
  input.addEventListener("input", () => {
    if (state.file && input.value) { clearFile(); setStatus(""); } // typing replaces an opened file
    if (LONE_URL.test(input.value)) offerUrl(input.value.trim(), false); else hideOffer();
  });
  $("save-html").addEventListener("click", () => save(state.bundle.html, "text/html", "html"));
  $("save-md").addEventListener("click", () => save(state.bundle.markdown, "text/markdown", "md"));
  $("save-json").addEventListener("click", () => save(JSON.stringify(state.bundle.document, null, 2), "application/json", "json"));
  $("corpus-form").addEventListener("submit", (e) => { e.preventDefault(); searchCorpus(); });
  checkHealth();
}

document.addEventListener("DOMContentLoaded", wire);
