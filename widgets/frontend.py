"""The base of every course widget with its own front end: one Python class + one ES module file.

The front end is anywidget's (its JupyterLab / Voila extension loads the ES module a widget names in ``_esm``,
with ``_css`` beside it). The Python side is this small class instead of ``anywidget.AnyWidget``, because
measured per visitor kernel (issue 17, ``benchmarks/run.py --parts kernels``) the Python package cost more
than the course could afford in a kernel that must stay within 1.1 times a one-slider kernel:

- ``import anywidget`` loads psygnal and 25 other modules: 1.8 MiB of resident memory in every kernel;
- ``AnyWidget.__init__`` adds ``_esm``, ``_css`` and ``_anywidget_id`` with ``add_traits``, which makes a new
  class for every instance: 100 answer groups cost 1.2 MiB, against 0.5 MiB with class-level traits.

Here the three are ordinary class-level synced traits, read once when the class is defined. The model and
view names and the version range are anywidget's own (``AnyModel`` / ``AnyView`` in module ``anywidget``,
``~MAJOR.MINOR.*`` of the installed anywidget), so the browser side is exactly anywidget's, and
``tests/test_frontend.py`` checks each widget's whole state against the AnyWidget twin anywidget would make
from the same files. anywidget's Python package stays installed: its wheel ships that front end. What is
left out: hot reload of edited files, the experimental "commands", Colab's widget-manager hook, a default
ES module, and ``_esm`` / ``_css`` given as a path or URL (here: ``source(path)``, checked when a class is
defined).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import ipywidgets
import traitlets

from widgets.runtime import shared


def _semver(installed: str) -> str:
    """anywidget's own rule (anywidget/_version.py): ``~0.11.*`` for 0.11.0; a pre-release as it is."""
    major, minor, rest = installed.split(".", maxsplit=2)
    return installed if ("a" in rest or "b" in rest) else f"~{major}.{minor}.*"


def _installed_version() -> str:
    """anywidget's installed version, from its dist-info folder's name beside the package (found without
    importing it). importlib.metadata gives the same answer but costs every kernel 24 ms of CPU to import."""
    spec = importlib.util.find_spec("anywidget")
    if spec is not None and spec.origin:
        found = sorted(Path(spec.origin).parent.parent.glob("anywidget-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len("anywidget-"):-len(".dist-info")]
    from importlib.metadata import version  # an unusual layout (egg, zip): ask the slow, general way

    return version("anywidget")


ANYWIDGET_VERSION = _semver(_installed_version())


def source(*paths: Path) -> traitlets.Unicode:
    """A synced ``_esm`` or ``_css`` trait holding the text of ``paths``, joined (read once, when the class is
    made)."""
    return traitlets.Unicode("".join(p.read_text(encoding="utf-8") for p in paths)).tag(sync=True)


class ShortRepr:
    """A widget's repr as Python's plain one. ipywidgets' repr lists every public trait's value, children
    included, and a page's kernel computes it for each displayed widget (the text form of the output): 13 ms
    of a quiz page's start-up for text nobody reads; a chart's series run to thousands of characters.
    anywidget does the same for its widgets."""

    def __repr__(self) -> str:
        return object.__repr__(self)


class FrontEndWidget(ShortRepr, ipywidgets.DOMWidget):
    """Subclasses set ``_esm = source(path_to_module_js)`` and, if they have one, ``_css = source(...)``."""

    _model_name = traitlets.Unicode("AnyModel").tag(sync=True)
    _model_module = traitlets.Unicode("anywidget").tag(sync=True)
    _model_module_version = traitlets.Unicode(ANYWIDGET_VERSION).tag(sync=True)
    _view_name = traitlets.Unicode("AnyView").tag(sync=True)
    _view_module = traitlets.Unicode("anywidget").tag(sync=True)
    _view_module_version = traitlets.Unicode(ANYWIDGET_VERSION).tag(sync=True)
    _esm = traitlets.Unicode("").tag(sync=True)
    _css = traitlets.Unicode("").tag(sync=True)
    # anywidget's front end keys a widget class's stylesheet by this id (module.Class, as anywidget sets it).
    _anywidget_id = traitlets.Unicode("").tag(sync=True)

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        for key in ("_esm", "_css"):
            if key in cls.__dict__ and not isinstance(cls.__dict__[key], traitlets.Unicode):
                # anywidget's own idiom (a Path) would replace the trait: the browser would get no module.
                raise TypeError(f"{cls.__name__}.{key} must be source(path), not {type(cls.__dict__[key]).__name__}")
        if not cls._esm.default_value:  # on the class, _esm is the trait itself
            raise TypeError(f"{cls.__name__} has no ES module: set _esm = source(path)")

    @traitlets.default("layout")
    def _default_layout(self) -> ipywidgets.Layout:
        # One layout model for every course widget that keeps the default (runtime.shared): none of them
        # changes its layout afterwards. Pass layout=ipywidgets.Layout() to one that will.
        return shared(ipywidgets.Layout)

    @traitlets.default("_anywidget_id")
    def _default_id(self) -> str:
        return f"{type(self).__module__}.{type(self).__name__}"
