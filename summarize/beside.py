"""One piece of work in a fresh Python process while the caller goes on (:class:`Beside`): the
stories' grouping, which reads the articles' words only, runs so while their sentences are
encoded. The process ends with its parent, as the engine's workers do
(:func:`.engine.end_with_parent`)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from .engine import end_with_parent
from .errors import SummarizeError

__all__ = ["Beside"]

R = TypeVar("R")


class Beside(Generic[R]):
    """``work(*args)`` in a fresh Python process while this one goes on: ``with Beside(work,
    *args) as job: …; job.result()``. The process is started as ``python -c`` (it imports
    ``work``'s module, never the caller's script, which so needs no ``__main__`` guard); the
    call and its result travel pickled through its standard input and output; it ends with
    its parent (:func:`end_with_parent`), and leaving the ``with`` before the result (an
    error, Ctrl-C) kills it at once. ``here=True`` runs ``work`` in this process instead, when
    :meth:`result` is asked (work too small to pay for a process's start), as it does where no
    process can be started (no interpreter to start, a frozen application)."""

    def __init__(self, work: Callable[..., R], *args: Any, here: bool = False,
                 died: str = "a worker process died (out of memory?); run again") -> None:
        self._call, self._died = (work, args), died
        self._process: subprocess.Popen[bytes] | None = None
        if not here and sys.executable and not getattr(sys, "frozen", False):
            call = pickle.dumps((work, args), protocol=5)
            root = str(Path(__file__).resolve().parent.parent)  # where this package is
            try:
                self._process = subprocess.Popen(
                    [sys.executable, "-c", _BESIDE, root, str(os.getpid())],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            except OSError:  # no process can be started: the work runs here
                return
            try:
                with self._process.stdin:  # type: ignore[union-attr]
                    self._process.stdin.write(call)  # type: ignore[union-attr]
            except OSError:  # it died at its start: result() says so
                pass
            except BaseException:  # stopped while it was given its work (Ctrl-C)
                self._close()
                raise

    def result(self) -> R:
        """What ``work(*args)`` returned (its exception, raised here, when it raised)."""
        if self._process is None:
            work, args = self._call
            return work(*args)
        try:
            ok, value = pickle.load(self._process.stdout)  # type: ignore[arg-type]
        except (EOFError, pickle.UnpicklingError):
            raise SummarizeError(self._died) from None
        finally:
            self._close()
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def _close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait()
            process.stdout.close()  # type: ignore[union-attr]

    def __enter__(self) -> Beside[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()


_BESIDE = ("import sys; sys.path.insert(0, sys.argv[1]); "
           "from summarize.beside import _beside_main; _beside_main(int(sys.argv[2]))")


def _beside_main(parent: int) -> None:
    """The process of a :class:`Beside`: its call read from standard input, ``(True,
    result)`` or ``(False, exception)`` written to standard output."""
    end_with_parent(parent)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # what the work prints is not the result
    try:
        work, args = pickle.load(sys.stdin.buffer)
    except Exception:  # the parent stopped before its call was whole: nothing to do
        os._exit(1)
    try:
        payload = pickle.dumps((True, work(*args)), protocol=5)
    except Exception as exc:  # the caller raises it
        try:
            payload = pickle.dumps((False, exc), protocol=5)
        except Exception:  # an exception that does not pickle: its words
            payload = pickle.dumps((False, SummarizeError(str(exc))), protocol=5)
    out.write(payload)
    out.flush()
