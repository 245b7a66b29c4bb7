"""Record which of Voila's front-end chunks course pages load, to regenerate
share/jupyter/voila/templates/course/boot-chunks.txt after a Voila upgrade (issue 17: the server joins the
listed chunks into one file, static/voila-chunks.generated.js, so a page makes one request instead of 72).

Each page is opened in Chromium with that joined file replaced by an empty one: what a stale list leaves, so
Voila's front end fetches every chunk it needs on its own. The chunks are recorded in the order Chromium asked
for them, page after page, until the page is drawn and the network is quiet.

    .venv/bin/python benchmarks/boot_chunks.py            # compare the pages' chunks with boot-chunks.txt
    .venv/bin/python benchmarks/boot_chunks.py --write    # write boot-chunks.txt from them

then `python -m widgets.content check` (run by make serve and make test) joins the new list. The check exits 1
when the list and the pages differ, naming the chunks missing from the list and the ones no page loads.
"""

from __future__ import annotations

import re
import sys
import tempfile
from datetime import date
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlparse

import serving
from playwright.sync_api import sync_playwright
from visits import CHROMIUM_ARGS, WAIT_FOR_RENDER, chromium_path

from widgets.delivery import BOOT_BUNDLE, BOOT_CHUNKS, boot_chunk_names

CHUNK = re.compile(r"/voila/static/(\d+\.voila\.js)(?:\?|$)")
EMPTY = "// empty: as a boot-chunks.txt that does not match this Voila leaves it\n"
HEADER = """\
# The Voila front-end chunks course pages load (Voila {voila}; recorded by benchmarks/boot_chunks.py on
# {day} from {pages} page loads, in the order Chromium asked for them). `python -m widgets.content check`
# (make serve, make test, make bench) and the server at start join them into static/voila-chunks.generated.js,
# which each page loads as one file instead of {count} requests queued six at a time (issue 17).
# tests/test_browser_pages.py fails if a page still fetches one of Voila's chunks on its own (a new Voila
# version changes them): run benchmarks/boot_chunks.py --write then.
"""


def record(url: str, pages: list[str], browser) -> list[str]:
    """The chunks ``pages`` load from the server at ``url`` with no joined file, in the order first asked for."""
    host = urlparse(url).netloc
    order: list[str] = []

    def route(r):
        request_url = r.request.url
        if urlparse(request_url).netloc != host:
            r.abort()  # nothing leaves the machine
        elif BOOT_BUNDLE.name in request_url:
            r.fulfill(status=200, content_type="text/javascript", body=EMPTY)
        else:
            r.continue_()

    def asked(request) -> None:
        found = CHUNK.search(request.url)
        if found and found.group(1) not in order:
            order.append(found.group(1))

    for name in pages:
        ctx = browser.new_context()
        page = ctx.new_page()
        page.route("**/*", route)
        page.on("request", asked)
        page.goto(f"{url}/voila/render/{name}", timeout=120_000)
        page.wait_for_function(WAIT_FOR_RENDER, timeout=120_000, polling=200)
        page.wait_for_load_state("networkidle", timeout=60_000)  # the widget extensions' own chunks too
        ctx.close()
    return order


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        folder = Path(tmp)
        serving.make_site(folder)
        pages = serving.course_pages()
        server = serving.start(folder, pages, folder / "voila.log", preheat=False)
        browser = pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            found = record(server.url, pages, browser)
        finally:
            browser.close()
            server.stop()
    if "--write" in argv:
        header = HEADER.format(voila=version("voila"), day=date.today().isoformat(), pages=len(pages),
                               count=len(found))
        BOOT_CHUNKS.write_text(header + "".join(f"{name}\n" for name in found), encoding="utf-8")
        print(f"wrote {len(found)} chunks to {BOOT_CHUNKS}; now run: python -m widgets.content check")
        return 0
    listed = boot_chunk_names()
    missing = [n for n in found if n not in listed]
    unused = [n for n in listed if n not in found]
    print(f"{len(pages)} pages load {len(found)} chunks; boot-chunks.txt lists {len(listed)}")
    if missing or unused:
        print(f"not in the list (fetched one by one): {missing or 'none'}")
        print(f"listed, loaded by no page (sent for nothing): {unused or 'none'}")
        print("run: benchmarks/boot_chunks.py --write, then python -m widgets.content check")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
