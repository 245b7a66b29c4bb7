"""A Jupyter server with the course configuration, as Binder, JupyterHub and `make lab` run it: `jupyter server`
(Voila as a server extension, pages at /voila/render/...) or `jupyter lab`. Loopback only, a random token,
its own HOME (so ~/.ipython and ~/.jupyter are the test's), and copies of the notebooks (JupyterLab saves
notebooks; the repository's must not change).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from conftest import NOTEBOOKS, ROOT, free_port
from serving import stop_process


@dataclass
class JupyterServer:
    url: str
    token: str
    process: subprocess.Popen
    log_path: Path
    home: Path

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def get(self, path: str, timeout: float = 120) -> tuple[int, dict, str]:
        """GET with the token in an Authorization header (no cookie jar): status, headers, body."""
        request = urllib.request.Request(self.url + path, headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as r:
                return r.status, r.headers, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read().decode("utf-8", "replace")

    def stop(self) -> None:
        stop_process(self.process)


def course_env(home: Path) -> dict:
    """The environment binder/start and `make lab` give the server, with a fresh HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER_", "IPYTHON"))}
    env.update(HOME=str(home), JUPYTER_PATH=str(ROOT / "share" / "jupyter"),
               JUPYTER_CONFIG_PATH=str(ROOT / "etc" / "jupyter"))
    return env


def start_jupyter(app: str, tmp: Path, *extra: str) -> JupyterServer:
    """app: "server" or "lab". Run from the repo root, where the Voila extension reads voila.json."""
    home, site = tmp / "home", tmp / "site"
    home.mkdir()
    site.mkdir()
    for nb in NOTEBOOKS.glob("*.ipynb"):
        shutil.copy(nb, site / nb.name)
    port, token = free_port(), secrets.token_hex(16)
    executable = Path(sys.executable).parent / f"jupyter-{app}"
    args = [str(executable), "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={site}",
            *(["--allow-root"] if os.geteuid() == 0 else []), *extra]  # CI runs as root
    log_path = tmp / f"jupyter-{app}.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=course_env(home))
    server = JupyterServer(f"http://127.0.0.1:{port}", token, proc, log_path, home)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter {app} exited early:\n{server.log_text()}")
        try:
            if server.get("/api/status", timeout=5)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"jupyter {app} did not start within 180 s:\n{server.log_text()}")
