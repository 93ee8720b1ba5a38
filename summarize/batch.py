"""``summarize batch``: the digests of many clusters, one JSON line each, resumable, on every core.

The input is a JSON-lines file of clusters (``{"id", "documents": [...]}`` a line). Every
non-blank input line gives exactly one output line, in input order whatever the number of
workers: the cluster's digest (:meth:`~summarize.digest.Digest.to_json`, one line, with the
cluster's ``id``), or, for a line that cannot be summarized (broken JSON, no usable sentence, a
budget nothing fits in), ``{"id": ..., "line": N, "error": "..."}``, so that a resumed run does
not try it again.

:func:`summarize_record` (one input line in, one output line out) is the whole of the work on
one cluster and a pure top-level function: any engine can call it per cluster. :func:`run_batch`
is the local engine: a process pool (one :class:`~summarize.summarizer.Summarizer`, and so one
model, per worker process, made once), lines committed in input order, each appended and
fsynced (:class:`~summarize.io.LineLog`). ``engine="ray"`` runs the same function on a Ray cluster
(Moritz et al. 2018), one actor and so one model per worker, with the same output, byte for byte.

Resuming: while a run is unfinished, ``OUT.progress`` beside the output records the input and
the settings. Started again with the same input, output and settings, a run cuts a torn last
line, checks that the lines already written belong to the first input lines, and goes on from
there; the progress file is removed when the output is complete. An existing output without
a progress file, or one of other settings, is never replaced without ``force``.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .documents import (
    DEFAULT_MAX_BYTES,
    SummarizeWarning,
    cluster_from_json,
    iter_jsonl_lines,
    one_line,
    parse_json_line,
)
from .errors import InputError, SummarizeError, UsageError
from .io import LineLog, fsync_directory, write_atomic
from .select import Budget
from .summarizer import Summarizer

PROGRESS_SUFFIX = ".progress"
PROGRESS_FORMAT = "summarize.batch-progress/1"


@dataclass(frozen=True)
class BatchOptions:
    """What decides the output of a batch (a resumed run must use the same)."""

    budget: Budget = Budget()
    backend: str = "onnx"
    model: str | None = None
    threshold: float | None = None
    max_bytes: int = DEFAULT_MAX_BYTES  #: the longest input line (one cluster) read

    def to_dict(self) -> dict[str, Any]:
        return {
            "budget": {"kind": self.budget.kind, "limit": self.budget.limit},
            "backend": self.backend,
            "model": self.model,
            "threshold": self.threshold,
            "max_bytes": self.max_bytes,
        }


def build_summarizer(
    backend: str = "onnx",
    model: str | None = None,
    *,
    threshold: float | None = None,
    cache: bool = False,
    threads: int | None = None,
) -> Summarizer:
    """A :class:`Summarizer` with the encoder named by ``backend`` (see
    :func:`~summarize.embed.make_encoder`) and, if given, a grouping ``threshold``."""
    from .embed import make_encoder

    encoder = make_encoder(backend, model, cache=cache, threads=threads)
    if threshold is None:
        return Summarizer(encoder=encoder)
    return Summarizer(encoder=encoder, threshold=threshold)


@dataclass(frozen=True)
class Outcome:
    """What one input line gives: its output line (JSON, no newline) and what to report."""

    line: str
    lineno: int  #: the input line it comes from (from 1)
    id: str | None
    error: str | None = None  #: why the cluster could not be summarized
    warnings: tuple[str, ...] = ()  #: SummarizeWarnings raised on the way (one line each)


def summarize_record(
    summarizer: Summarizer,
    raw: bytes | str,
    *,
    lineno: int,
    budget: Budget,
    source: str = "",
) -> Outcome:
    """One JSON-lines cluster record in, one output line out.

    Input the summarizer refuses (:class:`~summarize.errors.SummarizeError`) becomes an error
    line, never an exception; any other exception is a bug and propagates. The output depends
    only on ``raw``, ``lineno`` (the default id, and the error line's ``line``) and ``budget``
    (and the summarizer's settings); ``source`` (the input's name) only names the line in
    warnings.
    """
    where = f"{source}, line {lineno}" if source else f"line {lineno}"
    cluster_id: str | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SummarizeWarning)
        try:
            obj = parse_json_line(raw)
            if isinstance(obj, dict) and isinstance(obj.get("id"), (str, int, float)):
                cluster_id = str(obj["id"])
            cluster = cluster_from_json(obj, str(lineno), name=where)
            cluster_id = cluster.id
            line = summarizer.digest(cluster, budget=budget).to_json(indent=None)
            error = None
        except SummarizeError as exc:
            error = one_line(str(exc).removeprefix(f"{where}: "))
            record = {"id": cluster_id, "line": lineno, "error": error}
            line = json.dumps(record, ensure_ascii=False)
    notes = tuple(
        one_line(str(w.message)) for w in caught if issubclass(w.category, SummarizeWarning)
    )
    return Outcome(line=line, lineno=lineno, id=cluster_id, error=error, warnings=notes)


# --- one summarizer per worker process -----------------------------------------------------

_worker_summarizer: Summarizer | None = None


def _init_worker(options: BatchOptions, cache: bool, threads: int | None) -> None:
    global _worker_summarizer
    _worker_summarizer = build_summarizer(
        options.backend, options.model, threshold=options.threshold, cache=cache, threads=threads
    )


def _work(raw: bytes, lineno: int, budget: Budget, source: str) -> Outcome:
    assert _worker_summarizer is not None, "the worker was not initialised"
    return summarize_record(_worker_summarizer, raw, lineno=lineno, budget=budget, source=source)


# --- the local engine ----------------------------------------------------------------------


@dataclass(frozen=True)
class BatchResult:
    """How a batch went."""

    total: int  #: clusters (non-blank lines) in the input
    resumed: int  #: lines that were already in the output when this run started
    written: int  #: lines this run wrote
    failed: int  #: error lines in the output (earlier runs included)


def progress_path(output: str | Path) -> Path:
    """Where the progress file of an unfinished batch writing ``output`` is kept."""
    return Path(str(output) + PROGRESS_SUFFIX)


def _records(path: Path, max_bytes: int) -> Iterator[tuple[int, bytes | InputError]]:
    return iter_jsonl_lines(path, max_line_bytes=max_bytes)


def _expected_id(lineno: int, raw: bytes | InputError) -> str | None:
    """The id the output line of an input line carries (see :func:`summarize_record`)."""
    if isinstance(raw, InputError):
        return None
    try:
        obj = parse_json_line(raw)
    except InputError:
        return None
    if not isinstance(obj, dict):
        return None
    value = obj.get("id")
    if value is None:
        return str(lineno)
    return str(value) if isinstance(value, (str, int, float)) else None


def _read_back(log: LineLog, source: Path, max_bytes: int) -> tuple[int, int]:
    """Check the output lines already written against the input: (lines, error lines)."""
    lines = log.recover()
    records = _records(source, max_bytes)
    failed = 0
    for n, raw_out in enumerate(lines, 1):
        try:
            out = json.loads(raw_out)
        except ValueError:
            raise UsageError(
                f"{log.path}: line {n} is not JSON; not resuming over it (use --force to start "
                "over)"
            ) from None
        entry = next(records, None)
        if entry is None:
            raise UsageError(
                f"{log.path} has more lines than {source} has clusters: not the output of this "
                "input (use --force to start over)"
            )
        lineno, raw = entry
        mismatch = (
            out.get("line") != lineno
            if "error" in out
            else out.get("id") != _expected_id(lineno, raw)
        )
        if mismatch:
            raise UsageError(
                f"{log.path}, line {n} does not match {source}, line {lineno}: the input "
                "changed since the run began (use --force to start over)"
            )
        failed += "error" in out
    return len(lines), failed


def _progress_record(source: Path, options: BatchOptions) -> dict[str, Any]:
    return {
        "format": PROGRESS_FORMAT,
        "input": str(source.resolve()),
        "settings": options.to_dict(),
    }


def _check_resumable(output: Path, source: Path, options: BatchOptions) -> bool:
    """Whether ``output`` is this batch's own unfinished output (True), or absent (False);
    a :class:`UsageError` for anything else."""
    progress = progress_path(output)
    if not output.exists():
        return False
    if not progress.exists():
        raise UsageError(f"{output} already exists (add --force to overwrite it)")
    try:
        saved = json.loads(progress.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    mine = _progress_record(source, options)
    if saved.get("format") != PROGRESS_FORMAT:
        raise UsageError(f"{progress}: not a progress file of summarize batch; "
                         f"add --force to overwrite {output}")
    differ = [k for k in mine["settings"] if saved.get("settings", {}).get(k) !=
              mine["settings"][k]]
    if saved.get("input") != mine["input"]:
        differ.insert(0, "input")
    if differ:
        raise UsageError(
            f"{output} is the unfinished output of a batch with another {', '.join(differ)}: "
            "run that command again to resume it, or add --force to start over"
        )
    return True


def count_records(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> int:
    """The clusters (non-blank lines) of a JSON-lines file."""
    return sum(1 for _ in _records(Path(path), max_bytes))


def run_batch(
    source: str | Path,
    output: str | Path,
    options: BatchOptions = BatchOptions(),
    *,
    workers: int | None = 1,
    force: bool = False,
    cache: bool = False,
    threads: int | None = None,
    progress: bool | None = None,
    report: Callable[[str], None] | None = None,
    engine: str = "local",
    address: str | None = None,
) -> BatchResult:
    """Summarize every cluster of ``source`` into ``output``, resuming an unfinished run.

    ``engine="local"``: ``workers`` processes (1: this process; None: the cores) each hold one
    summarizer; ``threads`` is each one's model threads (default: the cores shared out among
    the workers). ``engine="ray"``: ``workers`` Ray actors (None: the cluster's CPUs), each
    with one summarizer of ``threads`` model threads (default 1), on the Ray cluster at
    ``address`` (None: the one this process is connected to, else a local instance started
    for the run). The output is the same for every engine and number of workers. ``report``
    gets every error and warning as one line (default: standard error); ``progress`` shows a
    bar on standard error (default: when it is a terminal).
    """
    source, output = Path(source), Path(output)
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if address is not None and engine != "ray":
        raise UsageError("--address needs --engine ray")
    if workers is not None and workers < 1:
        raise UsageError(f"--workers must be at least 1, got {workers}")
    if engine == "ray":
        _import_ray()  # a missing Ray is an error before anything is written
    if not source.is_file():
        if not source.exists():
            raise InputError(f"{source}: no such file or directory")
        raise InputError(f"{source}: not a file (give a JSON-lines file of clusters)")
    if output.exists() and output.resolve() == source.resolve():
        raise UsageError(f"{output} is the input: give another output file")
    directory = output.parent if str(output.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{output}: the directory {directory} does not exist")
    if output.is_dir():
        raise UsageError(f"{output} is a directory: give an output file")
    say = report or (lambda line: print(line, file=sys.stderr))

    total = count_records(source, options.max_bytes)
    if total == 0:
        raise InputError(f"{source}: no cluster in this file (one JSON object a line)")
    resume = not force and _check_resumable(output, source, options)
    log = LineLog(output)
    done, failed = _read_back(log, source, options.max_bytes) if resume else (0, 0)
    if not resume:
        write_atomic(progress_path(output), json.dumps(_progress_record(source, options)) + "\n")
    log.start(fresh=not resume)
    written = 0
    try:
        if done < total:
            from tqdm import tqdm

            with tqdm(
                total=total,
                initial=done,
                unit="cluster",
                file=sys.stderr,
                disable=(not sys.stderr.isatty()) if progress is None else not progress,
                dynamic_ncols=True,
                mininterval=0.5,
            ) as bar:

                def tell(line: str) -> None:
                    if bar.disable:
                        say(line)
                    else:
                        tqdm.write(line, file=sys.stderr)

                if engine == "ray":
                    outcomes = _ray_outcomes(source, options, done, workers, cache, threads,
                                             address)
                else:
                    outcomes = _outcomes(source, options, done, workers or os.cpu_count() or 1,
                                         cache, threads)
                for outcome in outcomes:
                    for note in outcome.warnings:
                        tell(f"warning: {note}")
                    if outcome.error is not None:
                        cluster = f" (cluster {outcome.id})" if outcome.id is not None else ""
                        tell(f"error: {source}, line {outcome.lineno}{cluster}: {outcome.error}")
                        failed += 1
                    log.append(outcome.line)
                    written += 1
                    bar.update(1)
    finally:
        log.close()
    if done + written != total:  # the input changed while it was read
        raise InputError(f"{source}: changed while it was read; run again to finish")
    progress_path(output).unlink(missing_ok=True)
    fsync_directory(directory)
    return BatchResult(total=total, resumed=done, written=written, failed=failed)


ENGINES = ("local", "ray")


def _pending(source: Path, options: BatchOptions, skip: int
             ) -> Iterator[tuple[int, bytes | InputError]]:
    """The input lines after the first ``skip``: (line number, the line or why it was not read)."""
    return ((lineno, raw) for i, (lineno, raw) in enumerate(
        _records(source, options.max_bytes)) if i >= skip)


def _oversized(name: str, lineno: int, exc: InputError) -> Outcome:
    """The error line of an input line that was not read (over the size limit)."""
    error = one_line(str(exc).removeprefix(f"{name}, line {lineno}: "))
    line = json.dumps({"id": None, "line": lineno, "error": error}, ensure_ascii=False)
    return Outcome(line=line, lineno=lineno, id=None, error=error)


def _outcomes(
    source: Path,
    options: BatchOptions,
    skip: int,
    workers: int,
    cache: bool,
    threads: int | None,
) -> Iterator[Outcome]:
    """The outcome of every input line after the first ``skip``, in input order."""
    name = str(source)
    pending = _pending(source, options, skip)
    if workers == 1:
        summarizer: Summarizer | None = None
        for lineno, raw in pending:
            if isinstance(raw, InputError):
                yield _oversized(name, lineno, raw)
                continue
            if summarizer is None:
                summarizer = build_summarizer(options.backend, options.model,
                                              threshold=options.threshold, cache=cache,
                                              threads=threads)
            yield summarize_record(summarizer, raw, lineno=lineno, budget=options.budget,
                                   source=name)
        return

    import multiprocessing

    if threads is None:
        threads = max(1, (os.cpu_count() or 1) // workers)
    _export_model_once(options)
    window: deque[Future[Outcome] | Outcome] = deque()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(options, cache, threads),
    ) as pool:
        try:
            for lineno, raw in pending:
                if isinstance(raw, InputError):
                    window.append(_oversized(name, lineno, raw))
                else:
                    window.append(pool.submit(_work, raw, lineno, options.budget, name))
                while len(window) > 4 * workers:
                    yield _result(window.popleft())
            while window:
                yield _result(window.popleft())
        except BrokenProcessPool:
            raise SummarizeError(
                "a worker process died (out of memory?); run the same command again to resume"
            ) from None
        finally:
            for item in window:
                if isinstance(item, Future):
                    item.cancel()


def _result(item: Future[Outcome] | Outcome) -> Outcome:
    return item.result() if isinstance(item, Future) else item


def _export_model_once(options: BatchOptions) -> None:
    """Export the ONNX model here, once, rather than in every worker at the same time."""
    if options.backend != "onnx":
        return
    from .onnx_backend import OnnxEncoder, export_onnx

    encoder = OnnxEncoder()
    if not encoder.onnx_path.is_file():
        export_onnx(encoder.model_dir, encoder.onnx_path)


# --- the Ray engine ------------------------------------------------------------------------


class _RayWorker:
    """One Ray actor: one summarizer (one model), made once, for every line it is given."""

    def __init__(self, options: BatchOptions, cache: bool, threads: int | None) -> None:
        self.summarizer = build_summarizer(options.backend, options.model,
                                           threshold=options.threshold, cache=cache,
                                           threads=threads)

    def work(self, raw: bytes, lineno: int, budget: Budget, source: str) -> Outcome:
        return summarize_record(self.summarizer, raw, lineno=lineno, budget=budget,
                                source=source)


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise UsageError(
            "--engine ray needs Ray, which is not installed: pip install 'summarize[ray]'"
        ) from None
    return ray


def _ray_outcomes(
    source: Path,
    options: BatchOptions,
    skip: int,
    workers: int | None,
    cache: bool,
    threads: int | None,
    address: str | None,
) -> Iterator[Outcome]:
    """:func:`_outcomes` on Ray: ``workers`` actors (one CPU each) take the lines in turn, at
    most four each in flight; results come back in input order."""
    ray = _import_ray()
    started = not ray.is_initialized()
    if started:
        if address is None:
            _export_model_once(options)  # here, not in every actor at once
            ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False,
                     log_to_driver=False, logging_level="warning")
        else:
            ray.init(address=address, log_to_driver=False, logging_level="warning")
    try:
        cpus = int(ray.cluster_resources().get("CPU", 0))
        if workers is None:
            workers = max(1, cpus)
        elif workers > cpus:
            raise UsageError(f"--workers {workers} is more than the {cpus} CPUs of the Ray "
                             "cluster (each worker takes one)")
        actor = ray.remote(num_cpus=1)(_RayWorker)
        actors = [actor.remote(options, cache, threads or 1) for _ in range(workers)]
        name = str(source)
        window: deque[Any] = deque()
        try:
            for n, (lineno, raw) in enumerate(_pending(source, options, skip)):
                if isinstance(raw, InputError):
                    window.append(_oversized(name, lineno, raw))
                else:
                    window.append(actors[n % workers].work.remote(raw, lineno, options.budget,
                                                                  name))
                while len(window) > 4 * workers:
                    yield _ray_result(ray, window.popleft())
            while window:
                yield _ray_result(ray, window.popleft())
        finally:
            for item in window:
                if not isinstance(item, Outcome):
                    ray.cancel(item)
            for worker in actors:
                ray.kill(worker)
    finally:
        if started:
            ray.shutdown()


def _ray_result(ray: Any, item: Any) -> Outcome:
    if isinstance(item, Outcome):
        return item
    try:
        return ray.get(item)  # type: ignore[no-any-return]
    except ray.exceptions.RayActorError:
        raise SummarizeError(
            "a Ray worker died (out of memory?); run the same command again to resume"
        ) from None
    except ray.exceptions.RayTaskError as exc:  # a bug in the worker: show its own exception
        raise exc.as_instanceof_cause() from None
