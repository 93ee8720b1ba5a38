"""group.py's NumPy average linkage against SciPy's: the same merge matrix to the bit, and so
the same content units, on random vectors (ties and duplicates included) and on real clusters."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage

from summarize import HashingEncoder
from summarize.embed.base import normalize_rows
from summarize.group import average_linkage, cluster_labels, condensed_distances, flat_clusters
from summarize.ingest.files import load_directory
from summarize.segment import segment

from .conftest import CORPORA


def scipy_labels(vectors: np.ndarray, threshold: float) -> list[int]:
    """The labels as group.py made them with SciPy (before the NumPy version)."""
    n = len(vectors)
    distances = 1.0 - np.clip(vectors @ vectors.T, -1.0, 1.0)
    condensed = distances[np.triu_indices(n, k=1)].astype(np.float64)
    condensed = np.round(np.maximum(condensed, 0.0), 6)
    raw = fcluster(linkage(condensed, method="average"), t=1.0 - threshold,
                   criterion="distance")
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in raw]


def random_vectors(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n, dim = int(rng.integers(2, 90)), int(rng.integers(2, 24))
    vectors = rng.normal(size=(n, dim)).astype(np.float32)
    if seed % 3 == 0:  # repeated rows: many distances tie at 0
        vectors = vectors[rng.integers(0, max(1, n // 3), size=n)]
    if seed % 4 == 0:  # coarse values: ties between different pairs
        vectors = np.round(vectors, 1)
    return normalize_rows(vectors)


@pytest.mark.parametrize("seed", range(60))
def test_same_merges_and_labels_as_scipy_on_random_vectors(seed: int) -> None:
    vectors = random_vectors(seed)
    condensed = condensed_distances(vectors)
    ours = average_linkage(condensed, len(vectors))
    np.testing.assert_array_equal(ours, linkage(condensed, method="average"))
    for threshold in (0.5, 0.7, 0.9):
        assert cluster_labels(vectors, threshold) == scipy_labels(vectors, threshold)


def test_condensed_distances_are_scipys_input() -> None:
    vectors = random_vectors(7)
    n = len(vectors)
    expected = np.round(np.maximum(
        (1.0 - np.clip(vectors @ vectors.T, -1.0, 1.0))[np.triu_indices(n, k=1)]
        .astype(np.float64), 0.0), 6)
    assert condensed_distances(vectors).tobytes() == expected.tobytes()


def test_flat_clusters_of_a_hand_made_tree() -> None:
    # points 0, 1 at 0.1; 2 joins them at 0.25; 3 stays alone below 0.3
    condensed = np.array([0.1, 0.2, 0.9, 0.3, 0.9, 0.9])
    merges = average_linkage(condensed, 4)
    assert flat_clusters(merges, 4, 0.3) == [0, 0, 0, 1]
    assert flat_clusters(merges, 4, 0.2) == [0, 0, 1, 2]
    assert flat_clusters(merges, 4, 0.05) == [0, 1, 2, 3]


def test_same_labels_as_scipy_on_the_example_cluster() -> None:
    texts = [s.text for s in segment(load_directory(CORPORA))]
    vectors = HashingEncoder().encode(texts)
    for threshold in (0.3, 0.5, 0.7):
        assert cluster_labels(vectors, threshold) == scipy_labels(vectors, threshold)


@pytest.mark.slow
def test_same_labels_as_scipy_with_the_model(model_summarizer) -> None:
    texts = [s.text for s in segment(load_directory(CORPORA))]
    vectors = model_summarizer.encoder.encode(texts)
    for threshold in (0.6, 0.7, 0.8):
        assert cluster_labels(vectors, threshold) == scipy_labels(vectors, threshold)
