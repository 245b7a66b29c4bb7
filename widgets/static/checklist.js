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
  // What the learner has done that the kernel has not confirmed yet. Every choice, Clear and summary press gets
  // a number; the kernel sends back, with its answers, the number of the last message it took for each item,
  // for Clear and for the summary ("seen"). Until then the page shows the learner's own choice (an echo of an earlier message must
  // not undo it: WCAG 2.2 SC 3.2.2), and sends it again if no confirmation comes (a message lost when a
  // phone's connection drops). The kernel ignores a message older than one it has taken.
  // Numbers grow with the clock (microseconds) and past anything the kernel has seen: a second view of
  // this checklist (JupyterLab) or a page reloaded on the same kernel never sends a number the kernel
  // takes for an old one, and the learner's latest click wins.
  const shown = () => model.get("view") || {}; // what the kernel says the page shows (all of it, every time)
  let seq = 0;
  const next = () => {
    seq = Math.max(seq + 1, Date.now() * 1000, ...Object.values(shown().seen || {}).map((n) => n + 1));
    return seq;
  };
  const pending = {}; // item id -> {value, seq}: a choice the kernel has not confirmed
  let clearing = null; // a Clear the kernel has not confirmed: {seq}
  let asking = null; // a "Show my summary" press the kernel has not confirmed: {seq}
  // Every message after a Clear carries its number, so the kernel does a Clear lost on the way before anything
  // the learner did after it.
  let lastClear = 0;
  let late = false; // something the learner did has waited a whole retry for the kernel
  const send = (msg) => {
    try {
      model.send(lastClear ? { ...msg, clear: lastClear } : msg);
    } catch (error) { // the kernel is gone (dead, or the comm closed): a danger sign gets the page's own panel now,
      late = true; // whatever was being sent, and the timer keeps trying
      drawPanel();
    }
  };
  const sendChoice = (item, p) => send({ event: "choose", item, value: p.value, seq: p.seq });
  const sendPress = (name, p) => send({ event: "press", name, seq: p.seq });
  let retry = null;
  let due = 0; // when the timer fires
  let tries = 0;
  // Again after 3, 6, 10, 10 and 10 s (a danger sign's panel waits on it), then every minute: while a phone
  // is offline its messages queue up and all go at once when it is back (the server allows 1 MiB at once).
  const RETRY_MS = [3000, 6000, 10000, 10000, 10000, 60000];
  const outstanding = () => Boolean(clearing || asking || Object.keys(pending).length);
  function resendLater() {
    if (retry !== null) return; // waiting already, or removed
    const wait = RETRY_MS[Math.min(tries, RETRY_MS.length - 1)];
    due = Date.now() + wait;
    retry = setTimeout(() => {
      retry = null;
      if (!outstanding()) return;
      tries += 1;
      late = true; // the kernel has not confirmed in time: a danger sign gets the page's own panel (drawPanel)
      drawPanel();
      if (clearing) sendPress("clear", clearing);
      for (const [item, p] of Object.entries(pending)) sendChoice(item, p);
      if (asking) sendPress("summary", asking);
      resendLater();
    }, wait);
  }
  function resendSoon() { // after the learner acts: the next re-send at most 3 s from now, not a minute
    if (retry === -1) return; // removed
    tries = 0;
    // Never put it later: a learner answering every 2 s offline would otherwise never get a danger sign's panel.
    if (retry !== null && due - Date.now() <= RETRY_MS[0]) return;
    if (retry !== null) clearTimeout(retry);
    retry = null;
    resendLater();
  }
  let lastChoice = null; // the item the learner answered last (focus goes back there if the panel closes)
  function choose(item, value) {
    pending[item] = { value, seq: next() };
    lastChoice = item;
    sendChoice(item, pending[item]);
    resendSoon();
    drawPanel(); // gone at once when changed to "No"; already late: a danger sign's own panel at once
  }
  const buttons = model.get("buttons"); // {event: [label, title, primary]}
  const button = (event) => {
    const [label, title, primary] = buttons[event];
    const b = make("button", `jupyter-widgets jupyter-button widget-button${primary ? " mod-primary" : ""}`, label);
    b.type = "button";
    b.title = title;
    b.addEventListener("click", () => {
      const press = { seq: next() };
      if (event === "clear") {
        // Cleared on the page at once, so an answer picked again right away is a real change, and nothing
        // from before the Clear stays on the screen (someone else may pick up the phone): no summary, no
        // panel, until the kernel confirms the Clear with what the learner did after it.
        clearing = press;
        lastClear = press.seq;
        asking = null; // a summary asked for before the Clear is not wanted any more
        for (const id of Object.keys(pending)) delete pending[id];
        draw();
      }
      sendPress(event, press);
      if (event !== "clear") {
        asking = press; // sent again until the summary comes
        drawn.set(status, ""); status.innerHTML = ""; // so "Your summary is below." is announced again
      }
      resendSoon();
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
          // sends its answers back; until it confirms this one, the page keeps showing it (choose, above).
          choose(id, value);
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

  function displayed() { // the answers the page shows: the kernel's, with the learner's unconfirmed choices over them
    const seen = shown().seen || {};
    const answers = shown().answers || {};
    // Before a Clear is confirmed, only the kernel's answers to choices made after it are current.
    const display = clearing
      ? Object.fromEntries(Object.entries(answers).filter(([id]) => (seen[id] || 0) > clearing.seq))
      : { ...answers };
    for (const [id, p] of Object.entries(pending)) display[id] = p.value;
    return display;
  }
  function drawAnswers() {
    const seen = shown().seen || {};
    if (clearing && (seen.clear || 0) >= clearing.seq) clearing = null;
    if (asking && Math.max(seen.summary || 0, seen.clear || 0) >= asking.seq) asking = null;
    for (const [id, p] of Object.entries(pending)) {
      if ((seen[id] || 0) >= p.seq || (seen.clear || 0) >= p.seq) delete pending[id]; // taken, or cleared after
    }
    if (!outstanding()) { // all confirmed: nothing is late, and nothing is to be sent again
      late = false;
      if (retry !== null && retry !== -1) { clearTimeout(retry); retry = null; }
    }
    const display = displayed();
    for (const [id, radios] of Object.entries(inputs)) {
      for (const input of radios) input.checked = display[id] === input.value;
    }
  }
  // The panel and the summary are redrawn from the kernel's HTML. A learner on a link inside keeps focus
  // there (the same link, or the one in its place), not dropped to the page (WCAG 2.2 SC 2.4.3).
  const focusable = (node) => Array.from(node.querySelectorAll("a[href], button, [tabindex]"));
  // What each area last drew (the kernel's HTML, not innerHTML read back, which the browser re-serialises):
  // an area is rewritten only when its text changes, so a live region is not announced again.
  const drawn = new Map();
  function redraw(node, html) {
    if (drawn.get(node) === html) return;
    drawn.set(node, html);
    const was = document.activeElement;
    const inside = was && was !== node && node.contains(was);
    const index = inside ? focusable(node).indexOf(was) : -1;
    const key = inside ? [was.tagName, was.getAttribute("href"), was.textContent] : null;
    node.innerHTML = html;
    if (!inside) return;
    const now = focusable(node);
    const same = now.find((n) => n.tagName === key[0] && n.getAttribute("href") === key[1] && n.textContent === key[2]);
    // The panel closed under the learner (the answer changed to "No" in another view): back to their answer.
    const back = lastChoice && inputs[lastChoice] && (inputs[lastChoice].find((i) => i.checked) || inputs[lastChoice][0]);
    const target = same || now[Math.min(index, now.length - 1)] || back;
    if (target) target.focus();
  }
  // While a Clear is unconfirmed, the kernel's panel, summary and status are of the answers before it.
  // A danger sign the page shows that has not reached the kernel in time (offline, or a Clear not yet
  // confirmed) gets the panel without advice, drawn by the page itself: help never waits on the connection.
  const safetyItems = new Set((model.get("parts").find((p) => p.key === model.get("panel_after")) || { items: [] })
    .items.map(([id]) => id));
  const opens = model.get("panel_opens") || [];
  // The kernel's panel is of the kernel's answers. While they open it where the page's do not, or the other way
  // round (the kernel has not heard the learner's latest answers to the safety questions: a slow kernel, or a
  // phone's queued answers arriving one by one), the kernel's panel is out of date: the panel on the screen stays
  // while the page shows a danger sign (so it does not flip and is not read out again, and no advice is drawn
  // for an answer already changed to No), and goes at once when it shows none. Never a danger sign on the page
  // without a panel: the kernel's when they agree, else the one on the screen, else the page's own once late
  // (after the first re-send, 3 s at most).
  function drawPanel() {
    const answers = shown().answers || {};
    const display = displayed();
    const open = (value) => opens.includes(value);
    // (Before a Clear is confirmed, the kernel's panel is of the answers before it: never shown.)
    const agree = !clearing && [...safetyItems].every((id) => open(display[id]) === open(answers[id]));
    const danger = [...safetyItems].some((id) => open(display[id]));
    let html = "";
    if (agree) html = shown().panel || "";
    else if (danger) html = drawn.get(panel) || (late ? model.get("panel_waiting") : "");
    redraw(panel, html);
  }
  const drawStatus = () => {
    const html = clearing ? "" : shown().status || "";
    if (drawn.get(status) !== html) { drawn.set(status, html); status.innerHTML = html; } // not announced again
  };
  const drawSummary = () => redraw(summary, clearing ? "" : shown().summary || "");
  // Every update from the kernel carries all of it (view): answers first, which may confirm a Clear.
  const draw = () => { drawAnswers(); drawPanel(); drawStatus(); drawSummary(); };
  draw();
  model.on("change:view", draw);
  return () => {
    model.off("change:view", draw);
    if (retry !== null) clearTimeout(retry);
    retry = -1; // removed: nothing is sent again
  };
}
export default { render };
