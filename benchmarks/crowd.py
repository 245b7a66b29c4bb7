"""A crowd arriving at once, driven by light clients (no browsers), so the figure is the server's own cost.

Each arrival does, from its own loopback source address (127.0.0.2, 127.0.0.3, ...: the server's per-address
limits see distinct visitors, as in a room of phones), what a browser's visit costs the server:

1. GET the page (Voila runs or hands over the page's kernel and streams the rendered HTML), keeping the
   cookies it sets (the server may bind the kernel to the visit's cookie);
2. read ``kernelId`` from ``#jupyter-config-data``;
3. open the kernel's websocket ``/api/kernels/<id>/channels`` (jupyter_server's JSON protocol: no
   subprotocol is requested, so messages are JSON text frames, and a message with binary buffers arrives
   as one binary frame in jupyter_server's legacy layout: a count, offsets, then the JSON and the buffers);
4. do what the widget manager does first: open a comm on target ``jupyter.widget.control`` with
   ``metadata.version`` "1.0.0" (ipywidgets checks the control protocol's major version and ignores
   ``data`` on the open) and then send a ``comm_msg`` ``{"method": "request_states"}``; the kernel answers
   with a ``comm_msg`` ``{"method": "update_states", "states": {...}}`` (with buffers when widgets have any);
5. the visit is *rendered* when that reply has arrived. Then it leaves like a closed tab: the websocket
   closes and the shutdown request the page sends (with its own XSRF token) ends the kernel.

Server CPU: psutil user+system seconds of the Voila process and every kernel (pool refills included), from
just before the crowd until the pool is full and idle again (bounded), divided by the arrivals.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import struct
import time
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>', re.S)
MAX_ARRIVALS = 200  # bounded: at most 200 loopback source addresses, 127.0.0.2 to 127.0.0.201


@dataclass
class Arrival:
    page: str
    source: str
    html_s: float | None = None
    rendered_s: float | None = None
    kernel_id: str | None = None
    widgets: int = 0
    error: str | None = None


def kernel_message(msg_type: str, content: dict, session: str = "probe", metadata: dict | None = None,
                   channel: str = "shell") -> dict:
    """A Jupyter message as a page sends it over the kernel websocket (jupyter_server's JSON protocol)."""
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session, "username": "",
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": channel, "buffers": []}


def widget_states_request(session: str) -> tuple[str, list[dict]]:
    """What a page's widget manager sends first (ipywidgets' control protocol): a comm on target
    ``jupyter.widget.control`` with ``metadata.version`` "1.0.0", then ``request_states`` on it. The kernel
    answers on that comm with ``update_states``. Returns the comm id and the two messages."""
    comm_id = uuid.uuid4().hex
    return comm_id, [
        kernel_message("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
                       session, {"version": "1.0.0"}),
        kernel_message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}, session)]


def _decode(frame: str | bytes) -> dict:
    if isinstance(frame, str):
        return json.loads(frame)
    n = struct.unpack("!I", frame[:4])[0]  # jupyter_server legacy binary message: n, n offsets, parts
    offsets = struct.unpack("!" + "I" * n, frame[4:4 + 4 * n])
    end = offsets[1] if n > 1 else len(frame)
    return json.loads(frame[offsets[0]:end].decode("utf-8"))


async def arrive(base: str, page: str, index: int, timeout_s: float = 120.0, on_rendered=None) -> Arrival:
    """One visitor from 127.0.0.<index + 2>: page, kernel websocket, widget states; then leave.
    ``on_rendered(arrival)`` (a coroutine function) runs while the visit is still open."""
    source = f"127.0.0.{index + 2}"
    a = Arrival(page, source)
    client = AsyncHTTPClient(force_instance=True)
    t0 = time.perf_counter()
    deadline = t0 + timeout_s
    ws = None
    cookie = ""
    try:
        resp = await client.fetch(HTTPRequest(f"{base}/voila/render/{page}", network_interface=source,
                                              request_timeout=timeout_s, connect_timeout=timeout_s))
        a.html_s = time.perf_counter() - t0
        jar = SimpleCookie()
        for header in resp.headers.get_list("Set-Cookie"):
            jar.load(header)
        cookie = "; ".join(f"{k}={m.value}" for k, m in jar.items())
        match = CONFIG.search(resp.body.decode("utf-8", "replace"))
        a.kernel_id = json.loads(match.group(1)).get("kernelId") if match else None
        if not a.kernel_id:
            raise RuntimeError("no kernelId in the page")
        session = uuid.uuid4().hex
        ws_url = base.replace("http", "ws", 1) + f"/api/kernels/{a.kernel_id}/channels?session_id={session}"
        ws = await asyncio.wait_for(websocket_connect(HTTPRequest(
            ws_url, network_interface=source, headers={"Cookie": cookie} if cookie else {},
            connect_timeout=timeout_s, request_timeout=timeout_s)), max(1.0, deadline - time.perf_counter()))
        comm_id, ask = widget_states_request(session)
        for message in ask:
            await ws.write_message(json.dumps(message))
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no update_states reply")
            frame = await asyncio.wait_for(ws.read_message(), left)
            if frame is None:
                raise ConnectionError(f"websocket closed ({ws.close_code} {ws.close_reason})")
            msg = _decode(frame)
            content = msg.get("content", {})
            kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
            if content.get("comm_id") != comm_id:
                continue
            if kind == "comm_msg" and content.get("data", {}).get("method") == "update_states":
                a.widgets = len(content["data"].get("states", {}))
                break
            if kind == "comm_close":  # a page without widgets: the kernel has no control target (so says the
                break                 # kernel, and the browser's widget manager stops there too)
        a.rendered_s = time.perf_counter() - t0
        if on_rendered is not None:
            await on_rendered(a)
    except (HTTPClientError, OSError, TimeoutError, asyncio.TimeoutError, RuntimeError, ConnectionError,
            ValueError) as exc:
        a.error = f"{type(exc).__name__}: {str(exc)[:160]}"
    finally:
        if ws is not None:
            ws.close()
        if a.kernel_id:  # leave like a closed tab: the page's pagehide handler asks the server to end the kernel
            try:
                # The page makes its own XSRF token (quick_exit.js, xsrfToken: Tornado's check is a double
                # submit, cookie equal to header): so does this client. Without it the server refuses (403).
                xsrf = SimpleCookie(cookie).get("_xsrf")
                if xsrf is None:
                    token = secrets.token_hex(16)
                    cookie = f"{cookie}; _xsrf={token}" if cookie else f"_xsrf={token}"
                else:
                    token = xsrf.value
                headers = {"Cookie": cookie, "X-XSRFToken": token}
                await client.fetch(HTTPRequest(f"{base}/voila/api/shutdown/{a.kernel_id}", method="POST",
                                               body=b"", headers=headers, network_interface=source,
                                               request_timeout=30), raise_error=False)
            except OSError:
                pass
        client.close()
    return a


async def crowd(base: str, page: str, size: int, timeout_s: float = 120.0, while_open=None) -> list[Arrival]:
    """``size`` visitors arriving at ``page`` at the same moment, each from its own loopback address.
    Every visit stays open until all have rendered or failed; then ``while_open()`` (a coroutine function,
    e.g. reading the server's CPU while the visitors' kernels still exist) runs, and they all leave."""
    size = min(size, MAX_ARRIVALS)
    release = asyncio.Event()
    holding = 0

    async def hold(_arrival: Arrival) -> None:
        nonlocal holding
        holding += 1
        await release.wait()

    tasks = [asyncio.create_task(arrive(base, page, i, timeout_s, hold)) for i in range(size)]
    deadline = time.monotonic() + timeout_s + 30
    while holding + sum(t.done() for t in tasks) < size and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    try:
        if while_open is not None:
            await while_open()
    finally:
        release.set()
    return list(await asyncio.gather(*tasks))


if __name__ == "__main__":  # a quick probe against a running server: python benchmarks/crowd.py URL PAGE N
    import sys

    url, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1
    for arrival in asyncio.run(crowd(url, name, n)):
        print(arrival)
