"""Embed: sentences to vectors, behind a one-method interface (:class:`Encoder`).

Three encoders ship here, chosen by name with :func:`make_encoder`:

* ``onnx`` (:class:`~summarize.embed.onnx_backend.OnnxEncoder`, the default): the bundled
  all-MiniLM-L6-v2 exported once to ONNX and run with onnxruntime, without torch;
* ``torch`` (:class:`~summarize.embed.torch_backend.SentenceTransformerEncoder`): the same model
  (or any sentence-transformers model) through sentence-transformers;
* ``hash`` (:class:`~summarize.embed.hashing.HashingEncoder`): a hashed bag of words and word
  bigrams, for tests and machines without the model.

Any of them can keep its vectors in the on-disk cache (:mod:`summarize.embed.cache`).
"""

from __future__ import annotations

from ..errors import UsageError
from ..machine import cores
from .base import (
    Encoder,
    bundled_model_path,
    encode_all,
    encode_with_first_layer,
    normalize_rows,
)
from .hashing import HashingEncoder
from .torch_backend import SentenceTransformerEncoder

__all__ = [
    "BACKENDS",
    "Encoder",
    "HashingEncoder",
    "SentenceTransformerEncoder",
    "bundled_model_path",
    "encode_all",
    "encode_with_first_layer",
    "make_encoder",
    "normalize_rows",
    "reads_bundled_model",
]

BACKENDS = ("onnx", "torch", "hash")


def max_threads() -> int:
    """The most CPU threads a model may be given: four per core this process may run on
    (:func:`~summarize.machine.cores`; more only costs memory)."""
    return 4 * cores()


def check_encoder_settings(backend: str, model: str | None, threads: int | None) -> None:
    """:class:`~summarize.errors.UsageError` unless :func:`make_encoder` can honour these."""
    if backend not in BACKENDS:
        raise UsageError(f"unknown backend {backend!r}: use one of {', '.join(BACKENDS)}")
    if model is not None and backend != "torch":
        raise UsageError("a model name needs the torch backend",
                         option="model", remedy="{option} needs the torch backend")
    if threads is not None and (
        isinstance(threads, bool) or not isinstance(threads, int)
        or not 1 <= threads <= max_threads()
    ):
        raise UsageError(f"threads must be a whole number from 1 to {max_threads()} "
                         f"(four per core), not {threads!r}")


def make_encoder(
    backend: str = "onnx",
    model: str | None = None,
    *,
    cache: bool = False,
    threads: int | None = None,
) -> Encoder:
    """An encoder by name: ``onnx`` (the bundled model exported to ONNX, the default),
    ``torch`` (sentence-transformers; ``model`` may name any of its models) or ``hash``
    (:class:`~summarize.errors.UsageError` for settings it cannot honour).

    With ``cache=True`` vectors are kept in the on-disk cache (:mod:`summarize.embed.cache`).
    ``threads`` sets the CPU threads of the model: onnxruntime's intra-op threads, or torch's
    (``torch.set_num_threads``, for the whole process); None keeps the backend's default.
    """
    check_encoder_settings(backend, model, threads)
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
        if backend == "onnx":
            onnx.load_in_background()  # the model will be needed: it loads while text is read
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


