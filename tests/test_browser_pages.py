"""Every course page in a real browser: it renders, shows its header and navigation, logs no error,
asks no host but the course server for anything, and loads Voila's start-up code as one file."""

from __future__ import annotations

import re

import pytest
from conftest import course_notebooks

from widgets import content, delivery

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", course_notebooks())
def test_page_renders_privately_and_cleanly(course_page, name):
    page = course_page(name)
    assert page.outside_requests == [], f"{name} asked other hosts for: {page.outside_requests}"
    assert page.console_errors == [], f"{name} logged errors: {page.console_errors}"
    # Voila's start-up chunks arrive as one file (widgets/delivery.py): none is fetched on its own. One that is
    # belongs in share/jupyter/voila/templates/course/boot-chunks.txt (a new Voila version changes them).
    alone = [u for u in page.course_requests if re.search(r"/voila/static/\d+\.voila\.js", u)]
    assert alone == [], f"{name} fetched Voila chunks one by one: {alone}"
    assert any("voila-chunks.generated.js" in u for u in page.course_requests)
    mod = content.get().module_of_notebook(name)
    heading = page.locator("#rendered_cells h1").first
    assert heading.inner_text().strip() == (mod.title if mod else content.get().info.title)
    assert page.locator("nav.course-nav a").count() >= 1
    assert page.get_by_role("button", name="Quick exit").is_visible()


def test_a_page_still_works_when_the_joined_start_up_file_is_stale(browser, voila_server):
    """widgets/delivery.py writes the joined file empty when boot-chunks.txt does not match the installed Voila
    (after an upgrade): the page must then fetch Voila's chunks one by one, slower but whole. Every chunk it
    fetches is one the list names (benchmarks/boot_chunks.py records them and rewrites the list)."""
    import boot_chunks

    found = boot_chunks.record(voila_server.url, ["00-start-here.ipynb"], browser)  # drawn, or it raises
    assert found, "no chunk was fetched on its own: the page did not get the empty file"
    assert set(found) <= set(delivery.boot_chunk_names()), set(found) - set(delivery.boot_chunk_names())


def test_navigation_links_lead_from_page_to_page(course_page):
    page = course_page("index.ipynb")
    page.locator("nav.course-nav a", has_text="Begin").click()
    page.wait_for_url("**/00-start-here.ipynb")
    page.wait_for_selector("nav.course-nav a.course-nav-next", timeout=120_000)
    page.locator("nav.course-nav a.course-nav-next").first.click()
    page.wait_for_url("**/01-what-it-is.ipynb")
    page.wait_for_selector("#rendered_cells h1", timeout=120_000)
    assert page.locator("#rendered_cells h1").first.inner_text().strip() == "What trauma bonding is"


def test_quick_exit_is_the_first_thing_a_keyboard_reaches(course_page):
    page = course_page("01-what-it-is.ipynb")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "course-quick-exit"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to course content"
