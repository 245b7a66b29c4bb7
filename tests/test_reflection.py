"""The reflection checklist: its content, the decision over answers (a scenario table), and the widget.

The oracle is the field's practice, not the course's own earlier rules:
- loveisrespect's relationship quiz: a single abusive behaviour already counts as a warning sign, and every
  result links to support. So each behaviour answered "Yes" is named back, and no absence of marks is
  ever called healthy.
- The Danger Assessment (Campbell; Campbell et al. 2003) asks yes / no danger items and routes to safety
  planning, not to a score; non-fatal strangulation even once raises the odds of later homicide about
  7 times (Glass et al. 2008). So a single "Yes" or "Not sure" opens the safety panel at once.
- Course brief section 6: never compute a verdict from the learner's feelings (grief after any break-up
  hurts); every item can be skipped; say what the summary rests on, and claim nothing beyond it.
"""

from __future__ import annotations

import builtins
import logging
import re
import types
from pathlib import Path

import ipywidgets
import pytest
from conftest import ROOT

from widgets import content, course, reflection, support
from widgets.quizzes import html_to_text
from widgets.reflection import ANSWERS, ReflectionChecklist, read, safety_panel_html, summary_html

CHECKLIST = content.get().checklist
B = [i.id for i in CHECKLIST.what_they_do.items]  # partner behaviours
F = [i.id for i in CHECKLIST.how_it_feels.items]  # the learner's feelings
S = [i.id for i in CHECKLIST.your_safety.items]  # danger signs
ALL = B + F + S
BEHAVIOUR = {i.id: i for i in CHECKLIST.what_they_do.items}


@pytest.fixture
def box() -> ReflectionChecklist:
    return ReflectionChecklist(CHECKLIST)


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def region_help() -> tuple[str, str]:
    """The default region's (US) emergency number and main hotline number."""
    region = content.get().region()
    return region.emergency, region.services[0].contacts[0].value


# --------------------------------------------------------------------------- the content file


def test_three_parts_in_order_with_enough_items():
    assert [p.title for _, p in CHECKLIST.parts] == ["What they do", "How it feels", "Your safety"]
    assert len(B) >= 8 and len(F) >= 10 and len(S) >= 12  # ten feelings can be answered (issue 10)


@pytest.mark.parametrize("danger, words", [
    # the issue's list: Campbell et al. 2003's strongest factors and the Hotline's danger signs
    ("threats to kill", r"threatened to kill me"),
    ("hands on the neck or strangling, even once", r"neck.*strangl.*even once"),
    ("access to a gun", r"\bgun\b"),
    ("threats with a weapon", r"threatened me with a weapon"),
    ("forced or pressured sex", r"forced or pressured me into sex"),
    ("following, tracking or repeated unwanted contact", r"follow me.*track me.*keep contacting"),
    ("violence getting worse or more often", r"getting worse or happening more often"),
    ("a recent or planned separation", r"left them recently.*planning to leave"),
    ("pregnancy", r"pregnant"),
    ("threats to children or pets", r"children or my pets"),
    ("fear for your life", r"afraid they could kill me"),
    ("being stopped from leaving", r"stopped me from leaving"),
])
def test_every_danger_sign_is_a_safety_item(danger, words):
    assert any(re.search(words, i.text, re.IGNORECASE) for i in CHECKLIST.your_safety.items), danger


def test_strangulation_advice_says_get_medical_care_even_if_you_feel_fine():
    """Brief section 6: injuries may not show and can become dangerous hours later; tell the clinician."""
    advice = next(i for i in CHECKLIST.your_safety.items if i.id == "strangling").advice
    for words in ("medical care", "even if you feel fine", "may not show", "hours later", "Tell the doctor"):
        assert words in advice


@pytest.mark.parametrize("sign, words", [
    # the Duluth wheel's and loveisrespect's partner behaviours, in the course's own words
    ("isolation", r"friends or family"), ("money", r"money"), ("monitoring", r"check my phone"),
    ("intimidation", r"frighten me"), ("put-downs", r"put me down"), ("gaslighting", r"doubt my own memory"),
    ("blame", r"my fault"), ("physical violence", r"pushed.*hit"), ("jealousy", r"angry when I spend time"),
])
def test_behaviour_items_cover_the_common_forms_of_control(sign, words):
    assert any(re.search(words, i.text, re.IGNORECASE) for i in CHECKLIST.what_they_do.items), sign


def test_items_are_neutral_short_and_single_barrelled():
    """One claim each, no loaded comparisons ('can outweigh weeks of hurt'), no 'and' joining two claims.
    Danger items may list kinds of one act ('follow, track or keep contacting'): any yes means the same."""
    for _, part in CHECKLIST.parts:
        for item in part.items:
            assert len(item.text.split()) <= 16, item.id
            assert not re.search(r"outweigh|weeks of hurt|yet |even though", item.text, re.IGNORECASE), item.id
            assert item.text.count(",") <= 2 and " and " not in item.text.replace("and then", ""), item.id


def test_every_behaviour_says_what_it_is_called_and_where_the_course_explains_it():
    notebooks = {m.notebook for m in content.get().info.modules}
    glossary = content.get().glossary
    for item in CHECKLIST.what_they_do.items:
        assert re.search(r"called|is a form of|is physical abuse", item.called), item.id
        page, _, anchor = item.explained.href.partition("#")
        assert page in notebooks, item.id
        if anchor.startswith("term-"):
            assert anchor[5:] in glossary, item.id


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower().replace("’", "'"))


def _all_text() -> list[str]:
    texts = [CHECKLIST.intro, CHECKLIST.privacy_note, CHECKLIST.not_a_diagnosis]
    for _, part in CHECKLIST.parts:
        texts += [v for k, v in part.model_dump().items() if isinstance(v, str) and v]
        for item in part.items:
            texts += [v for v in item.model_dump().values() if isinstance(v, str) and v]
    return texts


def test_checklist_text_is_in_the_courses_own_words():
    """No run of 9 words copied from the seed articles."""
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("seed articles not available here")
    runs = set()
    for seed in seeds:
        words = _words(seed.read_text(encoding="utf-8"))
        runs |= {tuple(words[i:i + 9]) for i in range(len(words) - 8)}
    for text in _all_text():
        words = _words(text)
        copied = [" ".join(words[i:i + 9]) for i in range(len(words) - 8) if tuple(words[i:i + 9]) in runs]
        assert not copied, copied


def test_checklist_tone():
    shown = " ".join(_all_text()).lower()
    for never in ("victim", "why didn't you leave", "why don't you leave", "just leave", "healthy"):
        assert never not in shown
    assert "This is not a diagnosis; only you can judge your situation" in CHECKLIST.not_a_diagnosis
    assert "nothing" in CHECKLIST.privacy_note.lower() and "close" in CHECKLIST.privacy_note.lower()
    s = CHECKLIST.your_safety
    assert "advocate" in s.plan_note and "plan" in s.plan_note and "leav" in s.plan_note
    assert "no score" in s.panel_note and "emergency number" in s.panel_note
    assert "Quick exit" in s.exit_note and "Shift three times" in s.exit_note
    assert "not your fault" in CHECKLIST.what_they_do.warning


# --------------------------------------------------------------------------- the decision: a scenario table

def every(ids, answer):
    return {i: answer for i in ids}


def but(base: dict, **changes) -> dict:
    return {**base, **{k.replace("_", "-"): v for k, v in changes.items()}}


NO_TO_ALL = every(ALL, "no")
EMERGENCY, HOTLINE = region_help()

# Said in no summary and no panel, whatever the answers: a verdict, a band, a score or a blame.
NEVER_ANYWHERE = ["healthy", "Mostly", "point toward", "points toward", "Signs of abuse", "abusive",
                  "Many signs of control", "your relationship is", "you are safe", "no red flags",
                  "no warning signs", "nothing to worry", "why didn't you", "just leave", "victim"]
SCORE = re.compile(r"\b\d+ ?%|\b\d+ (of|out of) \d+\b|\d+/\d+|\bscore[ds]? (is|of)\b", re.IGNORECASE)
FEELING_VERDICT = ["warning sign", "abuse", "a form of control", "this is a trauma bond", "you are in a trauma bond"]
CANNOT_TELL = "A short checklist cannot give an all-clear"
NOT_A_VERDICT = "They are not a verdict about the relationship"
NONE_ANSWERED = "You have not answered any of the questions"

# (case, answers, behaviours named back, safety panel shown, must be said, must never be said)
SCENARIOS = [
    # -- the reproductions in issue 10
    ("money and intimidation yes, everything else no", but(NO_TO_ALL, money="yes", intimidation="yes"),
     {"money", "intimidation"}, False,
     ["You said they control the money. That is a form of control called economic abuse.",
      "intimidation", "Even one of these is a warning sign", "Read more: Coercive control"], []),
    ("money and intimidation yes, nothing else answered", {"money": "yes", "intimidation": "yes"},
     {"money", "intimidation"}, False, ["warning sign", "did not answer some of the questions about safety"], []),
    ("strangled once, nothing else answered", {"strangling": "yes"}, set(), True,
     ["Your safety comes first", "medical care", "even if you feel fine", "hours later", EMERGENCY, HOTLINE],
     [NONE_ANSWERED]),
    ("strangling not sure, everything else no", but(NO_TO_ALL, strangling="not-sure"), set(), True,
     ["medical care", "If you are not sure, that counts"], []),
    ("one feeling (being alone scares me) and nothing else", {"afraid-alone": "yes"}, set(), False,
     ["You said being alone scares you", NOT_A_VERDICT, "rests only on the 1 answer"],
     FEELING_VERDICT + ["Your safety comes first"]),
    ("ten feelings yes, every behaviour no", {**every(F[:10], "yes"), **every(B, "no")}, set(), False,
     [NOT_A_VERDICT, "Grief after any break-up", CANNOT_TELL], FEELING_VERDICT),
    ("ten feelings yes, behaviours and safety all no", {**NO_TO_ALL, **every(F[:10], "yes")}, set(), False,
     [NOT_A_VERDICT, CANNOT_TELL, "cannot rule out danger"], FEELING_VERDICT),
    ("only the safety items, all no", every(S, "no"), set(), False,
     [f"rests only on the {len(S)} answers", f"{len(S)} about your safety", "cannot rule out danger",
      EMERGENCY], [NONE_ANSWERED, "Your safety comes first", CANNOT_TELL]),
    ("only one safety item, no", {"gun": "no"}, set(), False,
     ["rests only on the 1 answer", "did not answer some of the questions about safety"], [NONE_ANSWERED]),
    ("access to a gun, everything else no", but(NO_TO_ALL, gun="yes"), set(), True,
     ["Access to a gun raises the danger", EMERGENCY, HOTLINE], []),
    ("forced or pressured sex", {"forced-sex": "yes"}, set(), True,
     ["sexual violence, even in a relationship", "not your fault", "sexual assault service"], []),
    ("stalking after a break-up", {"stalking": "yes", "separation": "yes"}, set(), True,
     ["The time around leaving can be more dangerous", "advocate"], []),
    ("pregnancy", {"pregnancy": "yes"}, set(), True, ["midwife", "privately"], []),
    ("threats to children or pets", {"children-pets": "yes"}, set(), True, ["children and pets"], []),
    # -- no answers, all no, and skipping
    ("nothing answered", {}, set(), False,
     [NONE_ANSWERED, "Support, whenever you want it", EMERGENCY, HOTLINE], ["rests only on", CANNOT_TELL]),
    ("no to everything", NO_TO_ALL, set(), False,
     [CANNOT_TELL, "cannot rule out danger", f"rests only on the {len(ALL)} answers", EMERGENCY],
     ["warning sign", "You said", NONE_ANSWERED]),
    ("every answer skipped after being given", every(ALL, None), set(), False, [NONE_ANSWERED], []),
    ("I'd rather not say to everything", every(ALL, "rather-not-say"), set(), False,
     [f"“I'd rather not say” for {len(ALL)} questions", "did not answer some of the questions about safety",
      EMERGENCY], [NONE_ANSWERED, "Your safety comes first", CANNOT_TELL]),
    ("I'd rather not say to every safety item, two behaviours yes",
     {**every(S, "rather-not-say"), "isolation": "yes", "put-downs": "yes"}, {"isolation", "put-downs"}, False,
     ["did not answer some of the questions about safety", EMERGENCY, HOTLINE], ["Your safety comes first"]),
    ("behaviours skipped, some feelings yes, safety no", {**every(F[:3], "yes"), **every(S, "no")}, set(),
     False, [NOT_A_VERDICT, "3 about how it feels", f"{len(S)} about your safety"],
     FEELING_VERDICT + [CANNOT_TELL, "What they do"]),
    # -- one behaviour is enough (loveisrespect)
    ("one put-down, everything else no", but(NO_TO_ALL, put_downs="yes"), {"put-downs"}, False,
     ["emotional abuse", "Even one of these is a warning sign"], [CANNOT_TELL]),
    ("physical violence once, safety all no", but(NO_TO_ALL, physical="yes"), {"physical"}, False,
     ["physical abuse, even if it happened only once", "Read more: When safety comes first",
      "cannot rule out danger"], []),
    ("every behaviour yes, safety no", {**every(B, "yes"), **every(S, "no")}, set(B), False,
     ["warning sign"], [CANNOT_TELL]),
    ("every behaviour yes and one danger sign", {**every(B, "yes"), "fear-for-life": "yes"}, set(B), True,
     ["Your safety comes first", "warning sign", EMERGENCY], []),
    ("rupture and repair only", {"promises": "yes"}, {"promises"}, False, ["rupture and repair"], []),
    ("feelings and a behaviour: both read, each by its own rule",
     {**every(F, "yes"), "monitoring": "yes"}, {"monitoring"}, False,
     ["a form of control called monitoring", NOT_A_VERDICT, "warning sign"], []),
    ("a danger sign with feelings: feelings still never scored", {**every(F, "yes"), "threats-to-kill": "yes"},
     set(), True, ["Your safety comes first", NOT_A_VERDICT], ["warning sign"]),
    # -- the advocate's review: answer patterns that could falsely reassure
    ("gaslit: not sure about every behaviour", every(B, "not-sure"), set(), False,
     ["You were not sure whether", "An advocate can help you think it through", CANNOT_TELL],
     ["You said they"]),
    ("physical yes, violence getting worse 'not sure'", {"physical": "yes", "getting-worse": "not-sure"},
     {"physical"}, True, ["Your safety comes first", "physical abuse"], []),
    ("every danger sign no except one rather not say", but(every(S, "no"), strangling="rather-not-say"), set(),
     False, ["cannot rule out danger", "did not answer some of the questions about safety", EMERGENCY],
     [NONE_ANSWERED]),
    ("frightened, checked and isolated; denies every danger sign", {
        **every(S, "no"), "intimidation": "yes", "monitoring": "yes", "isolation": "yes"},
     {"intimidation", "monitoring", "isolation"}, False, ["warning sign", "cannot rule out danger", HOTLINE], []),
    ("fear for life 'not sure' and nothing else", {"fear-for-life": "not-sure"}, set(), True,
     ["trust your own sense of danger", EMERGENCY], []),
    ("stopped from leaving, everything else rather not say",
     but(every(ALL, "rather-not-say"), stopped_leaving="yes"), set(), True, ["Your safety comes first"],
     [NONE_ANSWERED]),
    ("physical violence yes, safety questions never reached", {"physical": "yes"}, {"physical"}, False,
     ["physical abuse", "a doctor or nurse can help", "did not answer some of the questions about safety",
      EMERGENCY], [CANNOT_TELL]),
    ("made to hand over passwords, a form the old list missed", {"passwords": "yes"}, {"passwords"}, False,
     ["digital abuse", "warning sign"], []),
    ("a partner threatens suicide", {"suicide-threats": "yes"}, set(), True,
     ["danger sign for you too", "Their choices are not your fault"], []),
    ("behaviours not on the list: every listed one no, nothing else", every(B, "no"), set(), False,
     [CANNOT_TELL, "harm can take forms it does not list", "trust that feeling"], ["warning sign"]),
    # -- the advocate's review: answer patterns that could falsely alarm
    ("feelings not sure, nothing else", every(F, "not-sure"), set(), False,
     [f"{len(F)} about how it feels"], FEELING_VERDICT + ["You said"]),
    ("ordinary grief: misses them, panic apart, no behaviours, no danger",
     {**NO_TO_ALL, "miss-them": "yes", "panic-apart": "yes", "stuck": "yes"}, set(), False,
     ["Grief after any break-up", NOT_A_VERDICT], FEELING_VERDICT + ["Your safety comes first"]),
    ("a break-up alone: separation yes, everything else no", but(NO_TO_ALL, separation="yes"), set(), True,
     ["when a partner has been controlling or violent"], ["You are in danger.", "your life is in danger", "warning sign"]),
    ("pregnant, no abuse marked", but(NO_TO_ALL, pregnancy="yes"), set(), True,
     ["midwife", "Some of your answers are about your safety"],
     ["You are in danger.", "your life is in danger", "warning sign", "answers are about danger"]),
]


def without_resources(text: str) -> str:
    """The summary's own words: the help block's service names are not the checklist's claims."""
    return text.replace(html_to_text(support.resources_html()), " ")


def test_the_table_has_at_least_25_cases_and_covers_each_part():
    assert len(SCENARIOS) >= 25
    assert len({name for name, *_ in SCENARIOS}) == len(SCENARIOS)
    assert {True, False} == {panel for _, _, _, panel, _, _ in SCENARIOS}


@pytest.mark.parametrize("name, answers, named, panel, must, never", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_scenario(name, answers, named, panel, must, never):
    reading = read(CHECKLIST, answers)
    text = html_to_text(summary_html(CHECKLIST, reading))
    own = without_resources(text)
    assert {i.id for i in reading.named} == named
    said_back = {i for i in B if f"You said {BEHAVIOUR[i].said}. {BEHAVIOUR[i].called}" in text}
    assert said_back == named  # each marked behaviour is named back with what it is called, no other
    assert reading.safety_panel is panel
    assert bool(safety_panel_html(CHECKLIST, reading)) is panel
    assert ("Your safety comes first" in text) is panel
    for phrase in must:
        assert phrase in text, phrase
    for phrase in never + NEVER_ANYWHERE:
        assert phrase.lower() not in own.lower(), phrase
    assert not SCORE.search(own), SCORE.search(own)
    # every result links to support: the region's emergency number and main hotline, and "not a diagnosis"
    assert EMERGENCY in text and HOTLINE in text
    assert "This is not a diagnosis; only you can judge your situation" in text


@pytest.mark.parametrize("how", ["yes", "not-sure"])
@pytest.mark.parametrize("item_id", S)
def test_a_single_yes_or_not_sure_on_any_danger_sign_opens_the_panel(item_id, how):
    """Danger Assessment: one 'yes' (or 'not sure') leads straight to safety resources, never to a score."""
    for base in ({}, NO_TO_ALL):
        reading = read(CHECKLIST, {**base, item_id: how})
        panel = html_to_text(safety_panel_html(CHECKLIST, reading))
        assert reading.safety_panel
        assert EMERGENCY in panel and HOTLINE in panel
        assert "safety plan" in panel and "advocate" in panel and "Quick exit" in panel
        assert not SCORE.search(without_resources(panel))


@pytest.mark.parametrize("how", ["no", "rather-not-say", None])
def test_no_rather_not_say_or_skipping_a_danger_sign_does_not_open_the_panel(how):
    assert not read(CHECKLIST, every(S, how)).safety_panel


@pytest.mark.parametrize("how", ["yes", "not-sure", "no", "rather-not-say"])
def test_feelings_alone_never_name_a_behaviour_or_open_the_panel(how):
    reading = read(CHECKLIST, every(F, how))
    assert reading.named == () and not reading.safety_panel


def test_unknown_items_and_answers_are_errors():
    with pytest.raises(KeyError):
        read(CHECKLIST, {"no-such-item": "yes"})
    with pytest.raises(ValueError):
        read(CHECKLIST, {B[0]: "often"})


def test_support_failure_still_shows_a_way_to_help(monkeypatch):
    """A safety route must never end in an error message: the fallback points to the Start page's help."""
    def broken(region_id=None):
        raise RuntimeError("resources unavailable")

    monkeypatch.setattr(support, "resources_html", broken)
    monkeypatch.setenv("COURSE_STRICT", "0")
    panel = safety_panel_html(CHECKLIST, read(CHECKLIST, {"strangling": "yes"}))
    assert "Need help now?" in panel and 'href="00-start-here.ipynb#help-now"' in panel
    monkeypatch.setenv("COURSE_STRICT", "1")
    with pytest.raises(RuntimeError):
        safety_panel_html(CHECKLIST, read(CHECKLIST, {"strangling": "yes"}))


# --------------------------------------------------------------------------- the widget


def test_every_item_offers_the_four_answers_and_starts_unanswered(box):
    assert list(box.items) == ALL
    assert [value for value, _ in box.choices] == list(ANSWERS)  # every question offers the same four
    assert [label for _, label in box.choices] == ["Yes", "No", "Not sure", "I'd rather not say"]
    sent = [[item_id, text] for part in box.parts for item_id, text in part["items"]]
    assert sent == [[i.id, i.text] for _, part in CHECKLIST.parts for i in part.items]  # each group's legend
    assert [p["title"] for p in box.parts] == [part.title for _, part in CHECKLIST.parts]
    assert box.answers == dict.fromkeys(ALL)


def test_privacy_line_and_not_a_diagnosis_are_visible(box):
    top = box.intro
    assert CHECKLIST.privacy_note.split(".")[0] in top
    assert "This is not a diagnosis" in top
    assert box.buttons["clear"][0] == "Clear my answers" and box.buttons["summary"][0] == "Show my summary"


def test_the_safety_panel_sits_right_after_the_safety_questions(box):
    """The page draws the panel right after the part named here (tests/test_browser_checklist.py checks the
    page's order: the last safety question, then the panel, then "Show my summary")."""
    assert box.panel_after == "your_safety" and box.parts[-1]["key"] == "your_safety"
    assert box.parts[-1]["items"][-1][0] == S[-1]


def test_one_yes_opens_the_panel_at_once_and_never_a_score(box):
    for i in B + F:
        box.answer(i, "yes")
    assert not box.safety_shown  # behaviours and feelings never open it
    box.answer("strangling", "yes")
    assert box.safety_shown  # straight away, before any summary is asked for
    text = box.safety_text
    assert "there is no score here" in text and "medical care" in text
    assert EMERGENCY in text and HOTLINE in text and "safety plan" in text
    s = box.show_summary()
    assert s.safety_panel and "Your safety comes first" in box.summary_text
    assert not SCORE.search(without_resources(box.summary_text))
    # a second danger sign with advice adds it; taking both back closes the panel and updates the summary
    box.answer("gun", "not-sure")
    assert "Access to a gun" in box.safety_text and "medical care" in box.safety_text
    box.answer("strangling", "no")
    assert "medical care" not in box.safety_text and box.safety_shown
    box.answer("gun", None)
    assert not box.safety_shown
    assert "Your safety comes first" not in box.summary_text
    assert "warning sign" in box.summary_text


def test_taking_a_danger_answer_back_closes_the_panel_but_never_the_help(box):
    """The learner's answer rules (they may change it because someone is near); help stays in every summary."""
    box.answer("stalking", "yes")
    box.show_summary()
    assert box.safety_shown
    box.answer("stalking", "rather-not-say")
    assert not box.safety_shown
    text = box.summary_text
    assert "did not answer some of the questions about safety" in text
    assert EMERGENCY in text and HOTLINE in text


def test_clear_resets_every_answer_the_summary_and_the_safety_panel(box):
    for n, item_id in enumerate(box.items):
        box.answer(item_id, list(ANSWERS)[n % 4])
    box.show_summary()
    assert box.summary_text and box.safety_shown
    box.clear()
    assert all(v is None for v in box.answers.values())
    assert box.summary_text == "" and not box.safety_shown
    assert "cleared" in html_to_text(box.status)
    box.answer(B[0], "yes")
    assert box.summary_text == ""  # no summary until asked again


def test_clear_button_clears(box):
    box.answer(B[0], "yes")
    box._on_frontend_msg(box, {"event": "press", "name": "clear"}, [])  # as the page sends a press
    assert box.answers[B[0]] is None


def test_every_item_can_be_skipped(box):
    for item_id in ALL:
        box.answer(item_id, "yes")
        box.answer(item_id, None)
    assert all(v is None for v in box.answers.values())
    assert not box.safety_shown
    assert NONE_ANSWERED in (box.show_summary() and box.summary_text)


def test_no_free_text_boxes(box):
    kinds = {type(x) for x in walk(box)}
    assert not kinds & {ipywidgets.Text, ipywidgets.Textarea, ipywidgets.Combobox, ipywidgets.Password}
    # the page's module makes radios and buttons only: no text field, no editable area
    made = set(re.findall(r'make\("(\w+)"', box._esm)) | set(re.findall(r'\.type = "(\w+)"', box._esm))
    assert made <= {"div", "h3", "p", "fieldset", "legend", "label", "input", "span", "button", "radio"}, made
    assert "textarea" not in box._esm and "contenteditable" not in box._esm.lower()


def test_a_choice_from_the_page_is_an_answer_and_anything_else_is_refused(box, monkeypatch, caplog):
    """The page sends each choice as a message; only one of the four answers to a known item is taken, and
    the log says that something was refused without repeating it (it could be an answer)."""
    box._on_frontend_msg(box, {"event": "choose", "item": "strangling", "value": "yes"}, [])
    assert box.answers["strangling"] == "yes" and box.safety_shown
    monkeypatch.setenv("COURSE_STRICT", "0")
    server_log = logging.getLogger("course")
    server_log.addHandler(caplog.handler)
    try:
        box._on_frontend_msg(box, {"event": "choose", "item": "strangling", "value": "secret-yes"}, [])
        box._on_frontend_msg(box, {"event": "choose", "item": "secret-item", "value": "yes"}, [])
        box._on_frontend_msg(box, {"event": "press", "name": "secret-button"}, [])
    finally:
        server_log.removeHandler(caplog.handler)
    assert box.answers["strangling"] == "yes" and set(box.answers) == set(ALL)
    assert "checklist" in caplog.text and "secret" not in caplog.text
    box._on_frontend_msg(box, {"event": "press", "name": "summary"}, [])
    assert "Your safety comes first" in box.summary_text


def _recorder(box) -> list:
    """What the kernel sends the page, update by update (the state as sent, not the trait names)."""
    sent: list = []

    def record(key=None):
        keys = [key] if isinstance(key, str) else list(key or [])
        if keys:
            sent.append(box.get_state(keys))

    box.send_state = record
    return sent


def _whole(box) -> dict:
    """All the page shows, as the kernel has it now (named here, not taken from widgets.reflection)."""
    return {"answers": box.answers, "panel": box.panel, "summary": box.summary, "status": box.status,
            "seen": box.seen}


def test_after_each_choice_the_page_gets_the_kernels_answers_back(box):
    """A choice can cross "Clear my answers" on the way (the page has cleared, the kernel then takes the
    choice): the kernel sends its answers back after every choice, so the page never shows a radio empty
    that the kernel counts as answered."""
    sent = _recorder(box)
    box._on_frontend_msg(box, {"event": "press", "name": "clear"}, [])
    sent.clear()
    box._on_frontend_msg(box, {"event": "choose", "item": "stalking", "value": "yes"}, [])
    assert box.answers["stalking"] == "yes"
    assert sent[-1]["view"]["answers"]["stalking"] == "yes"
    box._on_frontend_msg(box, {"event": "press", "name": "clear"}, [])
    assert not box.safety_shown and box.summary_text == ""


# The page numbers its messages and sends a choice again until the kernel confirms it (a phone's connection can
# drop a message): (what happens, the page's messages in the order the kernel gets them, then the kernel's
# answers for "isolation" and "threats-to-kill" and what it says it has seen). A message sent again, or sent
# before a Clear, must never bring an old answer back.
def _choose(item, value, seq=None, clear=None):
    """A choice as the page sends it; ``clear``: the number of the page's last Clear, sent with every message
    after one."""
    return {"event": "choose", "item": item, "value": value, **({} if seq is None else {"seq": seq}),
            **({} if clear is None else {"clear": clear})}


def _clear(seq=None):
    return {"event": "press", "name": "clear", **({} if seq is None else {"seq": seq})}


RESENT = [
    ("a choice sent again after a newer one is ignored",
     [_choose("isolation", "yes", 1), _choose("isolation", "no", 2), _choose("isolation", "yes", 1)],
     ("no", None), {"isolation": 2}),
    ("a choice lost once and sent again is taken",
     [_choose("threats-to-kill", "no", 2), _choose("isolation", "yes", 1)],
     ("yes", "no"), {"isolation": 1, "threats-to-kill": 2}),
    ("a choice made before a Clear and sent again after it stays cleared",
     [_choose("isolation", "yes", 1), _clear(2), _choose("isolation", "yes", 1)],
     (None, None), {"clear": 2}),
    ("a Clear sent again does not undo the choices made after it",
     [_clear(1), _choose("isolation", "yes", 2), _clear(1)],
     ("yes", None), {"clear": 1, "isolation": 2}),
    ("a choice after a Clear counts",
     [_choose("threats-to-kill", "yes", 1), _clear(2), _choose("threats-to-kill", "not-sure", 3)],
     (None, "not-sure"), {"clear": 2, "threats-to-kill": 3}),
    ("an unnumbered message (a page from before numbering) is taken",
     [_choose("isolation", "yes", 4), _choose("isolation", "no")],
     ("no", None), {"isolation": 4}),
    ("a Clear lost once and sent again keeps the choices made after it (the kernel took them already)",
     [_choose("isolation", "yes", 2), _choose("threats-to-kill", "yes", 3), _clear(1)],
     ("yes", "yes"), {"clear": 1, "isolation": 2, "threats-to-kill": 3}),
    ("a Clear lost on the way is done before the choice made after it (which carries its number)",
     [_choose("threats-to-kill", "yes", 1), _choose("isolation", "yes", 3, clear=2)],
     ("yes", None), {"clear": 2, "isolation": 3}),
    ("a number that is not a plain positive integer counts as none",
     [_choose("isolation", "yes", 3), _choose("isolation", "no", "1"), _choose("threats-to-kill", "yes", True),
      _choose("threats-to-kill", "no", -1)],
     ("no", "no"), {"isolation": 3}),
]


@pytest.mark.parametrize("what, messages, answers, seen", RESENT, ids=[r[0] for r in RESENT])
def test_a_message_sent_again_never_brings_an_old_answer_back(box, what, messages, answers, seen):
    for msg in messages:
        box._on_frontend_msg(box, msg, [])
    assert (box.answers["isolation"], box.answers["threats-to-kill"]) == answers, what
    assert box.seen == seen, what
    assert all(type(n) is int for n in box.seen.values())  # numbers only: never an answer
    assert box.safety_shown == (answers[1] in ("yes", "not-sure"))


def _summary(seq=None, clear=None):
    return {"event": "press", "name": "summary", **({} if seq is None else {"seq": seq}),
            **({} if clear is None else {"clear": clear})}


# "Show my summary" is numbered too, and sent again until the summary comes (a press lost on a phone's
# connection left the learner waiting for ever). Messages in, then: is a summary shown, and what the kernel
# says it has seen.
SUMMARY_PRESSES = [
    ("a press is taken and confirmed", [_choose("isolation", "yes", 1), _summary(2)],
     True, {"isolation": 1, "summary": 2}),
    ("a press sent again is harmless", [_summary(2), _summary(2)], True, {"summary": 2}),
    ("a press made before a Clear and sent again after it shows nothing", [_summary(1), _clear(2), _summary(1)],
     False, {"clear": 2}),
    ("a press lost until after a later Clear shows nothing", [_clear(2), _summary(1)], False, {"clear": 2}),
    ("a Clear sent again does not hide the summary asked for after it",
     [_clear(1), _choose("isolation", "yes", 2), _summary(3), _clear(1)],
     True, {"clear": 1, "isolation": 2, "summary": 3}),
    ("an unnumbered press (a page from before numbering) is taken", [_summary()], True, {}),
    ("a Clear lost on the way is done before a summary pressed after it",
     [_choose("strangling", "yes", 1), _summary(2), _summary(4, clear=3)], True, {"clear": 3, "summary": 4}),
    ("a Clear arriving after what the learner did next keeps it, summary included",
     [_choose("strangling", "yes", 1), _choose("isolation", "yes", 3), _summary(4), _clear(2)],
     True, {"clear": 2, "isolation": 3, "summary": 4}),
]


@pytest.mark.parametrize("what, messages, shown, seen", SUMMARY_PRESSES, ids=[r[0] for r in SUMMARY_PRESSES])
def test_a_summary_press_sent_again_shows_the_summary_once_and_never_after_a_clear(box, what, messages, shown,
                                                                                      seen):
    for msg in messages:
        box._on_frontend_msg(box, msg, [])
    assert bool(box.summary) is shown, what
    assert box.seen == seen, what
    if shown:  # true to the answers the kernel has
        assert ("isolation" in seen) is ("You said" in box.summary_text), what
    # never advice about a danger sign answered before a Clear
    assert box.safety_shown is (box.answers["strangling"] == "yes"), what
    assert ("neck" in box.summary_text) is (shown and box.answers["strangling"] == "yes"), what


def test_every_update_carries_all_the_page_shows_so_one_lost_is_made_good_by_the_next(box, monkeypatch):
    """A phone's connection can lose one of the kernel's updates and deliver the next. Sent as changes, a lost
    update left the page with an answer and its panel after a Clear, or a danger sign with no panel, and the
    page stopped sending because the kernel's numbers said it had everything. Each update is whole: whatever
    was lost before, the page shows what the kernel has after any one of them. A message that changes nothing
    (a copy sent again, or a choice the page thought new because it missed an update) is answered too."""
    sent = _recorder(box)
    steps = [_choose("strangling", "yes", 1), _summary(2), _choose("isolation", "yes", 3), _clear(4),
             _choose("stalking", "not-sure", 5), _choose("stalking", "not-sure", 5), _summary(6), _summary(6),
             _choose("stalking", "no", 7), _clear(8), _clear(8), _choose("threats-to-kill", "yes", 9, clear=8)]
    clock = [100.0]
    monkeypatch.setattr(reflection.time, "monotonic", lambda: clock[0])
    for msg in steps:
        clock[0] += 2  # the learner's pace (a burst is the next test)
        sent.clear()
        box._on_frontend_msg(box, msg, [])
        assert sent and sent[-1]["view"] == _whole(box), msg
    assert box.safety_shown and box.seen == {"clear": 8, "threats-to-kill": 9}


def test_the_panel_the_page_shows_by_itself_has_the_help_and_no_answer(box):
    """While the kernel has not heard a danger sign (offline), the page shows this panel by itself: the same
    help (emergency number, specialist lines, planning, quick exit) and no item's advice, so it says nothing
    about which sign was answered."""
    waiting = html_to_text(box.panel_waiting)
    region = content.get().region()
    assert "Your safety comes first" in waiting and region.emergency in waiting
    for item in CHECKLIST.your_safety.items:
        if item.advice:
            assert html_to_text(item.advice) not in waiting
    # the panel a danger sign without advice opens in the kernel, word for word
    assert box.panel_waiting == safety_panel_html(CHECKLIST, read(CHECKLIST, {"threats-to-kill": "yes"}))


def test_a_burst_of_copies_is_answered_once_a_second(box, monkeypatch):
    """A phone back online sends every copy it queued at once (hundreds after a long time offline). Each used
    to earn the whole view (5-14 kB): one view a second answers them all, and a real change is never held."""
    clock = [100.0]
    monkeypatch.setattr(reflection.time, "monotonic", lambda: clock[0])
    box._on_frontend_msg(box, _choose("strangling", "yes", 1), [])
    sent = _recorder(box)
    clock[0] += 0.5
    box._on_frontend_msg(box, _choose("strangling", "yes", 1), [])  # the change's own view went 0.5 s ago
    assert sent == []
    clock[0] += 5
    for i in range(300):  # 300 copies over 3 s
        clock[0] += 0.01
        box._on_frontend_msg(box, _choose("strangling", "yes", 1), [])
    assert 3 <= len([s for s in sent if "view" in s]) <= 4
    sent.clear()
    box._on_frontend_msg(box, _choose("isolation", "yes", 2), [])  # within the second: sent at once
    assert sent and sent[-1]["view"]["answers"]["isolation"] == "yes"


def test_clearing_by_the_python_api_also_covers_choices_still_on_their_way(box):
    """``clear()`` (a test, JupyterLab's Python API, or an unnumbered press): a late copy of a choice the page
    sent before it must not bring that answer back."""
    box._on_frontend_msg(box, _choose("threats-to-kill", "yes", 7), [])
    box.clear()
    box._on_frontend_msg(box, _choose("threats-to-kill", "yes", 7), [])
    assert box.answers["threats-to-kill"] is None and not box.safety_shown
    box._on_frontend_msg(box, _choose("threats-to-kill", "no", 8), [])
    assert box.answers["threats-to-kill"] == "no"


def test_answering_writes_prints_and_logs_nothing(box, monkeypatch, capsys, caplog):
    def no_open(*args, **kwargs):
        raise AssertionError(f"the checklist tried to open a file: {args!r}")

    monkeypatch.setattr(builtins, "open", no_open)
    monkeypatch.setattr(Path, "write_text", no_open)
    monkeypatch.setattr(Path, "write_bytes", no_open)
    caplog.set_level("DEBUG")
    for item_id in box.items:
        box.answer(item_id, "yes")
    box.show_summary()
    box.clear()
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""
    assert caplog.records == []


def test_checklist_entry_point_and_calm_failure(monkeypatch):
    assert isinstance(reflection.checklist(), ReflectionChecklist)
    monkeypatch.setattr(course, "get", lambda: types.SimpleNamespace(checklist=None))
    monkeypatch.setenv("COURSE_STRICT", "0")
    assert "could not be shown" in reflection.checklist().data
