"""Where to get help: crisis resources by region, and the glossary.

One region for the whole visit. The page decides it (share/jupyter/voila/templates/course/static/help.js,
no kernel needed): the address's ``?region=``, else the server's ``COURSE_REGION``
(``COURSE_REGION=uk make serve``), else ``default_region`` in content/course.yml. The page's own help block
is drawn by the template from a file this module writes (``write_page_help``, run by
``python -m widgets.content check``), so help shows before Python runs and after a kernel dies. Help the
kernel draws (``resources_html``: the resources list, the checklist's safety panel) carries
``data-region``; the page swaps it for its own region's. Nothing is remembered.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import ipywidgets as w
from IPython.display import HTML

from widgets import course
from widgets.frontend import ShortRepr
from widgets.runtime import TEMPLATE_DIR, calm
from widgets.runtime import e as _e

if TYPE_CHECKING:  # schema types for annotations only: kernels load widgets.course
    from widgets import content

PAGE_HELP = TEMPLATE_DIR / "course_help.generated.html"  # gitignored; written by `make check/serve/test`

PHONE_NOTE = ("Calls and texts show in your phone's history. If someone checks your phone, a safer phone may be "
              "better. Some lines are not open all night; the emergency number always is.")


def default_region_id() -> str:
    return course.get().region().id


def who(service: content.Service, start: str = "For") -> str:
    """'For women in England': who a line serves, in the words of content/resources.yml."""
    return f"{start} {service.serves}" + (f" in {service.area}" if service.area else "")


def contact_html(contact: content.Contact) -> str:
    """One way to reach a service as a link a thumb can hit: tel: and sms: for numbers, https for pages."""
    if contact.kind in ("call", "tty", "text"):
        digits = re.sub(r"\D", "", contact.value)
        if contact.kind == "text":
            body = f"?&body={contact.keyword}" if contact.keyword else ""
            shown = f"{contact.keyword} to {contact.value}" if contact.keyword else contact.value
            return f'text <a class="course-tel" href="sms:{digits}{_e(body)}">{_e(shown)}</a>'
        verb = "call" if contact.kind == "call" else "TTY"
        return f'{verb} <a class="course-tel" href="tel:{digits}">{_e(contact.value)}</a>'
    label = contact.label or ("chat online" if contact.kind == "chat" else "website")
    site = urlparse(contact.value).netloc.removeprefix("www.")
    return (f'<a class="course-web" href="{_e(contact.value)}" target="_blank" rel="noreferrer noopener">'
            f'{_e(label)}: {_e(site)}</a>')


def resources_html(region_id: str | None = None) -> str:
    """One region's emergency number and services, as HTML (also used by the checklist's safety route).

    ``data-region`` lets the page swap the block for the visit's region (help.js)."""
    region = course.get().region(region_id)
    note = f" {_e(region.emergency_note)}" if region.emergency_note else ""
    services = []
    for s in region.services:
        hours = f' <span class="course-meta">({_e(s.hours)})</span>' if s.hours else ""
        about = f'<p class="course-about">{_e(s.description)}</p>' if s.description else ""
        reach = "".join(f"<li>{contact_html(c)}</li>" for c in s.contacts)
        services.append(f'<li class="course-service"><p><strong>{_e(s.name)}</strong>{hours}<br>'
                        f'<span class="course-serves">{_e(who(s))}.</span></p>'
                        f'<ul class="course-reach">{reach}</ul>{about}</li>')
    return (f'<div class="course-resources" data-region="{_e(region.id)}">'
            f'<p class="course-emergency"><strong>In an emergency ({_e(region.name)}), call '
            f'<span class="course-number">{_e(region.emergency)}</span>.</strong>{note}</p>'
            f'<ul class="course-services">{"".join(services)}</ul>'
            f'<p class="course-meta">{PHONE_NOTE} Numbers can change: if one does not work, call your '
            "emergency number.</p></div>")


def chooser_html(region_id: str | None = None) -> str:
    """The page's region chooser (help.js makes every one on the page work together; no kernel)."""
    current = course.get().region(region_id).id
    options = "".join(f'<option value="{_e(r.id)}"{" selected" if r.id == current else ""}>{_e(r.name)}</option>'
                      for r in course.get().resources.regions)
    return (f'<label class="course-region-choice">Show help for '
            f'<select class="course-region-chooser">{options}</select></label>')


def page_help(c: content.Content | None = None) -> dict:
    """Every region's help for the page script, and the server's region (COURSE_REGION, else the default)."""
    from widgets.layout import help_line_html

    c = c or course.get()
    return {
        "defaultRegion": c.region().id,
        "regions": {r.id: {"name": r.name, "emergency": r.emergency, "exitUrl": r.quick_exit_url,
                           "more": more_lines_label(r),
                           "line": help_line_html(r.id, more=False), "list": resources_html(r.id)}
                    for r in c.resources.regions},
    }


def more_lines_label(region: content.Region) -> str:
    """The words on the page's "More help lines" disclosure: who else the full list serves."""
    return f"More help lines ({region.more_lines}), other regions" if region.more_lines else \
        "More help lines, other regions"


def page_help_html(c: content.Content | None = None) -> str:
    """The help block at the top of every Voila page (the template includes it), with the data help.js uses."""
    from widgets.layout import help_line_html

    data = page_help(c)
    region = data["defaultRegion"]
    # "<" escaped so no text can end the script element early.
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return (
        f'<section id="course-help" class="course-help" aria-label="Help now" data-region="{_e(region)}">'
        f'<div id="course-help-line">{help_line_html(region, more=False)}</div>'
        '<details id="course-help-all" class="course-help-all">'
        f'<summary>{_e(data["regions"][region]["more"])}</summary>'
        f'<div class="course-help-list">{chooser_html(region)}{resources_html(region)}</div></details>'
        '<div id="course-connection" class="course-connection" role="status" aria-live="polite" hidden></div>'
        f'</section>\n<script type="application/json" id="course-help-data">{payload}</script>\n'
    )


def write_page_help(c: content.Content | None = None, path: Path = PAGE_HELP) -> Path:
    """Write the template's help block (raw: Jinja must not read the content as template code)."""
    path.write_text("{% raw %}" + page_help_html(c) + "{% endraw %}\n", encoding="utf-8")
    return path


class CrisisResources(ShortRepr, w.VBox):
    """JupyterLab's region chooser and that region's crisis resources (in Voila the page has the chooser)."""

    def __init__(self, region_id: str | None = None):
        c = course.get()
        self.chooser = w.Dropdown(options=[(r.name, r.id) for r in c.resources.regions],
                                  value=c.region(region_id).id,
                                  description="Show help for", style={"description_width": "initial"})
        self.listing = w.HTML(resources_html(self.chooser.value))
        self.chooser.observe(self._show, "value")
        super().__init__([self.chooser, self.listing], _dom_classes=("course-region",))

    def _show(self, change) -> None:
        self.listing.value = resources_html(change["new"])


@calm
def resources(region: str | None = None) -> HTML | CrisisResources:
    """Crisis resources for the learner's region, with a chooser for other regions.

    In Voila this is plain HTML that the page keeps in step with the visit's region: it shows without a
    kernel round trip and stays after a kernel dies. JupyterLab has no page script, so there the chooser
    is a widget."""
    from widgets.safety import in_voila

    if in_voila():
        return HTML(f'<div class="course-help-list" id="help-list">{chooser_html(region)}'
                    f"{resources_html(region)}</div>")
    return CrisisResources(region)


@calm
def glossary() -> w.HTML:
    """Every term the course uses, with a plain definition: a definition list whose every term is wrapped
    with its own definition (HTML allows a <div> around each dt/dd group), so the pair stays together on
    one row on a wide screen and stacks on a phone (course.css: .course-term)."""
    terms = sorted(course.get().glossary.values(), key=lambda t: t.term.lower())
    items = "".join(f'<div class="course-term"><dt id="term-{t.id}">{_e(t.term)}</dt><dd>{_e(t.definition)}</dd></div>'
                    for t in terms)
    return w.HTML(f'<dl class="course-glossary">{items}</dl>')
