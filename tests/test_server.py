"""What a visitor's browser receives from Voila: the course text, never the source code or a traceback,
and nothing that points the browser at another host."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from conftest import NOTEBOOKS, course_notebooks

from widgets import content

pytestmark = pytest.mark.server

# Something the page would load from another host (a script, style sheet, image, frame...). Links a learner may
# choose to follow (<a href>, e.g. a helpline's own website) are not loaded, so they do not count.
OUTSIDE_RESOURCE = re.compile(r"""<(?:script|link|img|iframe|source|video|audio|embed|object|image)\b[^>]*?"""
                              r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//(?!127\.0\.0\.1|localhost)""", re.IGNORECASE)


def cell_outputs(html: str) -> list[dict]:
    """The outputs Voila streamed into the page (as JSON for its front end to render)."""
    blocks = re.findall(r'<script type="application/vnd.voila.cell-output\+json">\s*(.*?)\s*</script>', html, re.DOTALL)
    return [json.loads(b) for b in blocks]


@pytest.fixture(scope="module")
def pages(voila_server) -> dict[str, str]:
    out = {}
    for name in course_notebooks():
        status, html = voila_server.get(f"/voila/render/{name}")
        assert status == 200, f"{name}: HTTP {status}"
        out[name] = html
    return out


@pytest.mark.parametrize("name", course_notebooks())
def test_page_shows_course_text_and_no_code(pages, name):
    html = pages[name]
    mod = content.get().module_of_notebook(name)
    title = mod.title if mod else content.get().info.title
    assert json.dumps(title)[1:-1].replace("/", "\\/") in html or title in html, f"{name}: title missing"
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            for line in filter(None, (ln.strip() for ln in cell.source.splitlines())):
                assert line not in html, f"{name}: source code shown: {line!r}"
    # Markdown renders inside an input area too; code would come as an editor or highlighted source.
    assert not re.search(r'class="[^"]*(jp-InputArea-editor|highlight hl-ipython)', html), f"{name}: code shown"


@pytest.mark.parametrize("name", course_notebooks())
def test_page_has_no_error_output(pages, name):
    outputs = cell_outputs(pages[name])
    assert outputs, f"{name}: no outputs at all"
    for out in outputs:
        assert out.get("output_type") != "error", f"{name}: {out.get('ename')}: {out.get('evalue')}"
        assert out.get("name") != "stderr", f"{name}: printed to stderr: {out.get('text')}"
    assert "Traceback" not in pages[name]
    assert "could not be shown" not in pages[name]


@pytest.mark.parametrize("name", course_notebooks())
def test_page_points_at_no_other_host(pages, name):
    found = OUTSIDE_RESOURCE.findall(pages[name])
    assert not found, f"{name}: links a resource on another host: {found}"
    assert "cdn.jsdelivr.net" not in pages[name] and "cdnjs.cloudflare.com" not in pages[name]


@pytest.mark.parametrize("name", course_notebooks())
def test_every_page_offers_quick_exit_and_navigation(pages, name):
    html = pages[name]
    assert 'id="course-quick-exit"' in html and "Quick exit" in html
    assert "course-nav" in html


def test_the_front_door_leads_to_the_landing_page(voila_server):
    status, html = voila_server.get("/")
    assert status == 200
    assert "voila/render/index.ipynb" in html


@pytest.mark.parametrize("override", ["?template=lab", "?template=reveal", "?voila-template=classic"])
def test_a_visitor_cannot_swap_in_a_stock_template(voila_server, override):
    """The stock templates load fonts and scripts from public CDNs; only the course template is served."""
    status, html = voila_server.get(f"/voila/render/01-what-it-is.ipynb{override}")
    assert status == 200
    assert 'id="course-quick-exit"' in html
    assert not OUTSIDE_RESOURCE.findall(html)
