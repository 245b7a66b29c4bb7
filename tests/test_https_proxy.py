"""LAN mode over HTTPS: the repository's nginx config (deploy/nginx.conf) in front of the course, on loopback.
Skipped when nginx or openssl is not installed (Debian: apt-get install nginx-light).

Standards: OWASP ASVS 4.0 V9 (TLS for all client traffic; HSTS), RFC 6265bis (a Secure, HttpOnly,
SameSite=Strict session cookie over HTTPS), and jupyter_server's security model (the Host check and kernel
ownership hold through the proxy).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, free_port, start_voila
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

pytestmark = pytest.mark.server

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
OPENSSL = shutil.which("openssl")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    if NGINX is None or OPENSSL is None:
        pytest.skip("nginx or openssl is not installed")
    folder = tmp_path_factory.mktemp("proxy")
    subprocess.run([OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(folder / "course.key"), "-out", str(folder / "course.crt")],
                   check=True, capture_output=True, timeout=60)
    (folder / "tmp").mkdir()
    server = start_voila(folder / "voila.log", "--CourseIdentityProvider.lan=True")
    port = free_port()
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "listen 8443 ssl;" in conf and "proxy_pass http://127.0.0.1:8866;" in conf
    conf = conf.replace("listen 8443 ssl;", f"listen 127.0.0.1:{port} ssl;")
    conf = conf.replace("proxy_pass http://127.0.0.1:8866;", f"proxy_pass {server.url};")
    (folder / "nginx.conf").write_text(conf)
    log = open(folder / "nginx.log", "w")
    nginx = subprocess.Popen([NGINX, "-p", str(folder), "-c", "nginx.conf"], stdout=log, stderr=subprocess.STDOUT)
    url = f"https://127.0.0.1:{port}"
    context = ssl._create_unverified_context()  # the test's own self-signed certificate
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/voila/tree", context=context, timeout=10).close()
            break
        except (OSError, urllib.error.URLError):
            if nginx.poll() is not None:
                pytest.fail("nginx exited: " + (folder / "nginx.log").read_text())
            time.sleep(0.3)
    yield url, context
    nginx.terminate()
    nginx.wait(timeout=30)
    log.close()
    server.stop()


def get(url: str, context, cookie: str | None = None):
    request = urllib.request.Request(url, headers={"Cookie": f"course_visit={cookie}"} if cookie else {})
    try:
        with urllib.request.urlopen(request, context=context, timeout=120) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def socket_status(url: str, kernel: str, cookie: str | None) -> int:
    async def go() -> int:
        headers = {"Origin": url}
        if cookie:
            headers["Cookie"] = f"course_visit={cookie}"
        request = HTTPRequest(url.replace("https", "wss") + f"/api/kernels/{kernel}/channels?session_id=t",
                              headers=headers, validate_cert=False, connect_timeout=60, request_timeout=120)
        try:
            conn = await websocket_connect(request)
        except HTTPClientError as exc:
            return exc.code
        conn.close()
        return 101

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, go()).result(timeout=90)


def test_the_course_works_over_https_with_a_secure_visit_cookie(proxy):
    import re

    url, context = proxy
    status, headers, html = get(url + "/voila/render/01-what-it-is.ipynb", context)
    assert status == 200 and 'id="course-quick-exit"' in html
    cookie_header = headers["Set-Cookie"]
    assert all(flag in cookie_header for flag in ("Secure", "HttpOnly", "SameSite=Strict")), cookie_header
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert f"wss://{url.split('//')[1]}" in headers["Content-Security-Policy"]
    cookie = re.search(r"course_visit=([\w-]+)", cookie_header).group(1)
    kernel = re.search(r'"kernelId": "([0-9a-f-]{36})"', html).group(1)
    assert socket_status(url, kernel, cookie) == 101
    assert socket_status(url, kernel, None) == 403  # another browser, through the proxy too
