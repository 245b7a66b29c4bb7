/* Help for the visit's region, and a calm word if the page loses its kernel. Needs no kernel.

   The region for the whole visit: the address's ?region=, else the server's (COURSE_REGION, written into
   the page's help data by `python -m widgets.content check`), else the course's default. This script
   - sets document.documentElement.dataset.courseRegion and .courseExitUrl (the quick exit reads the latter),
   - shows that region's help in the page's help block, and swaps every help block the kernel draws
     (.course-resources[data-region], .course-help-line[data-region]) for the region's, as they appear,
   - makes every region chooser on the page (select.course-region-chooser) change all of them, keeps the
     choice in the address (?region=, so course links carry it), and dispatches `course-region` on document,
   - lands on the element an address's #fragment names once the page has drawn it (cells show late),
   - watches the kernel connection; if it is lost, says so calmly, with the help and a reload link. */
(function () {
  "use strict";
  var help = document.getElementById("course-help");
  var dataEl = document.getElementById("course-help-data");
  var data = null;
  try { data = dataEl ? JSON.parse(dataEl.textContent) : null; } catch (e) { data = null; }

  /* The block is written inside the cells, which stay hidden while the kernel runs: move it up, under
     the quick exit bar, so it shows at once. */
  var bar = document.getElementById("course-safety-bar");
  if (help) {
    if (bar && bar.parentNode === document.body) { bar.after(help); } else { document.body.prepend(help); }
  }

  var current = null;

  function regionFromAddress() {
    var asked = (new URLSearchParams(location.search).get("region") || "").trim().toLowerCase();
    return data.regions[asked] ? asked : data.defaultRegion;
  }

  function fromHtml(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    return holder.firstElementChild;
  }

  function sweep() {
    var region = data.regions[current];
    document.querySelectorAll(".course-resources[data-region]").forEach(function (block) {
      if (block.getAttribute("data-region") !== current) { block.replaceWith(fromHtml(region.list)); }
    });
    document.querySelectorAll(".course-help-line[data-region]").forEach(function (line) {
      if (line.getAttribute("data-region") !== current) { line.replaceWith(fromHtml(region.line)); }
    });
    document.querySelectorAll("select.course-region-chooser").forEach(function (chooser) {
      if (chooser.value !== current) { chooser.value = current; }
    });
  }

  function apply(id) {
    current = id;
    document.documentElement.dataset.courseRegion = id;
    document.documentElement.dataset.courseExitUrl = data.regions[id].exitUrl;
    if (help) {
      help.setAttribute("data-region", id);
      var more = help.querySelector("#course-help-all > summary");
      if (more) { more.textContent = data.regions[id].more; }
    }
    sweep();
    document.dispatchEvent(new CustomEvent("course-region", { detail: { region: id } }));
  }

  if (data) {
    apply(regionFromAddress());
    // Kernel-drawn help arrives later (outputs, widgets, the checklist's safety panel): swap it as it comes.
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        if (records[i].addedNodes.length) { sweep(); return; }
      }
    }).observe(document.body, { childList: true, subtree: true });

    document.addEventListener("change", function (event) {
      var chooser = event.target;
      if (!chooser.matches || !chooser.matches("select.course-region-chooser") || !data.regions[chooser.value]) {
        return;
      }
      var url = new URL(location.href);
      url.searchParams.set("region", chooser.value);
      history.replaceState(history.state, "", url.toString());
      apply(chooser.value);
    });
  }

  function openAllLines() {
    var all = document.getElementById("course-help-all");
    if (!all) { return; }
    all.open = true;
    all.scrollIntoView({ block: "start" });
    all.querySelector("summary").focus();
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest('a[href="#course-help-all"]') : null;
    if (link) { event.preventDefault(); openAllLines(); }
  });

  /* Browsers jump to #fragment on load, but course cells are hidden until the kernel has run them:
     go there once the target is drawn. */
  if (location.hash.length > 1) {
    var target = decodeURIComponent(location.hash.slice(1));
    var tries = 0;
    var timer = setInterval(function () {
      var el = document.getElementById(target);
      if (el && el.getClientRects().length) {
        clearInterval(timer);
        if (el.tagName === "DETAILS") { el.open = true; }
        el.scrollIntoView({ block: "start" });
      } else if (++tries > 600) { clearInterval(timer); }
    }, 200);
  }

  /* The watchdog: a kernel that died, restarted (all state gone) or a connection that could not be
     restored leaves widgets silent. Say so, calmly, where the learner is looking. */
  var leaving = false;
  window.addEventListener("pagehide", function () { leaving = true; });
  window.addEventListener("beforeunload", function () { leaving = true; });

  function lost() {
    var box = document.getElementById("course-connection");
    if (leaving || !box || lost.said) { return; }
    lost.said = true;
    var line = data && data.regions[current] ? data.regions[current].line
      : "<p><strong>Need help now?</strong> If you are in danger, call your local emergency number.</p>";
    box.innerHTML = "<p><strong>This page lost its connection.</strong> Your answers were not saved anywhere. " +
      "Help is still here:</p>" + line +
      '<p><a class="course-reload" href="">Reload this page</a> (it starts afresh)' +
      (document.getElementById("course-help-all") ? ' · <a href="#course-help-all">More help lines</a>' : "") +
      '</p><button type="button" class="course-connection-hide">Hide this message</button>';
    box.querySelector(".course-reload").href = location.href;
    box.querySelector(".course-connection-hide").addEventListener("click", function () { box.hidden = true; });
    box.hidden = false;
  }
  window.courseConnectionLost = lost;

  function watch() {
    var app = window.jupyterapp;
    if (!app || !app.widgetManagerPromise) { return false; }
    app.widgetManagerPromise.promise.then(function (manager) {
      var kernel = manager && manager.kernel;
      if (!kernel) { return; }
      kernel.statusChanged.connect(function (_, status) {
        if (status === "dead" || status === "restarting" || status === "autorestarting") { lost(); }
      });
      kernel.connectionStatusChanged.connect(function (_, status) {
        if (status === "disconnected") { lost(); }
      });
      if (kernel.status === "dead" || kernel.connectionStatus === "disconnected") { lost(); }
    });
    return true;
  }
  var waited = 0;
  var poll = setInterval(function () {
    if (watch() || ++waited > 1200) { clearInterval(poll); }
  }, 500);
})();
