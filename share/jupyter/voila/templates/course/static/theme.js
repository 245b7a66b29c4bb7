/* Light or dark, switched in the page (no reload, so nothing the visitor has answered is lost).
   The server always renders the light theme and never reads ?theme=: the choice is made here, from an
   allow-list. ?theme=dark or ?theme=light in the address wins; anything else is ignored quietly and the
   visitor's system setting (prefers-color-scheme) decides. The switch writes the choice into the address
   (history.replaceState) so course links carry it to the next page; nothing is stored in the browser.
   Dark = JupyterLab's dark theme variables (theme-dark.css, served by the course server) on top of the
   light ones, and the body attributes JupyterLab's and ipywidgets' styles read. */
(function () {
  "use strict";
  var THEMES = { light: true, dark: true };

  function asked() {
    var value = new URLSearchParams(location.search).get("theme");
    return Object.prototype.hasOwnProperty.call(THEMES, value) ? value : null;
  }

  function systemTheme() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  var current = asked() || systemTheme();

  function lightSheets() {
    return Array.prototype.filter.call(document.querySelectorAll('link[rel="stylesheet"]'), function (link) {
      return /theme-light/.test(link.getAttribute("href") || "");
    });
  }

  function apply() {
    var dark = current === "dark";
    var sheet = document.getElementById("course-theme-dark");
    if (sheet) {
      sheet.media = dark ? "all" : "not all"; // loaded with the page: the switch is immediate
      // after every light sheet, so its values win
      if (dark && sheet !== document.head.lastElementChild) { document.head.appendChild(sheet); }
    }
    lightSheets().forEach(function (link) { if (link.disabled !== dark) { link.disabled = dark; } });
    document.documentElement.dataset.courseTheme = current;
    var body = document.body;
    if (body) {
      body.classList.toggle("theme-dark", dark);
      body.classList.toggle("theme-light", !dark);
      body.dataset.jpThemeLight = dark ? "false" : "true";
      body.dataset.jpThemeName = dark ? "JupyterLab Dark" : "JupyterLab Light";
    }
    var button = document.getElementById("course-theme");
    if (button) {
      button.textContent = dark ? "Light theme" : "Dark theme";
      button.setAttribute("aria-pressed", dark ? "true" : "false");
    }
  }

  function choose(theme) {
    current = theme;
    apply();
    var url = new URL(location.href);
    url.searchParams.set("theme", theme);
    history.replaceState(history.state, "", url.toString());
  }

  window.courseTheme = { current: function () { return current; }, choose: choose };

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("#course-theme") : null;
    if (button) { choose(current === "dark" ? "light" : "dark"); }
  });

  // Voila's front end adds JupyterLab's light theme sheet while the page loads: keep it off in dark.
  // The observer also catches <body> as soon as the parser adds it, so its attributes are right at once.
  var watch = new MutationObserver(function () { apply(); });
  watch.observe(document.documentElement, { childList: true });
  if (document.head) { watch.observe(document.head, { childList: true }); }
  document.addEventListener("DOMContentLoaded", apply);
  apply();
})();
