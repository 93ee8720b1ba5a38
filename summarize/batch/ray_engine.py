"""The Ray engine (Moritz et al. 2018): the same per-line function on a Ray cluster, one actor
and so one model per worker, with the same output as the local engine, byte for byte."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, SummarizeError, UsageError
from ..summarizer import build_summarizer
from ..types import Budget
from . import work
from .work import BatchOptions, Outcome


class _RayWorker:
    """One Ray actor: one summarizer (one model), made once, for every line it is given."""

    def __init__(self, options: BatchOptions, cache: bool, threads: int | None) -> None:
        self.summarizer = build_summarizer(work.worker_settings(options, cache, threads))

    def work(self, raw: bytes, lineno: int, budget: Budget, source: str) -> Outcome:
        return work.summarize_record(self.summarizer, raw, lineno=lineno, budget=budget,
                                source=source)


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise UsageError(
            "the Ray engine needs Ray, which is not installed: pip install 'summarize[ray]'"
        ) from None
    return ray


def ray_outcomes(
    source: Path,
    options: BatchOptions,
    skip: int,
    workers: int | None,
    cache: bool,
    threads: int | None,
    address: str | None,
) -> Iterator[Outcome]:
    """:func:`~summarize.batch.local.local_outcomes` on Ray: ``workers`` actors (one CPU
    each) take the lines in turn, at most four each in flight; results come back in input
    order."""
    ray = import_ray()
    started = not ray.is_initialized()
    if started:
        if address is None:
            work.export_model_once(options.settings)  # here, not in every actor at once
            ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False,
                     log_to_driver=False, logging_level="warning")
        else:
            ray.init(address=address, log_to_driver=False, logging_level="warning")
    try:
        cpus = int(ray.cluster_resources().get("CPU", 0))
        if workers is None:
            workers = max(1, cpus)
        elif workers > cpus:
            raise UsageError(f"{workers} workers are more than the {cpus} CPUs of the Ray "
                             "cluster (each worker takes one)")
        actor = ray.remote(num_cpus=1)(_RayWorker)
        actors = [actor.remote(options, cache, threads or 1) for _ in range(workers)]
        name = str(source)
        window: deque[Any] = deque()
        try:
            for n, (lineno, raw) in enumerate(work.pending(source, options, skip)):
                if isinstance(raw, InputError):
                    window.append(work.oversized(name, lineno, raw))
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
