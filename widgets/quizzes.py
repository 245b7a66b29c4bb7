"""Quizzes with real feedback: every option says why it is right or wrong, kindly.

Two layers, as in DESIGN.md:

* plain functions and small classes that decide (``shuffle_options``, ``grade``, ``QuestionState``,
  ``score_summary``, ``objectives_to_revisit``); tests call them without a browser;
* thin widget views (``QuestionView``, ``QuizWidget``) that show content and call those functions.

Nothing a learner chooses is written anywhere: state lives in these objects, in the kernel's memory,
for the length of the visit. No grades, no leaderboard.

The two accessible controls (``ChoiceGroup``, ``LiveStatus``; each an ES module and a style sheet in
``widgets/static/``) are shared with the reflection checklist. They are small anywidgets because ipywidgets
8.1's RadioButtons render radios without a shared
``name`` and without a group label: arrow keys do not move between the options and a screen reader does
not hear the question. A ``<fieldset>`` with a ``<legend>`` and named inputs gives both, natively.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as w
import traitlets
from ipywidgets.widgets.widget_string import HTMLStyle

from widgets import course
from widgets.frontend import FrontEndWidget, ShortRepr, source
from widgets.runtime import calm, log_failure, shared, strict
from widgets.runtime import e as _e

if TYPE_CHECKING:  # schema types for annotations only: kernels load widgets.course
    from widgets.content import Option, Question, Quiz

# --------------------------------------------------------------------------- accessible controls

_STATIC = Path(__file__).resolve().parent / "static"


class ChoiceGroup(FrontEndWidget):
    """A labelled group of form controls: radio buttons (``kind="radio"``), checkboxes (``"checkbox"``),
    or one labelled drop-down per place for putting steps in order (``"order"``).

    ``value``: the chosen option value or ``None`` (radio); a list of values (checkbox); a list with one
    value or ``None`` per place (order). The legend is read out when focus enters the group.
    """

    _esm = source(_STATIC / "choice_group.js")
    _css = source(_STATIC / "choice_group.css")
    legend = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List(trait=traitlets.List(traitlets.Unicode())).tag(sync=True)  # [[value, label]]
    kind = traitlets.Enum(["radio", "checkbox", "order"], "radio").tag(sync=True)
    steps = traitlets.Int(0).tag(sync=True)  # order: the number of places
    orientation = traitlets.Unicode("vertical").tag(sync=True)
    value = traitlets.Any(None, allow_none=True).tag(sync=True, browser=True)  # the learner's choice
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, options: Iterable[tuple[str, str]] = (), **kwargs):
        pairs = [[v, label] for v, label in options]
        kind = kwargs.get("kind", "radio")
        if kind == "order":
            kwargs.setdefault("steps", len(pairs))
        kwargs.setdefault("value", self._empty(kind, kwargs.get("steps", 0)))
        super().__init__(options=pairs, **kwargs)
        self.on_msg(self._on_frontend_msg)

    @staticmethod
    def _empty(kind: str, steps: int):
        return [] if kind == "checkbox" else [None] * steps if kind == "order" else None

    @property
    def values(self) -> list[str]:
        return [v for v, _ in self.options]

    @traitlets.validate("value")
    def _known_value(self, proposal):
        value = proposal["value"]
        known = set(self.values)
        if self.kind == "checkbox":
            value = [] if value is None else list(value)
            unknown = [v for v in value if v not in known]
            # keep the options' order, so a list of choices compares equal however it was clicked
            value = [v for v in self.values if v in set(value)]
        elif self.kind == "order":
            value = list(value or []) + [None] * self.steps
            value = value[: self.steps]
            unknown = [v for v in value if v is not None and v not in known]
        else:
            unknown = [value] if value is not None and value not in known else []
        if unknown:
            raise traitlets.TraitError(f"unknown option value(s) {unknown}; known: {sorted(known)}")
        return value

    def _on_frontend_msg(self, _widget, msg, _buffers) -> None:
        if not (isinstance(msg, dict) and msg.get("event") == "choose"):
            return
        try:
            # The browser already shows this value: lock it so it is not sent straight back.
            with self._lock_property(value=msg.get("value")):
                self.value = msg.get("value")
        except traitlets.TraitError:
            if strict():
                raise
            # A page cannot offer a value that is not an option; log that it happened, never the value.
            log_failure("ChoiceGroup choice from the browser", ValueError("not one of this group's options"))

    def clear(self) -> None:
        self.value = self._empty(self.kind, self.steps)


class LiveStatus(FrontEndWidget):
    """An HTML area that screen readers announce when it changes (``role="status"``, polite).

    ``html`` must be built by this package with escaped content text, never raw input.
    """

    _esm = source(_STATIC / "live_status.js")
    _css = source(_STATIC / "live_status.css")
    html = traitlets.Unicode("").tag(sync=True)


def html_to_text(fragment: str) -> str:
    """The words of an HTML fragment, for tests and for reading what a screen reader would hear."""
    text = re.sub(r"<(br|/p|/li|/div|/h\d)\s*/?>", " ", fragment)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(html.unescape(text).split())


# --------------------------------------------------------------------------- logic: shuffling


def _rng(seed: int | None, salt: str) -> random.Random:
    # A string seed is hashed deterministically by `random`, so seed + question id gives the same order
    # on every run; None draws a fresh order for each visit.
    return random.Random(f"{seed}:{salt}") if seed is not None else random.Random()


def shuffle_options(question: Question, seed: int | None = None) -> list[Option]:
    """The options in the order this visit shows them.

    * true/false ("myth or fact?") keeps its authored order, so "Myth" and "Fact" do not swap places;
    * ``pinned`` options ("All of the above") keep their authored position; the rest are shuffled around them;
    * an ordering question's steps are always shown out of order (when there are at least two).
    """
    options = list(question.options)
    if question.type == "truefalse":
        return options
    rng = _rng(seed, question.id)
    free = [i for i, o in enumerate(options) if not o.pinned]
    moved = [options[i] for i in free]
    rng.shuffle(moved)
    if question.type == "order" and len(moved) > 1 and moved == [options[i] for i in free]:
        moved = moved[1:] + moved[:1]  # a shuffle that lands on the answer would give it away
    out = list(options)
    for i, o in zip(free, moved):
        out[i] = o
    return out


# --------------------------------------------------------------------------- logic: grading

@dataclass(frozen=True)
class OptionFeedback:
    option: Option
    chosen: bool
    right: bool  # the learner's handling of this option was right (chosen and correct, or a step in place)


@dataclass(frozen=True)
class Grade:
    correct: bool
    incomplete: bool = False  # nothing (or not every step) chosen yet: not counted as a try
    items: tuple[OptionFeedback, ...] = ()
    missing_correct: int = 0  # multiple: right options left unticked (not named, so the answer stays hidden)
    in_place: int = 0  # order: steps already in the right place


def grade(question: Question, response) -> Grade:
    """Decide whether ``response`` answers ``question`` and which per-option feedback to show."""
    by_id = {o.id: o for o in question.options}
    if question.type in ("single", "truefalse"):
        if not response:
            return Grade(False, incomplete=True)
        option = by_id[response]
        return Grade(option.correct, items=(OptionFeedback(option, True, option.correct),))
    if question.type == "multiple":
        chosen = set(response or ())
        if not chosen:
            return Grade(False, incomplete=True)
        unknown = chosen - set(by_id)
        if unknown:
            raise KeyError(f"unknown option id(s) {sorted(unknown)} in question '{question.id}'")
        items = tuple(OptionFeedback(o, True, o.correct) for o in question.options if o.id in chosen)
        missing = sum(1 for o in question.options if o.correct and o.id not in chosen)
        correct = all(i.right for i in items) and missing == 0
        return Grade(correct, items=items, missing_correct=missing)
    # order: the authored order is the answer
    placed = list(response or ())
    if len(placed) != len(question.options) or None in placed or len(set(placed)) != len(placed):
        return Grade(False, incomplete=True)
    items = tuple(OptionFeedback(by_id[oid], True, oid == question.options[i].id) for i, oid in enumerate(placed))
    in_place = sum(i.right for i in items)
    return Grade(in_place == len(items), items=items, in_place=in_place)


@dataclass
class QuestionState:
    """Attempts at one question: try, try again, and after a second wrong try, reveal."""

    question: Question
    attempts: int = 0
    first_try_correct: bool | None = None
    solved: bool = False
    revealed: bool = False
    last: Grade | None = None

    REVEAL_AFTER = 2  # wrong tries before "Show the answer" is offered

    @property
    def wrong_tries(self) -> int:
        return self.attempts - (1 if self.solved else 0)

    @property
    def done(self) -> bool:
        return self.solved or self.revealed

    @property
    def can_reveal(self) -> bool:
        return not self.done and self.wrong_tries >= self.REVEAL_AFTER

    def check(self, response) -> Grade:
        if self.done:
            raise RuntimeError(f"question '{self.question.id}' is already answered")
        result = grade(self.question, response)
        self.last = result
        if result.incomplete:
            return result
        self.attempts += 1
        if self.first_try_correct is None:
            self.first_try_correct = result.correct
        self.solved = result.correct
        return result

    def reveal(self) -> None:
        if not self.can_reveal:
            raise RuntimeError("the answer can be shown after two tries")
        self.revealed = True


# --------------------------------------------------------------------------- logic: score and recap


@dataclass(frozen=True)
class Score:
    first_try: int
    answered: int  # questions tried at least once
    total: int

    @property
    def finished(self) -> bool:
        return self.answered == self.total

    def text(self) -> str:
        if self.answered == 0:
            return ""
        if self.finished:
            return f"{self.first_try} of {self.total} on the first try."
        return f"So far: {self.first_try} of {self.answered} on the first try ({self.total} questions in all)."


def score_summary(states: Sequence[QuestionState]) -> Score:
    return Score(
        first_try=sum(1 for s in states if s.first_try_correct),
        answered=sum(1 for s in states if s.attempts),
        total=len(states),
    )


def objectives_to_revisit(states: Sequence[QuestionState]) -> list[str]:
    """Objective ids of questions not answered right on the first try, once each, in quiz order."""
    out: list[str] = []
    for s in states:
        if s.attempts and not s.first_try_correct and s.question.objective not in out:
            out.append(s.question.objective)
    return out


# --------------------------------------------------------------------------- view: feedback text

RIGHT, WRONG = "✓", "✗"


def _explanation_html(question: Question, references: dict | None) -> str:
    refs = [references[r].citation for r in question.references if references and r in references]
    sources = (f'<p class="course-sources"><small>Source{"s" if len(refs) > 1 else ""}: '
               f'{"; ".join(_e(c) for c in refs)}</small></p>') if refs else ""
    return f'<p class="course-explanation">{_e(question.explanation)}</p>{sources}'


def feedback_html(question: Question, state: QuestionState, references: dict | None = None) -> str:
    """What the feedback area says after the last action. Words first; colour only adds to them."""
    result = state.last
    if state.revealed:
        if question.type == "order":
            steps = "".join(f"<li>{_e(o.text)}</li>" for o in question.options)
            answer = f"<p>The order is:</p><ol>{steps}</ol>"
        else:
            right = "".join(f"<li>{RIGHT} {_e(o.text)}: {_e(o.feedback)}</li>"
                            for o in question.options if o.correct)
            answer = f"<ul>{right}</ul>"
        return (f'<div class="course-feedback course-feedback-reveal"><p><strong>The answer.</strong></p>'
                f"{answer}{_explanation_html(question, references)}</div>")
    if result is None:
        return ""
    if result.incomplete:
        ask = ("Put a different step in each place, then check your answer." if question.type == "order"
               else "Choose an answer first, then check it.")
        return f'<div class="course-feedback"><p>{ask}</p></div>'

    lines = []
    if question.type == "order":
        for i, item in enumerate(result.items, 1):
            if not item.right:
                lines.append(f"<li>{WRONG} Place {i}, “{_e(item.option.text)}”, is not in its place yet. "
                             f"{_e(item.option.feedback)}</li>")
    else:
        for item in result.items:
            mark, word = (RIGHT, "Right") if item.right else (WRONG, "Not this one")
            lines.append(f"<li>{mark} {word}: “{_e(item.option.text)}”. {_e(item.option.feedback)}</li>")
    if result.missing_correct:
        more = "one more answer is" if result.missing_correct == 1 else f"{result.missing_correct} more answers are"
        lines.append(f"<li>{WRONG} {more.capitalize()} also true. Have another look.</li>")
    details = f"<ul>{''.join(lines)}</ul>" if lines else ""

    if result.correct:
        head = f"{RIGHT} Correct."
        if question.type == "order":
            head += " Every step is in its place."
        tail = _explanation_html(question, references)
        cls = "course-feedback-right"
    else:
        head = f"{WRONG} Not quite."
        if question.type == "order":
            head += f" {result.in_place} of {len(result.items)} steps are in the right place."
        if state.can_reveal:
            tail = "<p>You can try again, or choose “Show the answer” to see it with an explanation.</p>"
        else:
            tail = "<p>Getting it wrong is part of learning. Choose “Try again” when you are ready.</p>"
        cls = "course-feedback-wrong"
    return f'<div class="course-feedback {cls}"><p><strong>{head}</strong></p>{details}{tail}</div>'


# --------------------------------------------------------------------------- view: widgets


BUTTONS = (  # (event, label, what it does: the button's tooltip)
    ("check", "Check answer", "Check your answer and see feedback"),
    ("retry", "Try again", "Change your answer and check it again"),
    ("reveal", "Show the answer", "Show the right answer with an explanation"),
)


class QuestionView(ChoiceGroup):
    """One question, as one widget (issue 17: it was nine): its number and objective above the answer group,
    then its three buttons and the announced feedback area, all drawn by ChoiceGroup's ES module.

    The buttons are plain ``<button>`` elements; a press reaches the kernel as a message and does what the
    Python API below does, but only for a button the learner can see enabled. The heading, buttons and
    feedback are the kernel's: the browser can set only the learner's choice (``value``).
    """

    _css = source(_STATIC / "choice_group.css", _STATIC / "live_status.css")
    # ``disabled`` locks the answers, not the buttons ("Try again" is for a locked answer): widgets.guard lets
    # presses through, and press() accepts only a button the page shows enabled.
    ENABLED_WHILE_DISABLED = frozenset({"press"})
    heading = traitlets.Unicode("").tag(sync=True)  # HTML built here from escaped content text
    buttons = traitlets.List(traitlets.Dict()).tag(sync=True)  # [{event, label, title, primary, disabled, hidden}]
    status = traitlets.Unicode("").tag(sync=True)  # the feedback, as HTML built by feedback_html()

    def __init__(self, question: Question, number: int, total: int, seed: int | None = None,
                 objectives: dict | None = None, references: dict | None = None, on_change=None):
        self.question = question
        self.state = QuestionState(question)
        self.choices = shuffle_options(question, seed)  # the Option records, in the order this visit shows them
        self._references = references
        self._on_change = on_change

        objective = objectives.get(question.objective) if objectives else None
        checks = (f'<p class="course-quiz-objective"><small>What this checks: {_e(objective.text)}</small></p>'
                  if objective else "")
        kind = {"multiple": "checkbox", "order": "order"}.get(question.type, "radio")
        super().__init__([(o.id, o.text) for o in self.choices], legend=question.prompt, kind=kind,
                         heading=f'<h3 class="course-quiz-number">Question {number} of {total}</h3>{checks}',
                         buttons=self._buttons(locked=False), _dom_classes=("course-quiz-question",))
        self.observe(self._changed, names="value")

    # -- the Python API tests and the buttons use

    @property
    def response(self):
        return self.value

    def button(self, event: str) -> dict:
        """What the page shows for one button: its label and whether it is disabled or hidden."""
        return next(b for b in self.buttons if b["event"] == event)

    def press(self, event: str) -> None:
        """What a press of a button does, as the page sends it. A button that is disabled or hidden on the
        page does nothing: a made-up press cannot show an answer before two tries or check a locked one."""
        shown = {b["event"] for b in self.buttons if not b["disabled"] and not b["hidden"]}
        if event not in shown:  # also a quick second click that arrives after the first disabled the button
            return
        {"check": self.check, "retry": self.try_again, "reveal": self.reveal}[event]()

    def choose(self, *option_ids: str) -> None:
        """Select an answer as a learner would: one id, several ids (multiple), or the ids in order (order)."""
        if self.question.type in ("order", "multiple"):
            self.value = list(option_ids)
        else:
            (oid,) = option_ids
            self.value = oid

    def check(self) -> Grade:
        result = self.state.check(self.response)
        if not result.incomplete:
            self.disabled = True
        self._refresh()
        return result

    def try_again(self) -> None:
        if self.state.done or not self.state.attempts:
            return
        self.state.last = None
        self.disabled = False
        self.status = ('<div class="course-feedback"><p>Your answer can be changed now. '
                       "Check it again when you are ready.</p></div>")
        self._refresh_buttons()

    def reveal(self) -> None:
        self.state.reveal()
        if self.question.type == "order":
            self.choose(*[o.id for o in self.question.options])
        else:
            self.choose(*[o.id for o in self.question.options if o.correct])
        self.disabled = True
        self._refresh()

    @property
    def feedback_html(self) -> str:
        return self.status

    @property
    def feedback_text(self) -> str:
        return html_to_text(self.status)

    # -- internals

    def _on_frontend_msg(self, widget, msg, buffers) -> None:
        if isinstance(msg, dict) and msg.get("event") == "press":
            self.press(str(msg.get("name")))
        else:
            super()._on_frontend_msg(widget, msg, buffers)

    def _changed(self, _change) -> None:
        # A new choice after an incomplete check clears the "choose an answer first" note.
        if self.state.last is not None and self.state.last.incomplete:
            self.state.last = None
            self.status = ""

    def _refresh(self) -> None:
        self.status = feedback_html(self.question, self.state, self._references)
        self._refresh_buttons()
        if self._on_change:
            self._on_change()

    def _buttons(self, locked: bool) -> list[dict]:
        s = self.state
        disabled = {"check": s.done or locked, "retry": s.done or not locked or not s.attempts,
                    "reveal": not s.can_reveal}
        # "Show the answer" appears after the second wrong try and then stays in its place (wrong tries only grow).
        shown = s.wrong_tries >= s.REVEAL_AFTER
        return [{"event": event, "label": label, "title": title, "primary": event == "check",
                 "disabled": disabled[event], "hidden": event == "reveal" and not shown}
                for event, label, title in BUTTONS]

    def _refresh_buttons(self) -> None:
        self.buttons = self._buttons(self.disabled)


class QuizWidget(ShortRepr, w.VBox):
    """A whole quiz: title, intro, its questions, and a score with objectives to revisit."""

    def __init__(self, quiz: Quiz, seed: int | None = None, objectives: dict | None = None,
                 references: dict | None = None):
        self.quiz = quiz
        self._objectives = objectives or {}
        n = len(quiz.questions)
        self.questions = [QuestionView(q, i, n, seed, self._objectives, references or {},
                                       on_change=self._update_score)
                          for i, q in enumerate(quiz.questions, 1)]
        intro = f"<p>{_e(quiz.intro)}</p>" if quiz.intro.strip() else ""
        self.heading = w.HTML(f'<h2 class="course-quiz-title">{_e(quiz.title)}</h2>{intro}'
                            '<p class="course-quiz-privacy"><small>Your answers are not saved or sent '
                            "anywhere, and there are no grades.</small></p>",
                            layout=shared(w.Layout), style=shared(HTMLStyle))
        self.score = LiveStatus()
        super().__init__([self.heading, *self.questions, self.score], _dom_classes=("course-quiz",))

    @property
    def states(self) -> list[QuestionState]:
        return [q.state for q in self.questions]

    @property
    def score_text(self) -> str:
        return score_summary(self.states).text()

    @property
    def objectives_to_revisit(self) -> list[str]:
        return objectives_to_revisit(self.states)

    @property
    def recap_text(self) -> str:
        return html_to_text(self._recap_html())

    def question(self, question_id: str) -> QuestionView:
        return next(q for q in self.questions if q.question.id == question_id)

    def _recap_html(self) -> str:
        score = score_summary(self.states)
        if not score.finished:
            return ""
        ids = self.objectives_to_revisit
        if not ids:
            return "<p>Nothing to revisit here. Well done for working through it.</p>"
        items = "".join(
            f'<li data-objective="{_e(i)}">'
            f"{_e(self._objectives[i].text) if i in self._objectives else _e(i)}</li>"
            for i in ids)
        return ("<p>You may want to revisit these ideas (the page sections about them are worth a second "
                f"read, at your own pace):</p><ul>{items}</ul>")

    def _update_score(self) -> None:
        score = score_summary(self.states)
        if not score.answered:
            self.score.html = ""
            return
        if score.finished:
            self.score.html = (f'<div class="course-quiz-score"><p><strong>Your score:</strong> {_e(score.text())} '
                               "No grades here: the score is just for you, and it is gone when you leave.</p>"
                               f"{self._recap_html()}</div>")
        else:
            self.score.html = f'<div class="course-quiz-score"><p>{_e(score.text())}</p></div>'


@calm
def quiz(quiz_id: str, seed: int | None = None) -> QuizWidget:
    """The quiz ``quiz_id`` from ``content/quizzes``, options shuffled for this visit (or by ``seed``)."""
    c = course.get()
    if quiz_id not in c.quizzes:
        raise KeyError(f"unknown quiz '{quiz_id}' (known: {', '.join(sorted(c.quizzes)) or 'none'})")
    return QuizWidget(c.quizzes[quiz_id], seed=seed, objectives=c.objectives, references=c.references)
