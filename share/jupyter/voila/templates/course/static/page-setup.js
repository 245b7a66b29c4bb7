/* What Voila's lab template did with inline scripts, as a file: the page's Content-Security-Policy
   (widgets/server.py) runs no inline script. Loaded in <head>, before anything else of the course's.
   - the quick exit's destination, from <meta name="course-quick-exit-url"> (course.js reads
     window.COURSE_QUICK_EXIT_URL when the visitor leaves; course.js, next in <head>, loads the quick exit
     itself, so the button and Shift x3 work before any cell has run);
   - Voila's loading hooks: voila.js calls display_cells once its theme is loaded; the page calls
     voila_finish once every cell has arrived (here: when the document is parsed). */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="course-quick-exit-url"]');
  if (meta && meta.content) { window.COURSE_QUICK_EXIT_URL = meta.content; }

  window.voila_heartbeat = function () {};
  window.update_loading_text = function (index, count, text) {
    var el = document.getElementById("loading_text");
    if (el) { el.textContent = text || ("Executing " + index + " of " + count); }
  };
  window.display_cells = function () {
    if (!window.themeLoaded) { window.cellLoaded = true; return; }
    var loading = document.getElementById("loading");
    if (loading) { loading.parentNode.removeChild(loading); }
    var cells = document.getElementById("rendered_cells");
    if (cells) { cells.style.display = ""; }
  };
  window.voila_process = window.update_loading_text;
  window.voila_finish = window.display_cells;
  document.addEventListener("DOMContentLoaded", function () { window.voila_finish(); });
})();
