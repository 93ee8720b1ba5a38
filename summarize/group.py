"""Grouping: sentences that say the same thing, across articles, become one content unit.

Average-linkage agglomerative clustering (UPGMA) on the cosine distance between sentence
embeddings, cut at ``1 - threshold``: two groups merge while their sentences are, on average,
at least ``threshold`` similar. A unit remembers every article that reports it; that support is
what the ranker rewards (content reported by more sources matters more, as in the centroid and
cluster-based multi-document summarizers since Radev et al. 2004).

Average linkage is quadratic in time and memory. Above :data:`MAX_EXACT` candidates (clusters of
hundreds of articles) it runs on the :data:`MAX_EXACT` most central sentences only, and every
other sentence joins the unit of its most similar grouped sentence when that is at least
``threshold`` similar, or stays a unit of its own ("cluster a sample, assign the rest", as
scalable clusterers do): time and memory then grow linearly with the sentences.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .errors import UsageError
from .types import ContentUnit, Sentence

#: Cosine similarity (all-MiniLM-L6-v2) at which two sentences count as the same content.
#: At 0.7 paraphrases of one claim across articles ("Russia says Assad is losing control") join,
#: while different claims about the same people stay apart (how it was chosen:
#: ``docs/decisions.md``).
DEFAULT_THRESHOLD = 0.7

#: The most candidate sentences grouped exactly (see the module docstring); far above the
#: largest cluster of the development sets, whose units are therefore exact.
MAX_EXACT = 2000


@dataclass(frozen=True)
class GroupOptions:
    """How sentences are grouped: ``threshold``, the cosine at which two sentences count as the
    same content (default :data:`DEFAULT_THRESHOLD`), and ``max_exact``, the most candidates
    grouped exactly (default :data:`MAX_EXACT`)."""

    threshold: float = DEFAULT_THRESHOLD
    max_exact: int = MAX_EXACT

    def __post_init__(self) -> None:
        check_threshold(self.threshold)
        if isinstance(self.max_exact, bool) or not isinstance(self.max_exact, int) \
                or self.max_exact < 2:
            raise UsageError("max_exact must be a whole number of at least 2")


def check_threshold(threshold: float) -> None:
    """:class:`~summarize.errors.UsageError` unless ``threshold`` is a number in (0, 1]."""
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) \
            or math.isnan(threshold) or not 0.0 < threshold <= 1.0:
        raise UsageError(f"the grouping threshold must be a number in (0, 1], not {threshold!r}",
                         option="threshold", remedy="set {option} to a cosine in (0, 1]")


def condensed_distances(vectors: np.ndarray) -> np.ndarray:
    """Cosine distances of every pair ``i < j`` in row order (SciPy's condensed form), as
    float64 rounded to 6 decimals (robust to last-bit differences between machines)."""
    n = len(vectors)
    similarities = vectors @ vectors.T
    out = np.empty(n * (n - 1) // 2, dtype=np.float64)
    start = 0
    for i in range(n - 1):  # row by row: no n x n index or float64 temporaries
        row = 1.0 - np.clip(similarities[i, i + 1 :], -1.0, 1.0)
        out[start : start + len(row)] = row
        start += len(row)
    del similarities
    np.maximum(out, 0.0, out=out)
    return np.round(out, 6, out=out)


def average_linkage(condensed: np.ndarray, n: int) -> np.ndarray:
    """UPGMA of ``n`` points: SciPy's ``linkage(condensed, method="average")``, the same
    matrix to the bit, without importing SciPy (slow to import).

    The nearest-neighbour chain algorithm (Murtagh 1983; Müllner 2011, "Modern hierarchical,
    agglomerative clustering algorithms") exactly as SciPy's ``_hierarchy.nn_chain`` runs it:
    the chain starts at the lowest live cluster, prefers the previous link of the chain on
    ties, else the lowest index; merged rows are updated with the Lance-Williams formula
    ``(n_x d_xi + n_y d_yi) / (n_x + n_y)`` in the same floating-point operations; the merges
    are then sorted (stable) by height and relabelled with a union-find. Each step scans one
    row with NumPy, so time is O(n^2) and memory the condensed matrix (8 bytes a pair).
    """
    d = np.array(condensed, dtype=np.float64)  # updated in place
    index = np.arange(n, dtype=np.int64)
    # condensed position of the pair (i, j), i < j: offset[i] + j
    offset = index * n - index * (index + 1) // 2 - index - 1
    size = np.ones(n, dtype=np.int64)
    dead = np.zeros(n, dtype=bool)
    merges = np.empty((n - 1, 4), dtype=np.float64)
    chain: list[int] = []

    def row(x: int) -> np.ndarray:
        """Distances from cluster ``x`` to every cluster (its own entry undefined)."""
        out = np.empty(n, dtype=np.float64)
        out[:x] = d[offset[:x] + x]
        out[x + 1 :] = d[offset[x] + x + 1 : offset[x] + n]
        return out

    for k in range(n - 1):
        if not chain:
            chain.append(int(np.argmin(dead)))  # the lowest live cluster
        while True:
            x = chain[-1]
            distances = row(x)
            distances[dead] = np.inf
            distances[x] = np.inf
            nearest = int(np.argmin(distances))  # the first of equal minima
            if len(chain) > 1:
                previous = chain[-2]
                if not distances[nearest] < distances[previous]:
                    nearest = previous
            if len(chain) > 1 and nearest == chain[-2]:
                break
            chain.append(nearest)
        y = nearest
        height = distances[y]
        del chain[-2:]
        if x > y:
            x, y = y, x
        nx, ny = int(size[x]), int(size[y])
        merges[k] = (x, y, height, nx + ny)
        size[x] = 0
        dead[x] = True
        size[y] = nx + ny
        updated = (nx * row(x) + ny * row(y)) / (nx + ny)
        live = ~dead
        live[y] = False
        left = np.flatnonzero(live[:y])
        d[offset[left] + y] = updated[left]
        right = np.flatnonzero(live[y + 1 :]) + y + 1
        d[offset[y] + right] = updated[right]

    return _relabel(merges[np.argsort(merges[:, 2], kind="mergesort")], n)


def _relabel(merges: np.ndarray, n: int) -> np.ndarray:
    """Merges sorted by height, relabelled as SciPy's ``linkage`` gives them (a union-find:
    the lower label first, the merged cluster's size last)."""
    parent = np.arange(2 * n - 1)
    weight = np.ones(2 * n - 1, dtype=np.int64)

    def find(a: int) -> int:
        root = a
        while parent[root] != root:
            root = int(parent[root])
        while parent[a] != root:
            parent[a], a = root, int(parent[a])
        return root

    for k in range(n - 1):
        a, b = find(int(merges[k, 0])), find(int(merges[k, 1]))
        label = n + k
        parent[a] = parent[b] = label
        weight[label] = weight[a] + weight[b]
        merges[k, 0], merges[k, 1], merges[k, 3] = min(a, b), max(a, b), weight[label]
    return merges


def flat_clusters(merges: np.ndarray, n: int, cutoff: float) -> list[int]:
    """SciPy's ``fcluster(merges, cutoff, criterion="distance")`` as a partition: points
    joined by merges whose subtree height is at most ``cutoff`` share a label, numbered in
    order of each group's first point."""
    highest = np.empty(n - 1, dtype=np.float64)
    parent = np.arange(n)

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = int(parent[a])
        return a

    for k in range(n - 1):
        a, b = int(merges[k, 0]), int(merges[k, 1])
        h = float(merges[k, 2])
        for child in (a, b):
            if child >= n:
                h = max(h, float(highest[child - n]))
        highest[k] = h
    # the leaves under node n + k: union its two children's representatives
    representative = list(range(n)) + [0] * (n - 1)
    for k in range(n - 1):
        a, b = int(merges[k, 0]), int(merges[k, 1])
        representative[n + k] = representative[a]
        if highest[k] <= cutoff:
            ra, rb = find(representative[a]), find(representative[b])
            parent[max(ra, rb)] = min(ra, rb)
    renumber: dict[int, int] = {}
    return [renumber.setdefault(find(i), len(renumber)) for i in range(n)]


def cluster_centroid(sentences: Sequence[Sentence], vectors: np.ndarray) -> np.ndarray:
    """Mean of the articles' mean sentence vectors (each article weighs the same), unit length."""
    rows: dict[int, list[int]] = {}
    for i, s in enumerate(sentences):
        rows.setdefault(s.doc, []).append(i)
    per_doc = [vectors[rows[d]].mean(axis=0) for d in sorted(rows)]
    centroid = np.mean(per_doc, axis=0)
    norm = float(np.linalg.norm(centroid))
    return centroid / norm if norm > 0 else centroid  # type: ignore[no-any-return]


def _renumber(labels: Sequence[int]) -> list[int]:
    """Labels numbered in order of each group's first member."""
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in labels]


def sampled_labels(
    sentences: Sequence[Sentence], vectors: np.ndarray, threshold: float, max_exact: int
) -> list[int]:
    """Average linkage on the ``max_exact`` sentences closest to the cluster's centroid; each
    other sentence joins the group of its most similar grouped sentence when that is at least
    ``threshold`` similar (cosine rounded to 6 decimals), else forms its own."""
    n = len(vectors)
    centrality = np.round(vectors @ cluster_centroid(sentences, vectors), 6)
    order = np.argsort(-centrality, kind="stable")
    core = np.sort(order[:max_exact])
    labels = np.empty(n, dtype=np.int64)
    labels[core] = cluster_labels(vectors[core], threshold)
    fresh = int(labels[core].max()) + 1
    rest = np.sort(order[max_exact:])
    core_vectors = vectors[core]
    for start in range(0, len(rest), 1024):  # bounded memory: 1024 x max_exact similarities
        block = rest[start : start + 1024]
        similarities = np.round(vectors[block] @ core_vectors.T, 6)
        nearest = np.argmax(similarities, axis=1)  # the first of equal maxima
        best = similarities[np.arange(len(block)), nearest]
        for i, j, value in zip(block, nearest, best, strict=True):
            if value >= threshold:
                labels[i] = labels[core[j]]
            else:
                labels[i], fresh = fresh, fresh + 1
    return _renumber(labels.tolist())


def cluster_labels(vectors: np.ndarray, threshold: float) -> list[int]:
    """Average-linkage labels, numbered in order of each group's first member."""
    n = len(vectors)
    if n == 0:
        return []
    if n == 1:
        return [0]
    merges = average_linkage(condensed_distances(vectors), n)
    return flat_clusters(merges, n, 1.0 - threshold)


def group(
    sentences: Sequence[Sentence], vectors: np.ndarray, options: GroupOptions = GroupOptions()
) -> list[ContentUnit]:
    """Content units, in order of their first sentence (exact average linkage up to
    ``options.max_exact`` sentences, :func:`sampled_labels` above)."""
    threshold, max_exact = options.threshold, options.max_exact
    if len(vectors) > max_exact:
        labels = sampled_labels(sentences, vectors, threshold, max_exact)
    else:
        labels = cluster_labels(vectors, threshold)
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(label, []).append(index)
    return [
        ContentUnit(
            members=tuple(idx),
            docs=tuple(sorted({sentences[i].doc for i in idx})),
        )
        for _, idx in sorted(members.items())
    ]
