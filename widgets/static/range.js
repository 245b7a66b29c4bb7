// An accessible slider for the explorer: a native <input type=range> with a <label> and a spoken value.
let count = 0;
function render({ model, el }) {
  // anywidget may load this module once per slider, so the counter alone is not unique on the page
  const id = `course-range-${Math.random().toString(36).slice(2, 10)}-${count++}`;
  const row = document.createElement("div");
  row.className = "course-range";
  const label = document.createElement("label");
  label.htmlFor = id;
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  const out = document.createElement("output");
  out.setAttribute("for", id);
  out.setAttribute("aria-hidden", "true"); // the input's aria-valuetext already speaks the value
  row.append(label, input, out);
  el.append(row);
  let dragging = null;
  function sync() {
    label.textContent = model.get("description");
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    if (dragging === null) input.value = model.get("value");
    input.disabled = model.get("disabled");
    row.classList.toggle("is-disabled", input.disabled);
    out.textContent = model.get("readout");
    input.setAttribute("aria-valuetext", model.get("readout"));
    if (model.get("tooltip")) input.title = model.get("tooltip");
  }
  // Send at most one value per animation frame while dragging, so the kernel is never flooded.
  input.addEventListener("input", () => {
    if (dragging !== null) return;
    dragging = requestAnimationFrame(() => {
      dragging = null;
      model.set("value", Number(input.value));
      model.save_changes();
    });
  });
  model.on("change", sync);
  sync();
  return () => model.off("change", sync);
}
export default { render };
