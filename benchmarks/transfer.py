"""Bytes on the wire per page, as Chromium receives them (compression and caching real): issue 17, part 1.

For every page: a *first visit* (a fresh browser context, empty cache, the page loaded until it renders) and a
*later page* (the same context, having opened the landing page first, then this page: what a learner moving on
through the course downloads). Bytes are Chromium's own count of what arrived over the network for each
response (DevTools protocol ``Network.loadingFinished.encodedDataLength``: headers plus the body as sent,
so gzip counts, and a response served from the browser's cache counts as 0), summed over the page load.
Chromium does not count websocket frames that way, so the pages are loaded through ``WireCounter``, a
loopback relay in front of the server that counts every byte the server sends to the browser, websocket
frames as sent (compressed, when the browser and server agree on permessage-deflate): the page's widget
states reach the browser that way. The targets are judged on that total (HTTP plus the kernel websocket).

    .venv/bin/python benchmarks/transfer.py [--pages a.ipynb,b.ipynb]     # prints a table (a server of its own)
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections import defaultdict
from pathlib import Path

import serving
import visits

FIRST_TARGET_MB, LATER_TARGET_MB = 1.5, 0.2
LARGEST = 15  # responses listed per page by --largest
LANDING = "index.ipynb"


class WireCounter:
    """A loopback TCP relay in front of the course server that counts the bytes the server sends to the
    browser: ``total`` (everything) and ``websocket`` (connections upgraded to a kernel websocket,
    ``/channels``), as they cross the wire. The browser talks to ``url``; the server sees the same requests
    (its host check strips the port; the page's CSP names the host the browser used)."""

    def __init__(self, server_url: str) -> None:
        host_port = server_url.split("://", 1)[1].rstrip("/")
        self.host, port = host_port.rsplit(":", 1)
        self.port = int(port)
        self.total = self.websocket = 0
        self.url = ""
        self._server: asyncio.AbstractServer | None = None

    async def __aenter__(self) -> WireCounter:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"
        return self

    async def __aexit__(self, *exc) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(self.host, self.port)
        is_websocket = False

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, down: bool) -> None:
            nonlocal is_websocket
            try:
                while data := await src.read(65536):
                    if down:
                        self.total += len(data)
                        self.websocket += len(data) if is_websocket else 0
                    elif not is_websocket:
                        head = data[:2048].lower()
                        is_websocket = b"upgrade: websocket" in head and b"/channels" in head.split(b"\r\n", 1)[0]
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pump(reader, up_writer, False), pump(up_reader, writer, True))


async def _measured_load(ctx, wire: WireCounter, name: str, timeout_s: float = 180.0) -> dict:
    """Load one page in ``ctx`` through ``wire``; return bytes received (on the wire in all, over the kernel
    websocket, and per kind of HTTP response as Chromium counts them) and whether it rendered."""
    url = wire.url
    total0, ws0 = wire.total, wire.websocket
    page = await ctx.new_page()
    cdp = await ctx.new_cdp_session(page)
    await cdp.send("Network.enable")
    kinds: dict[str, str] = {}
    sizes: dict[str, float] = defaultdict(float)
    encodings: dict[str, str] = {}
    urls: dict[str, str] = {}

    def on_response(ev):
        r = ev["response"]
        kinds[ev["requestId"]] = ev.get("type", "Other")
        urls[ev["requestId"]] = r.get("url", "")
        headers = {k.lower(): v for k, v in r.get("headers", {}).items()}
        encodings[ev["requestId"]] = headers.get("content-encoding", "")

    def on_finished(ev):
        sizes[ev["requestId"]] += ev["encodedDataLength"]

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    error = None
    try:
        await page.goto(f"{url}/voila/render/{name}", wait_until="commit", timeout=timeout_s * 1000)
        await page.wait_for_function(visits.WAIT_FOR_RENDER, timeout=timeout_s * 1000, polling=100)
        await page.wait_for_load_state("networkidle", timeout=30_000)
    except Exception as exc:  # noqa: BLE001 (reported)
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    by_kind: dict[str, float] = defaultdict(float)
    uncompressed_text = 0.0
    for rid, n in sizes.items():
        kind = kinds.get(rid, "Other")
        by_kind[kind] += n
        if kind in ("Document", "Script", "Stylesheet") and not encodings.get(rid) and n > 1400:
            uncompressed_text += n
    await cdp.detach()
    await page.close(run_before_unload=True)
    wire_total, wire_ws = wire.total - total0, wire.websocket - ws0
    largest = sorted(((n, urls.get(rid, "?").split("?")[0].split("/voila/", 1)[-1]) for rid, n in sizes.items()),
                     reverse=True)[:LARGEST]
    return {"bytes": wire_total, "websocket": wire_ws, "http_chromium": sum(sizes.values()),
            "by_kind": dict(by_kind), "responses": len(sizes),
            "uncompressed_text": uncompressed_text, "error": error, "largest": largest}


async def measure(browser, url: str, pages: list[str]) -> dict[str, dict]:
    """First-visit and later-page bytes for every page (fresh contexts, blocked off-server requests)."""
    out = {}
    async with WireCounter(url) as wire:
        for name in pages:
            ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
            first = await _measured_load(ctx, wire, name)
            await ctx.close()
            ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
            other = LANDING if name != LANDING else "00-start-here.ipynb"
            await _measured_load(ctx, wire, other)  # the page the learner came from (fills the cache)
            later = await _measured_load(ctx, wire, name)
            await ctx.close()
            out[name] = {"first": first, "later": later}
    return out


def table(res: dict[str, dict]) -> tuple[list[str], bool, bool]:
    rows = ["| page | first visit MB | of which websocket MB | later page MB | of which websocket MB "
            "| HTTP MB as Chromium counts (first) | responses (first) | uncompressed text MB (first) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    first_ok = later_ok = True
    for name, r in res.items():
        f, lt = r["first"]["bytes"] / 1e6, r["later"]["bytes"] / 1e6
        first_ok &= f <= FIRST_TARGET_MB and not r["first"]["error"]
        later_ok &= lt <= LATER_TARGET_MB and not r["later"]["error"]
        problem = r["first"]["error"] or r["later"]["error"]
        err = f" ({problem})" if problem else ""
        rows.append(f"| {name}{err} | {f:.2f} | {r['first']['websocket'] / 1e6:.3f} | {lt:.3f} | "
                    f"{r['later']['websocket'] / 1e6:.3f} | {r['first']['http_chromium'] / 1e6:.2f} | "
                    f"{r['first']['responses']} | {r['first']['uncompressed_text'] / 1e6:.2f} |")
    return rows, first_ok, later_ok


async def _main(args) -> None:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory(prefix="course-transfer-") as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        pages = serving.make_site(site)
        chosen = args.pages.split(",") if args.pages else pages
        server = serving.start(site, pages, Path(tmp) / "voila.log")
        try:
            async with async_playwright() as pw:
                browser = await visits.launch(pw)
                res = await measure(browser, server.url, chosen)
                await browser.close()
        finally:
            server.stop()
    rows, f_ok, l_ok = table(res)
    print("\n".join(rows))
    if args.largest:
        for name, r in res.items():
            print(f"\nlargest responses, first visit of {name}:")
            for n, url in r["first"]["largest"]:
                print(f"  {n / 1e3:8.1f} kB  {url}")
    print(f"first visit <= {FIRST_TARGET_MB} MB: {'pass' if f_ok else 'FAIL'}; "
          f"later page <= {LATER_TARGET_MB} MB: {'pass' if l_ok else 'FAIL'}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", default="", help="comma-separated page names (default: every page)")
    ap.add_argument("--largest", action="store_true", help="also list each page's 15 largest responses")
    asyncio.run(_main(ap.parse_args()))
