"""What keeps a URL fetch safe: one deadline on the whole fetch, and no private addresses.

:class:`Deadline` bounds a fetch from the first connection to the last byte of the body,
redirects included: every socket of the fetch reads with a timeout of the time left, and when
the time is up a watchdog shuts the sockets down, so that neither a server that trickles its
headers nor one that sends a paragraph every few seconds can hold a fetch past it. Only the
host name's resolution (the system's resolver, with its own timeouts) is outside it.

:class:`FetchGuard` makes the connections of one fetch: it resolves each host itself, refuses
it when any of its addresses is loopback, private, link-local or otherwise not global (unless
``allow_private``), and connects to the very addresses it checked (a second resolution could
answer otherwise). Through a proxy the URL's host is checked and the proxy is trusted.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from ..errors import InputError, UsageError
from ..text import one_line


class Deadline:
    """One bound, in seconds, on everything a fetch does (see the module)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        with self._lock:
            self._timer.cancel()
            self._sockets.clear()

    def left(self) -> float:
        """Seconds left; :class:`TimeoutError` when there are none."""
        left = self.end - time.monotonic()
        if left <= 0 or self.expired:
            self.expired = True
            raise TimeoutError("the fetch took too long")
        return left

    def watch(self, sock: socket.socket) -> None:
        """Bound ``sock``'s reads by the time left, and shut it down when the time is up."""
        sock.settimeout(self.left())
        with self._lock:
            self._sockets.append(sock)

    def tick(self) -> None:
        """Before a read: every socket's timeout becomes the time left."""
        left = self.left()
        with self._lock:
            for sock in self._sockets:
                if sock.fileno() != -1:
                    with contextlib.suppress(OSError):
                        sock.settimeout(left)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                if sock.fileno() != -1:  # closed ones are left alone
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)


def address_kind(ip: str) -> str | None:
    """What keeps ``ip`` from being fetched (``"loopback"``, ``"private"``, ``"link-local"``,
    ``"reserved"``), or None for a global address."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_private:
        return "private"
    if not address.is_global or address.is_multicast:
        return "reserved"
    return None


class FetchGuard:
    """The connections of one fetch (see the module)."""

    def __init__(self, url: str, deadline: Deadline, allow_private: bool) -> None:
        self.url = url
        self.deadline = deadline
        self.allow_private = allow_private

    def check(self, host: str, addresses: list[str]) -> None:
        """:class:`UsageError` when any address of ``host`` is not a public one."""
        if self.allow_private:
            return
        for ip in addresses:
            kind = address_kind(ip)
            if kind is not None:
                shown = host if host == ip else f"{host} ({ip})"
                raise UsageError(
                    f"{self.url}: {one_line(shown)[:200]} is a {kind} address: not fetched",
                    option="allow_private", remedy="use {option} to fetch it anyway",
                )

    def resolve(self, host: str, port: int) -> list[tuple[Any, ...]]:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except UnicodeError as exc:  # a host name IDNA cannot encode
            raise OSError(f"bad host name ({exc})") from None
        self.check(host, [str(info[4][0]) for info in infos])
        return infos

    def create_connection(
        self, address: tuple[str, int], timeout: object = None,
        source_address: tuple[str, int] | None = None,
    ) -> socket.socket:
        """:func:`socket.create_connection` to the addresses checked, within the deadline."""
        host, port = address
        error: OSError | None = None
        for family, kind, proto, _, sockaddr in self.resolve(host, port):
            sock = socket.socket(family, kind, proto)
            try:
                self.deadline.watch(sock)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                error = exc
                sock.close()
        raise error or OSError(f"{host}: no address")

    def connection(self, base: type[http.client.HTTPConnection], req: urllib.request.Request
                   ) -> Callable[..., http.client.HTTPConnection]:
        """A factory of ``base`` connections for ``req`` (``do_open``'s ``http_class``)."""
        proxied = req.has_proxy() or getattr(req, "_tunnel_host", None)
        if proxied:  # the proxy connects: check the URL's own host, trust the proxy
            parts = urllib.parse.urlsplit(req.full_url)
            if parts.hostname:
                self.resolve(parts.hostname,
                             parts.port or (443 if parts.scheme == "https" else 80))

        def make(host: str, **kwargs: Any) -> http.client.HTTPConnection:
            conn = base(host, **kwargs)
            if not proxied:
                conn._create_connection = self.create_connection  # type: ignore[attr-defined]
            connect = conn.connect

            def connect_and_watch() -> None:
                connect()
                if conn.sock is not None:  # the TLS socket, where there is one
                    self.deadline.watch(conn.sock)

            conn.connect = connect_and_watch  # type: ignore[method-assign]
            return conn

        return make


class GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, guard: FetchGuard) -> None:
        super().__init__()
        self.guard = guard

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self.guard.connection(http.client.HTTPConnection, req), req)


class GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, guard: FetchGuard) -> None:
        super().__init__()
        self.guard = guard

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self.guard.connection(http.client.HTTPSConnection, req), req)


class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects followed only to URLs that ``is_url`` accepts (``http(s)://``:
    :func:`~summarize.ingest.web.is_url`)."""

    def __init__(self, is_url: Callable[[str], bool]) -> None:
        self.is_url = is_url

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not self.is_url(newurl):
            raise InputError(f"redirected to a URL that is not http(s): {one_line(newurl)[:200]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class TimedReader:
    """A response read within the deadline: one socket read at a time, each with the time
    left as its timeout."""

    def __init__(self, response: http.client.HTTPResponse, deadline: Deadline) -> None:
        self.response = response
        self.deadline = deadline

    def read(self, n: int) -> bytes:
        chunks: list[bytes] = []
        got = 0
        while got < n:
            self.deadline.tick()
            chunk = self.response.read1(min(n - got, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if self.deadline.expired:  # the watchdog cut the connection: the body is not whole
            raise TimeoutError("the fetch took too long")
        return b"".join(chunks)
