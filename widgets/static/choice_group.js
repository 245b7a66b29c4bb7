// The quiz's and checklist's labelled answer group (widgets.quizzes.ChoiceGroup): a <fieldset> with a
// <legend> and named inputs, so arrow keys move between options and a screen reader hears the question.
// A quiz question (widgets.quizzes.QuestionView) is the same group with a heading above it, its buttons and an
// announced feedback area below it: one widget per question, not nine (issue 17).
function render({ model, el }) {
  // Radios share a name only within this group. The module may be evaluated once per widget, so a
  // module-level counter is not unique: a random part is.
  const name = `course-choice-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const fieldset = document.createElement("fieldset");
  fieldset.className = "course-choice";
  const legend = document.createElement("legend");
  legend.className = "course-choice-legend";
  const list = document.createElement("div");
  list.className = "course-choice-options";
  fieldset.append(legend, list);
  const heading = document.createElement("div");
  heading.className = "course-choice-heading";
  const bar = document.createElement("div");
  bar.className = "course-choice-buttons";
  el.append(heading, fieldset, bar);
  // The feedback area is in the page from the start: screen readers announce changes to a live region
  // reliably only when the region itself was already there before its content changed.
  let status = null;
  if (model.get("status") !== undefined) { // a question has feedback; a plain group (the checklist's) has none
    status = document.createElement("div");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    status.className = "course-live";
    el.append(status);
  }

  const kind = () => model.get("kind");
  const inputs = () => Array.from(list.querySelectorAll("input, select"));
  function current() {
    if (kind() === "checkbox") return inputs().filter((i) => i.checked).map((i) => i.value);
    if (kind() === "order") return inputs().map((s) => (s.value === "" ? null : s.value));
    const on = inputs().find((i) => i.checked);
    return on ? on.value : null;
  }
  function choose() {
    // Set locally, and tell the kernel with an immediate message: a plain state sync can be held back
    // while the kernel is busy, and a quick "Check answer" would then be graded on an older choice.
    const value = current();
    model.set("value", value);
    model.send({ event: "choose", value });
  }
  function syncValue() {
    const v = model.get("value");
    if (kind() === "order") {
      inputs().forEach((s, i) => { s.value = (v && v[i]) || ""; });
      return;
    }
    const set = new Set(kind() === "checkbox" ? v || [] : v === null || v === undefined ? [] : [v]);
    for (const input of inputs()) input.checked = set.has(input.value);
  }
  function drawOptions() {
    list.replaceChildren();
    list.classList.toggle("course-choice-row", model.get("orientation") === "horizontal");
    const options = model.get("options");
    if (kind() === "order") {
      const n = model.get("steps");
      for (let i = 0; i < n; i++) {
        const row = document.createElement("label");
        row.className = "course-choice-step";
        const text = document.createElement("span");
        text.textContent = `Step ${i + 1} of ${n}`;
        const select = document.createElement("select");
        const blank = document.createElement("option");
        blank.value = "";
        blank.textContent = "Choose a step";
        select.append(blank);
        for (const [value, label] of options) {
          const o = document.createElement("option");
          o.value = value;
          o.textContent = label;
          select.append(o);
        }
        select.addEventListener("change", choose);
        row.append(text, select);
        list.append(row);
      }
    } else {
      for (const [value, label] of options) {
        const row = document.createElement("label");
        row.className = "course-choice-option";
        const input = document.createElement("input");
        input.type = kind();
        input.name = name;
        input.value = value;
        input.addEventListener("change", choose);
        const text = document.createElement("span");
        text.textContent = label;
        row.append(input, text);
        list.append(row);
      }
    }
    syncValue();
  }
  function drawLegend() { legend.textContent = model.get("legend"); }
  function drawDisabled() { fieldset.disabled = model.get("disabled"); }
  // The heading and the feedback are HTML the kernel builds from escaped content text, never raw input.
  function drawHeading() { heading.innerHTML = model.get("heading") || ""; heading.hidden = !model.get("heading"); }
  function drawStatus() { if (status) status.innerHTML = model.get("status") || ""; }
  function drawButtons() {
    // Buttons are updated in place, so the one that has focus keeps it when another is enabled or shown.
    // An unavailable button is aria-disabled, not disabled: a disabled button loses focus, so a learner who
    // pressed "Check answer" with the keyboard would be dropped to the top of the page (WCAG 2.2 SC 2.4.3;
    // WAI-ARIA Authoring Practices, "Focusability of disabled controls"). It stays focusable, is announced
    // as unavailable, and a press does nothing (the kernel ignores it too).
    const wanted = model.get("buttons") || [];  // a plain group (the checklist) has none
    if (bar.children.length !== wanted.length) {
      bar.replaceChildren(...wanted.map(() => {
        const button = document.createElement("button");
        button.type = "button";
        button.addEventListener("click", () => {
          if (button.getAttribute("aria-disabled") !== "true") model.send({ event: "press", name: button.dataset.event });
        });
        return button;
      }));
    }
    wanted.forEach((b, i) => {
      const button = bar.children[i];
      button.dataset.event = b.event;
      button.textContent = b.label;
      button.title = b.title || "";
      button.className = `jupyter-widgets jupyter-button widget-button${b.primary ? " mod-primary" : ""}`;
      button.setAttribute("aria-disabled", b.disabled ? "true" : "false");
      button.hidden = !!b.hidden;
    });
    bar.hidden = !wanted.length;
  }

  drawHeading(); drawLegend(); drawOptions(); drawDisabled(); drawButtons(); drawStatus();
  const events = { "change:legend": drawLegend, "change:options": drawOptions, "change:kind": drawOptions,
                   "change:steps": drawOptions, "change:orientation": drawOptions, "change:value": syncValue,
                   "change:disabled": drawDisabled, "change:heading": drawHeading,
                   "change:buttons": drawButtons, "change:status": drawStatus };
  for (const [event, fn] of Object.entries(events)) model.on(event, fn);
  return () => { for (const [event, fn] of Object.entries(events)) model.off(event, fn); };
}
export default { render };
