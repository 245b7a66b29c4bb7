"""What the browser may change in the kernel: only what a learner can change (runs in each kernel).

A widget's synced traits travel both ways by default: any script in the page (or anyone holding the
kernel's websocket) could rewrite a status area's HTML, a widget's ES module (``_esm``), the options of a
question or the number of places in an ordering question. In jupyter_server's security model the kernel is
where the course's code runs, so the kernel decides what it accepts:

- a synced trait tagged ``.tag(sync=True, browser=True)`` (a choice, a slider value) may be set from the
  browser, and its own validator range-checks the value;
- built-in ipywidgets controls accept the state a person changes by using them (``BUILTIN``);
- everything else is kernel-to-browser only: an ``update`` from the browser that sets it is dropped;
- a disabled control takes no update (a locked answer stays as it was checked) and ignores clicks and other
  custom messages, except the events its class names in
  ``ENABLED_WHILE_DISABLED`` (a quiz question's buttons work while its answers are locked; the question
  itself decides which of its buttons are enabled);
- the browser cannot create widgets in the kernel (``comm_open`` for ``jupyter.widget``).

A refused or malformed message is dropped with one line in the server log (never its content); nothing
is sent back, so no traceback reaches the sender. ``install()`` is idempotent; ``widgets/__init__.py``
calls it when a page first uses the course's widgets.
"""

from __future__ import annotations

import time
from typing import Any

import ipywidgets
from comm import get_comm_manager
from ipywidgets import widgets as _w
from traitlets import TraitError

from widgets.runtime import log_failure, strict

# Built-in controls: what a person changes by using each one. (Dropdown, RadioButtons and friends sync
# the chosen ``index``; ``value`` and ``label`` follow from it in the kernel.)
BUILTIN: dict[type, frozenset[str]] = {
    _w.Checkbox: frozenset({"value"}),
    _w.ToggleButton: frozenset({"value"}),
    _w.Dropdown: frozenset({"index"}),
    _w.RadioButtons: frozenset({"index"}),
    _w.Select: frozenset({"index"}),
    _w.ToggleButtons: frozenset({"index"}),
    _w.SelectionSlider: frozenset({"index"}),
    _w.SelectMultiple: frozenset({"index"}),
    _w.IntSlider: frozenset({"value"}),
    _w.FloatSlider: frozenset({"value"}),
    _w.FloatLogSlider: frozenset({"value"}),
    _w.IntRangeSlider: frozenset({"value"}),
    _w.FloatRangeSlider: frozenset({"value"}),
    _w.BoundedIntText: frozenset({"value"}),
    _w.BoundedFloatText: frozenset({"value"}),
    _w.IntText: frozenset({"value"}),
    _w.FloatText: frozenset({"value"}),
    _w.Text: frozenset({"value"}),
    _w.Textarea: frozenset({"value"}),
    _w.Accordion: frozenset({"selected_index"}),
    _w.Tab: frozenset({"selected_index"}),
    _w.Stack: frozenset({"selected_index"}),
}


def browser_settable(widget) -> frozenset[str]:
    """The names of the traits the browser may set on this widget."""
    cls = type(widget)
    cached = _CACHE.get(cls)
    if cached is None:
        names: set[str] = set()
        for base in cls.__mro__:
            if base in BUILTIN:
                names |= BUILTIN[base]
                break
        names |= {name for name, trait in widget.traits(sync=True).items() if trait.metadata.get("browser")}
        cached = _CACHE[cls] = frozenset(names)
    return cached


_CACHE: dict[type, frozenset[str]] = {}
_ORIGINAL: dict[str, Any] = {}


_REFUSALS = {"since": 0.0, "count": 0}


def _refuse(widget, why: str) -> None:
    """One server-log line per refusal, at most 20 a minute (a flood of crafted messages cannot fill the log)."""
    now = time.monotonic()
    if now - _REFUSALS["since"] > 60:
        _REFUSALS.update(since=now, count=0)
    _REFUSALS["count"] += 1
    if _REFUSALS["count"] <= 20:
        log_failure(f"browser message to {type(widget).__name__}", PermissionError(why))


def _guarded_handle_msg(self, msg):
    """ipywidgets' ``Widget._handle_msg``, accepting only what a learner can change."""
    try:
        data = msg["content"]["data"]
        method = data["method"]
    except (KeyError, TypeError):
        _refuse(self, "malformed message")
        return
    try:
        if method == "update":
            state = data.get("state")
            if not isinstance(state, dict):
                _refuse(self, "update without a state")
                return
            if getattr(self, "disabled", False):  # a locked answer stays as it was checked
                _refuse(self, "update to a disabled control")
                return
            allowed = browser_settable(self)
            refused = sorted(k for k in state if k not in allowed)
            if refused:
                _refuse(self, f"kernel-side trait(s) {refused}")
                return  # the whole message: a control sends its learner-facing state on its own
            if data.get("buffer_paths"):  # no learner-facing trait is binary (the front end sends [])
                _refuse(self, "binary buffers")
                return
            self.set_state(state)
        elif method == "custom":
            content = data.get("content")
            event = content.get("event") if isinstance(content, dict) else None
            if getattr(self, "disabled", False) and event not in getattr(self, "ENABLED_WHILE_DISABLED", ()):
                _refuse(self, "custom message to a disabled control")
                return
            _ORIGINAL["_handle_msg"](self, msg)
        elif method == "request_state":
            self.send_state()
        else:
            _refuse(self, "unknown method")
    except (TraitError, TypeError, ValueError, KeyError, IndexError) as exc:
        # The value was refused by the trait's own validator (a range or a known option).
        if strict() and not isinstance(exc, TraitError):
            raise
        # The error's kind only: its text can repeat what was sent (any size, perhaps an answer).
        _refuse(self, f"refused by the widget's own check ({type(exc).__name__})")


def _refuse_comm_open(comm, msg):
    """The browser may not create widgets in the kernel; the course creates every widget it shows."""
    log_failure("browser comm_open", PermissionError("widgets are created by the kernel only"))
    try:
        comm.close()
    except Exception as exc:  # noqa: BLE001  (closing a half-open comm can fail; it is unusable either way)
        log_failure("browser comm_open", exc)


def install() -> None:
    """Guard every widget in this kernel (idempotent)."""
    if "_handle_msg" in _ORIGINAL:
        return
    _ORIGINAL["_handle_msg"] = ipywidgets.Widget._handle_msg
    ipywidgets.Widget._handle_msg = _guarded_handle_msg
    # In a kernel this is ipykernel's comm manager; elsewhere comm's stand-in, which is harmless.
    get_comm_manager().register_target("jupyter.widget", _refuse_comm_open)
