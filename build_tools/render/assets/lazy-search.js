// The search index is requested when someone opens search, not on every page load: it is the largest
// file of a first visit and most visitors never search. The theme's script (Material's, and Zensical's)
// asks for it at start-up; this holds that one request back until the person reaches for search: the
// search box or button gets focus or a tap, the search toggle is switched on, or a search shortcut is
// pressed ("/", "s", "f", Ctrl/Cmd+K). A page opened from a search result (?h=) loads it at once, for the
// highlighting. Where the theme only listens to shortcuts once the index is in (Zensical), the key is
// played again when it has arrived. Nothing of the theme itself is changed.
// Loaded from the page's <head> area before the theme's bundle (overrides/partials/dt-lazy-search.html), as
// a file rather than inline so it is fetched once per visit, not carried by every page.
(function () {
  var proto = XMLHttpRequest.prototype, open = proto.open, send = proto.send;
  var INDEX = /\/search(\/search_index)?\.json$/;
  var wanted = /[?&]h=/.test(location.search), held = [], arrived = [], done = false;
  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (call) { send.apply(call[0], call[1]); });
  }
  proto.open = function (method, url) {
    this.dtSearchIndex = INDEX.test(String(url).split(/[?#]/)[0]);
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (!this.dtSearchIndex) return send.apply(this, arguments);
    this.addEventListener("loadend", function () { done = true; arrived.splice(0).forEach(function (f) { f(); }); });
    if (!wanted) { held.push([this, arguments]); return; }
    return send.apply(this, arguments);
  };
  function within(target, selector) { return target && target.closest && target.closest(selector); }
  document.addEventListener("focusin", function (event) {
    if (within(event.target, "[data-md-component=search]")) want();
  });
  document.addEventListener("pointerdown", function (event) {
    if (within(event.target, "label[for=__search], [data-md-component=search]")) want();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) want();
  });
  function isShortcut(e) {
    if (e.altKey || e.isComposing) return false;
    if (e.ctrlKey || e.metaKey) return e.key === "k";
    return e.key === "/" || e.key === "s" || e.key === "f";
  }
  function replay(e, tries) {
    var again = new KeyboardEvent("keydown", {
      key: e.key, code: e.code, ctrlKey: e.ctrlKey, metaKey: e.metaKey, shiftKey: e.shiftKey,
      bubbles: true, cancelable: true
    });
    document.dispatchEvent(again);
    if (!again.defaultPrevented && tries > 0) setTimeout(function () { replay(e, tries - 1); }, 100);
  }
  document.addEventListener("keydown", function (event) {
    if (wanted || !isShortcut(event) || within(event.target, "input, textarea, select, [contenteditable]")) return;
    want();
    setTimeout(function () {
      // Handled (and so marked) by the theme already, as Material does without the index: done.
      if (event.defaultPrevented) return;
      var later = function () { setTimeout(function () { replay(event, 20); }, 0); };
      if (done) later(); else arrived.push(later);
    }, 0);
  });
})();
