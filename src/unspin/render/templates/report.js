// unspin report: technique filter, layer toggles, click-to-pin tooltips, JSON download.
// Article text only ever reaches the page through textContent, never as HTML.
// The web page (unspin serve) inserts the same report body into itself and calls
// window.unspinReport(container) on it; a saved report runs it on its own <body>.
(function () {
  "use strict";
  function init(root) {
    var raw = root.querySelector("#unspin-data").textContent;
    var data = JSON.parse(raw);
    var techs = (data.layers && data.layers.techniques) || [];
    // Offsets are Python code-point indices; JS strings index UTF-16 units, so slice code points.
    var chars = Array.from(data.text);
    var filters = Array.prototype.slice.call(root.querySelectorAll(".tech-filter"));
    var info = {};
    filters.forEach(function (box) {
      info[box.dataset.label] = { name: box.dataset.name, colour: box.dataset.colour, box: box };
    });
    var segments = Array.prototype.slice.call(root.querySelectorAll(".t[data-t]"));
    var tip = root.querySelector("#tip");
    // Spans with attrs.shown === false are lower-confidence flags: hidden until this box is ticked.
    var lowBox = root.querySelector("#show-low");

    function shown(label) { return !info[label] || info[label].box.checked; }

    function confident(span) { return !span.attrs || span.attrs.shown !== false; }

    function visibleSpan(span) { return shown(span.label) && (confident(span) || (lowBox && lowBox.checked)); }

    function labelsOf(el) {
      var seen = [];
      el.dataset.t.split(" ").forEach(function (i) {
        var span = techs[+i];
        if (span && visibleSpan(span) && seen.indexOf(span.label) < 0) { seen.push(span.label); }
      });
      return seen;
    }

    function lowOnly(el) {
      return el.dataset.t.split(" ").every(function (i) { var span = techs[+i]; return !span || !confident(span); });
    }

    function paint() {
      segments.forEach(function (el) {
        var visible = labelsOf(el);
        el.classList.toggle("low", visible.length > 0 && lowOnly(el));
        var colours = visible.map(function (l) { return info[l] ? info[l].colour : "#e9ecef"; });
        el.classList.toggle("off", colours.length === 0);
        if (colours.length === 1) {
          el.style.background = colours[0];
        } else if (colours.length > 1) {
          var step = 100 / colours.length;
          el.style.background = "linear-gradient(to bottom," + colours.map(function (c, i) {
            return c + " " + (i * step) + "% " + ((i + 1) * step) + "%";
          }).join(",") + ")";
        }
      });
      root.querySelectorAll("#techniques tr[data-label]").forEach(function (row) {
        row.hidden = !shown(row.dataset.label) || (row.dataset.low === "1" && !(lowBox && lowBox.checked));
      });
    }

    function el(tag, cls, text) {
      var node = document.createElement(tag);
      if (cls) { node.className = cls; }
      if (text) { node.textContent = text; }
      return node;
    }

    function closeTip() { tip.hidden = true; tip.textContent = ""; }

    function openTip(target) {
      closeTip();
      target.dataset.t.split(" ").forEach(function (i) {
        var span = techs[+i];
        if (!span || !visibleSpan(span)) { return; }
        var meta = info[span.label] || { name: span.label, colour: "#e9ecef" };
        var item = el("div", "tip-item");
        var head = el("div", "tip-head");
        var sw = el("span", "swatch");
        sw.style.background = meta.colour;
        head.appendChild(sw);
        head.appendChild(el("span", "", meta.name));
        if (span.score !== null) { head.appendChild(el("span", "score", "score " + span.score.toFixed(2))); }
        if (!confident(span)) { head.appendChild(el("span", "score", "lower confidence")); }
        item.appendChild(head);
        item.appendChild(el("p", "quote", "\u201c" + chars.slice(span.start, span.end).join("") + "\u201d"));
        if (span.attrs.reason) { item.appendChild(el("p", "", span.attrs.reason)); }
        var def = span.attrs.definition || (meta.box && meta.box.parentNode.title);
        if (def && String(span.attrs.reason || "").indexOf(def) < 0) { item.appendChild(el("p", "def", def)); }
        tip.appendChild(item);
      });
      if (!tip.firstChild) { return; }
      var close = el("button", "close", "\u00d7");
      close.type = "button";
      close.setAttribute("aria-label", "Close");
      close.addEventListener("click", closeTip);
      tip.appendChild(close);
      var box = target.getBoundingClientRect();
      tip.hidden = false;
      var left = Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 12);
      tip.style.left = Math.max(8, left) + "px";
      tip.style.top = (box.bottom + window.scrollY + 6) + "px";
    }

    filters.forEach(function (box) { box.addEventListener("change", paint); });
    if (lowBox) { lowBox.addEventListener("change", paint); }
    root.querySelectorAll(".legend-buttons button").forEach(function (button) {
      button.addEventListener("click", function () {
        filters.forEach(function (box) { if (!box.disabled) { box.checked = button.dataset.all === "1"; } });
        paint();
      });
    });
    root.querySelectorAll(".layer-toggle").forEach(function (box) {
      box.addEventListener("change", function () { root.classList.toggle(box.dataset.class, box.checked); });
    });
    root.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target.closest(".t[data-t]") : null;
      if (target && !target.classList.contains("off")) { openTip(target); event.stopPropagation(); return; }
      var jump = event.target.closest ? event.target.closest("[data-goto]") : null;
      if (jump) {
        event.preventDefault();
        var seg = root.querySelector('.t[data-t~="' + jump.dataset.goto + '"]');
        if (seg) { seg.scrollIntoView({ block: "center" }); seg.focus(); openTip(seg); }
        return;
      }
      if (!tip.contains(event.target)) { closeTip(); }
    });
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { closeTip(); }
      if (event.key === "Enter" && document.activeElement && document.activeElement.matches(".t[data-t]")) {
        openTip(document.activeElement);
      }
    });
    var download = root.querySelector("#download-json");
    download.addEventListener("click", function (event) {
      event.preventDefault();
      var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      var url = URL.createObjectURL(blob);
      var a = document.createElement("a");
      a.href = url;
      a.download = download.getAttribute("download");
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  }

  window.unspinReport = init;
  if (document.getElementById("unspin-data")) { init(document.body); }
})();
