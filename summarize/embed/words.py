"""The model's word-piece embeddings, kept out of the ONNX graph and read a row at a time.

The table is most of all-MiniLM-L6-v2's weights (30,522 word pieces x 384 numbers, 47 MB of
the model's 90 MB), and a cluster uses a few thousand of its rows. Inside the graph
onnxruntime holds all of it in memory; here it stays in a file of little-endian float32 rows
(:func:`write_table`), and :class:`WordTable` reads the rows a batch needs with ``os.pread``
and keeps them for later batches. The graph takes the looked-up rows as ``inputs_embeds``:
the transformer adds the position and token-type embeddings to them as it adds them to its
own lookup, so the vectors are the same to the bit.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

_DTYPE = np.dtype("<f4")


def table_path(onnx_path: Path) -> Path:
    """Where the word-piece table of the ONNX export at ``onnx_path`` is kept."""
    return onnx_path.with_suffix(".words.f32")


def write_table(weights: np.ndarray, target: Path) -> Path:
    """Write ``weights`` (word pieces x dim) to ``target`` as raw float32 rows, atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(np.ascontiguousarray(weights, dtype=_DTYPE).tobytes())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


class WordTable:
    """The rows of a table written by :func:`write_table` (``vocab`` rows of ``dim``),
    read when first asked for and then kept."""

    def __init__(self, path: Path, vocab: int, dim: int) -> None:
        self.path, self.vocab, self.dim = Path(path), vocab, dim
        self._fd: int | None = None
        self._opening = threading.Lock()  # batches may be embedded from several threads
        self._rows: dict[int, np.ndarray] = {}

    def is_whole(self) -> bool:
        """Whether the file is there with every row."""
        try:
            return self.path.stat().st_size == self.vocab * self.dim * _DTYPE.itemsize
        except OSError:
            return False

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """The rows of ``ids`` (any shape), as float32 of shape ``ids.shape + (dim,)``."""
        with self._opening:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDONLY)
        width = self.dim * _DTYPE.itemsize
        unique, where = np.unique(ids, return_inverse=True)
        for token in unique.tolist():
            if token not in self._rows:
                if not 0 <= token < self.vocab:
                    raise ValueError(f"word piece {token} is outside the table ({self.vocab})")
                raw = os.pread(self._fd, width, token * width)
                self._rows[token] = np.frombuffer(raw, dtype=_DTYPE)
        rows = np.stack([self._rows[t] for t in unique.tolist()]).astype(np.float32)
        return rows[where.reshape(-1)].reshape(*ids.shape, self.dim)

    def close(self, _close: Callable[[int], None] = os.close) -> None:
        # os.close is bound at definition: __del__ may run when the interpreter has let
        # the os module go
        if self._fd is not None:
            _close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.close()
