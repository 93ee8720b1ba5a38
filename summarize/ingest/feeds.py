"""Articles from RSS and Atom feeds: one article per entry, in the feed's order.

Feeds are parsed by feedparser (McKee et al., *Universal Feed Parser*) from bytes that this
package read itself (a file through the run's :class:`~summarize.ingest.read.ByteAllowance`,
or a URL through :func:`summarize.ingest.web.fetch`): feedparser is handed a byte stream, never
a name or a URL, so it opens nothing and fetches nothing. It drops every entity declaration but
plain-text ones before the XML parser sees the document, and its parser does not load external
entities, so an entity naming a file or a URL stays unresolved text.

An entry's text is the first of these that holds at least a sentence's worth of words
(:data:`~summarize.ingest.web.MIN_WORDS`):

1. its full content (RSS ``content:encoded``, Atom ``<content>``), HTML made text by
   trafilatura as for a web page, or, where trafilatura keeps too little of a short fragment,
   by the markup's own paragraphs;
2. with ``fetch``, the article page at its link, fetched and extracted as a URL given as
   input (:func:`summarize.ingest.web.fetch_pages`: the same size and time limits, the run's
   one deadline, a few pages at a time); a page that cannot be fetched, or one at a private
   address, is a warning;
3. its summary (RSS ``<description>``, Atom ``<summary>``).

Entries with none of these are skipped with one warning. Only the first ``max_entries``
entries are parsed (:mod:`.feedcut`). A feed that is not well-formed
XML is read as far as feedparser recovers it, with a warning; one that yields no article, or that
is no feed at all, is an :class:`~summarize.errors.InputError` of one line naming it.
"""

from __future__ import annotations

import io
import re
import stat
import urllib.parse
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError, SummarizeError, SummarizeWarning, UsageError
from ..text import guess_title, one_line
from ..types import Document
from .feedcut import first_entries, xml_problem
from .feeddates import entry_date
from .files import is_named_pipe
from .read import ByteAllowance, limit_error, os_error, warn_if_not_english
from .web import DEFAULT_TIMEOUT, MIN_WORDS, FetchClock, fetch_pages, is_url, page_document

#: File extensions read as feeds (others are recognised by their first bytes, :func:`is_feed`).
FEED_SUFFIXES = (".rss", ".atom", ".xml")
#: Media types of a fetched URL read as a feed (besides any body that looks like one).
FEED_MEDIA_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
                    "application/xml", "text/xml")
#: At most this many entries of one feed are read (the first ones, in the feed's order).
DEFAULT_MAX_ENTRIES = 1000
#: How much of a file is read to tell a feed by its root element.
SNIFF_BYTES = 4096
_ROOT = re.compile(
    rb"^\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)*"
    rb"<(?:rss|feed|rdf:RDF|RDF)[\s>/]", re.S | re.I)
#: RSS's ``<author>``: an e-mail address, the name in parentheses.
_EMAIL_NAME = re.compile(r"^[^\s@()]+@[^\s()]+\s*\((.+)\)$")
_BLOCKS = ("p", "div", "br", "li", "tr", "blockquote", "pre", "section", "article",
           "h1", "h2", "h3", "h4", "h5", "h6")


def looks_like_feed(data: bytes) -> bool:
    """True when ``data`` starts (after an XML declaration, comments and a DOCTYPE) with an
    RSS, Atom or RDF root element."""
    head = data[:SNIFF_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return bool(_ROOT.match(head))


def is_feed(path: str | Path) -> bool:
    """A feed file: named ``.rss``, ``.atom`` or ``.xml``, or a regular file whose first bytes
    are a feed's (:func:`looks_like_feed`)."""
    p = Path(path)
    if p.suffix.lower() in FEED_SUFFIXES:
        return True
    try:
        if not p.is_file():  # a FIFO would wait for a writer
            return False
        with p.open("rb") as fh:
            return looks_like_feed(fh.read(SNIFF_BYTES))
    except OSError:
        return False  # read as an article: its own error says what is wrong


def load_feed(
    path: str | Path,
    *,
    allowance: ByteAllowance,
    fetch: bool = False,
    allow_private: bool = False,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    timeout: float = DEFAULT_TIMEOUT,
    clock: FetchClock | None = None,
) -> list[Document]:
    """The articles of a feed file, read within ``allowance`` (see :func:`parse_feed`)."""
    name, p = str(path), Path(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a directory")
        if info.st_size > allowance.max_bytes:
            raise limit_error(name, info.st_size, allowance.max_bytes)
        if stat.S_ISFIFO(info.st_mode) and is_named_pipe(p):
            raise InputError(f"{name}: is a named pipe (FIFO), not a feed file")
        with p.open("rb") as fh:
            data = allowance.read(fh, name)
    except OSError as exc:
        raise os_error(path, exc) from None
    return parse_feed(data, name, allowance=allowance, fetch=fetch, allow_private=allow_private,
                      max_entries=max_entries, timeout=timeout, clock=clock)


def parse_feed(
    data: bytes,
    name: str,
    *,
    allowance: ByteAllowance | None = None,
    fetch: bool = False,
    allow_private: bool = False,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    timeout: float = DEFAULT_TIMEOUT,
    base: str | None = None,
    clock: FetchClock | None = None,
) -> list[Document]:
    """The articles of a feed's bytes, in the feed's order: at most ``max_entries``, the rest
    not even parsed (:func:`~summarize.ingest.feedcut.first_entries`; one warning says so).
    ``name`` (the file or URL) starts every message; ``base`` (the URL the feed came from)
    completes relative entry links. With ``fetch``, an entry without full content is read
    from its article page (:func:`~summarize.ingest.web.fetch_pages`: a few at a time, within
    ``allowance``, ``timeout`` each and ``clock`` in all; private addresses refused unless
    ``allow_private``); a page that cannot be read, a private address's included, is a
    warning and its summary stands in. Entries skipped for want of text are one warning."""
    import feedparser

    if max_entries < 1:
        raise ValueError("max_entries must be at least 1")
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    data, cut = first_entries(data, max_entries)
    # a stream: given bytes, feedparser would first try them as a file name
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    entries = list(parsed.get("entries") or [])
    problem = xml_problem(parsed)
    if not parsed.get("version") and not entries:
        why = f" ({problem})" if problem else ""
        raise InputError(f"{name}: not an RSS or Atom feed{why}")
    if not entries and not problem:
        _warn(f"{name}: the feed has no entries")
        return []
    if cut or len(entries) > max_entries:
        total = max_entries + cut if cut else len(entries)
        _warn(f"{name}: only its first {max_entries:,} entries of {total:,} are read "
              "(max_entries)")
        entries = entries[:max_entries]
    feed = parsed.get("feed") or {}
    site = _plain(feed.get("title_detail") or feed.get("title")) or None
    allowance = allowance if allowance is not None else ByteAllowance()
    texts = [_text_of(entry.get("content") or []) for entry in entries]
    links = [_link(entry, base) for entry in entries]
    wanted = [k for k, text in enumerate(texts) if not text and fetch and links[k]]
    pages = dict(zip(wanted, fetch_pages([links[k] for k in wanted], timeout=timeout,
                                         allowance=allowance, allow_private=allow_private,
                                         clock=clock), strict=True))
    docs, skipped = [], []
    for number, entry in enumerate(entries, 1):
        doc = _entry_document(entry, number, name, site, texts[number - 1], links[number - 1],
                              pages.get(number - 1))
        if isinstance(doc, str):
            skipped.append(doc)
        else:
            docs.append(doc)
    _warn_skipped(name, skipped, fetch)
    if problem and not docs:
        raise InputError(f"{name}: not a well-formed feed ({problem})")
    if problem:
        _warn(f"{name}: not well-formed XML ({problem}); read as far as it goes")
    return docs


def _warn_skipped(name: str, labels: list[str], fetch: bool) -> None:
    """One warning for the entries left out for want of text."""
    why = "no article text (no full content, and no summary of a sentence or more" + \
        (")" if fetch else "; fetching reads its page)")
    if len(labels) == 1:
        _warn(f"skipped {labels[0]}: {why}")
    elif labels:
        shown = ", ".join(label.split(", ", 1)[-1] for label in labels[:3])
        _warn(f"{name}: skipped {len(labels):,} entries with {why}: {shown}"
              + (", …" if len(labels) > 3 else ""))


def _warn(message: str | SummarizeWarning) -> None:
    warnings.warn(message, SummarizeWarning, stacklevel=3)


def _link(entry: Mapping[str, Any], base: str | None) -> str:
    link = one_line(entry.get("link") or "")
    if base and link and not is_url(link):
        link = urllib.parse.urljoin(base, link)
    return link if is_url(link) else ""


def _entry_document(
    entry: Mapping[str, Any], number: int, name: str, site: str | None, text: str,
    link: str, fetched: tuple[bytes, str, str] | SummarizeError | None,
) -> Document | str:
    """The entry's article, or its label when it has no text (see :func:`parse_feed`)."""
    title = _plain(entry.get("title_detail") or entry.get("title"))
    label = f"{name}, entry {number}" + (f" ({title[:80]})" if title else "")
    page = None
    if not text and fetched is not None:
        try:
            if isinstance(fetched, SummarizeError):
                raise fetched
            page = page_document(link, *fetched)
            text = page.text
        except (InputError, UsageError) as exc:  # a private address too: as a 404 is
            _warn(SummarizeWarning.of(f"{label}: its page is not read, its summary stands "
                                      "in: ", exc, kind="feed entries whose page is not read"))
    if not text:
        text = _text_of([entry.get("summary_detail") or entry.get("summary") or ""])
    if not text:
        return label
    if page is None:
        warn_if_not_english(text, label)
    entry_id = one_line(entry.get("id") or "") or link or f"{name}#{number}"
    author = _author(entry.get("author"))
    return Document(
        text=text,
        title=title or (page.title if page else "") or guess_title(text, None),
        url=link or None,
        site=site or (page.site if page else None),
        author=author or (page.author if page else None),
        date=entry_date(entry) or (page.date if page else None),
        id=entry_id,
    )


def _author(raw: Any) -> str | None:
    """The author's name: RSS's ``mail@host (Name)`` made ``Name`` (feedparser's own split
    of it cuts long host names)."""
    if not isinstance(raw, str):
        return None
    text = one_line(raw)
    found = _EMAIL_NAME.match(text)
    return (found.group(1).strip() if found else text) or None


def _text_of(parts: list[Any]) -> str:
    """The first of feedparser's text constructs (``{"type", "value"}`` or a plain string)
    that holds at least :data:`MIN_WORDS` words, as text; ``""`` if none does."""
    for part in parts:
        text = _plain(part, paragraphs=True)
        if len(text.split()) >= MIN_WORDS:
            return text
    return ""


def _plain(part: Any, *, paragraphs: bool = False) -> str:
    """A feed text construct as text: HTML made text, plain text as it is; one line unless
    ``paragraphs`` (then one paragraph a line)."""
    if isinstance(part, Mapping):
        kind, value = str(part.get("type") or "text/html"), part.get("value")
    else:
        kind, value = "text/html", part
    if not isinstance(value, str) or not value.strip():
        return ""
    if "html" in kind:
        value = html_text(value, extract=paragraphs)
    if not paragraphs:
        return one_line(value)
    lines = (one_line(line) for line in value.splitlines())
    return "\n".join(line for line in lines if line)


def html_text(fragment: str, *, extract: bool = True) -> str:
    """An HTML fragment as text, one paragraph a line: with ``extract``, the article text
    trafilatura keeps (as :func:`summarize.ingest.web.document_from_html` does), else, or when
    trafilatura keeps less than a sentence's worth, every paragraph of the markup."""
    if extract:
        import trafilatura

        page = f"<html><body><article>{fragment}</article></body></html>"
        found = trafilatura.extract(page, include_comments=False, include_tables=False,
                                    include_images=False, include_links=False)
        if found and len(found.split()) >= MIN_WORDS:
            return str(found)
    return _markup_text(fragment)


def _markup_text(fragment: str) -> str:
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return str(root.text_content())
