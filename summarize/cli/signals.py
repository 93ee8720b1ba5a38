"""SIGTERM as Ctrl-C, for the commands that run workers (``batch``, ``stories``): raised in the
main thread, so that a run stops as on Ctrl-C, its workers stopped and what it keeps kept."""

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
