// A small line chart for the course's explorer: SVG, no dependencies, nothing loaded from the network.
// The Python side (widgets/chart.py) sends the series; every change redraws in place, in the same <svg>.
const NS = "http://www.w3.org/2000/svg";
const DASH = { solid: "", dashed: "7 4", dotted: "2 3", dashdot: "8 3 2 3" };
const FONT = 13;

function esc(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

function niceStep(span, target) {
  const raw = span / Math.max(1, target);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

function render({ model, el }) {
  el.classList.add("course-chart");
  const figure = document.createElement("figure");
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("role", "img");
  svg.setAttribute("width", "100%");
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  const legend = document.createElement("ul");
  legend.className = "course-chart-legend";
  legend.setAttribute("aria-hidden", "true"); // the aria-label and the summary below carry the same facts
  figure.append(svg, legend);
  el.append(figure);

  function draw() {
    const x = model.get("x") || [];
    const series = model.get("series") || [];
    const W = Math.max(300, Math.min(760, Math.round(el.clientWidth || 640)));
    const H = Math.round(Math.max(220, Math.min(320, W * 0.5)));
    const m = { l: 46, r: 12, t: 26, b: 40 };
    const pw = W - m.l - m.r, ph = H - m.t - m.b;
    const x0 = x.length ? x[0] : 0, x1 = x.length ? x[x.length - 1] : 1;
    const yMax = model.get("y_max") || 1;
    const sx = (v) => m.l + ((v - x0) / ((x1 - x0) || 1)) * pw;
    const sy = (v) => m.t + ph - (Math.min(Math.max(v, 0), yMax) / yMax) * ph;
    const pct = model.get("y_format") === "percent";
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.setAttribute("aria-label", model.get("description") || "");
    const parts = [];
    for (const b of model.get("bands") || []) {
      const a = sx(b.x0), z = sx(b.x1);
      // label inside the band if it fits, else ending at the band's right edge (never past the plot)
      const fits = a + 3 + String(b.label).length * FONT * 0.55 < m.l + pw;
      parts.push(`<rect x="${a}" y="${m.t}" width="${Math.max(1, z - a)}" height="${ph}" class="band"/>`,
        `<text x="${fits ? a + 3 : Math.min(z, m.l + pw) - 3}" y="${m.t + (fits ? FONT : ph / 2)}" ` +
        `text-anchor="${fits ? "start" : "end"}" class="lab halo">${esc(b.label)}</text>`);
    }
    const ys = niceStep(yMax, 4);
    for (let v = 0; v <= yMax + 1e-9; v += ys) {
      const y = sy(v).toFixed(1);
      const t = pct ? `${Math.round(v * 100)}%` : +v.toFixed(2);
      parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y}" y2="${y}" class="grid"/>`,
        `<text x="${m.l - 6}" y="${+y + 4}" text-anchor="end" class="tick">${t}</text>`);
    }
    const xs = niceStep(x1 - x0, Math.max(4, Math.floor(pw / 70)));
    for (let v = Math.ceil(x0 / xs) * xs; v <= x1 + 1e-9; v += xs) {
      parts.push(`<text x="${sx(v).toFixed(1)}" y="${m.t + ph + 16}" text-anchor="middle" class="tick">${+v.toFixed(2)}</text>`);
    }
    parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}" class="axis"/>`,
      `<text x="${m.l + pw / 2}" y="${H - 6}" text-anchor="middle" class="lab">${esc(model.get("x_label"))}</text>`,
      `<text x="${m.l - 40}" y="${m.t - 10}" class="lab">${esc(model.get("y_label"))}</text>`);
    for (const s of series) {
      const v = s.values || [];
      if (s.style === "ticks" || s.style === "bars") { // one mark per event; taller for a larger value
        // ticks: short marks along the bottom (0..1 -> 6..46 px); bars: drawn to the y axis' scale
        const h = (on) => (s.style === "bars" ? m.t + ph - sy(on) : 6 + 40 * Math.min(on, 1));
        let d = "";
        v.forEach((on, i) => { if (on >= 0) d += `M${sx(x[i]).toFixed(1)} ${m.t + ph}v${-h(on).toFixed(1)}`; });
        parts.push(`<path d="${d}" stroke="${s.color}" stroke-width="${s.width || 1.5}" fill="none"/>`);
        continue;
      }
      let d = "";
      for (let i = 0; i < v.length && i < x.length; i++) d += `${i ? "L" : "M"}${sx(x[i]).toFixed(1)} ${sy(v[i]).toFixed(1)}`;
      parts.push(`<path d="${d}" stroke="${s.color}" stroke-width="${s.width || 2.5}" fill="none" ` +
        `stroke-dasharray="${DASH[s.style] || ""}" stroke-linejoin="round"/>`);
    }
    let lastLabelEnd = -1e9, row = 0;
    for (const k of model.get("markers") || []) {
      const px = sx(k.x);
      row = px - lastLabelEnd < 8 ? row + 1 : 0; // stack labels that would overlap
      const anchor = px > m.l + pw * 0.7 ? "end" : "start";
      const tx = anchor === "end" ? px - 4 : px + 4;
      parts.push(`<line x1="${px}" x2="${px}" y1="${m.t}" y2="${m.t + ph}" class="marker"/>`,
        `<text x="${tx}" y="${m.t - 8 + (row ? row * (FONT + 2) + FONT + 4 : 0)}" text-anchor="${anchor}" class="lab halo">${esc(k.label)}</text>`);
      lastLabelEnd = anchor === "end" ? px : px + k.label.length * FONT * 0.55;
    }
    svg.innerHTML = parts.join("");
    legend.innerHTML = series.map((s) => {
      const sw = s.style === "bars" ? `<path d="M16 15V2" stroke="${s.color}" stroke-width="4"/>`
        : s.style === "ticks"
        ? `<path d="M6 14v-8M14 14v-8M22 14v-8" stroke="${s.color}" stroke-width="1.5"/>`
        : `<path d="M2 8H30" stroke="${s.color}" stroke-width="3" stroke-dasharray="${DASH[s.style] || ""}"/>`;
      return `<li><svg width="32" height="16" viewBox="0 0 32 16">${sw}</svg> ${esc(s.label)}</li>`;
    }).join("");
  }

  draw();
  const names = ["x", "series", "markers", "bands", "y_max", "y_format", "x_label", "y_label", "description"];
  for (const n of names) model.on(`change:${n}`, draw);
  let lastW = el.clientWidth;
  const ro = new ResizeObserver(() => { if (Math.abs(el.clientWidth - lastW) > 20) { lastW = el.clientWidth; draw(); } });
  ro.observe(el);
  return () => { ro.disconnect(); for (const n of names) model.off(`change:${n}`, draw); };
}

export default { render };
