"""The ONNX Runtime encoder: sentence-transformers' vectors, exported once, no torch after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from summarize.embed.onnx_backend import OnnxEncoder, export_key
from summarize.embed.onnx_export import weights_path
from summarize.embed.words import table_path
from summarize.errors import SummarizeWarning
from summarize.ingest.files import load_directory
from summarize.segment import segment

ROOT = Path(__file__).resolve().parents[2]
# About 360 word pieces on three topics, one after the other: both encoders must cut it at the
# model's max_seq_length (256), or its vector moves (cosine 0.85 between cuts at 128 and 256).
LONG = " ".join(
    [f"The committee discussed item {i} of the budget agenda at length." for i in range(10)]
    + [f"Rescue teams searched the flooded valley for survivors on day {i}." for i in range(10)]
    + [f"The orchestra rehearsed symphony number {i} before the concert." for i in range(10)]
)


def cluster_sentences() -> list[str]:
    return [s.text for s in segment(load_directory(ROOT / "corpora"))]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One export for the module, in a temporary cache directory named by the environment."""
    path = tmp_path_factory.mktemp("summarize-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SUMMARIZE_CACHE_DIR", str(path))
        yield path


@pytest.fixture(scope="module")
def onnx_encoder(cache_dir: Path) -> OnnxEncoder:
    return OnnxEncoder()


@pytest.mark.slow
def test_onnx_matches_sentence_transformers(onnx_encoder: OnnxEncoder, cache_dir: Path) -> None:
    from summarize.embed.torch_backend import SentenceTransformerEncoder

    texts = cluster_sentences()
    assert len(texts) > 20
    texts = [*texts, LONG, "Short one."]
    onnx = onnx_encoder.encode(texts)
    reference = SentenceTransformerEncoder().encode(texts)
    assert onnx.shape == reference.shape == (len(texts), 384)
    assert onnx.dtype == np.float32
    cosines = np.sum(onnx * reference, axis=1)
    assert cosines.mean() >= 0.9999
    assert cosines.min() >= 0.999
    np.testing.assert_allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)
    # the export went to the directory the environment names
    assert onnx_encoder.onnx_path.parent == cache_dir / "onnx"
    assert onnx_encoder.onnx_path.is_file()
    assert sorted(p.name for p in (cache_dir / "onnx").iterdir()) == sorted(
        [onnx_encoder.onnx_path.name, table_path(onnx_encoder.onnx_path).name,
         weights_path(onnx_encoder.onnx_path).name])


@pytest.mark.slow
def test_first_layer_states_come_from_the_same_run(onnx_encoder: OnnxEncoder) -> None:
    """The salience prior's second input: the mean of the first transformer layer's states,
    the same from both backends and from transformers itself."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from summarize.embed.base import bundled_model_path
    from summarize.embed.torch_backend import SentenceTransformerEncoder

    texts = [*cluster_sentences()[:10], LONG]
    vectors, first = onnx_encoder.encode_pair(texts)
    np.testing.assert_array_equal(vectors, onnx_encoder.encode(texts))
    st_vectors, st_first = SentenceTransformerEncoder().encode_pair(texts)
    assert np.sum(st_vectors * vectors, axis=1).min() >= 0.9999
    assert np.sum(st_first * first, axis=1).min() >= 0.9999
    # a different layer: close to the sentence vector, not the same
    assert np.sum(first * vectors, axis=1).max() < 0.95
    tokenizer = AutoTokenizer.from_pretrained(bundled_model_path())
    model = AutoModel.from_pretrained(bundled_model_path())
    with torch.inference_mode():
        batch = tokenizer(texts[:3], padding=True, return_tensors="pt")
        states = model(**batch, output_hidden_states=True).hidden_states[1]
    mask = batch["attention_mask"].unsqueeze(-1).float()
    mean = ((states * mask).sum(1) / mask.sum(1)).numpy()
    mean /= np.linalg.norm(mean, axis=1, keepdims=True)
    assert np.sum(mean * first[:3], axis=1).min() >= 0.9999
    empty_vectors, empty_first = onnx_encoder.encode_pair([])
    assert empty_vectors.shape == empty_first.shape == (0, 384)


@pytest.mark.slow
def test_order_and_batching_do_not_change_vectors(onnx_encoder: OnnxEncoder) -> None:
    texts = cluster_sentences()[:12] + [LONG]
    vectors = onnx_encoder.encode(texts)
    backwards = onnx_encoder.encode(texts[::-1])[::-1]
    np.testing.assert_allclose(backwards, vectors, atol=1e-6)
    one_by_one = OnnxEncoder(batch_size=1).encode(texts)
    np.testing.assert_allclose(one_by_one, vectors, atol=1e-5)
    assert onnx_encoder.encode([]).shape == (0, 384)


@pytest.mark.slow
def test_batches_run_at_once_give_the_same_vectors_to_the_bit(onnx_encoder: OnnxEncoder) -> None:
    """Several batches at a time (``threads``), each on one onnxruntime thread: every vector
    and first-layer state is the one a single thread gives, bit for bit."""
    texts = cluster_sentences()[:30] + [LONG]
    alone = OnnxEncoder(threads=1, batch_size=4).encode_pair(texts)
    for threads in (2, 3):
        together = OnnxEncoder(threads=threads, batch_size=4).encode_pair(texts)
        assert all(np.array_equal(a, b) for a, b in zip(alone, together, strict=True))


@pytest.mark.slow
def test_a_model_loaded_in_the_background_gives_the_same_vectors(
    onnx_encoder: OnnxEncoder, tmp_path: Path
) -> None:
    """The model loads on a thread while the articles are read; the first encode waits for it
    and gives the vectors of a foreground load, to the bit. With no export made yet nothing
    loads in the background (the export, with its message, is the foreground's)."""
    texts = cluster_sentences()[:20]
    expected = onnx_encoder.encode(texts)
    early = OnnxEncoder()
    early.load_in_background()
    assert early._preload is not None
    assert early.encode(texts).tobytes() == expected.tobytes()
    early._preload.join(timeout=60)
    assert not early._preload.is_alive()
    fresh = OnnxEncoder(cache_dir=tmp_path)
    fresh.load_in_background()
    assert fresh._preload is None and not fresh.onnx_path.exists()


@pytest.mark.slow
def test_a_damaged_export_is_not_loaded_in_the_background(
    onnx_encoder: OnnxEncoder, tmp_path: Path
) -> None:
    texts = ["The minister said the government was losing control."]
    expected = onnx_encoder.encode(texts)
    OnnxEncoder(cache_dir=tmp_path).encode(texts)
    damaged = OnnxEncoder(cache_dir=tmp_path)
    damaged.onnx_path.write_bytes(b"not an onnx file")
    damaged.load_in_background()
    assert damaged._preload is not None
    damaged._preload.join(timeout=60)
    with pytest.warns(SummarizeWarning, match="exporting the model again"):
        assert damaged.encode(texts).tobytes() == expected.tobytes()


@pytest.mark.slow
def test_a_second_process_loads_the_export_without_torch(
    onnx_encoder: OnnxEncoder, cache_dir: Path, tmp_path: Path
) -> None:
    texts = cluster_sentences()
    here = onnx_encoder.encode(texts)
    assert onnx_encoder.onnx_path.is_file()
    (tmp_path / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    script = (
        "import json, sys, numpy as np\n"
        "from summarize.embed.onnx_backend import OnnxEncoder\n"
        f"texts = json.load(open({str(tmp_path / 'texts.json')!r}))\n"
        f"np.save({str(tmp_path / 'there.npy')!r}, OnnxEncoder().encode(texts))\n"
        "heavy = ('torch', 'sentence_transformers', 'transformers')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    env = {**os.environ, "SUMMARIZE_CACHE_DIR": str(cache_dir)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
    # the same vectors, to the bit, in another process
    np.testing.assert_array_equal(np.load(tmp_path / "there.npy"), here)


@pytest.mark.slow
def test_a_damaged_export_is_made_again(tmp_path: Path) -> None:
    encoder = OnnxEncoder(cache_dir=tmp_path)
    encoder.onnx_path.parent.mkdir(parents=True)
    encoder.onnx_path.write_bytes(b"not an onnx file")
    with pytest.warns(SummarizeWarning, match="exporting the model again"):
        vectors = encoder.encode(["The minister said the government was losing control."])
    assert vectors.shape == (1, 384)
    assert weights_path(encoder.onnx_path).stat().st_size > 1_000_000
    assert sorted(p.name for p in encoder.onnx_path.parent.iterdir()) == sorted(
        [encoder.onnx_path.name, table_path(encoder.onnx_path).name,
         weights_path(encoder.onnx_path).name])


@pytest.mark.slow
def test_a_missing_or_cut_word_table_is_made_again(onnx_encoder: OnnxEncoder,
                                                   tmp_path: Path) -> None:
    texts = ["The minister said the government was losing control."]
    expected = onnx_encoder.encode(texts)
    encoder = OnnxEncoder(cache_dir=tmp_path)
    encoder.encode(texts)
    table = table_path(encoder.onnx_path)
    table.write_bytes(table.read_bytes()[:1000])
    again = OnnxEncoder(cache_dir=tmp_path)
    with pytest.warns(SummarizeWarning, match="word table .* is cut short"):
        assert again.encode(texts).tobytes() == expected.tobytes()
    assert table.stat().st_size == 30522 * 384 * 4


@pytest.mark.slow
def test_a_failed_export_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch

    def broken_export(*args: object, **kwargs: object) -> None:
        Path(str(args[2])).write_bytes(b"half a file")
        raise RuntimeError("export failed")

    monkeypatch.setattr(torch.onnx, "export", broken_export)
    encoder = OnnxEncoder(cache_dir=tmp_path)
    with pytest.raises(RuntimeError, match="export failed"):
        encoder.encode(["Anything at all."])
    assert list(encoder.onnx_path.parent.iterdir()) == []


def test_export_key_and_model_id_name_the_model(tmp_path: Path) -> None:
    encoder = OnnxEncoder(cache_dir=tmp_path)
    assert encoder.key in encoder.onnx_path.name
    assert encoder.onnx_path.parent == tmp_path / "onnx"
    # the cache keys name the vectors: the same as format 2's, so vectors cached then still hit
    assert encoder.model_id == f"onnx:{encoder.model_dir.name}:{export_key(encoder.model_dir, 2)}"
    assert export_key(encoder.model_dir, 2) != encoder.key
    assert encoder.max_seq_length == 256
    assert not (tmp_path / "onnx").exists()  # nothing is made before the first encode


def test_arguments_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="threads"):
        OnnxEncoder(threads=0, cache_dir=tmp_path)
    with pytest.raises(ValueError, match="batch_size"):
        OnnxEncoder(batch_size=0, cache_dir=tmp_path)
    with pytest.raises(ValueError, match="optimization"):
        OnnxEncoder(optimization="fastest", cache_dir=tmp_path)
    with pytest.raises(ValueError, match="tokenizer.json"):
        OnnxEncoder(tmp_path, cache_dir=tmp_path)
