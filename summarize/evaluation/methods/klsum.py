"""KL-Sum (Haghighi & Vanderwende 2009, "Exploring Content Models for Multi-Document
Summarization", NAACL): make the summary's word distribution close to the documents'.

P_D is the unigram distribution of the stemmed words that are not stop words over all sentences
of the cluster; P_S that of the summary, smoothed over the documents' vocabulary V:

    P_S(w) = (count_S(w) + delta) / (|S| + delta * |V|)

Greedily, the sentence whose addition gives the lowest KL(P_D || P_S) is added (ties: the
earlier sentence); sentences that no longer fit are skipped, and the search goes on until none
fits.

Settings:

* ``delta`` (0.01) -- additive smoothing of the summary distribution, so that KL stays finite
  while the summary misses words of the documents.
* ``min_words`` (0) -- sentences with fewer words are not candidates (they still count in
  P_D); if that leaves none, all sentences are candidates. 0 takes every sentence, as the
  paper's description does; the registry method uses ICSI's 10, since without a floor the
  objective fills the budget with fragments (a closing quote mark, "Gov.").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from summarize.text import stem_sequence, words


def kl_divergences(p: np.ndarray, counts: np.ndarray, delta: float = 0.01) -> np.ndarray:
    """KL(p || q_row) for each row of ``counts``, q_row its ``delta``-smoothed distribution
    over the same vocabulary as ``p``."""
    counts = np.atleast_2d(counts)
    q = (counts + delta) / (counts.sum(axis=1, keepdims=True) + delta * counts.shape[1])
    mask = p > 0
    return np.asarray((p[mask] * (np.log(p[mask]) - np.log(q[:, mask]))).sum(axis=1))


def select(
    sentences: Sequence[str],
    docs: Sequence[int],
    cost: Callable[[str], int],
    capacity: int,
    *,
    delta: float = 0.01,
    min_words: int = 0,
) -> list[int]:
    """Indices (ascending) of the sentences KL-Sum chooses within ``capacity``. ``docs`` is
    accepted for the common interface; the documents are pooled."""
    if len(sentences) != len(docs):
        raise ValueError("docs needs one document index per sentence")
    if delta <= 0:
        raise ValueError("delta must be positive")
    bags = [Counter(stem_sequence(s)) for s in sentences]
    vocab = {t: i for i, t in enumerate(sorted(set().union(*bags)))} if bags else {}
    counts = np.zeros((len(sentences), len(vocab)))
    for row, bag in enumerate(bags):
        for t, c in bag.items():
            counts[row, vocab[t]] = c
    total = counts.sum(axis=0)
    p_docs = total / total.sum() if total.sum() > 0 else total
    costs = [cost(s) for s in sentences]
    summary = np.zeros(len(vocab))
    chosen: list[int] = []
    used = 0
    left = [j for j in range(len(sentences)) if len(words(sentences[j])) >= min_words]
    left = left or list(range(len(sentences)))
    while True:
        fitting = [j for j in left if used + costs[j] <= capacity]
        if not fitting:
            break
        scores = kl_divergences(p_docs, summary[None, :] + counts[fitting], delta)
        best = fitting[int(np.argmin(scores))]
        chosen.append(best)
        left.remove(best)
        used += costs[best]
        summary += counts[best]
    return sorted(chosen)
