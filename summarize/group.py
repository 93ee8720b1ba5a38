"""Grouping: sentences that say the same thing, across articles, become one content unit.

Average-linkage agglomerative clustering (UPGMA) on the cosine distance between sentence
embeddings, cut at ``1 - threshold``: two groups merge while their sentences are, on average,
at least ``threshold`` similar. A unit remembers every article that reports it; that support is
what the ranker rewards (content reported by more sources matters more, as in the centroid and
cluster-based multi-document summarizers since Radev et al. 2004).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .documents import Sentence

#: Cosine similarity (all-MiniLM-L6-v2) at which two sentences count as the same content.
#: Chosen on the example cluster and DUC 2006: at 0.7 paraphrases of one claim across articles
#: ("Russia says Assad is losing control") join, while different claims about the same people
#: stay apart.
DEFAULT_THRESHOLD = 0.7


@dataclass(frozen=True)
class ContentUnit:
    """Sentences (indices into the candidate list) that report the same content."""

    members: tuple[int, ...]
    docs: tuple[int, ...]  #: the articles that report it, sorted

    @property
    def support(self) -> int:
        return len(self.docs)


def cluster_labels(vectors: np.ndarray, threshold: float) -> list[int]:
    """Average-linkage labels, numbered in order of each group's first member."""
    n = len(vectors)
    if n == 0:
        return []
    if n == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage

    distances = 1.0 - np.clip(vectors @ vectors.T, -1.0, 1.0)
    condensed = distances[np.triu_indices(n, k=1)].astype(np.float64)
    condensed = np.round(np.maximum(condensed, 0.0), 6)  # robust to last-bit differences
    tree = linkage(condensed, method="average")
    raw = fcluster(tree, t=1.0 - threshold, criterion="distance")
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in raw]


def group(
    sentences: Sequence[Sentence], vectors: np.ndarray, threshold: float = DEFAULT_THRESHOLD
) -> list[ContentUnit]:
    """Content units, in order of their first sentence."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
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
