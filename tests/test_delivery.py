"""A light first load (issue 17): the server compresses what it sends and lets browsers keep versioned files.

The standards: HTTP content coding (RFC 9110 section 8.4: ``Content-Encoding: gzip`` when the request says
``Accept-Encoding: gzip``) and HTTP caching (RFC 9111; ``immutable``, RFC 8246) for files whose URL changes
with their content, while the course pages themselves stay uncached (they hold a visitor's kernel id).
"""

from __future__ import annotations

import gzip
import json
import re
import urllib.request

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
