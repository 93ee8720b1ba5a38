"""Safe file output: a file appears whole or not at all, and an append-only file of lines
holds whole lines only.

:func:`atomic_writer` writes a temporary file beside the target, fsyncs it and moves it into
place (:func:`os.replace`, or :func:`os.link` when an existing file must not be replaced, so
that a file appearing meanwhile is not clobbered either), then fsyncs the directory.
:class:`LineLog` appends one line at a time, each flushed and fsynced; reading it back cuts a
torn last line (a write cut short by a kill or a power cut).
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import InputError, OutputError


def fsync_directory(directory: str | Path) -> None:
    """Make a rename or a new file in ``directory`` durable (where the system allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_error(path: str | Path, exc: OSError) -> OutputError:
    """A failed write as a one-line :class:`OutputError`."""
    return OutputError(f"{path}: cannot be written ({exc.strerror or exc})")


def _exists_error(target: Path) -> InputError:
    return InputError(f"{target}: already exists", option="overwrite",
                      remedy="use {option} to replace it")


@contextlib.contextmanager
def atomic_writer(path: str | Path, *, overwrite: bool = True, mode: str = "w") -> Iterator[IO]:
    """Write to a temporary file beside ``path``; on success fsync it and move it into place.

    On any exception the temporary file is removed and ``path`` is left as it was; a failing
    write (no space left, say) raises :class:`OutputError`. With ``overwrite=False`` an
    existing file is refused (:class:`InputError`), before the body runs and again,
    atomically, when the file is moved into place.
    """
    target = Path(path)
    if not overwrite and target.exists():
        raise _exists_error(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{target}: the directory {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise write_error(target, exc) from None
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding, newline=None if "b" in mode else "") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp made it private; give it a new file's mode
        if overwrite:
            os.replace(tmp, target)
        else:
            _move_without_replacing(tmp, target)
        fsync_directory(directory)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_error(target, exc) from None
        raise


def _move_without_replacing(tmp: str, target: Path) -> None:
    try:
        os.link(tmp, target)  # fails if target exists, however it got there
    except FileExistsError:
        raise _exists_error(target) from None
    except OSError:  # a file system without hard links: check, then rename
        if target.exists():
            raise _exists_error(target) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


@functools.cache
def _umask() -> int:
    # os.umask can only be read by setting it: do it once, not on every write
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_writer(path, overwrite=overwrite) as fh:
        fh.write(text)


class LineLog:
    """An append-only file of whole lines (UTF-8, one record a line).

    :meth:`recover` reads back the whole lines and cuts a torn last one off the file;
    :meth:`append` writes one line and fsyncs it before returning, so a line reported written
    survives a crash.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._fh: IO[bytes] | None = None

    def recover(self) -> list[bytes]:
        """The whole lines in the file (without their newline); a torn last line (no newline)
        is cut off the file. A missing file holds no line."""
        try:
            return self._recover()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise write_error(self.path, exc) from None

    def _recover(self) -> list[bytes]:
        with self.path.open("r+b") as fh:
            lines: list[bytes] = []
            good = 0
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break
                lines.append(raw[:-1])
                good += len(raw)
            if fh.seek(0, os.SEEK_END) > good:
                fh.truncate(good)
                fh.flush()
                os.fsync(fh.fileno())
        return lines

    def start(self, *, fresh: bool) -> None:
        """Open for appending; ``fresh`` empties the file first (a new run)."""
        self.close()
        try:
            self._fh = self.path.open("wb" if fresh else "ab")
            if fresh:
                os.fsync(self._fh.fileno())
                fsync_directory(self.path.parent if str(self.path.parent) else ".")
        except OSError as exc:
            raise write_error(self.path, exc) from None

    def append(self, line: str) -> None:
        """Write one line (no line break in it) and fsync it."""
        if self._fh is None:
            raise ValueError(f"{self.path}: not open for appending (call start first)")
        if "\n" in line or "\r" in line:
            raise ValueError("a line of a LineLog cannot hold a line break")
        try:
            self._fh.write(line.encode("utf-8") + b"\n")
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError as exc:
            raise write_error(self.path, exc) from None

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
