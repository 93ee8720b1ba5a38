"""The local engine: a process pool, one summarizer (one model) per worker process.

Lines are handed out in input order and their outcomes come back in input order, at most four
per worker in flight; one worker runs in this process.
"""

from __future__ import annotations

import os
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


def _init_worker(options: BatchOptions, cache: bool, threads: int | None) -> None:
    global _worker_summarizer
    _worker_summarizer = build_summarizer(worker_settings(options, cache, threads))


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
        initargs=(options, cache, threads),
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
        finally:
            for item in window:
                if isinstance(item, Future):
                    item.cancel()


def _result(item: Future[Outcome] | Outcome) -> Outcome:
    return item.result() if isinstance(item, Future) else item




