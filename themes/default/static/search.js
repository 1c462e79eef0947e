// samizdat search: runs only on the search page, from this site's own files (no request to
// anyone else). The index of the page's language is loaded by the page as a script file, so
// search works from a folder or a file:// copy too. Without JavaScript the page says so.
(function () {
  "use strict";
  var results = document.getElementById("search-results");
  var form = document.getElementById("search-form");
  if (!results || !form) { return; }
  var lang = document.documentElement.lang || "en";
  var index = (window.samizdatSearch || {})[lang];
  var input = form.querySelector("input[name=q]");
  var terms = index ? Object.keys(index.t).sort() : [];

  function words(text) {
    var out = [];
    // The same folding as the index: ё as е, Arabic yeh and kaf as the Persian letters.
    text = text.toLowerCase().replace(/ё/g, "е").replace(/[يى]/g, "ی").replace(/ك/g, "ک");
    if (window.Intl && Intl.Segmenter) {
      var seg = new Intl.Segmenter(lang, { granularity: "word" });
      for (var s of seg.segment(text)) { if (s.isWordLike) { out.push(s.segment); } }
    } else {
      out = text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean);
    }
    return out;
  }

  // Pages whose words start with `prefix`, by binary search in the sorted terms.
  function pagesFor(prefix) {
    var lo = 0, hi = terms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < prefix) { lo = mid + 1; } else { hi = mid; } }
    var found = new Set();
    for (var i = lo; i < terms.length && terms[i].lastIndexOf(prefix, 0) === 0; i++) {
      index.t[terms[i]].forEach(function (d) { found.add(d); });
    }
    return found;
  }

  function show(query) {
    results.textContent = "";
    var q = words(query);
    if (!index || q.length === 0) { return; }
    var hits = null;
    q.forEach(function (w) {
      var p = pagesFor(w);
      hits = hits === null ? p : new Set(Array.from(hits).filter(function (d) { return p.has(d); }));
    });
    var list = Array.from(hits || []);
    list.sort(function (a, b) {
      var ta = words(index.d[a][1]).join(" "), tb = words(index.d[b][1]).join(" ");
      var sa = q.filter(function (w) { return ta.indexOf(w) >= 0; }).length;
      var sb = q.filter(function (w) { return tb.indexOf(w) >= 0; }).length;
      return sb - sa || a - b;
    });
    if (list.length === 0) {
      var none = document.createElement("p");
      none.textContent = results.dataset.none || "0";
      results.appendChild(none);
      return;
    }
    var ul = document.createElement("ul");
    ul.className = "items";
    list.slice(0, 100).forEach(function (d) {
      var li = document.createElement("li");
      li.className = "item";
      var a = document.createElement("a");
      a.href = index.d[d][0];
      a.textContent = index.d[d][1];
      var h = document.createElement("h2");
      h.appendChild(a);
      var p = document.createElement("p");
      p.textContent = index.d[d][2];
      li.appendChild(h);
      li.appendChild(p);
      ul.appendChild(li);
    });
    results.appendChild(ul);
  }

  var q = new URLSearchParams(window.location.search).get("q") || "";
  if (input) { input.value = q; }
  document.getElementById("search-nojs").hidden = true;
  show(q);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var value = input ? input.value : "";
    var url = new URL(window.location.href);
    url.searchParams.set("q", value);
    window.history.replaceState(null, "", url.href);
    show(value);
  });
})();
