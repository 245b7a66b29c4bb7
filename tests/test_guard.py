"""The browser sets only what a learner can change: crafted comm messages, as a script in the page (or anyone
holding the kernel's websocket) could send them, are refused by the kernel.

Standard: jupyter_server's security model ("Security in the Jupyter Server": the kernel runs the course's
code and must not trust the browser's messages) and OWASP ASVS 4.0 V5.1 (input validation: allow-lists,
server-side, range-checked). The messages are ipywidgets' own ``comm_msg`` shapes (``method: update``,
``custom``, ``request_state``), handed to each widget the way ipykernel does.
"""

from __future__ import annotations

import json

import ipywidgets as w
import pytest

from widgets import guard
from widgets.explorers import LabelledSlider
from widgets.quizzes import ChoiceGroup, LiveStatus


@pytest.fixture(autouse=True)
def guarded():
    guard.install()


def sent_bytes(widget) -> list[int]:
    """Record what the kernel sends to the browser for this widget (sizes of its comm messages)."""
    sent: list[int] = []
    widget._send = lambda msg, buffers=None: sent.append(len(json.dumps(msg, default=str)))
    return sent


def update(state: dict) -> dict:
    return {"content": {"data": {"method": "update", "state": state}}, "buffers": []}


def custom(content: dict) -> dict:
    return {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}


def all_widgets(root) -> list:
    out, todo = [], [root]
    while todo:
        widget = todo.pop()
        if isinstance(widget, w.Widget) and widget not in out:
            out.append(widget)
            todo.extend(getattr(widget, "children", ()))
            for name in widget.keys:
                value = getattr(widget, name, None)
                if isinstance(value, w.Widget):
                    todo.append(value)
    return out


def course_widgets():
    from widgets import checklist, explorer, quiz, resources

    return [quiz("what-it-is"), explorer("episode"), explorer("relationship"), checklist(), resources()]


def test_a_status_area_keeps_the_kernels_html():
    status = LiveStatus(html="<p>Right.</p>")
    sent = sent_bytes(status)
    status._handle_msg(update({"html": '<img src=x onerror="location=\'//evil.example\'">'}))
    assert status.html == "<p>Right.</p>"
    assert sent == []


@pytest.mark.parametrize("trait", ["_esm", "_css", "options", "steps", "legend", "kind", "disabled"])
def test_a_question_refuses_kernel_side_traits(trait):
    group = ChoiceGroup(options=[("a", "First"), ("b", "Second")], kind="order", legend="Put in order")
    before = getattr(group, trait)
    group._handle_msg(update({trait: "export default {render(){fetch('//evil.example')}}" if trait[0] == "_"
                              else 10**6 if trait == "steps" else [["x", "<b>x</b>"]] if trait == "options"
                              else "checkbox" if trait == "kind" else True if trait == "disabled" else "<i>x</i>"}))
    assert getattr(group, trait) == before


def test_a_tiny_message_no_longer_makes_the_kernel_send_megabytes():
    """The probe's 800-byte message: set an ordering question's number of places (``steps``) to millions,
    then press "Try again" (``clear``), which sends one ``null`` per place: 12 MB. ``steps`` is kernel-side."""
    group = ChoiceGroup(options=[("a", "First"), ("b", "Second")], kind="order")
    sent = sent_bytes(group)
    crafted = update({"steps": 2_000_000})
    assert len(json.dumps(crafted)) < 800
    group._handle_msg(crafted)
    group.clear()
    group._handle_msg(custom({"event": "choose", "value": ["a", None]}))
    assert group.steps == 2
    assert sum(sent) < 10_000


def test_a_learners_choice_is_accepted_and_checked_against_the_options():
    group = ChoiceGroup(options=[("a", "First"), ("b", "Second")])
    group._handle_msg(update({"value": "b"}))
    assert group.value == "b"
    group._handle_msg(update({"value": "not-an-option"}))
    assert group.value == "b"


def test_a_slider_value_is_clamped_to_its_range():
    slider = LabelledSlider("Hope", 0.0, 1.0, 0.05, 0.5, fmt=str)
    slider._handle_msg(update({"value": 1e9}))
    assert slider.value == 1.0
    slider._handle_msg(update({"max": 1e9}))
    assert slider.max == 1.0


def test_built_in_controls_accept_only_their_learner_facing_state():
    dropdown = w.Dropdown(options=[("One", "1"), ("Two", "2")], value="1")
    dropdown._handle_msg(update({"index": 1}))
    assert dropdown.value == "2"
    dropdown._handle_msg(update({"index": 99}))
    assert dropdown.value == "2"
    dropdown._handle_msg(update({"_options_labels": ["<script>", "x"]}))
    assert dropdown.options == (("One", "1"), ("Two", "2"))
    html = w.HTML("<p>kernel text</p>")
    html._handle_msg(update({"value": "<p>browser text</p>"}))
    assert html.value == "<p>kernel text</p>"


def test_a_disabled_button_ignores_clicks():
    pressed = []
    button = w.Button(description="Check answer", disabled=True)
    button.on_click(pressed.append)
    button._handle_msg(custom({"event": "click"}))
    assert pressed == []
    button.disabled = False
    button._handle_msg(custom({"event": "click"}))
    assert pressed == [button]


def test_a_locked_question_takes_presses_but_not_a_new_choice():
    """A checked answer is locked (``disabled``) until "Try again": a choice sent by the page is refused, while
    the buttons still reach the question, which accepts only one it shows enabled."""
    from widgets import quizzes

    view = quizzes.quiz("what-it-is", seed=1).questions[0]
    wrong = next(o.id for o in view.choices if not o.correct)
    view._handle_msg(custom({"event": "choose", "value": wrong}))
    view._handle_msg(custom({"event": "press", "name": "check"}))
    assert view.disabled and view.state.attempts == 1
    right = next(o.id for o in view.choices if o.correct)
    view._handle_msg(custom({"event": "choose", "value": right}))  # locked: refused by the guard
    view._handle_msg(custom({"event": "press", "name": "reveal"}))  # hidden until two wrong tries
    view._handle_msg(update({"value": right}))  # nor as state: a locked answer stays as it was checked
    assert view.value == wrong and not view.state.revealed
    for trait, value in (("buttons", [{"event": "reveal", "label": "x", "disabled": False, "hidden": False}]),
                         ("status", "<img src=x onerror=alert(1)>"), ("heading", "<i>x</i>"), ("disabled", False)):
        before = getattr(view, trait)
        view._handle_msg(update({trait: value}))
        assert getattr(view, trait) == before, trait
    view._handle_msg(custom({"event": "press", "name": "retry"}))
    assert not view.disabled
    view._handle_msg(custom({"event": "choose", "value": right}))
    assert view.value == right


@pytest.mark.parametrize("msg", [
    {},
    {"content": {}},
    {"content": {"data": {"method": "update", "state": "not a dict"}}, "buffers": []},
    {"content": {"data": {"method": "update", "state": {"value": "a"}, "buffer_paths": [["value"]]}}, "buffers": []},
    {"content": {"data": {"method": "no-such-method"}}, "buffers": []},
    {"content": {"data": None}},
])
def test_malformed_messages_are_dropped_without_a_reply(msg):
    group = ChoiceGroup(options=[("a", "First")])
    sent = sent_bytes(group)
    group._handle_msg(msg)
    assert sent == [] and group.value is None


def test_every_synced_trait_of_every_course_widget_is_kernel_side_unless_tagged():
    """Generic: on every widget the course builds, an update from the browser to any synced trait that is
    not tagged browser=True (nor a built-in control's learner state) leaves the kernel's value unchanged."""
    checked = 0
    for root in course_widgets():
        for widget in all_widgets(root):
            allowed = guard.browser_settable(widget)
            for name in widget.keys:
                if name in allowed or name.startswith("_view") or name in ("_model_id",):
                    continue
                before = json.dumps(widget.get_state([name]), default=str)
                widget._handle_msg(update({name: None}))
                assert json.dumps(widget.get_state([name]), default=str) == before, f"{type(widget).__name__}.{name}"
                checked += 1
    assert checked > 100


def test_the_browser_cannot_create_widgets_in_the_kernel():
    from comm import get_comm_manager

    closed = []

    class Comm:
        def close(self):
            closed.append(True)

    get_comm_manager().targets["jupyter.widget"](Comm(), {"content": {"data": {"state": {}}}})
    assert closed == [True]


def test_a_refusal_is_logged_without_what_was_sent(monkeypatch, caplog):
    """One line saying that something was refused and by which widget; never the values (any size, perhaps an
    answer): the course's "nothing sensitive in logs" rule."""
    import logging

    monkeypatch.setenv("COURSE_STRICT", "0")
    monkeypatch.setitem(guard._REFUSALS, "since", -1e9)  # a new minute: earlier tests used up its 20 lines
    group = ChoiceGroup(options=[("a", "First"), ("b", "Second")])
    server_log = logging.getLogger("course")  # widgets.runtime's server log (it does not propagate)
    server_log.addHandler(caplog.handler)
    try:
        group._handle_msg(update({"value": "secret-" + "x" * 100_000}))
        group._handle_msg(update({"legend": "secret legend"}))
    finally:
        server_log.removeHandler(caplog.handler)
    assert "ChoiceGroup" in caplog.text and "secret" not in caplog.text and len(caplog.text) < 2_000
    assert group.value is None
