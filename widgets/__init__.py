"""The course's widgets: what the notebooks call, one line per element.

    from widgets import page, quiz
    page("what-it-is")
    quiz("what-it-is")

Names are imported lazily, so a page loads only the parts it shows (this keeps each visitor's kernel small).
"""

from __future__ import annotations

import importlib

_API = {
    # Module names differ from the names they provide: importing `widgets.quiz` would otherwise
    # replace the `quiz` function on this package with the module.
    "page": "widgets.layout",
    "footer": "widgets.layout",
    "contents": "widgets.layout",
    "quiz": "widgets.quizzes",
    "checklist": "widgets.reflection",
    "explorer": "widgets.explorers",
    "resources": "widgets.support",
    "glossary": "widgets.support",
    "quick_exit": "widgets.safety",
}

__all__ = list(_API)


def __getattr__(name: str):
    if name in _API:
        # Before any widget exists: the browser may set only what a learner can change (widgets.guard).
        importlib.import_module("widgets.guard").install()
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'widgets' has no attribute '{name}'")
