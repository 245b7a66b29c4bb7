// Quick exit button for JupyterLab. In Voila the course template already has one: draw nothing there.
export default {
  render({ model, el }) {
    if (document.getElementById("course-safety-bar")) { return; }
    const leave = (event) => {
      if (event) { event.preventDefault(); }
      document.documentElement.style.visibility = "hidden";
      document.title = "Weather";
      model.send({ event: "exit" });
      window.location.replace(model.get("exit_url"));
    };
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Quick exit";
    button.title = "Leave this page at once. Shortcut: press Shift three times.";
    button.setAttribute("aria-label", "Quick exit: leave this page now (or press Shift three times)");
    button.style.cssText = "position:fixed;top:8px;right:16px;z-index:10000;min-height:44px;padding:0.5rem 1.1rem;" +
      "font-weight:700;font-size:1rem;color:#fff;background:#8a1c1c;border:2px solid #8a1c1c;border-radius:4px;cursor:pointer";
    button.addEventListener("click", leave);
    el.appendChild(button);
    // One Shift listener per page, always pointing at the newest widget's exit.
    window.__courseQuickExit = leave;
    if (!window.__courseShiftTimes) {
      window.__courseShiftTimes = [];
      document.addEventListener("keydown", (event) => {
        if (event.key !== "Shift" || event.repeat) { return; }
        const now = Date.now();
        window.__courseShiftTimes = window.__courseShiftTimes.filter((t) => now - t < 5000).concat([now]);
        if (window.__courseShiftTimes.length >= 3) { window.__courseQuickExit(event); }
      }, true);
    }
  },
};
