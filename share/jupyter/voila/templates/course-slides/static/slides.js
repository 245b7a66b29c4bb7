/* Step-through for presenting: one section at a time (a section starts at each ## heading).
   Next/Previous buttons, or the Right/Left arrow and Page Down/Up keys (unless a control has focus). */
(function () {
  "use strict";
  function build() {
    var cells = Array.prototype.slice.call(document.querySelectorAll("#rendered_cells div[cell-index]"));
    var sections = [], current = [];
    cells.forEach(function (cell) {
      if (cell.querySelector(".jp-RenderedMarkdown h2") && current.length) { sections.push(current); current = []; }
      current.push(cell);
    });
    if (current.length) { sections.push(current); }
    if (sections.length < 2) { return; }
    document.body.classList.add("course-presenting");
    var index = 0;
    var bar = document.createElement("nav");
    bar.className = "course-slide-controls";
    bar.setAttribute("aria-label", "Presentation");
    bar.innerHTML = '<button type="button" data-step="-1">Previous section</button>' +
      '<span role="status" aria-live="polite"></span>' +
      '<button type="button" data-step="1">Next section</button>';
    var status = bar.querySelector("span");
    function show(n) {
      index = Math.max(0, Math.min(sections.length - 1, n));
      sections.forEach(function (section, k) {
        section.forEach(function (cell) { cell.hidden = k !== index; });
      });
      status.textContent = "Section " + (index + 1) + " of " + sections.length;
      window.scrollTo(0, 0);
    }
    bar.addEventListener("click", function (event) {
      var step = event.target.getAttribute && event.target.getAttribute("data-step");
      if (step) { show(index + Number(step)); }
    });
    document.addEventListener("keydown", function (event) {
      var tag = (document.activeElement && document.activeElement.tagName) || "";
      if (/INPUT|SELECT|TEXTAREA|BUTTON/.test(tag) || (document.activeElement && document.activeElement.getAttribute("role") === "slider")) { return; }
      if (event.key === "ArrowRight" || event.key === "PageDown") { show(index + 1); event.preventDefault(); }
      if (event.key === "ArrowLeft" || event.key === "PageUp") { show(index - 1); event.preventDefault(); }
    });
    document.getElementById("rendered_cells").appendChild(bar);
    show(0);
  }
  window.addEventListener("load", build);
})();
