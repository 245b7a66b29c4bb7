"""The course's front-end widgets speak anywidget's protocol without importing anywidget's Python package.

Oracles: anywidget itself and the front end the browser loads. ``anywidget.AnyWidget`` defines the state the
anywidget front end (the JupyterLab / Voila extension that loads each widget's ES module) reads, and the
extension's own package.json the version it registers; the course's ``FrontEndWidget`` must match both, or
no course widget would draw. Why the course has its own base class at all (issue 17): widgets/frontend.py.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import anywidget
import pytest
from anywidget._version import get_semver_version
from jupyter_core.paths import jupyter_path

import widgets
from widgets import chart, course, explorers, guard, layout, quizzes, reflection, safety
from widgets.frontend import ANYWIDGET_VERSION, FrontEndWidget, _semver, source

CLASSES = [chart.LineChart, explorers.LabelledSlider, layout.CourseStyle, quizzes.ChoiceGroup,
           quizzes.QuestionView, quizzes.LiveStatus, reflection.ReflectionChecklist, safety.QuickExit]
ARGS = {explorers.LabelledSlider: ("Days", 0, 10, 1, 5, str),
        quizzes.QuestionView: (lambda: (next(iter(course.get().quizzes.values())).questions[0], 1, 1)),
        reflection.ReflectionChecklist: (lambda: (course.get().checklist,))}


def make(cls):
    args = ARGS.get(cls, ())
    return cls(*(args() if callable(args) else args))


def test_every_front_end_widget_in_the_package_is_checked_here():
    for info in pkgutil.iter_modules(widgets.__path__):
        importlib.import_module(f"widgets.{info.name}")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    assert {c for c in subclasses(FrontEndWidget) if c.__module__.startswith("widgets.")} == set(CLASSES)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_each_widget_sends_what_its_anywidget_twin_sends(cls):
    """The AnyWidget class anywidget itself would make from the same files (same module and name): every
    state key it sends, ours sends, with the same value (the layout model's id aside)."""
    ours = make(cls)
    twin = type(cls.__name__, (anywidget.AnyWidget,),
                {"__module__": cls.__module__, "_esm": ours._esm, "_css": ours._css})()
    theirs, mine = twin.get_state(), ours.get_state()
    assert set(theirs) <= set(mine)
    protocol = [k for k in FrontEndWidget.class_traits(sync=True) if k not in ("layout", "tooltip", "_dom_classes")]
    assert {k: theirs[k] for k in protocol} == {k: mine[k] for k in protocol}
    assert "export default" in mine["_esm"] and mine["_css"].strip()
    ours.close()
    twin.close()


@pytest.mark.parametrize("installed", ["0.11.0", "0.11.3", "0.12.0a1", "0.12.0b2", "0.12.0rc1", "1.0.0",
                                       "0.11.0.dev0"])
def test_the_version_rule_is_anywidgets(installed):
    assert _semver(installed) == get_semver_version(installed)


def test_the_range_matches_the_front_end_the_browser_loads():
    """The version the anywidget labextension registers (the first on Jupyter's data path wins)."""
    found = [p for d in jupyter_path("labextensions") if (p := Path(d) / "anywidget" / "package.json").exists()]
    assert found, "anywidget's labextension is not installed"
    registered = json.loads(found[0].read_text())["version"]
    match = re.fullmatch(r"~(\d+)\.(\d+)\.\*", ANYWIDGET_VERSION)
    assert match and registered.split(".")[:2] == [match[1], match[2]], (ANYWIDGET_VERSION, registered)


def test_instances_share_their_class():
    """anywidget's add_traits per instance made a new class for every widget (1.2 MiB per 100 answer groups)."""
    a, b = quizzes.ChoiceGroup(), quizzes.ChoiceGroup()
    assert type(a) is type(b) is quizzes.ChoiceGroup
    a.close()
    b.close()


def test_the_browser_cannot_replace_a_widget_module():
    for cls in CLASSES:
        widget = make(cls)
        assert not {"_esm", "_css", "_anywidget_id"} & guard.browser_settable(widget)
        widget.close()


def test_a_widget_without_its_module_is_refused_when_defined():
    """anywidget's own idiom (``_esm = Path(...)``) would replace the trait and the browser would get no
    module (``undefined.startsWith``); a forgotten ``_esm`` would send an empty one."""
    module = Path(chart.__file__).parent / "static" / "chart.js"
    with pytest.raises(TypeError, match="must be source"):
        type("Old", (FrontEndWidget,), {"_esm": module})
    with pytest.raises(TypeError, match="no ES module"):
        type("Empty", (FrontEndWidget,), {})
    fine = type("Fine", (FrontEndWidget,), {"_esm": source(module)})()
    assert fine.get_state()["_esm"] == module.read_text()
    fine.close()


def test_the_installed_version_is_read_as_importlib_metadata_reads_it():
    from importlib.metadata import version

    from widgets.frontend import _installed_version

    assert _installed_version() == version("anywidget")
