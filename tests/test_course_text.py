"""The course text: accurate sources, in the team's own words, kind, and plain.

These read the notebooks' Markdown and the content files as a reviewer would."""

from __future__ import annotations

import json
import re

import pytest
import textstat
from conftest import NOTEBOOKS, ROOT

from widgets import content, layout
from widgets.citations import as_keys

SEEDS = ROOT.parent / "shared" / "seeds"
MODULES = [m for m in content.get().info.modules]
LEARNER_MODULES = [m for m in MODULES if m.number]


def markdown(notebook: str, *, learner_only: bool = True) -> str:
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    return as_keys("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
                     and not (learner_only and "facilitator" in c.get("metadata", {}).get("tags", []))))


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


DOI = re.compile(r"^10\.\d{4,9}/[^\s]+$")  # Crossref's recommended pattern for modern DOIs


def test_every_reference_has_a_doi_or_a_stable_link():
    """Every source can be found: a DOI (as https://doi.org/...) or a stable https link (APA 7, 9.34-9.36)."""
    problems = []
    for r in content.get().references.values():
        if not r.url:
            problems.append(f"{r.id}: no url")
        elif r.url.startswith("https://doi.org/") and not DOI.match(r.url.removeprefix("https://doi.org/")):
            problems.append(f"{r.id}: malformed DOI {r.url}")
    assert problems == []


def test_papers_about_ordinary_break_ups_are_said_to_be_about_ordinary_break_ups():
    """Fisher 2010 (n=15) and Marshall 2012 studied ordinary break-ups, not abuse (COURSE_BRIEF 3, 5)."""
    for m in MODULES:
        for sentence in re.split(r"(?<=[.!?])\s+", markdown(m.notebook)):
            if "[ref:fisher-2010]" in sentence or "[ref:marshall-2012]" in sentence:
                assert "break-up" in sentence, f"{m.notebook}: {sentence}"


def test_myplan_is_two_papers_reported_honestly():
    """myPlan: less decisional conflict after one use (Eden 2015), no 12-month difference in repeat violence
    (Glass 2017). The course says both (COURSE_BRIEF 5)."""
    refs = content.get().references
    assert "Eden" in refs["eden-2015"].citation and "2015" in refs["eden-2015"].citation
    assert "Glass" in refs["myplan-2019"].citation and "(2017)" in refs["myplan-2019"].citation
    text = markdown("05-healing-and-support.ipynb")
    assert "[ref:eden-2015]" in text and "[ref:myplan-2019]" in text
    assert re.search(r"as much repeat violence[^.]*\[ref:myplan-2019\]", text)


# --------------------------------------------------------------------------- topics a learner must be able to find


def all_learner_text() -> str:
    return "\n".join(markdown(m.notebook) for m in LEARNER_MODULES)


def test_technology_safety_warns_that_sudden_changes_can_raise_danger():
    """NNEDV Safety Net and the Coalition Against Stalkerware: removing an app, changing passwords or switching
    off location sharing suddenly can alert the person and raise danger; plan with an advocate, use a safer device."""
    text = markdown("09-technology-safety.ipynb").lower()
    for thing in ("stalkerware", "location sharing", "find my", "bluetooth tracker", "family or cloud accounts",
                  "browser history", "call and text logs", "trust your instincts"):
        assert thing in text, thing
    warning = re.search(r"sudden change[^.]*alert[^.]*\.[^.]*(danger|abuse)", text)
    assert warning, "the page must say a sudden change can alert the person and raise danger"
    assert re.search(r"plan these steps with an advocate", text)
    assert re.search(r"device the (other )?person cannot reach", text)


def test_what_not_to_do_warns_against_couples_counselling_mediation_and_anger_management():
    """National Domestic Violence Hotline: couples counselling is not recommended where there is abuse
    ("abuse is not a relationship problem"); nor mediation or anger management; don't confront or share plans."""
    text = markdown("05-healing-and-support.ipynb").lower()
    assert re.search(r"couples counselling\*\* is not recommended", text)
    assert "abuse is not a relationship problem" in text
    assert "mediation" in text and "anger-management" in text
    assert re.search(r"confronting the person", text) and "plans" in text


def test_the_many_reasons_people_stay_and_a_warm_word_for_those_who_went_back():
    """Women's Aid: fear, money, housing, children, immigration status, disability, faith and community,
    lack of services. Going back is common and support is still there (COURSE_BRIEF 5)."""
    text = markdown("08-staying-or-going-back.ipynb").lower()
    for reason in ("fear", "money", "housing", "children", "immigration status", "disability", "faith",
                   "community", "lack of services"):
        assert reason in text, reason
    assert "## 3. if you went back" in text and "support is still there" in text and "not mean you failed" in text
    assert "trust your instincts" in text and "trust your instincts" in markdown("01-what-it-is.ipynb").lower()


def test_forms_of_abuse_beyond_the_physical_are_named():
    """COURSE_BRIEF 5: sexual violence and reproductive coercion, stalking, economic abuse (coerced debt,
    work sabotage), abuse after separation through child contact and courts, children's exposure."""
    text = markdown("06-forms-of-abuse.ipynb").lower()
    for thing in ("sexual coercion", "reproductive coercion", "stalking", "economic abuse", "coerced debt",
                  "work sabotage", "child contact", "courts", "children who live with abuse"):
        assert thing in text, thing


def test_who_is_harmed_names_each_group_and_its_services():
    """COURSE_BRIEF 5: women (most severe and lethal), men, LGBTQ+ (threats to "out"), older, disabled, teens."""
    text = markdown("07-who-is-harmed.ipynb").lower()
    for heading in ("## 1. women", "## 2. men", "## 3. lgbtq+", "## 4. older", "## 5. disabled", "## 6. teens"):
        assert heading in text, heading
    assert "outing" in text and "men's advice line" in text and "galop" in text and "loveisrespect" in text


def test_the_hormone_message_has_both_halves_wherever_dysregulation_is_taught():
    """COURSE_BRIEF 3: single surges clear within hours and do not stack; months of uncontrollable threat can
    change the daily rhythm (Miller, Chen & Zhou 2007), and it can settle with safety. Modules must agree."""
    for m in LEARNER_MODULES:
        text = markdown(m.notebook)
        if "dysregulation" not in text.lower():
            continue
        paragraph = next(p for p in text.split("\n") if "dysregulation" in p.lower())
        assert "within hours" in paragraph and "settle" in paragraph, m.notebook
        assert "[ref:miller-chen-zhou-2007]" in paragraph, m.notebook
    definition = content.get().glossary["dysregulation"].definition
    assert "within hours" in definition and "settle" in definition


def test_the_duluth_wheel_is_cited_with_daips_own_spokes_as_adapted_from():
    """DAIP's Power and Control Wheel is copyrighted; the course adapts it and names the spokes as DAIP does."""
    citation = content.get().references["duluth-wheel"].citation.lower()
    for spoke in ("using male privilege", "using coercion and threats", "minimizing, denying and blaming",
                  "using economic abuse", "using children", "using isolation", "using emotional abuse",
                  "using intimidation"):
        assert spoke in citation, spoke
    assert "adapted from" in citation


WORDS_PER_PAGE = 1600  # about 8 minutes at 200 words a minute: one sitting on a phone


@pytest.mark.parametrize("module", LEARNER_MODULES, ids=lambda m: m.id)
def test_each_page_is_short_enough_to_read_on_a_phone(module):
    assert len(words(plain_prose(markdown(module.notebook)))) <= WORDS_PER_PAGE


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
           r"bent out of shape", r"stronger love",
           r"\bweak(ness)? of character\b", r"\byou are (addicted|codependent)\b",
           r"\byou (have|are suffering from) (a )?trauma bond", r"\bvictims?\b"]
NEGATED = re.compile(r"(never|none|don'?t|not|no|avoid|instead of|isn'?t)\W+(\w+\W+){0,6}$", re.IGNORECASE)


def test_no_blaming_or_diagnosing_phrases():
    """Never "just leave" or "why didn't you leave"; avoid "victim" where "person" works (COURSE_BRIEF 6);
    never teach survivors to distrust their sense of danger ("bent out of shape": Weisz 2000, Cattaneo 2007);
    never "intermittent reinforcement creates stronger love" (COURSE_BRIEF 3)."""
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
