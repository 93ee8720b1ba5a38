"""Where many pieces of work run: this process, a local pool of processes, or a Ray cluster
(Moritz et al. 2018). ``summarize batch`` (a cluster a piece) and ``summarize stories`` (a
story's digest a piece) both run on it.

:func:`run_tasks` calls ``work(state, item)`` for every item and gives the results back in the
order of the items, whatever the engine and the number of workers: ``state`` is what
``setup(*setup_args)`` made once per worker (a summarizer, and so one model per worker; None
without a setup). An item that is :class:`Ready` is a result known without a worker, given
back in its place. At most four items per worker are in flight. (One piece of work in a
process of its own while the caller goes on: :class:`summarize.beside.Beside`.)

Local workers never outlive the run: they end when their parent process dies, however it
dies (on Linux the kernel sends them SIGTERM, ``prctl(PR_SET_PDEATHSIG)``; elsewhere a thread
watches the parent), and a run that stops early (an error, Ctrl-C, SIGTERM turned into an
exception by the command line, a generator closed) kills them at once rather than waiting for
their work. They leave SIGINT and a SIGTERM sent to the whole process group to the parent,
which stops them itself. More workers than cores are not started: the cores are (a one-line
warning says so).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .errors import SummarizeError, SummarizeWarning, UsageError
from .machine import cores

__all__ = ["ENGINES", "Ready", "check_engine", "cores", "end_with_parent", "import_ray",
           "local_workers", "run_tasks"]

#: Where the work can run: ``local`` (this process, or a pool of processes), ``ray``.
ENGINES = ("local", "ray")
#: Seconds between two looks at the parent, where the kernel cannot signal its death.
PARENT_POLL_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Ready(Generic[R]):
    """A result known without a worker (it keeps its place among the others)."""

    value: R


def check_engine(engine: str, workers: int | None, address: str | None) -> None:
    """:class:`~summarize.errors.UsageError` for an engine setting :func:`run_tasks`
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


def local_workers(workers: int | None) -> int:
    """How many local processes run: ``workers`` (None: one per core, :func:`cores`), at most
    one per core (a one-line :class:`~summarize.errors.SummarizeWarning` when more were asked
    for)."""
    count = cores()
    if workers is None:
        return count
    if workers > count:
        warnings.warn(f"{workers:,} workers asked for, {count} started: one per core (more "
                      "would only cost memory)", SummarizeWarning, stacklevel=3)
        return count
    return workers


def run_tasks(
    work: Callable[[Any, T], R],
    items: Iterable[T | Ready[R]],
    *,
    engine: str = "local",
    workers: int | None = 1,
    address: str | None = None,
    setup: Callable[..., Any] | None = None,
    setup_args: tuple[Any, ...] = (),
    died: str = "a worker process died (out of memory?); run again",
) -> Iterator[R]:
    """``work(state, item)`` for every item, in the order of the items (see the module).
    ``engine="local"``: ``workers`` processes (1: this process; None: one per core; at most
    one per core); ``engine="ray"``: ``workers`` Ray actors (None: the cluster's CPUs) on the
    cluster at ``address`` (None: the one this process is connected to, else a local instance
    started for the run, of at most one actor per core). ``work`` and ``setup`` are top-level
    functions (they travel to the workers by name). ``died`` is the error when a worker
    dies."""
    check_engine(engine, workers, address)
    if engine == "ray":
        return _on_ray(work, items, workers, address, setup, setup_args, died)
    count = local_workers(workers)
    if count == 1:
        return _here(work, items, setup, setup_args)
    return _on_pool(work, items, count, setup, setup_args, died)


def _here(work: Callable[[Any, T], R], items: Iterable[T | Ready[R]],
          setup: Callable[..., Any] | None, setup_args: tuple[Any, ...]) -> Iterator[R]:
    """In this process; the setup made at the first item that needs it."""
    state: Any = None
    ready = False
    for item in items:
        if isinstance(item, Ready):
            yield item.value
            continue
        if not ready:
            state, ready = (setup(*setup_args) if setup is not None else None), True
        yield work(state, item)


_worker_state: Any = None


def _start_worker(parent: int, setup: Callable[..., Any] | None,
                  setup_args: tuple[Any, ...]) -> None:
    global _worker_state
    end_with_parent(parent)
    _worker_state = setup(*setup_args) if setup is not None else None


def _call(work: Callable[[Any, T], R], item: T) -> R:
    return work(_worker_state, item)


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


def _on_pool(work: Callable[[Any, T], R], items: Iterable[T | Ready[R]], workers: int,
             setup: Callable[..., Any] | None, setup_args: tuple[Any, ...],
             died: str) -> Iterator[R]:
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    window: deque[Future[R] | Ready[R]] = deque()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(), setup, setup_args),
    )
    finished = False
    try:
        for item in items:
            window.append(item if isinstance(item, Ready) else pool.submit(_call, work, item))
            while len(window) > 4 * workers:
                yield _result(window.popleft())
        while window:
            yield _result(window.popleft())
        finished = True
    except BrokenProcessPool:
        raise SummarizeError(died) from None
    except BaseException:  # stopped early (GeneratorExit included): the workers go now
        _kill_workers(pool)
        raise
    finally:  # stopped early: nothing waited for (a worker still starting ends with us)
        pool.shutdown(wait=finished, cancel_futures=not finished)


def _result(item: Future[R] | Ready[R]) -> R:
    return item.value if isinstance(item, Ready) else item.result()


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the workers now, their work not waited for. The pool then fails every future
    it holds (none is cancelled here: Python 3.11's pool cannot fail a cancelled one)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError):
            process.kill()


def import_ray() -> Any:
    """The ``ray`` module; a one-line :class:`UsageError` where it is not installed."""
    try:
        import ray
    except ImportError:
        raise UsageError("the Ray engine needs Ray, which is not installed: "
                         "pip install 'summarize[ray]'", option="engine") from None
    return ray


class _RayWorker:
    """One Ray actor: its state (a model, say) made once, for every item it is given."""

    def __init__(self, setup: Callable[..., Any] | None, setup_args: tuple[Any, ...]) -> None:
        self.state = setup(*setup_args) if setup is not None else None

    def run(self, work: Callable[[Any, T], R], item: T) -> R:
        return work(self.state, item)


def _on_ray(work: Callable[[Any, T], R], items: Iterable[T | Ready[R]], workers: int | None,
            address: str | None, setup: Callable[..., Any] | None,
            setup_args: tuple[Any, ...], died: str) -> Iterator[R]:
    ray = import_ray()
    started = not ray.is_initialized()
    if started:
        if address is None:  # a local instance: at most one actor per core, as local workers
            workers = local_workers(workers)
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                     logging_level="warning")
        else:
            ray.init(address=address, log_to_driver=False, logging_level="warning")
    try:
        cpus = int(ray.cluster_resources().get("CPU", 0))
        if workers is None:
            workers = max(1, cpus)
        elif workers > cpus:
            raise UsageError(f"{workers} workers are more than the {cpus} CPUs of the Ray "
                             "cluster (each worker takes one)", option="workers")
        actor = ray.remote(num_cpus=1)(_RayWorker)
        actors = [actor.remote(setup, setup_args) for _ in range(workers)]
        window: deque[Any] = deque()
        try:
            for n, item in enumerate(items):
                window.append(item if isinstance(item, Ready)
                              else actors[n % workers].run.remote(work, item))
                while len(window) > 4 * workers:
                    yield _ray_result(ray, window.popleft(), died)
            while window:
                yield _ray_result(ray, window.popleft(), died)
        finally:
            for ref in window:
                if not isinstance(ref, Ready):
                    ray.cancel(ref)
            for worker in actors:
                ray.kill(worker)
    finally:
        if started:
            ray.shutdown()


def _ray_result(ray: Any, item: Any, died: str) -> Any:
    if isinstance(item, Ready):
        return item.value
    try:
        return ray.get(item)
    except ray.exceptions.RayActorError:
        raise SummarizeError(died) from None
    except ray.exceptions.RayTaskError as exc:  # a bug in the worker: its own exception
        raise exc.as_instanceof_cause() from None
