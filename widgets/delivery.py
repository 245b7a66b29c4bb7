"""How the course server delivers its files: compressed, and cached for as long as their names are versioned.

Runs in the Voila process, never in a kernel. A first visit used to transfer about 5 MB uncompressed (issue 17);
gzip brings the scripts, styles and pages down to about a fifth, which is what a learner on a slow phone
connection feels first.

Why not a setting: tornado's ``compress_response`` is read when the ``Application`` is built, and Voila 0.5
applies ``Voila.tornado_settings`` only afterwards, so the setting alone is ignored. The transforms are
installed instead by the course server's one start-up hook (``widgets.server._install``, called when Voila asks
the course's identity provider for its routes), together with the security guards.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from jupyter_core.paths import jupyter_path
from tornado import httputil, web

from widgets.runtime import TEMPLATE_DIR

log = logging.getLogger("course.delivery")
BOOT_CHUNKS = TEMPLATE_DIR / "boot-chunks.txt"
BOOT_BUNDLE = TEMPLATE_DIR / "static" / "voila-chunks.generated.js"

YEAR = 365 * 24 * 3600
# Built front-end files whose name carries a content hash (webpack: 568.4bd2f1c2b3a2b5e3c4d1.js,
# remoteEntry.698dcaf7.js): a new version is a new URL, so a browser may keep them for a year.
_HASHED = re.compile(r"/labextensions/.+/static/[\w-]+\.[0-9a-f]{8,}\.(js|css|woff2?|svg)$")


class VersionedCache(web.OutputTransform):
    """``Cache-Control: public, max-age=<1 year>, immutable`` for content-hashed files and for static URLs
    versioned with ``?v=`` (the name or the query changes whenever the content does). Anything else keeps
    the headers its handler chose (Voila's pages: no-store; unversioned files: revalidate)."""

    def __init__(self, request: httputil.HTTPServerRequest):
        super().__init__(request)
        path = request.path
        self._long = request.method in ("GET", "HEAD") and (
            bool(_HASHED.search(path)) or ("/static/" in path and "v=" in (request.query or "")))

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if self._long and status_code == 200:
            headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return status_code, headers, chunk


class Gzip(web.GZipContentEncoding):
    """tornado's gzip at its strongest level. Measured with benchmarks/transfer.py: a first visit 0.01 MB
    smaller than at tornado's default 6 (1.52 to 1.51 MB); its extra server CPU per visit was not measured."""

    GZIP_LEVEL = 9


def install(app: web.Application, bundle: Path = BOOT_BUNDLE) -> None:
    """gzip for HTML, scripts, styles and JSON (tornado's ``GZipContentEncoding``; it skips small and
    already-compressed bodies) and long cache lifetimes for versioned files; and Voila's start-up chunks
    joined from the Voila this server runs into ``bundle``, before any page asks for them
    (``write_boot_bundle``; ``make check`` writes it too, for a Voila run as a Jupyter server extension, as
    on Binder, which never calls this). Idempotent."""
    try:
        _, joined = write_boot_bundle(bundle)
        if not joined:
            log.warning("Voila's start-up chunks are not joined (boot-chunks.txt does not match this Voila): "
                        "pages load them one by one")
    except OSError as exc:  # a read-only install: pages load Voila's chunks one by one, as before
        log.warning("could not write %s (%s): pages load Voila's chunks one by one", bundle.name,
                    type(exc).__name__)
    if Gzip not in app.transforms:
        app.transforms.insert(0, Gzip)
    if VersionedCache not in app.transforms:
        app.transforms.append(VersionedCache)


def boot_chunk_names(listing: Path = BOOT_CHUNKS) -> list[str]:
    return [line.strip() for line in listing.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def voila_static() -> Path | None:
    """The folder Voila serves its own front end from (``/voila/static/``): the base template's static."""
    for folder in jupyter_path("voila", "templates", "base", "static"):
        if (Path(folder) / "voila.js").is_file():
            return Path(folder)
    return None


def write_boot_bundle(out: Path = BOOT_BUNDLE, listing: Path = BOOT_CHUNKS) -> tuple[Path, int]:
    """Join the chunks Voila's front end loads (``boot-chunks.txt``) into one script the page loads: webpack
    registers chunks already present and does not fetch them again, so a page makes one request instead of
    72 queued six at a time (issue 17). Each chunk runs in a function of its own, so its ``"use strict"``
    applies to it exactly as when loaded alone. Written at ``make check`` and again at server start, from
    the Voila installed now, so it always matches the runtime that loads it. If any listed chunk is
    missing (another Voila version), the file is written empty and the page loads Voila's chunks one by one
    as before: slower, never broken. Returns the path and how many chunks were joined."""
    folder = voila_static()
    names = boot_chunk_names(listing)
    files = [folder / n for n in names] if folder else []
    joined = bool(files) and all(f.is_file() for f in files)
    body = "".join(f"(function () {{\n{f.read_text(encoding='utf-8')}\n}}).call(self);\n" for f in files) if joined else ""
    header = ("// Generated by widgets/delivery.py from the installed Voila's own chunks "
              f"({len(names) if joined else 0} of {len(names)} listed in boot-chunks.txt). Do not edit.\n")
    if not out.exists() or out.read_text(encoding="utf-8") != header + body:
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(header + body, encoding="utf-8")
        tmp.replace(out)  # atomic: a page loading now gets the old file or the new one, never half of one
    return out, len(names) if joined else 0
