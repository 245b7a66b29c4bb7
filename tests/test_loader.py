"""The content loader: the real content is valid, and a broken file gets one clear message naming
the file, the item, the field and the line, never a traceback from deep inside."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, edit_yaml, problems_of

from widgets import content, layout


def test_the_course_content_is_valid():
    c = content.load()
    assert c.info.title == "Understanding Trauma Bonding"
    numbers = [m.number for m in c.info.modules if m.number]
    assert numbers == [f"{i:02d}" for i in range(len(numbers))] and len(numbers) >= 6
    for m in c.info.modules:
        assert (ROOT / "notebooks" / m.notebook).exists(), f"{m.id}: notebook {m.notebook} is missing"
        if m.number and m.number != "00":
            assert 1 <= len(m.objectives) <= 5, f"{m.id} should have 1-5 learning objectives"


def test_every_notebook_in_the_folder_is_a_listed_module():
    listed = {m.notebook for m in content.load().info.modules} | {"index.ipynb"}
    assert {p.name for p in (ROOT / "notebooks").glob("*.ipynb")} == listed


def test_missing_field_names_file_item_field_and_line(content_copy):
    edit_yaml(content_copy / "course.yml", lambda d: d["modules"][2].pop("title"))
    [p] = problems_of(content_copy)
    assert (p.file, p.item, p.field) == ("content/course.yml", "stress-cycle", "title")
    assert "required" in p.message
    assert p.line and p.line > 1
    assert str(p).startswith(f"content/course.yml:{p.line}, item 'stress-cycle', field 'title'")


def test_wrong_type_is_reported_with_the_field(content_copy):
    edit_yaml(content_copy / "course.yml", lambda d: d["modules"][1].update(minutes="twenty"))
    [p] = problems_of(content_copy)
    assert (p.item, p.field) == ("what-it-is", "minutes")
    assert "integer" in p.message


def test_nested_field_is_named_below_its_item(content_copy):
    edit_yaml(content_copy / "course.yml", lambda d: d["modules"][1]["objectives"][0].update(text=""))
    [p] = problems_of(content_copy)
    assert (p.item, p.field) == ("define-bond", "text")


def test_unknown_field_is_a_spelling_hint(content_copy):
    edit_yaml(content_copy / "course.yml", lambda d: d["modules"][0].update(titel="Start"))
    [p] = problems_of(content_copy)
    assert (p.item, p.field) == ("start-here", "titel")
    assert "spelling" in p.message


def test_duplicate_id(content_copy):
    edit_yaml(content_copy / "references.yml", lambda d: d.append(dict(d[0])))
    problems = problems_of(content_copy)
    assert any(p.item == "dutton-painter-1981" and p.field == "id" and "duplicate" in p.message for p in problems)


def test_unknown_reference_id_in_a_glossary_term(content_copy):
    (content_copy / "glossary.yml").write_text(
        "- id: cortisol\n  term: cortisol\n  definition: A slow stress hormone.\n  references: [no-such-paper]\n")
    # (the checklist's links to the terms this one-term glossary drops are reported too; not this test's point)
    [p] = [p for p in problems_of(content_copy) if p.file == "content/glossary.yml"]
    assert (p.file, p.item, p.field) == ("content/glossary.yml", "cortisol", "references")
    assert "no-such-paper" in p.message and p.line == 4


def test_invalid_yaml_gives_the_line(content_copy):
    path = content_copy / "course.yml"
    path.write_text(path.read_text().replace("tagline: ", "tagline: [unclosed ", 1))
    [p] = problems_of(content_copy)
    assert p.file == "content/course.yml" and "not valid YAML" in p.message and p.line


def test_a_key_written_twice_is_not_silently_overwritten(content_copy):
    path = content_copy / "course.yml"
    path.write_text(path.read_text().replace("tagline:", "title: Again\ntagline:", 1))
    [p] = problems_of(content_copy)
    assert p.field == "title" and "twice" in p.message


def test_missing_required_file(content_copy):
    (content_copy / "references.yml").unlink()
    [p] = problems_of(content_copy)
    assert p.file == "content/references.yml" and "missing" in p.message


def test_check_command_exits_non_zero_with_readable_messages(content_copy):
    edit_yaml(content_copy / "course.yml", lambda d: d["modules"][3].pop("notebook"))
    run = subprocess.run([sys.executable, "-m", "widgets.content", "check", str(content_copy)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert "item 'intermittent-kindness', field 'notebook': is required but missing" in run.stderr
    assert "Traceback" not in run.stderr


def test_check_command_passes_on_the_real_content():
    run = subprocess.run([sys.executable, "-m", "widgets.content", "check"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("content OK")


# --------------------------------------------------------------------------- navigation


def test_navigation_walks_the_modules_in_order():
    order = [m.id for m in layout.course_modules()]
    assert layout.neighbours(order[0]) == (None, content.get().modules[order[1]])
    prev_, next_ = layout.neighbours(order[2])
    assert (prev_.id, next_.id) == (order[1], order[3])
    assert layout.neighbours(order[-1])[1] is None


def test_every_module_page_links_back_to_contents_and_onwards():
    for m in layout.course_modules():
        html = layout.page(m.id).data
        assert f"<h1>{m.title}</h1>" in html
        assert 'href="index.ipynb"' in html
        _, nxt = layout.neighbours(m.id)
        if nxt:
            assert f'href="{nxt.notebook}"' in html


def test_contents_lists_every_module_with_its_objectives():
    html = layout.contents().data
    for m in content.get().info.modules:
        assert f'href="{m.notebook}"' in html
        for o in m.objectives:
            assert o.text.replace('"', "&quot;") in html


def test_unknown_module_shows_a_calm_message_to_learners(monkeypatch):
    monkeypatch.setenv("COURSE_STRICT", "0")
    html = layout.page("no-such-module").data
    assert "could not be shown" in html and "Traceback" not in html and "KeyError" not in html
    monkeypatch.setenv("COURSE_STRICT", "1")
    with pytest.raises(KeyError, match="unknown module 'no-such-module'"):
        layout.page("no-such-module")
