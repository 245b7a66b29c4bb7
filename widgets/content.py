"""Course content as data: YAML files in ``content/``, validated into typed objects.

Everything the widgets show (modules, objectives, quizzes, checklist, crisis resources, glossary,
references, simulation presets) is loaded here once, checked, and cross-checked, so a mistake in a
content file is reported with the file, the item id, the field and the YAML line, before any widget
renders. Run ``python -m widgets.content check`` to validate the whole folder.
"""

from __future__ import annotations

import compileall
import functools
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from widgets.course import Lookups

# In a checkout: the repository's content/ (where a facilitator edits it). In a normal install: the copy
# packaged as widgets/course_content (pyproject.toml maps content/ there).
_CHECKOUT_CONTENT = Path(__file__).resolve().parent.parent / "content"
CONTENT_DIR = _CHECKOUT_CONTENT if _CHECKOUT_CONTENT.is_dir() else Path(__file__).resolve().parent / "course_content"

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class Problem:
    file: str
    item: str | None
    field: str | None
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.item:
            parts.append(f"item '{self.item}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts) + f": {self.message}"


class ContentError(ValueError):
    """One or more problems in the content files; ``str()`` lists each on its own line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --------------------------------------------------------------------------- schemas


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Objective(Strict):
    id: Id
    text: Text


class Module(Strict):
    id: Id
    number: Annotated[str, StringConstraints(pattern=r"^\d\d$")] | None = None
    title: Text
    short_title: Text
    notebook: Annotated[str, StringConstraints(pattern=r"^[\w.-]+\.ipynb$")]
    summary: Text
    minutes: int = Field(default=20, ge=1, le=240)
    objectives: list[Objective] = []


class CourseInfo(Strict):
    title: Text
    tagline: Text
    default_region: Id
    modules: list[Module] = Field(min_length=1)


class Reference(Strict):
    id: Id
    citation: Text
    url: Annotated[str, StringConstraints(pattern=r"^https://")] | None = None
    note: str | None = None
    short: str | None = None  # how the text cites it, e.g. "Dutton & Painter 1993"; derived if absent

    @property
    def label(self) -> str:
        """Author-year label from the citation: "Schultz et al. 1997", "Dutton & Painter 1993"."""
        if self.short:
            return self.short
        year = re.search(r"\((\d{4})", self.citation)
        authors = self.citation[: year.start()] if year else ""
        first = authors.split(",")[0].strip()
        if not year or not first or "." in first:
            return self.citation.split(".")[0][:60]
        if "et al" in authors or authors.count("., ") >= 2:
            return f"{first} et al. {year.group(1)}"
        if "&" in authors:
            return f"{first} & {authors.split('&')[1].split(',')[0].strip()} {year.group(1)}"
        return f"{first} {year.group(1)}"


class Option(Strict):
    id: Id
    text: Text
    correct: bool = False
    feedback: Text
    pinned: bool = False  # stays in place when options are shuffled ("All of the above")


class Question(Strict):
    id: Id
    type: Literal["single", "multiple", "truefalse", "order"]
    prompt: Text
    objective: Id
    references: list[Id] = []
    options: list[Option] = Field(min_length=2)
    explanation: Text

    # A field validator on `options` (not a model validator) so the loader's error names the field:
    # "item 'q-id', field 'options': a single question needs exactly one correct option, found 2".
    @field_validator("options")
    @classmethod
    def _right_number_correct(cls, options: list[Option], info: ValidationInfo) -> list[Option]:
        kind = info.data.get("type")
        n = sum(o.correct for o in options)
        if kind in ("single", "truefalse") and n != 1:
            raise ValueError(f"a {kind} question needs exactly one correct option, found {n}")
        if kind == "multiple" and n < 1:
            raise ValueError("a multiple question needs at least one correct option, found 0")
        if kind == "truefalse" and len(options) != 2:
            raise ValueError("a truefalse question has exactly two options")
        if kind == "order" and n:
            raise ValueError("an order question lists its steps in the right order; mark none correct")
        return options


class Quiz(Strict):
    id: Id
    module: Id
    title: Text
    intro: str = ""
    questions: list[Question] = Field(min_length=1)


class CourseLink(Strict):
    """Where the course explains something: a course notebook, optionally a section or glossary term."""
    label: Text
    href: Annotated[str, StringConstraints(pattern=r"^[\w.-]+\.ipynb(#[a-z0-9-]+)?$")]


class BehaviourItem(Strict):
    """A partner behaviour. Answered "yes", it is named back: "You said {said}. {called}"."""
    id: Id
    text: Text
    said: Text
    called: Text
    explained: CourseLink


class FeelingItem(Strict):
    """A feeling of the learner's own. Acknowledged, never scored, never a verdict."""
    id: Id
    text: Text
    said: Text


class SafetyItem(Strict):
    """A danger sign (Danger Assessment). "yes" or "not sure" opens the safety panel, never a score."""
    id: Id
    text: Text
    advice: str = ""  # shown in the safety panel when this item is answered "yes" or "not sure"


class BehaviourPart(Strict):
    title: Text
    note: str = ""
    warning: Text  # said whenever one or more behaviours are marked: even one is a warning sign
    unsure: Text  # said when some behaviours were answered "not sure"
    none_marked: Text  # what a checklist cannot tell, and where to look next; never an all-clear
    items: list[BehaviourItem] = Field(min_length=1)


class FeelingPart(Strict):
    title: Text
    note: str = ""
    acknowledged: Text  # feelings explained: not a verdict about the relationship
    items: list[FeelingItem] = Field(min_length=1)


class SafetyPart(Strict):
    title: Text
    note: str = ""
    panel_note: Text
    plan_note: Text  # planning with an advocate
    exit_note: Text  # the quick exit
    all_no: Text  # every answered safety item was "no": a checklist cannot rule out danger
    not_answered: Text  # some safety items skipped or "rather not say"
    items: list[SafetyItem] = Field(min_length=1)


class Checklist(Strict):
    intro: Text
    privacy_note: Text
    not_a_diagnosis: Text
    what_they_do: BehaviourPart
    how_it_feels: FeelingPart
    your_safety: SafetyPart

    @property
    def parts(self) -> list[tuple[str, BehaviourPart | FeelingPart | SafetyPart]]:
        """The three parts in the order the page shows them."""
        return [("what_they_do", self.what_they_do), ("how_it_feels", self.how_it_feels),
                ("your_safety", self.your_safety)]


HTTPS = r"^https://[^\s/]+\.[^\s]+$"
Https = Annotated[str, StringConstraints(pattern=HTTPS)]
# A phone number as people write it: digits, spaces, dashes. Letters (1-800-SAFE) cannot be dialled.
PHONE = r"^[0-9][0-9 -]*[0-9]$|^[0-9]$"


class Contact(Strict):
    """One way to reach a service: a number to call, text or use by TTY, or a page for chat or more."""

    kind: Literal["call", "text", "chat", "web", "tty"]
    value: Text  # the number (call, text, tty) or the https address (chat, web)
    keyword: str | None = None  # text: the word to send ("START")
    label: str | None = None  # chat, web: what the page offers ("book a call-back")

    @field_validator("value")
    @classmethod
    def _value_fits_kind(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if kind in ("call", "text", "tty") and not re.match(PHONE, value):
            raise ValueError(f"a {kind} contact is a number of digits, spaces and dashes, not '{value}'")
        if kind in ("chat", "web") and not re.match(HTTPS, value):
            raise ValueError(f"a {kind} contact is a page address starting https://, not '{value}'")
        return value


class Service(Strict):
    id: Id
    name: Text
    serves: Text  # who the line is for, in a few plain words ("women", "men", "anyone")
    area: str | None = None  # set when it covers only part of the region ("Wales")
    description: str = ""
    contacts: list[Contact] = Field(min_length=1)
    hours: str | None = None
    source: Https  # the service's own page the details were checked on (never shown to learners)
    checked: date  # when they were checked there (never shown to learners)


class Region(Strict):
    id: Id
    name: Text
    emergency: Text
    emergency_note: str | None = None
    quick_exit_url: Https  # a neutral, local, everyday site for the quick exit
    more_lines: str | None = None  # who else the full list serves, for the "More help lines" link
    services: list[Service] = Field(min_length=1)


class Resources(Strict):
    regions: list[Region] = Field(min_length=1)


class GlossaryTerm(Strict):
    id: Id
    term: Text
    definition: Text
    references: list[Id] = []


class Preset(Strict):
    id: Id
    title: Text
    view: Literal["episode", "relationship"]
    description: Text
    params: dict[str, Any] = {}


# --------------------------------------------------------------------------- YAML with line numbers


def _read_yaml(path: Path, rel: str) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML, remembering the line of every node so errors can point at it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(rel, None, None, f"cannot be read ({exc})")]) from None
    # libyaml's C parser when present (about 8x faster at kernel start); both keep line marks.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    lines: dict[tuple, int] = {}
    try:
        node = loader.get_single_node()

        def build(node: yaml.Node, loc: tuple) -> Any:
            lines[loc] = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                out: dict = {}
                for key_node, value_node in node.value:
                    key = loader.construct_object(key_node, deep=True)
                    if key in out:
                        raise ContentError([Problem(rel, None, str(key), "appears twice in the same block",
                                                    key_node.start_mark.line + 1)])
                    out[key] = build(value_node, loc + (key,))
                return out
            if isinstance(node, yaml.SequenceNode):
                return [build(v, loc + (i,)) for i, v in enumerate(node.value)]
            return loader.construct_object(node, deep=True)

        data = build(node, ()) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError([Problem(rel, None, None, f"is not valid YAML: {problem}",
                                    mark.line + 1 if mark else None)]) from None
    finally:
        loader.dispose()
    return data, lines


def _item_and_field(data: Any, loc: tuple) -> tuple[str | None, str | None, tuple]:
    """Name the innermost item with an ``id`` on the path, and the field path below it."""
    item, item_depth, node = None, 0, data
    for depth, step in enumerate(loc):
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            item, item_depth = node["id"], depth
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    else:  # the whole path exists: the error is about the item itself (e.g. a validator on it)
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            item, item_depth = node["id"], len(loc)
    rest = loc[item_depth:]
    field_name = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in rest).lstrip(".") or None
    return item, field_name, loc


def _validate(model: type[BaseModel], data: Any, rel: str, lines: dict[tuple, int]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            item, field_name, _ = _item_and_field(data, loc)
            line = next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), None)
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                msg = "is required but missing"
            elif err["type"] == "extra_forbidden":
                msg = "is not a known field (check the spelling)"
            problems.append(Problem(rel, item, field_name, msg, line))
        raise ContentError(problems) from None


def _list_model(item: type[BaseModel], key: str) -> type[BaseModel]:
    return type(f"{item.__name__}File", (Strict,), {"__annotations__": {key: list[item]}})  # type: ignore[valid-type]


# --------------------------------------------------------------------------- the loaded course


@dataclass(frozen=True)
class Content(Lookups):
    """The validated course. Its lookups (modules, objectives, module_of_notebook, region) are
    ``widgets.course.Lookups``, shared with the kernels' snapshot."""

    info: CourseInfo
    references: dict[str, Reference]
    checklist: Checklist  # load() requires it and resources (safety content)
    resources: Resources
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)
    presets: dict[str, Preset] = field(default_factory=dict)


def content_dir() -> Path:
    return Path(os.environ.get("COURSE_CONTENT_DIR", CONTENT_DIR))


def _located(rel: str, lines: dict[tuple, int], loc: tuple, item: str | None, fld: str, msg: str) -> Problem:
    return Problem(rel, item, fld, msg, lines.get(loc))


def _duplicates(rel: str, items: list, key: str, lines: dict, problems: list[Problem], seen: dict) -> None:
    """Report ids used twice, here or in an earlier file (``seen`` maps id -> first file)."""
    for i, obj in enumerate(items):
        where = seen.get(obj.id)
        if where is not None:
            problems.append(_located(rel, lines, (key, i, "id"), obj.id, "id",
                                     f"duplicate id (first used in {where})"))
        else:
            seen[obj.id] = rel


def load(directory: Path | str | None = None) -> Content:
    """Load and cross-check every content file. Raises ContentError listing every problem found."""
    root = Path(directory) if directory else content_dir()
    problems: list[Problem] = []

    def read(name: str, model: type[BaseModel], required: bool = True, key: str | None = None):
        path = root / name
        rel = f"content/{name}"
        if not path.exists():
            if required:
                problems.append(Problem(rel, None, None, "is missing"))
            return None, rel, {}
        try:
            data, lines = _read_yaml(path, rel)
            if key and isinstance(data, list):  # a file that is a bare list of items
                data, lines = {key: data}, {(key,) + k: v for k, v in lines.items()}
            return _validate(model, data, rel, lines), rel, lines
        except ContentError as exc:
            problems.extend(exc.problems)
            return None, rel, {}

    info, info_rel, info_lines = read("course.yml", CourseInfo)
    refs, refs_rel, refs_lines = read("references.yml", _list_model(Reference, "references"), key="references")
    gloss, gloss_rel, gloss_lines = read("glossary.yml", _list_model(GlossaryTerm, "terms"), False, "terms")
    presets, presets_rel, presets_lines = read("presets.yml", _list_model(Preset, "presets"), False, "presets")
    # Safety content is required: without it a page would show no emergency number (see SAFETY_CONTENT).
    checklist, checklist_rel, checklist_lines = read("checklist.yml", Checklist)
    resources, resources_rel, resources_lines = read("resources.yml", Resources)
    quizzes: list[tuple[Quiz, str, dict]] = []
    for path in sorted((root / "quizzes").glob("*.yml")):
        quiz, rel, lines = read(f"quizzes/{path.name}", Quiz)
        if quiz is not None:
            quizzes.append((quiz, rel, lines))
    if problems:
        raise ContentError(problems)

    # ids are unique within their kind
    _duplicates(info_rel, info.modules, "modules", info_lines, problems, {})
    _duplicates(info_rel, [o for m in info.modules for o in m.objectives], "objectives", {}, problems, {})
    _duplicates(refs_rel, refs.references, "references", refs_lines, problems, {})
    if gloss:
        _duplicates(gloss_rel, gloss.terms, "terms", gloss_lines, problems, {})
    if presets:
        _duplicates(presets_rel, presets.presets, "presets", presets_lines, problems, {})
    seen_quiz: dict = {}
    seen_question: dict = {}
    for quiz, rel, lines in quizzes:
        if quiz.id in seen_quiz:
            problems.append(_located(rel, lines, ("id",), quiz.id, "id",
                                     f"duplicate quiz id (first used in {seen_quiz[quiz.id]})"))
        seen_quiz.setdefault(quiz.id, rel)
        _duplicates(rel, quiz.questions, "questions", lines, problems, seen_question)
        for i, q in enumerate(quiz.questions):
            _duplicates(rel, q.options, "options", {}, problems, {})
    if checklist:
        # The page numbers its messages per item and per button ("clear", "summary"): an item may not share a
        # button's name (widgets.reflection.BUTTONS).
        seen_item: dict = dict.fromkeys(("clear", "summary"), "the checklist's buttons, a reserved name")
        for key, part in checklist.parts:
            part_lines = {k[1:]: v for k, v in checklist_lines.items() if k[:1] == (key,)}
            _duplicates(checklist_rel, part.items, "items", part_lines, problems, seen_item)
    if resources:
        _duplicates(resources_rel, resources.regions, "regions", resources_lines, problems, {})

    # every id that points somewhere resolves
    ref_ids = {r.id for r in refs.references}
    objective_ids = {o.id for m in info.modules for o in m.objectives}
    module_ids = {m.id for m in info.modules}
    for quiz, rel, lines in quizzes:
        if quiz.module not in module_ids:
            problems.append(_located(rel, lines, ("module",), quiz.id, "module", f"unknown module '{quiz.module}'"))
        for i, q in enumerate(quiz.questions):
            if q.objective not in objective_ids:
                problems.append(_located(rel, lines, ("questions", i, "objective"), q.id, "objective",
                                         f"unknown learning objective '{q.objective}'"))
            for j, r in enumerate(q.references):
                if r not in ref_ids:
                    problems.append(_located(rel, lines, ("questions", i, "references", j), q.id, "references",
                                             f"unknown reference id '{r}'"))
    for i, t in enumerate(gloss.terms if gloss else []):
        for j, r in enumerate(t.references):
            if r not in ref_ids:
                problems.append(_located(gloss_rel, gloss_lines, ("terms", i, "references", j), t.id,
                                         "references", f"unknown reference id '{r}'"))
    if info.default_region not in {r.id for r in resources.regions}:
        problems.append(_located(info_rel, info_lines, ("default_region",), None, "default_region",
                                 f"unknown region '{info.default_region}': the crisis lines shown first must "
                                 f"be a region in {resources_rel} (known: "
                                 f"{', '.join(r.id for r in resources.regions)})"))
    if checklist:  # every "where the course explains it" link leads to a course page and a real glossary term
        notebooks = {m.notebook for m in info.modules}
        terms = {t.id for t in gloss.terms} if gloss else set()
        for i, item in enumerate(checklist.what_they_do.items):
            page, _, anchor = item.explained.href.partition("#")
            loc = ("what_they_do", "items", i, "explained", "href")
            if page not in notebooks:
                problems.append(_located(checklist_rel, checklist_lines, loc, item.id, "explained",
                                         f"links to '{page}', which is not a course page"))
            elif anchor.startswith("term-") and anchor[5:] not in terms:
                problems.append(_located(checklist_rel, checklist_lines, loc, item.id, "explained",
                                         f"links to the glossary term '{anchor[5:]}', which content/glossary.yml "
                                         "does not define"))
    for i, p in enumerate(presets.presets if presets else []):
        problems.extend(_check_preset(p, presets_rel, presets_lines.get(("presets", i, "params"))))
    if problems:
        raise ContentError(problems)
    return Content(
        info=info,
        references={r.id: r for r in refs.references},
        quizzes={q.id: q for q, _, _ in quizzes},
        checklist=checklist,
        resources=resources,
        glossary={t.id: t for t in gloss.terms} if gloss else {},
        presets={p.id: p for p in presets.presets} if presets else {},
    )


def _check_preset(preset: Preset, rel: str, line: int | None) -> list[Problem]:
    """Preset parameters are checked by the simulation model itself, so ranges live in one place (the
    model's range table, which also sets the explorer's sliders): a value the sliders cannot show fails."""
    from widgets.model import check_preset_params as check

    try:
        check(preset.view, preset.params)
    except (ValueError, TypeError) as exc:
        return [Problem(rel, preset.id, "params", str(exc), line)]
    return []


@functools.lru_cache(maxsize=4)
def _cached(directory: str) -> Content:
    return load(directory)


def get() -> Content:
    """The course content, loaded once per process."""
    return _cached(str(content_dir()))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["check"]:
        print("usage: python -m widgets.content check [CONTENT_DIR]", file=sys.stderr)
        return 2
    folder = Path(argv[1]) if len(argv) > 1 else content_dir()
    try:
        c = load(folder)
        server_region = os.environ.get("COURSE_REGION", "").strip().lower()
        known = [r.id for r in c.resources.regions]
        if server_region and server_region not in known:
            raise ContentError([Problem("COURSE_REGION", None, None, f"'{server_region}' is not a region in "
                                        f"content/resources.yml (known: {', '.join(known)})")])
    except ContentError as exc:
        print(f"{len(exc.problems)} problem(s) in the course content:", file=sys.stderr)
        for p in exc.problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    # What kernels load (widgets.course): this validated content as plain JSON, never written during a visit.
    from widgets import course

    snapshot = course.write_snapshot(c, Path(argv[1]) if len(argv) > 1 else None)
    # Every visitor's kernel imports the course's modules: compiled to bytecode once here, so no kernel
    # compiles them again (where PYTHONDONTWRITEBYTECODE is set, every kernel did: issue 17).
    compileall.compile_dir(Path(__file__).parent, quiet=1, maxlevels=0)
    # What every page loads first: Voila's start-up chunks as one file (widgets.delivery). The course server
    # writes it again when it starts (for the Voila it runs); this one is for a Voila run as a Jupyter server
    # extension (Binder), which does not call the course's start-up hook.
    from widgets import delivery

    bundle, joined = delivery.write_boot_bundle()
    questions = sum(len(q.questions) for q in c.quizzes.values())
    print(f"content OK: {len(c.modules)} modules, {len(c.objectives)} objectives, {len(c.quizzes)} quizzes "
          f"({questions} questions), {len(c.references)} references, {len(c.glossary)} glossary terms, "
          f"{len(c.presets)} presets, {len(c.resources.regions)} regions; "
          f"snapshot for kernels: {snapshot}; Voila's start-up chunks joined: {joined} ({bundle.name})")
    if folder.resolve() == content_dir().resolve():
        # The page's own help block (no kernel needed) is drawn by the Voila template from this file.
        from widgets import support

        print(f"page help for {c.region().name} first, all regions one tap away: {support.write_page_help(c)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
