"""Quizzes through their Python API: right and wrong answers, feedback, retry, reveal, score, shuffling,
and a content check of every real quiz file."""

from __future__ import annotations

import builtins
import itertools
import logging
import re

import pytest
import traitlets
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import content, quizzes
from widgets.content import Quiz
from widgets.quizzes import (
    ChoiceGroup,
    QuestionState,
    QuizWidget,
    grade,
    objectives_to_revisit,
    score_summary,
    shuffle_options,
)


def make_quiz(**over) -> Quiz:
    data = {
        "id": "sample",
        "module": "what-it-is",
        "title": "Check your understanding",
        "intro": "A few questions.",
        "questions": [
            {"id": "q-single", "type": "single", "prompt": "What does the clinical term describe?",
             "objective": "define-bond", "references": ["dutton-painter-1981"],
             "explanation": "A strong attachment to someone who causes harm.",
             "options": [
                 {"id": "right", "text": "Attachment to someone who harms you", "correct": True,
                  "feedback": "Yes: a strong tie to a person who also causes harm."},
                 {"id": "shared", "text": "Closeness after a shared hardship",
                  "feedback": "That is the everyday meaning, not the clinical one."},
                 {"id": "illness", "text": "A mental illness",
                  "feedback": "It is a description, not a diagnosis."},
                 {"id": "all", "text": "All of the above", "pinned": True,
                  "feedback": "Only one of these is the clinical meaning."},
             ]},
            {"id": "q-multiple", "type": "multiple", "prompt": "Which two conditions build the bond?",
             "objective": "two-conditions", "explanation": "A power imbalance and alternating treatment.",
             "options": [
                 {"id": "power", "text": "A power imbalance", "correct": True,
                  "feedback": "Yes: one person holds more power."},
                 {"id": "mixed", "text": "Good and bad treatment that alternate", "correct": True,
                  "feedback": "Yes: the mix of kindness and harm."},
                 {"id": "weak", "text": "A weak character", "feedback": "No: this is about learning, not character."},
             ]},
            {"id": "q-myth", "type": "truefalse", "prompt": "Myth or fact? No hitting means no abuse.",
             "objective": "not-diagnosis", "explanation": "Coercive control is abuse.",
             "options": [
                 {"id": "myth", "text": "Myth", "correct": True, "feedback": "Right, it is a myth."},
                 {"id": "fact", "text": "Fact", "feedback": "Emotional abuse and control are abuse too."},
             ]},
            {"id": "q-order", "type": "order", "prompt": "Put the steps in order.",
             "objective": "relief-learning", "explanation": "Threat, then relief, then learning.",
             "options": [
                 {"id": "threat", "text": "A threat is expected", "feedback": "It starts with a threat."},
                 {"id": "eases", "text": "The threat does not come", "feedback": "Then it does not come."},
                 {"id": "relief", "text": "Relief is felt", "feedback": "Relief follows."},
                 {"id": "learn", "text": "The brain learns from the relief", "feedback": "Learning comes last."},
             ]},
        ],
    }
    data.update(over)
    return Quiz.model_validate(data)


@pytest.fixture
def quiz_widget() -> QuizWidget:
    c = content.get()
    return QuizWidget(make_quiz(), seed=7, objectives=c.objectives, references=c.references)


# --------------------------------------------------------------------------- answering


def test_right_answer_is_told_why_it_is_right(quiz_widget):
    q = quiz_widget.question("q-single")
    q.choose("right")
    result = q.check()
    assert result.correct
    assert q.feedback_text.startswith("✓ Correct.")
    assert "a strong tie to a person who also causes harm" in q.feedback_text
    assert "A strong attachment to someone who causes harm." in q.feedback_text  # the explanation
    assert "Dutton" in q.feedback_text  # the cited reference, by its citation
    assert q.button("check")["disabled"] and q.button("retry")["disabled"]
    assert q.disabled


def test_wrong_answer_is_told_why_kindly_in_words_not_colour(quiz_widget):
    q = quiz_widget.question("q-single")
    q.choose("shared")
    assert not q.check().correct
    text = q.feedback_text
    assert text.startswith("✗ Not quite.")
    assert "That is the everyday meaning, not the clinical one." in text
    assert "Attachment to someone who harms you" not in text  # the right answer is not given away
    assert 'role="status"' not in q.feedback_html  # the live region is the page's persistent element
    assert "Try again" in text
    # Every later message goes into the same announced area (tests/test_browser_quiz.py checks, in the page,
    # that it is the same element from the first feedback to the last).
    q.try_again()
    q.choose("right")
    q.check()
    assert "✓ Correct." in quizzes.html_to_text(q.status) and "Not quite" not in q.feedback_text


def test_retry_then_reveal_after_a_second_wrong_try(quiz_widget):
    q = quiz_widget.question("q-single")
    q.choose("shared")
    q.check()
    assert not q.state.can_reveal and q.button("reveal")["disabled"] and q.button("reveal")["hidden"]
    assert q.disabled and not q.button("retry")["disabled"]
    q.try_again()
    assert not q.disabled and not q.button("check")["disabled"]
    q.choose("illness")
    q.check()
    assert q.state.can_reveal and not q.button("reveal")["disabled"]
    assert not q.button("reveal")["hidden"]
    assert "Show the answer" in q.feedback_text
    q.reveal()
    assert q.state.revealed and q.value == "right"
    assert q.feedback_text.startswith("The answer.")
    assert "Attachment to someone who harms you" in q.feedback_text
    assert "A strong attachment to someone who causes harm." in q.feedback_text
    assert q.button("check")["disabled"] and q.button("reveal")["disabled"]
    assert not q.button("reveal")["hidden"]  # it stays where it was


def test_reveal_is_not_offered_before_two_wrong_tries(quiz_widget):
    q = quiz_widget.question("q-single")
    with pytest.raises(RuntimeError):
        q.reveal()
    q.choose("shared")
    q.check()
    with pytest.raises(RuntimeError):
        q.reveal()


def test_checking_without_an_answer_is_not_a_try(quiz_widget):
    q = quiz_widget.question("q-single")
    assert q.check().incomplete
    assert q.state.attempts == 0
    assert "Choose an answer first" in q.feedback_text
    q.choose("right")
    assert q.feedback_text == ""  # the reminder goes once an answer is chosen
    assert q.check().correct and q.state.first_try_correct


def test_multiple_select_needs_every_right_option_and_no_wrong_one(quiz_widget):
    q = quiz_widget.question("q-multiple")
    q.choose("power")
    result = q.check()
    assert not result.correct and result.missing_correct == 1
    assert "Yes: one person holds more power." in q.feedback_text
    assert "One more answer is also true" in q.feedback_text
    assert "Good and bad treatment" not in q.feedback_text  # the missing one is not named
    q.try_again()
    q.choose("power", "mixed", "weak")
    result = q.check()
    assert not result.correct
    assert "No: this is about learning, not character." in q.feedback_text
    assert q.state.can_reveal
    q.reveal()
    assert set(q.value) == {"power", "mixed"}


def test_multiple_select_right_answer(quiz_widget):
    q = quiz_widget.question("q-multiple")
    q.choose("mixed", "power")
    assert q.check().correct
    assert q.feedback_text.count("✓ Right") == 2


def test_true_false_keeps_myth_before_fact(quiz_widget):
    q = quiz_widget.question("q-myth")
    assert [o.id for o in q.choices] == ["myth", "fact"]
    q.choose("fact")
    assert not q.check().correct
    assert "Emotional abuse and control are abuse too." in q.feedback_text


def test_order_question(quiz_widget):
    q = quiz_widget.question("q-order")
    assert q.kind == "order" and q.steps == 4
    assert q.legend == "Put the steps in order."
    assert q.value == [None] * 4
    q.choose("threat", "threat", "relief", "learn")
    assert q.check().incomplete  # the same step twice is not a try
    q.choose("eases", "threat", "relief", "learn")
    result = q.check()
    assert not result.correct and result.in_place == 2
    assert "2 of 4 steps are in the right place" in q.feedback_text
    q.try_again()
    q.choose("threat", "eases", "relief", "learn")
    assert q.check().correct
    assert "Every step is in its place" in q.feedback_text


def test_order_reveal_shows_the_order(quiz_widget):
    q = quiz_widget.question("q-order")
    for _ in range(2):
        q.choose("learn", "relief", "eases", "threat")
        q.check()
        q.try_again()
    q.reveal()
    assert q.value == ["threat", "eases", "relief", "learn"]
    assert "The order is:" in q.feedback_text


# --------------------------------------------------------------------------- score and recap


def test_score_counts_first_tries_and_names_objectives_to_revisit(quiz_widget):
    w = quiz_widget
    assert w.score_text == ""
    w.question("q-single").choose("right")
    w.question("q-single").check()
    assert w.score_text == "So far: 1 of 1 on the first try (4 questions in all)."
    m = w.question("q-multiple")
    m.choose("weak")
    m.check()
    m.try_again()
    m.choose("power", "mixed")
    m.check()  # right on the second try: still counts as not-first-try
    w.question("q-myth").choose("myth")
    w.question("q-myth").check()
    o = w.question("q-order")
    o.choose("learn", "relief", "eases", "threat")
    o.check()
    assert w.score_text == "2 of 4 on the first try."
    assert w.objectives_to_revisit == ["two-conditions", "relief-learning"]
    recap = w.recap_text
    assert content.get().objectives["two-conditions"].text in recap
    assert "first try" in quizzes.html_to_text(w.score.html)
    assert "No grades" in quizzes.html_to_text(w.score.html)


def test_score_functions_on_plain_states():
    q = make_quiz()
    states = [QuestionState(x) for x in q.questions]
    states[0].check("right")
    states[1].check(["weak"])
    states[1].check(["weak"])
    assert score_summary(states).first_try == 1
    assert score_summary(states).answered == 2
    assert objectives_to_revisit(states) == ["two-conditions"]


def test_full_marks_recap_is_kind(quiz_widget):
    answers = {"q-single": ("right",), "q-multiple": ("power", "mixed"), "q-myth": ("myth",),
               "q-order": ("threat", "eases", "relief", "learn")}
    for qid, ids in answers.items():
        quiz_widget.question(qid).choose(*ids)
        quiz_widget.question(qid).check()
    assert quiz_widget.score_text == "4 of 4 on the first try."
    assert quiz_widget.objectives_to_revisit == []
    assert "Nothing to revisit" in quiz_widget.recap_text


# --------------------------------------------------------------------------- shuffling


def test_shuffle_is_reproducible_with_a_seed_and_keeps_pinned_options():
    q = make_quiz().questions[0]
    orders = {tuple(o.id for o in shuffle_options(q, seed)) for seed in range(40)}
    assert len(orders) > 1  # it does shuffle
    for order in orders:
        assert order[3] == "all"  # "All of the above" stays last
    assert shuffle_options(q, 3) == shuffle_options(q, 3)


def test_quiz_widgets_with_the_same_seed_show_the_same_order():
    a, b = QuizWidget(make_quiz(), seed=11), QuizWidget(make_quiz(), seed=11)
    assert [[o.id for o in x.choices] for x in a.questions] == [[o.id for o in x.choices] for x in b.questions]
    assert a.questions[0].values == [o.id for o in a.questions[0].choices]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**9))
def test_shuffle_properties(seed):
    quiz = make_quiz()
    for q in quiz.questions:
        out = shuffle_options(q, seed)
        assert sorted(o.id for o in out) == sorted(o.id for o in q.options)
        for i, o in enumerate(q.options):
            if o.pinned:
                assert out[i] == o
        if q.type == "truefalse":
            assert out == list(q.options)
        if q.type == "order":
            assert out != list(q.options)  # never shown already in the right order


# --------------------------------------------------------------------------- grading and controls


def test_grade_single_and_unknown_ids():
    q = make_quiz().questions[0]
    assert grade(q, "right").correct
    assert grade(q, None).incomplete
    with pytest.raises(KeyError):
        grade(q, "nope")


def test_choice_group_rejects_unknown_values_and_clears():
    g = ChoiceGroup([("a", "A"), ("b", "B")], legend="Pick one")
    g.value = "a"
    with pytest.raises(traitlets.TraitError):
        g.value = "zzz"
    g.clear()
    assert g.value is None
    m = ChoiceGroup([("a", "A"), ("b", "B")], legend="Pick", kind="checkbox")
    m.value = ["b", "a"]
    assert m.value == ["a", "b"]
    o = ChoiceGroup([("a", "A"), ("b", "B")], legend="Order", kind="order")
    assert o.value == [None, None]
    o.value = ["b"]
    assert o.value == ["b", None]
    o.clear()
    assert o.value == [None, None]


def test_only_the_learners_choice_may_be_set_by_the_browser():
    """The course's security rule (HELPERS, "browser may set"): of the synced traits, only the learner's
    choice is tagged ``browser=True``; the question, its options, the lock and the feedback are the kernel's."""
    for widget_class in (ChoiceGroup, quizzes.QuestionView, quizzes.LiveStatus):
        synced = {name for name, t in widget_class.class_traits(sync=True).items() if not name.startswith("_")}
        settable = {name for name in synced if widget_class.class_traits()[name].metadata.get("browser")}
        assert settable == (set() if widget_class is quizzes.LiveStatus else {"value"}), widget_class.__name__
        assert {"legend", "options", "disabled"} <= synced or widget_class is quizzes.LiveStatus
    assert {"heading", "buttons", "status"} <= set(quizzes.QuestionView.class_traits(sync=True))


def test_a_button_press_from_the_browser_does_only_what_the_learner_could_do(quiz_widget):
    """The page sends a press as a message. A press of a button the page shows disabled or hidden (a quick
    double click, or a made-up message) changes nothing: the answer cannot be shown before two tries."""
    q = quiz_widget.question("q-single")
    q._on_frontend_msg(q, {"event": "press", "name": "reveal"}, [])  # hidden and disabled
    q._on_frontend_msg(q, {"event": "press", "name": "retry"}, [])  # nothing to retry
    q._on_frontend_msg(q, {"event": "press", "name": "<script>"}, [])
    assert not q.state.revealed and q.state.attempts == 0 and q.status == ""
    q._on_frontend_msg(q, {"event": "choose", "value": "shared"}, [])
    q._on_frontend_msg(q, {"event": "press", "name": "check"}, [])
    assert q.state.attempts == 1 and q.feedback_text.startswith("✗ Not quite.") and q.disabled
    q._on_frontend_msg(q, {"event": "press", "name": "check"}, [])  # the second click of a double click
    assert q.state.attempts == 1
    q._on_frontend_msg(q, {"event": "press", "name": "reveal"}, [])  # still one wrong try only
    assert not q.state.revealed and q.button("reveal")["hidden"]
    q._on_frontend_msg(q, {"event": "press", "name": "retry"}, [])
    assert not q.disabled and "can be changed now" in q.feedback_text


def test_a_made_up_choice_from_the_browser_changes_nothing(monkeypatch, caplog):
    """A page can only offer the group's options; anything else is refused calmly, and the log says that
    it happened without repeating what was sent."""
    monkeypatch.setenv("COURSE_STRICT", "0")
    g = ChoiceGroup([("a", "A"), ("b", "B")], legend="Pick one")
    g.value = "a"
    server_log = logging.getLogger("course")  # widgets.runtime's server log (it does not propagate)
    server_log.addHandler(caplog.handler)
    try:
        g._on_frontend_msg(g, {"event": "choose", "value": "<script>secret</script>"}, [])
    finally:
        server_log.removeHandler(caplog.handler)
    assert g.value == "a"
    assert "ChoiceGroup" in caplog.text and "secret" not in caplog.text
    monkeypatch.setenv("COURSE_STRICT", "1")
    with pytest.raises(traitlets.TraitError):
        g._on_frontend_msg(g, {"event": "choose", "value": "zzz"}, [])


def test_front_end_code_lives_in_static_files_not_python_strings():
    """anywidget's shape (one Python class + one ES module) and the lead's code standard: no JavaScript or
    CSS in Python strings. Each front-end widget of this module points at its own files in widgets/static/."""
    from pathlib import Path

    static = Path(quizzes.__file__).parent / "static"
    for widget_class, stem in ((ChoiceGroup, "choice_group"), (quizzes.LiveStatus, "live_status")):
        esm = static / f"{stem}.js"
        css = static / f"{stem}.css"
        assert "export default" in esm.read_text() and "{" in css.read_text()
        widget = widget_class()
        assert widget._esm == esm.read_text() and widget._css == css.read_text(), widget_class.__name__
    # a question is an answer group with a heading, buttons and feedback: the same module, and both styles
    view = quizzes.QuestionView(make_quiz().questions[0], 1, 1)
    assert view._esm == (static / "choice_group.js").read_text()
    assert view._css == (static / "choice_group.css").read_text() + (static / "live_status.css").read_text()
    source = Path(quizzes.__file__).read_text()
    for marker in ("createElement", "addEventListener", "export default", "border-left:", "{ display"):
        assert marker not in source


def test_a_choice_from_the_browser_arrives_as_an_immediate_message():
    """The browser sends each choice as a message, so a quick "Check answer" never grades an older one."""
    g = ChoiceGroup([("a", "A"), ("b", "B")], legend="Pick one")
    sent = []
    g.send_state = lambda *args, **kwargs: sent.append(args)  # what would go back to the browser
    g._on_frontend_msg(g, {"event": "choose", "value": "b"}, [])
    assert g.value == "b"
    assert sent == []  # the browser already shows it: not echoed back


def test_every_control_has_an_accessible_name(quiz_widget):
    for q in quiz_widget.questions:
        assert q.legend == q.question.prompt
        assert [b["label"] for b in q.buttons] == ["Check answer", "Try again", "Show the answer"]
    assert "Question 1 of 4" in quiz_widget.questions[0].heading
    assert "What this checks:" in quiz_widget.questions[0].heading


def test_no_free_text_boxes_anywhere(quiz_widget):
    import ipywidgets

    def walk(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from walk(child)

    kinds = {type(x) for x in walk(quiz_widget)}
    assert not kinds & {ipywidgets.Text, ipywidgets.Textarea}


def test_answering_writes_nothing_to_disk(quiz_widget, monkeypatch):
    def no_open(*args, **kwargs):
        raise AssertionError(f"a quiz tried to open a file: {args!r}")

    monkeypatch.setattr(builtins, "open", no_open)
    q = quiz_widget.question("q-single")
    q.choose("shared")
    q.check()
    q.try_again()
    q.choose("right")
    q.check()


# --------------------------------------------------------------------------- the real quiz files


REAL = content.get()


@pytest.mark.parametrize("quiz_id", sorted(REAL.quizzes))
def test_every_real_quiz_resolves_and_renders(quiz_id):
    quiz = REAL.quizzes[quiz_id]
    assert quiz.module in REAL.modules
    for q in quiz.questions:
        assert q.objective in REAL.objectives, q.id
        assert all(r in REAL.references for r in q.references), q.id
        assert all(o.feedback.strip() for o in q.options), q.id
    w = quizzes.quiz(quiz_id, seed=1)
    assert isinstance(w, QuizWidget)
    # every question can be answered right, and says so
    for view in w.questions:
        q = view.question
        if q.type == "order":
            view.choose(*[o.id for o in q.options])
        else:
            view.choose(*[o.id for o in q.options if o.correct])
        assert view.check().correct, q.id
        assert view.feedback_text.startswith("✓ Correct.")
    assert w.score_text == f"{len(quiz.questions)} of {len(quiz.questions)} on the first try."


def test_every_module_notebook_that_calls_quiz_names_a_real_quiz():
    import json
    import re

    from conftest import NOTEBOOKS

    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        for quiz_id in re.findall(r"\bquiz\(\s*[\"']([^\"']+)[\"']", code):
            assert quiz_id in REAL.quizzes, f"{nb.name} calls quiz('{quiz_id}')"


def test_unknown_quiz_shows_a_calm_message(monkeypatch):
    monkeypatch.setenv("COURSE_STRICT", "0")
    out = quizzes.quiz("no-such-quiz")
    assert "could not be shown" in out.data
    monkeypatch.setenv("COURSE_STRICT", "1")
    with pytest.raises(KeyError):
        quizzes.quiz("no-such-quiz")


# --------------------------------------------------------------------------- item-writing standards
#
# The oracle: Haladyna, Downing & Rodriguez (2002), "A review of multiple-choice item-writing guidelines for
# classroom assessment", Applied Measurement in Education 15(3), 309-333 (the 31 guidelines), and the course
# brief's safety and science facts (COURSE_BRIEF.md sections 3 and 6).

QUESTIONS = [(quiz, q) for quiz in REAL.quizzes.values() for q in quiz.questions]
SINGLE = [q for _, q in QUESTIONS if q.type == "single"]
MULTIPLE = [q for _, q in QUESTIONS if q.type == "multiple"]
TRUEFALSE = [q for _, q in QUESTIONS if q.type == "truefalse"]
AFFIRM, DENY = {"True", "Fact"}, {"False", "Myth"}


def key_of(question) -> str:
    """ "affirm" when the keyed answer says the statement holds (True, Fact), "deny" otherwise."""
    (right,) = [o for o in question.options if o.correct]
    assert sorted(o.text for o in question.options) in (["False", "True"], ["Fact", "Myth"]), question.id
    return "affirm" if right.text in AFFIRM else "deny"


def right_is_longest(question) -> bool:
    right = max(len(o.text) for o in question.options if o.correct)
    return right >= max(len(o.text) for o in question.options if not o.correct)


def test_the_right_option_is_the_longest_in_at_most_a_third_of_single_choice_items():
    """Haladyna et al. 2002, guideline 23 ("keep the length of choices about equal"): test-wise learners pick
    the longest option. If the key is longest (ties count) in more than a third of items, length is a cue."""
    longest = [q.id for q in SINGLE if right_is_longest(q)]
    assert len(SINGLE) >= 20
    assert len(longest) <= len(SINGLE) / 3, (
        f"the key is the longest option in {len(longest)} of {len(SINGLE)}: {longest}")


@pytest.mark.parametrize("question", SINGLE + MULTIPLE, ids=lambda q: q.id)
def test_options_are_of_similar_length_and_none_is_a_throwaway(question):
    """Haladyna et al. 2002, guidelines 23 and 29 ("make all distractors plausible"): no option is under half the
    length of the longest, and none is a one- or two-word throwaway such as "Love"."""
    lengths = [len(o.text) for o in question.options]
    assert min(lengths) >= max(lengths) / 2, [o.text for o in question.options]
    assert all(len(o.text.split()) >= 3 for o in question.options), [o.text for o in question.options]


@pytest.mark.parametrize("question", MULTIPLE, ids=lambda q: q.id)
def test_no_choose_all_item_has_every_option_right(question):
    """Haladyna et al. 2002, guideline 25 (avoid "all of the above"): a "choose all" item whose options are all
    right is answered by ticking everything, without reading. Each needs at least one plausible wrong option."""
    assert any(o.correct for o in question.options)
    assert not all(o.correct for o in question.options)


@pytest.mark.parametrize("scope", ["all true/false items", "myths-facts"])
def test_neither_key_of_the_true_false_items_passes_60_percent(scope):
    """Haladyna et al. 2002, guideline 22 (balance the answer key): when most statements are myths, a learner
    can score by always answering "Myth". Neither key (True/Fact or False/Myth) may pass 60%."""
    items = TRUEFALSE if scope.startswith("all") else REAL.quizzes["myths-facts"].questions
    keys = [key_of(q) for q in items]
    assert len(keys) >= 10
    for key in ("affirm", "deny"):
        assert keys.count(key) / len(keys) <= 0.6, f"{keys.count(key)} of {len(keys)} are keyed {key}"


def test_every_question_names_an_objective_and_every_objective_is_assessed():
    """DESIGN.md: every quiz question names the learning objective it assesses; every objective of the course
    is assessed by at least one question (constructive alignment)."""
    for _, q in QUESTIONS:
        assert q.objective in REAL.objectives, q.id
    assessed = {q.objective for _, q in QUESTIONS}
    assert set(REAL.objectives) - assessed == set()


@pytest.mark.parametrize("question", [q for _, q in QUESTIONS], ids=lambda q: q.id)
def test_every_option_has_its_own_kind_feedback(question):
    """loveisrespect's and the brief's practice: every option explains itself, and nothing blames or pushes
    ("just leave", "why didn't you", "you should have")."""
    feedback = [o.feedback for o in question.options]
    assert len(set(feedback)) == len(feedback), "two options share one feedback text"
    text = " ".join(feedback + [question.explanation, question.prompt]).lower()
    for phrase in ("just leave", "why didn't you", "why did you not", "you should have", "your fault", "stupid"):
        assert phrase not in text.replace("not your fault", ""), phrase
    for o in question.options:
        assert not o.feedback.startswith(("No.", "Wrong", "Incorrect")), (o.id, o.feedback)


DANGER_SIGNS = {  # COURSE_BRIEF section 6; Campbell et al. 2003; Glass et al. 2008
    "strangling, even once": r"neck|strangl",
    "access to a gun": r"\bgun\b",
    "forced or pressured sex": r"\bsex\b",
    "stalking": r"tracking|following|stalking|turning up",
    "a recent separation": r"\bleft\b|separation|leaving",
}


def test_danger_items_teach_the_strongest_danger_signs():
    """Campbell et al. 2003 and Glass et al. 2008 (COURSE_BRIEF section 6): the quiz items on danger signs
    cover strangulation even once, gun access, forced sex, stalking and a recent separation, and the key for
    each is "a danger sign" (a yes, never a score)."""
    danger = [q for _, q in QUESTIONS if q.objective == "danger-signs"]
    assert len(danger) >= 3
    keyed = " ".join(o.text + " " + o.feedback for q in danger for o in q.options if o.correct)
    setting = " ".join(q.prompt + " " + q.explanation for q in danger)
    for sign, pattern in DANGER_SIGNS.items():
        assert re.search(pattern, keyed + " " + setting, re.IGNORECASE), sign
    strangled = next(q for q in danger if q.id == "sr-danger-once")
    wrong = [o for o in strangled.options if not o.correct]
    assert any("no marks" in o.text for o in wrong) and any("second time" in o.text for o in wrong)
    assert "medical" in " ".join(o.feedback for o in strangled.options if o.correct) + strangled.explanation


def test_technology_safety_item_warns_against_sudden_changes():
    """NNEDV Safety Net (techsafety.org) and COURSE_BRIEF section 5: removing an app that tracks you, or changing
    passwords suddenly, can alert the person and raise danger; plan with an advocate from a safer device."""
    q = next(q for _, q in QUESTIONS if q.id == "hs-tech")
    (right,) = [o for o in q.options if o.correct]
    delete = next(o for o in q.options if o.text.lower().startswith("delete"))
    assert "advocate" in right.text and "safer device" in right.text
    assert not delete.correct and "alert" in delete.feedback and "makes sense" in delete.feedback


def test_helping_a_friend_item_keys_listening_over_ultimatums_and_confronting():
    """The Hotline's advice for friends and family (COURSE_BRIEF section 5): believe and listen, no ultimatums,
    do not confront the person causing harm."""
    q = next(q for _, q in QUESTIONS if q.id == "hs-friend")
    (right,) = [o for o in q.options if o.correct]
    assert right.text.lower().startswith("listen, believe")
    wrong = " ".join(o.text.lower() for o in q.options if not o.correct)
    assert "must leave" in wrong and "talk to their partner" in wrong


def test_a_trauma_bond_is_told_apart_from_ordinary_grief():
    """COURSE_BRIEF section 6: grief after any break-up hurts; what marks a trauma bond is harm and a power
    imbalance, not how much it hurts. A scenario with no harm is keyed "ordinary grief"."""
    q = next(q for _, q in QUESTIONS if q.id == "wi-grief")
    (right,) = [o for o in q.options if o.correct]
    assert "ordinary grief" in right.text
    assert "afraid" in q.prompt and "kind" in q.prompt
    signs = next(q for _, q in QUESTIONS if q.id == "sr-signs")
    missing = next(o for o in signs.options if "Missing" in o.text)
    assert not missing.correct and "ordinary grief" in missing.feedback


def test_the_hormone_message_comes_in_the_briefs_two_halves():
    """COURSE_BRIEF section 3: "hormones build up with every cycle" is a myth only in its single-surge sense.
    The single-surge statement is keyed Myth/False, and the other half (months of uncontrollable threat can
    change how the stress system runs) is keyed Fact; "it does not keep building" is never keyed plain Fact."""
    hormone = [q for q in TRUEFALSE if re.search(r"hormone|stress system", q.prompt, re.IGNORECASE)]
    surge = [q for q in hormone if re.search(r"pile up|build up|stack", q.prompt, re.IGNORECASE)]
    adapting = [q for q in hormone if re.search(r"months", q.prompt, re.IGNORECASE)]
    assert surge and adapting
    assert all(key_of(q) == "deny" for q in surge)
    assert all(key_of(q) == "affirm" for q in adapting)
    for q in hormone:
        denies = re.search(r"do(es)? not|don't|never", q.prompt, re.IGNORECASE)
        if denies and re.search(r"build|pile|stack", q.prompt, re.IGNORECASE):
            pytest.fail(f"{q.id} keys 'it does not keep building' as a statement: {q.prompt}")
    for q in surge:
        said = " ".join(o.feedback for o in q.options) + q.explanation
        assert "learned expectation" in said and re.search(r"months|over time|second half", said), q.id


# (question, words the keyed option must contain, words of a tempting option that must never be keyed)
PRACTICAL_KEYS = [
    # NNEDV Safety Net; Coalition Against Stalkerware: sudden changes can alert the person and raise danger
    ("ts-sudden", "danger may rise", "cutting off access is the safest"),
    ("ts-meanwhile", "safer device", "clear the whole history"),
    ("ts-knows", "tracker", "imagining it"),
    # Weisz, Tolman & Saunders 2000; Cattaneo et al. 2007: survivors' own sense of danger is usually right
    ("sg-instincts", "often right", "wait for proof"),
    # Women's Aid; Anderson & Saunders 2003: going back is common, support is still there
    ("sg-went-back", "still help", "leaving was a mistake"),
    # NNEDV, WomensLaw: safety comes before evidence; an order is not a shield
    ("rl-where", "only she knows", "notes app on her own phone"),
    ("rl-order", "safety plan", "Sam is now safe"),
    # the Hotline's advice for friends and family; Campbell et al. 2003 (separation raises danger)
    ("hp-first", "I believe you", "work out why"),
    ("hp-rescue", "raise the danger", "the sooner Sam is out"),
    # DAIP (power and control, not temper); the Hotline on couples counselling
    ("hs-anger", "power and control", "abuse comes from anger"),
    ("wh-men", "there is help", "services are all for women"),
    ("fa-coercion", "Sexual coercion", "no physical force"),
    ("fa-after", "after separation", "mediation could settle"),
]


@pytest.mark.parametrize(("qid", "keyed", "tempting"), PRACTICAL_KEYS, ids=[k[0] for k in PRACTICAL_KEYS])
def test_practical_safety_items_key_the_safe_answer_and_never_the_tempting_one(qid, keyed, tempting):
    """COURSE_BRIEF section 5 as a scenario table: each practical item keys the answer the services give, and
    the tempting misconception beside it (act at once, doubt yourself, going back was a failure, an order means
    safety, rescue them, it is anger, men are not harmed) is offered but never keyed."""
    q = next(q for _, q in QUESTIONS if q.id == qid)
    (right,) = [o for o in q.options if o.correct]
    assert keyed in right.text, right.text
    wrong = [o for o in q.options if tempting in o.text]
    assert wrong and not any(o.correct for o in wrong)


MODULE_QUIZZES = sorted(q.id for q in REAL.quizzes.values() if q.id == q.module)  # all but the final myth check


def test_every_learning_module_has_its_own_quiz():
    """DESIGN.md's skeleton: each learner module ends with its own quiz, named by the module's id (the final
    check, module 12, is the myths-and-facts quiz)."""
    quizzed = {q.module for q in REAL.quizzes.values()}
    assert {m.id for m in REAL.info.modules if m.number and m.number != "00"} <= quizzed
    assert "myths-facts" in REAL.quizzes and REAL.quizzes["myths-facts"].module == "final-check"


@pytest.mark.parametrize("quiz_id", MODULE_QUIZZES)
def test_each_module_quiz_has_a_short_scenario_item(quiz_id):
    """Haladyna et al. 2002, guideline 4 (test understanding, not recall: use novel situations): each module's
    quiz asks about at least one short situation, not only definitions."""
    people = re.compile(r"\b(Sam|Alex|Jo|Kim|Chris|Priya|Dev|Someone|Your friend|A friend|A couple)\b")
    scenarios = [q for q in REAL.quizzes[quiz_id].questions if people.search(q.prompt)]
    assert scenarios
    assert all(len(q.prompt) <= 260 for q in scenarios), "scenarios stay short enough to read on a phone"


# --------------------------------------------------------------------------- the facilitator guide


def guide_text() -> str:
    import json

    from conftest import NOTEBOOKS

    from widgets.citations import as_keys

    cells = json.loads((NOTEBOOKS / "facilitator-guide.ipynb").read_text(encoding="utf-8"))["cells"]
    return as_keys("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown"))


def session_plans() -> dict[str, list[tuple[int, int, str, str]]]:
    """Each plan table under a "###" or "**Session" heading: (start, end, module, what to do) rows."""
    plans: dict[str, list] = {}
    title = None
    for line in guide_text().splitlines():
        if line.startswith(("### ", "**Session")):
            title = line.strip("#* ")
        row = re.match(r"\|\s*(\d+)-(\d+) min\s*\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|", line)
        if row and title:
            plans.setdefault(title, []).append((int(row[1]), int(row[2]), row[3], row[4]))
    return plans


def minutes_per_module(rows) -> dict[str, int]:
    out: dict[str, int] = {}
    for start, end, module, _ in rows:
        number = module.split()[0]
        out[number] = out.get(number, 0) + end - start
    return out


LEARNING_MODULES = [m for m in REAL.info.modules if m.number]


def test_every_session_plan_adds_up_to_its_stated_length():
    """A plan's rows run on from 0 with no gaps or overlaps, and end at the length its heading states
    ("two hours", "90 minutes", "(120 minutes)"): the old 90-minute plan squeezed 135 minutes into 90."""
    plans = session_plans()
    assert len(plans) >= 3
    for title, rows in plans.items():
        assert rows[0][0] == 0, title
        for (_, end, *_), (start, *_) in itertools.pairwise(rows):
            assert start == end, f"{title}: a gap or overlap at {end} min"
        stated = re.search(r"(\d+) minutes|two hours", title)
        assert stated, title
        length = 120 if stated[0] == "two hours" else int(stated[1])
        assert rows[-1][1] == length, f"{title}: ends at {rows[-1][1]}, says {length}"


def test_the_whole_course_plan_gives_each_module_its_own_minutes():
    """content/course.yml is the source of each module's minutes: the whole-course plan gives every learner
    module at least that much, and the guide's table of minutes matches the file."""
    plans = session_plans()
    whole = [row for title, rows in plans.items() if title.startswith("Session") for row in rows]
    given = minutes_per_module(whole)
    for m in LEARNING_MODULES:
        assert given.get(m.number, 0) >= m.minutes, f"module {m.number}: {given.get(m.number, 0)} of {m.minutes} min"
        assert re.search(rf"\|\s*{m.number} [^|]+\|\s*{m.minutes}\s*\|", guide_text()), f"minutes of {m.number}"
    total = sum(m.minutes for m in LEARNING_MODULES)
    assert re.search(rf"\|\s*\*\*All {len(LEARNING_MODULES)} modules\*\*\s*\|\s*\*\*{total}\*\*", guide_text())


def test_the_short_plan_says_what_it_skips_and_never_skips_safety():
    """Where the 90-minute plan gives a module less than its minutes, the row names what to skip; the
    quick exit, help, the danger signs and planning with an advocate are kept (COURSE_BRIEF section 5-6)."""
    rows = session_plans()["One session of 90 minutes, with what it skips"]
    given = minutes_per_module(rows)
    for m in LEARNING_MODULES:
        row = " ".join(what for _, _, module, what in rows if module.startswith(m.number))
        assert row, f"module {m.number} has no row"
        if given[m.number] < m.minutes:
            assert "Skip" in row, f"module {m.number} is shortened without saying what to skip"
    text = " ".join(what for *_, what in rows)
    for kept in ("quick exit", "danger signs in full", "safety with an advocate", "technology safety"):
        assert kept in text, kept
    covered = sum(given[m.number] for m in LEARNING_MODULES)
    assert f"{covered} of the {sum(m.minutes for m in LEARNING_MODULES)} minutes" in guide_text()


def test_answers_in_the_room_are_private():
    """Trauma-informed practice (SAMHSA 2014: safety; empowerment, voice and choice): a show of hands can expose
    someone, so the guide offers private ways to answer and never asks for hands."""
    text = guide_text().lower()
    assert "show of hands can expose" in text
    assert "show of hands" not in text.replace("show of hands can expose", "").replace("never a show of hands", "")
    assert "hands up" not in text and "raise your hand" not in text
    for way in ("answer cards", "sticky note", "paper"):
        assert way in text, way


def test_the_danger_section_names_the_strongest_signs_with_sources_and_an_advocate_that_day():
    """Campbell et al. 2003, the Danger Assessment (Campbell, Webster & Glass 2009) and Glass et al. 2008: the
    guide names sexual violence, stalking, gun access, strangling even once, a recent separation and pregnancy,
    cites its sources, and sends any single high-danger sign to an advocate that day, never to a score."""
    text = guide_text()
    section = text[text.index("## 6. If someone tells you about abuse"):text.index("## 7.")]
    for sign in ("sexual violence", "stalking", "gun", "even once", "recent or planned separation", "pregnancy"):
        assert sign in section.lower(), sign
    for ref in ("campbell-2003", "campbell-2009", "glass-2008"):
        assert f"[ref:{ref}]" in section and ref in REAL.references
    assert "advocate that day" in section and "a single one is enough" in section
    assert "score" in section and "do not add signs up to a score" in section
    assert "simply leave" in section and "never tell anyone to simply leave" in section


# --------------------------------------------------------------------------- what the page receives


def test_a_quiz_page_opens_few_widgets_and_sends_the_learner_their_feedback(widget_comms):
    """Each widget is a comm the kernel opens at start-up and a state the page fetches first, and each costs
    its kernel about 2 ms of CPU (issue 17). A question is one widget (its heading, answer group, buttons and
    feedback drawn by one ES module), where it was nine, and once about 20. Checking an answer sends the
    feedback to the page."""
    w = quizzes.quiz("myths-facts", seed=1)  # page 12: the most questions
    questions = len(w.questions)
    assert questions >= 20
    assert len(widget_comms) <= questions + 6, f"{len(widget_comms)} widgets for {questions} questions"
    assert len({id(q.layout) for q in w.questions}) == 1, "the unchanging layouts are not shared"

    first = w.questions[0]
    first.choose(*([o.id for o in first.choices][:1] if first.question.type not in ("order", "multiple")
                   else [o.id for o in first.choices]))
    sent_before = len(first.comm.messages)
    first.press("check")
    sent = first.comm.messages[sent_before:]
    assert any("course-feedback" in str(m.get("state", {}).get("status", "")) for m in sent), sent
    assert any(m.get("state", {}).get("buttons") for m in sent), "the page is not told the buttons changed"
