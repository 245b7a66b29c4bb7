/* Brings the course's stylesheet into JupyterLab (anywidget adds the widget's _css to the page).
   In Voila the course template links the same stylesheet itself. Draws nothing. */
export default {
  render({ el }) {
    el.hidden = true;
    el.setAttribute("aria-hidden", "true");
  },
};
