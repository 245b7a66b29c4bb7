"""Where to get help: crisis resources by region, and the glossary.

The region shown first is, in order: the page address's ``?region=`` (a learner or a facilitator's link),
the server's ``COURSE_REGION`` environment variable (``COURSE_REGION=uk make serve``), then
``default_region`` in content/course.yml. A learner can switch region on the page; nothing is remembered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import anywidget
import ipywidgets as w
import traitlets

from widgets import course
from widgets.runtime import calm
from widgets.runtime import e as _e

if TYPE_CHECKING:  # schema types for annotations only: kernels load widgets.course
    from widgets import content


def default_region_id() -> str:
    return course.get().region().id


def _contact_html(contact: content.Contact) -> str:
    label = _e(contact.label or contact.kind)
    value = _e(contact.value)
    if contact.kind in ("call", "tty") and any(ch.isdigit() for ch in contact.value):
        digits = "".join(ch for ch in contact.value if ch.isdigit() or ch == "+")
        return f'{label} <a href="tel:{digits}">{value}</a>'
    if contact.kind == "web":
        return f'{label} <a href="https://{value}" target="_blank" rel="noreferrer noopener">{value}</a>'
    return f"{label} {value}"


def resources_html(region_id: str | None = None) -> str:
    """One region's emergency number and services, as HTML (also used by the checklist's safety route)."""
    region = course.get().region(region_id or default_region_id())
    note = f" {_e(region.emergency_note)}" if region.emergency_note else ""
    services = []
    for s in region.services:
        reach = " · ".join(_contact_html(c) for c in s.contacts)
        hours = f" <span class=\"course-meta\">({_e(s.hours)})</span>" if s.hours else ""
        about = f"<br>{_e(s.description)}" if s.description else ""
        services.append(f"<li><strong>{_e(s.name)}</strong>{hours}: {reach}{about}</li>")
    return (f'<div class="course-resources" data-region="{region.id}">'
            f"<p><strong>In an emergency ({_e(region.name)}), call {_e(region.emergency)}.</strong>{note}</p>"
            f"<ul>{''.join(services)}</ul></div>")


class AddressRegion(anywidget.AnyWidget):
    """Reads ``?region=`` from the page address in the browser (the kernel never sees the address when
    Voila has pre-started it) and hands it to Python. Draws nothing."""

    _esm = """
    export default {
      render({ model, el }) {
        el.style.display = "none";
        const region = new URLSearchParams(window.location.search).get("region");
        if (region) { model.set("region", region.toLowerCase()); model.save_changes(); }
      }
    };
    """
    region = traitlets.Unicode("").tag(sync=True)


class CrisisResources(w.VBox):
    """A region chooser and that region's crisis resources."""

    def __init__(self, region_id: str | None = None):
        c = course.get()
        regions = c.resources.regions if c.resources else []
        self.chooser = w.Dropdown(options=[(r.name, r.id) for r in regions],
                                  value=c.region(region_id or default_region_id()).id,
                                  description="Your region", style={"description_width": "initial"})
        self.listing = w.HTML(resources_html(self.chooser.value))
        self.verified = w.HTML(f'<p class="course-meta">{_e(c.resources.verified)} '
                               "Numbers can change: if one does not work, try your local emergency number.</p>")
        self.address = AddressRegion()
        self.chooser.observe(self._show, "value")
        self.address.observe(self._from_address, "region")
        super().__init__([self.chooser, self.listing, self.verified, self.address])
        self.add_class("course-region")

    def _show(self, change) -> None:
        self.listing.value = resources_html(change["new"])

    def _from_address(self, change) -> None:
        if change["new"] in {value for _, value in self.chooser.options}:
            self.chooser.value = change["new"]


@calm
def resources(region: str | None = None) -> CrisisResources:
    """Crisis resources for the learner's region, with a chooser for other regions."""
    return CrisisResources(region)


@calm
def glossary() -> w.HTML:
    """Every term the course uses, with a plain definition."""
    terms = sorted(course.get().glossary.values(), key=lambda t: t.term.lower())
    items = "".join(f'<dt id="term-{t.id}">{_e(t.term)}</dt><dd>{_e(t.definition)}</dd>' for t in terms)
    return w.HTML(f'<dl class="course-glossary">{items}</dl>')
