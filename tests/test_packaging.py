"""environment.yml (conda, Binder) and pyproject.toml (pip, make) list the same packages and ranges."""

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
    reqs = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {norm(r.name): r.specifier for r in map(Requirement, reqs)}


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
