"""How the course server delivers its files: compressed, and cached for as long as their names are versioned.

Runs in the Voila process, never in a kernel. A first visit used to transfer about 5 MB uncompressed (issue 17);
gzip brings the scripts, styles and pages down to about a fifth, which is what a learner on a slow phone
connection feels first.

Why a class is needed for a setting: voila.json sets ``Voila.tornado_settings.compress_response``, but Voila 0.5
applies ``tornado_settings`` *after* creating its tornado ``Application``, and tornado chooses its output
transforms (gzip among them) in the constructor, so the setting alone is ignored. Standalone Voila hands no
hook to its application, so ``CourseKernelManager`` (voila.json: ``VoilaConfiguration.multi_kernel_manager_class``;
otherwise exactly jupyter_server's ``AsyncMappingKernelManager``, which Voila wraps with its preheated pools)
installs the transforms once the server has started, from the Voila application that created it.
"""

from __future__ import annotations

import re

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import httputil, web
from tornado.ioloop import IOLoop

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


def install(app: web.Application) -> None:
    """Honour ``compress_response`` from voila.json (gzip for HTML, scripts, styles, JSON: tornado's
    ``GZipContentEncoding``) and add long cache lifetimes for versioned files. Idempotent."""
    if app.settings.get("compress_response") and web.GZipContentEncoding not in app.transforms:
        app.transforms.insert(0, web.GZipContentEncoding)
    if VersionedCache not in app.transforms:
        app.transforms.append(VersionedCache)


class CourseKernelManager(AsyncMappingKernelManager):
    """jupyter_server's kernel manager, unchanged, plus ``install()`` on the Voila application that owns it
    (scheduled for the first turn of the event loop: Voila creates its application after this manager)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        IOLoop.current().add_callback(self._install_on_app)

    def _install_on_app(self) -> None:
        app = getattr(self.parent, "app", None)  # Voila.app, the tornado Application (standalone Voila only)
        if isinstance(app, web.Application):
            install(app)
