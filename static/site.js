/* Small enhancements over pages that are complete without JavaScript:
   - an article's highlight filter (by side and by source, with counts);
   - narrowing the home page's list by outlet, place and month;
   - the search page, which loads Pagefind's bundle from the site itself.
   Each starts only when its markup is on the page, and shows its controls only once working. */
(function () {
  "use strict";

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function plural(n, noun) {
    return n + " " + noun + (n === 1 ? "" : "s");
  }

  /* --- Article: show or mute the highlights of chosen sources -------------------------- */

  function claimFilter(form) {
    var groups = {};
    var total = 0;
    var pieces = {}; /* claim id -> its <mark> pieces in the text */
    each(document.querySelectorAll("mark[data-claim]"), function (mark) {
      var id = mark.getAttribute("data-claim");
      (pieces[id] = pieces[id] || []).push(mark);
    });
    each(document.querySelectorAll(".source-group[data-source]"), function (group) {
      var marks = [];
      var items = group.querySelectorAll("li[id^='panel-']");
      each(items, function (item) {
        marks = marks.concat(pieces[item.id.slice("panel-".length)] || []);
      });
      groups[group.getAttribute("data-source")] = { group: group, marks: marks, count: items.length };
      total += items.length;
    });
    var sources = form.querySelectorAll("input[name='source']");
    var sides = form.querySelectorAll("input[name='side']");
    var status = form.querySelector(".filter-status");

    function sourcesOf(side) {
      return Array.prototype.filter.call(sources, function (box) {
        return box.getAttribute("data-side") === side;
      });
    }

    function apply() {
      var shown = 0;
      each(sources, function (box) {
        var entry = groups[box.value];
        if (!entry) return;
        entry.group.hidden = !box.checked;
        each(entry.marks, function (mark) {
          mark.classList.toggle("is-off", !box.checked);
        });
        if (box.checked) shown += entry.count;
      });
      each(sides, function (side) {
        var mine = sourcesOf(side.value);
        var on = mine.filter(function (box) { return box.checked; }).length;
        side.checked = on === mine.length;
        side.indeterminate = on > 0 && on < mine.length;
      });
      status.textContent = shown === total
        ? "All " + plural(total, "claim") + " highlighted."
        : shown + " of " + plural(total, "claim") + " highlighted; the rest read as plain text.";
    }

    form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.name === "side") {
        each(sourcesOf(box.value), function (source) { source.checked = box.checked; });
      }
      apply();
    });
    each(form.querySelectorAll("button[data-show]"), function (button) {
      button.addEventListener("click", function () {
        var on = button.getAttribute("data-show") === "all";
        each(sources, function (box) { box.checked = on; });
        apply();
      });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  /* --- Home page: narrow the list of articles ------------------------------------------ */

  function listFilter(form, list) {
    var items = list.children;
    var selects = form.querySelectorAll("select");
    var status = form.querySelector(".filter-status");

    function matches(item, name, value) {
      if (!value) return true;
      var have = item.getAttribute("data-" + name) || "";
      return name === "place" ? have.split(" ").indexOf(value) !== -1 : have === value;
    }

    function apply() {
      var shown = 0;
      var query = [];
      each(items, function (item) {
        var keep = true;
        each(selects, function (select) {
          keep = keep && matches(item, select.name, select.value);
        });
        item.hidden = !keep;
        if (keep) shown += 1;
      });
      each(selects, function (select) {
        if (select.value) query.push(select.name + "=" + encodeURIComponent(select.value));
      });
      status.textContent = shown === items.length
        ? "Showing all " + plural(items.length, "article") + "."
        : shown
          ? "Showing " + shown + " of " + plural(items.length, "article") + "."
          : "No article matches all of these; choose “any” in one of the lists.";
      try {
        history.replaceState(null, "", query.length ? "?" + query.join("&") : location.pathname);
      } catch (ignored) { /* some browsers refuse it for pages opened from a file */ }
    }

    var wanted = new URLSearchParams(location.search);
    each(selects, function (select) {
      var value = wanted.get(select.name);
      if (value && select.querySelector("option[value='" + value.replace(/['\\]/g, "") + "']")) {
        select.value = value;
      }
    });
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  /* --- Search page: Pagefind's own interface, from this site's pagefind/ folder -------- */

  function search(app) {
    var fallback = document.getElementById("search-fallback");
    var why = document.getElementById("search-fallback-why");
    var order = document.getElementById("search-order");
    var script = new URL(app.getAttribute("data-ui"), location.href);
    var bundle = new URL(".", script);
    var ui = null;

    function unavailable(text) {
      why.textContent = text;
    }

    if (location.protocol === "file:") {
      unavailable("Search works when the site is served over the web, not opened from a file. " +
        "Browse the indexes instead:");
      return;
    }

    function make(term) {
      var options = {
        element: "#search-ui",
        bundlePath: bundle.pathname,
        showImages: false,
        showSubResults: false,
        autofocus: true,
        translations: { placeholder: "Search the articles" }
      };
      if (order.value) options.sort = { date: order.value };
      ui = new window.PagefindUI(options);
      labelInput(20);
      if (term) ui.triggerSearch(term);
    }

    /* Tie the page's visible label to Pagefind's input once it is drawn. */
    function labelInput(tries) {
      var input = app.querySelector(".pagefind-ui__search-input");
      if (input) {
        input.id = "search-input";
        document.getElementById("search-label").htmlFor = input.id;
      } else if (tries > 0) {
        setTimeout(function () { labelInput(tries - 1); }, 50);
      }
    }

    function start() {
      if (!window.PagefindUI) {
        unavailable("Search could not start. Browse the indexes instead:");
        return;
      }
      make(new URLSearchParams(location.search).get("q") || "");
      app.hidden = false;
      fallback.hidden = true;
      order.addEventListener("change", function () {
        var input = app.querySelector("input[type='text'], input[type='search']");
        var term = input ? input.value : "";
        ui.destroy();
        make(term);
      });
    }

    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("pagefind-ui.css", bundle).href;
    document.head.appendChild(css);
    var loader = document.createElement("script");
    loader.src = script.href;
    loader.onload = start;
    loader.onerror = function () {
      unavailable("Search is not available on this copy of the site. Browse the indexes instead:");
    };
    document.head.appendChild(loader);
  }

  var claims = document.getElementById("claim-filter");
  if (claims) claimFilter(claims);
  var listForm = document.getElementById("list-filter");
  var list = document.getElementById("article-list");
  if (listForm && list) listFilter(listForm, list);
  var app = document.getElementById("search");
  if (app && app.getAttribute("data-ui") !== null) search(app);
})();
