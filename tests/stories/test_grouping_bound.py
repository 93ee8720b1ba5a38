"""The candidate search of the grouping holds at most a few neighbours per article, never
every pair at once (issue 29, row 8: 5,000 similar articles once held 25 million pairs), and
finds what the all-pairs search finds."""

from __future__ import annotations

import numpy as np
import pytest

from summarize.stories import grouping


def similar(n: int, seed: int = 3) -> np.ndarray:
    """``n`` similar unit vectors (wire copies of one story), some exactly the same."""
    rng = np.random.default_rng(seed)
    v = rng.standard_normal(64) + 0.3 * rng.standard_normal((n, 64))
    v[::5] = v[1]
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def reference(vectors: np.ndarray, threshold: float, k: int) -> set[tuple[int, int]]:
    """Every pair at or above the threshold, kept when it is among the k nearest of either
    article (ties: the earlier article), from the whole matrix."""
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    kept = set()
    for i in range(len(vectors)):
        order = sorted(range(len(vectors)), key=lambda j: (-sims[i, j], j))[:k]
        kept |= {(min(i, j), max(i, j)) for j in order if sims[i, j] >= threshold}
    return kept


@pytest.mark.parametrize("exact_limit", [4096, 100], ids=["exact", "forest"])
def test_the_search_holds_a_few_neighbours_per_article(monkeypatch: pytest.MonkeyPatch,
                                                       exact_limit: int) -> None:
    vectors = similar(600)
    held: list[int] = []
    nearest = grouping._symmetric_nearest

    def counting(found, k):  # type: ignore[no-untyped-def]
        held.append(sum(len(f[0]) for f in found))
        return nearest(found, k)

    monkeypatch.setattr(grouping, "_symmetric_nearest", counting)
    i, j, _ = grouping.candidate_pairs(vectors, 0.5, exact_limit=exact_limit)
    searches = 1 if exact_limit > len(vectors) else grouping.TREES
    assert held[0] <= searches * len(vectors) * (grouping.NEIGHBOURS + 1)  # not 600 * 599
    if exact_limit > len(vectors):
        assert set(zip(i.tolist(), j.tolist(), strict=True)) == \
            reference(vectors, 0.5, grouping.NEIGHBOURS)
