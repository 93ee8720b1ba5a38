"""The local engine: a process pool, one summarizer (one model) per worker process.

Lines are handed out in input order and their outcomes come back in input order, at most four
per worker in flight; one worker runs in this process.

Workers never outlive the run: they end when their parent process dies, however it dies (on
Linux the kernel sends them SIGTERM, ``prctl(PR_SET_PDEATHSIG)``; elsewhere a thread watches
the parent), and a run that stops early (an error, Ctrl-C, SIGTERM turned into an exception by
the command line) kills them at once rather than waiting for their clusters. They leave SIGINT
and a SIGTERM sent to the whole process group to the parent, which stops them itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..errors import InputError, SummarizeError
from ..summarizer import Summarizer, build_summarizer
from ..types import Budget
from .work import (
    BatchOptions,
    Outcome,
    export_model_once,
    oversized,
    pending,
    summarize_record,
    worker_settings,
)

_worker_summarizer: Summarizer | None = None


#: Seconds between two looks at the parent, where the kernel cannot signal its death.
PARENT_POLL_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1


def _init_worker(options: BatchOptions, cache: bool, threads: int | None, parent: int) -> None:
    global _worker_summarizer
    end_with_parent(parent)
    _worker_summarizer = build_summarizer(worker_settings(options, cache, threads))


def end_with_parent(parent: int) -> None:
    """Make this (worker) process end when ``parent`` dies; leave Ctrl-C and a process
    group's SIGTERM to the parent while it lives."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def on_term(signum: int, frame: object) -> None:
        if os.getppid() != parent:  # the parent died (PR_SET_PDEATHSIG): go too
            os._exit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    if not _parent_death_signal():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                         name="summarize-parent-watch").start()
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)


def _parent_death_signal() -> bool:
    """Ask Linux for SIGTERM when the parent dies; False where that cannot be done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _work(raw: bytes, lineno: int, budget: Budget, source: str) -> Outcome:
    assert _worker_summarizer is not None, "the worker was not initialised"
    return summarize_record(_worker_summarizer, raw, lineno=lineno, budget=budget, source=source)


def local_outcomes(
    source: Path,
    options: BatchOptions,
    skip: int,
    workers: int,
    cache: bool,
    threads: int | None,
) -> Iterator[Outcome]:
    """The outcome of every input line after the first ``skip``, in input order."""
    name = str(source)
    lines = pending(source, options, skip)
    if workers == 1:
        summarizer: Summarizer | None = None
        for lineno, raw in lines:
            if isinstance(raw, InputError):
                yield oversized(name, lineno, raw)
                continue
            if summarizer is None:
                summarizer = build_summarizer(worker_settings(options, cache, threads))
            yield summarize_record(summarizer, raw, lineno=lineno, budget=options.budget,
                                   source=name)
        return

    import multiprocessing

    if threads is None:
        threads = max(1, (os.cpu_count() or 1) // workers)
    export_model_once(options.settings)
    window: deque[Future[Outcome] | Outcome] = deque()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(options, cache, threads, os.getpid()),
    ) as pool:
        try:
            for lineno, raw in lines:
                if isinstance(raw, InputError):
                    window.append(oversized(name, lineno, raw))
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
        except BaseException:  # stopped early (GeneratorExit included): the workers go now
            _kill_workers(pool)
            raise


def _result(item: Future[Outcome] | Outcome) -> Outcome:
    return item.result() if isinstance(item, Future) else item


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the workers now, their clusters not waited for. The pool then fails every future
    it holds (none is cancelled here: Python 3.11's pool cannot fail a cancelled one)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError):
            process.kill()
