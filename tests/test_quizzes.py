"""Quizzes through their Python API: right and wrong answers, feedback, retry, reveal, score, shuffling,
and a content check of every real quiz file."""

from __future__ import annotations

import builtins

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
    assert q.check_button.disabled and q.retry_button.disabled
    assert q.control.disabled


def test_wrong_answer_is_told_why_kindly_in_words_not_colour(quiz_widget):
    q = quiz_widget.question("q-single")
    q.choose("shared")
    assert not q.check().correct
    text = q.feedback_text
    assert text.startswith("✗ Not quite.")
    assert "That is the everyday meaning, not the clinical one." in text
    assert "Attachment to someone who harms you" not in text  # the right answer is not given away
    assert 'role="status"' not in q.feedback_html  # the live region is the persistent LiveStatus element
    assert isinstance(q.feedback, quizzes.LiveStatus)
    assert "Try again" in text


def test_retry_then_reveal_after_a_second_wrong_try(quiz_widget):
    q = quiz_widget.question("q-single")
    q.choose("shared")
    q.check()
    assert not q.state.can_reveal and q.reveal_button.disabled
    assert q.control.disabled and not q.retry_button.disabled
    q.try_again()
    assert not q.control.disabled and not q.check_button.disabled
    q.choose("illness")
    q.check()
    assert q.state.can_reveal and not q.reveal_button.disabled
    assert q.reveal_button.layout.display is None
    assert "Show the answer" in q.feedback_text
    q.reveal()
    assert q.state.revealed and q.control.value == "right"
    assert q.feedback_text.startswith("The answer.")
    assert "Attachment to someone who harms you" in q.feedback_text
    assert "A strong attachment to someone who causes harm." in q.feedback_text
    assert q.check_button.disabled and q.reveal_button.disabled


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
    assert set(q.control.value) == {"power", "mixed"}


def test_multiple_select_right_answer(quiz_widget):
    q = quiz_widget.question("q-multiple")
    q.choose("mixed", "power")
    assert q.check().correct
    assert q.feedback_text.count("✓ Right") == 2


def test_true_false_keeps_myth_before_fact(quiz_widget):
    q = quiz_widget.question("q-myth")
    assert [o.id for o in q.options] == ["myth", "fact"]
    q.choose("fact")
    assert not q.check().correct
    assert "Emotional abuse and control are abuse too." in q.feedback_text


def test_order_question(quiz_widget):
    q = quiz_widget.question("q-order")
    assert q.control.kind == "order" and q.control.steps == 4
    assert q.control.legend == "Put the steps in order."
    assert q.control.value == [None] * 4
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
    assert q.control.value == ["threat", "eases", "relief", "learn"]
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
    assert [[o.id for o in x.options] for x in a.questions] == [[o.id for o in x.options] for x in b.questions]
    assert a.questions[0].control.values == [o.id for o in a.questions[0].options]


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
        assert q.control.legend == q.question.prompt
        for b in (q.check_button, q.retry_button, q.reveal_button):
            assert b.description in ("Check answer", "Try again", "Show the answer")
    assert "Question 1 of 4" in quiz_widget.questions[0].header.value
    assert "What this checks:" in quiz_widget.questions[0].header.value


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
