"""Malformed quiz and checklist files: each schema error is caught at load, with the file, the item id,
the field and the YAML line named. Every test works on a tmp_path copy of content/, never the real files."""

from __future__ import annotations

import shutil
import textwrap

import pytest
import yaml
from conftest import ROOT, problems_of

from widgets import content

QUIZ_FILE = "content/quizzes/zz-test.yml"

GOOD_QUIZ = """\
id: zz-test
module: what-it-is
title: A test quiz
questions:
  - id: zz-q1
    type: single
    prompt: Which one?
    objective: define-bond
    references: [dutton-painter-1981]
    options:
      - id: a
        text: The right one
        correct: true
        feedback: Yes, this is why.
      - id: b
        text: A wrong one
        feedback: Not quite, this is why not.
    explanation: Because.
"""


@pytest.fixture
def content_dir(tmp_path):
    dst = tmp_path / "content"
    shutil.copytree(ROOT / "content", dst)
    return dst


def write_quiz(directory, text: str, name: str = "zz-test.yml") -> None:
    (directory / "quizzes" / name).write_text(textwrap.dedent(text), encoding="utf-8")


def only(problems, file=QUIZ_FILE) -> content.Problem:
    mine = [p for p in problems if p.file == file]
    assert len(mine) == 1, "\n".join(map(str, problems))
    return mine[0]


def test_the_good_quiz_loads(content_dir):
    write_quiz(content_dir, GOOD_QUIZ)
    assert "zz-test" in content.load(content_dir).quizzes


# --------------------------------------------------------------------------- quiz schema errors


def test_no_correct_option(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("        correct: true\n", ""))
    p = only(problems_of(content_dir))
    assert (p.item, p.field) == ("zz-q1", "options")
    assert "exactly one correct option, found 0" in p.message
    assert p.line == 11  # the options list
    assert str(p).startswith(f"{QUIZ_FILE}:11, item 'zz-q1', field 'options':")


def test_single_choice_with_two_correct_options(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("        text: A wrong one\n",
                                              "        text: A wrong one\n        correct: true\n"))
    p = only(problems_of(content_dir))
    assert (p.item, p.field) == ("zz-q1", "options")
    assert "a single question needs exactly one correct option, found 2" in p.message


def test_multiple_with_no_correct_option(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("type: single", "type: multiple").replace("        correct: true\n", ""))
    p = only(problems_of(content_dir))
    assert (p.item, p.field) == ("zz-q1", "options")
    assert "at least one correct option" in p.message


def test_true_false_needs_two_options(content_dir):
    three = GOOD_QUIZ.replace("type: single", "type: truefalse").replace(
        "    explanation:", "      - id: c\n        text: Another\n        feedback: No.\n    explanation:")
    write_quiz(content_dir, three)
    p = only(problems_of(content_dir))
    assert (p.item, p.field) == ("zz-q1", "options")
    assert "exactly two options" in p.message


def test_order_question_marks_no_option_correct(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("type: single", "type: order"))
    p = only(problems_of(content_dir))
    assert (p.item, p.field) == ("zz-q1", "options")
    assert "mark none correct" in p.message


def test_empty_feedback(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("feedback: Not quite, this is why not.", 'feedback: "  "'))
    p = only(problems_of(content_dir))
    assert (p.item, p.field) == ("b", "feedback")
    assert p.line == 17


def test_missing_feedback(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("        feedback: Not quite, this is why not.\n", ""))
    p = only(problems_of(content_dir))
    assert (p.item, p.field) == ("b", "feedback")
    assert p.message == "is required but missing"


def test_unknown_objective(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("objective: define-bond", "objective: no-such-objective"))
    p = only(problems_of(content_dir))
    assert (p.item, p.field, p.line) == ("zz-q1", "objective", 8)
    assert "unknown learning objective 'no-such-objective'" in p.message


def test_unknown_reference(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("[dutton-painter-1981]", "[dutton-painter-1981, nobody-2099]"))
    p = only(problems_of(content_dir))
    assert (p.item, p.field, p.line) == ("zz-q1", "references", 9)
    assert "unknown reference id 'nobody-2099'" in p.message


def test_unknown_module(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("module: what-it-is", "module: nowhere"))
    p = only(problems_of(content_dir))
    assert (p.item, p.field, p.line) == ("zz-test", "module", 2)


def test_duplicate_option_id(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("      - id: b\n", "      - id: a\n"))
    p = only(problems_of(content_dir))
    assert (p.item, p.field) == ("a", "id")
    assert "duplicate id" in p.message


def test_duplicate_question_id_within_a_file(content_dir):
    second = GOOD_QUIZ.split("questions:\n", 1)[1]
    write_quiz(content_dir, GOOD_QUIZ + second)
    p = only(problems_of(content_dir))
    assert (p.item, p.field) == ("zz-q1", "id")
    assert "duplicate id" in p.message and p.line == 19


def test_duplicate_question_id_across_files(content_dir):
    real = content.load(ROOT / "content")
    taken = next(iter(real.quizzes.values())).questions[0].id
    write_quiz(content_dir, GOOD_QUIZ.replace("id: zz-q1", f"id: {taken}"))
    p = only(problems_of(content_dir))
    assert (p.item, p.field) == (taken, "id")
    assert "first used in content/quizzes/" in p.message


def test_duplicate_quiz_id(content_dir):
    write_quiz(content_dir, GOOD_QUIZ)
    write_quiz(content_dir, GOOD_QUIZ.replace("id: zz-q1", "id: zz-q2"), name="zz-zz.yml")
    p = only(problems_of(content_dir), "content/quizzes/zz-zz.yml")
    assert (p.item, p.field) == ("zz-test", "id")
    assert "duplicate quiz id" in p.message


def test_unknown_question_type(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("type: single", "type: essay"))
    p = only(problems_of(content_dir))
    assert (p.item, p.field, p.line) == ("zz-q1", "type", 6)


def test_wrong_type_for_options(content_dir):
    text = GOOD_QUIZ.split("    options:\n")[0] + "    options: just one\n    explanation: Because.\n"
    write_quiz(content_dir, text)
    p = only(problems_of(content_dir))
    assert (p.item, p.field) == ("zz-q1", "options")


def test_missing_prompt(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("    prompt: Which one?\n", ""))
    p = only(problems_of(content_dir))
    assert (p.item, p.field, p.message) == ("zz-q1", "prompt", "is required but missing")


def test_misspelt_field(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("explanation:", "explaination:"))
    problems = [p for p in problems_of(content_dir) if p.file == QUIZ_FILE]
    assert {(p.field, p.message) for p in problems} == {
        ("explaination", "is not a known field (check the spelling)"),
        ("explanation", "is required but missing"),
    }


def test_invalid_yaml_in_a_quiz(content_dir):
    write_quiz(content_dir, GOOD_QUIZ.replace("    prompt: Which one?", "    prompt: [Which one?"))
    p = only(problems_of(content_dir))
    assert "is not valid YAML" in p.message and p.line is not None


def test_every_problem_is_reported_at_once(content_dir):
    broken = (GOOD_QUIZ.replace("objective: define-bond", "objective: nope")
              .replace("[dutton-painter-1981]", "[nobody-2099]"))
    write_quiz(content_dir, broken)
    fields = {p.field for p in problems_of(content_dir) if p.file == QUIZ_FILE}
    assert fields == {"objective", "references"}


# --------------------------------------------------------------------------- checklist schema errors

CHECKLIST_FILE = "content/checklist.yml"


def edit_checklist(directory, change) -> None:
    path = directory / "checklist.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_checklist_duplicate_item_id(content_dir):
    def change(d):
        d["how_it_feels"]["items"][0]["id"] = d["what_they_do"]["items"][0]["id"]
    edit_checklist(content_dir, change)
    p = only(problems_of(content_dir), CHECKLIST_FILE)
    assert (p.field, p.item) == ("id", "isolation") and "duplicate id" in p.message and p.line


@pytest.mark.parametrize("name", ["clear", "summary"])
def test_checklist_item_named_like_a_button(content_dir, name):
    """The kernel tells the page the last message it took per item and per button: an item called "summary"
    would be confirmed by a press of "Show my summary"."""
    def change(d):
        d["your_safety"]["items"][0]["id"] = name
    edit_checklist(content_dir, change)
    p = only(problems_of(content_dir), CHECKLIST_FILE)
    assert (p.field, p.item) == ("id", name) and "reserved name" in p.message and p.line


def test_checklist_empty_item_text(content_dir):
    def change(d):
        d["how_it_feels"]["items"][1]["text"] = " "
    edit_checklist(content_dir, change)
    p = only(problems_of(content_dir), CHECKLIST_FILE)
    assert (p.item, p.field) == ("panic-apart", "text") and p.line


def test_checklist_behaviour_must_say_what_it_is_called(content_dir):
    def change(d):
        d["what_they_do"]["items"][1].pop("called")
    edit_checklist(content_dir, change)
    p = only(problems_of(content_dir), CHECKLIST_FILE)
    assert (p.item, p.field, p.message) == ("money", "called", "is required but missing")


def test_checklist_missing_not_a_diagnosis(content_dir):
    edit_checklist(content_dir, lambda d: d.pop("not_a_diagnosis"))
    p = only(problems_of(content_dir), CHECKLIST_FILE)
    assert (p.field, p.message) == ("not_a_diagnosis", "is required but missing")


def test_checklist_bands_are_gone_for_good(content_dir):
    """A healthy / unhealthy / abusive band computed from answers is what issue 10 removed."""
    def change(d):
        d["bands"] = [{"id": "healthy", "up_to": 0.15, "title": "Mostly healthy signs", "text": "..."}]
    edit_checklist(content_dir, change)
    p = only(problems_of(content_dir), CHECKLIST_FILE)
    assert p.field == "bands" and "not a known field" in p.message


@pytest.mark.parametrize("href, words", [
    ("99-nowhere.ipynb#term-gaslighting", "'99-nowhere.ipynb', which is not a course page"),
    ("05-healing-and-support.ipynb#term-no-such-term", "glossary term 'no-such-term'"),
])
def test_checklist_explained_link_must_lead_somewhere(content_dir, href, words):
    def change(d):
        d["what_they_do"]["items"][0]["explained"]["href"] = href
    edit_checklist(content_dir, change)
    p = only(problems_of(content_dir), CHECKLIST_FILE)
    assert (p.item, p.field) == ("isolation", "explained") and words in p.message and p.line


def test_checklist_part_without_items(content_dir):
    def change(d):
        d["your_safety"]["items"] = []
    edit_checklist(content_dir, change)
    p = only(problems_of(content_dir), CHECKLIST_FILE)
    assert p.field == "your_safety.items" and p.line


def test_checklist_free_text_field_is_not_allowed(content_dir):
    # The schema forbids unknown fields, so nobody can add, say, a "comment" box through content.
    def change(d):
        d["how_it_feels"]["items"][0]["free_text"] = True
    edit_checklist(content_dir, change)
    p = only(problems_of(content_dir), CHECKLIST_FILE)
    assert (p.item, p.field) == ("stuck", "free_text")
