"""Articles from web pages: HTML files and ``http(s)://`` URLs.

The article's main text and its metadata (title, site name, author, publication date, canonical
URL) are extracted by trafilatura (Barbaresi 2021, *Trafilatura: A Web Scraping Library and
Command-Line Tool for Text Discovery and Extraction*), which drops navigation, cookie banners,
share buttons, comments and footers. Extraction works on the page alone and fetches nothing.

URLs are fetched here, with the standard library: one request each, at most ``max_bytes`` read
(never more), redirects followed only to ``http``/``https``, and ``timeout`` seconds for the
whole fetch, redirects and a slow body included (:class:`~summarize.ingest.guard.Deadline`).
Hosts whose addresses are loopback, private or link-local are refused unless ``allow_private``
(:class:`~summarize.ingest.guard.FetchGuard`): a URL in someone's input cannot reach the
machine's own services or its cloud metadata endpoint. Every failure is an
:class:`~summarize.errors.InputError` of one line naming the URL; a refused address is a
:class:`~summarize.errors.UsageError`, which is not skipped.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time
import urllib.parse
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import InputError, SummarizeError, SummarizeWarning, UsageError
from ..text import guess_title, one_line
from ..types import Document
from .read import DEFAULT_MAX_BYTES, ByteAllowance, decode, limit_error, warn_if_not_english

if TYPE_CHECKING:
    from email.message import Message

#: Seconds a fetch may take in all: connecting, redirects, the headers and the whole body.
DEFAULT_TIMEOUT = 20.0
#: Seconds a run's fetches may take together (:class:`FetchClock`).
DEFAULT_FETCH_TIMEOUT = 300.0
#: Pages fetched at once, and at once from one host (:func:`fetch_pages`).
FETCH_WORKERS = 4
PER_HOST = 2
USER_AGENT = "summarize/0.1 (+https://pypi.org/project/summarize/)"
#: A page whose extracted text has fewer words holds no article (a shortest sentence's worth).
MIN_WORDS = 6
_URL = re.compile(r"^https?://\S+$", re.I)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: How a page's date is found (trafilatura's own parameters, but for ``max_date``: its default,
#: today's date on this machine's clock and time zone, dropped a later date or made another of
#: it, so that one page had another date on another day or in another zone).
DATE_PARAMS = {"original_date": True, "extensive_search": True, "max_date": "9999-12-31"}


def is_url(text: str) -> bool:
    """True for one ``http://`` or ``https://`` URL (no white space)."""
    return bool(_URL.match(text.strip())) if len(text) < 8192 else False


def _http_url(url: str | None) -> str | None:
    if url and is_url(url):
        return one_line(url)
    return None


def document_from_html(
    data: bytes | str, name: str, *, url: str | None = None
) -> Document:
    """An article from a web page's HTML: its main text and metadata.

    ``url`` is where the page was fetched from; the page's canonical URL (``<link
    rel="canonical">``, ``og:url``) is preferred when it is an ``http(s)`` URL. Raises
    :class:`InputError` when the page is empty or holds no article text.
    """
    import trafilatura

    text: str | bytes = data
    if isinstance(data, bytes):
        if not data.strip():
            raise InputError(f"{name}: the file is empty")
        if b"\x00" in data[:8192]:
            raise InputError(f"{name}: looks like a binary file, not a web page (NUL bytes)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass  # trafilatura reads the page's declared charset (or guesses it)
    elif not data.strip():
        raise InputError(f"{name}: the file is empty")
    found = trafilatura.bare_extraction(
        text,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        date_extraction_params=dict(DATE_PARAMS),
    )
    body = (getattr(found, "text", None) or "").strip() if found is not None else ""
    if len(body.split()) < MIN_WORDS:  # nothing, or a menu's words
        raise InputError(f"{name}: no article text found in the web page")
    warn_if_not_english(body, name)

    def meta(field: str) -> str | None:
        value = getattr(found, field, None)
        return one_line(value) or None if isinstance(value, str) else None

    date = meta("date")
    return Document(
        text=body,
        title=meta("title") or guess_title(body, name),
        path=None if url else name,
        url=_http_url(meta("url")) or _http_url(url),
        site=meta("sitename"),
        author=meta("author"),
        date=date if date and _DATE.match(date) else None,
    )


def _charset(headers: Message) -> str | None:
    charset = headers.get_content_charset()
    return charset.lower() if charset else None


class FetchClock:
    """One deadline for all the fetches of a run (``seconds`` from when it is made): each
    fetch gets the less of its own ``timeout`` and the time left; once it is up, a fetch is
    an :class:`InputError` at once (remedied by ``fetch_timeout``)."""

    def __init__(self, seconds: float = DEFAULT_FETCH_TIMEOUT) -> None:
        if not seconds > 0:
            raise UsageError(f"the fetch time must be a positive number of seconds, not "
                             f"{seconds!r}", option="fetch_timeout")
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def timeout(self, url: str, timeout: float) -> float:
        """The seconds ``url``'s fetch may take."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise InputError(f"{url}: not fetched: the run's {self.seconds:g} seconds of "
                             "fetching are up", option="fetch_timeout",
                             remedy="raise them with {option}")
        return min(timeout, left)


def fetch_pages(
    urls: Sequence[str], *, timeout: float, allowance: ByteAllowance, allow_private: bool,
    clock: FetchClock | None = None,
) -> list[tuple[bytes, str, str] | SummarizeError]:
    """Each URL's :func:`fetch`, or the error that kept it, in the order given: at most
    :data:`FETCH_WORKERS` at once and :data:`PER_HOST` from one host, all within ``clock``.
    Each page may take what is left of ``allowance``; the pages are counted against it in
    order (one that no longer fits is an error), so that the outcome does not depend on which
    page arrived first."""
    hosts: dict[str, threading.Semaphore] = {}
    for url in urls:
        hosts.setdefault(_host(url), threading.Semaphore(PER_HOST))
    room = allowance.left

    def one(url: str) -> tuple[bytes, str, str] | SummarizeError:
        with hosts[_host(url)]:
            try:
                seconds = clock.timeout(url, timeout) if clock is not None else timeout
                return fetch(url, timeout=seconds, allowance=ByteAllowance(max(room, 1)),
                             allow_private=allow_private)
            except SummarizeError as exc:
                return exc

    if len(urls) <= 1:
        found = [one(url) for url in urls]
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=FETCH_WORKERS) as pool:
            found = list(pool.map(one, urls))
    for k, page in enumerate(found):
        if isinstance(page, tuple):
            if len(page[0]) > allowance.left:
                found[k] = limit_error(urls[k], None, allowance.max_bytes,
                                       "for all input together")
            else:
                allowance.used += len(page[0])
    return found


def _host(url: str) -> str:
    try:
        return (urllib.parse.urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allowance: ByteAllowance | None = None,
    allow_private: bool = False,
) -> tuple[bytes, str, str]:
    """The body of ``url`` (at most ``max_bytes``, or what is left of ``allowance``), the URL
    it came from after redirects, and its media type, within ``timeout`` seconds in all.
    One-line :class:`InputError` on any failure; :class:`~summarize.errors.UsageError` for a
    host at a loopback, private or link-local address, unless ``allow_private``."""
    # the network modules are read only when a page is fetched: not on a digest of files
    import http.client
    import urllib.error
    import urllib.request

    from .guard import (
        Deadline,
        FetchGuard,
        GuardedHTTPHandler,
        GuardedHTTPSHandler,
        HttpOnlyRedirects,
        TimedReader,
    )

    url = url.strip()
    if not is_url(url):
        raise InputError(f"{one_line(url)[:200]}: not an http(s) URL")
    allowance = allowance if allowance is not None else ByteAllowance(max_bytes)
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.8"}
    )
    answered = False
    with Deadline(timeout) as deadline:
        guard = FetchGuard(url, deadline, allow_private)
        opener = urllib.request.build_opener(
            HttpOnlyRedirects(is_url), GuardedHTTPHandler(guard), GuardedHTTPSHandler(guard))
        try:
            with opener.open(request, timeout=deadline.left()) as response:
                answered = True
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > allowance.left:
                    raise limit_error(url, int(length), allowance.max_bytes, "")
                body = allowance.read(TimedReader(response, deadline), url)  # type: ignore[arg-type]
                media = response.headers.get_content_type()
                final = response.geturl()
                charset = _charset(response.headers)
                deadline.stop()  # before the socket closes (its number could be reused)
        except InputError as exc:
            message = exc.message
            raise InputError(message if message.startswith(url) else f"{url}: {message}",
                             option=exc.option, remedy=exc.remedy) from None
        except urllib.error.HTTPError as exc:
            raise InputError(f"{url}: HTTP {exc.code} {one_line(str(exc.reason))}") from None
        except (OSError, ValueError, http.client.HTTPException) as exc:
            # a reset connection, a malformed URL or response, or the time up
            raise _fetch_error(url, exc, timeout, deadline.expired, answered) from None
    if charset and media.startswith("text/"):
        try:
            body = body.decode(charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass  # decode() below reports it
    return body, final, media


def _fetch_error(url: str, exc: BaseException, timeout: float, expired: bool, answered: bool
                 ) -> InputError:
    import urllib.error

    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if expired or isinstance(reason, TimeoutError):
        if answered:
            return InputError(f"{url}: the page did not arrive within {timeout:g} seconds")
        return InputError(f"{url}: no answer within {timeout:g} seconds")
    return InputError(f"{url}: cannot be fetched "
                      f"({one_line(str(reason)) or type(reason).__name__})")


def load_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allowance: ByteAllowance | None = None,
    allow_private: bool = False,
) -> Document:
    """The article at ``url``: a web page (text and metadata extracted) or plain text (see
    :func:`fetch`)."""
    body, final, media = fetch(url, timeout=timeout, max_bytes=max_bytes, allowance=allowance,
                               allow_private=allow_private)
    return page_document(url.strip(), body, final, media)


#: The media types of a web page (read by :func:`document_from_html`).
HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
#: The media types a fetched page is read as an article from (:func:`page_document`).
PAGE_MEDIA_TYPES = (*HTML_MEDIA_TYPES, "text/plain")


def page_document(url: str, body: bytes, final: str, media: str) -> Document:
    """The article of a fetched page (:func:`fetch`'s body, final URL and media type): a web
    page's text and metadata, or plain text; :class:`InputError` for anything else."""
    if media in HTML_MEDIA_TYPES:
        return document_from_html(body, url, url=final)
    if media == "text/plain":
        text = decode(body, url)
        warn_if_not_english(text, url)
        return dataclasses.replace(Document.from_text(text), url=_http_url(final))
    raise InputError(f"{url}: not a web page or text ({media})")


def load_urls(
    urls: Sequence[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allowance: ByteAllowance | None = None,
    allow_private: bool = False,
) -> list[Document | None]:
    """Each URL's article, or None (with a one-line warning) for one that failed; a refused
    private address is an error (:func:`fetch`)."""
    allowance = allowance if allowance is not None else ByteAllowance(max_bytes)
    out: list[Document | None] = []
    for url in urls:
        try:
            out.append(load_url(url, timeout=timeout, allowance=allowance,
                                allow_private=allow_private))
        except InputError as exc:
            warnings.warn(SummarizeWarning.of("skipped ", exc), stacklevel=2)
            out.append(None)
    return out


