"""The simulation explorer: controls, a chart that updates in place, and a plain-language summary.

    from widgets import explorer
    explorer("episode")        # module 02: one stressful moment in minutes, or the same moment over five days
    explorer("relationship")   # module 03: a relationship, in illustrative days, then leaving

A thin view over ``widgets.model``: every change recomputes the model, sends the new series to the existing
chart widget, and rewrites the summary under it. The words come from ``widgets.summaries`` (plain functions
of the model's numbers, which the tests call too). Slider ranges come from the model's one range table.

Teaching design (PhET and explorable-explanation practice): the relationship chart overlays the same story
with consistent kindness, marks the last kind day, draws a line at one half and an "N days" bracket, and
shades where most of 100 runs fall, so "Another random run" shows variation, not a contradiction. Before
hope after the last kind day is shown, the learner may guess how long it will last (predict, then reveal).
Module 02 can switch to five days, to see that hormones clear each night while expectation builds.

The sliders are a small anywidget around a native ``<input type="range">`` with a ``<label>``: ipywidgets
8.1's sliders can be moved with the keyboard but have no accessible name. A native range input has a name,
a spoken value (``aria-valuetext``) and keyboard, mouse and touch support in every browser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as w
import traitlets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle

from widgets import course, model, summaries
from widgets.chart import BLUE, GREEN, PURPLE, VERMILLION, LineChart
from widgets.frontend import FrontEndWidget, ShortRepr, source
from widgets.runtime import calm, calm_html, e, log_failure, shared, strict

if TYPE_CHECKING:  # schema types for annotations only: kernels load widgets.course
    from widgets import content as course_content

VIEWS = ("episode", "relationship")
_STATIC = Path(__file__).resolve().parent / "static"
RUNS = 100  # runs behind the shaded band and the "most runs" sentence

NOTE_TITLE = "Illustrative, not a physiological model"
LEAVES_OUT = {
    "episode": (
        "Differences between people: bodies, health, sleep and medicines all change these curves.",
        ("Cortisol's daily rise and fall, and real hormone measurements: levels here are relative units on "
         "real time scales."),
        ("How months of threat that cannot be controlled can change that daily rhythm. That is the body "
         "adapting, and it can settle with safety."),
        "Dopamine as a blood level: the relief signal stands for a brief learning signal in the brain.",
        "Everything that makes real relationships complex. It is a learning sketch, not a prediction.",
    ),
    "relationship": (
        "Real time. The days here are illustrative steps: in people, the pull can last many months.",
        "Differences between people, and everything that happened before this relationship.",
        "Danger and safety: leaving can be a time of raised danger. Planning with an advocate can help.",
        ("The many reasons people stay, such as children, money, housing, fear of what the other person "
         "might do, and love."),
        "Urges that come back after time away or in familiar places, even after hope has faded.",
    ),
}

# --------------------------------------------------------------------------- an accessible slider


def _html(value: str = "", css_class: str = "", **layout) -> w.HTML:
    """An HTML area with the layout and style every such area shares (runtime.shared; issue 17). Its CSS
    class is given at creation: ``add_class`` afterwards costs the kernel a second message per widget."""
    return w.HTML(value, layout=shared(w.Layout, **layout), style=shared(HTMLStyle),
                  _dom_classes=(css_class,) if css_class else ())


def _natural_labels() -> DescriptionStyle:
    """Labels at their natural width, shared by every control that uses them."""
    return shared(DescriptionStyle, description_width="initial")


class LabelledSlider(FrontEndWidget):
    """A native range input with a visible label (its accessible name) and a readout in words."""

    _esm = source(_STATIC / "range.js")
    _css = source(_STATIC / "explorer.css")  # the explorer's layout; every explorer has sliders

    value = traitlets.Float(0.0).tag(sync=True, browser=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.05).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    readout = traitlets.Unicode("").tag(sync=True)
    tooltip = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, description: str, lo: float, hi: float, step: float, value: float,
                 fmt: Callable[[float], str], tooltip: str = "") -> None:
        self._fmt = fmt
        value = float(min(max(value, lo), hi))
        super().__init__(description=description, min=lo, max=hi, step=step, value=value, tooltip=tooltip,
                         readout=fmt(value))  # given at creation: no second message to say it

    @traitlets.validate("value")
    def _clamp(self, proposal):
        # Only the browser's own rounding can land outside; presets outside the range fail `make check`.
        return float(min(max(proposal["value"], self.min), self.max))

    @traitlets.observe("value")
    def _show(self, change) -> None:
        self.readout = self._fmt(change["new"])


def slider(name: str, description: str, step: float, fmt: Callable[[float], str], tooltip: str = "",
           ranges: dict[str, tuple[float, float]] | None = None, default: float | None = None) -> LabelledSlider:
    """A slider whose range is the model's range for ``name`` (one table, no second copy)."""
    ranges = ranges if ranges is not None else {**model.EPISODE_RANGES, **model.RELATIONSHIP_RANGES}
    lo, hi = ranges[name]
    return LabelledSlider(description, lo, hi, step, lo if default is None else default, fmt, tooltip)


def _percent(v: float) -> str:
    return f"{round(v * 100)}%"


def _presets(view: str) -> list[course_content.Preset]:
    return [p for p in course.get().presets.values() if p.view == view]


def _note_html(view: str) -> str:
    items = "".join(f"<li>{e(t)}</li>" for t in LEAVES_OUT[view])
    return (f'<aside class="course-explorer-note" aria-label="About this explorer">'
            f"<p><strong>{NOTE_TITLE}.</strong> It uses learning rules and time scales that research "
            f"supports, in a much simplified form.</p><p>What this leaves out:</p><ul>{items}</ul></aside>")


# --------------------------------------------------------------------------- the explorer


class Explorer(ShortRepr, w.VBox):
    """Shared frame: preset picker, controls, chart, summary, reset, and the honest note."""

    view = ""

    def __init__(self, preset: str | None = None) -> None:
        self.presets = {p.id: p for p in _presets(self.view)}
        if preset is not None and preset not in self.presets:
            known = ", ".join(self.presets) or "none"
            raise KeyError(f"unknown {self.view} preset '{preset}' (known: {known})")
        self.start_preset = preset or next(iter(self.presets), None)
        self._quiet = False
        self._extra: dict = {}  # preset parameters that have no control (kept until the next preset)
        self.chart = LineChart()
        self.key = _html(css_class="course-explorer-key")  # words about the chart, next to it
        self.summary = _html(css_class="course-explorer-summary", width="100%")
        self.preset_picker = w.Dropdown(
            options=[(p.title, p.id) for p in self.presets.values()], value=self.start_preset,
            description="Example", style=_natural_labels(), layout=shared(w.Layout, width="auto"))
        self.preset_note = _html(css_class="course-explorer-preset-note")
        self.reset_button = w.Button(description="Reset", tooltip="Back to the starting example",
                                     layout=shared(w.Layout, width="auto"), style=shared(w.ButtonStyle))
        self.controls: dict[str, w.DOMWidget] = self.build_controls()
        buttons = w.HBox(self.extra_buttons() + [self.reset_button], layout=shared(w.Layout, flex_flow="row wrap"),
                         _dom_classes=("course-explorer-buttons",))
        super().__init__([
            self.preset_picker if self.presets else _html(),
            self.preset_note,
            *self.controls.values(),
            buttons,
            *self.before_chart(),
            self.chart,
            self.key,
            self.summary,
            _html(_note_html(self.view)),
        ], layout=shared(w.Layout), _dom_classes=("course-explorer",))
        for c in self.controls.values():
            c.observe(self._changed, names="value")
        self.preset_picker.observe(lambda ch: self.apply_preset(ch["new"]), names="value")
        self.reset_button.on_click(lambda _: self.reset())
        self.apply_preset(self.start_preset)

    # subclasses fill these in
    def build_controls(self) -> dict[str, w.DOMWidget]:
        raise NotImplementedError

    def extra_buttons(self) -> list[w.Button]:
        return []

    def before_chart(self) -> list[w.DOMWidget]:
        return []

    def set_controls(self, params: dict) -> None:
        raise NotImplementedError

    def draw(self) -> None:
        raise NotImplementedError

    def sync_enabled(self) -> None:
        pass

    def preset_chosen(self) -> None:
        pass

    # shared behaviour
    def apply_preset(self, preset_id: str | None) -> None:
        """Set every control from a preset (unknown parameters are kept as they are), then draw once."""
        preset = self.presets.get(preset_id) if preset_id else None
        self._quiet = True
        try:
            if preset is not None and self.preset_picker.value != preset.id:
                self.preset_picker.value = preset.id
            self.preset_note.value = f"<p>{e(preset.description)}</p>" if preset else ""
            self.set_controls(dict(preset.params) if preset else {})
            self.preset_chosen()
        finally:
            self._quiet = False
        self.update()

    def reset(self) -> None:
        """Back to where the explorer started."""
        self.apply_preset(self.start_preset)

    def _changed(self, _change=None) -> None:
        if not self._quiet:
            self.update()

    def update(self) -> None:
        try:
            quiet, self._quiet = self._quiet, True  # enabling and clamping controls is not a new change
            try:
                self.sync_enabled()
            finally:
                self._quiet = quiet
            self.draw()
        except Exception as exc:  # a learner sees a calm message, the server log gets the reason
            if strict():
                raise
            log_failure(f"{self.view} explorer", exc)
            self.summary.value = calm_html("This chart could not be updated just now. Try another setting, "
                                           "or press Reset.")


# --------------------------------------------------------------------------- module 02


class EpisodeExplorer(Explorer):
    """One stressful moment (or a few), in minutes, or the same moment once a day for five days."""

    view = "episode"
    DAYS = 5

    def build_controls(self):
        self.span = w.RadioButtons(options=[("A few hours", "hours"), (f"{self.DAYS} days", "days")],
                                   value="hours", description="Show", style=_natural_labels(), layout=shared(w.Layout))
        return {
            "span": self.span,
            "threat_intensity": slider("threat_intensity", "How harsh the threat is", 0.05, _percent),
            "stressor_minutes": slider("stressor_minutes", "How long it lasts", 1, lambda v: f"{int(v)} min"),
            "expected_threat": slider("expected_threat", "How bad it was feared to get", 0.05, _percent,
                                      "The threat that was expected, before it eased"),
            "repeats": slider("repeats", "Stressful moments", 1, lambda v: f"{int(v)} moment{'s' * (int(v) != 1)}"),
            "gap_minutes": slider("gap_minutes", "Minutes between them", 5, lambda v: f"{int(v)} min"),
        }

    def set_controls(self, params: dict) -> None:
        defaults = {f.name: f.default for f in fields(model.EpisodeParams)}
        values = {**defaults, **params}
        for name, control in self.controls.items():
            if name != "span":
                control.value = values[name]
        self.span.value = "hours"
        self._extra = {k: v for k, v in params.items() if k not in self.controls}

    def sync_enabled(self) -> None:
        self.controls["gap_minutes"].disabled = self.controls["repeats"].value < 2

    def params(self) -> model.EpisodeParams:
        values = {name: c.value for name, c in self.controls.items() if name != "span"}
        for name in ("stressor_minutes", "repeats", "gap_minutes"):
            values[name] = round(values[name])
        values = {**self._extra, **values}
        onset = values.get("onset_minute", 10)
        needed = onset + values["repeats"] * values["stressor_minutes"] + (values["repeats"] - 1) * values["gap_minutes"]
        # Show at least four hours, and at least two and a half hours after the last moment, up to eight.
        shown = max(values.get("total_minutes", 240), -(-(needed + 150) // 30) * 30)
        values["total_minutes"] = min(shown, model.EPISODE_RANGES["total_minutes"][1])
        return model.episode_params(values)

    def draw(self) -> None:
        if self.span.value == "days":
            self.draw_days()
        else:
            self.draw_hours()

    def draw_hours(self) -> None:
        r = model.simulate_episode(self.params())
        text = summaries.episode_summary(r)
        relief_marks = [-1.0] * len(r.minutes)
        for m in r.eased_minutes:
            relief_marks[m] = r.relief
        p = r.params
        bands = [{"x0": start, "x1": start + p.stressor_minutes, "label": "Threat" if i == 0 else ""}
                 for i, start in enumerate(p.onset_minutes)]
        self.chart.x_label = "Minutes"
        self.chart.y_label = "Level (relative units)"
        self.chart.y_format = "number"
        self.chart.show(
            r.minutes,
            [
                {"label": "Adrenaline (fast alarm)", "values": r.adrenaline, "style": "solid", "color": VERMILLION},
                {"label": "Noradrenaline (fast alarm)", "values": r.noradrenaline, "style": "dotted",
                 "color": PURPLE},
                {"label": "Cortisol (slow)", "values": r.cortisol, "style": "dashed", "color": BLUE},
                {"label": "Relief signal when the threat eases (a brief learning signal)", "values": relief_marks,
                 "style": "bars", "color": GREEN, "width": 4},
            ],
            bands=bands,
            description="Chart of stress hormones over minutes. " + text,
        )
        self.key.value = ""
        self.summary.value = f"<p>{e(text)}</p>"

    def draw_days(self) -> None:
        p = self.params()
        r = model.daily_episodes(p, days=self.DAYS)
        expectation = model.threat_expectation(self.DAYS)
        text = summaries.days_summary(r, expectation)
        step = 5  # minutes per point; each point keeps the highest level in its 5 minutes, so no peak is lost
        starts = range(0, len(r.minutes) - 1, step)
        def pool(v):
            return [max(v[i:i + step]) for i in starts]

        onset = p.onset_minutes[0]
        # the expectation of a threat, learned each day when it comes (held until the next day's threat)
        expect = [0.0 if i < onset else expectation[min((i - onset) // 1440, self.DAYS - 1)] for i in starts]
        self.chart.x_label = "Days"
        self.chart.y_label = "Level (relative units)"
        self.chart.y_format = "number"
        self.chart.show(
            [i / 1440 for i in starts],
            [
                {"label": "Adrenaline (fast alarm)", "values": pool(r.adrenaline), "style": "solid",
                 "color": VERMILLION, "width": 1.5},
                {"label": "Cortisol (slow)", "values": pool(r.cortisol), "style": "dashed", "color": BLUE},
                {"label": "Learned expectation of a threat", "values": expect, "style": "dashdot", "color": PURPLE},
            ],
            notes=[{"x": 0.45, "y": 0.15, "text": "Hormones clear each night"},
                   {"x": self.DAYS - 0.1, "y": expectation[-1] + 0.08, "text": "Expectation builds",
                    "anchor": "end"}],
            y_max=max(1.0, max(r.cortisol) * 1.05),
            description="Chart of stress hormones over five days. " + text,
        )
        self.key.value = ("<p>Each day at the same time, the same threat comes. The hormone lines go back to "
                          "zero before the next day. The line that keeps rising is learned expectation: what the "
                          "brain has come to predict.</p>")
        self.summary.value = f"<p>{e(text)}</p>"


# --------------------------------------------------------------------------- module 03

PATTERN_CHOICES = [
    ("Kindness now and then (intermittent)", "intermittent"),
    ("Consistent care", "consistent"),
    ("Constant control, rare kindness", "control"),
    ("A repeating cycle", "custom"),
]

CYCLE_CHOICES = [
    ("One harsh day, one kind day", "HK"),
    ("Two harsh days, then a kind one", "HHK"),
    ("Three harsh days, then a kind one", "HHHK"),
    ("Six harsh days, then a kind one", "HHHHHHK"),
    ("A harsh day, a calm day, a kind day", "HNK"),
    ("Harsh, calm, calm, kind", "HNNK"),
]

# Predict, then reveal: the learner's guess, as "times as long as after consistent kindness".
GUESSES = [
    ("About as long as after consistent kindness", 1),
    ("About twice as long", 2),
    ("About 3 times as long", 3),
    ("About 5 times as long, or more", 5),
]

KEY_HTML = (
    "<p><strong>Reading the chart.</strong> <em>Expectation</em> (dashed line) is how often kindness is "
    "expected to come. After leaving it falls at the same speed whatever the pattern was. <em>Hope</em> "
    "(solid line) is the belief that kindness has <em>not</em> stopped for good. After rare kindness, a long "
    "gap proves nothing, so hope holds on. The shaded area shows where hope fell in most of 100 runs with "
    "the same settings; the other solid line is the same story with consistent kindness. Days here are "
    "illustrative steps, not real days.</p>"
)


def _cycle_label(cycle: str) -> str:
    names = {"K": "kind", "H": "harsh", "N": "calm"}
    return ", ".join(names[c] for c in cycle)


class RelationshipExplorer(Explorer):
    """A relationship day by day: expectation, surprise and relief, and how long hope lasts."""

    view = "relationship"

    def build_controls(self):
        self.days = 365
        self.seed = 0
        self.revealed = False
        self.other_run = w.Button(description="Another random run",
                                  tooltip="The days are random. See another run with the same settings.",
                                  layout=shared(w.Layout, width="auto"), style=shared(w.ButtonStyle))
        self.other_run.on_click(lambda _: self.next_run())
        # predict, then reveal
        self.question = _html()
        self.guess = w.RadioButtons(options=GUESSES, value=None, layout=shared(w.Layout, width="auto"),
                                    style=shared(DescriptionStyle))
        self.reveal_button = w.Button(description="Show what happens", button_style="primary",
                                      layout=shared(w.Layout, width="auto"), style=shared(w.ButtonStyle))
        self.reveal_button.on_click(lambda _: self.reveal())
        self.feedback = _html(css_class="course-explorer-feedback")
        self.predict_box = w.VBox([self.question, self.guess, self.reveal_button],
                                  _dom_classes=("course-explorer-predict",))
        # A choice of named cycles, not a text box: the course has no place to type anything.
        self.cycle = w.Dropdown(options=CYCLE_CHOICES, value="HHHK", description="Cycle",  # shown and hidden: own layout
                                style=_natural_labels(), layout=w.Layout(width="auto"))
        return {
            "pattern": w.Dropdown(options=PATTERN_CHOICES, value="intermittent", description="Pattern",
                                  style=_natural_labels(), layout=shared(w.Layout, width="auto")),
            "kindness_rate": slider("kindness_rate", "How often kindness comes", 0.05,
                                    lambda v: f"{_percent(v)} of days"),
            "custom_cycle": self.cycle,
            "harshness": slider("harshness", "How harsh the bad days are", 0.05, _percent),
            "leave_day": LabelledSlider("Leaves on day", model.RELATIONSHIP_RANGES["leave_day"][0], self.days - 10,
                                        1, 300, lambda v: f"day {int(v)}"),
            "contact": w.Checkbox(description="One kind contact after leaving", value=False, indent=False,
                                  layout=shared(w.Layout), style=shared(CheckboxStyle)),
            "contact_day": LabelledSlider("Contact, days after leaving", 1, 60, 1, 25,
                                          lambda v: f"{int(v)} days later"),
        }

    def extra_buttons(self):
        return [self.other_run]

    def before_chart(self):
        return [self.predict_box, self.feedback]

    def next_run(self) -> None:
        self.seed = (self.seed + 1) % 2**32
        self.update()

    def preset_chosen(self) -> None:
        self.revealed = False
        self.guess.value = None
        self.feedback.value = ""

    def reveal(self) -> None:
        self.revealed = True
        self.update()

    def set_controls(self, params: dict) -> None:
        p = model.relationship_params(params)  # already checked at load time; this fills in defaults
        c = self.controls
        self.days = p.days
        self.seed = p.seed
        c["pattern"].value = p.pattern
        c["kindness_rate"].value = p.effective_kindness_rate if p.pattern != "custom" else p.kindness_rate
        if p.custom_cycle not in {v for _, v in c["custom_cycle"].options}:  # a preset's own cycle
            c["custom_cycle"].options = [*c["custom_cycle"].options, (_cycle_label(p.custom_cycle), p.custom_cycle)]
        c["custom_cycle"].value = p.custom_cycle
        c["harshness"].value = p.harshness
        c["leave_day"].max = p.days - 10
        c["leave_day"].value = p.leave_day
        c["contact"].value = bool(p.contact_days)
        c["contact_day"].max = p.days - p.leave_day
        c["contact_day"].value = p.contact_days[0] if p.contact_days else min(25, p.days - p.leave_day)
        self._extra = {k: v for k, v in params.items()
                       if k in ("learning_rate", "hazard") or (k == "contact_days" and len(v) > 1)}

    def sync_enabled(self) -> None:
        c = self.controls
        pattern = c["pattern"].value
        if pattern in model.PATTERN_RATES:  # the named patterns fix how often kindness comes
            c["kindness_rate"].value = model.PATTERN_RATES[pattern]
        c["kindness_rate"].disabled = pattern != "intermittent"
        c["custom_cycle"].layout.display = None if pattern == "custom" else "none"
        c["contact_day"].max = max(1, self.days - int(c["leave_day"].value))
        c["contact_day"].value = min(c["contact_day"].value, c["contact_day"].max)
        c["contact_day"].disabled = not c["contact"].value

    def params(self) -> model.RelationshipParams:
        c = self.controls
        values = {
            "pattern": c["pattern"].value,
            "kindness_rate": round(c["kindness_rate"].value, 4),
            "harshness": round(c["harshness"].value, 4),
            "days": self.days,
            "leave_day": round(c["leave_day"].value),
            "contact_days": (round(c["contact_day"].value),) if c["contact"].value else (),
            "seed": self.seed,
            "custom_cycle": c["custom_cycle"].value,
            **{k: v for k, v in self._extra.items() if k != "contact_days"},
        }
        if "contact_days" in self._extra and c["contact"].value:
            values["contact_days"] = tuple(self._extra["contact_days"])
        return model.relationship_params(values)

    def draw(self) -> None:
        p = self.params()
        r = model.simulate_relationship(p)
        consistent = model.simulate_relationship(model.comparison_params(p))
        without = model.simulate_relationship(replace(p, contact_days=())) if p.contact_days else None
        span, other = model.hope_span(r), model.hope_span(consistent)
        compare = p.pattern != "consistent"
        predicting = compare and not self.revealed and span.start > 0
        self.predict_box.layout.display = None if predicting else "none"
        rate = sum(k == "kind" for k in r.day_kind[:p.leave_day]) / p.leave_day
        self.question.value = (f"<p><strong>Guess first.</strong> In this story kindness came on about "
                               f"{summaries.percent(rate)} of days. After the last kind day, how long will hope stay "
                               f"above half, compared with consistent kindness?</p>")
        # Show the part of the story that matters: the last weeks together, and the time apart.
        first = max(1, min(p.leave_day - 60, (span.start or 1) - 10))
        cut = slice(first - 1, p.days)
        x = r.days[cut]
        hope = r.hope[cut] if not predicting else r.hope[first - 1:span.start]
        kind_marks = [rel if k == "kind" else (1.0 if k == "contact" else -1.0)
                      for k, rel in zip(r.day_kind, r.relief)][cut]
        series = []
        stats = other_stats = None
        if not predicting:
            low, _, high = model.hope_band(p, RUNS)
            series.append({"label": f"Hope in most of {RUNS} runs (10th to 90th percentile)", "style": "range",
                           "low": low[cut], "high": high[cut], "color": BLUE})
            if p.pattern != "custom":
                stats = model.hope_stats(p, RUNS)
                other_stats = model.hope_stats(model.comparison_params(p), RUNS) if compare else None
        series.append({"label": "Hope that kindness will come back (this run)", "values": hope,
                       "style": "solid", "color": BLUE})
        if compare:
            series.append({"label": "Hope after consistent kindness (same story)", "values": consistent.hope[cut],
                           "style": "dotted", "color": PURPLE})
        series += [
            {"label": "Expectation of kindness", "values": r.expectation[cut], "style": "dashed",
             "color": VERMILLION},
            {"label": "Kind days (taller: more relief after harm)", "values": kind_marks, "style": "ticks",
             "color": GREEN},
        ]
        markers = ([{"x": span.start, "label": "Last kind day"}] if span.start >= first else [])
        markers += [{"x": p.leave_day + d, "label": "Kind contact"} for d in p.contact_days]
        brackets = []
        if not predicting and span.ended and span.days:
            brackets.append({"x0": span.start, "x1": span.end, "y": 0.5, "label": summaries.days(span.days)})
        if compare and not predicting and other.ended and other.days and other.start >= first:
            brackets.append({"x0": other.start, "x1": other.end, "y": 0.2,
                             "label": f"{summaries.days(other.days)} (consistent)"})
        after = min(p.days, p.leave_day + 3)
        notes = [{"x": after, "y": r.expectation[after - 1] - 0.1, "text": "Expectation: how often"}]
        if not predicting:
            notes.append({"x": after, "y": min(0.97, r.hope[after - 1] + 0.06), "text": "Hope: has it stopped?"})
        else:
            notes.append({"x": span.start + 2, "y": 0.8, "text": "What will hope do now? Guess first."})
        if predicting:
            told = [summaries.kindness_sentence(r), summaries.surprise_sentence(r), summaries.relief_sentence(r)]
            text = " ".join(s for s in told if s) + (f" The last kind day was day {span.start}. The hope line "
                                                     "stops there until you make a guess and press Show what happens.")
        else:
            text = summaries.relationship_summary(r, consistent if compare else None, without)
            if stats is not None:
                text += " " + summaries.band_sentence(stats, other_stats)
        self.chart.x_label = "Day (illustrative steps, not real days)"
        self.chart.y_label = "Belief"
        self.chart.y_format = "percent"
        self.chart.show(
            x, series, markers=markers, brackets=brackets, notes=notes,
            hlines=[{"y": model.HALF, "label": "Half"}],
            bands=[{"x0": p.leave_day + 0.5, "x1": p.days, "label": "Apart, no contact"}],
            y_max=1.0,
            description="Chart of hope and expectation of kindness by day. " + text,
        )
        self.key.value = KEY_HTML
        self.summary.value = f"<p>{e(text)}</p>"
        if self.revealed and compare and span.start:
            self.feedback.value = f'<p role="status">{e(self.feedback_text(span, other, stats, other_stats))}</p>'

    def feedback_text(self, span: model.HopeSpan, other: model.HopeSpan, stats, other_stats) -> str:
        guess = self.guess.value
        said = next((label for label, v in GUESSES if v == guess), None)
        lead = f"You guessed: {said[0].lower() + said[1:]}. " if said else "You chose not to guess, which is fine. "
        if not (span.ended and other.ended and other.days):
            return lead + "In this run hope was still above half at the end of the chart."
        text = (lead + f"In this run, hope lasted {summaries.days(span.days)} after the last kind day; after "
                f"consistent kindness, {summaries.days(other.days)}. That is {summaries.times(span.days, other.days)}.")
        if stats is not None and other_stats is not None and other_stats.median:
            text += (f" Across {stats.runs} runs the middle value is {summaries.days(round(stats.median))} against "
                     f"{summaries.days(round(other_stats.median))}.")
        return text + " In people the same pull can last months."


@calm
def explorer(view: str = "relationship", preset: str | None = None) -> Explorer:
    """The simulation explorer for ``view`` ("episode" or "relationship"), starting from a named preset."""
    if view not in VIEWS:
        raise ValueError(f"view must be episode or relationship (got {view!r})")
    return (EpisodeExplorer if view == "episode" else RelationshipExplorer)(preset)
