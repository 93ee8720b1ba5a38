"""Documents, sentences and clusters, and the loaders that make them from files.

The typed objects here travel through every stage of the pipeline; they are frozen so that a
stage can never change what another one sees.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

#: Files larger than this are refused before they are read (``max_bytes`` raises it).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Article extensions a directory is searched for.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
#: Files a directory may hold that are not articles (a corpus's own README, say).
NOT_ARTICLES = ("README", "LICENSE", "CHANGELOG", "NOTICE")


class SummarizeWarning(UserWarning):
    """Something was repaired or skipped on the way in (shown as one line by the CLI)."""


@dataclass(frozen=True)
class Document:
    """One article: its text and what the source list shows about it."""

    text: str
    title: str = ""
    path: str | None = None
    url: str | None = None

    @classmethod
    def from_text(
        cls, text: str, *, title: str | None = None, path: str | None = None
    ) -> Document:
        """Make a document, taking its title from the first line when none is given."""
        if title is None:
            title = guess_title(text, path)
        return cls(text=text, title=title, path=path)


@dataclass(frozen=True)
class Sentence:
    """A sentence of one article, where it was found, and its text as printed."""

    doc: int  #: index of the article in the cluster, 0-based
    position: int  #: index of the sentence in its article, 0-based, before any filtering
    text: str
    rank: int = 0  #: index among the article's candidate sentences (after filtering)
    n_in_doc: int = 1  #: how many candidate sentences the article has

    @property
    def relative_position(self) -> float:
        """Where the sentence stands among its article's candidates: 0 first, towards 1 last."""
        return self.rank / max(1, self.n_in_doc)


@dataclass(frozen=True)
class Cluster:
    """Several articles about one event."""

    documents: tuple[Document, ...]
    id: str = ""
    summaries: tuple[str, ...] = field(default=())  #: human references (evaluation only)


_BOILERPLATE_TITLE = re.compile(r"^(discuss as:?|advertisement|share( this)?:?)$", re.I)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(^|\s)[*_]{1,3}|[*_]{1,3}(?=\s|$|[.,;:!?])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.M)
_MD_QUOTE_LIST = re.compile(r"^\s{0,3}(?:>\s?|[-*+]\s+|\d+[.)]\s+)", re.M)


def guess_title(text: str, path: str | None = None, max_words: int = 14) -> str:
    """The first line that is not boilerplate, shortened to ``max_words``; else the file name."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if not line or _BOILERPLATE_TITLE.match(line):
            continue
        words = line.split()
        if len(words) > max_words:
            return " ".join(words[:max_words]) + " …"
        return line
    return Path(path).stem if path else "untitled"


def strip_markdown(text: str) -> str:
    """Markdown to plain text: links keep their words, marks and headings go."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_QUOTE_LIST.sub("", text)
    return _MD_MARKS.sub(r"\1", text)


def decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252 with a warning.

    Raises :class:`InputError` for empty or binary content.
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(f"{name}: looks like a binary file, not an article (it holds NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        warnings.warn(
            f"{name}: not valid UTF-8 (byte {exc.start}); read as Windows-1252",
            SummarizeWarning,
            stacklevel=2,
        )
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise InputError(f"{name}: looks like a binary file, not an article (control characters)")
    return text


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit for one file "
                "(raise it with --max-bytes)"
            )
        return path.read_bytes()
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def document_from_bytes(data: bytes, name: str, *, markdown: bool = False) -> Document:
    text = decode(data, name)
    if markdown:
        text = strip_markdown(text)
    return Document.from_text(text, path=name)


def load_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """One article from a plain-text or Markdown file."""
    p = Path(path)
    data = _read_bytes(p, max_bytes)
    return document_from_bytes(data, str(path), markdown=p.suffix.lower() in MARKDOWN_SUFFIXES)


def load_directory(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Document]:
    """Every article file below a directory, in name order; unreadable ones are skipped, and so
    are hidden files and a README, LICENSE, CHANGELOG or NOTICE."""
    root = Path(path)
    files = sorted(
        f
        for f in root.rglob("*")
        if f.is_file()
        and f.suffix.lower() in ARTICLE_SUFFIXES
        and not any(part.startswith(".") for part in f.relative_to(root).parts)
        and not f.name.upper().startswith(NOT_ARTICLES)
    )
    docs = []
    for f in files:
        try:
            docs.append(load_file(f, max_bytes=max_bytes))
        except InputError as exc:
            warnings.warn(f"skipped {exc}", SummarizeWarning, stacklevel=2)
    if not docs:
        raise InputError(
            f"{path}: no readable article in this directory "
            f"(looked for {', '.join(ARTICLE_SUFFIXES)} files)"
        )
    return docs


def is_jsonl(path: str | Path) -> bool:
    return str(path).lower().endswith((".jsonl", ".jsonl.gz", ".ndjson"))


def iter_jsonl_clusters(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Cluster | InputError]:
    """Clusters from a JSON-lines file, one ``{"id", "documents": [...]}`` per line.

    A broken line yields an :class:`InputError` naming its line number in place of a cluster,
    so that the other clusters still come out.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file or directory")
    if p.stat().st_size > max_bytes:
        raise InputError(
            f"{path}: {p.stat().st_size:,} bytes is over the {max_bytes:,}-byte limit "
            "(raise it with --max-bytes)"
        )
    with p.open("rb") as fh:
        yield from _parse_jsonl(fh, str(path))


def _parse_jsonl(fh: BinaryIO, name: str) -> Iterator[Cluster | InputError]:
    for lineno, raw in enumerate(fh, 1):
        if not raw.strip():
            continue
        where = f"{name}, line {lineno}"
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield InputError(f"{where}: not valid JSON ({exc})")
            continue
        try:
            yield cluster_from_json(obj, default_id=str(lineno))
        except InputError as exc:
            yield InputError(f"{where}: {exc}")


def cluster_from_json(obj: object, default_id: str = "") -> Cluster:
    """A cluster from the benchmark record shape ``{"id", "documents", "summaries"?}``."""
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object with a 'documents' list")
    raw_docs = obj.get("documents")
    if not isinstance(raw_docs, list) or not all(isinstance(d, str) for d in raw_docs):
        raise InputError("'documents' must be a list of strings")
    docs = tuple(
        Document.from_text(d, title=None, path=None) for d in raw_docs if d.strip()
    )
    if not docs:
        raise InputError("the cluster has no non-empty document")
    summaries = obj.get("summaries") or []
    if not isinstance(summaries, list):
        summaries = [str(summaries)]
    return Cluster(
        documents=docs,
        id=str(obj.get("id", default_id)),
        summaries=tuple(str(s) for s in summaries),
    )


def load_stdin(stream: BinaryIO | None = None) -> Document:
    stream = stream if stream is not None else sys.stdin.buffer
    return document_from_bytes(stream.read(), "<stdin>")


def as_documents(items: Sequence[str | Document]) -> tuple[Document, ...]:
    """Texts or documents, as documents (the library's accepted input)."""
    if isinstance(items, (str, Document)):
        raise TypeError("pass a list of texts or Documents, not a single one")
    docs = []
    for item in items:
        if isinstance(item, Document):
            docs.append(item)
        elif isinstance(item, str):
            docs.append(Document.from_text(item))
        else:
            raise TypeError(f"expected str or Document, got {type(item).__name__}")
    return tuple(docs)
