"""The simulation explorer: controls, a chart that updates in place, and a plain-language summary.

    from widgets import explorer
    explorer("episode")        # module 02: one stressful moment, in minutes
    explorer("relationship")   # module 03: a relationship, in days, then leaving

A thin view over ``widgets.model``: every change recomputes the model (well under a millisecond), sends the
new series to the existing chart widget, and rewrites the summary under it. The words come from the model's
plain functions (``episode_summary``, ``relationship_summary``), which the tests call too.

The sliders are a small anywidget around a native ``<input type="range">`` with a ``<label>``: ipywidgets
8.1's sliders can be moved with the keyboard but have no accessible name, so a screen reader would hear only
"slider, 30". A native range input has a name, a spoken value (``aria-valuetext``) and keyboard, mouse and
touch support in every browser.
"""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Callable
from dataclasses import fields
from typing import TYPE_CHECKING

import anywidget
import ipywidgets as w
import traitlets

from widgets import course, model
from widgets.chart import BLUE, GREEN, PURPLE, VERMILLION, LineChart
from widgets.runtime import calm

if TYPE_CHECKING:  # schema types for annotations only: kernels load widgets.course
    from widgets import content as course_content

VIEWS = ("episode", "relationship")

NOTE_TITLE = "Illustrative, not a physiological model"
LEAVES_OUT = {
    "episode": (
        "Differences between people: bodies, health, sleep and medicines all change these curves.",
        ("Cortisol's daily rise and fall, and real hormone measurements: levels here are relative units on "
         "real time scales."),
        "Dopamine as a blood level: the relief signal stands for a brief learning signal in the brain.",
        "Everything that makes real relationships complex. It is a learning sketch, not a prediction.",
    ),
    "relationship": (
        "Differences between people, and everything that happened before this relationship.",
        "Danger and safety: leaving can be a time of raised danger. Planning with an advocate can help.",
        ("The many reasons people stay, such as children, money, housing, fear of what the other person "
         "might do, and love."),
        "Urges that come back after time away or in familiar places, even after hope has faded.",
        "It is a learning sketch with made-up days, not a prediction of anyone's life.",
    ),
}

_STYLE = """
<style>
.course-explorer { max-width: 46rem; gap: 0.35rem; }
.course-explorer .course-range { display: flex; flex-wrap: wrap; align-items: center; gap: 0.2rem 0.75rem;
  margin: 0.15rem 0; }
.course-explorer .course-range label { flex: 0 0 15rem; max-width: 100%; }
.course-explorer .course-range input[type=range] { flex: 1 1 9rem; min-width: 8rem; min-height: 28px;
  accent-color: #0072B2; }
.course-explorer .course-range output { flex: 0 0 7.5rem; font-variant-numeric: tabular-nums; }
.course-explorer .course-range input:disabled + output, .course-explorer .course-range.is-disabled label {
  opacity: 0.7; }
.course-explorer-summary { font-size: 1.05rem; line-height: 1.55; margin: 0.3rem 0 0.6rem; }
.course-explorer-note { border-left: 4px solid var(--course-accent, #1f5f8b); padding: 0.3rem 0.9rem;
  background: var(--jp-layout-color2, #f3f3f3); margin-top: 0.6rem; }
.course-explorer-note ul { margin: 0.2rem 0 0.4rem; padding-left: 1.3rem; }
.course-explorer-preset-note { margin: 0 0 0.4rem; }
.course-explorer .widget-button { min-height: 36px; }
.course-explorer-buttons { gap: 0.5rem; }
@media (max-width: 480px) { .course-explorer .course-range label { flex-basis: 100%; } }
</style>
"""

# --------------------------------------------------------------------------- an accessible slider

_RANGE_ESM = r"""
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
"""


class LabelledSlider(anywidget.AnyWidget):
    """A native range input with a visible label (its accessible name) and a readout in words."""

    _esm = _RANGE_ESM

    value = traitlets.Float(0.0).tag(sync=True)
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
        super().__init__(description=description, min=lo, max=hi, step=step, value=value, tooltip=tooltip)
        self.readout = fmt(self.value)

    @traitlets.validate("value")
    def _clamp(self, proposal):
        return float(min(max(proposal["value"], self.min), self.max))

    @traitlets.observe("value")
    def _show(self, change) -> None:
        self.readout = self._fmt(change["new"])


def _percent(v: float) -> str:
    return f"{round(v * 100)}%"


def _presets(view: str) -> list[course_content.Preset]:
    return [p for p in course.get().presets.values() if p.view == view]


def _note_html(view: str) -> str:
    items = "".join(f"<li>{html.escape(t)}</li>" for t in LEAVES_OUT[view])
    return (f'<aside class="course-explorer-note" aria-label="About this explorer">'
            f"<p><strong>{NOTE_TITLE}.</strong> It uses real time scales and learning rules that research "
            f"supports, in a much simplified form.</p><p>What this leaves out:</p><ul>{items}</ul></aside>")


# --------------------------------------------------------------------------- the explorer


class Explorer(w.VBox):
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
        self.summary = w.HTML(layout=w.Layout(width="100%"))
        self.summary.add_class("course-explorer-summary")
        self.preset_picker = w.Dropdown(
            options=[(p.title, p.id) for p in self.presets.values()], value=self.start_preset,
            description="Example", style={"description_width": "initial"}, layout=w.Layout(width="auto"))
        self.preset_note = w.HTML()
        self.preset_note.add_class("course-explorer-preset-note")
        self.reset_button = w.Button(description="Reset", icon="undo", tooltip="Back to the starting example",
                                     layout=w.Layout(width="auto"))
        self.controls: dict[str, w.DOMWidget] = self.build_controls()
        buttons = w.HBox(self.extra_buttons() + [self.reset_button], layout=w.Layout(flex_flow="row wrap"))
        buttons.add_class("course-explorer-buttons")
        super().__init__([
            w.HTML(_STYLE),
            self.preset_picker if self.presets else w.HTML(),
            self.preset_note,
            *self.controls.values(),
            buttons,
            self.chart,
            self.summary,
            w.HTML(_note_html(self.view)),
        ])
        self.add_class("course-explorer")
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

    def set_controls(self, params: dict) -> None:
        raise NotImplementedError

    def draw(self) -> None:
        raise NotImplementedError

    # shared behaviour
    def apply_preset(self, preset_id: str | None) -> None:
        """Set every control from a preset (unknown parameters are kept as they are), then draw once."""
        preset = self.presets.get(preset_id) if preset_id else None
        self._quiet = True
        try:
            if preset is not None and self.preset_picker.value != preset.id:
                self.preset_picker.value = preset.id
            self.preset_note.value = f"<p>{html.escape(preset.description)}</p>" if preset else ""
            self.set_controls(dict(preset.params) if preset else {})
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
        except ValueError as exc:  # a setting the model cannot show (e.g. a cycle with other letters)
            if os.environ.get("COURSE_STRICT") == "1" and not getattr(exc, "learner_message", False):
                raise
            self.summary.value = f'<p role="status">{html.escape(self.gentle(exc))}</p>'
        except Exception as exc:
            if os.environ.get("COURSE_STRICT") == "1":
                raise
            print(f"course: explorer update failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            self.summary.value = ('<p role="status">This chart could not be updated just now. '
                                  'Try another setting, or press Reset.</p>')

    def sync_enabled(self) -> None:
        pass

    def gentle(self, exc: ValueError) -> str:
        return "This combination cannot be shown. Try another setting, or press Reset."


class EpisodeExplorer(Explorer):
    """One stressful moment (or a few), in minutes: alarm hormones, cortisol, and the relief signal."""

    view = "episode"

    def build_controls(self):
        lo_i, hi_i = model.EPISODE_RANGES["threat_intensity"]
        return {
            "threat_intensity": LabelledSlider("How harsh the threat is", lo_i, hi_i, 0.05, 0.8, _percent),
            "stressor_minutes": LabelledSlider("How long it lasts", 1, 60, 1, 15, lambda v: f"{int(v)} min"),
            "expected_threat": LabelledSlider("How bad it was feared to get", 0, 1, 0.05, 0.9, _percent,
                                              "The threat that was expected, before it eased"),
            "repeats": LabelledSlider("Stressful moments", 1, 3, 1, 1,
                                      lambda v: f"{int(v)} moment{'s' * (int(v) != 1)}"),
            "gap_minutes": LabelledSlider("Minutes between them", 10, 90, 5, 45, lambda v: f"{int(v)} min"),
        }

    def set_controls(self, params: dict) -> None:
        defaults = {f.name: f.default for f in fields(model.EpisodeParams)}
        values = {**defaults, **params}
        for name, control in self.controls.items():
            control.value = values[name]
        self._extra = {k: v for k, v in params.items() if k not in self.controls}

    def sync_enabled(self) -> None:
        self.controls["gap_minutes"].disabled = self.controls["repeats"].value < 2

    def params(self) -> model.EpisodeParams:
        values = {name: c.value for name, c in self.controls.items()}
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
        r = model.simulate_episode(self.params())
        text = model.episode_summary(r)
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
        self.summary.value = f"<p>{html.escape(text)}</p>"


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


def _cycle_label(cycle: str) -> str:
    names = {"K": "kind", "H": "harsh", "N": "calm"}
    return ", ".join(names[c] for c in cycle)


class RelationshipExplorer(Explorer):
    """A relationship day by day: expectation, surprise and relief, and hope after leaving."""

    view = "relationship"

    def build_controls(self):
        self.days = 365
        self.seed = 0
        self.other_run = w.Button(description="Another random run", icon="refresh",
                                  tooltip="The days are random. See another run with the same settings.",
                                  layout=w.Layout(width="auto"))
        self.other_run.on_click(lambda _: self.next_run())
        # A choice of named cycles, not a text box: the course has no place to type anything.
        self.cycle = w.Dropdown(options=CYCLE_CHOICES, value="HHHK", description="Cycle",
                                style={"description_width": "initial"}, layout=w.Layout(width="auto"))
        return {
            "pattern": w.Dropdown(options=PATTERN_CHOICES, value="intermittent", description="Pattern",
                                  style={"description_width": "initial"}, layout=w.Layout(width="auto")),
            "kindness_rate": LabelledSlider("How often kindness comes", 0.05, 0.95, 0.05, 0.3,
                                            lambda v: f"{_percent(v)} of days"),
            "custom_cycle": self.cycle,
            "harshness": LabelledSlider("How harsh the bad days are", 0, 1, 0.05, 0.7, _percent),
            "leave_day": LabelledSlider("Leaves on day", 20, self.days - 10, 1, 300, lambda v: f"day {int(v)}"),
            "contact": w.Checkbox(description="One kind contact after leaving", value=False, indent=False),
            "contact_day": LabelledSlider("Contact, days after leaving", 1, 60, 1, 25,
                                          lambda v: f"{int(v)} days later"),
        }

    def extra_buttons(self):
        return [self.other_run]

    def next_run(self) -> None:
        self.seed = (self.seed + 1) % 2**32
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
        cycle = c["custom_cycle"].value
        values = {
            "pattern": c["pattern"].value,
            "kindness_rate": round(c["kindness_rate"].value, 4),
            "harshness": round(c["harshness"].value, 4),
            "days": self.days,
            "leave_day": round(c["leave_day"].value),
            "contact_days": (round(c["contact_day"].value),) if c["contact"].value else (),
            "seed": self.seed,
            "custom_cycle": cycle,
            **{k: v for k, v in self._extra.items() if k != "contact_days"},
        }
        if "contact_days" in self._extra and c["contact"].value:
            values["contact_days"] = tuple(self._extra["contact_days"])
        return model.relationship_params(values)

    def draw(self) -> None:
        p = self.params()
        r = model.simulate_relationship(p)
        text = model.relationship_summary(r, model.simulate_relationship(model.comparison_params(p)))
        kind_marks = [rel if k == "kind" else (1.0 if k == "contact" else -1.0)
                      for k, rel in zip(r.day_kind, r.relief)]
        markers = [{"x": p.leave_day + d, "label": "Kind contact"} for d in p.contact_days]
        self.chart.x_label = "Day"
        self.chart.y_label = "Belief"
        self.chart.y_format = "percent"
        self.chart.show(
            r.days,
            [
                {"label": "Hope that kindness will come back", "values": r.hope, "style": "solid", "color": BLUE},
                {"label": "Expectation of kindness", "values": r.expectation, "style": "dashed",
                 "color": VERMILLION},
                {"label": "Kind days (taller: more relief after harm)", "values": kind_marks, "style": "ticks",
                 "color": GREEN},
            ],
            markers=markers,
            bands=[{"x0": p.leave_day + 0.5, "x1": p.days, "label": "Apart, no contact"}],
            y_max=1.0,
            description="Chart of hope and expectation of kindness by day. " + text,
        )
        self.summary.value = f"<p>{html.escape(text)}</p>"


@calm
def explorer(view: str = "relationship", preset: str | None = None) -> Explorer:
    """The simulation explorer for ``view`` ("episode" or "relationship"), starting from a named preset."""
    if view not in VIEWS:
        raise ValueError(f"view must be episode or relationship (got {view!r})")
    return (EpisodeExplorer if view == "episode" else RelationshipExplorer)(preset)
