"""Each story's digest, on the engines of ``summarize batch``: this process, a local process
pool, or Ray (Moritz et al. 2018).

The work on one story is :func:`digest_story`, a pure top-level function of a
:class:`StoryTask`: the story's articles with their sentences already encoded (their vectors
travel with them: nothing is encoded again in a worker, and a worker loads no model), the
budget, the options and the query's vector. Its outcome depends on the task alone, so that the
digests are the same, byte for byte, in this process, on any number of local workers and on
Ray; they come back in the order of the tasks.
"""

from __future__ import annotations

import importlib
import os
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..digest import Digest, build_digest
from ..errors import BudgetError, InputError, SummarizeError, SummarizeWarning, UsageError
from ..group import GroupOptions
from ..select import SelectOptions, select
from ..text import one_line
from ..types import Budget
from .articles import Article, story_analysis

#: Where the digests can run: ``local`` (this process, or a pool of processes), ``ray``.
ENGINES = ("local", "ray")
#: Seconds between a local worker's looks at whether its parent is still there.
PARENT_POLL_SECONDS = 1.0


@dataclass(frozen=True)
class StoryTask:
    """Everything one story's digest depends on."""

    id: str  #: the story's id (the digest's ``id``)
    articles: tuple[Article, ...]  #: in the story's order
    budget: Budget
    group_options: GroupOptions
    select_options: SelectOptions
    query: np.ndarray | None = field(default=None, repr=False)  #: the query's unit vector
    salience: bool = False  #: weigh the learned salience prior in (generic digests only)


@dataclass(frozen=True)
class StoryOutcome:
    """A story's digest, or why it has none (a budget nothing fits in)."""

    digest: Digest | None
    error: str | None = None
    kind: str | None = None  #: the error's kind: ``"budget"`` or ``"input"``
    warnings: tuple[str, ...] = ()  #: SummarizeWarnings raised on the way (one line each)


def digest_story(task: StoryTask) -> StoryOutcome:
    """The digest of one story, as :meth:`~summarize.summarizer.Summarizer.digest` makes it
    of the story's articles alone. A budget nothing fits in (and a story whose every sentence
    needs one before it) gives the outcome's ``error``; any other exception propagates."""
    digest: Digest | None = None
    error: str | None = None
    kind: str | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SummarizeWarning)
        try:
            analysis = story_analysis(task.articles, task.group_options)
            relevance = None if task.query is None else analysis.vectors @ task.query
            prior = None
            if task.salience and task.query is None and analysis.first_layer is not None:
                from ..select.salience import salience

                prior = salience(analysis)
            selection = select(analysis, task.budget, task.select_options,
                               relevance=relevance, salience=prior)
            digest = build_digest(analysis, selection, task.budget, id=task.id)
        except (BudgetError, InputError) as exc:
            error = one_line(str(exc))
            kind = "budget" if isinstance(exc, BudgetError) else "input"
    notes = tuple(one_line(str(w.message)) for w in caught
                  if issubclass(w.category, SummarizeWarning))
    return StoryOutcome(digest=digest, error=error, kind=kind, warnings=notes)


def check_engine(engine: str, workers: int | None, address: str | None) -> None:
    """:class:`~summarize.errors.UsageError` for an engine setting :func:`run_digests`
    refuses."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}",
                         option="engine")
    if address is not None and engine != "ray":
        raise UsageError("an address is for the Ray engine", option="address",
                         remedy="{option} needs the ray engine")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int)
                                or workers < 1):
        raise UsageError(f"workers must be a whole number of at least 1, not {workers!r}",
                         option="workers")


def run_digests(
    tasks: Iterable[StoryTask],
    *,
    workers: int | None = 1,
    engine: str = "local",
    address: str | None = None,
) -> Iterator[StoryOutcome]:
    """The outcome of every task, in the order of the tasks. ``engine="local"``: ``workers``
    processes (1: this process; None: one per core); ``engine="ray"``: ``workers`` Ray tasks
    at a time (None: the cluster's CPUs) on the cluster at ``address`` (None: the one this
    process is connected to, else a local instance started for the run)."""
    check_engine(engine, workers, address)
    if engine == "ray":
        return _on_ray(tasks, workers, address)
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        return map(digest_story, tasks)
    return _on_pool(tasks, workers)


def _end_with_parent(parent: int) -> None:
    """A worker's start: Ctrl-C is the parent's to handle; and the worker ends when the
    parent is gone, however it went (a worker holds its own task queue's writing end, so a
    parent killed by a signal would otherwise leave it waiting for work for ever)."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _on_pool(tasks: Iterable[StoryTask], workers: int) -> Iterator[StoryOutcome]:
    import multiprocessing

    window: deque[Future[StoryOutcome]] = deque()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_end_with_parent,
                               initargs=(os.getpid(),),
                               mp_context=multiprocessing.get_context("spawn"))
    try:
        for task in tasks:
            window.append(pool.submit(digest_story, task))
            while len(window) > 4 * workers:
                yield _result(window.popleft())
        while window:
            yield _result(window.popleft())
    finally:
        pool.shutdown(wait=not window, cancel_futures=True)


def _result(future: Future[StoryOutcome]) -> StoryOutcome:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        raise SummarizeError("a worker process died (out of memory?); run again") from None


def _on_ray(tasks: Iterable[StoryTask], workers: int | None,
            address: str | None) -> Iterator[StoryOutcome]:
    try:
        ray: Any = importlib.import_module("ray")
    except ImportError:
        raise UsageError("the Ray engine needs Ray, which is not installed: "
                         "pip install 'summarize[ray]'", option="engine") from None
    started = not ray.is_initialized()
    if started:
        if address is None:
            ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False,
                     log_to_driver=False, logging_level="warning")
        else:
            ray.init(address=address, log_to_driver=False, logging_level="warning")
    window: deque[Any] = deque()
    try:
        width = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        remote = ray.remote(num_cpus=1)(digest_story)
        for task in tasks:
            window.append(remote.remote(task))
            while len(window) > 4 * width:
                yield _ray_result(ray, window.popleft())
        while window:
            yield _ray_result(ray, window.popleft())
    finally:
        for ref in window:
            ray.cancel(ref)
        if started:
            ray.shutdown()


def _ray_result(ray: Any, ref: Any) -> StoryOutcome:
    try:
        return ray.get(ref)  # type: ignore[no-any-return]
    except ray.exceptions.RayTaskError as exc:  # a bug in the worker: its own exception
        raise exc.as_instanceof_cause() from None
