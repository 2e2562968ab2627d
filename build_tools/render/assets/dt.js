/* Decision trees: "Your answers so far" from this tab's history, where the path to a page isn't unique.
   Everything works without this script; it only adds the trail and a real "Back". */
(function () {
  "use strict";
  var KEY = "dt-trail";

  function load() {
    try { return JSON.parse(sessionStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(trail) {
    try { sessionStorage.setItem(KEY, JSON.stringify(trail.slice(-40))); } catch (e) { /* private mode */ }
  }
  function path(href) { return new URL(href, location.href).pathname; }
  // The language of a text shown in another one than the page's (lang="en" on a translated page's
  // English fallback), so the trail marks it as the page did; "" for the page's own language.
  function language(value) { return typeof value === "string" && /^[a-z]{2}$/.test(value) ? value : ""; }
  function langOf(el) { return el ? language(el.getAttribute("lang")) : ""; }
  // Text as a screen reader hears it: a symbol hidden from it ("☰") gives way to its words ("Menu").
  function spokenText(el) {
    var copy = el.cloneNode(true);
    copy.querySelectorAll('[aria-hidden="true"]').forEach(function (hidden) { hidden.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function addAnswersToFeedback(trail) {
    // "This didn't help" works without this; it only adds the answers this tab remembers, where the
    // page couldn't know them (several paths lead here). Nothing is sent until the reader clicks.
    var link = document.querySelector("a[data-dt-feedback]:not([data-dt-answers-known])");
    if (!link || !trail.length) return;
    var lines = trail.map(function (item) { return item.q + " \u2192 " + item.a; });
    while (lines.length > 1 && lines.join("\n").length > 1500) lines.shift();
    var url = new URL(link.href);
    url.searchParams.set("answers", lines.join("\n").slice(0, 1500));
    link.href = url.toString();
  }

  function centreMaps() {
    // A wide map opens on its middle, where the first question is, instead of its left edge.
    document.querySelectorAll(".dt-map").forEach(function (map) {
      map.scrollLeft = (map.scrollWidth - map.clientWidth) / 2;
    });
  }

  function setup() {
    // An old address (a tree's `moved:`): go on to the new page at once; without script its link does it.
    var moved = document.querySelector("a[data-dt-moved]");
    if (moved) { location.replace(moved.href); return; }
    centreMaps();
    var node = document.querySelector("[data-dt-node]");
    if (!node) return;
    var here = location.pathname;
    var trail = load();
    // Keep the trail up to the answer that led here; arriving any other way starts a new one.
    var last = -1;
    for (var i = trail.length - 1; i >= 0; i--) { if (trail[i].to === here) { last = i; break; } }
    trail = last >= 0 ? trail.slice(0, last + 1) : [];
    save(trail);
    addAnswersToFeedback(trail);

    var box = document.querySelector("[data-dt-trail]");
    if (box && trail.length) {
      var list = box.querySelector("ol");
      list.textContent = "";
      trail.forEach(function (item) {
        var li = document.createElement("li");
        var q = document.createElement("span"); q.className = "dt-trail-q"; q.textContent = item.q;
        var a = document.createElement("span"); a.className = "dt-trail-a"; a.textContent = item.a;
        if (language(item.ql)) q.lang = item.ql;
        if (language(item.al)) a.lang = item.al;
        var change = document.createElement("a"); change.href = item.from;
        change.textContent = box.getAttribute("data-dt-change") || "Change";  // the page's language
        li.append(q, " ", a, " ", change);
        list.appendChild(li);
      });
      box.hidden = false;
    }

    var heading = node.querySelector("h1");
    node.querySelectorAll("a.dt-answer").forEach(function (link) {
      link.addEventListener("click", function () {
        var next = trail.slice();
        next.push({
          from: here, to: path(link.href), q: heading ? spokenText(heading) : "", a: spokenText(link).replace(/\s*→$/, ""),
          ql: langOf(heading), al: langOf(link)
        });
        save(next);
      });
    });
    var restart = node.querySelector("[data-dt-restart]");
    if (restart) restart.addEventListener("click", function () { save([]); });
    var back = node.querySelector("[data-dt-history-back]");
    if (back && trail.length) {
      back.href = trail[trail.length - 1].from;
    }
  }

  // What scrolls sideways takes keyboard focus (axe: scrollable-region-focusable). Material scrolls a code
  // block's <code> but takes its tabindex away where nothing can hover (phones), and wraps wide tables in a
  // scrolling div of its own; both get it back here. Without this script, code keeps the page's tabindex.
  function keepScrollersFocusable() {
    document.querySelectorAll("pre > code, .md-typeset__scrollwrap").forEach(function (el) {
      if (!el.hasAttribute("tabindex") && el.scrollWidth > el.clientWidth) el.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(keepScrollersFocusable).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["tabindex"]
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);  // Material's instant navigation swaps pages without reloading
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
