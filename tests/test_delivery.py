"""A light first load (issue 17): the server compresses what it sends and lets browsers keep versioned files.

The standards: HTTP content coding (RFC 9110 section 8.4: ``Content-Encoding: gzip`` when the request says
``Accept-Encoding: gzip``) and HTTP caching (RFC 9111; ``immutable``, RFC 8246) for files whose URL changes
with their content, while the course pages themselves stay uncached (they hold a visitor's kernel id).
The widgets' states (their ES modules included) reach the browser over the kernel's websocket, compressed
with the WebSocket extension made for that (permessage-deflate, RFC 7692).
"""

from __future__ import annotations

import gzip
import json
import re
import urllib.request
import uuid

import crowd
from probe import read_until, run, socket_request, visit
from tornado.websocket import websocket_connect

CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>', re.S)


def fetch(url: str, gz: bool = True):
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gz else {})
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


def test_pages_and_widget_bundles_arrive_compressed_and_bundles_are_kept(voila_url):
    status, headers, body = fetch(f"{voila_url}/voila/render/01-what-it-is.ipynb")
    assert status == 200 and headers.get("content-encoding") == "gzip"
    html = gzip.decompress(body).decode("utf-8")
    assert "no-store" in headers.get("cache-control", "") or "no-cache" in headers.get("cache-control", "")
    config = json.loads(CONFIG.search(html).group(1))
    bundles = [f"{voila_url}/voila/labextensions/{ext['name']}/{ext['load']}"
               for ext in config.get("federated_extensions", [])]
    assert bundles, "the page lists no widget bundles"
    for url in bundles:
        status, headers, body = fetch(url)
        assert headers.get("content-encoding") == "gzip", url
        assert "immutable" in headers.get("cache-control", "") and "max-age=31536000" in headers["cache-control"]
        plain = fetch(url, gz=False)[2]
        assert len(body) < 0.5 * len(plain), f"{url}: {len(body)} bytes compressed of {len(plain)}"


def test_an_unversioned_file_is_revalidated_not_kept(voila_url):
    """A file whose name carries no content hash may change in place: it must never be marked immutable."""
    html = gzip.decompress(fetch(f"{voila_url}/voila/render/index.ipynb")[2]).decode("utf-8")
    config = json.loads(CONFIG.search(html).group(1))
    ext = config["federated_extensions"][0]
    status, headers, _ = fetch(f"{voila_url}/voila/labextensions/{ext['name']}/package.json")
    assert status == 200 and "immutable" not in headers.get("cache-control", "")


def test_voilas_start_up_chunks_are_joined_into_one_file_from_the_installed_voila(tmp_path):
    """The page loads one file instead of 72 requests queued six at a time (issue 17). The file is exactly the
    installed Voila's chunks listed in boot-chunks.txt, so it can never serve code Voila did not ship."""
    from widgets import delivery

    names = delivery.boot_chunk_names()
    folder = delivery.voila_static()
    assert folder is not None and len(names) > 40
    missing = [n for n in names if not (folder / n).is_file()]
    assert missing == [], f"boot-chunks.txt lists chunks this Voila does not have: {missing}"
    out, joined = delivery.write_boot_bundle(tmp_path / "bundle.js")
    body = out.read_text(encoding="utf-8")
    assert joined == len(names)
    assert body.startswith("// Generated")
    # Each chunk exactly as Voila ships it, in a function of its own (its "use strict" stays its own).
    assert body.split("\n", 1)[1] == "".join(f"(function () {{\n{(folder / n).read_text(encoding='utf-8')}\n}}).call(self);\n"
                                             for n in names)
    # The served copy is the same (written by python -m widgets.content check, which make test runs first).
    assert delivery.BOOT_BUNDLE.read_text(encoding="utf-8") == body


def test_a_listed_chunk_voila_lacks_gives_an_empty_file_so_the_page_loads_voila_as_before(tmp_path):
    """Another Voila version: nothing half-joined is served; the page falls back to Voila's own loading."""
    from widgets import delivery

    listing = tmp_path / "chunks.txt"
    listing.write_text("# test\n" + "\n".join(delivery.boot_chunk_names()[:3] + ["0000.voila.js"]) + "\n")
    out, joined = delivery.write_boot_bundle(tmp_path / "bundle.js", listing)
    assert joined == 0
    assert out.read_text(encoding="utf-8").split("\n", 1)[1] == ""


def test_the_page_loads_the_joined_chunks_compressed_and_kept(voila_url):
    html = gzip.decompress(fetch(f"{voila_url}/voila/render/index.ipynb")[2]).decode("utf-8")
    found = re.search(r'src="([^"]*voila-chunks\.generated\.js[^"]*)"', html)
    assert found, "the page does not load the joined chunks"
    src = found.group(1)
    status, headers, body = fetch(voila_url + src)
    assert status == 200 and headers.get("content-encoding") == "gzip"
    assert "immutable" in headers.get("cache-control", ""), "a versioned file a browser may keep"


def test_the_server_joins_the_chunks_of_the_voila_it_runs_when_it_starts(tmp_path):
    """A Voila upgraded without `make check` must not get the old Voila's chunks: the server writes the file
    again from the installed Voila when it starts (widgets.delivery.install), before any page is served."""
    from widgets import delivery

    served = delivery.BOOT_BUNDLE  # written by python -m widgets.content check (make test runs it first)
    stale = tmp_path / "voila-chunks.generated.js"
    stale.write_text("// an older Voila's chunks\n", encoding="utf-8")

    class App:
        transforms: list = []

    delivery.install(App(), stale)  # type: ignore[arg-type]
    assert stale.read_text(encoding="utf-8") == served.read_text(encoding="utf-8")
    assert stale.read_text(encoding="utf-8").startswith("// Generated") and "webpackChunk" in stale.read_text()


def test_widget_states_reach_the_browser_compressed_over_the_kernel_websocket(voila_server):
    """RFC 7692: a browser offering permessage-deflate (every current browser does) gets it, and the page's
    whole widget state (a quiz page's: each answer group carries its ES module) arrives intact. Measured by
    ``benchmarks/transfer.py`` through a byte-counting relay: module 12's states went from 234 kB to 12 kB on
    the wire. A client that does not offer the extension still gets the same states, uncompressed."""
    owner, kernel, _ = visit(voila_server, "12-myths-and-facts.ipynb")

    async def states(compress: bool) -> tuple[str, dict]:
        request = socket_request(voila_server, f"/api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}", owner)
        conn = await websocket_connect(request, compression_options={} if compress else None)
        agreed = conn.headers.get("Sec-WebSocket-Extensions", "")
        comm, ask = crowd.widget_states_request("probe")  # as the page's widget manager asks
        for message in ask:
            conn.write_message(json.dumps(message))
        replies = await read_until(conn, lambda m: m.get("msg_type") in ("comm_msg", "comm_close")
                                   and m["content"].get("comm_id") == comm)
        conn.close()
        assert replies, "no widget states came back"
        return agreed, json.loads(replies[-1])["content"]["data"]["states"]

    agreed, compressed = run(states(True))
    assert "permessage-deflate" in agreed
    assert len(compressed) > 20 and len(json.dumps(compressed)) > 100_000  # the quiz's 21 answer groups
    plain_agreed, plain = run(states(False))
    assert "permessage-deflate" not in plain_agreed
    assert plain == compressed
