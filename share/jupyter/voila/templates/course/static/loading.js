/* Keeps the loading screen's calm message (spinner.macro.html.j2) while the cells run: Voila's own
   voila_process would replace it with "Executing 3 of 13", which reads like a machine at work on the
   visitor. Included right after Voila defines voila_process. */
(function () {
  "use strict";
  window.voila_process = function () {
    var spinner = document.getElementById("loading");
    if (spinner && spinner.style.display === "none") { spinner.style.display = "flex"; }
  };
})();
