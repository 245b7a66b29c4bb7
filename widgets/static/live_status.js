// An announced feedback area (widgets.quizzes.LiveStatus): role="status", polite.
function render({ model, el }) {
  // One element that stays in the page: screen readers announce changes to a live region reliably only
  // when the region itself was already there before its content changed.
  const region = document.createElement("div");
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  region.className = "course-live";
  el.append(region);
  const draw = () => { region.innerHTML = model.get("html"); };
  draw();
  model.on("change:html", draw);
  return () => model.off("change:html", draw);
}
export default { render };
