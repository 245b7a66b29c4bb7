"""Accessibility in a real browser: axe-core (WCAG 2.2 A and AA rules) finds no violations on any page,
in the light and the dark theme, and no page scrolls sideways on a 375 px wide phone."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, course_notebooks

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `npm ci` (make test does it)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(json.dumps(n["target"]) for n in v["nodes"][:4])
            for v in result["violations"]]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", course_notebooks())
def test_no_axe_violations(course_page, name, theme):
    page = course_page(name, query=f"?theme={theme}", color_scheme=theme)
    assert page.evaluate("document.body.dataset.jpThemeLight") == ("true" if theme == "light" else "false")
    assert axe_violations(page) == []


def test_theme_switch_keeps_the_choice_on_the_next_page(course_page):
    page = course_page("00-start-here.ipynb")
    page.get_by_role("button", name="Dark theme").click()
    page.wait_for_url("**theme=dark**")
    page.wait_for_selector("nav.course-nav a.course-nav-next", timeout=120_000)
    page.locator("nav.course-nav a.course-nav-next").first.click()
    page.wait_for_url("**/01-what-it-is.ipynb?theme=dark")
    page.wait_for_selector("#course-theme", timeout=60_000)
    assert page.locator("#course-theme").inner_text().strip() == "Light theme"


@pytest.mark.parametrize("name", course_notebooks())
def test_no_sideways_scrolling_on_a_phone(course_page, name):
    page = course_page(name, viewport={"width": 375, "height": 812})
    widths = page.evaluate("({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})")
    assert widths["scroll"] <= widths["client"], f"{name} scrolls sideways: {widths}"
