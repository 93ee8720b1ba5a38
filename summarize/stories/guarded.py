"""The state's SQLite connection, guarded (:mod:`.state`): every SQLite failure, and every
value read from it that no run wrote, is one line naming the file (:func:`sqlite_error`)."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..errors import InputError, OutputError, SummarizeError
from ..text import one_line

_Method = TypeVar("_Method", bound=Callable[..., Any])


def sqlite_error(path: Path, exc: sqlite3.Error) -> SummarizeError:
    """What a failed SQLite call on the state at ``path`` means, in one line: the state in
    use by another run, not writable, full, or damaged."""
    why = one_line(str(exc)) or type(exc).__name__
    if "locked" in why or "busy" in why:
        return InputError(f"{path}: another run is using this state; run again when it has "
                          "finished")
    if "readonly" in why or "read-only" in why or "unable to open" in why:
        return OutputError(f"{path}: the state cannot be written ({why})", option="state",
                           remedy="make the file and its directory writable, or give {option} "
                                  "another directory")
    if "full" in why or isinstance(exc, sqlite3.OperationalError) and "disk" in why:
        return OutputError(f"{path}: the stories could not be saved ({why})")
    return InputError(f"{path}: the state is damaged ({why}); it is left as it is",
                      option="state", remedy="restore it from a backup, or give {option} "
                                             "another directory")


class _Rows:
    """The rows of one statement, all read at once (a damaged page fails here, not later)."""

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[Any]:
        return self.rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)


class Guarded:
    """The state's connection: every SQLite failure one line (:func:`sqlite_error`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.raw, self.path = conn, path

    def execute(self, sql: str, args: Sequence[Any] = ()) -> _Rows:
        try:
            return _Rows(self.raw.execute(sql, args).fetchall())
        except sqlite3.Error as exc:
            raise sqlite_error(self.path, exc) from None
        except OverflowError as exc:  # a number made from one no run wrote (a run count)
            raise sqlite_error(self.path, _unwritten(exc)) from None

    def executemany(self, sql: str, rows: Any) -> None:
        try:
            self.raw.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise sqlite_error(self.path, exc) from None
        except OverflowError as exc:  # an article number after one no run wrote
            raise sqlite_error(self.path, _unwritten(exc)) from None


def _unwritten(exc: Exception) -> sqlite3.DatabaseError:
    """A value read from the state that no run wrote, as the error :func:`sqlite_error`
    words as the state damaged."""
    return sqlite3.DatabaseError(
        f"a value no run wrote: {type(exc).__name__}: {one_line(str(exc))[:200]}")


def reads_values(method: _Method) -> _Method:
    """A method of the state that reads its values: one a run did not write (a row edited by
    hand, or by another program: not JSON, a field it does not know, a vector of another
    size, a count that is no number) is the state damaged, in one line."""

    @functools.wraps(method)
    def read(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (ValueError, TypeError, KeyError) as exc:  # a JSONDecodeError is a ValueError
            raise sqlite_error(self.path, _unwritten(exc)) from None

    return read  # type: ignore[return-value]
