"""Cheap kernels (issue 17): a visitor's kernel loads the validated content snapshot, never the validator.

The standard: Voila starts one kernel per visitor, and jupyter_server's guidance for many users is to keep the
per-kernel start-up work small; content is validated once (``make check``, ``make serve``) rather than in
every kernel. So a page's kernel must not import pydantic or PyYAML (nor anywidget's Python package, which
brings psygnal: widgets/frontend.py), must find the course's modules already compiled, must see exactly what a fresh validation
gives (derived values included), and must fall back to validating, never to stale or unchecked content,
when the snapshot is missing or out of date.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import NOTEBOOKS, ROOT, course_notebooks

from widgets import content, course

# Runs a page's code cells in order, as its kernel would, then reports the heavy modules it imported.
KERNEL_LIKE = """
import json, sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
cells = [c for c in json.load(open(sys.argv[1]))["cells"] if c["cell_type"] == "code"]
for cell in cells:
    result = shell.run_cell("".join(cell["source"]))
    if not result.success:
        raise SystemExit(f"cell failed: {result.error_in_exec or result.error_before_exec!r}")
heavy = sorted(m for m in sys.modules
               if m.split(".")[0] in ("pydantic", "pydantic_core", "yaml", "numpy", "anywidget", "psygnal"))
print(json.dumps({"heavy": heavy, "validator": "widgets.content" in sys.modules}))
"""


@pytest.fixture(scope="module")
def fresh_snapshot():
    """The snapshot as `make check` writes it (make test runs the same command first)."""
    subprocess.run([sys.executable, "-m", "widgets.content", "check"], cwd=ROOT, check=True, capture_output=True)
    return course.snapshot_path(ROOT / "content")


def run_page(notebook, env_extra=None) -> dict:
    # Not strict: the question here is what the kernel imports, also on a page whose content is still being
    # written (a missing quiz shows the learner's calm message; the page tests catch that).
    env = {**os.environ, "COURSE_STRICT": "0", **(env_extra or {})}
    out = subprocess.run([sys.executable, "-c", KERNEL_LIKE, str(notebook)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:] + out.stdout[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", course_notebooks())
def test_a_page_kernel_never_imports_the_validator(fresh_snapshot, name):
    report = run_page(NOTEBOOKS / name)
    assert report == {"heavy": [], "validator": False}, f"{name}'s kernel imported {report}"


def test_make_check_compiles_the_course_for_kernels(fresh_snapshot):
    """Kernels find current bytecode for every course module, so none compiles them again (where
    PYTHONDONTWRITEBYTECODE is set, as on this machine and in CI, every kernel did)."""
    import importlib.util
    from pathlib import Path

    package = ROOT / "widgets"
    victim = Path(importlib.util.cache_from_source(str(package / "summaries.py")))
    victim.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "widgets.content", "check"], cwd=ROOT, check=True, capture_output=True)
    for source in package.glob("*.py"):
        cached = Path(importlib.util.cache_from_source(str(source)))
        assert cached.exists(), source.name
        assert cached.stat().st_mtime >= source.stat().st_mtime, source.name


def same(light, heavy, where="content"):
    """Every field and derived value of the validated object is present and equal in the snapshot's."""
    if hasattr(type(heavy), "model_fields"):
        names = list(type(heavy).model_fields) + [n for n, a in vars(type(heavy)).items()
                                                    if isinstance(a, property) and not n.startswith("_")]
        for n in names:
            same(getattr(light, n), getattr(heavy, n), f"{where}.{n}")
    elif isinstance(heavy, dict):
        assert list(light) == list(heavy), where
        for k in heavy:
            same(light[k], heavy[k], f"{where}[{k!r}]")
    elif isinstance(heavy, list):
        assert len(light) == len(heavy), where
        for i, (a, b) in enumerate(zip(light, heavy, strict=True)):
            same(a, b, f"{where}[{i}]")
    else:
        assert light == heavy and type(light) is type(heavy), f"{where}: {light!r} != {heavy!r}"


def test_the_snapshot_is_exactly_a_fresh_validation(fresh_snapshot):
    light, heavy = course.load_snapshot(ROOT / "content"), content.load()
    assert light is not None, "make check wrote a snapshot that does not match the content files"
    for name in ("info", "references", "quizzes", "checklist", "resources", "glossary", "presets"):
        same(getattr(light, name), getattr(heavy, name), name)
    assert light.modules == heavy.modules and light.objectives == heavy.objectives
    for m in heavy.info.modules:
        assert light.module_of_notebook(m.notebook) == m
    for region in [None, *(r.id for r in heavy.resources.regions), "nowhere"]:
        assert light.region(region) == heavy.region(region)
    ref = next(iter(heavy.references.values()))
    assert light.references[ref.id].label == ref.label  # a derived value, not a field
    with pytest.raises(AttributeError):
        light.info.title = "changed"  # read-only, like the frozen schema objects


def test_edited_content_is_validated_not_served_stale(tmp_path, fresh_snapshot):
    """In JupyterLab someone edits a content file and reruns a page without `make check`: the kernel
    validates through widgets.content and shows the edit (or names the mistake), never the old snapshot."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    subprocess.run([sys.executable, "-m", "widgets.content", "check", str(copy)], cwd=ROOT, check=True,
                   capture_output=True)
    env = {"COURSE_CONTENT_DIR": str(copy)}
    assert run_page(NOTEBOOKS / "index.ipynb", env)["validator"] is False
    course_yml = copy / "course.yml"
    course_yml.write_text(course_yml.read_text().replace("Understanding Trauma Bonding", "Edited Title", 1))
    assert course.load_snapshot(copy) is None  # stale: the hash no longer matches
    report = run_page(NOTEBOOKS / "index.ipynb", env)
    assert report["validator"] is True and "pydantic" in report["heavy"]
    code = "from widgets import course; print(course.get().info.title)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **env}, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "Edited Title"


def test_a_mistake_with_no_snapshot_is_still_reported(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    (copy / course.SNAPSHOT_NAME).unlink(missing_ok=True)
    (copy / "course.yml").write_text((copy / "course.yml").read_text().replace("title:", "titel:", 1))
    code = "from widgets import course; course.get()"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "COURSE_CONTENT_DIR": str(copy)})
    assert out.returncode != 0 and "ContentError" in out.stderr and "content/course.yml" in out.stderr
