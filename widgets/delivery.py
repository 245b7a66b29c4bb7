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

import re

from tornado import httputil, web

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


def install(app: web.Application) -> None:
    """gzip for HTML, scripts, styles and JSON (tornado's ``GZipContentEncoding``; it skips small and
    already-compressed bodies) and long cache lifetimes for versioned files. Idempotent."""
    if Gzip not in app.transforms:
        app.transforms.insert(0, Gzip)
    if VersionedCache not in app.transforms:
        app.transforms.append(VersionedCache)
