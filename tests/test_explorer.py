"""The explorer driven through its Python API, as a learner's clicks would drive it (no browser needed)."""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as w
import pytest
import traitlets

from widgets import chart as chart_module
from widgets import content, explorer, model, summaries
from widgets.explorers import NOTE_TITLE, EpisodeExplorer, Explorer, LabelledSlider, RelationshipExplorer

STATIC = Path(chart_module.__file__).parent / "static"


def text_of(widget: w.HTML) -> str:
    return re.sub(r"<[^>]+>", " ", widget.value)


def hope_series(e: Explorer) -> list[float]:
    return next(s["values"] for s in e.chart.series if s["label"].startswith("Hope that kindness"))


def series(e: Explorer, start: str) -> dict:
    return next(s for s in e.chart.series if s["label"].startswith(start))


def revealed(*args) -> RelationshipExplorer:
    e = explorer("relationship", *args)
    e.reveal_button.click()
    return e


def note_text(e: Explorer) -> str:
    return " ".join(text_of(c) for c in e.children if isinstance(c, w.HTML))


# --------------------------------------------------------------------------- building


def test_relationship_explorer_is_a_displayable_widget_with_chart_summary_and_note():
    e = revealed()
    assert isinstance(e, RelationshipExplorer) and isinstance(e, w.DOMWidget)
    assert e.chart in e.children and e.summary in e.children
    assert any(isinstance(c, w.HBox) and e.reset_button in c.children for c in e.children)
    p = e.params()
    assert e.chart.x[-1] == 365 and len(hope_series(e)) == len(e.chart.x)
    assert e.chart.x[0] <= p.leave_day - 60  # the last weeks together are shown, and all the time apart
    assert "Hope stayed above half for" in text_of(e.summary)
    note = note_text(e)
    assert f"{NOTE_TITLE}." in note and "What this leaves out" in note
    for reason in ("children", "money", "housing", "love"):
        assert reason in note


def test_episode_explorer_builds_with_its_own_note():
    e = explorer("episode")
    assert isinstance(e, EpisodeExplorer)
    labels = [s["label"] for s in e.chart.series]
    assert any("Adrenaline" in x for x in labels) and any("Cortisol" in x for x in labels)
    assert "Cortisol is highest" in text_of(e.summary)
    assert NOTE_TITLE in note_text(e) and "What this leaves out" in note_text(e)


def test_the_default_view_is_the_relationship():
    assert isinstance(explorer(), RelationshipExplorer)


@pytest.mark.parametrize("preset", sorted(content.get().presets))
def test_every_preset_in_content_builds(preset):
    view = content.get().presets[preset].view
    e = explorer(view, preset)
    assert e.preset_picker.value == preset
    assert text_of(e.summary).strip()
    assert content.get().presets[preset].description.split()[0] in text_of(e.preset_note)


def test_the_presets_the_course_names_exist():
    presets = content.get().presets
    for wanted in ("consistent-care", "intermittent-harm-and-relief", "constant-control",
                   "leaving-after-intermittent-kindness", "one-contact-after-leaving"):
        assert presets[wanted].view == "relationship"


def test_unknown_view_or_preset_raises_in_strict_mode():
    with pytest.raises(ValueError, match="view must be episode or relationship"):
        explorer("weekly")
    with pytest.raises(KeyError, match="unknown relationship preset 'frightening-moment'"):
        explorer("relationship", "frightening-moment")


def test_a_learner_sees_a_calm_message_not_a_traceback(monkeypatch):
    monkeypatch.delenv("COURSE_STRICT", raising=False)
    out = explorer("weekly")
    html = out._repr_html_() if hasattr(out, "_repr_html_") else out.data
    assert "could not be shown just now" in html and "Traceback" not in html


# --------------------------------------------------------------------------- moving controls


def test_moving_the_kindness_slider_updates_chart_and_summary_in_place():
    e = revealed()
    chart_before, hope_before, summary_before = e.chart, hope_series(e), e.summary.value
    e.controls["kindness_rate"].value = 0.6
    assert e.chart is chart_before  # the same chart widget receives new data
    assert hope_series(e) != hope_before
    assert e.summary.value != summary_before
    p = e.params()
    kind = model.simulate_relationship(p).day_kind[:p.leave_day].count("kind")
    assert f"Kindness came on {kind} of {p.leave_day} days together" in text_of(e.summary)
    assert text_of(e.summary).strip() in e.chart.description  # the chart's text equivalent


def test_the_summary_is_the_summaries_modules_words():
    e = revealed("leaving-after-intermittent-kindness")
    p = e.params()
    r = model.simulate_relationship(p)
    consistent = model.simulate_relationship(model.comparison_params(p))
    expected = summaries.relationship_summary(r, consistent) + " " + summaries.band_sentence(
        model.hope_stats(p, 100), model.hope_stats(model.comparison_params(p), 100))
    assert text_of(e.summary).strip() == expected
    assert f"it would last {model.days_of_hope(consistent)} days" in expected


def test_predict_then_reveal():
    """PhET-style prediction: the hope line after the last kind day stays hidden until the learner guesses
    (or chooses not to) and presses the button; then the run, the band and the "N days" bracket appear."""
    e = explorer("relationship", "leaving-after-intermittent-kindness")
    p = e.params()
    r = model.simulate_relationship(p)
    span = model.hope_span(r)
    assert e.predict_box.layout.display is None
    assert e.chart.x[len(hope_series(e)) - 1] == span.start  # the line stops at the last kind day
    assert not e.chart.brackets and not any(s["style"] == "range" for s in e.chart.series)
    assert "until you make a guess" in text_of(e.summary) and "until you make a guess" in e.chart.description
    assert "compared with consistent kindness" in text_of(e.question)
    e.guess.value = 3
    e.reveal_button.click()
    assert e.predict_box.layout.display == "none"
    assert len(hope_series(e)) == len(e.chart.x)
    other = model.hope_span(model.simulate_relationship(model.comparison_params(p)))
    assert e.chart.brackets[0] == {"x0": span.start, "x1": span.end, "y": 0.5, "label": f"{span.days} days"}
    feedback = text_of(e.feedback)
    assert "You guessed: about 3 times as long." in feedback
    assert f"hope lasted {span.days} days after the last kind day; after consistent kindness, {other.days} days" in feedback
    # a new preset asks again
    e.preset_picker.value = "one-contact-after-leaving"
    assert e.predict_box.layout.display is None and e.guess.value is None and e.feedback.value == ""


def test_the_consistent_story_is_overlaid_with_the_half_line_and_last_kind_day():
    e = revealed("leaving-after-intermittent-kindness")
    p = e.params()
    consistent = model.simulate_relationship(model.comparison_params(p))
    first = int(e.chart.x[0])
    assert series(e, "Hope after consistent kindness")["values"] == [round(v, 4) for v in consistent.hope[first - 1:]]
    assert e.chart.hlines == [{"y": 0.5, "label": "Half"}]
    start = model.hope_span(model.simulate_relationship(p)).start
    assert {"x": start, "label": "Last kind day"} in e.chart.markers
    assert e.chart.x_label == "Day (illustrative steps, not real days)"
    notes = " ".join(n["text"] for n in e.chart.notes)
    assert "Expectation: how often" in notes and "Hope: has it stopped?" in notes
    assert "Expectation" in text_of(e.key) and "stopped for good" in text_of(e.key)


def test_many_runs_show_as_a_band_that_another_run_does_not_move():
    e = revealed()
    band = series(e, "Hope in most of 100 runs")
    assert all(lo <= hi for lo, hi in zip(band["low"], band["high"]))
    hope = hope_series(e)
    inside = sum(lo - 0.02 <= h <= hi + 0.02 for lo, h, hi in zip(band["low"], hope, band["high"]))
    assert inside >= 0.8 * len(hope)  # the preset's run is a typical one
    e.other_run.click()
    assert hope_series(e) != hope and series(e, "Hope in most of 100 runs") == band
    assert "Over 100 runs with these settings, hope lasts a median of" in text_of(e.summary)


@pytest.mark.parametrize("preset", [p.id for p in content.get().presets.values() if p.view == "relationship"
                                    and p.params.get("pattern") != "custom"])
def test_presets_show_typical_runs(preset):
    """A preset's run sits in the middle half of 100 runs, for kind days and for how long hope lasts."""
    p = model.relationship_params(content.get().presets[preset].params)
    runs = model.many_runs(p, 100)
    hope = [model.days_of_hope(r) for r in runs]
    kind = [r.day_kind[:p.leave_day].count("kind") for r in runs]
    mine = model.simulate_relationship(p)
    assert model.percentile(hope, 0.25) <= model.days_of_hope(mine) <= model.percentile(hope, 0.75)
    assert model.percentile(kind, 0.25) <= mine.day_kind[:p.leave_day].count("kind") <= model.percentile(kind, 0.75)


def test_slider_ranges_come_from_the_models_table():
    ranges = {**model.EPISODE_RANGES, **model.RELATIONSHIP_RANGES}
    for e in (explorer("episode"), explorer("relationship")):
        for name, c in e.controls.items():
            if isinstance(c, LabelledSlider) and name in ranges and name != "leave_day":
                assert (c.min, c.max) == ranges[name], name


def test_module_02_shows_five_days_hormones_clear_and_expectation_builds():
    e = explorer("episode")
    e.controls["span"].value = "days"
    assert e.chart.x[-1] == pytest.approx(5, abs=0.01) and e.chart.x_label == "Days"
    labels = [s["label"] for s in e.chart.series]
    assert "Learned expectation of a threat" in labels
    text = text_of(e.summary)
    assert "cortisol is back to less than 1% of its peak, so it does not pile up" in text
    assert "What builds is learned expectation of a threat: from 30% after the first day to 83% after day 5" in text
    expect = series(e, "Learned expectation")["values"]
    assert expect == sorted(expect)
    e.controls["span"].value = "hours"
    assert e.chart.x_label == "Minutes"


def test_browser_settable_traits_are_tagged():
    """Only the slider's value is set by the learner's browser; everything else flows kernel to browser."""
    tagged = {n for n, t in LabelledSlider.class_traits(sync=True).items() if t.metadata.get("browser")}
    assert tagged == {"value"}
    from widgets.chart import LineChart
    assert not any(t.metadata.get("browser") for t in LineChart.class_traits(sync=True).values())


def test_no_css_or_javascript_in_python_strings():
    from widgets import chart as c
    from widgets import explorers
    for module in (c, explorers):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "<style" not in source and "function render" not in source and "_CSS" not in source


def test_harsher_bad_days_mean_more_relief_on_kind_days():
    e = explorer("relationship")
    ticks = next(s["values"] for s in e.chart.series if s["style"] == "ticks")
    e.controls["harshness"].value = 0.2
    gentler = next(s["values"] for s in e.chart.series if s["style"] == "ticks")
    assert max(gentler) < max(ticks)
    assert "each kind day also brought relief" in text_of(e.summary)


def test_moving_the_leave_day_moves_the_no_contact_band():
    e = explorer("relationship")
    e.controls["leave_day"].value = 200
    assert e.chart.bands[0]["x0"] == 200.5
    assert "of 200 days together" in text_of(e.summary)


def test_adding_one_contact_marks_it_and_raises_hope():
    e = revealed("leaving-after-intermittent-kindness")
    assert e.controls["contact_day"].disabled
    assert not any(m["label"] == "Kind contact" for m in e.chart.markers)
    e.controls["contact"].value = True
    e.controls["contact_day"].value = 30
    assert not e.controls["contact_day"].disabled
    assert {"x": 150, "label": "Kind contact"} in e.chart.markers
    assert hope_series(e)[e.chart.x.index(150)] > 0.5
    assert "One kind contact 30 days after leaving lifts hope" in text_of(e.summary)


def test_named_patterns_fix_the_kindness_rate_and_the_cycle_choice_appears_only_for_cycles():
    e = explorer("relationship")
    e.controls["pattern"].value = "consistent"
    assert e.controls["kindness_rate"].value == 0.95 and e.controls["kindness_rate"].disabled
    assert e.controls["custom_cycle"].layout.display == "none"
    e.controls["pattern"].value = "custom"
    assert e.controls["custom_cycle"].layout.display is None
    e.controls["custom_cycle"].value = "HHK"
    assert "together (33% of them)" in text_of(e.summary)


def test_cycles_are_chosen_from_a_list_not_typed():
    """No text box anywhere in the course: a learner could type something personal into one."""
    e = explorer("relationship")
    assert isinstance(e.controls["custom_cycle"], w.Dropdown)
    with pytest.raises(traitlets.TraitError):
        e.controls["custom_cycle"].value = "HHX"


def test_a_preset_with_its_own_cycle_adds_it_to_the_choices():
    e = explorer("relationship")
    e.controls["custom_cycle"].options = e.controls["custom_cycle"].options[:2]
    e.set_controls({"pattern": "custom", "custom_cycle": "HHHHHHK"})
    assert e.controls["custom_cycle"].value == "HHHHHHK"
    assert ("harsh, harsh, harsh, harsh, harsh, harsh, kind", "HHHHHHK") in e.controls["custom_cycle"].options


def test_another_random_run_changes_the_days_with_the_same_settings():
    e = revealed()
    before = hope_series(e)
    e.other_run.click()
    assert hope_series(e) != before
    assert e.controls["kindness_rate"].value == 0.3


def test_episode_sliders_update_relief_and_cortisol():
    e = explorer("episode")
    relief = next(s for s in e.chart.series if s["label"].startswith("Relief"))
    e.controls["expected_threat"].value = 0.2
    relief_after = next(s for s in e.chart.series if s["label"].startswith("Relief"))
    assert max(relief_after["values"]) < max(relief["values"])
    assert "small (0.20 of 1)" in text_of(e.summary)
    assert e.controls["gap_minutes"].disabled
    e.controls["repeats"].value = 3
    assert not e.controls["gap_minutes"].disabled
    assert len(e.chart.bands) == 3
    assert "3 stressful moments" in text_of(e.summary)


# --------------------------------------------------------------------------- presets and reset


def test_choosing_a_preset_sets_the_controls():
    e = explorer("relationship")
    e.preset_picker.value = "constant-control"
    assert e.controls["pattern"].value == "control"
    assert e.controls["kindness_rate"].value == 0.05
    assert e.controls["harshness"].value == 0.5
    assert "Control every day" in text_of(e.preset_note)


def test_reset_restores_the_starting_example():
    e = explorer("relationship")
    start = {k: c.value for k, c in e.controls.items()}
    start_summary, start_hope = e.summary.value, hope_series(e)
    e.preset_picker.value = "one-contact-after-leaving"
    e.controls["harshness"].value = 0.1
    e.other_run.click()
    e.reset_button.click()
    assert {k: c.value for k, c in e.controls.items()} == start
    assert e.preset_picker.value == "intermittent-harm-and-relief"
    assert e.summary.value == start_summary and hope_series(e) == start_hope


def test_reset_returns_to_the_preset_the_notebook_chose():
    e = explorer("episode", "feared-the-worst")
    e.controls["threat_intensity"].value = 1.0
    e.preset_picker.value = "everyday-stress"
    e.reset_button.click()
    assert e.preset_picker.value == "feared-the-worst"
    assert e.controls["threat_intensity"].value == 0.4


# --------------------------------------------------------------------------- accessibility and lightness


def test_every_control_has_a_visible_name():
    for e in (explorer("episode"), explorer("relationship")):
        for c in e.controls.values():
            assert c.description.strip()
        assert e.reset_button.description == "Reset"


def test_sliders_say_their_value_in_words():
    s = LabelledSlider("How often kindness comes", 0.05, 0.95, 0.05, 0.3, lambda v: f"{round(v * 100)}% of days")
    assert s.readout == "30% of days"
    s.value = 0.55
    assert s.readout == "55% of days"
    s.value = 7  # out of range values from the front end are held inside it
    assert s.value == 0.95


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("colour", [chart_module.BLUE, chart_module.VERMILLION, chart_module.GREEN,
                                    chart_module.PURPLE])
def test_line_colours_stand_out_from_a_white_page(colour):
    contrast = (1.05) / (_luminance(colour) + 0.05)
    assert contrast >= 3.0  # WCAG 1.4.11 non-text contrast


def test_lines_differ_by_style_not_only_colour():
    for e in (explorer("episode"), explorer("relationship")):
        styles = [s["style"] for s in e.chart.series]
        assert len(set(styles)) == len(styles)


def test_the_chart_loads_nothing_from_the_network_and_stays_small():
    js = (STATIC / "chart.js").read_text(encoding="utf-8")
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", js)
    assert "import " not in js.replace("export default", "")
    assert len(js.splitlines()) <= 180
    assert 'role", "img"' in js and "aria-label" in js
    assert "http" not in (STATIC / "range.js").read_text(encoding="utf-8")


def test_one_update_sends_a_small_message():
    import json
    e = revealed()
    assert len(json.dumps(e.chart.get_state())) < 40_000
