"""``summarize batch``: the digests of many clusters, one JSON line each, resumable, on every core.

The input is a JSON-lines file of clusters (``{"id", "documents": [...]}`` a line). Every
non-blank input line gives exactly one output line, in input order whatever the number of
workers: the cluster's digest (:meth:`~summarize.digest.Digest.to_json`, one line, with the
cluster's ``id``), or, for a line that cannot be summarized (broken JSON, no usable sentence, a
budget nothing fits in), ``{"id": ..., "line": N, "error": "..."}``, so that a resumed run does
not try it again.

:func:`summarize_record` (one input line in, one output line out) is the whole of the work on
one cluster and a pure top-level function: any engine can call it per cluster. :func:`run_batch`
is the whole of a run. The work runs on :mod:`summarize.engine` (the engine ``stories`` runs
on too): this process, a local process pool or a Ray cluster (Moritz et al. 2018), one
:class:`~summarize.summarizer.Summarizer`, and so one model, per worker, made once; the lines
come back in input order, each appended and fsynced (:class:`~summarize.io.LineLog`), the same
output, byte for byte, on every engine.

Resuming (:mod:`.resume`): while a run is unfinished, ``OUT.progress`` beside the output
records the input and
the settings. Started again with the same input, output and settings, a run cuts a torn last
line, checks that the lines already written belong to the first input lines, and goes on from
there; the progress file is removed when the output is complete. Neither is made before the
first line is done (:class:`BatchOutput`): a run that fails at start-up leaves no file. An
existing output without
a progress file, or one of other settings, is never replaced without ``force``. An output
that is a device, a FIFO or a socket (``/dev/null``, a named pipe) is written through, from
the first line, with no progress file: it cannot be resumed, and nothing is left beside it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine import ENGINES, Ready, check_engine, import_ray, local_workers, run_tasks
from ..errors import InputError, UsageError
from ..io import LineLog, fsync_directory, output_target, write_atomic
from ..machine import cores
from .resume import (
    check_progress_path,
    check_resumable,
    count_records,
    progress_path,
    progress_record,
    read_back,
)
from .work import (
    BatchOptions,
    Outcome,
    export_model_once,
    oversized,
    pending,
    summarize_record,
    work_line,
    worker_summarizer,
)

__all__ = [
    "ENGINES",
    "BatchOptions",
    "BatchResult",
    "Outcome",
    "check_engine",
    "progress_path",
    "run_batch",
    "summarize_record",
]

_DEFAULT_OPTIONS = BatchOptions()


@dataclass(frozen=True)
class BatchResult:
    """How a batch went."""

    total: int  #: clusters (non-blank lines) in the input
    resumed: int  #: lines that were already in the output when this run started
    written: int  #: lines this run wrote
    failed: int  #: error lines in the output (earlier runs included)


def run_batch(
    source: str | Path,
    output: str | Path,
    options: BatchOptions = _DEFAULT_OPTIONS,
    *,
    workers: int | None = 1,
    force: bool = False,
    cache: bool = False,
    threads: int | None = None,
    progress: bool | None = None,
    report: Callable[[str], None] | None = None,
    engine: str = "local",
    address: str | None = None,
    flag: Callable[[str], str | None] | None = None,
) -> BatchResult:
    """Summarize every cluster of ``source`` into ``output``, resuming an unfinished run.

    ``engine="local"``: ``workers`` processes (1: this process; None: the cores) each hold one
    summarizer; ``threads`` is each one's model threads (default: the cores shared out among
    the workers). ``engine="ray"``: ``workers`` Ray actors (None: the cluster's CPUs), each
    with one summarizer of ``threads`` model threads (default 1), on the Ray cluster at
    ``address`` (None: the one this process is connected to, else a local instance started
    for the run). The output is the same for every engine and number of workers. ``report``
    gets every error and warning as one line (default: standard error); ``progress`` shows a
    bar on standard error (default: when it is a terminal). ``flag`` names the parameter an
    error line's remedy raises as the caller's user knows it (the command line: its flags;
    default: the library's parameter, ``max_bytes``).
    """
    source, output = Path(source), Path(output)
    check_engine(engine, workers, address)
    if engine == "ray":
        import_ray()  # a missing Ray is an error before anything is written
    directory = check_paths(source, output)
    say = report or (lambda line: print(line, file=sys.stderr))

    total = count_records(source, options.max_bytes)
    if total == 0:
        raise InputError(f"{source}: no cluster in this file (one JSON object a line)")
    out = plan_output(source, output, options, force)
    done, failed = out.done, out.failed
    written = 0
    outcomes: Iterator[Outcome] = iter(())
    try:
        if done < total:
            from tqdm import tqdm

            from ..progress import progress_bar

            with progress_bar(total, done, progress, 0.5) as bar:

                def tell(line: str) -> None:
                    if bar.disable:
                        say(line)
                    else:
                        tqdm.write(line, file=sys.stderr)

                outcomes = batch_outcomes(source, options, done, engine=engine,
                                          workers=workers, address=address, cache=cache,
                                          threads=threads, flag=flag)
                for outcome in outcomes:
                    for note in outcome.warnings:
                        tell(f"warning: {note}")
                    if outcome.error is not None:
                        cluster = f" (cluster {outcome.id})" if outcome.id is not None else ""
                        tell(f"error: {source}, line {outcome.lineno}{cluster}: {outcome.error}")
                        failed += 1
                    out.append(outcome.line)
                    written += 1
                    bar.update(1)
    finally:
        close = getattr(outcomes, "close", None)
        if close is not None:  # stop the workers now, not when the generator is collected
            close()
        out.log.close()
    if done + written != total:  # the input changed while it was read
        raise InputError(f"{source}: changed while it was read; run again to finish")
    if not out.special:
        progress_path(output).unlink(missing_ok=True)
    fsync_directory(directory)
    return BatchResult(total=total, resumed=done, written=written, failed=failed)


@dataclass
class BatchOutput:
    """The output of a run, checked but not yet touched: :meth:`append` opens it at the first
    line, so that a run failing before it has a line (a model that cannot be loaded, an
    unusable cache directory, Ctrl-C while the workers start) creates no file and leaves an
    existing one as it was. A fresh run then records its input and settings beside the output
    and starts it empty (an output that appeared meanwhile is not replaced without ``force``);
    a resumed run appends to its own. A device or a FIFO (``special``) is written through."""

    source: Path
    log: LineLog
    done: int  #: lines already written by an earlier run
    failed: int  #: error lines among them
    special: bool
    resume: bool
    settings: dict[str, Any]
    force: bool
    started: bool = False

    def append(self, line: str) -> None:
        if not self.started:
            self._start()
            self.started = True
        self.log.append(line)

    def _start(self) -> None:
        if self.resume or self.special:
            self.log.start(fresh=not self.resume)
            return
        progress = progress_path(self.log.path)
        write_atomic(progress, json.dumps(progress_record(self.source, self.settings)) + "\n")
        try:
            self.log.start(fresh=True, exclusive=not self.force)
        except FileExistsError:
            progress.unlink(missing_ok=True)
            raise UsageError(f"{self.log.path} already exists", option="force",
                             remedy="add {option} to overwrite it") from None


def plan_output(source: Path, output: Path, options: BatchOptions,
                force: bool) -> BatchOutput:
    """The output's :class:`BatchOutput`: resumed (its lines done and failed read back, a torn
    last line cut) unless ``force`` or the output is a device or a FIFO (``special``: written
    through, not resumable); nothing is created or replaced here."""
    special = output_target(output)[1]
    if not special:
        check_progress_path(output)
    resume = not force and not special and check_resumable(output, source, options.to_dict())
    log = LineLog(output)
    done, failed = read_back(log, source, options.max_bytes) if resume else (0, 0)
    return BatchOutput(source=source, log=log, done=done, failed=failed, special=special,
                       resume=resume, settings=options.to_dict(), force=force)


def check_paths(source: Path, output: Path) -> Path:
    """Refuse, before anything is written, an input that is no file and an output that is the
    input, a directory or in no directory; the output's directory."""
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
    return directory


def batch_outcomes(
    source: Path, options: BatchOptions, skip: int, *, engine: str, workers: int | None,
    address: str | None, cache: bool, threads: int | None,
    flag: Callable[[str], str | None] | None = None,
) -> Iterator[Outcome]:
    """The outcome of every input line after the first ``skip``, in input order, on the
    engine (:func:`~summarize.engine.run_tasks`): one summarizer per worker. A local worker's
    model threads default to the cores shared out among the workers; a Ray actor's to 1.
    ``flag``: as :func:`run_batch`'s."""
    name = str(source)
    items = (Ready(oversized(name, lineno, raw, flag)) if isinstance(raw, InputError)
             else (raw, lineno, options.budget, name)
             for lineno, raw in pending(source, options, skip))
    if engine == "ray":
        threads = threads or 1
        if address is None:
            export_model_once(options.settings)  # here, not in every actor at once
    else:
        workers = local_workers(workers)
        if workers > 1:
            threads = threads or max(1, cores() // workers)
            export_model_once(options.settings)
    return run_tasks(work_line, items, engine=engine, workers=workers, address=address,
                     setup=worker_summarizer, setup_args=(options, cache, threads),
                     died="a worker process died (out of memory?); run the same command "
                          "again to resume")
