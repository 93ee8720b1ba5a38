"""The saved stories of daily runs: one SQLite file, ``DIR/stories.sqlite`` (stdlib
:mod:`sqlite3`).

It keeps every story (its id, the runs it was first and last touched in, its centroid, the
mean of its articles' vectors, and the span of its articles' dates: which stories tomorrow's
articles may join) and every article (its name and text digest, which tell whether it was seen
before; its document, which the grouping reads its words from; its candidate sentences with
the vectors and first-layer states of those its story's digest read, a row of NaN for the
others: a story's digest is remade from them, encoding only what it reads that no run has).

A run is one transaction: :func:`open_state` takes the write lock (another run on the same
state waits a few seconds, then is refused in one line), everything is read and written inside
it, and it is committed only when the run has finished (:meth:`StoryState.commit`, after
its output is written); an exception, or a crash, leaves the state as it was before the run.
A state of another format, or made with another encoder (other vectors), is refused in one
line, and so are one SQLite finds damaged (``PRAGMA quick_check`` at open) or cannot write:
every SQLite failure is one line naming the file (:func:`sqlite_error`).

An article is its name and its text (``UNIQUE (name, sha)``): another text under a saved
name is another article (named by :func:`~summarize.stories.build.own_name`); none is ever
deleted or replaced.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast, get_args, get_type_hints

import numpy as np

from ..errors import OutputError, UsageError
from ..text import valid_unicode
from ..types import Document, Sentence
from . import StoryStatus
from .articles import Article
from .guarded import Guarded, reads_values, sqlite_error

FILENAME = "stories.sqlite"
FORMAT = "summarize.stories-state/2"
#: The formats read (1: every sentence encoded; 2 may hold NaN rows, which a reader of 1
#: refuses as another format); a run's commit makes its state :data:`FORMAT`.
READS = ("summarize.stories-state/1", FORMAT)
#: Seconds a run waits for another run on the same state to finish.
LOCK_TIMEOUT = 5.0
_DAYS = date.max.toordinal()  # more days apart than any two dates are

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE stories (
    id TEXT PRIMARY KEY, first_run INTEGER NOT NULL, last_run INTEGER NOT NULL,
    first_seq INTEGER NOT NULL, centroid BLOB NOT NULL, min_day INTEGER, max_day INTEGER);
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY, name TEXT NOT NULL, sha TEXT NOT NULL,
    story TEXT NOT NULL REFERENCES stories(id), run INTEGER NOT NULL, document TEXT NOT NULL,
    sentences TEXT NOT NULL, vectors BLOB NOT NULL, first_layer BLOB, vector BLOB NOT NULL,
    UNIQUE (name, sha));
CREATE INDEX articles_of_story ON articles (story, seq);
"""


@dataclass(frozen=True)
class SavedStories:
    """The saved stories tomorrow's articles may continue, in the order they were first seen."""

    ids: tuple[str, ...]
    centroids: np.ndarray  #: one row per story: the mean of its articles' vectors
    spans: tuple[tuple[int, int] | None, ...]  #: first and last day of its dated articles

    @classmethod
    def none(cls, dim: int) -> SavedStories:
        return cls((), np.zeros((0, dim), dtype=np.float32), ())


def _blob(array: np.ndarray) -> bytes:
    return np.ascontiguousarray(array, dtype="<f4").tobytes()


def _json(value: Any) -> str:
    """``value`` as JSON for a TEXT column, ASCII-escaped when it holds a lone surrogate (a
    ``\\udXXX`` escape of a JSON-lines article), which UTF-8 cannot hold (read back the same)."""
    text = json.dumps(value, ensure_ascii=False)
    return text if valid_unicode(text) == text else json.dumps(value)


def _array(blob: bytes, dim: int) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4").reshape(-1, dim).astype(np.float32)


_SQLITE_MAGIC = b"SQLite format 3\0"
#: A saved sentence's fields and their types, as :class:`~summarize.types.Sentence` declares them.
_SENTENCE_FIELDS: dict[str, type] = get_type_hints(Sentence)


def _article(row: tuple[Any, ...], dim: int) -> Article:
    """A saved article from its row; a :class:`ValueError` or :class:`TypeError` for a value
    no run writes (a name that is no text, no sentence, a sentence field of another type,
    vectors that are not one row per sentence, finite or NaN (not encoded), its first
    sentence's encoded; first-layer states not encoded where its vectors are)."""
    seq, name, document, sentences, vectors, first, vector = row
    listed = json.loads(sentences)
    if not isinstance(name, str) or not isinstance(listed, list) or not listed:
        raise ValueError(f"article {seq}: its name or its sentences")
    found = tuple(Sentence(**s) for s in listed)
    for sentence in found:
        for key, kind in _SENTENCE_FIELDS.items():
            if not isinstance(getattr(sentence, key), kind):
                raise TypeError(f"article {seq}: a sentence's {key} is no {kind.__name__}")
    matrix, own = _array(vectors, dim), _array(vector, dim)
    layer = None if first is None else _array(first, dim)
    if len(matrix) != len(found) or len(own) != 1 or (layer is not None and
                                                        len(layer) != len(found)):
        raise ValueError(f"article {seq}: {len(found)} sentences, vectors of another number")
    rows = np.isfinite(matrix).all(axis=1)
    if not ((rows | np.isnan(matrix).all(axis=1)).all() and rows[0]
            and np.isfinite(own).all()):
        raise ValueError(f"article {seq}: a vector that is not finite")
    if layer is not None and not (np.isfinite(layer[rows]).all() and np.isnan(layer[~rows]).all()):
        raise ValueError(f"article {seq}: first-layer states that are not its vectors' rows")
    return Article(seq=int(seq), name=name, document=Document(**json.loads(document)),
                   sentences=found, vectors=matrix, first_layer=layer)


class StoryState:
    """An open state, inside its run's transaction (see :func:`open_state`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = Guarded(conn, path)
        self.path = path
        self._meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())

    # --- what the state holds --------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self._meta[key] = value
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    @reads_values
    def run(self) -> int:
        """The number of this run (1 for the first)."""
        return int(self._meta.get("runs", "0")) + 1

    def next_seq(self) -> int:
        row = self.conn.execute("SELECT MAX(seq) FROM articles").fetchone()
        return 0 if row[0] is None else int(row[0]) + 1

    def known(self, name: str, sha: str) -> bool:
        """Whether this article (the same name and the same text) is in the state."""
        return self.conn.execute("SELECT 1 FROM articles WHERE name = ? AND sha = ?",
                                 (name, sha)).fetchone() is not None

    def first_text(self, name: str) -> str | None:
        """The text digest of the first article saved under ``name``, or None."""
        row = self.conn.execute("SELECT sha FROM articles WHERE name = ? ORDER BY seq LIMIT 1",
                                (name,)).fetchone()
        return None if row is None else str(row[0])

    @reads_values
    def last_stories(self) -> list[tuple[str, StoryStatus]]:
        """The stories the last run told (their ids and statuses), in its order; a status no
        run writes is a value no run wrote."""
        told = [(str(i), str(status)) for i, status in json.loads(
            self._meta.get("last_stories") or "[]")]
        for _, status in told:
            if status not in get_args(StoryStatus):
                raise ValueError(f"a story's status {status[:40]!r}")
        return cast("list[tuple[str, StoryStatus]]", told)

    def has_story(self, story_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM stories WHERE id = ?",
                                 (story_id,)).fetchone() is not None

    @reads_values
    def check_dim(self, dim: int) -> None:
        saved = self._meta.get("dim")
        if saved is None:
            self.set_meta("dim", str(dim))
        elif int(saved) != dim:
            raise UsageError(f"{self.path}: its vectors have {saved} numbers, this encoder's "
                             f"{dim}: use the same encoder, or another state directory",
                             option="state")

    @reads_values
    def candidates(self, days: Sequence[int | None], max_days: int) -> SavedStories:
        """The saved stories whose dates allow articles of ``days`` to join them (all of them
        when one of the articles is undated), in the order they were first seen."""
        dim = int(self._meta.get("dim", "0"))
        sql = "SELECT id, centroid, min_day, max_day FROM stories"
        args: tuple[int, ...] = ()
        if days and all(d is not None for d in days):  # a story of span [a, b] takes a day d
            sql += " WHERE min_day IS NULL OR (max_day <= ? AND min_day >= ?)"  # in [b-m, a+m]
            reach = min(max_days, _DAYS)  # SQLite's integers end at 2**63 - 1: no further
            args = (max(days) + reach, min(days) - reach)  # type: ignore[type-var,operator]
        rows = self.conn.execute(sql + " ORDER BY first_seq", args).fetchall()
        if not rows:
            return SavedStories.none(dim)
        return SavedStories(
            ids=tuple(r[0] for r in rows),
            centroids=np.vstack([_array(r[1], dim) for r in rows]),
            spans=tuple(None if r[2] is None else (int(r[2]), int(r[3])) for r in rows),
        )

    @reads_values
    def articles_of(self, story_id: str) -> list[Article]:
        """The saved articles of a story, in their order."""
        dim = int(self._meta["dim"])
        rows = self.conn.execute(
            "SELECT seq, name, document, sentences, vectors, first_layer, vector FROM articles "
            "WHERE story = ? ORDER BY seq", (story_id,)).fetchall()
        return [_article(row, dim) for row in rows]

    # --- what a run writes ------------------------------------------------------------------

    def save_story(self, story_id: str, articles: Sequence[Article], mean: np.ndarray,
                   fresh: Sequence[Article]) -> None:
        """Record a story touched by this run: its row, its articles new to the state, and the
        vectors of its other articles (this run may have encoded more of their sentences)."""
        self._save_story(story_id, articles, mean, fresh)

    def _save_story(self, story_id: str, articles: Sequence[Article], mean: np.ndarray,
                    fresh: Sequence[Article]) -> None:
        days = [d for d in (a.day for a in articles) if d is not None]
        self.conn.execute(
            "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "last_run = excluded.last_run, centroid = excluded.centroid, "
            "min_day = excluded.min_day, max_day = excluded.max_day",
            (story_id, self.run, self.run, min(a.seq for a in articles), _blob(mean),
             min(days) if days else None, max(days) if days else None))
        self.conn.executemany(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(a.seq, a.name, a.sha, story_id, self.run,
              _json(dataclasses.asdict(a.document)),
              _json([dataclasses.asdict(s) for s in a.sentences]),
              _blob(a.vectors), None if a.first_layer is None else _blob(a.first_layer),
              _blob(a.vector)) for a in fresh])
        new = {a.seq for a in fresh}
        self.conn.executemany("UPDATE articles SET vectors = ?, first_layer = ? WHERE seq = ?", [
            (_blob(a.vectors), None if a.first_layer is None else _blob(a.first_layer), a.seq)
            for a in articles if a.seq not in new])

    def commit(self) -> None:
        """End the run: everything it wrote, at once."""
        self.set_meta("runs", str(self.run))
        self.conn.execute("COMMIT")


def _refuse(path: Path, why: str) -> UsageError:
    return UsageError(f"{path}: {why}", option="state",
                      remedy="give {option} another directory")


@contextmanager
def open_state(directory: str | Any, encoder: str) -> Iterator[StoryState]:
    """The state kept in ``directory`` (made when missing), inside this run's transaction:
    rolled back on any exception unless :meth:`StoryState.commit` was called. ``encoder``
    names the vectors (:func:`encoder_name`); a state made with another is refused, and so is
    one SQLite finds damaged (``PRAGMA quick_check``) or cannot write, in one line each."""
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise _refuse(folder, "not a directory (the state is a directory)")
    if folder.is_symlink() and not folder.exists():
        raise _refuse(folder, f"a link to {os.readlink(folder)}, which does not exist")
    path = folder / FILENAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=LOCK_TIMEOUT, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise OutputError(f"{path}: cannot open the state ({exc})") from None
    try:
        tables = _begin(conn, path)
        if not tables:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.executemany("INSERT INTO meta VALUES (?, ?)",
                             [("format", FORMAT), ("encoder", encoder)])
        elif "meta" not in tables:
            raise _refuse(path, "not a stories state (no format record)")
        state = StoryState(conn, path)
        if state.meta("format") not in READS:
            raise _refuse(path, f"a stories state of format {state.meta('format')!r}, not "
                          f"{FORMAT!r}")
        if state.meta("encoder") != encoder:
            raise _refuse(path, f"made with the encoder {state.meta('encoder')!r}, not "
                          f"{encoder!r} (its vectors cannot be compared)")
        state.conn.execute("UPDATE meta SET value = ? WHERE key = 'format'",
                           (FORMAT,))  # writable? (and format 1 read as format 2)
        yield state
    finally:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        conn.close()


def _begin(conn: sqlite3.Connection, path: Path) -> set[str]:
    """Take the write lock and check the file: the names of its tables. Refused in one line:
    a file that is no SQLite database, a damaged one, one in use by another run."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        problems = [r[0] for r in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        if not isinstance(exc, sqlite3.OperationalError) and not _looks_like_sqlite(path):
            raise _refuse(path, "not a stories state (not an SQLite database)") from None
        raise sqlite_error(path, exc) from None
    if problems != ["ok"]:
        raise sqlite_error(path, sqlite3.DatabaseError("; ".join(map(str, problems))))
    return tables


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def encoder_name(encoder: object) -> str:
    """What names an encoder's vectors in a state: ``all-MiniLM-L6-v2`` for the bundled model
    (its ONNX export and sentence-transformers agree, cached or not), ``torch:NAME`` for
    another sentence-transformers model, ``hash:DIM:bigrams`` for the hashing encoder, else
    the encoder's ``model_id`` or its class."""
    from ..embed import HashingEncoder, SentenceTransformerEncoder, reads_bundled_model

    inner = getattr(encoder, "encoder", None)
    if type(encoder).__name__ == "CachedEncoder" and inner is not None:
        return encoder_name(inner)
    if reads_bundled_model(encoder):  # type: ignore[arg-type]
        return "all-MiniLM-L6-v2"
    if isinstance(encoder, SentenceTransformerEncoder):
        return f"torch:{encoder.model_name}"
    if isinstance(encoder, HashingEncoder):
        return f"hash:{encoder.dim}:{'bigrams' if encoder.bigrams else 'words'}"
    model_id = getattr(encoder, "model_id", None)
    kind = type(encoder)
    return str(model_id) if model_id else f"{kind.__module__}.{kind.__qualname__}"
