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


@pytest.mark.parametrize("name", course_notebooks())
def test_no_axe_violations(course_page, name):
    page = course_page(name)
    assert axe_violations(page) == []


@pytest.mark.parametrize("name", course_notebooks())
def test_no_sideways_scrolling_on_a_phone(course_page, name):
    page = course_page(name, viewport={"width": 375, "height": 812})
    widths = page.evaluate("({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})")
    assert widths["scroll"] <= widths["client"], f"{name} scrolls sideways: {widths}"
