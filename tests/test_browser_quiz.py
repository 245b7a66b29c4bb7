"""The quiz and the reflection checklist in a real browser, served by Voila with the course configuration:
a quiz answered with the keyboard only, the checklist filled and cleared, and a privacy test showing that a
checklist visit leaves no answer on disk, in browser storage or in the server log."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT

from widgets import content

pytestmark = pytest.mark.browser

ACTIVE = """() => {
  const a = document.activeElement;
  if (!a) return {};
  const label = a.closest('label');
  const question = a.closest('.course-quiz-question');
  const quizzes = [...document.querySelectorAll('.course-quiz-question')];
  return {tag: a.tagName, type: a.type || '', checked: !!a.checked, disabled: !!a.disabled,
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
    text = feedback.inner_text()
    assert "✗ Not quite." in text  # said in words and a symbol, not by colour alone
    assert wrong.feedback in text
    assert right.text not in text

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


# --------------------------------------------------------------------------- checklist


def fill_checklist(page) -> list[tuple[str, str]]:
    """Answer every item, cycling through the four answers; returns (item text, answer label) pairs."""
    labels = ["Often", "Sometimes", "Rarely or never", "I'd rather not say"]
    groups = page.locator(".course-checklist fieldset.course-choice")
    chosen = []
    for i in range(groups.count()):
        group = groups.nth(i)
        label = labels[i % 4]
        group.locator("label", has_text=label).click()
        chosen.append((group.locator("legend").inner_text().strip(), label))
    return chosen


def test_fill_the_checklist_then_clear_it(course_page):
    checklist = content.get().checklist
    page = course_page("04-signs-and-reflection.ipynb")
    page.wait_for_selector(".course-checklist fieldset.course-choice")
    box = page.locator(".course-checklist")
    assert box.get_by_text("What is kept: nothing", exact=False).is_visible()
    n_items = sum(len(g.items) for g in checklist.groups)
    assert box.locator("fieldset.course-choice").count() == n_items
    for fieldset in box.locator("fieldset.course-choice").all()[:3]:
        assert fieldset.locator("input[type=radio]").count() == 4
        assert fieldset.get_by_text("I'd rather not say").is_visible()

    fill_checklist(page)
    assert box.locator("input:checked").count() == n_items
    # a danger sign among the answers: the safety panel appears on its own, with no score
    box.get_by_text("Your safety comes first").first.wait_for()
    box.get_by_role("button", name="Show my summary").click()
    summary = box.locator(".course-checklist-summary")
    summary.wait_for()
    assert "This is not a diagnosis" in summary.inner_text()
    assert "your answers point toward this" not in summary.inner_text()

    box.get_by_role("button", name="Clear my answers").last.click()
    box.get_by_text("Your answers are cleared").wait_for()
    assert box.locator("input:checked").count() == 0
    assert box.locator(".course-checklist-summary").count() == 0
    assert box.get_by_text("Your safety comes first").count() == 0


# --------------------------------------------------------------------------- privacy


ANSWER_IN_STATE = re.compile(rb'"value"\s*:\s*"(often|sometimes|rarely|rather-not-say)"')
SUMMARY_MARKS = (b"your answers point toward this", b"Your safety comes first", b"Your answers are cleared")


def snapshot(roots) -> dict[str, tuple[int, int]]:
    seen: dict[str, tuple[int, int]] = {}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: None):
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path, follow_symlinks=False)
                except OSError:
                    continue
                seen[path] = (st.st_mtime_ns, st.st_size)
    return seen


def test_a_checklist_visit_leaves_no_answer_anywhere(course_page, voila_log_path):
    roots = [ROOT, Path.home(), Path(tempfile.gettempdir())]
    before = snapshot(roots)
    log_before = voila_log_path.read_text(errors="replace")

    page = course_page("04-signs-and-reflection.ipynb")
    page.wait_for_selector(".course-checklist fieldset.course-choice")
    chosen = fill_checklist(page)
    box = page.locator(".course-checklist")
    box.get_by_role("button", name="Show my summary").click()
    box.locator(".course-checklist-summary").wait_for()
    assert page.outside_requests == []  # nothing sent to any other host

    storage = page.evaluate("""() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage),
                                                     document.cookie])""")
    for _, label in chosen:
        assert label not in storage
    assert not ANSWER_IN_STATE.search(storage.encode())
    page.context.close()  # the visit ends; the browser flushes anything it meant to keep

    after = snapshot(roots)
    changed = [p for p, sig in after.items() if before.get(p) != sig]
    leaks = []
    for path in changed:
        try:
            if os.path.getsize(path) > 64 * 2**20:
                continue
            data = Path(path).read_bytes()
        except OSError:
            continue
        if ANSWER_IN_STATE.search(data) or not path.endswith((".py", ".pyc")) and any(m in data for m in SUMMARY_MARKS):
            leaks.append(path)
    assert leaks == [], f"answers were written to: {leaks}"

    log = voila_log_path.read_text(errors="replace")[len(log_before):]
    answered_items = [text for text, label in chosen]
    for text in answered_items:
        assert text not in log
    for word in ("rather-not-say", "I'd rather not say", "Rarely or never", '"often"', '"sometimes"',
                 "your answers point toward this"):
        assert word not in log
