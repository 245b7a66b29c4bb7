"""`make serve`, as a newcomer runs it: it prints the course's address, on loopback, and the address works."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.request

import pytest
from conftest import ROOT, free_port

pytestmark = pytest.mark.server


def test_make_serve_prints_a_loopback_address_that_shows_the_course():
    port = free_port()
    proc = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                            env={k: v for k, v in os.environ.items() if k != "JUPYTER_PATH"})
    try:
        url, seen, deadline = None, [], time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line)
            found = re.search(r"(http://\S+/voila/render/index\.ipynb)", line)
            url = found.group(1) if found else None
        assert url == f"http://127.0.0.1:{port}/voila/render/index.ipynb", "".join(seen)
        html = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=60) as r:
                    html = r.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "Understanding Trauma Bonding" in html and 'id="course-quick-exit"' in html
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
