"""Coverage plus diversity (Lin & Bilmes 2011, "A Class of Submodular Functions for Document
Summarization", ACL), maximised greedily under a budget.

    F(S) = L(S) + lam * R(S)
    L(S) = sum_i min(C_i(S), alpha * C_i(V)),   C_i(S) = sum_{j in S} w_ij,   alpha = a / N
    R(S) = sum_k sqrt(sum_{j in P_k and S} r_j),   r_j = (1 / N) * sum_i w_ij

``w_ij`` is the cosine between the TF-IDF vectors of sentences i and j (raw counts of stemmed
words that are not stop words; idf ``log(D / df)`` over the D documents of the cluster, as the
paper has it: a word in every document weighs nothing);
``P_1..P_K`` is a k-means partition of the TF-IDF vectors (unit length). The greedy step adds
the sentence of highest gain / cost^r that still fits (ties: the earlier sentence) until none
fits; the result is then compared with the best single sentence that fits, and whichever has
the higher F is returned (the paper's Algorithm 1, which carries its approximation bound).

Settings (defaults: the paper's DUC 2004 choice):

* ``a`` (5.0) -- coverage saturation: sentence i counts as covered once the summary holds
  ``a / N`` of its total similarity to the cluster;
* ``lam`` (6.0) -- weight of the diversity reward R;
* ``r`` (0.3) -- cost scaling in the greedy step (costs under 1 count as 1);
* ``cluster_share`` (0.2) -- the partition has ``K = max(1, round(cluster_share * N))`` parts;
* ``seed`` (0) and ``iterations`` (30) -- k-means++ seeding from ``numpy.random.default_rng
  (seed)`` and at most that many Lloyd iterations, so the partition is the same on every run;
* ``idf`` ("documents") -- the paper's idf over the cluster's documents; "sentences" takes it
  over the N sentences instead (``log(N / df)``, this module's reading before 2026-12-06);
* ``min_words`` (0) -- sentences with fewer words may not be chosen (they stay in the ground
  set V that coverage and the partition are computed over); if that leaves none, all may. 0,
  the paper's rule, takes every sentence that fits.

Where it departs from the paper: the stemmer and stop words are the project's (Porter, sumy's
English list); the k-means is this module's own (seeded k-means++), so the partition need not
be the authors'; the costs are the harness's (words or bytes of the sentence as written).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from summarize.text import stem_sequence as content_stems
from summarize.text import words


def tfidf(sentences: Sequence[str], docs: Sequence[int] | None = None) -> np.ndarray:
    """Unit-length TF-IDF rows, one per sentence (all zero for a sentence without weight).
    With ``docs`` (each sentence's document) the idf is over the documents, else over the
    sentences."""
    bags = [content_stems(s) for s in sentences]
    vocab = {t: i for i, t in enumerate(sorted(set().union(*bags)))} if bags else {}
    tf = np.zeros((len(sentences), len(vocab)))
    for row, bag in enumerate(bags):
        for t in bag:
            tf[row, vocab[t]] += 1.0
    if docs is None:
        df, n = (tf > 0).sum(axis=0), len(sentences)
    else:
        index = {d: k for k, d in enumerate(dict.fromkeys(docs))}
        per_doc = np.zeros((len(index), len(vocab)))
        np.add.at(per_doc, [index[d] for d in docs], tf)
        df, n = (per_doc > 0).sum(axis=0), len(index)
    vectors = tf * np.log(n / np.maximum(df, 1))
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0))


def partition(vectors: np.ndarray, k: int, seed: int = 0, iterations: int = 30) -> np.ndarray:
    """k-means labels (k-means++ seeding, seeded generator, at most ``iterations`` rounds)."""
    n = vectors.shape[0]
    k = max(1, min(k, n))
    rng = np.random.default_rng(seed)
    sq = (vectors**2).sum(axis=1)
    centres = [int(rng.integers(n))]
    d2 = np.maximum(sq - 2 * vectors @ vectors[centres[0]] + sq[centres[0]], 0.0)
    d2[centres[0]] = 0.0
    while len(centres) < k:
        if d2.sum() > 1e-12:
            c = int(rng.choice(n, p=d2 / d2.sum()))
        else:  # duplicates only: any point not yet a centre
            c = int(rng.choice(np.setdiff1d(np.arange(n), centres)))
        centres.append(c)
        d2 = np.minimum(d2, np.maximum(sq - 2 * vectors @ vectors[c] + sq[c], 0.0))
        d2[centres] = 0.0
    means = vectors[centres].copy()
    labels = np.full(n, -1)
    for _ in range(iterations):
        dist = sq[:, None] - 2 * vectors @ means.T + (means**2).sum(axis=1)[None, :]
        new = dist.argmin(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        for c in range(k):
            if (labels == c).any():
                means[c] = vectors[labels == c].mean(axis=0)
    return labels


def similarities(vectors: np.ndarray) -> np.ndarray:
    """Cosine similarities w_ij of unit-length rows (clipped to [0, 1])."""
    return np.asarray(np.clip(vectors @ vectors.T, 0.0, 1.0))


def objective(
    selected: Iterable[int], w: np.ndarray, labels: Sequence[int] | np.ndarray,
    a: float = 5.0, lam: float = 6.0,
) -> float:
    """F(S) = L(S) + lam * R(S) for the sentences ``selected`` (see the module docstring)."""
    chosen = sorted(set(selected))
    n = w.shape[0]
    cap = (a / n) * w.sum(axis=1)
    coverage = float(np.minimum(w[:, chosen].sum(axis=1), cap).sum())
    reward = w.mean(axis=0)
    parts: dict[int, float] = {}
    for j in chosen:
        parts[int(labels[j])] = parts.get(int(labels[j]), 0.0) + float(reward[j])
    return coverage + lam * sum(math.sqrt(v) for v in parts.values())


def maximise(
    w: np.ndarray, labels: Sequence[int] | np.ndarray, costs: Sequence[int], capacity: int,
    a: float = 5.0, lam: float = 6.0, r: float = 0.3, candidates: Sequence[int] | None = None,
) -> list[int]:
    """Greedy by gain / cost^r under ``capacity``, then the best-singleton comparison; only
    ``candidates`` (default: all) may be chosen."""
    n = w.shape[0]
    cap = (a / n) * w.sum(axis=1)
    reward = w.mean(axis=0)
    label = np.asarray(labels, dtype=int)
    cost = np.asarray(costs, dtype=float)
    scale = np.maximum(cost, 1.0) ** r
    covered = np.zeros(n)
    part_sum = np.zeros(int(label.max()) + 1 if n else 0)
    left = np.ones(n, dtype=bool) if candidates is None else np.zeros(n, dtype=bool)
    if candidates is not None:
        left[list(candidates)] = True
    allowed = left.copy()
    chosen: list[int] = []
    used = 0.0
    while True:
        fits = left & (used + cost <= capacity)
        if not fits.any():
            break
        base = np.minimum(covered, cap).sum()
        gain_l = np.minimum(covered[:, None] + w, cap[:, None]).sum(axis=0) - base
        gain_r = np.sqrt(part_sum[label] + reward) - np.sqrt(part_sum[label])
        ratio = np.where(fits, (gain_l + lam * gain_r) / scale, -np.inf)
        j = int(np.argmax(ratio))
        chosen.append(j)
        left[j] = False
        used += cost[j]
        covered += w[:, j]
        part_sum[label[j]] += reward[j]
        chosen.sort()
    singles = [j for j in range(n) if allowed[j] and cost[j] <= capacity]
    if singles:
        values = [objective([j], w, label, a, lam) for j in singles]
        best = singles[int(np.argmax(values))]
        if max(values) > objective(chosen, w, label, a, lam):
            return [best]
    return chosen


def select(
    sentences: Sequence[str],
    docs: Sequence[int],
    cost: Callable[[str], int],
    capacity: int,
    *,
    a: float = 5.0,
    lam: float = 6.0,
    r: float = 0.3,
    cluster_share: float = 0.2,
    seed: int = 0,
    iterations: int = 30,
    idf: str = "documents",
    min_words: int = 0,
) -> list[int]:
    """Indices (ascending) of the sentences Lin & Bilmes' greedy chooses within ``capacity``;
    ``docs`` (each sentence's document) is what the idf is counted over."""
    if len(sentences) != len(docs):
        raise ValueError("docs needs one document index per sentence")
    if idf not in ("documents", "sentences"):
        raise ValueError(f"idf must be 'documents' or 'sentences', not {idf!r}")
    if not sentences:
        return []
    vectors = tfidf(sentences, docs if idf == "documents" else None)
    k = max(1, round(cluster_share * len(sentences)))
    labels = partition(vectors, k, seed=seed, iterations=iterations)
    costs = [cost(s) for s in sentences]
    candidates = [j for j, s in enumerate(sentences) if len(words(s)) >= min_words]
    return maximise(similarities(vectors), labels, costs, capacity, a, lam, r,
                    candidates=candidates or None)
