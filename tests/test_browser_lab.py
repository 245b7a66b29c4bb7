"""Learning in JupyterLab, tried as a self-paced learner: `make lab`, open a module, Run All, read it.

Oracles: the course's citation style (APA 7 author-year, each linked to the page's Sources; WCAG 2.2
SC 2.4.4 link purpose) must hold in JupyterLab as in Voila, with no page script to rewrite keys; the
widgets draw (no "Error displaying widget"); the course's stylesheet applies; JupyterLab's own security
model (a token, loopback only) stays on. `make lab` runs as whoever starts it: JupyterLab refuses root
unless told (--allow-root), so the Makefile tells it only when the user is root."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from conftest import NOTEBOOKS, ROOT, free_port
from playwright.sync_api import expect

from widgets import citations

pytestmark = pytest.mark.browser

TOKEN = "course-lab-test-" + os.urandom(8).hex()
PAGE = "01-what-it-is.ipynb"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab` exactly as a learner runs it, plus test-only settings: a token we know, no autosave (the
    repository's notebooks must not gain outputs), no update or news checks (no traffic off the machine)."""
    tmp = tmp_path_factory.mktemp("lab")
    settings = tmp / "settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    port = free_port()
    args = [f"--IdentityProvider.token={TOKEN}", "--ServerApp.open_browser=False",
            f"--LabApp.user_settings_dir={tmp / 'settings'}", f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
            "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    log = (tmp / "lab.log").open("w")
    proc = subprocess.Popen(["make", "lab", f"PORT={port}", "LAB_ARGS=" + " ".join(args)], cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log.flush()
            pytest.fail("make lab did not start:\n" + (tmp / "lab.log").read_text()[-3000:])
        time.sleep(0.5)
    before = {p.name: p.read_bytes() for p in NOTEBOOKS.glob("*.ipynb")}
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()
    assert {p.name: p.read_bytes() for p in NOTEBOOKS.glob("*.ipynb")} == before, "JupyterLab saved a notebook"


def test_make_lab_serves_only_with_the_token(lab):
    """Started by `make lab` as this user (root in CI containers, an ordinary user on a laptop)."""
    try:
        urllib.request.urlopen(f"{lab}/api/contents", timeout=30)
        refused = False
    except urllib.error.HTTPError as e:
        refused = e.code == 403
    assert refused


def test_a_module_runs_in_jupyterlab_with_widgets_styles_and_linked_citations(browser, lab):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    outside = []
    page.route("**/*", lambda r: (outside.append(r.request.url), r.abort())
               if not r.request.url.startswith((lab, "data:", "blob:")) else r.continue_())
    # `make lab` serves the notebooks folder (it opens notebooks/index.ipynb, so that folder is the root).
    page.goto(f"{lab}/lab/tree/{PAGE}?token={TOKEN}", timeout=180_000)
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    notebook.locator(".jp-Notebook").wait_for(timeout=120_000)
    page.get_by_text(re.compile(r"Python 3 \(ipykernel\) \| Idle")).wait_for(timeout=120_000)

    # Run > Run All Cells, as a learner would.
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
    code_cells = notebook.locator(".jp-CodeCell")
    count = code_cells.count()
    page.wait_for_function(
        """n => { const p = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')];
                  return p.length === n && p.every(x => /\\[\\d+\\]/.test(x.textContent)); }""",
        arg=count, timeout=240_000)
    footer = notebook.locator(".course-sources")
    footer.wait_for(timeout=120_000)

    # Widgets draw: the quick exit and the page's interactive parts, no widget errors.
    assert notebook.locator(".jupyter-widgets").count() > 0
    # The quick exit sits in JupyterLab's top bar, once per window (tests/test_browser_quick_exit_lab.py).
    expect(page.get_by_role("button", name=re.compile("Quick exit")).first).to_be_visible(timeout=60_000)
    assert "Error displaying widget" not in notebook.inner_text()
    assert notebook.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0

    # The course's stylesheet applies here too: body text at the course's size (18px, not JupyterLab's 14px)
    # and the help line's accent border.
    style = page.evaluate("""() => ({
      text: getComputedStyle(document.querySelector('.jp-NotebookPanel .jp-RenderedMarkdown p')).fontSize,
      border: getComputedStyle(document.querySelector('.jp-NotebookPanel .course-help-line')).borderLeftWidth})""")
    assert style == {"text": "18px", "border": "4px"}

    # Citations are links, not "[ref:...]" keys, and each points at an entry of the Sources list.
    text = notebook.inner_text()
    assert "[ref:" not in text
    nb = json.loads((NOTEBOOKS / PAGE).read_text(encoding="utf-8"))
    cited = citations.cited_ids("\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"))
    links = notebook.locator(".jp-RenderedMarkdown a[href^='#ref-']")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert hrefs == {f"#ref-{i}" for i in cited}
    for ref_id in cited:
        assert footer.locator(f"li[id='ref-{ref_id}']").count() == 1
    # Following a citation brings its source into view.
    links.first.click()
    target = footer.locator(f"li[id='{links.first.get_attribute('href')[1:]}']")
    page.wait_for_function("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
                           arg=target.element_handle(), timeout=30_000)
    assert outside == []
    ctx.close()
