"""Page furniture every notebook shares: course header, objectives, navigation, the help line.

These are HTML outputs, not widgets: relative links in HTML output work in Voila (``/voila/render/X.ipynb``)
and in JupyterLab (which opens the linked notebook), and they need no kernel round trip to show.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from IPython.display import HTML

from widgets import course
from widgets.runtime import calm
from widgets.runtime import e as _e

if TYPE_CHECKING:  # schema types for annotations only: kernels load widgets.course
    from widgets import content

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
CITATION = re.compile(r"\[ref:([a-z0-9-]+)\]")

def course_modules() -> list[content.Module]:
    """The numbered learner modules, in order (the facilitator guide is listed separately)."""
    return [m for m in course.get().info.modules if m.number is not None]


def neighbours(module_id: str) -> tuple[content.Module | None, content.Module | None]:
    """The modules before and after ``module_id`` in the learner's path."""
    order = [m.id for m in course_modules()]
    mods = course.get().modules
    if module_id not in mods:
        raise KeyError(f"unknown module '{module_id}' (known: {', '.join(mods)})")
    if module_id not in order:  # the facilitator guide: back to contents only
        return None, None
    i = order.index(module_id)
    prev_ = mods[order[i - 1]] if i > 0 else None
    next_ = mods[order[i + 1]] if i + 1 < len(order) else None
    return prev_, next_


def nav_html(module_id: str | None) -> str:
    """Previous / contents / next links. ``None`` is the contents page itself."""
    prev_, next_ = neighbours(module_id) if module_id else (None, course_modules()[0])
    links = []
    if prev_:
        links.append(f'<a class="course-nav-prev" rel="prev" href="{prev_.notebook}">'
                     f'<span aria-hidden="true">&larr; </span>Previous: {_e(prev_.short_title)}</a>')
    if module_id:
        links.append('<a class="course-nav-contents" href="index.ipynb">Contents</a>')
    if next_:
        label = "Begin" if module_id is None else "Next"
        links.append(f'<a class="course-nav-next" rel="next" href="{next_.notebook}">'
                     f'{label}: {_e(next_.short_title)}<span aria-hidden="true"> &rarr;</span></a>')
    return f'<nav class="course-nav" aria-label="Course pages">{" ".join(links)}</nav>'


def help_line_html() -> str:
    """'Need help now?' with the default region's emergency number and main hotline."""
    c = course.get()
    if c.resources is None:
        return ""
    region = c.region()
    first = region.services[0]
    reach = " · ".join(f"{_e(x.label or x.kind)} {_e(x.value)}" for x in first.contacts[:2])
    return (f'<p class="course-help-line"><strong>Need help now?</strong> {_e(region.name)}: '
            f'emergency {_e(region.emergency)} · {_e(first.name)}: {reach} · '
            f'<a href="00-start-here.ipynb#help-now">other regions</a></p>')


@calm
def page(module_id: str) -> HTML:
    """The top of a module page: course title, module title, time, objectives, navigation."""
    c = course.get()
    mod = c.modules.get(module_id)
    if mod is None:
        raise KeyError(f"unknown module '{module_id}' (known: {', '.join(c.modules)})")
    numbered = course_modules()
    if "VOILA_KERNEL_ID" not in os.environ:  # JupyterLab: Voila's template has its own quick exit
        from IPython.display import display

        from widgets.safety import quick_exit

        display(quick_exit())
    where = (f"Module {int(mod.number)} of {len(numbered) - 1}" if mod.number and mod.number != "00"
             else ("Introduction" if mod.number else "For facilitators"))
    objectives = "".join(f"<li>{_e(o.text)}</li>" for o in mod.objectives)
    goals = (f'<section class="course-objectives" aria-labelledby="goals-{mod.id}">'
             f'<h2 id="goals-{mod.id}">In this part you will</h2><ul>{objectives}</ul></section>'
             if objectives else "")
    return HTML(
        f'<header class="course-header">'
        f'<p class="course-title"><a href="index.ipynb">{_e(c.info.title)}</a></p>'
        f"<h1>{_e(mod.title)}</h1>"
        f'<p class="course-meta">{where} · about {mod.minutes} minutes</p>'
        f"{nav_html(module_id)}{help_line_html()}</header>{goals}"
    )


def cited_references(notebook: str) -> list[content.Reference]:
    """The references a notebook's text cites as [ref:ID], in order of first citation."""
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    refs = course.get().references
    ids = dict.fromkeys(CITATION.findall(text))
    missing = [i for i in ids if i not in refs]
    if missing:
        raise KeyError(f"{notebook} cites unknown reference ids: {', '.join(missing)}")
    return [refs[i] for i in ids]


def sources_html(notebook: str) -> str:
    """A numbered list of the page's sources. The page script turns each [ref:ID] in the text into a
    link to its entry, labelled with the entry's data-label ("Dutton & Painter 1993")."""
    items = []
    for r in cited_references(notebook):
        link = f' <a href="{_e(r.url)}" rel="noreferrer noopener" target="_blank">link</a>' if r.url else ""
        items.append(f'<li id="ref-{r.id}" data-label="{_e(r.label)}">{_e(r.citation)}{link}</li>')
    if not items:
        return ""
    return (f'<section class="course-sources" aria-labelledby="sources-heading">'
            f'<h2 id="sources-heading">Sources</h2><ol>{"".join(items)}</ol></section>')


@calm
def footer(module_id: str) -> HTML:
    """The bottom of a module page: its sources, and navigation again so nobody scrolls back up."""
    mod = course.get().modules[module_id]
    return HTML(f'<footer class="course-footer">{sources_html(mod.notebook)}{nav_html(module_id)}</footer>')


@calm
def contents() -> HTML:
    """The landing page's list of modules, with their summaries and objectives."""
    c = course.get()
    items = []
    for m in c.info.modules:
        label = f"{m.number} · {_e(m.title)}" if m.number else _e(m.title)
        goals = "".join(f"<li>{_e(o.text)}</li>" for o in m.objectives)
        items.append(
            f'<li class="course-contents-item"><h2><a href="{m.notebook}">{label}</a></h2>'
            f'<p>{_e(m.summary)} <span class="course-meta">(about {m.minutes} minutes)</span></p>'
            + (f'<details><summary>What you will learn</summary><ul>{goals}</ul></details>' if goals else "")
            + "</li>"
        )
    return HTML(
        f'<header class="course-header"><h1>{_e(c.info.title)}</h1><p>{_e(c.info.tagline)}</p>'
        f"{help_line_html()}</header>"
        f'<nav aria-label="Course contents"><ol class="course-contents">{"".join(items)}</ol></nav>'
        f"{nav_html(None)}"
    )
