/* The course page's own script (no kernel needed): the quick exit, links and history, citations.
   The quick exit itself is quick_exit.js, an ES module shared with the JupyterLab widget (one keyboard rule,
   modelled on GOV.UK's "Exit this page"); this classic script loads it at once, while the page is still
   loading, so the button and Shift x3 work before any cell has run. */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  import(new URL("quick_exit.js", here || location.href).href).then(function (quickExit) {
    quickExit.installOnPage();
  }).catch(function () {
    // The module could not load: the button still leaves (no blanking, no kernel shutdown).
    document.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("#course-quick-exit")) {
        location.replace(document.documentElement.dataset.courseExitUrl || window.COURSE_QUICK_EXIT_URL);
      }
    }, true);
  });

  /* Moving within the course replaces this history entry instead of adding one, so after a quick exit Back
     never shows a course page (the quick exit replaces the one entry the course has). Course pages, citations
     and in-page anchors all do; a click with a modifier key or another button is the visitor's own choice
     (a new tab or window) and is left alone. Course links stay in this tab (JupyterLab's renderer opens every
     link in a new one): fewer tabs to close in a hurry. */
  function targetOf(hash) {
    try { return document.getElementById(decodeURIComponent(hash.slice(1))); } catch (e) { return null; }
  }
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented) { return; }
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin) { return; }
    if (link.target === "_blank") { link.removeAttribute("target"); }
    // Carry the visitor's choices (theme, region) to the next page: in the address, never in storage.
    var params = new URLSearchParams(location.search);
    ["theme", "region"].forEach(function (key) {
      if (params.get(key) && !url.searchParams.get(key)) { url.searchParams.set(key, params.get(key)); }
    });
    link.href = url.toString();
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    if (url.pathname === location.pathname && url.search === location.search && url.hash) {
      history.replaceState(history.state, "", url.hash);
      var target = targetOf(url.hash);
      if (target) {
        if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
        target.scrollIntoView();
        target.focus({ preventScroll: true });
      }
      return;
    }
    location.replace(url.toString());
  }, true);

})();
