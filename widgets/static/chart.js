// A small line chart for the course's explorer: SVG, no dependencies, nothing loaded from the network.
// The Python side (widgets/chart.py) sends the series; every change redraws in place, in the same <svg>.
// Every label goes through place(), which moves it until it overlaps no other label: labels never collide.
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

const textWidth = (s, size = FONT) => String(s).length * size * 0.56;

// Label boxes already on the chart; place() finds the nearest free spot (same x, stepping up and down).
function labeller(W, H) {
  const boxes = [];
  const hits = (b) => boxes.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1);
  return function place(x, y, text, anchor = "start", cls = "lab halo", size = FONT) {
    if (!text) return "";
    const w = textWidth(text, size);
    let left = anchor === "end" ? x - w : anchor === "middle" ? x - w / 2 : x;
    left = Math.max(2, Math.min(left, W - w - 2)); // never past the chart's edges
    const steps = [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8];
    for (const k of steps) {
      const ty = y + k * (size + 3);
      const b = { x0: left - 2, x1: left + w + 2, y0: ty - size, y1: ty + 3 };
      if (ty - size < 0 || ty > H) continue;
      if (!hits(b)) {
        boxes.push(b);
        return `<text x="${left.toFixed(1)}" y="${ty.toFixed(1)}" class="${cls}">${esc(text)}</text>`;
      }
    }
    return ""; // no free place: leave it out rather than draw over another label (the text has it)
  };
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
    const H = Math.round(Math.max(240, Math.min(340, W * 0.52)));
    const m = { l: 46, r: 12, t: 30, b: 40 };
    const pw = W - m.l - m.r, ph = H - m.t - m.b;
    const x0 = x.length ? x[0] : 0, x1 = x.length ? x[x.length - 1] : 1;
    const yMax = model.get("y_max") || 1;
    const sx = (v) => m.l + ((v - x0) / ((x1 - x0) || 1)) * pw;
    const sy = (v) => m.t + ph - (Math.min(Math.max(v, 0), yMax) / yMax) * ph;
    const pct = model.get("y_format") === "percent";
    const place = labeller(W, H);
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.setAttribute("aria-label", model.get("description") || "");
    const parts = [], labels = [];
    // axis labels first: they own their places
    labels.push(place(m.l + pw / 2, H - 6, model.get("x_label"), "middle", "lab"),
      place(4, 14, model.get("y_label"), "start", "lab"));
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
    for (const b of model.get("bands") || []) {
      const a = sx(b.x0), z = sx(b.x1);
      parts.push(`<rect x="${a}" y="${m.t}" width="${Math.max(1, z - a)}" height="${ph}" class="band"/>`);
      labels.push(place(Math.min(a + 3, m.l + pw), m.t + FONT + 2, b.label, textWidth(b.label) < z - a - 6 ? "start" : "end"));
    }
    parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}" class="axis"/>`);
    for (const s of series) {
      if (s.style === "range") { // many runs: a shaded area from low to high
        const lo = s.low || [], hi = s.high || [];
        let d = "";
        for (let i = 0; i < hi.length && i < x.length; i++) d += `${i ? "L" : "M"}${sx(x[i]).toFixed(1)} ${sy(hi[i]).toFixed(1)}`;
        for (let i = Math.min(lo.length, x.length) - 1; i >= 0; i--) d += `L${sx(x[i]).toFixed(1)} ${sy(lo[i]).toFixed(1)}`;
        if (d) parts.push(`<path d="${d}Z" fill="${s.color}" class="band-runs" stroke="none"/>`);
        continue;
      }
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
        `stroke-dasharray="${DASH[s.style] || ""}" stroke-linejoin="round" data-series="${esc(s.label)}"/>`);
    }
    for (const h of model.get("hlines") || []) {
      const y = sy(h.y);
      parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y}" y2="${y}" class="half"/>`);
      labels.push(place(m.l + 4, y - 4, h.label, "start"));
    }
    for (const k of model.get("markers") || []) {
      const px = sx(k.x);
      parts.push(`<line x1="${px}" x2="${px}" y1="${m.t}" y2="${m.t + ph}" class="marker"/>`);
      labels.push(place(px > m.l + pw * 0.7 ? px - 4 : px + 4, m.t - 8, k.label, px > m.l + pw * 0.7 ? "end" : "start"));
    }
    for (const b of model.get("brackets") || []) {
      const a = sx(b.x0), z = sx(b.x1), y = sy(b.y);
      parts.push(`<path d="M${a} ${y - 6}V${y}H${z}V${y - 6}" class="bracket"/>`);
      labels.push(place((a + z) / 2, y + FONT + 3, b.label, "middle", "lab halo lab-strong"));
    }
    for (const n of model.get("notes") || []) {
      labels.push(place(sx(n.x), sy(n.y), n.text, n.anchor || "start", "lab halo note", 12));
    }
    svg.innerHTML = parts.join("") + labels.join("");
    legend.innerHTML = series.map((s) => {
      const sw = s.style === "bars" ? `<path d="M16 15V2" stroke="${s.color}" stroke-width="4"/>`
        : s.style === "ticks"
        ? `<path d="M6 14v-8M14 14v-8M22 14v-8" stroke="${s.color}" stroke-width="1.5"/>`
        : s.style === "range"
        ? `<rect x="2" y="3" width="28" height="10" fill="${s.color}" opacity="0.3"/>`
        : `<path d="M2 8H30" stroke="${s.color}" stroke-width="3" stroke-dasharray="${DASH[s.style] || ""}"/>`;
      return `<li><svg width="32" height="16" viewBox="0 0 32 16">${sw}</svg> ${esc(s.label)}</li>`;
    }).join("");
  }

  draw();
  const names = ["x", "series", "markers", "bands", "hlines", "brackets", "notes", "y_max", "y_format",
    "x_label", "y_label", "description"];
  for (const n of names) model.on(`change:${n}`, draw);
  let lastW = el.clientWidth;
  const ro = new ResizeObserver(() => { if (Math.abs(el.clientWidth - lastW) > 20) { lastW = el.clientWidth; draw(); } });
  ro.observe(el);
  return () => { ro.disconnect(); for (const n of names) model.off(`change:${n}`, draw); };
}

export default { render };
