"""environment.yml (conda, Binder) lists pyproject.toml's runtime packages with the same ranges (no test tools);
the lock (constraints.txt) pins every package make installs, and the package finds its content without -e."""

import re

import tomllib
import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_requirements() -> dict[str, SpecifierSet]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {norm(r.name): r.specifier for r in map(Requirement, project["dependencies"])}


def conda_requirements() -> dict[str, SpecifierSet]:
    deps = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    out = {}
    for dep in deps:
        if isinstance(dep, str) and dep.split()[0] not in ("python", "pip"):
            name, _, spec = dep.partition(" ")
            out[norm(name)] = SpecifierSet(spec.replace(" ", ""))
    return out


def test_environment_yml_matches_pyproject():
    assert conda_requirements() == pyproject_requirements()


def test_environment_installs_the_course_package_itself():
    deps = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    assert any(line.endswith("-e .") for line in pip)


def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            req = Requirement(line)
            spec = str(req.specifier)
            assert spec.startswith("=="), f"constraints.txt pins exact versions only: {line}"
            pins[norm(req.name)] = spec[2:]
    return pins


def test_the_lock_pins_every_dependency_and_agrees_with_pyproject():
    """A fresh machine gets the versions the tests passed with: every declared package is pinned in the lock,
    and each pin lies inside pyproject.toml's range (the voila / ipywidgets / jupyterlab_widgets trio above all)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    pins = lock()
    for req in map(Requirement, declared):
        assert norm(req.name) in pins, f"{req.name} is not in constraints.txt"
        assert req.specifier.contains(pins[norm(req.name)], prereleases=True), (req, pins[norm(req.name)])


def test_this_environment_runs_the_locked_versions_of_the_widget_stack():
    from importlib.metadata import version

    pins = lock()
    for name in ("voila", "ipywidgets", "jupyterlab-widgets", "anywidget", "jupyter-server", "ipykernel"):
        assert version(name) == pins[name], f"{name} {version(name)} installed, {pins[name]} locked"


def test_a_normal_install_finds_its_content(tmp_path):
    """`pip install .` (not -e) ships content/ inside the package, and the loader finds it there."""
    import subprocess
    import sys

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    out = subprocess.run(
        [sys.executable, "-c", "import widgets.content as c; x = c.get(); print(c.CONTENT_DIR, len(x.modules))"],
        cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
        timeout=120, check=True).stdout
    where, count = out.split()
    assert where == str(target / "widgets" / "course_content")
    assert int(count) >= 7
