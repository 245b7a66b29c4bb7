"""Shared fixtures: a real Voila server with the course configuration, and Debian's Chromium via Playwright.

Browser tests skip when no Chromium is found, unless COURSE_REQUIRE_BROWSER=1 (set by .ci/run), where a
missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT / "benchmarks"))  # one Voila launcher for the tests and the benchmark

import serving
from serving import Server as VoilaServer
from serving import free_port  # noqa: F401  (re-exported for tests)

# Errors in widget code raise instead of showing the learner's calm message, so tests see them.
os.environ["COURSE_STRICT"] = "1"
os.environ["JUPYTER_PATH"] = str(ROOT / "share" / "jupyter")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def course_notebooks() -> list[str]:
    return sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def start_voila(log_path: Path, *extra: str) -> VoilaServer:
    """Start Voila exactly as `make serve` does (voila.json from the repo root), on a free loopback port."""
    return serving.start(NOTEBOOKS, course_notebooks(), log_path, *extra)


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory) -> VoilaServer:
    server = start_voila(tmp_path_factory.mktemp("voila") / "voila.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_url(voila_server) -> str:
    return voila_server.url


@pytest.fixture(scope="session")
def voila_log_path(voila_server) -> Path:
    return voila_server.log_path


def chromium_path() -> str | None:
    for candidate in (os.environ.get("COURSE_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "no Chromium found (install Debian's chromium, or set COURSE_CHROMIUM)"
        if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; COURSE_REQUIRE_BROWSER=1 makes this a failure")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


WAIT_FOR_RENDER = """() => {
  const cells = document.getElementById('rendered_cells');
  if (!cells || cells.style.display === 'none' || document.getElementById('loading')) return false;
  // Voila replaces each cell's output script with the rendered output; widgets fill in when the kernel answers.
  if (cells.querySelector('script[type="application/vnd.voila.cell-output+json"]')) return false;
  return [...cells.querySelectorAll('.jp-OutputArea-output')].every(o => o.childElementCount > 0 || o.textContent.trim());
}"""


@pytest.fixture
def course_page(browser, voila_server):
    """Open a course page like a visitor: returns a Playwright Page with its widgets rendered.

    The page records what it asks for: ``page.course_requests`` (every URL), ``page.outside_requests``
    (URLs on any host but the course server; they are blocked, never sent) and ``page.console_errors``.
    """
    contexts = []

    def open_page(notebook: str, *, query: str = "", viewport: dict | None = None, color_scheme: str = "light",
                  kernel_socket=None):
        """``kernel_socket``: a Playwright WebSocketRoute handler for the kernel's websocket (to slow it)."""
        ctx = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, color_scheme=color_scheme)
        contexts.append(ctx)
        page = ctx.new_page()
        if kernel_socket is not None:
            page.route_web_socket(re.compile(r"/api/kernels/[^/]+/channels"), kernel_socket)
        page.course_requests, page.outside_requests, page.console_errors = [], [], []

        def route(r):
            url = r.request.url
            page.course_requests.append(url)
            if urlparse(url).netloc != voila_server.host and not url.startswith(("data:", "blob:")):
                page.outside_requests.append(url)
                return r.abort()
            return r.continue_()

        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.on("pageerror", lambda e: page.console_errors.append(f"page error: {e}"))
        page.goto(f"{voila_server.url}/voila/render/{notebook}{query}", wait_until="load", timeout=180_000)
        page.wait_for_function(WAIT_FOR_RENDER, timeout=120_000, polling=200)
        page.wait_for_load_state("networkidle")
        return page

    yield open_page
    for ctx in contexts:
        ctx.close()


# --------------------------------------------------------------------------- a copy of content/ to break


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of content/, for tests that break it on purpose."""
    dst = tmp_path / "content"
    shutil.copytree(ROOT / "content", dst)
    return dst


def edit_yaml(path: Path, change) -> None:
    import yaml

    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def problems_of(directory: Path) -> list:
    """The problems `widgets.content.load` reports for a broken content folder (it must refuse it)."""
    from widgets import content

    with pytest.raises(content.ContentError) as info:
        content.load(directory)
    return info.value.problems


# --------------------------------------------------------------------------- widgets without a kernel


class RecordingComm:
    """What a kernel's comm would be, for widgets made in a test (ipywidgets' own tests use the same idea:
    DummyComm in ipywidgets/widgets/tests/utils.py). It records the widget's opening state and every message
    that would go to the browser, so a test can check what a learner's page would receive."""

    def __init__(self, **kwargs):
        import uuid

        self.comm_id = kwargs.get("comm_id") or uuid.uuid4().hex
        self.kernel = "test"
        self.opened = kwargs.get("data", {})
        self.messages: list = []

    def open(self, *args, **kwargs) -> None:
        pass

    def on_msg(self, callback) -> None:
        self.callback = callback

    def on_close(self, callback) -> None:
        pass

    def send(self, data=None, metadata=None, buffers=None) -> None:
        self.messages.append(data)

    def close(self, *args, **kwargs) -> None:
        pass


@pytest.fixture(autouse=True)
def widget_comms(monkeypatch):
    """Every widget a test makes gets a RecordingComm (the list of them is the fixture's value); after the
    test every widget is closed, so no test sees another's widgets."""
    import comm

    opened: list[RecordingComm] = []

    def create_comm(**kwargs):
        opened.append(RecordingComm(**kwargs))
        return opened[-1]

    monkeypatch.setattr(comm, "create_comm", create_comm)
    yield opened
    if "ipywidgets" in sys.modules:
        sys.modules["ipywidgets"].Widget.close_all()

