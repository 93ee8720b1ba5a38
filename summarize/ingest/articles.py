"""The articles of the inputs a command is given: files, directories, standard input, JSON
lines of articles, RSS and Atom feeds, and URLs (only when fetching is allowed), in the order
given. :func:`read_input` is the one dispatcher of both commands: ``summarize stories``
(:func:`load_articles`) and ``summarize digest`` (:func:`summarize.ingest.load_paths`).

:func:`read_input` reads each input by what it is:

* ``-``: one article from standard input;
* a directory: one article per file (:func:`summarize.ingest.files.load_directory`);
* a JSON-lines file of articles (``.jsonl``, ``.ndjson``, gzip-compressed or not, or a ``.json``
  file whose first line is an article record): one ``{"id", "text"}`` a line, with optional
  ``"title"``, ``"url"``, ``"date"`` (``YYYY-MM-DD``), ``"site"`` and ``"author"``
  (:func:`article_from_json`);
* a feed file (``.rss``, ``.atom``, ``.xml``, or any file that starts like a feed): one article
  per entry, in the feed's order (:mod:`summarize.ingest.feeds`);
* any other file: one article (plain text, Markdown or a web page, as ``summarize digest``
  reads it);
* an ``http(s)://`` URL, with ``fetch`` only: a feed's entries when it serves a feed, else its
  one article page, fetched within today's size and time limits.

Every article carries an ``id``: a file's path as given, a URL as given, a JSON record's
``"id"``, a feed entry's id (else its link). A JSON-lines file is read strictly: a line that is
not an article record, or one whose id repeats an earlier line's, is an
:class:`~summarize.errors.InputError` naming the file and the line (a machine wrote the file:
a broken line means its producer needs fixing, and the stories would silently lack an
article). Across inputs an id seen before (or a file read before, however its path is spelled)
is skipped with a warning, the first one kept: feeds repeat each other's entries. One
``max_bytes`` bounds every input and all of them together, pages fetched for feed entries
included.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import warnings
from codecs import BOM_UTF8
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError, SummarizeWarning, UsageError
from ..text import guess_title, one_line
from ..types import Document
from .feeds import (
    DEFAULT_MAX_ENTRIES,
    FEED_MEDIA_TYPES,
    is_feed,
    load_feed,
    looks_like_feed,
    parse_feed,
)
from .files import (
    article_files,
    file_key,
    input_key,
    is_named_pipe,
    load_directory,
    load_file,
    load_stdin,
    size_of,
    warn_read_again,
)
from .jsonl import JSON_PEEK_BYTES, JSONL_SUFFIXES, iter_jsonl_lines, parse_json_line
from .read import DEFAULT_MAX_BYTES, ByteAllowance, limit_error, warn_if_not_english
from .web import (
    DEFAULT_FETCH_TIMEOUT,
    DEFAULT_TIMEOUT,
    PAGE_MEDIA_TYPES,
    FetchClock,
    fetch,
    is_url,
    page_document,
)

__all__ = ["article_from_json", "check_inputs", "is_article_jsonl", "load_articles",
           "read_input"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


def load_articles(
    inputs: Sequence[str],
    *,
    fetch: bool = False,
    allow_private: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    stdin: BinaryIO | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT,
) -> list[Document]:
    """The articles of ``inputs``, in the order given (see the module).

    A URL is read only with ``fetch`` (:class:`UsageError` naming ``fetch`` otherwise, before
    anything is read), and then not from a loopback, private or link-local address unless
    ``allow_private``; one that cannot be fetched or read is skipped with a warning.
    ``max_bytes`` bounds each input and all of them together (the sizes of the files and
    directories are checked before anything is read); ``max_entries`` bounds each feed's
    entries; ``timeout`` each fetch, ``fetch_timeout`` all of them together (a page left
    when it is up is skipped with a warning). :class:`InputError` when no article is left.
    """
    if isinstance(inputs, str):
        raise TypeError("pass a list of inputs, not a single string")
    allowance = ByteAllowance(max_bytes)
    check_inputs(inputs, fetch, allowance)
    clock = FetchClock(fetch_timeout)
    docs: list[Document] = []
    seen: dict[tuple[str, str], str] = {}
    for item in inputs:
        docs += first_reads(item, read_input(
            item, allowance, fetch=fetch, allow_private=allow_private, max_entries=max_entries,
            stdin=stdin, timeout=timeout, clock=clock), seen)
    if not docs:
        raise InputError("no article to read" + ("" if inputs else ": no input given"))
    return docs


def first_reads(item: str, found: Sequence[Document],
                seen: dict[tuple[str, str], str]) -> list[Document]:
    """The articles ``found`` in input ``item`` that no earlier input gave (the same id and
    text; ``seen`` records the inputs that gave them): an article read again (feeds repeating
    each other's entries, a JSON-lines record given again) is skipped with a warning. A file
    named twice (``a.txt`` and ``./a.txt``, or through its directory too) is not read twice
    in the first place (:func:`read_input`)."""
    fresh = []
    for doc in found:
        text = doc.text.encode("utf-8", "surrogatepass")
        key = (doc.id or "", hashlib.sha256(text).hexdigest())  # another text: another one
        if key in seen:
            warnings.warn(SummarizeWarning(
                f"skipped {one_line(doc.id or '')[:200]} from {one_line(item)[:200]}: already "
                f"read from {one_line(seen[key])[:200]}", kind="articles already read"),
                stacklevel=3)
            continue
        seen[key] = item
        fresh.append(doc)
    return fresh


def check_inputs(inputs: Sequence[str], fetch: bool, allowance: ByteAllowance) -> None:
    """Refuse URLs without ``fetch``, standard input given twice, an empty path and input
    over the byte limit, before reading any."""
    if sum(item == "-" for item in inputs) > 1:
        raise UsageError("- (standard input) is given more than once; it can be read once")
    sizes: dict[object, int] = {}  # by file: one named twice counts once
    for item in inputs:
        if not isinstance(item, str):
            raise TypeError(f"expected a path or URL (str), got {type(item).__name__}")
        if not item:  # Path("") is the current directory: never read by surprise
            raise UsageError("an empty path names no file or directory")
        if is_url(item):
            if not fetch:
                raise UsageError(f"{one_line(item.strip())[:200]}: a URL; fetching must be "
                                 "allowed to read it", option="fetch",
                                 remedy="allow it with {option}")
            continue
        p = Path(item)
        if item == "-" or not p.exists():
            continue
        for f in article_files(p) if p.is_dir() else [p]:
            if (size := size_of(f)) <= allowance.max_bytes:
                sizes[file_key(f) or object()] = size
    shown = ", ".join(inputs) if len(inputs) <= 3 else f"{len(inputs)} inputs"
    allowance.check_total(sum(sizes.values()), shown)


def read_input(
    item: str, allowance: ByteAllowance, *, fetch: bool, allow_private: bool,
    max_entries: int, stdin: BinaryIO | None, timeout: float, clock: FetchClock,
) -> list[Document]:
    """The articles of one input, read by what it is (see the module): the one dispatcher of
    ``summarize digest`` (:func:`summarize.ingest.load_paths`) and ``summarize stories``
    (:func:`load_articles`), so that a format is added here once and works in both. A URL
    that cannot be fetched or read gives none, with a warning (``fetch`` must have been
    checked by :func:`check_inputs`). A file read before within ``allowance``, however it is
    named (``a.txt`` and ``./a.txt``, ``-`` and ``/dev/stdin``), is neither read nor counted
    again: a warning says so."""
    key = None if is_url(item) else input_key(item, stdin)
    if key is not None and key in allowance.files:
        warn_read_again(item, allowance.files[key])
        return []
    if key is not None:  # (a file that cannot be read fails the run)
        allowance.files[key] = item
    if item == "-":
        doc = load_stdin(stdin, allowance=allowance)
        return [dataclasses.replace(doc, id=doc.path)]
    if is_url(item):
        try:
            return load_url_articles(item, allowance=allowance, allow_private=allow_private,
                                     max_entries=max_entries, timeout=timeout, clock=clock)
        except InputError as exc:  # as summarize digest does with a URL
            warnings.warn(SummarizeWarning.of("skipped ", exc), stacklevel=3)
            return []
    p = Path(item)
    if p.is_dir():
        return [dataclasses.replace(d, id=d.path) for d in load_directory(p, allowance=allowance)]
    if is_article_jsonl(p):
        return load_article_lines(item, allowance=allowance)
    if is_feed(p):
        return load_feed(item, allowance=allowance, fetch=fetch, allow_private=allow_private,
                         max_entries=max_entries, timeout=timeout, clock=clock)
    return [dataclasses.replace(load_file(item, allowance=allowance), id=item)]


def load_url_articles(
    url: str, *, allowance: ByteAllowance, allow_private: bool = False,
    max_entries: int = DEFAULT_MAX_ENTRIES, timeout: float = DEFAULT_TIMEOUT,
    clock: FetchClock | None = None,
) -> list[Document]:
    """The articles at ``url``: a feed's entries (their pages fetched where they hold no full
    content), else the one article of a web page or a text (id: the URL); every fetch
    within ``clock``."""
    url = url.strip()
    seconds = clock.timeout(url, timeout) if clock is not None else timeout
    body, final, media = fetch(url, timeout=seconds, allowance=allowance,
                               allow_private=allow_private)
    if media in FEED_MEDIA_TYPES or looks_like_feed(body):
        return parse_feed(body, url, allowance=allowance, fetch=True, allow_private=allow_private,
                          max_entries=max_entries, timeout=timeout, base=final, clock=clock)
    if media not in PAGE_MEDIA_TYPES:
        raise InputError(f"{url}: not a web page, text or feed ({media})")
    return [dataclasses.replace(page_document(url, body, final, media), id=url)]


def is_article_jsonl(path: str | Path) -> bool:
    """A JSON-lines file of articles: named ``.jsonl`` or ``.ndjson`` (gzip-compressed or not),
    or a ``.json`` file whose first non-blank line is a ``{"text": ...}`` record."""
    name = str(path).lower()
    if name.endswith(JSONL_SUFFIXES):
        return True
    if not name.endswith(".json") or not Path(path).is_file():  # a FIFO would wait
        return False
    try:
        with Path(path).open("rb") as fh:
            for line in iter(lambda: fh.readline(JSON_PEEK_BYTES), b""):
                if line.strip():
                    line = line.removeprefix(BOM_UTF8).lstrip()
                    return line.startswith(b"{") and b'"text"' in line
    except OSError:
        return False  # read as an article: its own error says what is wrong
    return False


def load_article_lines(path: str | Path, *, allowance: ByteAllowance) -> list[Document]:
    """The articles of a JSON-lines file, one :func:`article_from_json` record a line, read
    within ``allowance``. A broken line, or an id repeated from an earlier line, is an
    :class:`InputError` naming the file and the line."""
    name = str(path)
    size = size_of(Path(path))
    if size > allowance.max_bytes:
        raise limit_error(name, size, allowance.max_bytes)
    if Path(path).is_fifo() and is_named_pipe(path):  # opening it would wait for a writer
        raise InputError(f"{name}: is a named pipe (FIFO), not a file of articles")
    docs: list[Document] = []
    lines: dict[str, int] = {}
    budget = allowance.left
    for lineno, raw in iter_jsonl_lines(path, max_line_bytes=budget, max_total_bytes=budget):
        if isinstance(raw, InputError):
            raise raw
        allowance.used += len(raw)
        where = f"{name}, line {lineno}"
        doc = article_from_json(parse_json_line(raw, where), f"{name}:{lineno}", name=where)
        key = doc.id or ""
        if key in lines:
            raise InputError(f"{where}: the id {one_line(key)[:80]!r} is already on line "
                             f"{lines[key]}")
        lines[key] = lineno
        docs.append(doc)
    if not docs:
        raise InputError(f"{name}: no article in the file")
    return docs


def article_from_json(obj: object, default_id: str = "", *, name: str = "") -> Document:
    """An article from the record ``{"id", "text", "title"?, "url"?, "date"?, "site"?,
    "author"?}``.

    ``text`` must hold some text; ``id`` is a string or a whole number (``default_id`` when
    absent, null or empty); the others are strings or null. A ``url`` that is not
    ``http(s)``, or a ``date`` that is not ``YYYY-MM-DD`` (a whole ISO date-time gives its day),
    is dropped with a warning. ``name`` (where the record comes from) starts every message.
    """
    prefix = f"{name}: " if name else ""
    if not isinstance(obj, dict):
        raise InputError(f"{prefix}expected a JSON object with a 'text'")
    if "text" not in obj and "documents" in obj:
        raise InputError(f"{prefix}a cluster record ('documents'), not an article "
                         "({\"id\", \"text\"}): one file holds one kind of record")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError(f"{prefix}'text' must be a string"
                         if text is not None else f"{prefix}no 'text'")
    if not text.strip():
        raise InputError(f"{prefix}'text' is empty")
    raw_id = obj.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | None):
        raise InputError(f"{prefix}'id' must be a string or a whole number")
    fields = {key: _string(obj, key, prefix) for key in ("title", "url", "date", "site",
                                                         "author")}
    where = name or f"article {raw_id if raw_id not in (None, '') else default_id}"
    url, day = fields["url"], fields["date"]
    if url is not None and not is_url(url):
        _warn(f"{where}: 'url' is not an http(s) URL; left out")
        url = None
    if day is not None:
        day = _day(day)
        if day is None:
            _warn(f"{where}: 'date' is not a date (YYYY-MM-DD); left out")
    warn_if_not_english(text, where)
    title = one_line(fields["title"] or "") or guess_title(text, None)
    return Document(text=text, title=title, url=url and one_line(url), date=day,
                    site=one_line(fields["site"] or "") or None,
                    author=one_line(fields["author"] or "") or None,
                    id=str(raw_id) if raw_id not in (None, "") else default_id)


def _string(obj: dict[str, Any], key: str, prefix: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{prefix}'{key}' must be a string")
    return value


def _day(text: str) -> str | None:
    """The day of a ``YYYY-MM-DD`` date or an ISO 8601 date-time (as written, not in UTC);
    None when the day, the time or the offset is none (``2024-02-30``, ``T25:00``)."""
    text = text.strip()
    if not _DATE.match(text):  # (fromisoformat takes week dates, YYYYMMDD and more too)
        return None
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        return None


def _warn(message: str) -> None:
    warnings.warn(message, SummarizeWarning, stacklevel=3)
