"""Privacy by construction, checked from outside: the server will not run code a browser sends, and a
visit leaves nothing in the browser (no storage, no cookies beyond the server's own form token)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import uuid

import pytest
from conftest import ROOT
from tornado.websocket import websocket_connect


def kernel_id_of(html: str) -> str:
    config = re.search(r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>', html, re.DOTALL)
    return json.loads(config.group(1))["kernelId"]


@pytest.mark.server
def test_voila_does_not_execute_code_sent_from_the_browser(voila_server, tmp_path):
    status, html = voila_server.get("/voila/render/01-what-it-is.ipynb")
    assert status == 200
    marker = tmp_path / "should-not-exist.txt"
    code = f"open({str(marker)!r}, 'w').write('ran')"

    async def send_execute_request() -> list[dict]:
        ws_url = voila_server.url.replace("http", "ws") + f"/api/kernels/{kernel_id_of(html)}/channels"
        replies = []
        try:
            conn = await websocket_connect(ws_url)
        except Exception as exc:  # refused outright: also fine
            return [{"refused": str(exc)}]
        msg_id = uuid.uuid4().hex
        conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "", "session": uuid.uuid4().hex,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 5
        while loop.time() < deadline:
            try:
                raw = await asyncio.wait_for(conn.read_message(), timeout=deadline - loop.time())
            except asyncio.TimeoutError:
                break
            if raw is None:
                break
            if isinstance(raw, str):
                replies.append(json.loads(raw))
        conn.close()
        return replies

    # On its own thread: Playwright's sync API may already run an event loop on this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        replies = pool.submit(asyncio.run, send_execute_request()).result(timeout=60)
    assert not marker.exists(), "the kernel ran code sent over the websocket"
    assert not any(r.get("msg_type") == "execute_reply" and r.get("content", {}).get("status") == "ok"
                   for r in replies)


@pytest.mark.browser
def test_a_visit_leaves_nothing_in_the_browser(course_page):
    page = course_page("04-signs-and-reflection.ipynb")
    cookies_before = page.context.cookies()
    # Only the server's own: jupyter_server's form token and the visit's session cookie (widgets/server.py:
    # HttpOnly, no expiry date, it binds the visit's kernel to this browser).
    assert all(re.fullmatch(r"_xsrf|course_visit", c["name"]) for c in cookies_before), cookies_before
    assert all(c["expires"] == -1 for c in cookies_before if c["name"] == "course_visit"), cookies_before
    radios = page.get_by_role("radio")
    radios.first.wait_for(timeout=120_000)  # widgets draw once the kernel answers, after the page itself
    assert radios.count() > 0
    for i in range(min(radios.count(), 8)):
        radios.nth(i).check()
    page.wait_for_timeout(500)
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
