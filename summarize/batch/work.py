"""The work on one cluster, the same for every engine: one JSON line in, one output line out."""

from __future__ import annotations

import dataclasses
import json
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..digest import Digest
from ..errors import InputError, SummarizeError, SummarizeWarning
from ..ingest.jsonl import cluster_from_json, parse_json_line
from ..ingest.read import DEFAULT_MAX_BYTES
from ..summarizer import Settings, Summarizer, build_summarizer
from ..text import one_line
from ..types import Budget
from .resume import records


@dataclass(frozen=True)
class BatchOptions:
    """What decides the output of a batch (a resumed run must use the same): the budget, the
    summarizer's :class:`~summarize.summarizer.Settings` and the longest input line read."""

    budget: Budget = Budget()
    settings: Settings = field(default_factory=Settings)
    max_bytes: int = DEFAULT_MAX_BYTES  #: the longest input line (one cluster) read

    def to_dict(self) -> dict[str, Any]:
        return {
            "budget": {"kind": self.budget.kind, "limit": self.budget.limit},
            "backend": self.settings.backend,
            "model": self.settings.model,
            "threshold": self.settings.threshold,
            "max_bytes": self.max_bytes,
        }


@dataclass(frozen=True)
class Outcome:
    """What one input line gives: its output line (JSON, no newline) and what to report."""

    line: str
    lineno: int  #: the input line it comes from (from 1)
    id: str | None
    error: str | None = None  #: why the cluster could not be summarized
    warnings: tuple[str, ...] = ()  #: SummarizeWarnings raised on the way (one line each)


@dataclass(frozen=True)
class Record:
    """What one JSON-lines cluster record gives: its digest, or why there is none."""

    digest: Digest | None
    lineno: int  #: the input line it comes from (from 1)
    id: str | None
    error: str | None = None  #: why the cluster could not be summarized
    warnings: tuple[str, ...] = ()  #: SummarizeWarnings raised on the way (one line each)


def digest_record(
    summarizer: Summarizer,
    raw: bytes | str,
    *,
    lineno: int,
    budget: Budget,
    source: str = "",
    query: str | None = None,
) -> Record:
    """One JSON-lines cluster record in, its digest out: the one path from a record to a
    digest, for ``summarize batch`` and ``summarize digest`` alike.

    Input the summarizer refuses (:class:`~summarize.errors.SummarizeError`) becomes the
    record's ``error``, never an exception; any other exception is a bug and propagates.
    ``query`` replaces the record's own. ``source`` (the input's name) only names the line in
    warnings.
    """
    where = f"{source}, line {lineno}" if source else f"line {lineno}"
    cluster_id: str | None = None
    digest: Digest | None = None
    error: str | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SummarizeWarning)
        try:
            obj = parse_json_line(raw)
            if isinstance(obj, dict) and isinstance(obj.get("id"), (str, int, float)) \
                    and not isinstance(obj["id"], bool):  # true is no id: not "True"
                cluster_id = str(obj["id"])
            cluster = cluster_from_json(obj, str(lineno), name=where)
            cluster_id = cluster.id
            digest = summarizer.digest(cluster, budget=budget, query=query)
        except SummarizeError as exc:
            error = one_line(str(exc).removeprefix(f"{where}: "))
    notes = tuple(
        one_line(str(w.message)) for w in caught if issubclass(w.category, SummarizeWarning)
    )
    return Record(digest=digest, lineno=lineno, id=cluster_id, error=error, warnings=notes)


def summarize_record(
    summarizer: Summarizer,
    raw: bytes | str,
    *,
    lineno: int,
    budget: Budget,
    source: str = "",
) -> Outcome:
    """One JSON-lines cluster record in, one output line out (:func:`digest_record`): the
    digest as one JSON line, or ``{"id", "line", "error"}``. The output depends only on
    ``raw``, ``lineno`` (the default id, and the error line's ``line``) and ``budget`` (and
    the summarizer's settings)."""
    record = digest_record(summarizer, raw, lineno=lineno, budget=budget, source=source)
    if record.digest is not None:
        line = record.digest.to_json(indent=None)
    else:
        line = json.dumps({"id": record.id, "line": lineno, "error": record.error},
                          ensure_ascii=False)
    return Outcome(line=line, lineno=lineno, id=record.id, error=record.error,
                   warnings=record.warnings)


def worker_summarizer(options: BatchOptions, cache: bool, threads: int | None) -> Summarizer:
    """A worker's summarizer (one model), made once per worker by the engine
    (:func:`~summarize.engine.run_tasks`'s ``setup``)."""
    return build_summarizer(worker_settings(options, cache, threads))


def work_line(summarizer: Summarizer, item: tuple[bytes, int, Budget, str]) -> Outcome:
    """The engine's work on one input line: ``(line, line number, budget, input name)``
    (:func:`summarize_record`)."""
    raw, lineno, budget, source = item
    return summarize_record(summarizer, raw, lineno=lineno, budget=budget, source=source)


def oversized(name: str, lineno: int, exc: InputError,
              flag: Callable[[str], str | None] | None = None) -> Outcome:
    """The error line of an input line that was not read (over the size limit); ``flag``
    names the parameter its remedy raises (default: the library's own name)."""
    text = exc.worded(flag(exc.option)) if flag is not None and exc.option else str(exc)
    error = one_line(text.removeprefix(f"{name}, line {lineno}: "))
    line = json.dumps({"id": None, "line": lineno, "error": error}, ensure_ascii=False)
    return Outcome(line=line, lineno=lineno, id=None, error=error)


def export_model_once(settings: Settings) -> None:
    """Export the ONNX model here, once, rather than in every worker at the same time."""
    if settings.backend != "onnx":
        return
    from ..embed.onnx_backend import OnnxEncoder, export_onnx

    encoder = OnnxEncoder()
    if not encoder.onnx_path.is_file():
        export_onnx(encoder.model_dir, encoder.onnx_path)


def pending(source: Path, options: BatchOptions, skip: int
            ) -> Iterator[tuple[int, bytes | InputError]]:
    """The input lines after the first ``skip``: (line number, the line or why it was not read)."""
    return ((lineno, raw) for i, (lineno, raw) in enumerate(
        records(source, options.max_bytes)) if i >= skip)


def worker_settings(options: BatchOptions, cache: bool, threads: int | None) -> Settings:
    """One worker's summarizer settings: the batch's, with its own cache and threads."""
    return dataclasses.replace(options.settings, cache=cache, threads=threads)
