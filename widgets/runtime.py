"""What every part of the course shares at run time: escaping, the error policy, and the server log.

One place for each, so no module keeps its own copy:

- ``e(text)``: HTML-escape learner-visible text (quotes too, so it is safe inside attributes).
- ``strict()``: True when COURSE_STRICT=1 (the test suite sets it): errors raise instead of being hidden.
- ``log_failure(where, exc)``: one line to the *server's* log. A kernel's ``sys.stderr`` is captured into
  the page (and Voila hides it), so this writes to the process's real standard error, which the server
  inherits. It names the failing part and the exception type and message only: never learner answers.
- ``calm``: decorator for page-building functions; a failure shows a calm message instead of a traceback.
- ``calm_html(message)``: that calm message as HTML, for widgets that catch their own errors.
- ``TEMPLATE_DIR``: the course's Voila template folder.

Nothing here imports the rest of the course, so any module can import it without a cycle.
"""

from __future__ import annotations

import functools
import html
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

# The course's Voila template: the page's help block (widgets.support) and Voila's joined start-up chunks
# (widgets.delivery) are written beside it.
TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "share" / "jupyter" / "voila" / "templates" / "course"

CALM_MESSAGE = (
    "This part of the page could not be shown just now. The rest of the course still works: "
    "you can carry on reading, or go back to the contents."
)


def e(text: object) -> str:
    """HTML-escape ``text`` (quotes included)."""
    return html.escape(str(text), quote=True)


def strict() -> bool:
    """True when errors must raise (COURSE_STRICT=1, set by the test suite)."""
    return os.environ.get("COURSE_STRICT") == "1"


def _server_log() -> logging.Logger:
    log = logging.getLogger("course")
    if not log.handlers:
        # sys.__stderr__ is the process's own stderr (the server's terminal or log file), not the
        # kernel's captured stream that would end up on the learner's page.
        handler = logging.StreamHandler(sys.__stderr__)
        handler.setFormatter(logging.Formatter("[course] %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.WARNING)
        log.propagate = False
    return log


def log_failure(where: str, exc: BaseException) -> None:
    """Record a failure in the server log: the part that failed and why, never learner data."""
    _server_log().warning("%s failed: %s: %s", where, type(exc).__name__, exc)


def calm_html(message: str = CALM_MESSAGE) -> str:
    return (f'<div class="course-calm-error" role="status"><p>{e(message)}</p>'
            '<p><a href="index.ipynb">Contents</a></p></div>')


def calm(fn: F) -> F:
    """Show a calm message instead of a traceback if building a page element fails.

    The reason goes to the server log (``log_failure``). With COURSE_STRICT=1 the error is raised.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if strict():
                raise
            log_failure(fn.__name__, exc)
            from IPython.display import HTML

            return HTML(calm_html())

    return wrapper  # type: ignore[return-value]


_SHARED: dict[tuple, Any] = {}


def shared(kind: type, **traits: Any) -> Any:
    """One ``Layout`` or style widget per kernel for every widget that uses it unchanged (ipywidgets lets many
    widgets point at one layout model). Each ipywidgets control otherwise opens its own Layout and style
    widget: on a quiz page those were half of the page's widgets, and each costs the kernel a comm at
    start-up and a state in the page's first reply (issue 17). Never pass a shared one to a widget whose
    layout or style the code changes later (give that widget its own)."""
    key = (kind, tuple(sorted(traits.items())))
    widget = _SHARED.get(key)
    if widget is None or getattr(widget, "comm", None) is None:  # closed (tests close every widget)
        widget = _SHARED[key] = kind(**traits)
    return widget
