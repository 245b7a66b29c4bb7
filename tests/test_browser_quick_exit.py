"""The quick exit in Voila, used like a person would: keyboard-only, by the button, with a dialog open, after
moving through the course, and with Voila served both ways (standalone, and as a Jupyter server extension as
on Binder and JupyterHub).

Standards: GOV.UK Frontend's "Exit this page" (Shift pressed on its own three times; any other key in between
resets the count; the page blanks at once), NNEDV's tech-safety advice (leave few traces in the browser:
history, titles), and jupyter_server's security model (state-changing requests carry its XSRF token; no
server-wide switch turns the check off).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from conftest import ROOT

from widgets import content

pytestmark = pytest.mark.browser

# The neutral site of the visit's region (the default region here): content/resources.yml, quick_exit_url.
EXIT_URL = content.get().region().quick_exit_url
EXIT_HOST = re.sub(r"^https?://([^/]+).*$", r"\1", EXIT_URL)


def kernel_running(kernel_id: str) -> bool:
    """Is a kernel process with this id alive? (Its command line names its connection file.)"""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if f"kernel-{kernel_id}".encode() in cmdline.read_bytes():
                return True
        except OSError:
            continue
    return False


def wait_until_kernel_ends(kernel_id: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while kernel_running(kernel_id) and time.monotonic() < deadline:
        time.sleep(0.25)
    return not kernel_running(kernel_id)


def kernel_of(page) -> str:
    return json.loads(page.text_content("#jupyter-config-data"))["kernelId"]


def neutral_site(page) -> None:
    """Serve the neutral site from the test (no request leaves the machine), so Back can be tried after it."""
    page.route(f"https://{EXIT_HOST}/**", lambda r: r.fulfill(
        body="<!doctype html><title>Weather</title><p>Weather</p>", content_type="text/html"))


def still_here(page) -> bool:
    """The page has not started to leave: leaving blanks it synchronously, in the key or click handler."""
    return page.evaluate("getComputedStyle(document.documentElement).display !== 'none'") and not any(
        EXIT_HOST in u for u in page.course_requests)


def test_shift_with_other_keys_never_leaves(course_page):
    """A keyboard user moving back through controls (Shift+Tab), choosing radios and selecting text
    (Shift+Arrow) or typing capitals stays on the page, whatever the rhythm."""
    page = course_page("04-signs-and-reflection.ipynb")
    page.get_by_role("radio").first.focus()
    for keys in ("Shift+Tab", "Shift+ArrowDown", "Shift+ArrowUp", "Shift+A"):
        for _ in range(3):
            page.keyboard.press(keys)
        assert still_here(page), f"{keys} x3 left the page"
    # Shift twice, then another key, then Shift once: the count was reset.
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift")
    assert still_here(page)


def test_shift_three_times_alone_leaves_and_ends_the_kernel(course_page):
    page = course_page("04-signs-and-reflection.ipynb")
    kernel_id = kernel_of(page)
    page.get_by_role("radio").first.focus()
    page.keyboard.press("Shift+Tab")  # a keyboard user's ordinary move first
    with page.expect_request(lambda r: EXIT_HOST in r.url, timeout=60_000):
        for _ in range(3):
            page.keyboard.press("Shift")
    assert wait_until_kernel_ends(kernel_id), "the visit's kernel (and its answers) outlived the quick exit"


def test_each_counted_press_is_announced_as_govuk_does(course_page):
    page = course_page("01-what-it-is.ipynb")
    status = page.locator("#course-quick-exit-status")
    page.keyboard.press("Shift")
    assert status.text_content() == "Shift, press 2 more times to exit."
    page.keyboard.press("Shift")
    assert status.text_content() == "Shift, press 1 more time to exit."
    assert page.locator("#course-quick-exit").get_attribute("data-presses") == "2"
    page.keyboard.press("Tab")
    assert page.locator("#course-quick-exit").get_attribute("data-presses") == "0"


def test_after_moving_through_the_course_and_leaving_back_shows_no_course_page(course_page):
    """Course links, a citation and an in-page anchor replace the history entry; the quick exit replaces the
    last one; so Back goes to where the visitor was before the course (here, the browser's blank page)."""
    page = course_page("index.ipynb")
    neutral_site(page)
    entries = page.evaluate("history.length")
    page.locator("nav.course-nav a", has_text="Begin").click()
    page.wait_for_url("**/00-start-here.ipynb", timeout=120_000)
    page.wait_for_selector("nav.course-nav a.course-nav-next", timeout=120_000)
    page.locator("nav.course-nav a.course-nav-next").first.click()
    page.wait_for_url("**/01-what-it-is.ipynb", timeout=120_000)
    cite = page.locator("#rendered_cells a[href^=\"#ref-\"]").first  # a citation (widgets/citations.py)
    cite.wait_for(timeout=120_000)
    cite.click()
    page.wait_for_function("location.hash.startsWith('#ref-')", timeout=60_000)
    page.get_by_role("link", name="Skip to course content").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#rendered_cells'", timeout=60_000)
    assert page.evaluate("history.length") == entries, "moving within the course added history entries"
    page.get_by_role("button", name="Quick exit").click()
    page.wait_for_url(f"**{EXIT_HOST}**", timeout=60_000)
    page.go_back(timeout=60_000)
    assert "/voila/" not in page.url, f"Back showed a course page: {page.url}"


@pytest.mark.parametrize("name", ["index.ipynb", "00-start-here.ipynb", "04-signs-and-reflection.ipynb"])
def test_tab_titles_are_neutral(course_page, name):
    """The tab title is what shows in the tab strip, the task switcher and the history list: 'Course notes'
    and the part, never the topic (the visible heading names it)."""
    page = course_page(name)
    title = page.title()
    assert title.startswith("Course notes"), title
    topic_words = {"trauma", "bond", "abuse", "signs", "reflection", "violence", "relationship"}
    assert not {w for w in topic_words if w in title.lower()}, title


def test_quick_exit_stays_usable_above_a_dialog(course_page):
    """JupyterLab-style dialogs (Lumino's .jp-Dialog, z-index 10000, the whole window) and the browser's own
    modal <dialog>: the button can still be clicked above the first, Shift x3 still works with the second."""
    page = course_page("01-what-it-is.ipynb")
    page.evaluate("""() => {
      const d = document.createElement('div');
      d.className = 'jp-Dialog';
      d.style.cssText = 'position:fixed;inset:0;z-index:10000;background:rgba(0,0,0,.5)';
      d.innerHTML = '<div class="jp-Dialog-content" role="dialog">Kernel error</div>';
      document.body.appendChild(d);
    }""")
    with page.expect_request(lambda r: EXIT_HOST in r.url, timeout=60_000):
        page.get_by_role("button", name="Quick exit").click(timeout=30_000)  # fails if the dialog is on top

    page = course_page("01-what-it-is.ipynb")
    page.evaluate("""() => {
      const d = document.createElement('dialog');
      d.innerHTML = '<p>Something went wrong</p><button>OK</button>';
      document.body.appendChild(d);
      d.showModal();
    }""")
    with page.expect_request(lambda r: EXIT_HOST in r.url, timeout=60_000):
        for _ in range(3):
            page.keyboard.press("Shift")


@pytest.mark.server
def test_the_shutdown_carries_an_xsrf_token_and_no_check_is_switched_off(course_page, voila_server):
    config = json.loads((ROOT / "voila.json").read_text())
    assert "disable_check_xsrf" not in json.dumps(config)
    page = course_page("01-what-it-is.ipynb")
    kernel_id = kernel_of(page)
    with page.expect_request(lambda r: "/voila/api/shutdown/" in r.url, timeout=60_000) as shutdown:
        page.get_by_role("button", name="Quick exit").click()
    token = shutdown.value.headers.get("x-xsrftoken", "")
    assert re.fullmatch(r"[0-9a-f]{32}", token), shutdown.value.headers
    assert wait_until_kernel_ends(kernel_id)
    assert f"403 POST /voila/api/shutdown/{kernel_id}" not in voila_server.log_text()


@pytest.fixture(scope="module")
def extension_server(tmp_path_factory):
    """Voila as a Jupyter server extension, as Binder and JupyterHub serve it: `jupyter server` from the repo
    root with the course's settings (binder/start's JUPYTER_PATH and JUPYTER_CONFIG_PATH), a token."""
    from jupyter_servers import start_jupyter

    server = start_jupyter("server", tmp_path_factory.mktemp("extension"))
    yield server
    server.stop()


def open_in(browser, url: str):
    """A fresh browser context; every request to another host is answered by the test, never sent."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.outside_requests = []

    def route(r):
        if not r.request.url.startswith(url.split("/", 3)[0] + "//" + url.split("/", 3)[2]):
            page.outside_requests.append(r.request.url)
            return r.fulfill(body="<!doctype html><title>Weather</title>", content_type="text/html")
        return r.continue_()

    page.route("**/*", route)
    return ctx, page


def test_server_extension_mode_quick_exit_ends_the_kernel(browser, extension_server):
    """Binder / JupyterHub: the shutdown passes jupyter_server's XSRF check (no 403) and the kernel ends."""
    from conftest import WAIT_FOR_RENDER

    ctx, page = open_in(browser, extension_server.url)
    try:
        page.goto(f"{extension_server.url}/voila/render/04-signs-and-reflection.ipynb?token={extension_server.token}",
                  wait_until="commit", timeout=180_000)
        page.wait_for_function(WAIT_FOR_RENDER, timeout=240_000, polling=200)
        assert page.title() == "Course notes: part 4"
        kernel_id = kernel_of(page)
        assert kernel_running(kernel_id)
        page.get_by_role("radio").first.focus()
        for _ in range(3):
            page.keyboard.press("Shift+Tab")
        assert page.evaluate("getComputedStyle(document.documentElement).display") != "none"
        with page.expect_request(lambda r: EXIT_HOST in r.url, timeout=60_000):
            page.get_by_role("button", name="Quick exit").click()
        assert wait_until_kernel_ends(kernel_id), "the kernel outlived the quick exit under the server extension"
        log = extension_server.log_text()
        assert "403 POST" not in log and "Blocking Cross Origin" not in log, log[-2000:]
    finally:
        ctx.close()


def test_closing_the_tab_ends_the_kernel_with_the_xsrf_check_on(course_page):
    """Closing the tab, not only the quick exit, ends the visit's kernel (Voila's own tab-close request now
    finds the page's _xsrf cookie, and the page's pagehide request carries the header)."""
    page = course_page("04-signs-and-reflection.ipynb")
    kernel_id = kernel_of(page)
    page.get_by_role("radio").first.check()
    page.close(run_before_unload=True)
    assert wait_until_kernel_ends(kernel_id), "a closed tab's kernel (and its answers) lived on"


def test_keyboard_user_leaves_with_the_button_to_the_regions_site(course_page):
    """Tab reaches the button first; Space presses it. The destination is the visit's region's neutral site,
    which the page's region script sets as data-course-exit-url (falling back to the server's)."""
    page = course_page("01-what-it-is.ipynb")
    page.evaluate("document.documentElement.dataset.courseExitUrl = 'https://www.example.org/forecast'")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "course-quick-exit"
    with page.expect_request(lambda r: r.url.startswith("https://www.example.org/forecast"), timeout=60_000):
        page.keyboard.press("Space")
