"""Benchmark clusters: the project's JSON-lines format and Multi-News' original files.

* ``*.jsonl``: one ``{"id", "documents": [...], "summaries": [...]}`` per line.
* Multi-News (Fabbri et al. 2019) as released: ``NAME.src`` holds one cluster per line, its
  articles joined by ``|||||`` and line breaks written ``NEWLINE_CHAR``; the matching line of
  ``NAME.tgt`` is the reference. Clusters are named ``NAME_<line index from 0>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..ingest.jsonl import is_jsonl, iter_jsonl_clusters
from ..types import Cluster, Document

MULTI_NEWS_DOC_SEP = "|||||"
MULTI_NEWS_NEWLINE = "NEWLINE_CHAR"
#: Benchmark files are large; the loader's default single-file limit is raised for them.
MAX_DATA_BYTES = 2 * 1024**3


def _multi_news_text(raw: str) -> str:
    return "\n".join(line.strip() for line in raw.replace(MULTI_NEWS_NEWLINE, "\n").split("\n"))


def multi_news_cluster(src_line: str, tgt_line: str, id: str) -> Cluster:
    """One cluster from a line of ``*.src`` and the matching line of ``*.tgt``."""
    docs = tuple(
        Document(text=text.strip())
        for text in (_multi_news_text(d) for d in src_line.split(MULTI_NEWS_DOC_SEP))
        if text.strip()
    )
    if not docs:
        raise InputError(f"cluster {id}: no non-empty document")
    summary = _multi_news_text(tgt_line).strip()
    return Cluster(documents=docs, id=id, summaries=(summary,) if summary else ())


def iter_multi_news(src: str | Path) -> Iterator[Cluster]:
    """Clusters from ``NAME.src`` and its ``NAME.tgt`` (which must have as many lines)."""
    src = Path(src)
    tgt = src.with_suffix(".tgt")
    if not src.is_file():
        raise InputError(f"{src}: no such file")
    if not tgt.is_file():
        raise InputError(f"{src}: the matching references {tgt.name} are missing")
    name = src.stem
    with src.open(encoding="utf-8") as fs, tgt.open(encoding="utf-8") as ft:
        for index, (s, t) in enumerate(_zip_strict(fs, ft, src, tgt)):
            yield multi_news_cluster(s, t, f"{name}_{index}")


def _zip_strict(
    a: Iterable[str], b: Iterable[str], na: Path, nb: Path
) -> Iterator[tuple[str, str]]:
    sentinel = object()
    ia, ib = iter(a), iter(b)
    while True:
        x, y = next(ia, sentinel), next(ib, sentinel)
        if x is sentinel and y is sentinel:
            return
        if x is sentinel or y is sentinel:
            raise InputError(f"{na} and {nb} do not have the same number of lines")
        yield x, y  # type: ignore[misc]


def iter_clusters(path: str | Path) -> Iterator[Cluster]:
    """Clusters of a ``*.jsonl`` file or a Multi-News ``*.src`` (+ ``*.tgt``) pair."""
    if is_jsonl(path):
        for item in iter_jsonl_clusters(path, max_bytes=MAX_DATA_BYTES):
            if isinstance(item, InputError):
                raise item
            yield item
    elif str(path).endswith(".src"):
        yield from iter_multi_news(path)
    else:
        raise InputError(
            f"{path}: give a JSON-lines file (*.jsonl) or Multi-News' *.src (with its *.tgt)"
        )


def read_topics(path: str | Path) -> dict[str, str]:
    """Cluster id -> query, from DUC's topics as JSON lines (``{"id", "title", "narrative"}``):
    the title and the narrative, as one text."""
    import json

    topics: dict[str, str] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})"
                         ) from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            topic = json.loads(line)
            parts = [str(topic.get(k) or "").strip() for k in ("title", "narrative")]
            topic_id = str(topic["id"])
        except (ValueError, KeyError, TypeError, AttributeError):
            raise InputError(f"{path}, line {lineno}: expected {{\"id\", \"title\", "
                             "\"narrative\"}") from None
        text = " ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts if p)
        if not text:
            raise InputError(f"{path}, line {lineno}: the topic has no title or narrative")
        topics[topic_id] = text
    return topics


def with_topics(clusters: Iterable[Cluster], topics: dict[str, str], path: str) -> list[Cluster]:
    """The clusters, each carrying its topic as ``query`` (every cluster must have one)."""
    from dataclasses import replace

    out = []
    for cluster in clusters:
        if cluster.id not in topics:
            raise InputError(f"{path}: no topic for cluster {cluster.id!r}")
        out.append(replace(cluster, query=topics[cluster.id]))
    return out


def read_ids(path: str | Path) -> list[str]:
    """Cluster ids, one a line (blank lines and ``#`` comments skipped)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def load_clusters(
    path: str | Path, *, limit: int | None = None, ids: Iterable[str] | None = None
) -> list[Cluster]:
    """The clusters to evaluate: those named in ``ids`` (if given), the first ``limit`` of them.

    Clusters without a reference cannot be scored and are refused.
    """
    wanted = set(ids) if ids is not None else None
    out: list[Cluster] = []
    seen: set[str] = set()
    for cluster in iter_clusters(path):
        if limit is not None and len(out) >= limit:
            break
        if wanted is not None and cluster.id not in wanted:
            continue
        if cluster.id in seen:
            raise InputError(f"{path}: the cluster id {cluster.id!r} appears twice")
        if not any(s.strip() for s in cluster.summaries):
            raise InputError(f"{path}: cluster {cluster.id!r} has no reference summary")
        seen.add(cluster.id)
        out.append(cluster)
    if wanted is not None:
        missing = sorted(wanted - seen)
        if missing and limit is None:
            raise InputError(f"{len(missing)} id(s) not found in {path}: {', '.join(missing[:5])}")
    if not out:
        raise InputError(f"{path}: no cluster to evaluate")
    return out
