// The private reflection checklist (widgets.reflection.ReflectionChecklist), drawn as one widget (issue 17: it
// was one widget per question, 50 in all). Each question is a <fieldset> with a <legend> and named radios, so
// arrow keys move between its answers and a screen reader hears the question (the same markup and styles as
// choice_group.js). The safety panel sits right after the safety questions, in a polite live region that is
// in the page from the start. The kernel decides everything; this module draws and reports choices and presses.
function render({ model, el }) {
  const uid = `course-check-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const make = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const live = () => {
    // Screen readers announce changes to a live region reliably only when the region was already there.
    const region = make("div", "course-live");
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
    return region;
  };
  const pending = {}; // item id -> a choice sent to the kernel that its answers do not show yet
  const buttons = model.get("buttons"); // {event: [label, title, primary]}
  const button = (event) => {
    const [label, title, primary] = buttons[event];
    const b = make("button", `jupyter-widgets jupyter-button widget-button${primary ? " mod-primary" : ""}`, label);
    b.type = "button";
    b.title = title;
    b.addEventListener("click", () => {
      if (event === "clear") for (const id of Object.keys(pending)) delete pending[id];
      model.send({ event: "press", name: event });
    });
    return b;
  };
  const row = (...children) => {
    const div = make("div", "course-choice-buttons");
    div.append(...children);
    return div;
  };

  const intro = make("div", "course-checklist-top");
  intro.innerHTML = model.get("intro"); // built by the kernel from escaped content text
  el.append(intro, row(button("clear")));

  const inputs = {}; // item id -> its radio inputs
  const panel = live();
  const panelBox = make("div", "course-safety-panel");
  panelBox.append(panel);
  for (const part of model.get("parts")) {
    el.append(make("h3", "course-checklist-group", part.title));
    if (part.note) el.append(make("p", "course-group-note", part.note));
    for (const [id, text] of part.items) {
      const fieldset = make("fieldset", "course-choice");
      const list = make("div", "course-choice-options course-choice-row");
      fieldset.append(make("legend", "course-choice-legend", text), list);
      inputs[id] = model.get("choices").map(([value, label]) => {
        const option = make("label", "course-choice-option");
        const input = make("input");
        input.type = "radio";
        input.name = `${uid}-${id}`;
        input.value = value;
        input.addEventListener("change", () => {
          if (!input.checked) return;
          // The kernel hears the choice as an immediate message (so a quick "Show my summary" sees it) and
          // sends its answers back. Until its answers include this choice, the page keeps showing it: an
          // echo of an earlier choice must not empty a radio the learner has just picked.
          pending[id] = value;
          model.send({ event: "choose", item: id, value });
        });
        option.append(input, make("span", "", label));
        list.append(option);
        return input;
      });
      el.append(fieldset);
    }
    if (part.key === model.get("panel_after")) el.append(panelBox);
  }
  if (!panelBox.isConnected) el.append(panelBox); // never lost, whatever the parts are called
  const status = live();
  const summary = make("div", "course-checklist-summary-area");
  el.append(row(button("summary"), button("clear")), status, summary);

  function drawAnswers() {
    const answers = model.get("answers");
    for (const [id, value] of Object.entries(pending)) if (answers[id] === value) delete pending[id];
    const shown = { ...answers, ...pending };
    for (const [id, radios] of Object.entries(inputs)) {
      for (const input of radios) input.checked = shown[id] === input.value;
    }
  }
  const drawPanel = () => { panel.innerHTML = model.get("panel"); };
  const drawStatus = () => { status.innerHTML = model.get("status"); };
  const drawSummary = () => { summary.innerHTML = model.get("summary"); };
  drawAnswers(); drawPanel(); drawStatus(); drawSummary();
  const events = { "change:answers": drawAnswers, "change:panel": drawPanel, "change:status": drawStatus,
                   "change:summary": drawSummary };
  for (const [event, fn] of Object.entries(events)) model.on(event, fn);
  return () => { for (const [event, fn] of Object.entries(events)) model.off(event, fn); };
}
export default { render };
