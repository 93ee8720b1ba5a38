"""One piece of work in a fresh Python process while the caller goes on (:class:`Beside`): the
stories' grouping, which reads the articles' words only, runs so while their leads are
encoded, and the later half of many stories' digests while this process makes the others
(:func:`.stories.digests.run_digests`). The process ends with its parent, as the engine's workers do
(:func:`.engine.end_with_parent`)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import IO, Any, Generic, TypeVar

from .engine import end_with_parent
from .errors import SummarizeError

__all__ = ["Beside", "can_start", "halfway"]

R = TypeVar("R")


def can_start() -> bool:
    """Whether a :class:`Beside` process can be started here: on a POSIX system, from a Python
    interpreter (not a frozen application, nor a host that embeds Python under another
    name)."""
    name = os.path.basename(sys.executable or "").lower()
    return (os.name == "posix" and name.startswith(("python", "pypy"))
            and not getattr(sys, "frozen", False))


def halfway(sizes: Sequence[int]) -> int:
    """Where to cut work of these sizes (in order) between this process, which takes those
    before the cut, and one beside it: the place that leaves the busier of the two the least,
    of equals the latest (``len(sizes)``, nothing beside, when that is as good)."""
    total, before = sum(sizes), [0]
    for size in sizes:
        before.append(before[-1] + size)
    return min(range(len(sizes), -1, -1), key=lambda k: max(before[k], total - before[k]))


class Beside(Generic[R]):
    """``work(*args)`` in a fresh Python process while this one goes on: ``with Beside(work,
    *args) as job: …; job.result()``. The process is this interpreter started with its own
    flags and ``-P -c`` (it imports ``work``'s module, never the caller's script, which so
    needs no ``__main__`` guard), in a session of its own (a terminal's Ctrl-C is the
    caller's); it takes the caller's ``sys.path``, then the call, pickled by a thread straight
    into its standard input (the caller neither waits for its start nor holds a pickled copy of
    the call, so ``args`` must not change until :meth:`result`; a call that does not pickle
    raises its own error there), and gives back the result or the exception through its
    standard output. It ends with its parent
    (:func:`end_with_parent`), and leaving the ``with`` before the result (an error, Ctrl-C)
    kills it at once. ``here=True`` runs ``work`` in this process instead, when
    :meth:`result` is asked (work too small to pay for a process's start), as it does where
    no process can be started (:func:`can_start`)."""

    def __init__(self, work: Callable[..., R], *args: Any, here: bool = False,
                 died: str = "a worker process died (out of memory?); run again") -> None:
        self._call, self._died = (work, args), died
        self._process: subprocess.Popen[bytes] | None = None
        if here or not can_start():
            return
        flags: list[str] = getattr(subprocess, "_args_from_interpreter_flags", list)()
        try:
            self._process = subprocess.Popen(
                [sys.executable, *flags, "-P", "-c", _BESIDE, str(os.getpid())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True)
        except OSError:  # no process can be started: the work runs here
            return
        self._unsent: list[BaseException] = []  # why the call could not be given (pickling)
        self._giver = threading.Thread(
            target=_give, args=(self._process, (list(sys.path), (work, args)), self._unsent),
            daemon=True, name="summarize-beside-call")
        self._giver.start()

    def result(self) -> R:
        """What ``work(*args)`` returned (its exception, raised here, when it raised)."""
        if self._process is None:
            work, args = self._call
            return work(*args)
        try:
            ok, value = pickle.load(self._process.stdout)  # type: ignore[arg-type]
        except (EOFError, pickle.UnpicklingError):
            self._giver.join()
            if self._unsent:  # the call did not pickle: the process had nothing to do
                raise self._unsent[0] from None
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


def _give(process: subprocess.Popen[bytes],
          call: tuple[list[str], tuple[Callable[..., Any], tuple[Any, ...]]],
          unsent: list[BaseException]) -> None:
    """Pickle the call (``sys.path``, then the work and its arguments) straight into the
    process's standard input, a frame at a time (no copy of it all in memory), and close it;
    a call that does not pickle goes into ``unsent``, and the process, which can do nothing
    with a call cut short, is killed (a copy of the pipe in a forked process could keep it
    waiting). A process killed before it read it all: nothing to do."""
    path, work = call
    pipe: IO[bytes] = process.stdin  # type: ignore[assignment]
    try:
        try:
            pickle.dump(path, pipe, protocol=5)
            pickle.dump(work, pipe, protocol=5)
        except OSError:
            raise
        except Exception as exc:  # the call does not pickle
            unsent.append(exc)
            process.kill()
        finally:
            pipe.close()
    except OSError:  # the process is gone
        pass


_BESIDE = ("import sys, pickle; sys.path[:] = pickle.load(sys.stdin.buffer); "
           "from summarize.beside import _beside_main; _beside_main(int(sys.argv[1]))")


def _beside_main(parent: int) -> None:
    """The process of a :class:`Beside`: its call read from standard input, ``(True,
    result)`` or ``(False, exception)`` written to standard output (file descriptor 1 itself
    then points at standard error, so that what the work prints is not taken for them)."""
    end_with_parent(parent)
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        work, args = pickle.load(sys.stdin.buffer)
    except (EOFError, pickle.UnpicklingError):  # the call never came whole: the parent left
        os._exit(1)  # (or the call did not pickle: the parent kills this process)
    except Exception as exc:  # its module cannot be imported here, say
        work, args = _raise, (exc,)
    try:
        reply = (True, work(*args))
    except BaseException as exc:  # the caller raises it, with where it came from
        reply = (False, _portable(exc))
    try:
        payload = pickle.dumps(reply, protocol=5)
    except Exception as exc:  # a result that does not pickle
        payload = pickle.dumps((False, _portable(exc)), protocol=5)
    out.write(payload)
    out.flush()


def _raise(exc: BaseException) -> None:
    raise exc


def _portable(exc: BaseException) -> BaseException:
    """``exc`` with its traceback as a note, when it comes back whole through pickle; else a
    :class:`~summarize.errors.SummarizeError` that names it."""
    if not isinstance(exc, Exception):  # SystemExit, KeyboardInterrupt: not the caller's own
        return SummarizeError(f"the worker process stopped: {type(exc).__name__} {exc}".strip())
    exc.add_note("".join(traceback.format_exception(exc)).rstrip())
    try:
        pickle.loads(pickle.dumps(exc, protocol=5))
        return exc
    except Exception:
        return SummarizeError(f"{type(exc).__name__}: {exc}".rstrip(": "))
