// samizdat serve: live reload. Served only by `samizdat serve`, never part of a built site.
(function () {
  "use strict";
  var here = function () {
    var p = decodeURIComponent(location.pathname);
    return p.replace(/index\.html$/, "");
  };
  var overlay = null;
  function hideErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function showErrors(errors) {
    hideErrors();
    if (!document.getElementById("samizdat-overlay-css")) {
      var css = document.createElement("link");
      css.id = "samizdat-overlay-css";
      css.rel = "stylesheet";
      css.href = "/__samizdat/overlay.css";
      document.head.appendChild(css);
    }
    overlay = document.createElement("section");
    overlay.id = "samizdat-overlay";
    overlay.setAttribute("role", "alert");
    var h = document.createElement("h2");
    h.textContent = errors.length === 1
      ? "The site has an error; this is the last good version of the page"
      : "The site has " + errors.length + " errors; this is the last good version of the page";
    overlay.appendChild(h);
    errors.forEach(function (e) {
      var item = document.createElement("div");
      item.className = "samizdat-error";
      var where = document.createElement("code");
      where.textContent = e.place || "";
      var msg = document.createElement("p");
      msg.textContent = e.message;
      item.appendChild(where);
      item.appendChild(msg);
      if (e.hint) {
        var hint = document.createElement("p");
        hint.className = "samizdat-hint";
        hint.textContent = e.hint;
        item.appendChild(hint);
      }
      overlay.appendChild(item);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", hideErrors);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }
  function swapStyles(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (l) {
      var url = new URL(l.href, location.href);
      if (url.origin === location.origin && paths.indexOf(decodeURIComponent(url.pathname)) >= 0) {
        url.searchParams.set("samizdat", String(Date.now()));
        l.href = url.pathname + url.search;
      }
    });
  }
  var first = true;
  var source = new EventSource("/__samizdat/events");
  source.addEventListener("status", function (ev) {
    var s = JSON.parse(ev.data);
    // A server started again (or a page loaded before the last rebuild): start from fresh files.
    if (!first && s.generation !== window.__samizdatGeneration) { location.reload(); return; }
    first = false;
    window.__samizdatGeneration = s.generation;
    if (s.errors.length) { showErrors(s.errors); } else { hideErrors(); }
  });
  source.addEventListener("reload", function (ev) {
    var r = JSON.parse(ev.data);
    window.__samizdatGeneration = r.generation;
    if (r.all || r.paths.indexOf(here()) >= 0) { location.reload(); }
  });
  source.addEventListener("css", function (ev) {
    var r = JSON.parse(ev.data);
    window.__samizdatGeneration = r.generation;
    hideErrors();
    swapStyles(r.paths);
  });
  source.addEventListener("errors", function (ev) {
    showErrors(JSON.parse(ev.data).errors);
  });
  source.addEventListener("ok", hideErrors);
})();
