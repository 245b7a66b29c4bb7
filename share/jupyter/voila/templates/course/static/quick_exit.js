/* Quick exit: one ES module for the Voila page (course.js imports it) and for JupyterLab (it is also the
   QuickExit anywidget's _esm, see widgets/safety.py), so the keyboard rule exists once.

   Modelled on GOV.UK Frontend's "Exit this page" component (exit-this-page.mjs): a button, or Shift pressed
   three times, each press within 5 seconds of the one before. Like GOV.UK, Shift counts only when it is
   pressed and released on its own: any other key in between (Shift+Tab, Shift+Arrow, Shift+Enter to run a
   cell) resets the count. Stricter than GOV.UK in three ways found in review: Shift used with the mouse
   (Shift+click, Shift+scroll) does not count, a Shift released without its press being seen here does not
   count, and leaving the window resets the count. */

export const PRESSES = 3;
export const WINDOW_MS = 5000;
export const DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather";

// GOV.UK's screen reader messages (i18n defaults of exit-this-page.mjs).
export const MESSAGES = {
  1: "Shift, press 2 more times to exit.",
  2: "Shift, press 1 more time to exit.",
  timedOut: "Exit this page expired.",
};

/** Counts Shift presses made on their own. Feed it every keydown, keyup, pointerdown, wheel and blur event
    (with the time in ms); it returns how many presses count now. PRESSES means: leave. */
export class ShiftPresses {
  constructor({ presses = PRESSES, windowMs = WINDOW_MS } = {}) {
    this.presses = presses;
    this.windowMs = windowMs;
    this.reset();
  }

  reset() {
    this.count = 0;
    this.last = -Infinity;
    this.shiftDown = false;
    this.alone = false;
  }

  handle(event, now) {
    const isShift = event.key === "Shift";
    if (event.type === "keydown") {
      if (isShift) {
        if (!event.repeat) {
          this.shiftDown = true;
          this.alone = !(event.ctrlKey || event.altKey || event.metaKey);
        }
      } else {
        this.count = 0;
        this.alone = false;
      }
    } else if (event.type === "keyup") {
      if (isShift) {
        const counted = this.shiftDown && this.alone;
        this.shiftDown = false;
        this.alone = false;
        if (counted) {
          if (now - this.last > this.windowMs) { this.count = 0; }
          this.count += 1;
          this.last = now;
        }
      } else {
        this.count = 0;
      }
    } else if (event.type === "blur") {
      this.reset();
    } else if (event.shiftKey || this.shiftDown) {
      // pointerdown / wheel while Shift is held: Shift is selecting or scrolling, not asking to leave.
      this.count = 0;
      this.alone = false;
    }
    if (this.count > 0 && now - this.last > this.windowMs) { this.count = 0; }
    const count = this.count;
    if (count >= this.presses) { this.count = 0; }
    return count;
  }
}

/** Where to go: the visit's region's neutral site (set by the page's region script), else the server's. */
export function exitUrl(fallback) {
  const root = typeof document !== "undefined" ? document.documentElement : null;
  return (root && root.dataset.courseExitUrl) || (typeof window !== "undefined" && window.COURSE_QUICK_EXIT_URL)
    || fallback || DEFAULT_EXIT_URL;
}

function pageConfig() {
  const el = document.getElementById("jupyter-config-data");
  try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
}

/** The server's base URL ("/", or "/user/name/" under JupyterHub). A Voila page writes its config only once
    the kernel has started, so until then it is read from the address (.../voila/render/page.ipynb). */
function baseUrl() {
  return pageConfig().baseUrl || location.pathname.replace(/voila\/.*$/, "") || "/";
}

/** jupyter_server's XSRF token: its `_xsrf` cookie when it set one (JupyterLab does). A Voila page never asks
    Tornado for one (voila#1458), so the page makes one: Tornado's check is a double submit (the cookie must
    equal the X-XSRFToken header), and a page on another site can neither read nor set this cookie. It is a
    session cookie, scoped to the server's base URL, sent to no other site. */
export function xsrfToken({ create = true, path = "/" } = {}) {
  const found = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
  if (found) { return decodeURIComponent(found[1]); }
  if (!create) { return ""; }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  document.cookie = `_xsrf=${token}; path=${path}; SameSite=Strict`;
  return token;
}

/** Ask the server to end a kernel. keepalive lets the request finish after the page has gone. */
export function endKernel(url, method = "POST") {
  const base = baseUrl();
  try {
    fetch(url, {
      method, keepalive: true, credentials: "same-origin", referrerPolicy: "same-origin",
      headers: { "X-XSRFToken": xsrfToken({ path: base }) },
    }).catch(() => {});
  } catch (e) { /* leave anyway */ }
}

/* One state per browser window. JupyterLab may import this module more than once (anywidget loads each
   widget's module on its own), so nothing that must be shared lives in module variables. */
function shared() {
  if (!window.__courseQuickExit) {
    window.__courseQuickExit = { leaving: false, listening: false, views: new Set(), onExit: () => {},
                                 announce: () => {} };
  }
  return window.__courseQuickExit;
}

/** Blank the page at once, end the visit, and replace this history entry with the neutral site. */
export function leave(endVisit, fallbackUrl) {
  const state = shared();
  if (state.leaving) { return; }
  state.leaving = true;
  // JupyterLab asks "Leave site?" when a notebook has unsaved changes. Listeners on window run in the order
  // they were added, so this one, added last, takes the question back: nothing stands in the way.
  window.addEventListener("beforeunload", (event) => { event.returnValue = ""; });
  document.querySelectorAll("dialog[open]").forEach((d) => d.close());
  document.documentElement.style.setProperty("display", "none", "important");
  try { endVisit(); } catch (e) { /* leave anyway */ }
  window.location.replace(exitUrl(fallbackUrl));
}

const shiftEvents = ["keydown", "keyup", "pointerdown", "wheel", "blur"];

/** Listen for Shift x3 on this window (once per window, however often it is called); `onExit` is the newest
    one given. Listening in the capture phase on window runs before JupyterLab's own key handling. */
export function listenForShift(onExit, announce = () => {}) {
  const state = shared();
  state.onExit = onExit;
  state.announce = announce;
  if (state.listening) { return; }
  state.listening = true;
  const presses = new ShiftPresses();
  let timer = null;
  let previous = 0;
  const say = (text, count, thenText) => {
    clearTimeout(timer);
    state.announce(text, count);
    timer = setTimeout(() => { previous = 0; state.announce(thenText, 0); }, WINDOW_MS);
  };
  const onEvent = (event) => {
    const count = presses.handle(event, Date.now());
    if (count >= PRESSES) { clearTimeout(timer); state.onExit(); return; }
    if (count > 0 && count !== previous) { say(MESSAGES[count], count, MESSAGES.timedOut); }
    if (count === 0 && previous > 0) { say(MESSAGES.timedOut, 0, ""); }
    previous = count;
  };
  shiftEvents.forEach((type) => window.addEventListener(type, onEvent, { capture: true, passive: true }));
}

/** The Voila page: the template draws the button (#course-quick-exit); this wires it and the shortcut. */
export function installOnPage() {
  xsrfToken({ path: baseUrl() });
  const endVisit = () => {
    const id = pageConfig().kernelId;
    if (id) { endKernel(`${baseUrl()}voila/api/shutdown/${id}`); }
  };
  const status = () => document.getElementById("course-quick-exit-status");
  const announce = (text, count) => {
    if (status()) { status().textContent = text; }
    const button = document.getElementById("course-quick-exit");
    if (button) { button.dataset.presses = String(count); }
  };
  listenForShift(() => leave(endVisit), announce);
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("#course-quick-exit")) {
      event.preventDefault();
      leave(endVisit);
    }
  }, true);
  // A tab closed on a phone may never fire beforeunload; pagehide still comes. Ends this page's kernel.
  window.addEventListener("pagehide", (event) => { if (!event.persisted && !shared().leaving) { endVisit(); } });
}

/* JupyterLab: one button per browser window, fixed in JupyterLab's top bar (right of the menus), so it stays
   in view while the notebook scrolls and covers none of JupyterLab's controls. Every course notebook open in
   the window registers its kernel; the quick exit ends them all. */

function labButton() {
  let button = document.getElementById("course-lab-quick-exit");
  if (button) { return button; }
  button = document.createElement("button");
  button.id = "course-lab-quick-exit";
  button.className = "course-quick-exit course-quick-exit--lab";
  button.type = "button";
  button.title = "Leave this page at once. Shortcut: press Shift three times.";
  button.innerHTML = 'Quick exit<span class="course-visually-hidden">: leave this page now (or press Shift ' +
    'three times)</span><span class="course-quick-exit-status course-visually-hidden" role="status"></span>';
  button.addEventListener("click", (event) => { event.preventDefault(); exitLab(); });
  document.body.prepend(button); // first in the focus order, as GOV.UK's "Exit this page" is
  return button;
}

function exitLab() {
  const views = shared().views;
  const newest = Array.from(views).pop();
  leave(() => {
    views.forEach((model) => {
      const id = model.get("kernel_id");
      if (id) { endKernel(`${baseUrl()}api/kernels/${id}`, "DELETE"); }
      model.send({ event: "exit" });
    });
  }, newest && newest.get("exit_url"));
}

export default {
  render({ model }) {
    if (document.getElementById("course-safety-bar")) { return undefined; } // Voila: the page has its own
    const views = shared().views;
    views.add(model);
    const button = labButton();
    listenForShift(() => { if (views.size) { exitLab(); } }, (text, count) => {
      button.querySelector(".course-quick-exit-status").textContent = text;
      button.dataset.presses = String(count);
    });
    return () => {
      views.delete(model);
      if (views.size === 0) { button.remove(); }
    };
  },
};
