/* The course page's own script (no kernel needed).
   Quick exit, after GOV.UK's "Exit this page": a button, or Shift pressed three times within 5 seconds.
   It blanks the page at once, asks the server to end this visit's kernel, and replaces the location with a
   neutral site so Back does not return here. It needs no kernel, so it works while a page is loading too. */
(function () {
  "use strict";
  var pressed = [];

  function kernelId() {
    var el = document.getElementById("jupyter-config-data");
    try { return el ? JSON.parse(el.textContent).kernelId : null; } catch (e) { return null; }
  }

  function quickExit(event) {
    if (event && event.preventDefault) { event.preventDefault(); }
    document.documentElement.style.visibility = "hidden";
    document.title = "Weather";
    var id = kernelId();
    var base = (document.body && document.body.dataset.baseUrl) || "/voila/";
    if (id && navigator.sendBeacon) {
      try { navigator.sendBeacon(base.replace(/voila\/$/, "") + "voila/api/shutdown/" + id); } catch (e) { /* leave anyway */ }
    }
    window.location.replace(window.COURSE_QUICK_EXIT_URL || "https://www.bbc.co.uk/weather");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) { return; }
    var now = Date.now();
    pressed = pressed.filter(function (t) { return now - t < 5000; });
    pressed.push(now);
    if (pressed.length >= 3) { quickExit(event); }
  }, true);

  window.courseQuickExit = quickExit;

  /* JupyterLab's renderer opens every link in a new tab. Course links stay in this tab: fewer tabs to
     close in a hurry, and the quick exit covers the whole visit. */
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!link) { return; }
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin) { return; }
    if (link.target === "_blank") { link.removeAttribute("target"); }
    // Carry the visitor's choices (theme, region) to the next page: in the address, never in storage.
    var here = new URLSearchParams(location.search);
    ["theme", "region"].forEach(function (key) {
      if (here.get(key) && !url.searchParams.get(key)) { url.searchParams.set(key, here.get(key)); }
    });
    link.href = url.toString();
  }, true);

  /* Light/dark switch: reloads this page in the other theme (the page's answers start afresh). */
  window.courseToggleTheme = function () {
    var url = new URL(location.href);
    var dark = document.body.getAttribute("data-jp-theme-light") === "false";
    url.searchParams.set("theme", dark ? "light" : "dark");
    location.assign(url.toString());
  };
})();
