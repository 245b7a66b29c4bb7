"""The course server's guards: what stands between visitors on a shared network (runs in the Voila process).

Standalone Voila takes its security hooks from jupyter_server (docs: "Security in the Jupyter Server",
jupyter_server.auth): an ``IdentityProvider`` says who is asking, an ``Authorizer`` says whether they may act
on a resource, and the identity provider's ``get_handlers()`` adds routes. voila.json names the classes here:

- ``CourseIdentityProvider``: each browser is one visitor, known by a random session id in an HttpOnly,
  SameSite=Strict cookie set when a course page is rendered. A kernel belongs to the visitor whose page
  started it; any request that names a kernel (websocket, kernel API, shutdown, request info) from another
  visitor is refused. It also holds the limits (kernels per client address and in total, websockets per
  kernel) and, once, attaches the server-wide guards to Voila's tornado application (``get_handlers``: the
  only place standalone Voila hands us its application): the Host check, the security headers (CSP), a
  request log without addresses or kernel ids, and quiet replacements for ``/login`` and ``/logout``.
- ``CourseAuthorizer``: the same ownership rule for every handler that asks jupyter_server's authorizer.
- ``CourseRenderHandler``: Voila's page handler, plus the limits (a calm "busy" page, HTTP 503) and the
  binding of the kernel it hands out to the visitor who asked.
- ``CourseKernelConnection``: the kernel websocket, with a cap on connections per kernel and quiet handling
  of malformed messages (nothing but a closed socket reaches their sender).

Nothing here records learner data: the log names no address, no kernel id and no message content.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import logging
import re
import secrets
import socket
import time
from dataclasses import dataclass

from jupyter_server import DEFAULT_STATIC_FILES_PATH
from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import IdentityProvider, User
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.routing import Matcher, Rule
from traitlets import Bool, Integer, List, Unicode, default
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler

from widgets import course, delivery

VISIT_COOKIE = "course_visit"
_VISIT_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
MIB = 2**20
# Measured with benchmarks/serving.py (Server.memory(), USS per kernel of a course page): about 41 MiB.
KERNEL_MIB = 41

# Voila's page handler writes this inline script when a cell runs longer than its keep-alive timeout; it is
# the only inline script a course page may run, so the CSP allows exactly it by hash (CSP Level 3 hashes).
HEARTBEAT_SCRIPT = "window.voila_heartbeat()"
HEARTBEAT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(HEARTBEAT_SCRIPT.encode()).digest()).decode()


def content_security_policy(host: str) -> str:
    """The page's Content-Security-Policy (W3C CSP Level 3): the course server only.

    * scripts: files from this server (no inline script but Voila's fixed heartbeat, by hash; no eval);
      ``blob:`` because anywidget imports each widget's ES module from a blob URL made by a script that is
      already running (an attacker who can only inject markup cannot create one);
    * connections: this server, including its kernel websockets (ws/wss to the same host);
    * images and fonts: this server, plus ``data:`` URLs (JupyterLab's theme draws its icons with them);
    * styles: this server and inline styles (JupyterLab and ipywidgets set styles at run time; a style cannot
      fetch anything from elsewhere because images and fonts are limited to this server);
    * nothing may frame the course, and forms and <base> cannot point elsewhere.
    """
    return "; ".join([
        "default-src 'none'",
        f"script-src 'self' blob: '{HEARTBEAT_HASH}'",
        f"connect-src 'self' ws://{host} wss://{host}",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "manifest-src 'self'",
        "media-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ])


# On every response: no MIME sniffing, no use by another site, and a referrer policy (a stylesheet's own policy
# governs the font requests it makes).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# Only on documents (HTML pages), the only responses browsers apply them to: the CSP, framing, the opener and
# permissions. Sending them with each of the hundred scripts and styles of a first visit cost about 55 kB
# (issue 17), for no protection (OWASP Secure Headers Project; W3C CSP Level 3, section 3: a policy is
# delivered with the document or worker it protects).
DOCUMENT_HEADERS = {
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


class CourseBusy(Exception):
    """The server has as many visitors as it is set to hold (or this address has its share)."""


@dataclass
class Visit:
    visitor: str  # the browser's session id (cookie)
    address: str  # the client address (the proxy's X-Real-IP when behind a local reverse proxy)


# --------------------------------------------------------------------------- who is asking


def client_address(request) -> str:
    """The client's address. Behind a reverse proxy on this machine (HTTPS, see deploy/) every request
    comes from loopback, so the proxy's X-Real-IP names the client; from anywhere else it is ignored."""
    peer = request.remote_ip or ""
    try:
        loopback = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        loopback = False
    if loopback:
        forwarded = request.headers.get("X-Real-IP", "").strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return peer


def is_https(request) -> bool:
    if request.protocol == "https":
        return True
    try:
        loopback = ipaddress.ip_address(request.remote_ip or "").is_loopback
    except ValueError:
        return False
    return loopback and request.headers.get("X-Forwarded-Proto", "") == "https"


def kernel_named_by(handler) -> str | None:
    """The kernel id a request acts on, if any (kernel API, kernel websocket, Voila's shutdown)."""
    kernel_id = (handler.path_kwargs or {}).get("kernel_id")
    if kernel_id is None and isinstance(handler, VoilaShutdownKernelHandler) and handler.path_args:
        kernel_id = handler.path_args[0]
    return kernel_id


def host_of(host_header: str) -> str:
    """'Example.local:8866' -> 'example.local'; '[::1]:8866' -> '::1'."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_allowed(host_header: str, names: set[str]) -> bool:
    """True for loopback addresses and names, and for the names and addresses in ``names``."""
    host = host_of(host_header or "")
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback or host in names
    except ValueError:
        return host in names


def machine_names(bind_ip: str) -> set[str]:
    """This machine's LAN names and addresses (for HOST=0.0.0.0 or a LAN address). Sends no packet."""
    names = {"localhost"}
    hostname = socket.gethostname().lower()
    names |= {hostname, f"{hostname}.local", socket.getfqdn().lower()}
    try:
        names |= {str(info[4][0]) for info in socket.getaddrinfo(hostname, None)}
    except OSError:
        pass
    try:  # the address of the default route: a UDP "connect" picks it without sending anything
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            names.add(s.getsockname()[0])
    except OSError:
        pass
    if bind_ip not in ("", "0.0.0.0", "::"):
        names.add(bind_ip.lower())
    return names


# --------------------------------------------------------------------------- the identity provider


class CourseIdentityProvider(IdentityProvider):
    """One visitor per browser; a visitor's kernels are theirs alone; limits on kernels and connections."""

    max_kernels = Integer(
        help="Visitors' kernels the server runs at once (preheated pool kernels are extra). "
             f"Default: half the machine's memory at about {KERNEL_MIB} MiB per kernel, at most 60."
    ).tag(config=True)
    max_kernels_per_client = Integer(
        6, help="Kernels one client address may hold at once (a visitor normally needs one or two)."
    ).tag(config=True)
    max_connections_per_kernel = Integer(
        3, help="Websockets one kernel may have open at once (a page opens one)."
    ).tag(config=True)
    lan = Bool(
        None, allow_none=True,
        help="Accept this machine's LAN names and addresses in the Host header. Default: when Voila listens "
             "on a non-loopback address (HOST=0.0.0.0). Set it when a reverse proxy on this machine serves "
             "the course to the LAN over HTTPS.",
    ).tag(config=True)
    allowed_hosts = List(Unicode(), help="More Host names to accept (e.g. the proxy's public name).").tag(config=True)

    @default("max_kernels")
    def _max_kernels_default(self) -> int:
        try:
            import os

            memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError, AttributeError):
            memory = 4 * 1024 * MIB
        return max(4, min(60, int(memory * 0.5 // (KERNEL_MIB * MIB))))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.visits: dict[str, Visit] = {}  # kernel id -> the visit that owns it
        self.pending: dict[str, int] = {}  # client address -> kernels being started for it now
        self.connections: dict[str, int] = {}  # kernel id -> open websockets
        self._host_names: set[str] | None = None

    # -- identity: who is asking
    def visitor_id(self, handler, create: bool = False) -> str | None:
        visitor = getattr(handler, "_course_visitor", None) or handler.get_cookie(VISIT_COOKIE)
        if visitor and _VISIT_ID.match(visitor):
            return visitor
        if not create:
            return None
        visitor = handler._course_visitor = secrets.token_urlsafe(32)
        handler.set_cookie(VISIT_COOKIE, visitor, path=handler.base_url, httponly=True, samesite="Strict",
                           secure=is_https(handler.request))
        return visitor

    def get_user(self, handler) -> User | None:
        visitor = self.visitor_id(handler, create=isinstance(handler, CourseRenderHandler))
        kernel_id = kernel_named_by(handler)
        if kernel_id is not None and not self.owns(visitor, kernel_id):
            return None  # refused: 403 from the kernel API, the websocket and the shutdown handler
        return User(username=visitor or "visitor", name="Visitor")

    def owns(self, visitor: str | None, kernel_id: str) -> bool:
        visit = self.visits.get(kernel_id)
        return visitor is not None and visit is not None and secrets.compare_digest(visit.visitor, visitor)

    # -- limits
    def _alive(self) -> set[str]:
        km = self.parent.kernel_manager
        alive = set(km.list_kernel_ids())
        for gone in set(self.visits) - alive:
            del self.visits[gone]
        return alive

    def admit(self, address: str) -> None:
        """Reserve a kernel for a visitor at ``address``, or raise CourseBusy."""
        self._alive()
        here = sum(1 for v in self.visits.values() if v.address == address) + self.pending.get(address, 0)
        total = len(self.visits) + sum(self.pending.values())
        if here >= self.max_kernels_per_client or total >= self.max_kernels:
            raise CourseBusy()
        self.pending[address] = self.pending.get(address, 0) + 1

    def bind(self, address: str, visitor: str | None, kernel_id: str | None) -> None:
        """The reserved kernel is started (or failed): record whose it is."""
        left = self.pending.get(address, 1) - 1
        if left > 0:
            self.pending[address] = left
        else:
            self.pending.pop(address, None)
        if kernel_id is not None and visitor is not None:
            self.visits[kernel_id] = Visit(visitor, address)

    # -- the Host header (DNS rebinding)
    def host_names(self) -> set[str]:
        if self._host_names is None:
            bind_ip = getattr(self.parent, "ip", "127.0.0.1") or ""
            lan = self.lan if self.lan is not None else not _is_loopback_bind(bind_ip)
            names = {"localhost"} | ({n.lower() for n in self.allowed_hosts})
            if lan:
                names |= machine_names(bind_ip)
            self._host_names = names
        return self._host_names

    # -- routes, and the guards on Voila's application
    def get_handlers(self) -> list:
        app = getattr(self.parent, "app", None)
        base = getattr(self.parent, "server_url", None) or getattr(self.parent, "base_url", "/")
        if app is not None:
            _install(app, self)
        handlers = [
            (url_path_join(base, r"/login"), _FrontDoor),
            (url_path_join(base, r"/logout"), _FrontDoor),
            (url_path_join(base, r"/voila/query/(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)"), CourseRequestInfoHandler),
        ]
        voila_configuration = getattr(self.parent, "voila_configuration", None)
        if voila_configuration is not None:
            # The page's quick exit before its region script runs: the default region's neutral site, from
            # content/resources.yml (the one place that names it).
            voila_configuration.resources = {**(voila_configuration.resources or {}),
                                             "quick_exit_url": course.get().region().quick_exit_url}
        if voila_configuration is not None and not getattr(self.parent, "notebook_path", None):
            handlers.append((url_path_join(base, r"/voila/render/(.*)"), CourseRenderHandler, {
                "template_paths": self.parent.template_paths,
                "config": self.parent.config,
                "voila_configuration": voila_configuration,
            }))
        return handlers


def _is_loopback_bind(ip: str) -> bool:
    if ip in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


class CourseAuthorizer(Authorizer):
    """jupyter_server's Authorizer: a kernel may be read, used or ended only by the visitor who owns it."""

    def is_authorized(self, handler, user, action, resource) -> bool:
        if resource != "kernels":
            return True
        kernel_id = kernel_named_by(handler)
        provider = handler.identity_provider
        return (kernel_id is not None and isinstance(provider, CourseIdentityProvider)
                and provider.owns(provider.visitor_id(handler), kernel_id))


# --------------------------------------------------------------------------- the page handler


class _VisitorKernels:
    """Voila's kernel manager as one page request sees it: a kernel handed to this request is reserved
    within the limits first, then bound to the visitor who asked."""

    def __init__(self, manager, handler: CourseRenderHandler):
        self._manager, self._handler = manager, handler

    def __getattr__(self, name):
        return getattr(self._manager, name)

    def _provider(self) -> CourseIdentityProvider:
        return self._handler.identity_provider

    async def get_rendered_notebook(self, *args, **kwargs):
        address, visitor = self._handler.visit()
        self._provider().admit(address)
        kernel_id = None
        try:
            result = await self._manager.get_rendered_notebook(*args, **kwargs)
            kernel_id = result[2]
            return result
        finally:
            self._provider().bind(address, visitor, kernel_id)

    async def start_kernel(self, *args, **kwargs):
        address, visitor = self._handler.visit()
        self._provider().admit(address)
        kernel_id = None
        try:
            result = self._manager.start_kernel(*args, **kwargs)
            kernel_id = await result if hasattr(result, "__await__") else result
            return kernel_id
        finally:
            self._provider().bind(address, visitor, kernel_id)


class CourseRenderHandler(TornadoVoilaHandler):
    """Voila's page handler with the course's limits, and a kernel bound to the visitor who asked."""

    # The theme is switched in the page (theme.js), never by the server, and the template is fixed:
    # these arguments must not steer the server (they would also bypass the preheated kernels).
    IGNORED_ARGUMENTS = ("theme", "template", "voila-template")

    @property
    def kernel_manager(self):
        return _VisitorKernels(self.settings["kernel_manager"], self)

    def visit(self) -> tuple[str, str | None]:
        return client_address(self.request), self.identity_provider.visitor_id(self)

    async def prepare(self):
        # W3C Fetch Metadata: a course page is only ever a top-level document. An <img>, <script> or
        # <iframe> on another site pointing here must not start a kernel.
        dest = self.request.headers.get("Sec-Fetch-Dest")
        if dest is not None and dest != "document":
            raise web.HTTPError(403)
        for name in self.IGNORED_ARGUMENTS:
            self.request.arguments.pop(name, None)
            self.request.query_arguments.pop(name, None)
        return await super().prepare()

    async def get(self, path=None):
        try:
            async for html in self.get_generator(path=path):
                self.write(html)
                self.flush()
        except CourseBusy:
            if self._headers_written:
                return
            self.clear()
            self.set_status(503)
            self.set_header("Retry-After", "60")
            self.set_header("Cache-Control", "no-store")
            self.finish(self.render_template("busy.html", retry_url=self.request.uri,
                                             quick_exit_url=course.get().region().quick_exit_url))


# --------------------------------------------------------------------------- other routes


REFUSED_PAGE = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="referrer" '
                'content="no-referrer"><title>Understanding Trauma Bonding</title></head><body><main>'
                "<p>This address is not the course's.</p></main></body></html>")


class _FrontDoor(web.RequestHandler):
    """/login and /logout: the course has no accounts, so both lead to the front door."""

    def get(self):
        self.redirect(self.settings.get("base_url", "/"))

    post = get


class CourseRequestInfoHandler(RequestInfoSocketHandler):
    """Voila's request-info socket (the page address for a preheated kernel), for the kernel's owner only."""

    async def get(self, *args, **kwargs):
        provider = self.settings.get("identity_provider")
        kernel_id = self.path_kwargs.get("kernel_id")
        visitor = self.get_cookie(VISIT_COOKIE)
        if not isinstance(provider, CourseIdentityProvider) or not provider.owns(visitor, kernel_id):
            raise web.HTTPError(403)
        # Voila caches the info of pages nobody connected for; keep only live kernels' entries.
        alive = provider._alive()
        for stale in set(RequestInfoSocketHandler._cache) - alive:
            RequestInfoSocketHandler._cache.pop(stale, None)
        return await super().get(*args, **kwargs)

    def open(self, kernel_id: str) -> None:
        super().open(kernel_id)
        RequestInfoSocketHandler._cache.pop(kernel_id, None)

    def on_message(self, message) -> None:
        pass  # the page only listens


class _RefuseHost(web.RequestHandler):
    def prepare(self):
        raise web.HTTPError(403)

    def write_error(self, status_code: int, **kwargs) -> None:
        self.finish(REFUSED_PAGE)


class _ForeignHost(Matcher):
    """Matches requests whose Host header is not one of the course server's names (DNS rebinding)."""

    def __init__(self, provider: CourseIdentityProvider):
        self.provider = provider

    def match(self, request):
        return None if host_allowed(request.host, self.provider.host_names()) else {}


class _SecurityHeaders(web.OutputTransform):
    """Adds the security headers to every response, and the CSP and the other document headers to every HTML
    response (pages and error pages). The course starts no workers, the other kind of response a policy
    governs."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        for name, value in SECURITY_HEADERS.items():
            headers[name] = value
        kind = headers.get("Content-Type", "text/html").split(";")[0].strip().lower()
        if kind == "text/html":
            headers["Content-Security-Policy"] = content_security_policy(self.request.host)
            for name, value in DOCUMENT_HEADERS.items():
                headers[name] = value
        return status_code, headers, chunk

    def __init__(self, request):
        super().__init__(request)
        self.request = request


# --------------------------------------------------------------------------- the log


_KERNEL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", re.IGNORECASE)


def redact(text: str) -> str:
    """Remove kernel ids and client addresses from a log line."""
    return _IPV6.sub("<address>", _IPV4.sub("<address>", _KERNEL_ID.sub("<kernel>", text)))


class _QuietLog(logging.Filter):
    """Redacts kernel ids and addresses, and lets a repeated message through at most 20 times a minute
    (so a flood of bad requests cannot fill the disk)."""

    def __init__(self):
        super().__init__()
        self.seen: dict[str, tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001  (a malformed log call must not break the server)
            message = str(record.msg)
        key = record.name + ":" + str(record.msg)[:80]
        start, count = self.seen.get(key, (time.monotonic(), 0))
        if time.monotonic() - start > 60:
            start, count = time.monotonic(), 0
        self.seen[key] = (start, count + 1)
        if len(self.seen) > 1000:
            self.seen.clear()
        if count >= 20:
            return False
        record.msg, record.args = redact(message), None
        if record.exc_info and record.levelno < logging.ERROR:
            record.exc_info = None
        return True


def _log_request(handler) -> None:
    """Tornado's request log without the client address or kernel ids; refused requests only at debug."""
    status = handler.get_status()
    line = f"{status} {handler.request.method} {redact(handler.request.path)}"
    log = logging.getLogger("tornado.access")
    if status >= 500:
        log.warning(line)
    else:
        log.debug(line)


def _install(app, provider: CourseIdentityProvider) -> None:
    """Attach the server-wide guards to Voila's tornado application (once)."""
    if app.settings.get("course_guards"):
        return
    app.settings["course_guards"] = True
    app.settings["log_function"] = _log_request
    # jupyter_server's error pages (a refused websocket, for one) call static_url(), which fails without a
    # static path and logs a traceback per refusal: give them jupyter_server's own.
    app.settings.setdefault("static_path", DEFAULT_STATIC_FILES_PATH)
    app.transforms.append(_SecurityHeaders)
    delivery.install(app)
    # First rule of the router: a request for any other host name is refused before any handler runs.
    app.default_router.rules.insert(0, Rule(_ForeignHost(provider), _RefuseHost))
    quiet = _QuietLog()
    for name in ("Voila", "tornado.access", "tornado.application", "tornado.general", "traitlets",
                 provider.parent.log.name if getattr(provider.parent, "log", None) else "Voila"):
        logger = logging.getLogger(name)
        if quiet not in logger.filters:
            logger.addFilter(quiet)


# --------------------------------------------------------------------------- the kernel websocket


class CourseKernelConnection(ZMQChannelsWebsocketConnection):
    """The kernel websocket with a cap per kernel; malformed messages are dropped without a reply; and a
    sender that floods it is cut off.

    A browser sends a page's kernel short messages (a choice, a press, a slider value: under 2 kB), and each
    message is at most ``websocket_max_message_size`` (64 KiB in voila.json; tornado closes the socket with
    1009 beyond it, counted after decompression). Compressed websockets (permessage-deflate, RFC 7692) let a
    sender turn a few hundred bytes on the wire into 64 KiB the server must inflate and parse, so each
    kernel has a byte budget, shared by its connections (``FLOOD_BURST``, refilled at ``FLOOD_RATE`` per
    second): a sender that goes past it is closed with 1008 (policy violation) and one log line. Learners never
    come near it."""

    FLOOD_BURST = 1024 * 1024  # bytes a kernel's connections may send at once
    FLOOD_RATE = 256 * 1024  # bytes per second it earns back
    _budgets: dict[str, tuple[float, float]] = {}  # kernel id -> (bytes it may still send, when)

    def _provider(self) -> CourseIdentityProvider | None:
        provider = self.websocket_handler.settings.get("identity_provider")
        return provider if isinstance(provider, CourseIdentityProvider) else None

    async def prepare(self):
        provider = self._provider()
        if provider is not None and provider.connections.get(self.kernel_id, 0) >= provider.max_connections_per_kernel:
            raise web.HTTPError(503)
        await super().prepare()

    def connect(self):
        provider = self._provider()
        if provider is not None:
            provider.connections[self.kernel_id] = provider.connections.get(self.kernel_id, 0) + 1
            self._counted = True
        return super().connect()

    def disconnect(self):
        provider = self._provider()
        if provider is not None and getattr(self, "_counted", False):
            self._counted = False
            left = provider.connections.get(self.kernel_id, 1) - 1
            if left > 0:
                provider.connections[self.kernel_id] = left
            else:
                provider.connections.pop(self.kernel_id, None)
        return super().disconnect()

    def _within_budget(self, size: int) -> bool:
        """The kernel's budget, shared by its sockets in this server, so reconnecting does not refill it (an
        entry is dropped once it would be full again)."""
        budgets = CourseKernelConnection._budgets
        now = time.monotonic()
        budget, since = budgets.get(self.kernel_id, (self.FLOOD_BURST, now))
        budget = min(self.FLOOD_BURST, budget + (now - since) * self.FLOOD_RATE) - size
        full = self.FLOOD_BURST / self.FLOOD_RATE  # seconds to refill: an older entry is a full budget
        for kernel in [k for k, (_, t) in budgets.items() if now - t > full]:
            del budgets[kernel]
        budgets[self.kernel_id] = (budget, now)
        return budget >= 0

    def handle_incoming_message(self, incoming_msg) -> None:
        if getattr(self, "_cut_off", False):
            return  # closing: nothing more reaches the kernel
        size = len(incoming_msg.encode("utf-8")) if isinstance(incoming_msg, str) else len(incoming_msg)
        if not self._within_budget(size):
            self._cut_off = True
            self.log.warning("Closed a kernel websocket that sent more than the course allows")
            self.websocket_handler.close(1008, "too much")
            return
        try:
            super().handle_incoming_message(incoming_msg)
        except Exception as exc:  # noqa: BLE001  (malformed: the sender learns nothing; one log line, no content)
            self.log.warning("Dropped a malformed kernel message (%s)", type(exc).__name__)
