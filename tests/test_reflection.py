"""The reflection checklist through its Python API, and a content check of content/checklist.yml:
skipping, the spectrum summary, safety items routing to resources (never a score), clearing, privacy."""

from __future__ import annotations

import builtins
import re
import sys
import types
from pathlib import Path

import ipywidgets
import pytest
from conftest import ROOT

from widgets import content, course, reflection
from widgets.reflection import ANSWERS, ReflectionChecklist, summarise

CHECKLIST = content.get().checklist
ITEMS = [i for g in CHECKLIST.groups for i in g.items]
PATTERN = [i.id for i in ITEMS if not i.safety]
SAFETY = [i.id for i in ITEMS if i.safety]


@pytest.fixture
def box() -> ReflectionChecklist:
    return ReflectionChecklist(CHECKLIST)


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


# --------------------------------------------------------------------------- the content file


def test_checklist_file_is_present_and_valid():
    assert CHECKLIST is not None
    assert len(ITEMS) >= 20
    assert [g.title for g in CHECKLIST.groups][-1] == "Your safety"


@pytest.mark.parametrize("danger, words", [
    ("threats to hurt or kill", r"threaten.*(hurt|kill)"),
    ("choking or strangulation", r"chok|strangl"),
    ("weapons", r"weapon"),
    ("fear for your life", r"afraid.*kill|fear.*life"),
    ("being stopped from leaving", r"stop me from leaving"),
])
def test_every_danger_sign_is_a_safety_item(danger, words):
    assert any(re.search(words, i.text, re.IGNORECASE) and i.safety for i in ITEMS), danger


@pytest.mark.parametrize("sign, words", [
    # the seed article's common signs, and the brief's control items (in the course's own words)
    ("unable to leave though it hurts", r"walking away feels impossible"),
    ("minimising or justifying", r"explain away"),
    ("responsible for fixing it", r"fix things"),
    ("anxiety at separation", r"apart from them"),
    ("small moments of kindness", r"kind word"),
    ("losing self or boundaries", r"lost touch with who I am"),
    ("boundaries", r"give up limits"),
    ("feeling addicted", r"hooked"),
    ("afraid of being alone", r"alone scares me"),
    ("isolation", r"friends or family"),
    ("money", r"money"),
    ("monitoring", r"check my phone"),
    ("intimidation", r"frighten me"),
    ("blame", r"my fault"),
])
def test_items_cover_the_common_signs_and_control(sign, words):
    assert any(re.search(words, i.text, re.IGNORECASE) for i in ITEMS if not i.safety), sign


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower().replace("’", "'"))


def test_checklist_text_is_in_the_courses_own_words():
    """No run of 9 words copied from the seed articles."""
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("seed articles not available here")
    runs = set()
    for seed in seeds:
        words = _words(seed.read_text(encoding="utf-8"))
        runs |= {tuple(words[i:i + 9]) for i in range(len(words) - 8)}
    texts = [CHECKLIST.intro, CHECKLIST.privacy_note, CHECKLIST.not_a_diagnosis, CHECKLIST.safety_note,
             *(g.note for g in CHECKLIST.groups), *(i.text for i in ITEMS), *(b.text for b in CHECKLIST.bands)]
    for text in texts:
        words = _words(text)
        copied = [" ".join(words[i:i + 9]) for i in range(len(words) - 8) if tuple(words[i:i + 9]) in runs]
        assert not copied, copied


def test_checklist_tone():
    shown = " ".join([CHECKLIST.intro, CHECKLIST.privacy_note, CHECKLIST.not_a_diagnosis, CHECKLIST.safety_note,
                      *(g.title + " " + g.note for g in CHECKLIST.groups), *(i.text for i in ITEMS),
                      *(b.title + " " + b.text for b in CHECKLIST.bands)]).lower()
    assert "victim" not in shown
    assert "why didn't you leave" not in shown and "why don't you leave" not in shown
    assert "This is not a diagnosis; only you can judge your situation" in CHECKLIST.not_a_diagnosis
    assert "nothing" in CHECKLIST.privacy_note.lower() and "close" in CHECKLIST.privacy_note.lower()
    assert "advocate" in CHECKLIST.safety_note and "plan" in CHECKLIST.safety_note
    assert "leav" in CHECKLIST.safety_note  # leaving can be a time of higher danger
    for item in ITEMS:
        assert len(item.text.split()) <= 20, item.id  # short, plain sentences


# --------------------------------------------------------------------------- summarise (logic)


def test_nothing_answered():
    s = summarise(CHECKLIST, {})
    assert s.route == "none" and s.band is None


@pytest.mark.parametrize("present, band", [(0, "healthy"), (6, "unhealthy"), (len(PATTERN), "abusive")])
def test_bands_follow_the_share_of_signs(present, band):
    answers = {i: ("often" if n < present else "rarely") for n, i in enumerate(PATTERN)}
    answers.update({i: "rarely" for i in SAFETY})
    s = summarise(CHECKLIST, answers)
    assert (s.route, s.band) == ("band", band)


def test_rather_not_say_and_skipped_do_not_count():
    answers = {PATTERN[0]: "often", PATTERN[1]: "rather-not-say", PATTERN[2]: None}
    answers.update({i: "rarely" for i in PATTERN[3:]})
    a = summarise(CHECKLIST, answers)
    b = summarise(CHECKLIST, {k: v for k, v in answers.items() if k not in PATTERN[1:3]})
    assert a.band == b.band and a.answered == b.answered


@pytest.mark.parametrize("item_id", SAFETY)
@pytest.mark.parametrize("how", ["often", "sometimes"])
def test_any_safety_item_routes_to_safety_not_a_score(item_id, how):
    answers = {i: "rarely" for i in PATTERN}
    answers[item_id] = how
    s = summarise(CHECKLIST, answers)
    assert s.route == "safety" and s.band is None


def test_unknown_items_and_answers_are_errors():
    with pytest.raises(KeyError):
        summarise(CHECKLIST, {"no-such-item": "often"})
    with pytest.raises(ValueError):
        summarise(CHECKLIST, {PATTERN[0]: "always"})


# --------------------------------------------------------------------------- the widget


def test_every_item_offers_the_four_answers_and_starts_unanswered(box):
    assert set(box.items) == {i.id for i in ITEMS}
    for item in ITEMS:
        group = box.items[item.id]
        assert group.values == list(ANSWERS)
        assert [label for _, label in group.options] == ["Often", "Sometimes", "Rarely or never",
                                                          "I'd rather not say"]
        assert group.legend == item.text  # the question is the group's accessible name
        assert group.value is None


def test_privacy_line_and_not_a_diagnosis_are_visible(box):
    top = box.children[0].value
    assert CHECKLIST.privacy_note.split(".")[0] in top
    assert "This is not a diagnosis" in top
    assert [b.description for b in box.clear_buttons] == ["Clear my answers"] * 2


def test_summary_band_route_always_has_support_and_not_a_diagnosis(box):
    for i in PATTERN[:8]:
        box.answer(i, "sometimes")
    for i in PATTERN[8:]:
        box.answer(i, "rarely")
    s = box.show_summary()
    assert s.route == "band"
    text = box.summary_text
    band = next(b for b in CHECKLIST.bands if b.id == s.band)
    assert band.title in text
    assert "healthy, to unhealthy, to abusive" in text
    assert "(your answers point toward this)" in text
    assert "This is not a diagnosis; only you can judge your situation" in text
    assert "Need help now?" in text or "Support" in text
    assert_region_help(text)
    assert "Support, whenever you want it" in text


def assert_region_help(text: str) -> None:
    """The learner's own region's emergency number and main hotline are in the text, not just a heading."""
    region = content.get().region()
    hotline = region.services[0]
    assert region.emergency in text and hotline.name in text and hotline.contacts[0].value in text


def test_healthy_summary_still_links_to_support(box):
    for i in PATTERN + SAFETY:
        box.answer(i, "rarely")
    assert box.show_summary().band == "healthy"
    assert "Support, whenever you want it" in box.summary_text
    assert "00-start-here.ipynb#help-now" in box.summary.value or "course-support" in box.summary.value
    assert_region_help(box.summary_text)


def test_empty_summary_is_gentle(box):
    assert box.show_summary().route == "none"
    assert "that is fine" in box.summary_text
    assert "not a diagnosis" in box.summary_text


def test_safety_answer_shows_resources_at_once_and_never_a_score(box):
    for i in PATTERN:
        box.answer(i, "often")
    assert not box.safety_shown
    box.answer("strangling", "sometimes")
    assert box.safety_shown  # straight away, right after the safety questions
    assert "there is no score here" in box.safety_text
    assert "Need help now?" in box.safety_text or "emergency" in box.safety_text
    assert_region_help(box.safety_text)
    assert "safety plan" in box.safety_text
    s = box.show_summary()
    assert s.route == "safety"
    text = box.summary_text
    assert "safety plan" in text and "not a diagnosis" in text
    for band in CHECKLIST.bands:
        assert band.title not in text
    assert "your answers point toward this" not in text
    assert not re.search(r"\d+ of \d+|\d+ ?%", text)  # no score of any kind
    # taking the answer back hides the safety panel and brings the ordinary summary back
    box.answer("strangling", "rarely")
    assert not box.safety_shown
    assert "your answers point toward this" in box.summary_text


def test_rarely_on_a_safety_item_is_not_a_danger_sign_but_skipping_is_noted(box):
    box.answer(PATTERN[0], "sometimes")
    box.answer("weapons", "rarely")
    assert not box.safety_shown
    box.show_summary()
    assert "did not answer some of the questions about safety" in box.summary_text


def test_fallback_help_text_when_support_is_not_available(box, monkeypatch):
    monkeypatch.setitem(sys.modules, "widgets.support", None)  # import fails
    box.answer("threats", "often")
    assert "Need help now?" in box.safety_text
    assert 'href="00-start-here.ipynb#help-now"' in box.safety_panel.html


def test_uses_the_support_module_when_it_is_there(box, monkeypatch):
    fake = types.ModuleType("widgets.support")
    fake.resources_html = lambda region_id=None: "<p>HOTLINE 1-800-000-0000</p>"
    monkeypatch.setitem(sys.modules, "widgets.support", fake)
    box.answer("fear-for-life", "often")
    assert "HOTLINE 1-800-000-0000" in box.safety_text


def test_clear_resets_every_answer_the_summary_and_the_safety_panel(box):
    for n, item_id in enumerate(box.items):
        box.answer(item_id, list(ANSWERS)[n % 4])
    box.show_summary()
    assert box.summary_text and box.safety_shown
    box.clear()
    assert all(v is None for v in box.answers.values())
    assert all(g.value is None for g in box.items.values())
    assert box.summary_text == "" and not box.safety_shown
    assert "cleared" in reflection.html_to_text(box.status.html)
    # a summary after clearing starts from nothing
    box.answer(PATTERN[0], "often")
    assert box.summary_text == ""  # no summary until asked again


def test_clear_button_clears(box):
    box.answer(PATTERN[0], "often")
    box.clear_buttons[1].click()
    assert box.answers[PATTERN[0]] is None


def test_every_item_can_be_skipped(box):
    box.answer(PATTERN[0], "often")
    box.answer(PATTERN[0], None)
    assert box.answers[PATTERN[0]] is None
    assert box.show_summary().route == "none"


def test_no_free_text_boxes(box):
    kinds = {type(x) for x in walk(box)}
    assert not kinds & {ipywidgets.Text, ipywidgets.Textarea, ipywidgets.Combobox, ipywidgets.Password}


def test_answering_writes_prints_and_logs_nothing(box, monkeypatch, capsys, caplog, tmp_path):
    def no_open(*args, **kwargs):
        raise AssertionError(f"the checklist tried to open a file: {args!r}")

    monkeypatch.setattr(builtins, "open", no_open)
    monkeypatch.setattr(Path, "write_text", no_open)
    monkeypatch.setattr(Path, "write_bytes", no_open)
    caplog.set_level("DEBUG")
    for item_id in box.items:
        box.answer(item_id, "often")
    box.show_summary()
    box.clear()
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""
    assert caplog.records == []


def test_checklist_entry_point_and_calm_failure(monkeypatch):
    w = reflection.checklist()
    assert isinstance(w, ReflectionChecklist)
    monkeypatch.setattr(course, "get", lambda: types.SimpleNamespace(checklist=None))
    monkeypatch.setenv("COURSE_STRICT", "0")
    assert "could not be shown" in reflection.checklist().data
