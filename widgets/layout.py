"""Page furniture every notebook shares: course header, objectives, navigation, the help line.

These are HTML outputs, not widgets: relative links in HTML output work in Voila (``/voila/render/X.ipynb``)
and in JupyterLab (which opens the linked notebook), and they need no kernel round trip to show.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from IPython.display import HTML, display

from widgets import course
from widgets.citations import ANY, cited_ids
from widgets.frontend import FrontEndWidget, source
from widgets.runtime import calm
from widgets.runtime import e as _e

if TYPE_CHECKING:  # schema types for annotations only: kernels load widgets.course
    from widgets import content

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CITATION = ANY  # a citation in either form, [ref:ID] or [(Label)](#ref-ID); group 1 is the id
COURSE_CSS = ROOT / "share" / "jupyter" / "voila" / "templates" / "course" / "static" / "course.css"


class CourseStyle(FrontEndWidget):
    """The course's stylesheet in JupyterLab: the one file Voila's course template links. Draws nothing."""

    _esm = source(Path(__file__).parent / "static" / "course_style.js")
    _css = source(COURSE_CSS)


def _in_jupyterlab() -> bool:
    """Voila sets VOILA_KERNEL_ID in every kernel it starts; without it we are in JupyterLab (or nbconvert)."""
    return "VOILA_KERNEL_ID" not in os.environ


def _lab_furniture(*, quick_exit: bool = True) -> None:
    """What Voila's template gives a page but JupyterLab does not: the course's styles and a quick exit."""
    if not _in_jupyterlab():
        return
    display(CourseStyle())
    if quick_exit:
        from widgets.safety import quick_exit as make_quick_exit

        display(make_quick_exit())

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


def nav_html(module_id: str) -> str:
    """Previous / contents / next links."""
    prev_, next_ = neighbours(module_id)
    links = []
    if prev_:
        links.append(f'<a class="course-nav-prev" rel="prev" href="{prev_.notebook}">'
                     f'<span aria-hidden="true">&larr; </span>Previous: {_e(prev_.short_title)}</a>')
    links.append('<a class="course-nav-contents" href="index.ipynb">Contents</a>')
    if next_:
        links.append(f'<a class="course-nav-next" rel="next" href="{next_.notebook}">'
                     f'Next: {_e(next_.short_title)}<span aria-hidden="true"> &rarr;</span></a>')
    return f'<nav class="course-nav" aria-label="Course pages">{" ".join(links)}</nav>'


def help_line_html(region_id: str | None = None, more: bool = True) -> str:
    """'Need help now?': the region's emergency number and its first line (a domestic abuse service), who it
    serves, and its number as a link. ``more`` adds a link to every line and region on Start here (JupyterLab;
    in Voila the page's own help block has them one tap away)."""
    from widgets.support import contact_html, who

    region = course.get().region(region_id)
    first = region.services[0]
    reach = contact_html(first.contacts[0])
    link = ' · <a href="00-start-here.ipynb#help-list">More help lines, other regions</a>' if more else ""
    return (f'<p class="course-help-line" data-region="{_e(region.id)}"><strong>Need help now?</strong> '
            f'{_e(region.name)}: emergency <span class="course-number">{_e(region.emergency)}</span> · '
            f'<strong>{_e(first.name)}</strong> <span class="course-serves">({_e(who(first, "for"))})</span>: '
            f"{reach}{link}</p>")


def _help_line() -> str:
    """The help line in a page's header: in JupyterLab only, since Voila's template draws its own (no kernel)."""
    return "" if "VOILA_KERNEL_ID" in os.environ else help_line_html()



@calm
def page(module_id: str) -> HTML:
    """The top of a module page: course title, module title, time, objectives, navigation."""
    c = course.get()
    mod = c.modules.get(module_id)
    if mod is None:
        raise KeyError(f"unknown module '{module_id}' (known: {', '.join(c.modules)})")
    numbered = course_modules()
    _lab_furniture()
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
        f"{nav_html(module_id)}{_help_line()}</header>{goals}"
    )


def cited_references(notebook: str) -> list[content.Reference]:
    """The references a notebook's text cites, in order of first citation: links made by
    ``python -m widgets.citations`` (``[(Label)](#ref-ID)``) and raw ``[ref:ID]`` keys not yet converted."""
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    refs = course.get().references
    ids = cited_ids(text)
    missing = [i for i in ids if i not in refs]
    if missing:
        raise KeyError(f"{notebook} cites unknown reference ids: {', '.join(missing)}")
    return [refs[i] for i in ids]


def sources_html(notebook: str) -> str:
    """A numbered list of the page's sources. Each entry's id (``ref-ID``) is the target of the text's
    citation links, in Voila and in JupyterLab alike."""
    items = []
    for r in cited_references(notebook):
        link = f' <a href="{_e(r.url)}" rel="noreferrer noopener" target="_blank">link</a>' if r.url else ""
        items.append(f'<li id="ref-{r.id}">{_e(r.citation)}{link}</li>')
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
    """The landing page: a clear way to begin, then the learner's parts, each numbered once by its own
    label. The facilitator guide is not one of the learner's parts: it has its own link at the end."""
    c = course.get()
    _lab_furniture()
    items = []
    for m in course_modules():
        number = "Introduction" if m.number == "00" else f"Module {int(m.number or 0)}"
        goals = "".join(f"<li>{_e(o.text)}</li>" for o in m.objectives)
        items.append(
            f'<li class="course-contents-item"><h2><span class="course-contents-number">{number}</span>'
            f'<a href="{m.notebook}">{_e(m.title)}</a></h2>'
            f'<p>{_e(m.summary)} <span class="course-meta">(about {m.minutes} minutes)</span></p>'
            + (f'<details><summary>What you will learn</summary><ul>{goals}</ul></details>' if goals else "")
            + "</li>"
        )
    first = course_modules()[0]
    guides = [m for m in c.info.modules if m.number is None]
    guide = "".join(f'<p class="course-for-facilitators">Running this course with a group? '
                    f'<a href="{g.notebook}">{_e(g.title)}</a></p>' for g in guides)
    return HTML(
        f'<header class="course-header"><h1>{_e(c.info.title)}</h1><p>{_e(c.info.tagline)}</p>'
        f"{_help_line()}"
        f'<nav class="course-nav" aria-label="Begin"><a class="course-begin" rel="next" href="{first.notebook}">'
        f'Begin the course<span aria-hidden="true"> &rarr;</span></a></nav></header>'
        f'<nav aria-label="Course contents"><ol class="course-contents">{"".join(items)}</ol></nav>'
        f"{guide}"
    )
