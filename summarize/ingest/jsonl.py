"""Clusters from JSON lines: one ``{"id", "documents": [...], "summaries"?, "query"?}`` a line.

Lines are read one at a time with a bound on each (:func:`iter_jsonl_lines`); a broken line
becomes an :class:`~summarize.errors.InputError` naming its line number, so that the other
clusters still come out. A gzip-compressed file (``.jsonl.gz``, or any of these files starting
with gzip's magic bytes) is decompressed as it is read, the bounds holding on what it
decompresses to. A ``.json`` file is read as JSON lines when its first line is a cluster
record (:func:`is_jsonl`). :func:`records_in` tells a file of clusters from a file of articles
(the article records of :mod:`summarize.ingest.articles`) by what its lines hold. Numbers JSON
does not have (``NaN``, ``Infinity``, or ``1e999``, which overflows to infinity) are refused.
"""

from __future__ import annotations

import gzip
import io
import json
import math
import zlib
from codecs import BOM_UTF8
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..text import one_line
from ..types import Cluster, Document
from .read import DEFAULT_MAX_BYTES, limit_error, os_error, warn_if_not_english

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
#: How much of a ``.json`` file's first line is read to tell a cluster record.
JSON_PEEK_BYTES = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"


def is_jsonl(path: str | Path) -> bool:
    """A JSON-lines file of clusters: named ``.jsonl``, ``.ndjson`` (gzip-compressed or not),
    or a ``.json`` file whose first non-blank line is a ``{"documents": ...}`` record."""
    name = str(path).lower()
    if name.endswith(JSONL_SUFFIXES):
        return True
    if not name.endswith((".json", ".json.gz")):
        return False
    if not Path(path).is_file():  # a FIFO would wait for a writer
        return False
    try:
        with _open(Path(path)) as fh:
            for line in iter(lambda: fh.readline(JSON_PEEK_BYTES), b""):
                if line.strip():
                    line = line.removeprefix(BOM_UTF8).lstrip()
                    return line.startswith(b"{") and b'"documents"' in line
    except (OSError, EOFError, zlib.error):
        return False  # read as an article: its own error says what is wrong
    return False


def records_in(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """What a JSON-lines file holds, by its content: the first line that is a JSON object with
    ``"documents"`` or ``"text"`` decides, ``"clusters"`` when it has ``"documents"``, else
    ``"articles"``. None when no line decides (lines that are not such objects are passed
    over), the file cannot be read within ``max_bytes``, or it is not a regular file (a named
    pipe can be read only once): the caller's default then holds."""
    if not Path(path).is_file():
        return None
    try:
        for _, raw in iter_jsonl_lines(path, max_line_bytes=max_bytes, max_total_bytes=max_bytes):
            try:
                obj = parse_json_line(raw) if isinstance(raw, bytes) else None
            except InputError:
                continue
            if isinstance(obj, dict) and ("documents" in obj or "text" in obj):
                return "clusters" if "documents" in obj else "articles"
    except InputError:
        return None
    return None


def _open(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed when it is gzip (its magic bytes, whatever its name).
    The path is opened once (a named pipe cannot be opened twice: its writer is gone)."""
    fh = path.open("rb")
    try:
        head = fh.read(2)
    except BaseException:
        fh.close()
        raise
    stream = io.BufferedReader(_Prefixed(head, fh))
    if head == _GZIP_MAGIC:
        return _Gzip(stream)  # type: ignore[return-value]
    return stream


class _Gzip(gzip.GzipFile):
    """A gzip stream that closes the stream it reads when it is closed."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__(fileobj=stream, mode="rb")
        self._stream = stream

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._stream.close()


class _Prefixed(io.RawIOBase):
    """A stream's bytes with its first ones, already read, put back in front."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = self.rest.read1(len(buffer)) if hasattr(self.rest, "read1") else \
            self.rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self.rest.close()
        super().close()


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
        raise os_error(path, exc) from None
    if size > max_bytes:
        raise limit_error(str(path), size, max_bytes)
    for lineno, raw in iter_jsonl_lines(path, max_line_bytes=max_bytes, max_total_bytes=max_bytes):
        where = f"{path}, line {lineno}"
        if isinstance(raw, InputError):
            yield raw
            continue
        try:
            yield cluster_from_json(parse_json_line(raw, where), str(lineno), name=where)
        except InputError as exc:
            yield exc


def iter_jsonl_lines(
    path: str | Path, *, max_line_bytes: int = DEFAULT_MAX_BYTES,
    max_total_bytes: int | None = None,
) -> Iterator[tuple[int, bytes | InputError]]:
    """Every non-blank line of a file with its number (from 1), one at a time: memory stays
    bounded by ``max_line_bytes``. A longer line comes as an :class:`InputError` (its bytes are
    skipped, never held). Reading more than ``max_total_bytes`` in all (what a gzip file
    decompresses to) raises :class:`InputError`."""
    try:
        fh = _Lines(_open(Path(path)), path, max_total_bytes)
    except OSError as exc:
        raise os_error(path, exc) from None
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
                where = f"{path}, line {lineno}"
                yield lineno, limit_error(where, size, max_line_bytes, "for one line")
            elif raw.strip():
                yield lineno, raw


class _Lines:
    """Lines of a (decompressed) file, the bytes read in all bounded, every failure one
    :class:`InputError`."""

    def __init__(self, fh: IO[bytes], path: str | Path, max_total: int | None) -> None:
        self.fh, self.path, self.max_total, self.total = fh, path, max_total, 0

    def readline(self, limit: int) -> bytes:
        try:
            raw = self.fh.readline(limit)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            why = "cut short" if isinstance(exc, EOFError) else one_line(str(exc))
            raise InputError(f"{self.path}: not a valid gzip file ({why})") from None
        except OSError as exc:
            raise os_error(self.path, exc) from None
        self.total += len(raw)
        if self.max_total is not None and self.total > self.max_total:
            raise limit_error(str(self.path), None, self.max_total, "once decompressed")
        return raw

    def __enter__(self) -> _Lines:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json_line(raw: bytes | str, where: str = "") -> object:
    """One line of a JSON-lines file, parsed; :class:`InputError` (starting with ``where``)
    if it is not UTF-8 or not JSON (nesting too deep, numbers too long, ``NaN``, ``Infinity``
    and numbers that overflow to infinity included). A byte order mark before it (a file's
    first line, as some editors write it) is read past."""
    prefix = f"{where}: " if where else ""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise InputError(f"{prefix}not valid UTF-8 (byte {exc.start})") from None
    text = text.removeprefix("\ufeff")
    try:
        return json.loads(text, parse_float=_finite, parse_constant=_no_constant)
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
    if raw_docs is None and "text" in obj:
        raise InputError(f"{prefix}an article record ('text'), not a cluster "
                         "({\"id\", \"documents\"}): one file holds one kind of record")
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


