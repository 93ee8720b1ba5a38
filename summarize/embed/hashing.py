"""A hashed bag of words: a small, exact, deterministic encoder that needs no model."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from ..text import words
from .base import normalize_rows

if TYPE_CHECKING:
    import numpy as np


class HashingEncoder:
    """Hashed bag of (lower-cased) words and word bigrams, L2-normalised.

    Deterministic across processes (BLAKE2 hashing, not Python's salted ``hash``). Sentences that
    share many words get a high cosine, so it exercises every stage the way the model does.
    """

    def __init__(self, dim: int = 512, *, bigrams: bool = True) -> None:
        if dim < 8:
            raise ValueError("dim must be at least 8")
        self.dim = dim
        self.bigrams = bigrams

    def _bucket(self, token: str) -> tuple[int, float]:
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, 1.0 if (value >> 63) & 1 else -1.0

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            tokens = words(text)
            features = list(tokens)
            if self.bigrams:
                features += [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
            for feature in features:
                col, sign = self._bucket(feature)
                out[row, col] += sign
        return normalize_rows(out)
