"""A tiny line chart widget: one anywidget class and one small ES module (``static/chart.js``).

Chosen over bqplot and image-based plots because it is light: the front end is about 110 lines of plain
JavaScript that draws SVG, loads nothing from any host, and updates in place when the Python side sends new
series (see ``benchmarks/chart_choice.py`` for the measurement). Colours come from the Okabe-Ito palette,
which stays distinct for the common kinds of colour blindness; every line also has its own dash style and a
legend entry, so nothing depends on colour alone.
"""

from __future__ import annotations

from pathlib import Path

import traitlets

from widgets.frontend import FrontEndWidget, source

# Okabe-Ito colours with at least 3:1 contrast on white (WCAG non-text contrast); text stays dark.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#AA4499"   # a darker reddish purple than Okabe-Ito's #CC79A7, for contrast on white

_STATIC = Path(__file__).resolve().parent / "static"



def _rounded(values, digits: int = 4) -> list[float]:
    # Four digits are far finer than the chart can show and keep the message small.
    return [round(float(v), digits) for v in values]


class LineChart(FrontEndWidget):
    """Lines over a shared x axis, with shaded bands, labelled markers, reference lines and brackets.

    ``series``: list of {"label", "values", "style", "color"}; style is "solid", "dashed", "dotted" or "dashdot"
    for a line, "ticks" for short marks along the bottom (value 0..1 sets the height, below 0: no mark),
    "bars" for marks drawn to the y axis' scale, or "range" for a shaded area between "low" and "high"
    (many runs at once). A line may be shorter than ``x`` (the rest is not drawn yet).
    ``markers``: list of {"x", "label"} (vertical lines). ``bands``: list of {"x0", "x1", "label"}.
    ``hlines``: list of {"y", "label"} (e.g. a line at one half). ``brackets``: list of {"x0", "x1", "y",
    "label"} (e.g. "15 days"). ``notes``: list of {"x", "y", "text"}: words on the chart itself.
    Labels are placed so that none overlaps another.
    ``description``: the chart's text equivalent (the SVG's aria-label).
    """

    _esm = source(_STATIC / "chart.js")
    _css = source(_STATIC / "chart.css")

    x = traitlets.List(traitlets.Float()).tag(sync=True)
    series = traitlets.List(traitlets.Dict()).tag(sync=True)
    markers = traitlets.List(traitlets.Dict()).tag(sync=True)
    bands = traitlets.List(traitlets.Dict()).tag(sync=True)
    hlines = traitlets.List(traitlets.Dict()).tag(sync=True)
    brackets = traitlets.List(traitlets.Dict()).tag(sync=True)
    notes = traitlets.List(traitlets.Dict()).tag(sync=True)
    y_max = traitlets.Float(1.0).tag(sync=True)
    y_format = traitlets.Unicode("number").tag(sync=True)
    x_label = traitlets.Unicode("").tag(sync=True)
    y_label = traitlets.Unicode("").tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)

    def show(self, x, series, *, markers=(), bands=(), hlines=(), brackets=(), notes=(),
             y_max: float | None = None, description: str = "") -> None:
        """Send new data to the chart in one message (the browser redraws the same SVG in place)."""
        clean = [{**s, **{k: _rounded(s[k]) for k in ("values", "low", "high") if k in s}}
                 for s in ({"values": [], **s} for s in series)]
        top = y_max if y_max is not None else max(
            [1.0] + [max(s["values"], default=0.0) for s in clean if s.get("style") not in ("ticks", "bars")] +
            [max(s["values"], default=0.0) for s in clean if s.get("style") == "bars"])
        with self.hold_sync():
            self.x = _rounded(x, 2)
            self.series = clean
            self.markers = [dict(m) for m in markers]
            self.bands = [dict(b) for b in bands]
            self.hlines = [dict(h) for h in hlines]
            self.brackets = [dict(b) for b in brackets]
            self.notes = [dict(n) for n in notes]
            self.y_max = float(top)
            self.description = description
