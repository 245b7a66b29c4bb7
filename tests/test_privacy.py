"""Privacy by construction, checked from outside: the server will not run code a browser sends; a visit writes
nothing on the server's disk (no IPython history: the course's kernel spec turns it off); and the browser keeps
nothing past the session (no storage; jupyter_server's cookies are session cookies in every way the course is
served: standalone Voila, Voila as a server extension, JupyterLab).

Standards: NNEDV's tech-safety advice (a device may be checked by someone else: leave no lasting traces) and
jupyter_server's security model (its identity and XSRF cookies, whose lifetime it lets a deployment set).
"""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT
from probe import kernel_message, read_for, run, socket_request, visit
from tornado.websocket import websocket_connect


@pytest.mark.server
def test_voila_does_not_execute_code_sent_from_the_browser(voila_server, tmp_path):
    # Fetched as the page's own browser: with the visit cookie that binds the kernel to it (widgets/server.py),
    # so the request below reaches the kernel's websocket and it is Voila's own rule that must refuse the code.
    owner, kernel, _ = visit(voila_server)
    marker = tmp_path / "should-not-exist.txt"
    code = f"open({str(marker)!r}, 'w').write('ran')"

    async def send_execute_request() -> list[dict]:
        conn = await websocket_connect(socket_request(voila_server, f"/api/kernels/{kernel}/channels?session_id=x", owner))
        conn.write_message(kernel_message("execute_request", {
            "code": code, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False,
            "stop_on_error": True}))
        conn.write_message(kernel_message("kernel_info_request", {}))  # proves the socket reached the kernel
        replies = [json.loads(raw) for raw in await read_for(conn, 5) if isinstance(raw, str)]
        conn.close()
        return replies

    replies = run(send_execute_request(), timeout=60)
    assert any(r.get("msg_type") == "kernel_info_reply" for r in replies), "the websocket never reached the kernel"
    assert not marker.exists(), "the kernel ran code sent over the websocket"
    assert not any(r.get("msg_type") == "execute_reply" and r.get("content", {}).get("status") == "ok"
                   for r in replies)


@pytest.mark.browser
def test_a_visit_leaves_nothing_in_the_browser(course_page):
    page = course_page("04-signs-and-reflection.ipynb")
    cookies_before = page.context.cookies()
    # Only the server's own: jupyter_server's form token, its anonymous per-browser identity, and the visit's
    # session cookie (widgets/server.py: HttpOnly, binds the visit's kernel to this browser). All of them end
    # with the browser session (Playwright reports a session cookie's expiry as -1).
    assert all(re.fullmatch(r"_xsrf|username-[\w-]+|course_visit", c["name"]) for c in cookies_before), cookies_before
    assert {c["name"]: c["expires"] for c in cookies_before if c["expires"] != -1} == {}
    radios = page.get_by_role("radio")
    radios.first.wait_for(timeout=120_000)  # widgets draw once the kernel answers, after the page itself
    assert radios.count() > 0
    for i in range(min(radios.count(), 8)):
        radios.nth(i).check()
    # The kernel has had the answers once the summary it writes is on the page (a round trip, not a pause).
    page.get_by_role("button", name="Show my summary").click(timeout=60_000)
    page.wait_for_function("() => document.querySelector('.course-checklist-summary')?.innerText.includes("
                           "'not a diagnosis')", timeout=60_000)
    storage = page.evaluate("({local: Object.keys(localStorage), session: Object.keys(sessionStorage)})")
    assert storage == {"local": [], "session": []}, storage
    assert page.context.cookies() == cookies_before, "answering changed a cookie"


def test_the_course_code_has_no_free_text_box_and_no_file_writing():
    """A source-level guard next to the behavioural tests: no Text/Textarea widget, no open(..., 'w')."""
    for path in (ROOT / "widgets").glob("*.py"):
        source = path.read_text()
        assert not re.search(r"\bw(idgets)?\.(Text|Textarea|Combobox)\(", source), f"{path.name} has a free-text box"
        assert not re.search(r"open\([^)]*['\"][wa]\+?['\"]", source), f"{path.name} writes a file"
        assert "localStorage" not in source and "sessionStorage" not in source


def cookie_lifetimes(headers) -> dict[str, str]:
    """Each Set-Cookie's name and its lifetime attributes ("" for a session cookie)."""
    out = {}
    for header in headers.get_all("Set-Cookie") or []:
        name = header.split("=", 1)[0]
        out[name] = "; ".join(p.strip() for p in header.split(";")[1:] if re.match(r"\s*(expires|max-age)", p, re.IGNORECASE))
    return out


def ipython_traces(home: Path) -> list[str]:
    """Files under HOME/.ipython other than IPython's own profile README (which every profile has)."""
    ipython = home / ".ipython"
    return [str(p.relative_to(home)) for p in ipython.rglob("*") if p.is_file() and p.name != "README"]


@pytest.fixture(scope="module")
def voila_with_own_home(tmp_path_factory):
    """`make serve`'s Voila with a HOME of its own, so ~/.ipython and ~/.local/share/jupyter are the test's."""
    from conftest import start_voila

    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("HOME", str(home))
        for name in ("IPYTHONDIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
            env.delenv(name, raising=False)
        server = start_voila(tmp_path_factory.mktemp("voila-home") / "voila.log")
    yield server, home
    server.stop()


@pytest.mark.server
def test_a_voila_visit_writes_no_ipython_history(voila_with_own_home):
    server, home = voila_with_own_home
    for name in ("01-what-it-is.ipynb", "04-signs-and-reflection.ipynb"):
        assert server.get(f"/voila/render/{name}")[0] == 200  # the kernel has run the page's code
    assert (home / ".ipython" / "profile_default").is_dir(), "the kernels did not use this HOME"
    assert ipython_traces(home) == [], "a kernel wrote to ~/.ipython (history.sqlite holds each session)"
    # Jupyter's notebook-trust database exists on a server, but holds no row from a visit.
    signatures = home / ".local" / "share" / "jupyter" / "nbsignatures.db"
    if signatures.exists():
        with sqlite3.connect(signatures) as db:
            assert db.execute("select count(*) from nbsignatures").fetchone() == (0,)


@pytest.mark.server
def test_voila_cookies_end_with_the_browser_session(voila_with_own_home):
    server, _ = voila_with_own_home
    with urllib.request.urlopen(server.url + "/voila/render/index.ipynb", timeout=120) as r:
        lifetimes = cookie_lifetimes(r.headers)
    assert lifetimes, "expected jupyter_server's identity cookie"
    assert {name: life for name, life in lifetimes.items() if life} == {}


@pytest.fixture(scope="module")
def jupyter_lab_server(tmp_path_factory):
    """`jupyter lab` as `make lab` and Binder run it (its Voila extension serves /voila/render/ too)."""
    from jupyter_servers import start_jupyter

    server = start_jupyter("lab", tmp_path_factory.mktemp("lab-privacy"))
    yield server
    server.stop()


@pytest.mark.server
def test_server_extension_and_jupyterlab_cookies_end_with_the_browser_session(jupyter_lab_server):
    """Token log-in (as Binder's link does) sets the identity cookie; JupyterLab's page sets _xsrf."""
    server = jupyter_lab_server
    seen = {}
    for path in (f"/voila/render/index.ipynb?token={server.token}", f"/lab?token={server.token}"):
        with urllib.request.urlopen(server.url + path, timeout=180) as r:
            seen.update(cookie_lifetimes(r.headers))
    assert "_xsrf" in seen and any(name.startswith("username-") for name in seen), seen
    assert {name: life for name, life in seen.items() if life} == {}


@pytest.mark.server
def test_server_extension_kernels_write_no_ipython_history(jupyter_lab_server):
    server = jupyter_lab_server
    status, _, _ = server.get("/voila/render/01-what-it-is.ipynb")
    assert status == 200
    assert (server.home / ".ipython" / "profile_default").is_dir(), "the kernel did not use this HOME"
    assert ipython_traces(server.home) == []
