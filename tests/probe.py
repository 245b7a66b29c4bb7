"""A small toolkit for talking to the course server as a browser (or an attacker on the workshop network) would:
plain HTTP from a chosen loopback address, the visit cookie, and the kernel's websocket. Used by the server's
security and privacy tests."""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.client
import json
import re

import crowd  # benchmarks/crowd.py (on the path from conftest): one message builder for tests and bench
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

PAGE = "01-what-it-is.ipynb"
KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"')


def request(server, path: str, *, method: str = "GET", cookie: str | None = None, host: str | None = None,
            headers: dict | None = None, source: str = "127.0.0.1", body: bytes | None = None):
    """One HTTP request from a chosen loopback source address: (status, headers, body)."""
    address, port = server.host.rsplit(":", 1)
    conn = http.client.HTTPConnection(address, int(port), timeout=120, source_address=(source, 0))
    sent = {"Host": host or server.host, **(headers or {})}
    if cookie:
        sent["Cookie"] = f"course_visit={cookie}"
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def visit(server, page: str = PAGE, source: str = "127.0.0.1") -> tuple[str, str, str]:
    """Open a page as a new browser: (its visit cookie, its kernel id, the page)."""
    status, headers, html = request(server, f"/voila/render/{page}", source=source)
    assert status == 200, html[:500]
    cookies = " ".join(headers.get_all("Set-Cookie") or [])
    cookie = re.search(r"course_visit=([\w-]+)", cookies)
    assert cookie, cookies
    assert "HttpOnly" in cookies and "SameSite=Strict" in cookies
    return cookie.group(1), KERNEL_ID.search(html).group(1), html


def run(coro, timeout: float = 90):
    # On its own thread: Playwright's sync API may already run an event loop on this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result(timeout=timeout)


def socket_request(server, path: str, cookie: str | None, host: str | None = None) -> HTTPRequest:
    headers = {"Origin": f"http://{host or server.host}"}
    if cookie:
        headers["Cookie"] = f"course_visit={cookie}"
    if host:
        headers["Host"] = host
    return HTTPRequest(f"ws://{server.host}{path}", headers=headers, connect_timeout=60, request_timeout=120)


async def socket_status(server, path: str, cookie: str | None, host: str | None = None) -> int:
    """101 if the websocket opened (then closed again), else the HTTP status that refused it."""
    try:
        conn = await websocket_connect(socket_request(server, path, cookie, host))
    except HTTPClientError as exc:
        return exc.code
    conn.close()
    return 101


def kernel_message(msg_type: str, content: dict, channel: str = "shell") -> str:
    return json.dumps(crowd.kernel_message(msg_type, content, channel=channel))


async def read_for(conn, seconds: float) -> list:
    """Every message from a kernel websocket for ``seconds`` (for checking that something never arrives)."""
    return await read_until(conn, lambda _message: False, seconds)


async def read_until(conn, done, seconds: float = 60) -> list:
    """Messages from a kernel websocket until ``done(message)`` is true for one (it is included), the socket
    closes, or ``seconds`` pass: a wait on a condition, with a generous bound."""
    loop, out = asyncio.get_running_loop(), []
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        try:
            raw = await asyncio.wait_for(conn.read_message(), timeout=deadline - loop.time())
        except asyncio.TimeoutError:
            break
        if raw is None:
            break
        out.append(raw)
        if isinstance(raw, str) and done(json.loads(raw)):
            break
    return out

