"""A Voila server for the benchmark and the tests, started as `make serve` starts it, and what its processes use.

The server runs from the repository root (so voila.json applies: course template, preheated pool, culling)
on a folder holding copies of the course notebooks plus benchmarks/baseline.ipynb, so the baseline page is
served by the very same Voila. Loopback only.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import psutil

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "baseline.ipynb"


def course_pages() -> list[str]:
    return sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def make_site(folder: Path) -> list[str]:
    """Copy the course notebooks and the baseline into folder; return every page name (baseline first)."""
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(nb, folder / nb.name)
    shutil.copy(ROOT / "benchmarks" / BASELINE, folder / BASELINE)
    return [BASELINE, *course_pages()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(process: subprocess.Popen, grace: float = 60) -> None:
    """End a server: ask, then insist."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path
    pages: list[str]
    preheat: bool
    group_size: int = 0  # workshop mode: this many kernels preheated for the landing page

    @property
    def pool_size(self) -> int:
        """Kernels the preheated pools keep when nobody visits: one per notebook (voila.json), and
        GROUP_SIZE for the landing page in workshop mode."""
        if not self.preheat:
            return 0
        return len(self.pages) + (self.group_size - 1 if self.group_size else 0)

    @property
    def host(self) -> str:
        return urlparse(self.url).netloc

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def get(self, path: str, timeout: float = 120) -> tuple[int, str]:
        """GET a path on the server: (status, body), errors included."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def kernels(self) -> list[psutil.Process]:
        """The server's kernel processes (ipykernel children), alive now."""
        out = []
        try:
            for child in psutil.Process(self.process.pid).children(recursive=True):
                try:
                    if any("ipykernel" in part for part in child.cmdline()):
                        out.append(child)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
        except psutil.NoSuchProcess:
            pass
        return out

    def memory(self) -> dict:
        """RSS and USS (MiB) of the Voila process and of its kernels, now."""
        def mem(p: psutil.Process) -> tuple[float, float]:
            try:
                info = p.memory_full_info()
                return info.rss / 2**20, info.uss / 2**20
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                return 0.0, 0.0

        server_rss, server_uss = mem(psutil.Process(self.process.pid))
        kernels = [mem(k) for k in self.kernels()]
        return {"server_rss": server_rss, "server_uss": server_uss, "kernels": len(kernels),
                "kernels_rss": sum(k[0] for k in kernels), "kernels_uss": sum(k[1] for k in kernels),
                "total_rss": server_rss + sum(k[0] for k in kernels),
                "total_uss": server_uss + sum(k[1] for k in kernels)}

    def kernels_busy_percent(self, interval: float = 0.5) -> float:
        procs = self.kernels()
        for p in procs:
            with contextlib.suppress(psutil.NoSuchProcess):
                p.cpu_percent(None)
        time.sleep(interval)
        total = 0.0
        for p in procs:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += p.cpu_percent(None)
        return total

    def wait_until_settled(self, kernels: int, timeout: float = 60.0) -> tuple[bool, float]:
        """Wait until exactly `kernels` kernels are alive and all of them are idle (a warm pool has run its
        notebooks). Returns (settled, seconds waited)."""
        t0, quiet = time.monotonic(), 0
        while time.monotonic() - t0 < timeout:
            # two quiet readings in a row: a kernel still starting can look idle for one half second
            quiet = quiet + 1 if len(self.kernels()) == kernels and self.kernels_busy_percent() < 8.0 else 0
            if quiet >= 2:
                return True, time.monotonic() - t0
            time.sleep(0.2)
        return False, time.monotonic() - t0

    def kernel_ids(self) -> set[str]:
        """Ids of the live kernels (each kernel's command line names its connection file, kernel-<id>.json)."""
        ids = set()
        for k in self.kernels():
            try:
                for part in k.cmdline():
                    name = Path(part).name
                    if name.startswith("kernel-") and name.endswith(".json"):
                        ids.add(name[len("kernel-"):-len(".json")])
            except psutil.NoSuchProcess:
                pass
        return ids

    def preheated_uses(self) -> int:
        return self.log_text().count("Using pre-heated kernel")

    def stop(self) -> None:
        stop_process(self.process)


GROUP_PAGE = "index.ipynb"


def workshop_args(group_size: int, page: str = GROUP_PAGE) -> list[str]:
    """The flags `GROUP_SIZE=N make serve` adds (Makefile: WORKSHOP): N preheated kernels for the page a
    group opens together, one for every other page, and pools that refill 1 s after use (not voila.json's 4)."""
    pools = {"default": {"pool_size": 1}, page: {"pool_size": group_size}}
    return [f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}", "--VoilaKernelManager.fill_delay=1"]


def start(folder: Path, pages: list[str], log_path: Path, *extra: str, preheat: bool = True,
          group_size: int = 0) -> Server:
    """Start Voila on folder from the repo root (voila.json applies), loopback, a free port; with
    ``group_size``, in workshop mode as `GROUP_SIZE=N make serve`."""
    port = free_port()
    env = dict(os.environ)
    env["JUPYTER_PATH"] = str(ROOT / "share" / "jupyter")
    # Tests and the benchmark play many visitors from one address: lift the per-address and total kernel
    # caps (widgets/server.py) unless the caller sets them in `extra`.
    caps = [f"--CourseIdentityProvider.{cap}=1000" for cap in ("max_kernels_per_client", "max_kernels")
            if not any(arg.startswith(f"--CourseIdentityProvider.{cap}=") for arg in extra)]
    args = [sys.executable, "-m", "voila", str(folder), f"--port={port}", "--Voila.ip=127.0.0.1", *caps, *extra]
    if not preheat:
        args.append("--VoilaConfiguration.preheat_kernel=False")
    elif group_size:
        args += workshop_args(group_size)
    with open(log_path, "w") as log:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    server = Server(f"http://127.0.0.1:{port}", proc, log_path, pages, preheat, group_size if preheat else 0)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Voila exited early:\n{server.log_text()}")
        try:
            with urllib.request.urlopen(server.url + "/voila/tree", timeout=3):
                return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"Voila did not start within 90 s:\n{server.log_text()}")
