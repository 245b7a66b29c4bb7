/* A calm loading message in plain words, instead of Voila's "Executing 3 of 13" (which reads like a
   machine at work on the visitor). Included right after Voila's spinner and its voila_process helper. */
(function () {
  "use strict";
  var text = "Getting this page ready. It can take a minute.";
  var label = document.getElementById("loading_text");
  if (label) { label.textContent = text; label.setAttribute("role", "status"); }
  window.voila_process = function () {
    var spinner = document.getElementById("loading");
    if (spinner && spinner.style.display === "none") { spinner.style.display = "flex"; }
    var el = document.getElementById("loading_text");
    if (el && el.textContent !== text) { el.textContent = text; }
  };
})();
