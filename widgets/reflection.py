"""The private reflection checklist: questions about one's own relationship, answered only in memory.

Three parts, each with its own rule (course brief, section 6):

- **What they do** (the partner's behaviour): every item answered "yes" is named back, with what it is
  called and where the course explains it. Even one is a warning sign (loveisrespect's relationship quiz).
  An absence of marks is never called healthy: the summary says what a checklist cannot tell.
- **How it feels** (the learner's own feelings): acknowledged and explained, never scored, never a verdict.
- **Your safety** (the Danger Assessment's yes / no items): a single "yes" or "not sure" opens the safety
  panel at once, in place: the region's emergency number and specialist lines, planning with an advocate,
  the quick exit. No score, ever.

The decision is plain functions over answers (``read``, ``safety_panel_html``, ``summary_html``), so a table
of scenarios tests it without widgets. The view (``ReflectionChecklist``) shows the items and calls them.

Privacy by construction: there is no free-text box; answers are kept only in this object for the length of
the visit; nothing here writes a file, logs an answer, prints or sends anything; "Clear my answers" resets all.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import traitlets

from widgets import course, support
from widgets.frontend import FrontEndWidget, source
from widgets.quizzes import html_to_text
from widgets.runtime import calm, log_failure, strict
from widgets.runtime import e as _e

if TYPE_CHECKING:  # schema types for annotations only: kernels load widgets.course
    from widgets.content import BehaviourItem, Checklist, FeelingItem, SafetyItem

ANSWERS: dict[str, str] = {
    "yes": "Yes",
    "no": "No",
    "not-sure": "Not sure",
    "rather-not-say": "I'd rather not say",
}
GIVEN = ("yes", "no", "not-sure")  # answers that say something; "rather not say" and skipping say nothing
OPENS_PANEL = ("yes", "not-sure")  # on a safety item: the Danger Assessment's rule, "not sure" counts

HELP_NOW_FALLBACK = (
    '<p class="course-help-now"><strong>Need help now?</strong> If you are in danger, call your local '
    "emergency number. Crisis lines and advocacy services for your region are listed on the "
    '<a href="00-start-here.ipynb#help-now">Start here page, under “Need help now?”</a>.</p>'
)


# --------------------------------------------------------------------------- the decision


@dataclass(frozen=True)
class Reading:
    """What the answers say, part by part, and nothing more."""

    named: tuple[BehaviourItem, ...]  # behaviours answered "yes": each is named back
    unsure: tuple[BehaviourItem, ...]  # behaviours answered "not sure"
    feelings: tuple[FeelingItem, ...]  # feelings answered "yes": acknowledged, never scored
    danger: tuple[SafetyItem, ...]  # safety items answered "yes" or "not sure": the safety panel opens
    given: dict[str, int]  # answers that say something (yes / no / not sure), per part
    declined: int  # "I'd rather not say", over all parts
    safety_unsaid: int  # safety items skipped or "rather not say"

    @property
    def safety_panel(self) -> bool:
        return bool(self.danger)

    @property
    def answered(self) -> int:
        return sum(self.given.values())


def read(checklist: Checklist, answers: Mapping[str, str | None]) -> Reading:
    """The answers, read by each part's own rule. Unknown items or answers are errors."""
    known = {i.id for _, part in checklist.parts for i in part.items}
    unknown = set(answers) - known
    if unknown:
        raise KeyError(f"unknown checklist item(s) {sorted(unknown)}")
    bad = {v for v in answers.values() if v is not None and v not in ANSWERS}
    if bad:
        raise ValueError(f"answers are one of {list(ANSWERS)} or None, not {sorted(bad)}")

    def items(part, *wanted):
        return tuple(i for i in part.items if answers.get(i.id) in wanted)

    safety = checklist.your_safety
    return Reading(
        named=items(checklist.what_they_do, "yes"),
        unsure=items(checklist.what_they_do, "not-sure"),
        feelings=items(checklist.how_it_feels, "yes"),
        danger=items(safety, *OPENS_PANEL),
        given={key: len(items(part, *GIVEN)) for key, part in checklist.parts},
        declined=sum(v == "rather-not-say" for v in answers.values()),
        safety_unsaid=len(safety.items) - len(items(safety, *GIVEN)),
    )


def support_html() -> str:
    """The region's emergency number and specialist lines. A safety route must never end in an error."""
    try:
        return support.resources_html()
    except Exception as exc:
        if strict():
            raise
        log_failure("checklist support", exc)
        return HELP_NOW_FALLBACK


def safety_panel_html(checklist: Checklist, reading: Reading, advice: bool = True) -> str:
    """The safety panel: shown as soon as one danger sign is "yes" or "not sure". Never a score. Without
    ``advice``: the panel the page shows by itself while the kernel has not answered (``waiting_panel_html``)."""
    if not reading.safety_panel:
        return ""
    s = checklist.your_safety
    told = "".join(f"<li>{_e(i.advice)}</li>" for i in reading.danger if i.advice and advice)
    return (f'<section class="course-safety" aria-label="Your safety comes first">'
            f"<h3>Your safety comes first</h3><p>{_e(s.panel_note)}</p>"
            + (f'<ul class="course-safety-advice">{told}</ul>' if told else "")
            + f"{support_html()}<p>{_e(s.plan_note)}</p>"
            f'<p class="course-exit-note">{_e(s.exit_note)}</p></section>')


def waiting_panel_html(checklist: Checklist) -> str:
    """The safety panel without any item's advice: the page shows it by itself when a danger sign it shows has
    not reached the kernel after a few seconds (offline, or a Clear not yet confirmed). Help never waits on
    the connection."""
    first = checklist.your_safety.items[0].id
    return safety_panel_html(checklist, read(checklist, {first: OPENS_PANEL[0]}), advice=False)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def basis_text(checklist: Checklist, reading: Reading) -> str:
    """What the summary rests on, in words, so it claims nothing beyond the answers given."""
    if reading.answered == 0 and reading.declined == 0:
        return ("You have not answered any of the questions, and that is fine. "
                "You can come back to them whenever you like, or not at all.")
    parts = [f"{n} about {part.title[0].lower() + part.title[1:]}"
             for key, part in checklist.parts if (n := reading.given[key])]
    if reading.answered:
        text = (f"This summary rests only on the {_plural(reading.answered, 'answer')} you gave "
                f"({', '.join(parts)}). It says nothing about the questions you skipped.")
    else:
        text = "You did not give a yes, no or not sure answer to any question, so this summary says very little."
    if reading.declined:
        text += f" You chose “I'd rather not say” for {_plural(reading.declined, 'question')}. That is your right."
    return text


def summary_html(checklist: Checklist, reading: Reading) -> str:
    """The summary, part by part. Every summary links to support and ends with 'not a diagnosis'."""
    out = [safety_panel_html(checklist, reading)]
    behaviours, feelings, safety = checklist.what_they_do, checklist.how_it_feels, checklist.your_safety

    said = []
    if reading.named:
        named = "".join(
            f"<li>You said {_e(i.said)}. {_e(i.called)} "
            f'<a href="{_e(i.explained.href)}">Read more: {_e(i.explained.label)}</a></li>'
            for i in reading.named)
        said.append(f'<ul class="course-named">{named}</ul><p><strong>{_e(behaviours.warning)}</strong></p>')
    if reading.unsure:
        unsure = "; ".join(_e(i.said) for i in reading.unsure)
        said.append(f"<p>You were not sure whether {unsure}. {_e(behaviours.unsure)}</p>")
    if reading.given["what_they_do"] and not reading.named:
        said.append(f"<p>You did not answer “Yes” to any of these. {_e(behaviours.none_marked)}</p>")
    if said:
        out.append(f"<h3>{_e(behaviours.title)}</h3>{''.join(said)}")

    if reading.feelings:
        felt = "; ".join(_e(i.said) for i in reading.feelings)
        out.append(f"<h3>{_e(feelings.title)}</h3><p>You said {felt}.</p><p>{_e(feelings.acknowledged)}</p>")

    if not reading.safety_panel and (reading.answered or reading.declined):
        notes = []
        if reading.given["your_safety"]:
            notes.append(f"<p>{_e(safety.all_no)}</p>")
        if reading.safety_unsaid:
            notes.append(f"<p>{_e(safety.not_answered)}</p>")
        out.append(f"<h3>{_e(safety.title)}</h3>{''.join(notes)}")

    out.append(f'<p class="course-basis"><small>{_e(basis_text(checklist, reading))}</small></p>')
    if not reading.safety_panel:  # the panel above already holds the region's help
        out.append(f'<div class="course-support"><h4>Support, whenever you want it</h4>{support_html()}</div>')
    out.append(f'<p class="course-not-diagnosis"><strong>{_e(checklist.not_a_diagnosis)}</strong></p>')
    return f'<div class="course-checklist-summary">{"".join(out)}</div>'


# --------------------------------------------------------------------------- view


_STATIC = Path(__file__).resolve().parent / "static"
BUTTONS = {  # event: (label, what it does: the button's tooltip, primary)
    "clear": ("Clear my answers", "Remove all your answers from this page at once", False),
    "summary": ("Show my summary", "See your answers read back, with support", True),
}


# What the page shows, sent whole in every update (ReflectionChecklist.view).
VIEW = ("answers", "panel", "summary", "status", "seen")
REPLY_GAP_S = 1.0  # a message that changes nothing gets the view again, if not sent within this long


def _number(value) -> int | None:
    """A message number from the page: a plain positive integer, or none."""
    return value if type(value) is int and 0 < value < 2**53 else None


class ReflectionChecklist(FrontEndWidget):
    """The checklist on the page, as one widget drawn by ``static/checklist.js`` (issue 17: one widget per
    question made page 04's kernel the slowest to start). Tests drive it with ``answer``, ``show_summary``,
    ``clear`` and ``press``.

    The answers, the safety panel, the status line and the summary are the kernel's. The page reports a choice
    (``{"event": "choose", "item": id, "value": answer, "seq": n}``) or a press (``{"event": "press", "name":
    ..., "seq": n}``) as a message; a choice that is not one of the four answers to a known item is refused and
    logged without its value. Nothing is written anywhere.

    ``seq`` numbers the page's messages (1, 2, 3...). The kernel sends back, with its answers and in the same
    update, the number of the last message it took for each item, for "clear" and for "summary" (``seen``:
    numbers, never answers). The page keeps showing a choice until ``seen`` says the kernel has it, and sends a
    choice, a Clear or a summary press again if that takes long (a message lost when a phone's connection
    drops); so the kernel takes a numbered message only if it is newer than what it has for that item (or
    button) and than the last Clear (``_is_new``): a choice sent again, or sent before a Clear, never brings an
    old answer back. Every message after a Clear carries the Clear's number (``"clear": n``), so a Clear lost
    on the way is done before anything sent after it. Every update carries all the page shows (``view``), so
    one lost on the way is made good by the next, and a message that changes nothing (a copy sent again, or a
    page that missed the kernel's last update) gets it all back too.
    """

    _esm = source(_STATIC / "checklist.js")
    _css = source(_STATIC / "choice_group.css", _STATIC / "live_status.css")
    intro = traitlets.Unicode("").tag(sync=True)  # HTML built here from escaped content text
    parts = traitlets.List(traitlets.Dict()).tag(sync=True)  # [{key, title, note, items: [[id, text]]}]
    choices = traitlets.List(traitlets.List(traitlets.Unicode())).tag(sync=True)  # [[answer, label]]
    buttons = traitlets.Dict().tag(sync=True)  # BUTTONS
    panel_after = traitlets.Unicode("your_safety").tag(sync=True)  # the part the safety panel follows
    panel_opens = traitlets.List(list(OPENS_PANEL)).tag(sync=True)  # answers to its items that open the panel
    panel_waiting = traitlets.Unicode("").tag(sync=True)  # waiting_panel_html: shown by the page itself
    answers = traitlets.Dict()  # item id -> answer or None; the page sends choices as messages
    panel = traitlets.Unicode("")  # the safety panel (safety_panel_html), "" when closed
    status = traitlets.Unicode("")  # a short announced line ("Your answers are cleared.")
    summary = traitlets.Unicode("")  # the summary (summary_html), "" until asked for
    seen = traitlets.Dict()  # item id, "clear" or "summary" -> the number of the page's last message taken
    # What the page shows: the five above, whole in every update (VIEW). An update lost on the way (a phone's
    # connection dropping) is made good by the next one; sent as changes, a lost one left the page with an old
    # answer and its panel after a Clear, or a danger sign without its panel.
    view = traitlets.Dict().tag(sync=True)
    _view_sent = 0.0  # time.monotonic() when the view was last sent

    def __init__(self, checklist: Checklist):
        self.checklist = checklist
        self.items: dict[str, str] = {i.id: i.text for _, part in checklist.parts for i in part.items}
        self._summary_shown = False
        super().__init__(
            intro=(f'<div class="course-checklist-intro"><p>{_e(checklist.intro)}</p>'
                   f'<p class="course-privacy-note"><strong>{_e(checklist.privacy_note)}</strong></p>'
                   f"<p><small>{_e(checklist.not_a_diagnosis)}</small></p></div>"),
            parts=[{"key": key, "title": part.title, "note": part.note or "",
                    "items": [[i.id, i.text] for i in part.items]} for key, part in checklist.parts],
            choices=[[value, label] for value, label in ANSWERS.items()],
            buttons={event: list(b) for event, b in BUTTONS.items()},
            answers=dict.fromkeys(self.items),
            panel_waiting=waiting_panel_html(checklist),
            _dom_classes=("course-checklist",),
        )
        self.observe(self._changed, names="answers")
        self.observe(self._show, names=list(VIEW))
        self._show()
        self.on_msg(self._on_frontend_msg)

    # -- the Python API

    def answer(self, item_id: str, value: str | None) -> None:
        if item_id not in self.items:
            raise KeyError(f"unknown checklist item '{item_id}'")
        self.answers = {**self.answers, item_id: value}

    def press(self, event: str) -> None:
        """What a press of one of the page's buttons does."""
        {"clear": self.clear, "summary": self.show_summary}[event]()

    def result(self) -> Reading:
        return read(self.checklist, self.answers)

    def show_summary(self) -> Reading:
        self._summary_shown = True
        reading = self.result()
        self.summary = summary_html(self.checklist, reading)
        self.status = "<p>Your summary is below.</p>"
        return reading

    def clear(self) -> None:
        """Reset every answer, the summary and the safety panel, at once (and mark every numbered choice the
        page has sent so far as cleared, so a late copy of one cannot bring its answer back)."""
        self._reset({"clear": max(self.seen.values())} if self.seen else {})

    def _reset(self, seen: dict, kept: dict | None = None) -> None:
        """Clear, keeping only the answers in ``kept`` (choices the learner made after pressing Clear)."""
        self._summary_shown = False
        self.seen = seen
        self.summary = ""
        self.answers = {**dict.fromkeys(self.items), **(kept or {})}
        self.panel = safety_panel_html(self.checklist, self.result())  # open still for a kept danger sign
        # (With answers kept, the learner has answered again since pressing Clear: nothing to announce.)
        self.status = "" if kept else "<p>Your answers are cleared. Nothing was kept.</p>"

    @property
    def safety_shown(self) -> bool:
        return bool(self.panel)

    @property
    def summary_text(self) -> str:
        return html_to_text(self.summary)

    @property
    def safety_text(self) -> str:
        return html_to_text(self.panel)

    # -- internals

    @traitlets.validate("answers")
    def _known_answers(self, proposal):
        answers = dict(proposal["value"])
        unknown = set(answers) - set(self.items)
        bad = {v for v in answers.values() if v is not None and v not in ANSWERS}
        if unknown or bad:
            raise traitlets.TraitError(f"answers are one of {list(ANSWERS)} or None, for the checklist's items")
        return {item_id: answers.get(item_id) for item_id in self.items}

    def _is_new(self, key: str, seq: int | None) -> bool:
        """A numbered message is taken only if newer than the last one taken for ``key`` and than the last
        Clear; an unnumbered one (an older page) always is."""
        return seq is None or (seq > self.seen.get(key, 0) and seq > self.seen.get("clear", 0))

    def _on_frontend_msg(self, _widget, msg, _buffers) -> None:
        if not isinstance(msg, dict) or msg.get("event") not in ("choose", "press"):
            return
        before = self.view
        try:
            # One update to the page: the answers (with the panel they open) and what the kernel has seen.
            with self.hold_sync():
                self._take(msg, _number(msg.get("seq")))
        except (traitlets.TraitError, TypeError):
            if strict():
                raise
            # Log that it happened, never what was sent: it could be an answer.
            log_failure("checklist message from the browser", ValueError("not an answer to a checklist item"))
            return
        if self.view == before and time.monotonic() - self._view_sent >= REPLY_GAP_S:
            # Nothing changed: a copy sent again because the page never heard back, or a choice the page
            # thought new because it missed the kernel's last update (a phone's connection dropping it).
            # Either way the page gets all of it again, and stops sending. At most once a second: a phone
            # back online sends everything it queued at once, and one view answers them all.
            self._view_sent = time.monotonic()
            self.send_state("view")

    def _show(self, _change=None) -> None:
        self.view = {key: getattr(self, key) for key in VIEW}
        self._view_sent = time.monotonic()

    def _take(self, msg: dict, seq: int | None) -> None:
        # Every message after a Clear carries its number ("clear"), so a Clear lost on the way is done before
        # anything the learner did after it, and never after.
        last_clear = seq if msg.get("event") == "press" and msg.get("name") == "clear" else None
        last_clear = last_clear or _number(msg.get("clear"))
        if last_clear is not None and self._is_new("clear", last_clear):
            # Keep what the kernel has already taken from after that Clear: choices, and a summary.
            later = {k: n for k, n in self.seen.items() if k != "clear" and n > last_clear}
            self._reset({"clear": last_clear, **later}, {k: self.answers[k] for k in later if k in self.items})
            if "summary" in later:
                self.show_summary()
        if msg.get("event") == "press":
            if msg.get("name") == "clear" and seq is None:
                self.clear()  # an unnumbered press (a page from before numbering)
            elif msg.get("name") == "summary" and self._is_new("summary", seq):
                self.show_summary()
                if seq is not None:
                    self.seen = {**self.seen, "summary": seq}
            return
        item = msg.get("item")
        if isinstance(item, str) and self._is_new(item, seq):
            self.answers = {**self.answers, item: msg.get("value")}
            if seq is not None:
                self.seen = {**self.seen, item: seq}

    def _changed(self, change) -> None:
        reading = self.result()
        panel = safety_panel_html(self.checklist, reading)  # opens at once on one "yes" or "not sure"
        if panel != self.panel:  # unchanged text is not announced again
            self.panel = panel
        if self._summary_shown:  # keep a visible summary true to the answers on the page
            self.summary = summary_html(self.checklist, reading)
        old, new = change["old"] or {}, change["new"]
        if self.status and any(v is not None and old.get(k) != v for k, v in new.items()):
            self.status = ""


@calm
def checklist(seed: int | None = None) -> ReflectionChecklist:
    """The reflection checklist from content/checklist.yml. ``seed`` is accepted for symmetry with ``quiz``;
    items keep their authored order, because the parts tell a story (what they do, how it feels, safety)."""
    c = course.get()
    if c.checklist is None:
        raise LookupError("content/checklist.yml is missing")
    return ReflectionChecklist(c.checklist)
