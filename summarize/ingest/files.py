"""Articles from files, directories and standard input.

Plain text and Markdown are read as they are (Markdown's marks stripped); HTML pages go through
:func:`summarize.ingest.web.document_from_html`. Every read is bounded by one
:class:`~summarize.ingest.read.ByteAllowance` per run.
"""

from __future__ import annotations

import os
import stat
import sys
import warnings
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, SummarizeWarning
from ..text import one_line
from ..types import Document
from .read import (
    DEFAULT_MAX_BYTES,
    ByteAllowance,
    document_from_bytes,
    limit_error,
    os_error,
)
from .web import document_from_html

#: Article extensions a directory is searched for.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
#: Web pages: the article's text and metadata are extracted (see :mod:`summarize.ingest.web`).
HTML_SUFFIXES = (".html", ".htm")
#: Files a directory may hold that are not articles (a corpus's own README, say).
NOT_ARTICLES = ("README", "LICENSE", "CHANGELOG", "NOTICE")


def _read_bytes(path: Path, allowance: ByteAllowance) -> bytes:
    try:
        info = path.stat()
        if info.st_size > allowance.max_bytes:
            raise limit_error(str(path), info.st_size, allowance.max_bytes)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a directory")
        if stat.S_ISFIFO(info.st_mode) and is_named_pipe(path):
            raise InputError(f"{path}: is a named pipe (FIFO), not an article file; "
                             "give its text on standard input instead")
        # an anonymous pipe (/dev/stdin, /dev/fd/N) or a device too (their size says nothing)
        with path.open("rb") as fh:
            return allowance.read(fh, str(path))
    except OSError as exc:
        raise os_error(path, exc) from None


def is_named_pipe(path: str | Path) -> bool:
    """A FIFO in the file system (opening it waits for a writer that may never come), not a
    pipe that a shell hands over as ``/dev/fd/N`` or ``/dev/stdin`` (one with a writer)."""
    return "pipe:[" not in os.path.realpath(path)


def load_file(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allowance: ByteAllowance | None = None,
) -> Document:
    """One article from a plain-text, Markdown or HTML file (refused over ``max_bytes``, or over
    what is left of a shared ``allowance``); a web page's text and metadata are extracted
    (:func:`summarize.ingest.web.document_from_html`)."""
    p = Path(path)
    data = _read_bytes(p, allowance if allowance is not None else ByteAllowance(max_bytes))
    if p.suffix.lower() in HTML_SUFFIXES:
        return document_from_html(data, str(path))
    return document_from_bytes(data, str(path), markdown=p.suffix.lower() in MARKDOWN_SUFFIXES)


def article_files(path: str | Path) -> list[Path]:
    """The article files below a directory, in name order: hidden files and a README, LICENSE,
    CHANGELOG or NOTICE left out."""
    root = Path(path)
    return sorted(
        f
        for f in root.rglob("*")
        if f.is_file()
        and f.suffix.lower() in ARTICLE_SUFFIXES
        and not any(part.startswith(".") for part in f.relative_to(root).parts)
        and not f.name.upper().startswith(NOT_ARTICLES)
    )


def file_key(target: str | Path | BinaryIO) -> tuple[int, int] | None:
    """The file a path or an open stream reads, however it is reached (its device and inode:
    ``a.txt`` and ``./a.txt``, a link to it, ``-`` and ``/dev/stdin`` alike); None when that is
    unknown (no such file, a stream of no file)."""
    try:
        info = os.stat(target) if isinstance(target, str | Path) else os.fstat(target.fileno())
    except (OSError, ValueError):  # io.UnsupportedOperation is both
        return None
    return (info.st_dev, info.st_ino) if info.st_ino else None


def input_key(item: str, stdin: BinaryIO | None = None) -> tuple[int, int] | None:
    """:func:`file_key` of an input: ``-`` is standard input (``stdin`` when given)."""
    if item != "-":
        return file_key(item)
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    return file_key(stream) if stream is not None else None


def warn_read_again(name: str, first: str) -> None:
    """The warning for a file not read again: ``first`` read it."""
    warnings.warn(SummarizeWarning(
        f"skipped {one_line(name)[:200]}: already read from {one_line(first)[:200]}",
        kind="articles already read"), stacklevel=3)


def size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def load_directory(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allowance: ByteAllowance | None = None,
) -> list[Document]:
    """Every article file below a directory (:func:`article_files`); unreadable ones (empty,
    binary, each over ``max_bytes``) are skipped with a warning, and so are those ``allowance``
    read before (:attr:`ByteAllowance.files`). The readable ones together must fit in
    ``max_bytes`` (or what is left of ``allowance``)."""
    allowance = allowance if allowance is not None else ByteAllowance(max_bytes)
    keys = {f: file_key(f) for f in article_files(path)}
    files = [f for f, key in keys.items() if key not in allowance.files]
    fitting = [f for f in files if size_of(f) <= allowance.max_bytes]
    allowance.check_total(allowance.used + sum(size_of(f) for f in fitting), str(path))
    docs = []
    for f, key in keys.items():
        if key in allowance.files:
            warn_read_again(str(f), allowance.files[key])
            continue
        try:
            docs.append(load_file(f, allowance=allowance))
        except InputError as exc:
            warnings.warn(SummarizeWarning.of("skipped ", exc), stacklevel=2)
            continue
        if key is not None:
            allowance.files[key] = str(path)
    if not docs and len(files) == len(keys):  # (a file read before is no failure)
        raise InputError(
            f"{path}: no readable article in this directory "
            f"(looked for {', '.join(ARTICLE_SUFFIXES)} files)"
        )
    return docs


def load_stdin(
    stream: BinaryIO | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allowance: ByteAllowance | None = None,
) -> Document:
    """One article from standard input (read up to the byte limit, never beyond)."""
    stream = stream if stream is not None else sys.stdin.buffer
    allowance = allowance if allowance is not None else ByteAllowance(max_bytes)
    return document_from_bytes(allowance.read(stream, "<stdin>"), "<stdin>")


