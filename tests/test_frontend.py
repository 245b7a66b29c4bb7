"""The course's front-end widgets speak anywidget's protocol without importing anywidget's Python package.

Oracle: anywidget itself. Its ``AnyWidget`` class defines the model and view names and the version range the
anywidget front end (the JupyterLab / Voila extension that loads each widget's ES module) accepts; the
course's ``FrontEndWidget`` must send the same, or no course widget would draw. Why the course has its own
base class at all (issue 17): ``widgets/frontend.py``.
"""

from __future__ import annotations

import anywidget
import pytest

from widgets import chart, explorers, layout, quizzes, safety
from widgets.frontend import FrontEndWidget

CLASSES = [chart.LineChart, explorers.LabelledSlider, layout.CourseStyle, quizzes.ChoiceGroup,
           quizzes.LiveStatus, safety.QuickExit]
ARGS = {explorers.LabelledSlider: ("Days", 0, 10, 1, 5, str)}
PROTOCOL = ["_model_name", "_model_module", "_model_module_version", "_view_name", "_view_module",
            "_view_module_version"]


def test_every_front_end_widget_is_one_of_these():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    assert {c for c in subclasses(FrontEndWidget) if c.__module__.startswith("widgets.")} == set(CLASSES)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_each_widget_sends_what_anywidget_itself_sends(cls):
    theirs = anywidget.AnyWidget.class_traits()
    ours = cls(*ARGS.get(cls, ()))
    for name in PROTOCOL:
        assert getattr(ours, name) == theirs[name].default_value, name
    # anywidget keys a class's stylesheet by module.Class
    assert ours._anywidget_id == f"{cls.__module__}.{cls.__name__}"
    # the ES module and stylesheet are the files beside the class, as text
    assert "export default" in ours._esm
    assert ours._css.strip(), "every course widget has a stylesheet"
    assert set(PROTOCOL + ["_esm", "_css", "_anywidget_id"]) <= set(ours.keys)
    ours.close()


def test_instances_share_their_class():
    """anywidget's add_traits per instance made a new class for every widget (1.2 MiB per 100 answer groups)."""
    a, b = quizzes.ChoiceGroup(), quizzes.ChoiceGroup()
    assert type(a) is type(b) is quizzes.ChoiceGroup
    a.close()
    b.close()


def test_the_browser_cannot_replace_a_widget_module():
    from widgets import guard

    for cls in CLASSES:
        assert not {"_esm", "_css", "_anywidget_id"} & guard.browser_settable(cls(*ARGS.get(cls, ())))
