"""An on-disk cache of sentence vectors, shared by every process of one user.

:class:`EmbeddingCache` maps (model identity, sentence text) to a float32 vector in one SQLite
file (write-ahead log, busy timeout, one ``BEGIN IMMEDIATE`` transaction per write, so that
concurrent processes neither block each other for long nor corrupt it). It holds at most
``max_entries`` vectors: each write evicts the least recently used ones beyond that in the same
transaction. A cache file that cannot be opened or read (damaged, not a database, no
permission, locked past the timeout) never stops a run: the cache warns once and from then on
acts as an empty cache that keeps nothing, so every vector is computed.

:class:`CachedEncoder` wraps any :class:`~summarize.embed.Encoder`: it looks every sentence up,
encodes the misses in one call, and stores them.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import SummarizeWarning
from .base import default_cache_dir

if TYPE_CHECKING:
    from .base import Encoder

#: The most vectors a cache keeps by default (about 150 MiB at 384 dimensions).
DEFAULT_MAX_ENTRIES = 100_000
DEFAULT_TIMEOUT = 30.0
CACHE_FILE = "embeddings.sqlite3"
_CHUNK = 500  # keys per SQL statement (well under SQLite's variable limit)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    key BLOB PRIMARY KEY,
    model TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    used INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS vectors_used ON vectors (used);
"""
_EVICT = """
DELETE FROM vectors WHERE key IN (
    SELECT key FROM vectors ORDER BY used, key
    LIMIT max(0, (SELECT count(*) FROM vectors) - ?)
)
"""


class CacheWarning(SummarizeWarning):
    """The embedding cache could not be used; vectors are computed instead."""


def _key(model_id: str, text: str) -> bytes:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(model_id.encode("utf-8"))
    digest.update(b"\x00")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.digest()


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken at its start (so it waits for the busy timeout, not later)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _chunks(items: Sequence[bytes]) -> Iterator[Sequence[bytes]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class EmbeddingCache:
    """Vectors by (model identity, text) in the SQLite file ``path``.

    ``path`` defaults to ``embeddings.sqlite3`` in :func:`default_cache_dir`. The connection is
    opened on first use (and again in a forked child). Not for sharing between threads.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, got {max_entries}")
        if timeout < 0:
            raise ValueError(f"timeout must not be negative, got {timeout}")
        self.path = Path(path) if path is not None else default_cache_dir() / CACHE_FILE
        self.max_entries = max_entries
        self.timeout = timeout
        self.disabled = False
        self._conn: sqlite3.Connection | None = None
        self._pid = 0

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), timeout=self.timeout, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            with _immediate(conn):
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
        except BaseException:
            conn.close()
            raise
        self._conn, self._pid = conn, os.getpid()
        return conn

    def _fail(self, exc: Exception) -> None:
        self.disabled = True
        if self._conn is not None and self._pid == os.getpid():
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
        self._conn = None
        warnings.warn(
            f"embedding cache {self.path} cannot be used ({exc}); computing every vector "
            "(delete the file to start a new cache)",
            CacheWarning,
            stacklevel=3,
        )

    def get_many(self, model_id: str, texts: Sequence[str]) -> list[np.ndarray | None]:
        """The cached vector of each text (``None`` for a miss); hits count as used now."""
        found: list[np.ndarray | None] = [None] * len(texts)
        if self.disabled or not texts:
            return found
        keys = [_key(model_id, t) for t in texts]
        rows: dict[bytes, np.ndarray] = {}
        try:
            conn = self._connect()
            for chunk in _chunks(sorted(set(keys))):
                marks = ",".join("?" * len(chunk))
                for key, dim, blob in conn.execute(
                    f"SELECT key, dim, vector FROM vectors WHERE key IN ({marks})", chunk
                ):
                    if len(blob) == 4 * dim:
                        rows[bytes(key)] = np.frombuffer(blob, dtype="<f4").astype(np.float32)
            if rows:
                now = time.time_ns()
                with _immediate(conn):
                    conn.executemany(
                        "UPDATE vectors SET used = ? WHERE key = ?", ((now, k) for k in rows)
                    )
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)
            return found
        return [rows.get(k) for k in keys]

    def put_many(self, model_id: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store one vector per text, then evict the least recently used beyond the bound."""
        vectors = np.asarray(vectors, dtype="<f4")
        if vectors.ndim != 2 or vectors.shape[0] != len(texts):
            raise ValueError(f"{len(texts)} texts but vectors of shape {vectors.shape}")
        if self.disabled or not texts:
            return
        now = time.time_ns()
        dim = int(vectors.shape[1])
        records = [
            (_key(model_id, t), model_id, dim, v.tobytes(), now)
            for t, v in zip(texts, vectors, strict=True)
        ]
        try:
            conn = self._connect()
            with _immediate(conn):
                conn.executemany(
                    "INSERT OR REPLACE INTO vectors (key, model, dim, vector, used) "
                    "VALUES (?, ?, ?, ?, ?)",
                    records,
                )
                conn.execute(_EVICT, (self.max_entries,))
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)

    def __len__(self) -> int:
        if self.disabled:
            return 0
        try:
            return int(self._connect().execute("SELECT count(*) FROM vectors").fetchone()[0])
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)
            return 0

    def clear(self, model_id: str | None = None) -> None:
        """Forget every vector (or those of one model)."""
        if self.disabled:
            return
        try:
            conn = self._connect()
            if model_id is None:
                conn.execute("DELETE FROM vectors")
            else:
                conn.execute("DELETE FROM vectors WHERE model = ?", (model_id,))
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CachedEncoder:
    """An :class:`~summarize.embed.Encoder` that asks ``cache`` first and encodes only misses.

    ``model_id`` must change whenever the vectors would (another model, another backend).
    Every returned row is float32, the same bytes whether it was a hit or a miss. ``hits``
    and ``misses`` count sentences looked up so far (a text repeated in one call counts once).
    """

    def __init__(self, encoder: Encoder, cache: EmbeddingCache, model_id: str) -> None:
        if not callable(getattr(encoder, "encode", None)):
            raise TypeError(f"{type(encoder).__name__} has no encode() method")
        if not model_id:
            raise ValueError("model_id must not be empty")
        self.encoder = encoder
        self.cache = cache
        self.model_id = model_id
        self.hits = 0
        self.misses = 0

    def _encode(self, texts: list[str]) -> np.ndarray:
        fresh = np.asarray(self.encoder.encode(texts), dtype=np.float32)
        if fresh.ndim != 2 or fresh.shape[0] != len(texts):
            raise ValueError(f"encoder returned shape {fresh.shape} for {len(texts)} texts")
        return fresh

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return self._encode([])
        unique = list(dict.fromkeys(texts))
        cached = self.cache.get_many(self.model_id, unique)
        found = {t: v for t, v in zip(unique, cached, strict=True) if v is not None}
        missing = [t for t in unique if t not in found]
        self.hits += len(found)
        self.misses += len(missing)
        if missing:
            fresh = self._encode(missing)
            if any(v.shape != fresh.shape[1:] for v in found.values()):
                warnings.warn(
                    f"cached vectors for {self.model_id!r} have another dimension than the "
                    "encoder's; computing them again",
                    CacheWarning,
                    stacklevel=2,
                )
                missing, fresh = unique, self._encode(unique)
            self.cache.put_many(self.model_id, missing, fresh)
            found.update(zip(missing, fresh, strict=True))
        return np.stack([found[t] for t in texts])

    def encode_pair(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray | None]:
        """Sentence vectors and first-layer states
        (:func:`summarize.embed.encode_with_first_layer`), both cached: the states under
        ``model_id`` + ``"/first-layer"``. From an encoder without ``encode_pair``, the
        states are None."""
        pair = getattr(self.encoder, "encode_pair", None)
        texts = list(texts)
        if pair is None or not texts:
            return self.encode(texts), None
        first_id = self.model_id + "/first-layer"
        unique = list(dict.fromkeys(texts))
        found = {}
        for t, v, f in zip(
            unique,
            self.cache.get_many(self.model_id, unique),
            self.cache.get_many(first_id, unique),
            strict=True,
        ):
            if v is not None and f is not None and v.shape == f.shape:
                found[t] = (v, f)
        missing = [t for t in unique if t not in found]
        self.hits += len(found)
        self.misses += len(missing)
        if missing:
            vectors, first = (np.asarray(a, dtype=np.float32) for a in pair(missing))
            if vectors.shape != first.shape or vectors.shape[0] != len(missing):
                raise ValueError(
                    f"encoder returned shapes {vectors.shape}, {first.shape} for "
                    f"{len(missing)} texts"
                )
            self.cache.put_many(self.model_id, missing, vectors)
            self.cache.put_many(first_id, missing, first)
            found.update(zip(missing, zip(vectors, first, strict=True), strict=True))
        return np.stack([found[t][0] for t in texts]), np.stack([found[t][1] for t in texts])
