"""Documents, sentences and clusters, and the loaders that make them from files.

The typed objects here travel through every stage of the pipeline; they are frozen so that a
stage can never change what another one sees.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

#: Input larger than this is refused before it is read (``max_bytes`` raises it): one file, and
#: the files, directories and standard input of one digest together; with ``summarize batch``,
#: one line (one cluster) of its JSON-lines input.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: An article is judged English or not only from this many words on.
LANGUAGE_MIN_WORDS = 20
#: Below this share of English stop words among its first words an article is taken for another
#: language (English news runs at 40 to 50%; French, German and Spanish news at 0 to 14%).
ENGLISH_STOP_WORDS_MIN = 0.15
#: Article extensions a directory is searched for.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")
#: Web pages: the article's text and metadata are extracted (see :mod:`summarize.web`).
HTML_SUFFIXES = (".html", ".htm")
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
    url: str | None = None  #: where the article is published (a citation links to it)
    site: str | None = None  #: the publication's name (from a web page's metadata)
    author: str | None = None
    date: str | None = None  #: publication date, ``YYYY-MM-DD`` when known

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
    query: str | None = None  #: the topic of a query-focused benchmark (DUC 2005 to 2007)


_BOILERPLATE_TITLE = re.compile(r"^(discuss as:?|advertisement|share( this)?:?)$", re.I)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(^|\s)[*_]{1,3}|[*_]{1,3}(?=\s|$|[.,;:!?])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.M)
_MD_QUOTE_LIST = re.compile(r"^\s{0,3}(?:>\s?|[-*+]\s+|\d+[.)]\s+)", re.M)


_SPACES = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def one_line(text: str) -> str:
    """Text safe to print as (part of) one line: control and format characters dropped (ANSI
    escapes, bidirectional overrides), runs of white space (line breaks included) made one
    space, and lone surrogates (undecodable file names, ``\\udXXX`` escapes in JSON) replaced by
    U+FFFD, so that the result always encodes as UTF-8."""
    text = valid_unicode(text)
    text = "".join(
        " " if ch.isspace() else ch for ch in text if ch.isspace() or not _is_control(ch)
    )
    return _SPACES.sub(" ", text).strip()


def valid_unicode(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (so that it encodes as UTF-8)."""
    return _SURROGATE.sub("\ufffd", text)


def _is_control(ch: str) -> bool:
    # the zero-width (non-)joiners are format characters that spell words and emoji
    return unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200c\u200d"


def guess_title(text: str, path: str | None = None, max_words: int = 14) -> str:
    """The first line that is not boilerplate, as one clean line (:func:`one_line`) shortened to
    ``max_words``; else the file name."""
    for line in text.splitlines():
        line = one_line(line).lstrip("#").strip()
        if not line or _BOILERPLATE_TITLE.match(line):
            continue
        words = line.split()
        if len(words) > max_words:
            return " ".join(words[:max_words]) + " …"
        return line
    return one_line(Path(path).stem) if path else "untitled"


def strip_markdown(text: str) -> str:
    """Markdown to plain text: links keep their words, marks and headings go."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_QUOTE_LIST.sub("", text)
    return _MD_MARKS.sub(r"\1", text)


def decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 with a
    warning.

    Raises :class:`InputError` for empty or binary content.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", errors="replace").encode("utf-8")  # Windows "Unicode"
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


@cache
def _english_stop_words() -> frozenset[str]:
    """sumy's English stop words, parsed as ``sumy.utils.get_stop_words`` does, read from its
    package data: importing ``sumy.utils`` costs 0.3 s (requests, pycountry)."""
    from importlib.resources import files

    data = files("sumy").joinpath("data/stopwords/english.txt").read_bytes()
    return frozenset(w.rstrip() for w in data.decode("utf-8").splitlines() if w)


def not_english(text: str, sample_chars: int = 20_000) -> str | None:
    """Why ``text`` does not look like English, or None when it does (or is too short to tell).

    A cheap test on the first ``sample_chars`` characters: mostly letters of other scripts than
    Latin, or fewer than :data:`ENGLISH_STOP_WORDS_MIN` English stop words (sumy's list) among
    its first 2,000 words. Texts of fewer than :data:`LANGUAGE_MIN_WORDS` words are not judged.
    """
    sample = text[:sample_chars]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) >= 2 * LANGUAGE_MIN_WORDS:
        other = sum(1 for ch in letters if ch > "\u024f")  # beyond Latin Extended-B
        if other > len(letters) / 2:
            return f"{other / len(letters):.0%} of its letters are not Latin"
    tokens = [w.lower().replace("’", "'") for w in _WORD.findall(sample)[:2000]]
    if len(tokens) < LANGUAGE_MIN_WORDS:
        return None
    stop = _english_stop_words()
    share = sum(1 for w in tokens if w in stop) / len(tokens)
    if share < ENGLISH_STOP_WORDS_MIN:
        return f"only {share:.0%} of its words are English stop words"
    return None


def warn_if_not_english(text: str, name: str) -> None:
    """One :class:`SummarizeWarning` when ``text`` does not look like English (the embedding
    model and the sentence splitter are English)."""
    reason = not_english(text)
    if reason:
        warnings.warn(
            f"{name}: does not look like English ({reason}); the model reads English, so the "
            "digest may be poor",
            SummarizeWarning,
            stacklevel=3,
        )


def _limit_message(name: str, size: int, max_bytes: int, what: str = "for one file") -> str:
    return (
        f"{name}: {size:,} bytes is over the {max_bytes:,}-byte limit {what} "
        "(raise it with --max-bytes)"
    )


class ByteAllowance:
    """What is left to read of one run's input: ``max_bytes`` for every file, directory and
    standard input together, and for each one alone."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        self.max_bytes = max_bytes
        self.used = 0

    @property
    def left(self) -> int:
        return self.max_bytes - self.used

    def check_total(self, size: int, name: str) -> None:
        """Refuse, before reading anything, input whose files add up to over the limit."""
        if size > self.max_bytes:
            raise InputError(_limit_message(name, size, self.max_bytes, "for all input together"))

    def read(self, fh: BinaryIO, name: str) -> bytes:
        """Everything in ``fh``, reading at most one byte beyond what is left."""
        data = fh.read(self.left + 1)
        if len(data) > self.left:
            what = "for one input" if self.used == 0 else "for all input together"
            raise InputError(
                f"{name}: over the {self.max_bytes:,}-byte limit {what} (raise it with --max-bytes)"
            )
        self.used += len(data)
        return data


def _os_error(path: str | Path, exc: OSError) -> InputError:
    """A file system error as a one-line :class:`InputError`."""
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{path}: no such file or directory")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{path}: is a directory")
    return InputError(f"{path}: cannot be read ({exc.strerror or exc})")


def _read_bytes(path: Path, allowance: ByteAllowance) -> bytes:
    try:
        size = path.stat().st_size
        if size > allowance.max_bytes:
            raise InputError(_limit_message(str(path), size, allowance.max_bytes))
        if path.is_dir():
            raise InputError(f"{path}: is a directory")
        with path.open("rb") as fh:  # a pipe or a device too (their size says nothing)
            return allowance.read(fh, str(path))
    except OSError as exc:
        raise _os_error(path, exc) from None


def document_from_bytes(data: bytes, name: str, *, markdown: bool = False) -> Document:
    """An article from a file's bytes (see :func:`decode`); warns if it is not English."""
    text = decode(data, name)
    if markdown:
        text = strip_markdown(text)
    warn_if_not_english(text, name)
    return Document.from_text(text, path=name)


def load_file(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allowance: ByteAllowance | None = None,
) -> Document:
    """One article from a plain-text, Markdown or HTML file (refused over ``max_bytes``, or over
    what is left of a shared ``allowance``); a web page's text and metadata are extracted
    (:func:`summarize.web.document_from_html`)."""
    p = Path(path)
    data = _read_bytes(p, allowance if allowance is not None else ByteAllowance(max_bytes))
    if p.suffix.lower() in HTML_SUFFIXES:
        from .web import document_from_html

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


def _size(path: Path) -> int:
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
    binary, each over ``max_bytes``) are skipped with a warning. The readable ones together
    must fit in ``max_bytes`` (or what is left of ``allowance``)."""
    allowance = allowance if allowance is not None else ByteAllowance(max_bytes)
    files = article_files(path)
    fitting = [f for f in files if _size(f) <= allowance.max_bytes]
    allowance.check_total(allowance.used + sum(_size(f) for f in fitting), str(path))
    docs = []
    for f in files:
        try:
            docs.append(load_file(f, allowance=allowance))
        except InputError as exc:
            warnings.warn(f"skipped {exc}", SummarizeWarning, stacklevel=2)
    if not docs:
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


def load_paths(
    paths: Sequence[str], *, stdin: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Document]:
    """Articles from files, directories, ``http(s)://`` URLs and ``-`` (standard input), in the
    order given.

    ``max_bytes`` bounds each file and all of them together; the sizes of the files and
    directories are checked before anything is read. A URL that cannot be fetched is skipped
    with a one-line warning; :class:`InputError` if nothing is left.
    """
    from .web import is_url, load_urls

    allowance = ByteAllowance(max_bytes)
    total = 0
    for path in paths:
        p = Path(path)
        if path == "-" or is_url(path) or not p.exists():
            continue
        if p.is_dir():
            total += sum(s for s in map(_size, article_files(p)) if s <= max_bytes)
        elif (size := _size(p)) <= max_bytes:
            total += size
    allowance.check_total(total, ", ".join(paths) if len(paths) <= 3 else f"{len(paths)} paths")
    docs: list[Document] = []
    failed = 0
    for path in paths:
        if path == "-":
            docs.append(load_stdin(stdin, allowance=allowance))
        elif is_url(path):
            fetched = load_urls([path], allowance=allowance)[0]
            if fetched is None:
                failed += 1
            else:
                docs.append(fetched)
        elif Path(path).is_dir():
            docs.extend(load_directory(path, allowance=allowance))
        else:
            docs.append(load_file(path, allowance=allowance))
    if not docs and failed:
        raise InputError(f"no article to summarize: {_urls(failed)} could not be fetched")
    return docs


def _urls(n: int) -> str:
    return "the URL" if n == 1 else f"all {n} URLs"


def is_jsonl(path: str | Path) -> bool:
    return str(path).lower().endswith((".jsonl", ".jsonl.gz", ".ndjson"))


def iter_jsonl_clusters(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Cluster | InputError]:
    """Clusters from a JSON-lines file of at most ``max_bytes``, one ``{"id", "documents":
    [...]}`` per line.

    A broken line yields an :class:`InputError` naming its line number in place of a cluster,
    so that the other clusters still come out.
    """
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise _os_error(path, exc) from None
    if size > max_bytes:
        raise InputError(_limit_message(str(path), size, max_bytes))
    for lineno, raw in iter_jsonl_lines(path, max_line_bytes=max_bytes):
        where = f"{path}, line {lineno}"
        if isinstance(raw, InputError):
            yield raw
            continue
        try:
            yield cluster_from_json(parse_json_line(raw, where), str(lineno), name=where)
        except InputError as exc:
            yield exc


def iter_jsonl_lines(
    path: str | Path, *, max_line_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[int, bytes | InputError]]:
    """Every non-blank line of a file with its number (from 1), one at a time: memory stays
    bounded by ``max_line_bytes``. A longer line comes as an :class:`InputError` (its bytes are
    skipped, never held)."""
    try:
        fh = Path(path).open("rb")
    except OSError as exc:
        raise _os_error(path, exc) from None
    with fh:
        lineno = 0
        while True:
            raw = fh.readline(max_line_bytes + 1)
            if not raw:
                return
            lineno += 1
            if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                size = len(raw)
                while not raw.endswith(b"\n"):
                    raw = fh.readline(1 << 20)
                    if not raw:
                        break
                    size += len(raw)
                yield lineno, InputError(
                    _limit_message(f"{path}, line {lineno}", size, max_line_bytes, "for one line")
                )
            elif raw.strip():
                yield lineno, raw


def parse_json_line(raw: bytes | str, where: str = "") -> object:
    """One line of a JSON-lines file, parsed; :class:`InputError` (starting with ``where``)
    if it is not UTF-8 or not JSON (nesting too deep and numbers too long included)."""
    prefix = f"{where}: " if where else ""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise InputError(f"{prefix}not valid UTF-8 (byte {exc.start})") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(f"{prefix}not valid JSON (nested too deeply)") from None
    except ValueError as exc:  # json.JSONDecodeError, or an integer too long to convert
        raise InputError(f"{prefix}not valid JSON ({one_line(str(exc))})") from None


def cluster_from_json(obj: object, default_id: str = "", *, name: str = "") -> Cluster:
    """A cluster from the benchmark record shape ``{"id", "documents", "summaries"?,
    "query"?}`` (``query``: the topic to focus this cluster's digest on; empty means none).

    ``id`` is a string or a number (``default_id`` when absent or null). ``name`` (where the
    record comes from) starts every error message and names the articles in warnings.
    """
    prefix = f"{name}: " if name else ""
    if not isinstance(obj, dict):
        raise InputError(f"{prefix}expected a JSON object with a 'documents' list")
    raw_id = obj.get("id")
    if raw_id is None:
        raw_id = default_id
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int, float)):
        raise InputError(f"{prefix}'id' must be a string or a number")
    raw_docs = obj.get("documents")
    if not isinstance(raw_docs, list) or not all(isinstance(d, str) for d in raw_docs):
        raise InputError(f"{prefix}'documents' must be a list of strings")
    for i, text in enumerate(raw_docs, 1):
        if text.strip():
            warn_if_not_english(text, f"{name or 'cluster ' + str(raw_id)}, document {i}")
    docs = tuple(Document.from_text(d, title=None, path=None) for d in raw_docs if d.strip())
    if not docs:
        raise InputError(f"{prefix}the cluster has no non-empty document")
    summaries = obj.get("summaries") or []
    if not isinstance(summaries, list):
        summaries = [str(summaries)]
    query = obj.get("query")
    if query is not None and not isinstance(query, str):
        raise InputError(f"{prefix}'query' must be a string")
    return Cluster(documents=docs, id=str(raw_id), summaries=tuple(str(x) for x in summaries),
                   query=query.strip() or None if query is not None else None)


def as_documents(items: Sequence[str | Document]) -> tuple[Document, ...]:
    """Texts, documents or ``http(s)://`` URLs (fetched), as documents (the library's accepted
    input)."""
    if isinstance(items, (str, Document)):
        raise TypeError("pass a list of texts or Documents, not a single one")
    from .web import is_url, load_urls

    docs = []
    failed = 0
    for item in items:
        if isinstance(item, Document):
            docs.append(item)
        elif isinstance(item, str) and is_url(item):
            fetched = load_urls([item])[0]  # a failure is a warning: the others still count
            if fetched is None:
                failed += 1
            else:
                docs.append(fetched)
        elif isinstance(item, str):
            docs.append(Document.from_text(item))
        else:
            raise TypeError(f"expected str or Document, got {type(item).__name__}")
    if not docs and failed:
        raise InputError(f"no article to summarize: {_urls(failed)} could not be fetched")
    return tuple(docs)
