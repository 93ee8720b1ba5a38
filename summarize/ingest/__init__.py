"""Ingest: articles and clusters from files, directories, standard input, JSON lines, feeds
and the web.

:func:`load_paths` reads what the command line of ``summarize digest`` is given, through the
dispatcher ``summarize stories`` reads with too (:mod:`.articles`); :func:`as_documents` turns
what the library is given (texts, :class:`~summarize.types.Document` objects, and URLs only when
``fetch`` allows it) into documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import BinaryIO

from ..errors import InputError, UsageError, UsageTypeError
from ..text import one_line
from ..types import Document
from .feeds import DEFAULT_MAX_ENTRIES
from .files import load_directory, load_file
from .jsonl import is_jsonl, iter_jsonl_clusters, records_in
from .read import DEFAULT_MAX_BYTES, ByteAllowance
from .web import DEFAULT_TIMEOUT, FetchClock, is_url, load_urls

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ByteAllowance",
    "as_documents",
    "is_jsonl",
    "iter_jsonl_clusters",
    "load_directory",
    "load_file",
    "load_paths",
    "records_in",
]


def load_paths(
    paths: Sequence[str], *, stdin: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private: bool = False,
) -> list[Document]:
    """The articles of files, directories, feeds, JSON lines of articles, ``http(s)://`` URLs
    (a feed's entries, or one page) and ``-`` (standard input), in the order given: what
    ``summarize digest`` reads, through the dispatcher ``summarize stories`` reads with
    (:func:`summarize.ingest.articles.read_input`).

    ``max_bytes`` bounds each file and all of them together; the sizes of the files and
    directories are checked before anything is read. An article read again (the same id and
    text) is skipped with a warning, as ``stories`` skips it. A URL that cannot be fetched is
    skipped with a one-line warning; :class:`InputError` if nothing is left. A URL whose host
    is at a loopback, private or link-local address is refused (:class:`UsageError`) unless
    ``allow_private``.
    """
    from .articles import check_inputs, first_reads, read_input

    allowance = ByteAllowance(max_bytes)
    check_inputs(paths, True, allowance)
    docs: list[Document] = []
    seen: dict[tuple[str, str], str] = {}
    failed = 0
    clock = FetchClock()  # one deadline for the run's fetching
    for path in paths:
        # a URL given is fetched; a feed file's entries are read from the file alone
        found = read_input(path, allowance, fetch=is_url(path), allow_private=allow_private,
                           max_entries=DEFAULT_MAX_ENTRIES, stdin=stdin,
                           timeout=DEFAULT_TIMEOUT, clock=clock)
        failed += is_url(path) and not found
        docs += first_reads(path, found, seen)
    if not docs and failed:
        raise InputError(f"no article to summarize: {_urls(failed)} could not be fetched")
    return docs


def _urls(n: int) -> str:
    return "the URL" if n == 1 else f"all {n} URLs"


def as_documents(
    items: Sequence[str | Document], *, fetch: bool = False, allow_private: bool = False
) -> tuple[Document, ...]:
    """Texts and documents as documents (the library's accepted input).

    A text that is one ``http(s)://`` URL is fetched only with ``fetch=True`` (a failure is a
    warning: the others still count), and then not from a loopback, private or link-local
    address unless ``allow_private``; without ``fetch`` it is a :class:`UsageError`, never
    summarized as a text, never fetched by surprise.
    """
    if isinstance(items, (str, Document)):
        raise UsageTypeError("pass a list of texts or Documents, not a single one",
                             option="documents")
    if isinstance(items, bytes | bytearray):
        raise UsageTypeError("documents must be a list of texts, not bytes (decode them "
                             "first: [data.decode('utf-8')])", option="documents")
    if items is None or isinstance(items, Mapping) or not isinstance(items, Iterable):
        raise UsageTypeError("documents must be a list of texts or Documents, not "
                             f"{type(items).__name__}", option="documents")
    docs = []
    failed = 0
    for item in items:
        if isinstance(item, Document):
            docs.append(item)
        elif isinstance(item, str) and is_url(item):
            if not fetch:
                raise UsageError(f"{one_line(item.strip())[:200]}: looks like a URL",
                                 option="fetch", remedy="pass {option}=True to fetch it")
            fetched = load_urls([item], allow_private=allow_private)[0]
            if fetched is None:
                failed += 1
            else:
                docs.append(fetched)
        elif isinstance(item, str):
            docs.append(Document.from_text(item))
        else:
            hint = " (decode it first: data.decode('utf-8'))" \
                if isinstance(item, bytes | bytearray) else ""
            raise UsageTypeError(f"documents: expected a str or a Document, got "
                                 f"{type(item).__name__}{hint}", option="documents")
    if not docs and failed:
        raise InputError(f"no article to summarize: {_urls(failed)} could not be fetched")
    return tuple(docs)
