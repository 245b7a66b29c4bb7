"""Accessibility in a real browser: axe-core (WCAG 2.2 A and AA rules) finds no violations on any page,
in the light and the dark theme, and no page scrolls sideways on a 375 px wide phone."""

from __future__ import annotations

import json
from pathlib import Path

import axe_playwright_python
import pytest
from conftest import WAIT_FOR_RENDER, course_notebooks

pytestmark = pytest.mark.browser

# axe-core as bundled by the axe-playwright-python package (a test dependency in pyproject.toml).
AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    # The page's CSP runs no inline script, so axe is evaluated through the browser's devtools protocol
    # (Runtime.evaluate), which CSP does not govern, instead of being added as a <script> tag.
    page.evaluate(AXE.read_text() + "\n;true")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(json.dumps(n["target"]) for n in v["nodes"][:4])
            for v in result["violations"]]


PHONE = {"width": 375, "height": 812}
DARK_SHEET_LOADED = """() => { const s = document.getElementById('course-theme-dark');
                               return !!(s && s.sheet && s.sheet.cssRules.length); }"""
WIDTHS = "({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"


@pytest.mark.parametrize("name", course_notebooks())
def test_every_page_passes_axe_in_both_themes_and_never_scrolls_sideways_on_a_phone(course_page, name):
    """WCAG 2.2 A and AA (axe-core) in the light theme, then in the dark theme after the page's own switch
    (static/theme.js; a ?theme=dark address runs the same code on load: the next test), and WCAG 1.4.10
    Reflow: no sideways scrolling at 375 px. One page load serves all three, since they only read it."""
    page = course_page(name, query="?theme=light")
    assert page.evaluate("document.body.dataset.jpThemeLight") == "true"
    found = {"light": axe_violations(page)}
    page.emulate_media(color_scheme="dark")
    page.get_by_role("button", name="Dark theme").click(timeout=60_000)
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'", timeout=60_000)
    found["dark"] = axe_violations(page)
    assert found == {"light": [], "dark": []}
    page.set_viewport_size(PHONE)
    page.wait_for_function(f"() => document.documentElement.clientWidth <= {PHONE['width']}", timeout=60_000)
    widths = page.evaluate(WIDTHS)
    assert widths["scroll"] <= widths["client"], f"{name} scrolls sideways on a phone: {widths}"


def test_the_dark_theme_applies_the_moment_it_is_switched_on(course_page):
    """WCAG 2.2 SC 1.4.3 Contrast: the dark sheet comes with the page, so switching shows dark colours at once
    (it was a <link disabled>, fetched only when switched on: the page showed light-theme links on the dark
    background until it came, and axe once caught page 09 in between)."""
    page = course_page("09-technology-safety.ipynb", query="?theme=light")
    page.wait_for_function(DARK_SHEET_LOADED, timeout=60_000)  # loaded while the page is light
    colours = page.evaluate("""() => {
        const read = () => getComputedStyle(document.body).getPropertyValue('--jp-layout-color0').trim();
        const light = read();
        window.courseTheme.choose('dark');
        return [light, read()];  // in the same task as the switch: nothing has been fetched in between
    }""")
    assert colours == ["white", "#111"]


def test_theme_switch_keeps_the_choice_on_the_next_page(course_page):
    """The switch works in the page (static/theme.js, no reload) and the next page opens in the same theme,
    with no axe violation in a page loaded dark from its address."""
    page = course_page("00-start-here.ipynb")
    page.get_by_role("button", name="Dark theme").click(timeout=60_000)
    page.wait_for_url("**theme=dark**")
    page.wait_for_selector("nav.course-nav a.course-nav-next", timeout=120_000)
    page.locator("nav.course-nav a.course-nav-next").first.click()
    page.wait_for_url("**/01-what-it-is.ipynb?theme=dark")
    page.wait_for_selector("#course-theme", timeout=60_000)
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'", timeout=60_000)
    assert page.locator("#course-theme").inner_text().strip() == "Light theme"
    page.wait_for_function(WAIT_FOR_RENDER, timeout=120_000, polling=200)
    page.wait_for_function(DARK_SHEET_LOADED, timeout=60_000)
    assert axe_violations(page) == []


# --------------------------------------------------------------------------- after interacting


def test_no_axe_violations_after_answering_a_quiz(course_page):
    page = course_page("01-what-it-is.ipynb")
    question = page.locator(".course-quiz-question").first
    question.locator("fieldset.course-choice label").first.click()
    question.get_by_role("button", name="Check answer").click()
    question.locator('[role="status"] strong').first.wait_for()
    assert axe_violations(page) == []


# (the checklist with its safety panel and summary open: tests/test_browser_checklist.py)


def test_no_axe_violations_after_changing_a_simulation_preset(course_page):
    page = course_page("03-intermittent-kindness.ipynb")
    chart = ".course-explorer .course-chart svg[role=img]"
    page.wait_for_selector(chart + " path", timeout=60_000)
    before = page.locator(chart).get_attribute("aria-label")
    select = page.locator(".course-explorer select").first
    options = select.locator("option").all_inner_texts()
    select.select_option(label=options[-1])
    page.wait_for_function("([sel, old]) => document.querySelector(sel).getAttribute('aria-label') !== old",
                           arg=[chart, before], timeout=20_000)
    assert axe_violations(page) == []


TARGETS = """() => [...document.querySelectorAll(
    '#course-safety-bar button, #rendered_cells button, #rendered_cells select, #rendered_cells [role=slider],'
    + ' #rendered_cells label:has(input[type=radio]), #rendered_cells label:has(input[type=checkbox])')]
  .filter(e => e.offsetParent !== null)
  .map(e => { const r = e.getBoundingClientRect();
              return {what: (e.textContent || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 40),
                      w: Math.round(r.width), h: Math.round(r.height)}; })"""


@pytest.mark.parametrize("name", ["01-what-it-is.ipynb", "03-intermittent-kindness.ipynb",
                                  "04-signs-and-reflection.ipynb"])
def test_controls_are_at_least_24_by_24_pixels(course_page, name):
    page = course_page(name)
    targets = page.evaluate(TARGETS)
    assert targets, "no controls found"
    small = [t for t in targets if t["w"] < 24 or t["h"] < 24]
    assert small == [], f"{name}: targets under 24x24 px: {small[:6]}"
