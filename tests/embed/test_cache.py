"""The on-disk embedding cache: hits, misses, the size bound, concurrent writers, bad files."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from summarize import UsageError
from summarize.embed.base import default_cache_dir
from summarize.embed.cache import CACHE_FILE, CachedEncoder, CacheWarning, EmbeddingCache
from summarize.embed.hashing import HashingEncoder

from ..conftest import ROOT


class CountingEncoder:
    """A HashingEncoder that records every list it is asked to encode."""

    def __init__(self) -> None:
        self.inner = HashingEncoder(dim=64)
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.encode(texts)


TEXTS = [f"Sentence number {i} says something about topic {i % 3}." for i in range(10)]


@pytest.fixture
def cache(tmp_path: Path) -> EmbeddingCache:
    with EmbeddingCache(tmp_path / "vectors.sqlite3") as c:
        yield c


def test_hits_return_the_same_bytes_and_skip_the_encoder(cache: EmbeddingCache) -> None:
    counting = CountingEncoder()
    encoder = CachedEncoder(counting, cache, "hashing-64")
    first = encoder.encode(TEXTS)
    second = encoder.encode(TEXTS)
    assert counting.calls == [TEXTS]
    assert first.dtype == second.dtype == np.float32
    assert first.tobytes() == second.tobytes()
    np.testing.assert_array_equal(first, HashingEncoder(dim=64).encode(TEXTS))
    assert (encoder.hits, encoder.misses) == (10, 10)


class PairEncoder(CountingEncoder):
    """Gives sentence vectors and (other) first-layer states, recording each call."""

    def __init__(self) -> None:
        super().__init__()
        self.other = HashingEncoder(dim=64, bigrams=False)
        self.pairs: list[list[str]] = []

    def encode_pair(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        self.pairs.append(list(texts))
        return self.inner.encode(texts), self.other.encode(texts)


def test_first_layer_states_are_cached_beside_the_vectors(cache: EmbeddingCache) -> None:
    pairs = PairEncoder()
    encoder = CachedEncoder(pairs, cache, "pair-64")
    vectors, first = encoder.encode_pair(TEXTS[:6])
    np.testing.assert_array_equal(vectors, HashingEncoder(dim=64).encode(TEXTS[:6]))
    np.testing.assert_array_equal(first, HashingEncoder(dim=64, bigrams=False).encode(TEXTS[:6]))
    again, again_first = encoder.encode_pair([TEXTS[2], *TEXTS[4:8]])
    assert pairs.pairs == [TEXTS[:6], TEXTS[6:8]]  # only the misses, once
    assert again.tobytes() == np.concatenate([vectors[[2, 4, 5]], again[3:]]).tobytes()
    assert again_first[:3].tobytes() == first[[2, 4, 5]].tobytes()
    # vectors cached by encode() alone lack the states: asked as a pair, they are computed
    encoder.encode(TEXTS[8:])
    _, late = encoder.encode_pair(TEXTS[8:])
    assert pairs.pairs[-1] == TEXTS[8:]
    np.testing.assert_array_equal(late, HashingEncoder(dim=64, bigrams=False).encode(TEXTS[8:]))
    # an encoder without first-layer states gives None
    plain = CachedEncoder(CountingEncoder(), cache, "hashing-64")
    vectors, none = plain.encode_pair(TEXTS[:2])
    assert none is None and vectors.shape == (2, 64)


def test_only_misses_are_encoded_in_one_call(cache: EmbeddingCache) -> None:
    counting = CountingEncoder()
    encoder = CachedEncoder(counting, cache, "hashing-64")
    encoder.encode(TEXTS[:4])
    mixed = [TEXTS[5], TEXTS[1], TEXTS[6], TEXTS[5], TEXTS[0]]
    vectors = encoder.encode(mixed)
    assert counting.calls == [TEXTS[:4], [TEXTS[5], TEXTS[6]]]
    np.testing.assert_array_equal(vectors, HashingEncoder(dim=64).encode(mixed))


def test_a_new_cache_object_reads_what_another_wrote(tmp_path: Path) -> None:
    path = tmp_path / "vectors.sqlite3"
    with EmbeddingCache(path) as writer:
        expected = CachedEncoder(CountingEncoder(), writer, "m").encode(TEXTS)
    counting = CountingEncoder()
    with EmbeddingCache(path) as reader:
        got = CachedEncoder(counting, reader, "m").encode(TEXTS)
    assert counting.calls == []
    assert got.tobytes() == expected.tobytes()


def test_model_identity_is_part_of_the_key(cache: EmbeddingCache) -> None:
    CachedEncoder(CountingEncoder(), cache, "model-a").encode(TEXTS[:3])
    counting = CountingEncoder()
    CachedEncoder(counting, cache, "model-b").encode(TEXTS[:3])
    assert counting.calls == [TEXTS[:3]]
    assert len(cache) == 6
    cache.clear("model-a")
    assert len(cache) == 3


def test_a_model_id_reused_with_another_dimension_is_recomputed(cache: EmbeddingCache) -> None:
    CachedEncoder(HashingEncoder(dim=32), cache, "m").encode(TEXTS[:3])
    with pytest.warns(CacheWarning, match="another dimension"):
        got = CachedEncoder(HashingEncoder(dim=64), cache, "m").encode(TEXTS[:5])
    np.testing.assert_array_equal(got, HashingEncoder(dim=64).encode(TEXTS[:5]))
    assert {v.shape for v in cache.get_many("m", TEXTS[:5])} == {(64,)}  # type: ignore[union-attr]


def test_empty_input(cache: EmbeddingCache) -> None:
    counting = CountingEncoder()
    out = CachedEncoder(counting, cache, "m").encode([])
    assert out.shape == (0, 64)
    assert len(cache) == 0


def test_the_size_bound_holds_and_the_least_recently_used_go(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "small.sqlite3", max_entries=5)
    encoder = CachedEncoder(CountingEncoder(), cache, "m")
    encoder.encode(TEXTS[0:3])
    encoder.encode(TEXTS[3:5])
    assert len(cache) == 5
    encoder.encode([TEXTS[0]])  # a hit: TEXTS[0] is now the most recently used
    encoder.encode(TEXTS[5:7])  # two more: TEXTS[1] and TEXTS[2] are the oldest
    assert len(cache) == 5
    kept = cache.get_many("m", TEXTS)
    assert [i for i, v in enumerate(kept) if v is not None] == [0, 3, 4, 5, 6]
    encoder.encode(TEXTS)  # more at once than the bound
    assert len(cache) == 5


def _writer(path: str, worker: int, rounds: int, max_entries: int, start: object) -> None:
    cache = EmbeddingCache(path, max_entries=max_entries, timeout=60)
    encoder = CachedEncoder(HashingEncoder(dim=64), cache, "m")
    len(cache)  # open the file before waiting for the others
    start.wait()  # type: ignore[attr-defined]
    for r in range(rounds):
        # half of each batch is this worker's own, half is shared with the other workers
        own = [f"worker {worker} round {r} line {k}" for k in range(10)]
        shared = [f"shared round {r} line {k}" for k in range(10)]
        encoder.encode(own + shared)
    if cache.disabled:  # it warned: the file could not be used
        raise SystemExit(3)
    cache.close()


@pytest.mark.parametrize("max_entries", [100_000, 50])
@pytest.mark.slow
def test_concurrent_writers_do_not_corrupt_the_cache(tmp_path: Path, max_entries: int) -> None:
    path = str(tmp_path / "shared.sqlite3")
    workers, rounds = 3, 50
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(workers)
    procs = [
        ctx.Process(target=_writer, args=(path, w, rounds, max_entries, start))
        for w in range(workers)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * workers
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    texts = [
        f"worker {w} round {r} line {k}"
        for w in range(workers)
        for r in range(rounds)
        for k in range(10)
    ] + [f"shared round {r} line {k}" for r in range(rounds) for k in range(10)]
    cache = EmbeddingCache(path)
    assert len(cache) == min(len(texts), max_entries)
    found = cache.get_many("m", texts)
    kept = [i for i, v in enumerate(found) if v is not None]
    assert len(kept) == len(cache)
    expected = HashingEncoder(dim=64).encode([texts[i] for i in kept])
    np.testing.assert_array_equal(np.stack([found[i] for i in kept]), expected)


def test_a_file_that_is_not_a_database_degrades_to_computing(tmp_path: Path) -> None:
    path = tmp_path / "vectors.sqlite3"
    path.write_bytes(b"this is not an SQLite database, just some bytes " * 200)
    counting = CountingEncoder()
    encoder = CachedEncoder(counting, EmbeddingCache(path), "m")
    with pytest.warns(CacheWarning, match="cannot be used"):
        first = encoder.encode(TEXTS)
    second = encoder.encode(TEXTS)  # warned once; still computes
    expected = HashingEncoder(dim=64).encode(TEXTS)
    np.testing.assert_array_equal(first, expected)
    np.testing.assert_array_equal(second, expected)
    assert len(counting.calls) == 2


def test_a_damaged_database_degrades_to_computing(tmp_path: Path) -> None:
    path = tmp_path / "vectors.sqlite3"
    with EmbeddingCache(path) as cache:
        CachedEncoder(HashingEncoder(dim=64), cache, "m").encode(TEXTS)
    conn = sqlite3.connect(path)  # fold the WAL into the file, then damage its pages
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)
    path.write_bytes(bytes(data))
    with pytest.warns(CacheWarning):
        got = CachedEncoder(HashingEncoder(dim=64), EmbeddingCache(path), "m").encode(TEXTS)
    np.testing.assert_array_equal(got, HashingEncoder(dim=64).encode(TEXTS))


def test_an_unopenable_path_degrades_to_computing(tmp_path: Path) -> None:
    path = tmp_path / "is-a-directory"
    path.mkdir()
    with pytest.warns(CacheWarning):
        got = CachedEncoder(HashingEncoder(dim=64), EmbeddingCache(path), "m").encode(TEXTS)
    np.testing.assert_array_equal(got, HashingEncoder(dim=64).encode(TEXTS))


def test_default_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SUMMARIZE_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "summarize"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "summarize"
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    assert EmbeddingCache().path == tmp_path / "mine" / CACHE_FILE


@pytest.mark.parametrize("variable", ["SUMMARIZE_CACHE_DIR", "XDG_CACHE_HOME"])
def test_a_cache_directory_that_is_a_file_is_an_error_naming_its_variable(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str) -> None:
    """SUMMARIZE_CACHE_DIR naming a file failed the run with ``FILE/onnx: Not a directory``
    (the model's export), which left the reader to guess where FILE came from; with --cache
    the warning said to delete "the file"."""
    from summarize.cli import cli

    monkeypatch.delenv("SUMMARIZE_CACHE_DIR", raising=False)
    file = tmp_path / "notes.txt"
    file.write_text("mine\n")
    for value in (file, file / "sub"):
        monkeypatch.setenv(variable, str(value))
        with pytest.raises(UsageError, match=f"^{variable}: .*not .*a directory"):
            default_cache_dir()
        result = CliRunner().invoke(cli, ["digest", str(ROOT / "corpora")])
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"Error: {variable}: ")
        assert len(result.stderr.splitlines()) == 1
    assert file.read_text() == "mine\n"


def test_arguments_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="max_entries"):
        EmbeddingCache(tmp_path / "c", max_entries=0)
    with pytest.raises(ValueError, match="model_id"):
        CachedEncoder(HashingEncoder(), EmbeddingCache(tmp_path / "c"), "")
    with pytest.raises(TypeError, match="encode"):
        CachedEncoder(object(), EmbeddingCache(tmp_path / "c"), "m")
    with pytest.raises(ValueError, match="texts but vectors"):
        EmbeddingCache(tmp_path / "c").put_many("m", ["a", "b"], np.zeros((3, 4)))
