"""Articles grouped into stories by the cosine of their vectors, dates keeping distant
events apart.

STUB (the contract only; the grouping helper replaces the body): connected components of the
pairs at or above ``options.threshold`` whose dates are at most ``options.max_days`` apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from . import StoryOptions


def article_vectors(vectors: np.ndarray, doc_of: Sequence[int], n_docs: int) -> np.ndarray:
    """One unit vector per article (``n_docs`` rows) from its sentences' vectors (row ``i`` of
    ``vectors`` belongs to article ``doc_of[i]``): the normalised mean. An article with no
    sentence gets a zero row (it joins no story but its own)."""
    out = np.zeros((n_docs, vectors.shape[1]), dtype=np.float32)
    np.add.at(out, np.asarray(doc_of, dtype=np.int64), vectors.astype(np.float32))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


def _day(text: str | None) -> int | None:
    try:
        return date.fromisoformat(text).toordinal() if text else None
    except ValueError:
        return None


def group_articles(
    vectors: np.ndarray, dates: Sequence[str | None], options: StoryOptions = StoryOptions()
) -> list[tuple[int, ...]]:
    """The stories, as tuples of article indices (rows of ``vectors``, unit vectors), each
    sorted, the stories sorted by their first article. Deterministic: the same vectors and
    dates give the same stories."""
    n = len(vectors)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    days = [_day(d) for d in dates]
    sims = vectors @ vectors.T if n else np.zeros((0, 0))
    for i in range(n):
        for j in range(i + 1, n):
            if sims[i, j] < options.threshold:
                continue
            if days[i] is not None and days[j] is not None \
                    and abs(days[i] - days[j]) > options.max_days:  # type: ignore[operator]
                continue
            parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(tuple(g) for g in groups.values())
