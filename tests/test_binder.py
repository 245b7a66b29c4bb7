"""The Binder files agree with the rest of the repository, so a Binder link opens the course in Voila.

With a binder/ folder, repo2docker reads only the files in it: binder/environment.yml must list the same
packages as the top-level environment.yml (which tests/test_packaging.py keeps equal to pyproject.toml),
binder/postBuild installs the course package, and binder/start points JUPYTER_PATH at the repo's template.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import yaml
from conftest import ROOT

BINDER = ROOT / "binder"


def conda_packages(path: Path) -> list[str]:
    deps = yaml.safe_load(path.read_text())["dependencies"]
    return [d for d in deps if isinstance(d, str)]


def test_binder_environment_has_the_same_packages_as_environment_yml():
    ours, top = yaml.safe_load((BINDER / "environment.yml").read_text()), yaml.safe_load(
        (ROOT / "environment.yml").read_text())
    assert conda_packages(BINDER / "environment.yml") == conda_packages(ROOT / "environment.yml")
    assert ours["channels"] == top["channels"]


def test_postbuild_installs_the_course_package_from_the_repo_root():
    post = BINDER / "postBuild"
    assert os.access(post, os.X_OK), "binder/postBuild must be executable"
    lines = [ln.strip() for ln in post.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert any(re.search(r"pip install .*--no-deps .*-e \.$", ln) for ln in lines), lines


def test_start_sets_jupyter_path_to_the_course_template_and_runs_the_server_command(tmp_path):
    start = BINDER / "start"
    assert os.access(start, os.X_OK), "binder/start must be executable"
    env = {k: v for k, v in os.environ.items() if k != "JUPYTER_PATH"}
    env["JUPYTER_PATH"] = "/somewhere/else"
    # run from elsewhere: the path must not depend on the working directory
    out = subprocess.run([str(start), "sh", "-c", 'echo "$JUPYTER_PATH"; exit 7'], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=30, check=False)
    assert out.returncode == 7, "start must exec the command it is given (its exit status passes through)"
    first, *rest = out.stdout.strip().split(os.pathsep)
    assert Path(first) == ROOT / "share" / "jupyter"
    assert rest == ["/somewhere/else"], "an existing JUPYTER_PATH is kept, after the course's"
    template = yaml.safe_load((ROOT / "voila.json").read_text())["VoilaConfiguration"]["template"]
    assert (Path(first) / "voila" / "templates" / template / "index.html.j2").is_file()


def test_documented_binder_link_opens_an_existing_notebook_in_voila():
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"https://mybinder\.org/v2/gh/[^\s?`)]+\?urlpath=([^\s`)]+)", readme)
    assert links, "README documents no Binder link"
    for urlpath in links:
        path = unquote(urlpath)
        assert path.startswith("voila/render/"), path
        assert (ROOT / path.removeprefix("voila/render/")).is_file(), f"{path}: no such notebook"
