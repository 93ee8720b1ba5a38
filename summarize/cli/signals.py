"""SIGTERM as Ctrl-C, for the commands that run workers (``batch``, ``stories``): raised in the
main thread, so that a run stops as on Ctrl-C, its workers stopped and what it keeps kept; and
a Ctrl-C that a loop of many items cannot lose (:func:`interrupt_kept`)."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

#: The exit status of a run stopped by SIGTERM (the shell's usual one).
TERMINATED_STATUS = 128 + signal.SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that a run stops as on Ctrl-C: the workers
    stopped, what was written so far kept (and no "leaked semaphore" warning from a process
    killed with its pool open)."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated()


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Interrupts:
    """Whether Ctrl-C came: :meth:`check` raises it again where a loop can see it."""

    def __init__(self) -> None:
        self.seen = False

    def check(self) -> None:
        if self.seen:
            raise KeyboardInterrupt


@contextlib.contextmanager
def interrupt_kept() -> Iterator[_Interrupts]:
    """Within the block, Ctrl-C raises :class:`KeyboardInterrupt` as usual and is also kept,
    so that the loop's :meth:`~_Interrupts.check` raises it again: an interrupt that lands in
    a finaliser (where Python reports and drops it) still stops the loop (main thread only)."""
    kept = _Interrupts()
    if threading.current_thread() is not threading.main_thread():
        yield kept
        return

    def on_interrupt(signum: int, frame: object) -> None:
        kept.seen = True
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield kept
    finally:
        signal.signal(signal.SIGINT, previous)
