"""The quizzes in a real browser, served by Voila with the course configuration: a quiz answered with the
keyboard only, and every quiz control a labelled form control. (The checklist: tests/test_browser_checklist.py.)

Standards: WCAG 2.2 SC 2.1.1 Keyboard (every button and answer by keyboard alone), SC 1.3.1 and 4.1.2 (a
fieldset named by its legend; buttons named by their text), SC 4.1.3 Status Messages (feedback announced by a
polite live region that was in the page before its first message, and stays the same element), SC 1.4.1 Use of
Color (right and wrong said in words and symbols)."""

from __future__ import annotations

import pytest

from widgets import content

pytestmark = pytest.mark.browser

ACTIVE = """() => {
  const a = document.activeElement;
  if (!a) return {};
  const label = a.closest('label');
  const question = a.closest('.course-quiz-question');
  const quizzes = [...document.querySelectorAll('.course-quiz-question')];
  return {tag: a.tagName, type: a.type || '', checked: !!a.checked,
          disabled: !!a.disabled || a.getAttribute('aria-disabled') === 'true',
          text: (label ? label.textContent : a.textContent).trim(),
          question: question ? quizzes.indexOf(question) : -1};
}"""


def active(page) -> dict:
    return page.evaluate(ACTIVE)


def press_until(page, key: str, wanted, limit: int = 80) -> dict:
    """Press ``key`` until the focused element satisfies ``wanted`` (reading focus is not an action)."""
    for _ in range(limit):
        page.keyboard.press(key)
        now = active(page)
        if wanted(now):
            return now
    raise AssertionError(f"pressing {key} {limit} times never reached the wanted control; last: {active(page)}")


def feedback_of(page, index: int):
    return page.locator(".course-quiz-question").nth(index).locator('[role="status"][aria-live="polite"]')


# --------------------------------------------------------------------------- quiz by keyboard


def test_quiz_answered_with_the_keyboard_only(course_page):
    question = content.get().quizzes["what-it-is"].questions[0]
    assert question.type == "single"
    right = next(o for o in question.options if o.correct)
    page = course_page("01-what-it-is.ipynb")
    page.wait_for_selector(".course-quiz-question fieldset.course-choice")

    # Tab from the top of the page into the first question's radio group (one Tab stop for the group).
    press_until(page, "Tab", lambda a: a.get("type") == "radio" and a.get("question") == 0)
    # Space chooses the focused option; if that is the right one, the arrow moves to (and chooses) another.
    page.keyboard.press("Space")
    if active(page)["text"] == right.text:
        page.keyboard.press("ArrowDown")
    wrong_text = active(page)["text"]
    assert active(page)["checked"] and wrong_text != right.text
    wrong = next(o for o in question.options if o.text == wrong_text)

    press_until(page, "Tab", lambda a: a.get("text") == "Check answer" and a.get("question") == 0)
    page.keyboard.press("Enter")
    feedback = feedback_of(page, 0)
    feedback.locator("strong", has_text="Not quite.").wait_for()
    # Screen readers announce a live region only if the element was already in the page: every later message
    # must go into this same element, never a new one.
    feedback.evaluate("el => { el.dataset.first = 'yes'; }")
    text = feedback.inner_text()
    assert "✗ Not quite." in text  # said in words and a symbol, not by colour alone
    assert wrong.feedback in text
    assert right.text not in text
    # WCAG 2.2 SC 2.4.3 Focus Order: the pressed button is now unavailable, and focus stays on it (a disabled
    # button would drop focus to the top of the page). WAI-ARIA Authoring Practices, "Focusability of disabled
    # controls": aria-disabled, still focusable and announced as unavailable.
    now = active(page)
    assert (now["text"], now["question"], now["disabled"]) == ("Check answer", 0, True), now

    # Try again, go back to the options, and choose the right one with the arrow keys.
    press_until(page, "Tab", lambda a: a.get("text") == "Try again" and not a.get("disabled"))
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.querySelectorAll('.course-quiz-question')[0]"
                           ".querySelector('fieldset').disabled")
    press_until(page, "Shift+Tab", lambda a: a.get("type") == "radio" and a.get("question") == 0)
    for _ in range(len(question.options)):
        if active(page)["text"] == right.text:
            break
        page.keyboard.press("ArrowDown")
    assert active(page)["text"] == right.text and active(page)["checked"]
    press_until(page, "Tab", lambda a: a.get("text") == "Check answer" and a.get("question") == 0)
    page.keyboard.press("Space")
    feedback.locator("strong", has_text="Correct.").wait_for()
    text = feedback.inner_text()
    assert "✓ Correct." in text and right.feedback in text and question.explanation in text
    assert feedback.get_attribute("data-first") == "yes"  # the same live region as the first feedback
    # the score line speaks in words too, and is announced
    score = page.locator(".course-quiz").first.locator('[role="status"]').last
    score.get_by_text("on the first try").wait_for()
    assert "0 of 1 on the first try" in score.inner_text()


def test_every_quiz_control_is_a_labelled_form_control(course_page):
    page = course_page("02-stress-relief-cycle.ipynb")
    page.wait_for_selector(".course-quiz-question")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        '.course-quiz input, .course-quiz select, .course-quiz button')].filter(el => {
          if (el.tagName === 'BUTTON') return !el.textContent.trim();
          const label = el.closest('label');
          const legend = el.closest('fieldset') && el.closest('fieldset').querySelector('legend');
          return !(label && label.textContent.trim() && legend && legend.textContent.trim());
        }).map(el => el.outerHTML.slice(0, 120))""")
    assert unlabelled == []
    # an ordering question: one labelled drop-down per place, inside a group named by the question
    steps = page.locator(".course-choice-step select")
    if steps.count():
        assert page.locator(".course-choice-step", has_text="Step 1 of").first.is_visible()


def test_show_the_answer_appears_after_two_wrong_tries_and_works_by_keyboard(course_page):
    """After a second wrong try, "Show the answer" appears (it is hidden before: nothing to reach), the
    keyboard reaches it, and it fills the same announced area with the answer and its explanation."""
    question = content.get().quizzes["what-it-is"].questions[0]
    right = next(o for o in question.options if o.correct)
    wrong = [o for o in question.options if not o.correct][:2]
    assert len(wrong) == 2
    page = course_page("01-what-it-is.ipynb")
    first = page.locator(".course-quiz-question").first
    reveal = first.get_by_role("button", name="Show the answer")
    assert reveal.count() == 0 or not reveal.is_visible()
    feedback = feedback_of(page, 0)
    for n, option in enumerate(wrong):
        first.locator("label", has_text=option.text).click()
        first.get_by_role("button", name="Check answer").click()
        feedback.locator("strong", has_text="Not quite.").wait_for()
        if n == 0:
            assert reveal.count() == 0 or not reveal.is_visible()
            first.get_by_role("button", name="Try again").click()
            page.wait_for_function("() => !document.querySelector('.course-quiz-question fieldset').disabled")
    reveal.wait_for(state="visible")
    first.get_by_role("button", name="Try again").focus()
    press_until(page, "Tab", lambda a: a.get("text") == "Show the answer" and a.get("question") == 0, limit=3)
    page.keyboard.press("Enter")
    feedback.locator("strong", has_text="The answer.").wait_for()
    text = feedback.inner_text()
    assert right.text in text and question.explanation in text
    assert first.locator("input:checked").evaluate("el => el.closest('label').textContent.trim()") == right.text
