"""The course text: accurate sources, in the team's own words, kind, and plain.

These read the notebooks' Markdown and the content files as a reviewer would."""

from __future__ import annotations

import json
import re

import pytest
import textstat
from conftest import NOTEBOOKS, ROOT

from widgets import content, layout

SEEDS = ROOT.parent / "shared" / "seeds"
MODULES = [m for m in content.get().info.modules]
LEARNER_MODULES = [m for m in MODULES if m.number]


def markdown(notebook: str, *, learner_only: bool = True) -> str:
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
                     and not (learner_only and "facilitator" in c.get("metadata", {}).get("tags", [])))


def content_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.yml")
                     if p.name != "references.yml")


def plain_prose(text: str) -> str:
    text = re.sub(r"\[ref:[^\]]+\]", "", text)
    text = re.sub(r"<[^>]+>", " ", text)            # inline HTML (anchors)
    text = re.sub(r"^\s*\|.*\|\s*$", " ", text, flags=re.MULTILINE)  # tables
    return re.sub(r"[#*_`>]", " ", text)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


# --------------------------------------------------------------------------- sources


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_every_citation_in_a_notebook_resolves(module):
    layout.cited_references(module.notebook)  # raises naming the unknown ids


def test_every_reference_is_used_somewhere():
    used = set()
    for m in MODULES:
        used |= set(layout.CITATION.findall(markdown(m.notebook, learner_only=False)))
    c = content.get()
    used |= {r for q in c.quizzes.values() for question in q.questions for r in question.references}
    used |= {r for t in c.glossary.values() for r in t.references}
    assert set(c.references) - used == set()


@pytest.mark.parametrize("module", [m for m in LEARNER_MODULES if m.number != "00"], ids=lambda m: m.id)
def test_science_modules_cite_their_claims(module):
    assert len(layout.cited_references(module.notebook)) >= 3


# --------------------------------------------------------------------------- objectives and structure


def test_every_learning_objective_is_assessed_by_a_quiz_question():
    c = content.get()
    assessed = {q.objective for quiz in c.quizzes.values() for q in quiz.questions}
    assert set(c.objectives) - assessed == set()


@pytest.mark.parametrize("module", [m for m in LEARNER_MODULES if m.number != "00"], ids=lambda m: m.id)
def test_each_module_has_the_same_skeleton(module):
    nb = json.loads((NOTEBOOKS / module.notebook).read_text())
    cells = nb["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert f'page("{module.id}")' in code[0] and f'footer("{module.id}")' in code[-1]
    assert any("quiz(" in c for c in code), f"{module.id} has no quiz"
    text = markdown(module.notebook)
    assert re.search(r"^## Summary", text, re.MULTILINE), f"{module.id} has no summary"
    assert re.search(r"pause|reflect", text, re.IGNORECASE), f"{module.id} has no pause-and-reflect prompt"
    assert all(len(c.strip().splitlines()) <= 3 for c in code), "code cells stay one to three lines"


@pytest.mark.parametrize("notebook", ["02-stress-relief-cycle.ipynb", "03-intermittent-kindness.ipynb"])
def test_the_simulation_is_labelled_illustrative_where_it_is_introduced(notebook):
    text = markdown(notebook).lower()
    assert "illustrative, not a physiological model" in text
    assert "leaves out" in text


def test_start_page_tells_what_the_quick_exit_cannot_do_and_where_help_is():
    text = markdown("00-start-here.ipynb").lower()
    assert "quick exit" in text and "shift" in text and "history" in text
    assert 'id="help-now"' in markdown("00-start-here.ipynb")
    code = "".join("".join(c["source"]) for c in json.loads((NOTEBOOKS / "00-start-here.ipynb").read_text())["cells"]
                   if c["cell_type"] == "code")
    assert "resources()" in code


# --------------------------------------------------------------------------- own words, kind words


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed articles (../shared/seeds) are not beside this clone")
def test_no_nine_word_run_is_copied_from_the_seed_articles():
    seed_runs = set()
    for seed in SEEDS.glob("*.txt"):
        w = words(seed.read_text(errors="ignore"))
        seed_runs |= {" ".join(w[i:i + 9]) for i in range(len(w) - 8)}
    texts = {m.notebook: markdown(m.notebook, learner_only=False) for m in MODULES} | {"content/": content_text()}
    for name, text in texts.items():
        w = words(text)
        copied = {" ".join(w[i:i + 9]) for i in range(len(w) - 8)} & seed_runs
        assert not copied, f"{name} repeats the seeds word for word: {sorted(copied)[:3]}"


BLAMING = [r"why didn'?t (you|they|she|he) (just )?leave", r"\bjust leave\b", r"\byou (let|allowed) (it|this|them)\b",
           r"\bweak(ness)? of character\b", r"\byou are (addicted|codependent)\b",
           r"\byou (have|are suffering from) (a )?trauma bond", r"\bvictims?\b"]
NEGATED = re.compile(r"(never|none|don'?t|not|no|avoid|instead of|isn'?t)\W+(\w+\W+){0,6}$", re.IGNORECASE)


def test_no_blaming_or_diagnosing_phrases():
    texts = {m.notebook: markdown(m.notebook, learner_only=False) for m in MODULES} | {"content/": content_text()}
    found = []
    for name, text in texts.items():
        for pattern in BLAMING:
            for match in re.finditer(pattern, text, re.IGNORECASE):
                if not NEGATED.search(text[max(0, match.start() - 60):match.start()]):
                    found.append(f"{name}: ...{text[max(0, match.start() - 50):match.end() + 30]}...")
    assert found == []


# --------------------------------------------------------------------------- plain language


GRADE_LIMIT = 9.0  # aim about grade 8 (Flesch-Kincaid); fail well before it drifts to "college"


@pytest.mark.parametrize("module", LEARNER_MODULES, ids=lambda m: m.id)
def test_learner_prose_reads_plainly(module, record_property):
    grade = textstat.flesch_kincaid_grade(plain_prose(markdown(module.notebook)))
    record_property("flesch_kincaid_grade", grade)
    print(f"{module.notebook}: Flesch-Kincaid grade {grade:.1f}")
    assert grade <= GRADE_LIMIT
