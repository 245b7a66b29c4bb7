/* Presenting (make present): the course page as a step-through for a room, one section at a time.
   A section starts at each ## heading; the projected page shows that section from its heading.
   Keys: Right arrow, Page Down, Space = next; Left arrow, Page Up, Shift+Space = previous (a presentation
   clicker sends Page Up/Page Down or the arrows); Home/End = first/last; N = presenter notes. Up/Down
   arrows and the mouse wheel still scroll within a long section.
   Keys work after any mouse use: clicking Previous/Next moves focus to the section's heading.
   Facilitator notes (markdown cells tagged "facilitator") are taken off the projected page when it loads and
   shown only in the presenter window (a second window for the laptop screen), never on the projector. */
(function () {
  "use strict";
  // Room-sized text from the first paint (slides.css); this script is loaded in the page's head.
  document.documentElement.classList.add("course-presenting");
  var NEXT = { ArrowRight: 1, PageDown: 1, " ": 1, ArrowLeft: -1, PageUp: -1 };
  var sections = [];
  var index = 0;
  var status, notesWindow = null;

  /* Keys stay with a control that uses them itself: typing, sliders, dropdowns, radio groups. */
  function keyBelongsToControl(target, key) {
    if (!target || target === document.body) { return false; }
    if (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) { return true; }
    var role = target.getAttribute && target.getAttribute("role");
    if (role === "slider" || role === "spinbutton" || role === "listbox" || role === "radio") { return true; }
    // Space and Enter press a focused button or follow a link; arrows and Page keys do not.
    return (key === " " || key === "Enter") && /^(BUTTON|A|SUMMARY)$/.test(target.tagName);
  }

  function heading(section) {
    var h = section.cells[0].querySelector("h1, h2");
    return h ? h.textContent.replace(/\u00b6/g, "").trim() : "Opening";
  }

  function show(n, focusHeading) {
    index = Math.max(0, Math.min(sections.length - 1, n));
    sections.forEach(function (section, k) {
      section.cells.forEach(function (cell) { cell.hidden = k !== index; });
    });
    status.textContent = "Section " + (index + 1) + " of " + sections.length;
    var first = sections[index].cells[0];
    var target = first.querySelector("h1, h2") || first;
    target.setAttribute("tabindex", "-1");
    // Only this section is shown, so the top of the page is its heading. Scroll there now and once more
    // after the browser has laid out the new section (slides.css turns scroll anchoring off, which would
    // otherwise keep the old scroll position and open the section partway down).
    window.scrollTo(0, 0);
    window.requestAnimationFrame(function () { window.scrollTo(0, 0); });
    if (focusHeading) { target.focus({ preventScroll: true }); }
    updateNotes();
  }

  /* ---------------------------------------------------------------- presenter window */

  function stylesheetHref() {
    var link = document.querySelector("link[href*='slides.css']");
    return link ? link.href : "";
  }

  function updateNotes() {
    if (!notesWindow || notesWindow.closed) { return; }
    var doc = notesWindow.document;
    var section = sections[index];
    var after = sections[index + 1];
    doc.getElementById("notes-where").textContent =
      "Section " + (index + 1) + " of " + sections.length + ": " + heading(section);
    doc.getElementById("notes-next").textContent = after ? "Next: " + heading(after) : "This is the last section.";
    var body = doc.getElementById("notes-body");
    body.textContent = "";
    if (!section.notes.length) {
      var none = doc.createElement("p");
      none.className = "course-notes-none";
      none.textContent = "No facilitator notes for this section.";
      body.appendChild(none);
    }
    section.notes.forEach(function (note) { body.appendChild(doc.importNode(note, true)); });
  }

  function openNotes() {
    if (notesWindow && !notesWindow.closed) { notesWindow.focus(); updateNotes(); return; }
    notesWindow = window.open("", "course-presenter-notes", "popup,width=960,height=720");
    if (!notesWindow) {
      status.textContent = "The browser blocked the presenter window: allow pop-ups for this page, then press N.";
      return;
    }
    var doc = notesWindow.document;
    doc.open();
    doc.write("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Presenter notes</title></head>" +
      "<body class='course-notes-window'><main><p id='notes-where' class='course-notes-where'></p>" +
      "<section id='notes-body' aria-label='Facilitator notes'></section>" +
      "<p id='notes-next' class='course-notes-next'></p></main>" +
      "<nav class='course-slide-controls' aria-label='Presentation'>" +
      "<button type='button' data-step='-1'>Previous section</button>" +
      "<button type='button' data-step='1'>Next section</button></nav></body></html>");
    doc.close();
    var css = doc.createElement("link");
    css.rel = "stylesheet";
    css.href = stylesheetHref();
    doc.head.appendChild(css);
    // The presenter can step from the laptop window too: its buttons and keys drive the projected page.
    doc.addEventListener("click", function (event) {
      var step = event.target.getAttribute && event.target.getAttribute("data-step");
      if (step) { show(index + Number(step), false); event.target.blur(); }
    });
    doc.addEventListener("keydown", function (event) { onKey(event, false); });
    updateNotes();
  }

  function onKey(event, focusHeading) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (keyBelongsToControl(event.target, event.key)) { return; }
    var step = NEXT[event.key];
    if (event.key === " " && event.shiftKey) { step = -1; }
    if (event.key === "Home") { show(0, focusHeading); event.preventDefault(); return; }
    if (event.key === "End") { show(sections.length - 1, focusHeading); event.preventDefault(); return; }
    if ((event.key === "n" || event.key === "N") && !event.shiftKey) { openNotes(); event.preventDefault(); return; }
    if (step) { show(index + step, focusHeading); event.preventDefault(); }
  }

  /* ---------------------------------------------------------------- setup */

  function build() {
    var root = document.getElementById("rendered_cells");
    if (!root) { return; }
    var cells = Array.prototype.slice.call(root.querySelectorAll("div[cell-index]"));
    var current = null;
    cells.forEach(function (cell) {
      var note = cell.querySelector(".celltag_facilitator");
      if (note) {
        // Off the projected page for good: only the presenter window shows it.
        if (current) { current.notes.push(note.cloneNode(true)); }
        cell.parentNode.removeChild(cell);
        return;
      }
      if (!current || cell.querySelector(".jp-RenderedMarkdown h2")) {
        current = { cells: [], notes: [] };
        sections.push(current);
      }
      current.cells.push(cell);
    });
    if (!sections.length) { return; }
    var bar = document.createElement("nav");
    bar.className = "course-slide-controls";
    bar.setAttribute("aria-label", "Presentation");
    bar.innerHTML = '<button type="button" data-step="-1">Previous section</button>' +
      '<span class="course-slide-status" role="status" aria-live="polite"></span>' +
      '<button type="button" data-step="1">Next section</button>' +
      '<button type="button" class="course-slide-notes" data-notes="1" aria-keyshortcuts="N">' +
      'Presenter notes (N)</button>';
    status = bar.querySelector("[role=status]");
    bar.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button");
      if (!button) { return; }
      if (button.getAttribute("data-notes")) { openNotes(); return; }
      // Focus goes to the new section's heading, so a clicker's keys keep working after a mouse click.
      show(index + Number(button.getAttribute("data-step")), true);
    });
    document.addEventListener("keydown", function (event) { onKey(event, true); });
    document.body.appendChild(bar);
    window.addEventListener("beforeunload", function () { if (notesWindow) { notesWindow.close(); } });
    // The page's panels size themselves to the window: tell them the controls took room at the bottom.
    window.dispatchEvent(new Event("resize"));
    show(0, false);
  }

  window.addEventListener("load", build);
})();
