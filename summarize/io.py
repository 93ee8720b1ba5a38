"""Safe file output: a file appears whole or not at all, and an append-only file of lines
holds whole lines only; what is not ours is never replaced.

:func:`atomic_writer` writes a temporary file beside the target, fsyncs it and moves it into
place (:func:`os.replace`, or :func:`os.link` when an existing file must not be replaced, so
that a file appearing meanwhile is not clobbered either), then fsyncs the directory.
:class:`LineLog` appends one line at a time, each flushed and fsynced; reading it back cuts a
torn last line (a write cut short by a kill or a power cut).

Only regular files are ever replaced (:func:`output_target`). A symbolic link is followed: its
target file is the one written (atomically), the link itself stays. A device, a FIFO or a
socket (``/dev/null``, ``/dev/stdout``, a named pipe) is written through: opened for writing
and written in place, with no temporary file and no rename, since there is nothing to replace
(nor an existing file to protect: writing to one needs no ``overwrite``).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .errors import InputError, OutputError, UsageError


def _fsync(fd: int) -> None:
    """fsync, where the file allows it (a device or a pipe does not: nothing to make durable)."""
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EROFS):
            raise


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
                      remedy="add {option} to overwrite it")


def output_target(path: str | Path) -> tuple[Path, bool]:
    """Where writing ``path`` goes: the file itself, or the file a symbolic link leads to
    (links followed to the end), and whether that is a device, a FIFO or a socket, which is
    written through rather than replaced (``/dev/stdout`` included, whose link names no file).
    :class:`OutputError` for a loop of symbolic links."""
    given = Path(path)
    try:
        mode: int | None = given.stat().st_mode  # through every link, /proc's own included
    except OSError:
        mode = None  # not there (yet), a dangling link, or a loop
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return given, True
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    if target.is_symlink():  # realpath stops where it finds a loop
        raise OutputError(f"{given}: cannot be written (a loop of symbolic links)")
    return target, False


def replaces_file(path: str | Path) -> bool:
    """Whether writing ``path`` would replace an existing file (a link's target file
    included); never for a device, a FIFO or a socket, which are written through."""
    target, special = output_target(path)
    return not special and target.exists()


@contextlib.contextmanager
def atomic_writer(path: str | Path, *, overwrite: bool = True, mode: str = "w") -> Iterator[IO]:
    """Write to a temporary file beside ``path``; on success fsync it and move it into place.

    On any exception the temporary file is removed and ``path`` is left as it was; a failing
    write (no space left, say) raises :class:`OutputError`. With ``overwrite=False`` an
    existing file is refused (:class:`InputError`), before the body runs and again,
    atomically, when the file is moved into place. A symbolic link's target file is written
    (the link stays); a device, a FIFO or a socket is written through (see the module).
    """
    target, special = output_target(path)
    if special:
        with _write_through(target, Path(path), mode) as fh:
            yield fh
        return
    if not overwrite and target.exists():
        raise _exists_error(Path(path))
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: the directory {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise write_error(path, exc) from None
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
            _move_without_replacing(tmp, target, Path(path))
        fsync_directory(directory)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_error(path, exc) from None
        raise


@contextlib.contextmanager
def _write_through(target: Path, name: Path, mode: str) -> Iterator[IO]:
    """Write into a device, a FIFO or a socket in place (no temporary file, no rename)."""
    encoding = None if "b" in mode else "utf-8"
    try:
        with open(target, mode, encoding=encoding, newline=None if "b" in mode else "") as fh:
            yield fh
            fh.flush()
            _fsync(fh.fileno())
    except OSError as exc:
        raise write_error(name, exc) from None


def _move_without_replacing(tmp: str, target: Path, name: Path) -> None:
    try:
        os.link(tmp, target)  # fails if target exists, however it got there
    except FileExistsError:
        raise _exists_error(name) from None
    except OSError:  # a file system without hard links: check, then rename
        if target.exists():
            raise _exists_error(name) from None
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

    def start(self, *, fresh: bool, exclusive: bool = False) -> None:
        """Open for appending; ``fresh`` empties the file first (a new run). ``exclusive``
        (with ``fresh``): create the file (a symbolic link's target), and raise
        :class:`FileExistsError` where it exists, however it got there."""
        self.close()
        try:
            if exclusive:
                self._fh = open(os.path.realpath(self.path), "xb")
            else:
                self._fh = self.path.open("wb" if fresh else "ab")
            if fresh:
                _fsync(self._fh.fileno())
                fsync_directory(self.path.parent if str(self.path.parent) else ".")
        except OSError as exc:
            if isinstance(exc, FileExistsError) and exclusive:
                raise
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
            _fsync(self._fh.fileno())
        except OSError as exc:
            raise write_error(self.path, exc) from None

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def earlier_run(out_dir: Path, record: str, key: str, reports: Sequence[str],
                run: str) -> dict[str, Any] | None:
    """What an earlier ``run`` (its name, as the message gives it) wrote to ``out_dir``'s
    ``record``, the file it writes first: None where there is none. Files such a run did not
    write are never replaced: a :class:`~summarize.errors.UsageError` where ``record`` is not
    a JSON object whose ``key`` is an object, or where one of ``reports`` (written after
    ``record``) is there without it."""
    import json

    path = out_dir / record
    if not path.exists():
        for name in reports:
            if (out_dir / name).exists():
                raise UsageError(f"{out_dir / name}: not written by {run} (no {record} beside "
                                 "it): use another output directory")
        return None
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        saved = None
    if not isinstance(saved, dict) or not isinstance(saved.get(key), dict):
        raise UsageError(f"{path}: not written by {run}: use another output directory")
    return saved
