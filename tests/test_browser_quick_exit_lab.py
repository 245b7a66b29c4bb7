"""The quick exit in JupyterLab itself: Chromium drives `jupyter lab` (the course settings, a token, loopback),
opens a course notebook, runs all cells, scrolls, runs cells the usual way (Shift+Enter) and leaves.

Standards: GOV.UK Frontend's "Exit this page" (Shift counts only on its own: JupyterLab's Shift+Enter must never
leave; the exit is always in view), and jupyter_server's security model (the kernel is shut down through the
REST API with the XSRF token JupyterLab's own requests use).
"""

from __future__ import annotations

import json
import time

import pytest
from test_browser_quick_exit import EXIT_HOST, kernel_running, wait_until_kernel_ends

pytestmark = pytest.mark.browser

BUTTON = "#course-lab-quick-exit"

# JupyterLab's own controls the quick exit must never cover.
LAB_CONTROLS = (".lm-MenuBar-item, #jp-top-bar .jp-Toolbar-item:not(.jp-Toolbar-spacer), "
                ".jp-NotebookPanel-toolbar .jp-Toolbar-item, .jp-cell-toolbar, .jp-cell-toolbar button, "
                ".jp-StatusBar-Item, .lm-TabBar-tab, .jp-Notebook-footer")

# The part of each control a person can see (clipped by every scrolling ancestor, as the notebook clips a cell
# toolbar scrolled out of view) that lies under the quick exit by more than a pixel.
COVERED = """(controls) => {
  const b = document.querySelector('#course-lab-quick-exit').getBoundingClientRect();
  const visible = (e) => {
    let r = e.getBoundingClientRect(), top = r.top, bottom = r.bottom, left = r.left, right = r.right;
    for (let a = e.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const c = a.getBoundingClientRect();
      top = Math.max(top, c.top); bottom = Math.min(bottom, c.bottom);
      left = Math.max(left, c.left); right = Math.min(right, c.right);
    }
    return {top, bottom, left, right};
  };
  return [...document.querySelectorAll(controls)].filter(e => {
    const r = visible(e);
    const w = Math.min(r.right, b.right) - Math.max(r.left, b.left), h = Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top);
    return r.right > r.left && r.bottom > r.top && w > 1 && h > 1;
  }).map(e => e.className.toString() + ' ' + (e.textContent || '').trim().slice(0, 30));
}"""

ALL_RUN = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const prompts = panel ? [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')] : [];
  return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    from jupyter_servers import start_jupyter

    server = start_jupyter("lab", tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture
def lab_notebook(browser, lab_server):
    """Open a course notebook in JupyterLab and run all its cells, as a learner would from the Run menu."""
    contexts = []

    def open_notebook(name: str):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(ctx)
        page = ctx.new_page()
        page.requests, page.dialogs = [], []
        page.on("request", lambda r: page.requests.append(r.url))
        page.on("dialog", lambda d: (page.dialogs.append(d.type), d.dismiss()))
        page.route(f"https://{EXIT_HOST}/**", lambda r: r.fulfill(body="<title>Weather</title>",
                                                                  content_type="text/html"))
        # A workspace of its own: JupyterLab would otherwise reopen the notebooks of the test before.
        workspace = f"t{len(contexts)}-{int(time.time())}"
        page.goto(f"{lab_server.url}/lab/workspaces/{workspace}/tree/{name}?token={lab_server.token}",
                  wait_until="commit", timeout=180_000)
        page.locator(".jp-Notebook").first.wait_for(timeout=240_000)
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=240_000)
        page.get_by_role("menuitem", name="Run").click(timeout=60_000)
        page.locator("li[data-command='runmenu:run-all']").click(timeout=60_000)
        page.wait_for_function(ALL_RUN, timeout=240_000, polling=500)
        page.locator(BUTTON).wait_for(state="visible", timeout=120_000)
        return page

    yield open_notebook
    for ctx in contexts:
        ctx.close()


def kernel_of(lab_server, name: str) -> str:
    status, _, body = lab_server.get("/api/sessions")
    assert status == 200
    return next(s["kernel"]["id"] for s in json.loads(body) if s["path"].endswith(name))


def still_here(page) -> bool:
    return page.evaluate("getComputedStyle(document.documentElement).display !== 'none'") and not any(
        EXIT_HOST in u for u in page.requests)


def test_in_view_while_scrolling_covering_no_control_and_shift_enter_never_leaves(lab_notebook, lab_server):
    page = lab_notebook("04-signs-and-reflection.ipynb")
    button = page.locator(BUTTON)
    for position in ("bottom", "middle", "top"):
        page.evaluate("""(where) => {
          const s = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
          s.scrollTop = where === 'bottom' ? s.scrollHeight : where === 'middle' ? s.scrollHeight / 2 : 0;
        }""", position)
        page.wait_for_function("document.querySelector('.jp-WindowedPanel-outer').scrollHeight > 0", timeout=30_000)
        assert button.is_visible(), f"the quick exit is gone with the notebook scrolled to the {position}"
        box = button.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 900
        page.locator(".jp-Notebook .jp-Cell").last.click()  # an active cell shows its cell toolbar
        assert page.evaluate(COVERED, LAB_CONTROLS) == []
    # A narrow window (a phone, or 400% zoom: WCAG 2.2 1.4.10): JupyterLab's menus reach the right edge, and
    # the button must still be in view without covering one of them.
    for width in (540, 320):
        page.set_viewport_size({"width": width, "height": 700})
        page.wait_for_function(f"() => window.innerWidth === {width}", timeout=30_000)
        box = button.bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= width and box["y"] + box["height"] <= 700
        assert page.evaluate(COVERED, LAB_CONTROLS) == [], f"covers JupyterLab's controls at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})
    # First in the focus order (GOV.UK), with a focus ring of 3:1 or more (WCAG 2.2 2.4.13), not Lab's faint one.
    assert page.evaluate("document.querySelector('body > *:not(script)').id") == "course-lab-quick-exit"
    button.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineColor") == "rgb(255, 255, 255)"
    # Run cells the usual way: Shift+Enter, three times and more.
    page.keyboard.press("Escape")
    page.locator(".jp-Notebook .jp-Cell").first.click()
    for _ in range(4):
        page.keyboard.press("Shift+Enter")
    assert still_here(page), "Shift+Enter x3 (running cells) left JupyterLab"
    assert kernel_running(kernel_of(lab_server, "04-signs-and-reflection.ipynb"))


def test_button_above_a_dialog_leaves_without_asking_and_ends_the_kernel(lab_notebook, lab_server):
    """With unsaved changes (cells were run) JupyterLab would ask "Leave site?"; with its Restart Kernel dialog
    open, the button is still on top. One click: gone, no question, kernel shut down."""
    page = lab_notebook("01-what-it-is.ipynb")
    kernel_id = kernel_of(lab_server, "01-what-it-is.ipynb")
    page.get_by_role("menuitem", name="Kernel").click(timeout=60_000)
    page.locator("li[data-command='kernelmenu:restart']").click(timeout=60_000)
    page.locator(".jp-Dialog").wait_for(state="visible", timeout=60_000)
    with page.expect_request(lambda r: r.method == "DELETE" and f"/api/kernels/{kernel_id}" in r.url,
                             timeout=60_000) as shutdown:
        page.locator(BUTTON).click(timeout=30_000)
    assert shutdown.value.headers.get("x-xsrftoken"), "the shutdown carries no XSRF token"
    try:
        page.wait_for_url(f"**{EXIT_HOST}**", timeout=60_000)
    finally:
        assert page.dialogs == [], f"the browser asked before leaving: {page.dialogs}"
    deadline = time.monotonic() + 60
    while kernel_id in lab_server.get("/api/kernels")[2] and time.monotonic() < deadline:
        time.sleep(0.5)
    assert kernel_id not in lab_server.get("/api/kernels")[2], "JupyterLab still lists the kernel"
    assert wait_until_kernel_ends(kernel_id)


def test_the_landing_notebook_has_the_quick_exit_and_shift_three_times_leaves(lab_notebook):
    page = lab_notebook("index.ipynb")
    assert page.locator(BUTTON).is_visible()
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.keyboard.press("Escape")
    with page.expect_request(lambda r: EXIT_HOST in r.url, timeout=60_000):
        for _ in range(3):
            page.keyboard.press("Shift")
    assert page.dialogs == []
