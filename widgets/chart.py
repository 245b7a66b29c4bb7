"""A tiny line chart widget: one anywidget class and one small ES module (``static/chart.js``).

Chosen over bqplot and image-based plots because it is light: the front end is about 110 lines of plain
JavaScript that draws SVG, loads nothing from any host, and updates in place when the Python side sends new
series (see ``benchmarks/chart_choice.py`` for the measurement). Colours come from the Okabe-Ito palette,
which stays distinct for the common kinds of colour blindness; every line also has its own dash style and a
legend entry, so nothing depends on colour alone.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

# Okabe-Ito colours with at least 3:1 contrast on white (WCAG non-text contrast); text stays dark.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#AA4499"   # a darker reddish purple than Okabe-Ito's #CC79A7, for contrast on white
GREY = "#666666"

_STATIC = Path(__file__).resolve().parent / "static"

_CSS = """
.course-chart figure { margin: 0; }
.course-chart svg { display: block; max-width: 100%; height: auto; overflow: visible; }
.course-chart .grid { stroke: var(--jp-border-color2, #e0e0e0); stroke-width: 1; }
.course-chart .axis { stroke: var(--jp-content-font-color2, #666); stroke-width: 1; }
.course-chart .marker { stroke: var(--jp-content-font-color1, #333); stroke-width: 1.5; stroke-dasharray: 3 3; }
.course-chart .band { fill: var(--jp-layout-color3, #e8e8e8); opacity: 0.6; }
.course-chart text { font: 13px/1.2 var(--jp-ui-font-family, system-ui, sans-serif);
  fill: var(--jp-content-font-color0, #1a1a1a); }
.course-chart .halo { paint-order: stroke; stroke: var(--jp-layout-color0, #fff); stroke-width: 4px;
  stroke-linejoin: round; }
.course-chart .tick { fill: var(--jp-content-font-color1, #333); font-size: 12px; }
.course-chart-legend { list-style: none; margin: 0.4rem 0 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: 0.2rem 1.2rem; font-size: 0.95rem; color: var(--jp-content-font-color0, #1a1a1a); }
.course-chart-legend li { display: flex; align-items: center; gap: 0.35rem; }
.course-chart-legend svg { flex: none; }
"""


def _rounded(values, digits: int = 4) -> list[float]:
    # Four digits are far finer than the chart can show and keep the message small.
    return [round(float(v), digits) for v in values]


class LineChart(anywidget.AnyWidget):
    """Lines over a shared x axis, with shaded bands and labelled vertical markers.

    ``series``: list of {"label", "values", "style", "color"}; style is "solid", "dashed", "dotted" or "dashdot"
    for a line, "ticks" for short marks along the bottom (value 0..1 sets the height, below 0: no mark) or
    "bars" for marks drawn to the y axis' scale.
    ``markers``: list of {"x", "label"}. ``bands``: list of {"x0", "x1", "label"}.
    ``description``: the chart's text equivalent (the SVG's aria-label).
    """

    _esm = _STATIC / "chart.js"
    _css = _CSS

    x = traitlets.List(traitlets.Float()).tag(sync=True)
    series = traitlets.List(traitlets.Dict()).tag(sync=True)
    markers = traitlets.List(traitlets.Dict()).tag(sync=True)
    bands = traitlets.List(traitlets.Dict()).tag(sync=True)
    y_max = traitlets.Float(1.0).tag(sync=True)
    y_format = traitlets.Unicode("number").tag(sync=True)
    x_label = traitlets.Unicode("").tag(sync=True)
    y_label = traitlets.Unicode("").tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)

    def show(self, x, series, *, markers=(), bands=(), y_max: float | None = None, description: str = "") -> None:
        """Send new data to the chart in one message (the browser redraws the same SVG in place)."""
        clean = [{**s, "values": _rounded(s["values"])} for s in series]
        top = y_max if y_max is not None else max(
            [1.0] + [max(s["values"], default=0.0) for s in clean if s.get("style") not in ("ticks", "bars")] +
            [max(s["values"], default=0.0) for s in clean if s.get("style") == "bars"])
        with self.hold_sync():
            self.x = _rounded(x, 2)
            self.series = clean
            self.markers = [dict(m) for m in markers]
            self.bands = [dict(b) for b in bands]
            self.y_max = float(top)
            self.description = description
