"""The private reflection checklist: questions about one's own relationship, answered only in memory.

Logic (``summarise``) decides what the answers may point to: a band on the healthy - unhealthy - abusive
spectrum, or, when any danger sign is present, the safety route (resources and a safety-planning note,
never a score). The view (``ReflectionChecklist``) shows the items and calls it.

Privacy by construction: there is no free-text box; answers are kept only in this object for the length
of the visit; nothing here writes a file, logs, prints or sends anything; "Clear my answers" resets all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import ipywidgets as w

from widgets import course
from widgets.quizzes import ChoiceGroup, LiveStatus, html_to_text
from widgets.runtime import calm
from widgets.runtime import e as _e

if TYPE_CHECKING:  # schema types for annotations only: kernels load widgets.course
    from widgets.content import Checklist, ChecklistItem

ANSWERS: dict[str, str] = {
    "often": "Often",
    "sometimes": "Sometimes",
    "rarely": "Rarely or never",
    "rather-not-say": "I'd rather not say",
}
PRESENT = ("often", "sometimes")  # answers that say a pattern is part of the relationship
FEW = 5  # fewer answers than this: the summary says it is a rough picture

HELP_NOW_FALLBACK = (
    '<p class="course-help-now"><strong>Need help now?</strong> If you are in danger, call your local '
    "emergency number. Crisis lines and advocacy services for your region are listed on the "
    '<a href="00-start-here.ipynb#help-now">Start here page, under “Need help now?”</a>.</p>'
)




# --------------------------------------------------------------------------- logic


@dataclass(frozen=True)
class Summary:
    route: Literal["none", "band", "safety"]
    band: str | None = None  # healthy | unhealthy | abusive, only on the band route
    answered: int = 0  # pattern (non-safety) items answered often, sometimes or rarely/never
    unsaid_safety: bool = False  # a safety item was skipped or "rather not say"


def _items(checklist: Checklist) -> list[ChecklistItem]:
    return [item for g in checklist.groups for item in g.items]


def summarise(checklist: Checklist, answers: Mapping[str, str | None]) -> Summary:
    """What the answers may point to. Any danger sign present -> the safety route, with no band or score."""
    items = _items(checklist)
    known = {i.id for i in items}
    unknown = set(answers) - known
    if unknown:
        raise KeyError(f"unknown checklist item(s) {sorted(unknown)}")
    bad = {v for v in answers.values() if v is not None and v not in ANSWERS}
    if bad:
        raise ValueError(f"answers are one of {list(ANSWERS)} or None")

    given = {k: v for k, v in answers.items() if v in ("often", "sometimes", "rarely")}
    safety = [i for i in items if i.safety]
    answered = sum(1 for i in items if not i.safety and i.id in given)
    unsaid_safety = any(answers.get(i.id) in (None, "rather-not-say") for i in safety) and bool(given)
    if any(answers.get(i.id) in PRESENT for i in safety):
        return Summary("safety", answered=answered, unsaid_safety=unsaid_safety)
    pattern_items = [i for i in items if not i.safety and i.id in given]
    if not pattern_items:
        return Summary("none", answered=answered, unsaid_safety=unsaid_safety)
    share = sum(given[i.id] in PRESENT for i in pattern_items) / len(pattern_items)
    band = next(b.id for b in checklist.bands if share <= b.up_to)
    return Summary("band", band=band, answered=answered, unsaid_safety=unsaid_safety)


def support_html() -> str:
    """Crisis lines and support services, from content/resources.yml, or a short pointer to them."""
    try:
        from widgets.support import resources_html
    except ImportError:  # the resources page is optional; the pointer below always works
        return HELP_NOW_FALLBACK
    try:
        return resources_html()
    except Exception:
        if os.environ.get("COURSE_STRICT") == "1":
            raise
        return HELP_NOW_FALLBACK  # a safety route must never end in an error message


def safety_html(checklist: Checklist) -> str:
    return (f'<section class="course-safety" aria-label="Your safety">'
            f"<h3>Your safety comes first</h3><p>{_e(checklist.safety_note)}</p>"
            f"{support_html()}</section>")


SPECTRUM_LABELS = {"healthy": "Healthy", "unhealthy": "Unhealthy", "abusive": "Signs of abuse"}


def summary_html(checklist: Checklist, summary: Summary) -> str:
    """The summary, written with care. Every route ends with 'not a diagnosis' and support options."""
    parts = []
    if summary.route == "safety":
        parts.append(safety_html(checklist))
    else:
        if summary.route == "none":
            parts.append("<p>You have not answered any of the questions, and that is fine. "
                         "You can come back to them whenever you like, or not at all.</p>")
        else:
            band = next(b for b in checklist.bands if b.id == summary.band)
            steps = []
            for b in checklist.bands:
                label = SPECTRUM_LABELS[b.id]
                steps.append(f"<li><strong>{label} (your answers point toward this)</strong></li>"
                             if b.id == band.id else f"<li>{label}</li>")
            parts.append(
                f'<h3>{_e(band.title)}</h3><p>{_e(band.text)}</p>'
                '<p>Relationships sit on a spectrum, from healthy, to unhealthy, to abusive:</p>'
                f'<ol class="course-spectrum">{"".join(steps)}</ol>'
                f"<p><small>Based on the {summary.answered} pattern "
                f"question{'s' if summary.answered != 1 else ''} you answered."
                + (" With only a few answers, this is a rough picture." if summary.answered < FEW else "")
                + "</small></p>"
            )
        if summary.unsaid_safety:
            parts.append("<p>You did not answer some of the questions about safety. That is your choice. "
                         "If any of them are part of your life, the support below is there for you.</p>")
        parts.append(f'<div class="course-support"><h4>Support, whenever you want it</h4>{support_html()}</div>')
    parts.append(f'<p class="course-not-diagnosis"><strong>{_e(checklist.not_a_diagnosis)}</strong></p>')
    return f'<div class="course-checklist-summary">{"".join(parts)}</div>'


# --------------------------------------------------------------------------- view


class ReflectionChecklist(w.VBox):
    """The checklist on the page. Tests drive it with ``answer``, ``show_summary`` and ``clear``."""

    def __init__(self, checklist: Checklist):
        self.checklist = checklist
        self.items: dict[str, ChoiceGroup] = {}
        self._safety_ids = {i.id for i in _items(checklist) if i.safety}
        self._summary_shown = False

        self.clear_buttons = [w.Button(description="Clear my answers",
                                       tooltip="Remove all your answers from this page at once")
                              for _ in range(2)]
        for b in self.clear_buttons:
            b.on_click(lambda _: self.clear())
        self.summary_button = w.Button(description="Show my summary", button_style="primary",
                                       tooltip="See what your answers may point to")
        self.summary_button.on_click(lambda _: self.show_summary())

        top = w.HTML(
            f'<div class="course-checklist-intro"><p>{_e(checklist.intro)}</p>'
            f'<p class="course-privacy-note"><strong>{_e(checklist.privacy_note)}</strong></p>'
            f'<p><small>{_e(checklist.not_a_diagnosis)}</small></p></div>'
        )
        children: list[w.Widget] = [top, self.clear_buttons[0]]
        self.safety_panel = LiveStatus()  # appears right after the safety questions when a danger sign is given
        for group in checklist.groups:
            note = f'<p class="course-group-note">{_e(group.note)}</p>' if group.note else ""
            children.append(w.HTML(f'<h3 class="course-checklist-group">{_e(group.title)}</h3>{note}'))
            for item in group.items:
                choice = ChoiceGroup(list(ANSWERS.items()), legend=item.text, orientation="horizontal")
                choice.observe(self._changed, names="value")
                self.items[item.id] = choice
                children.append(choice)
            if any(i.safety for i in group.items):
                children.append(self.safety_panel)
        if not self._safety_ids:
            children.append(self.safety_panel)
        self.status = LiveStatus()
        self.summary = w.HTML("")
        children += [w.HBox([self.summary_button, self.clear_buttons[1]],
                            layout=w.Layout(flex_flow="row wrap")),
                     self.status, self.summary]
        super().__init__(children)
        self.add_class("course-checklist")

    # -- the Python API

    @property
    def answers(self) -> dict[str, str | None]:
        return {item_id: choice.value for item_id, choice in self.items.items()}

    def answer(self, item_id: str, value: str | None) -> None:
        if item_id not in self.items:
            raise KeyError(f"unknown checklist item '{item_id}'")
        self.items[item_id].value = value

    def result(self) -> Summary:
        return summarise(self.checklist, self.answers)

    def show_summary(self) -> Summary:
        self._summary_shown = True
        result = self.result()
        self.summary.value = summary_html(self.checklist, result)
        self.status.html = "<p>Your summary is below.</p>"
        return result

    def clear(self) -> None:
        """Reset every answer, the summary and the safety panel, at once."""
        for choice in self.items.values():
            choice.value = None
        self._summary_shown = False
        self.summary.value = ""
        self.safety_panel.html = ""
        self.status.html = "<p>Your answers are cleared. Nothing was kept.</p>"

    @property
    def safety_shown(self) -> bool:
        return bool(self.safety_panel.html)

    @property
    def summary_text(self) -> str:
        return html_to_text(self.summary.value)

    @property
    def safety_text(self) -> str:
        return html_to_text(self.safety_panel.html)

    # -- internals

    def _changed(self, change) -> None:
        answers = self.answers
        danger = any(answers[i] in PRESENT for i in self._safety_ids)
        if danger and not self.safety_panel.html:
            self.safety_panel.html = safety_html(self.checklist)
        elif not danger and self.safety_panel.html:
            self.safety_panel.html = ""
        if self._summary_shown:  # keep a visible summary true to the answers on the page
            self.summary.value = summary_html(self.checklist, self.result())
        if change["new"] is not None and self.status.html:
            self.status.html = ""


@calm
def checklist(seed: int | None = None) -> ReflectionChecklist:
    """The reflection checklist from content/checklist.yml. ``seed`` is accepted for symmetry with ``quiz``;
    items keep their authored order, because the groups tell a story (feelings, then events, then safety)."""
    c = course.get()
    if c.checklist is None:
        raise LookupError("content/checklist.yml is missing")
    return ReflectionChecklist(c.checklist)
