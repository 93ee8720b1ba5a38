"""The learned decisions of the stories' grouping: whether two articles report one story,
then whether two groups of articles do.

After Miranda, Znotiņš, Cohen & Barzdins (2018), "Multilingual Clustering of Streaming News"
(EMNLP), whose decisions are models learned over several similarities rather than one cosine
with a hand-set threshold: a pair model that scores similar articles, then a cluster model
that decides whether an article (here: a group) joins a story.

**Pairs** (:func:`same_story`): a logistic regression over a few features of each pair of the
graph (:func:`pair_features`):

* ``log_cosine``: the log of the words' cosine (:func:`.features.lexical_vectors`), times the
  date decay of :func:`.linkage.date_weights` when both articles are dated;
* ``names``: the cosine of their names (:func:`.features.name_vectors`);
* ``relative``: the words' cosine over the larger of the two articles' best cosines with any
  article (1 when one is the other's nearest);
* ``log_rank``: ``ln(1 + r)``, ``r`` the pair's place (0 the first) among the graph's pairs of
  the article that ranks it higher, by the words' cosine.

The last two read the pair against its neighbours, so that a cosine counts for less in a large
input where each article has many close strangers. In a small input they say the opposite
(an article's nearest may be a stranger when nothing else is near): two groups join only
through a pair whose words' cosine reaches :data:`JOIN_FLOOR` and whose articles share
:data:`JOIN_SHARED` words (:func:`may_start`); another pair still counts in the groups'
average.

**Groups**: average linkage offers two groups, the highest average pair probability first
(from :data:`AVERAGE_FLOOR`); :mod:`.joining`'s group model says whether they join.

The pair model's weights (:data:`COEFFICIENTS`, :data:`INTERCEPT`) are fitted by
``eval/train_grouping.py`` on the tuning pools (see ``docs/decisions.md``); only NumPy runs
here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .features import Sparse, pair_dots
from .linkage import similar_pairs

#: The features of a pair, in the order of :data:`COEFFICIENTS`.
FEATURES = ("log_cosine", "names", "relative", "log_rank")
#: The logistic regression's weights and intercept (``eval/train_grouping.py``).
COEFFICIENTS = (2.84, 4.14, 3.91, -0.60)
INTERCEPT = 4.38
#: Average linkage offers two groups whose average pair probability reaches this.
AVERAGE_FLOOR = 0.05
#: Two groups join only through a pair whose words' cosine (dates weighed in) reaches this,
JOIN_FLOOR = 0.05
#: and whose articles share this many word terms or more (a cosine of two short texts can rest
#: on a word or two).
JOIN_SHARED = 4
#: Pairs less similar than this are left out of the graph (they count as 0).
FLOOR = 0.01
#: The most neighbours an article keeps in the graph.
GRAPH_NEIGHBOURS = 128


def best_weights(n: int, i: np.ndarray, j: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Each of ``n`` articles' best weight among the pairs ``(i[k], j[k])`` of weight ``w[k]``
    (0 for an article in no pair)."""
    best = np.zeros(n, dtype=np.float64)
    np.maximum.at(best, i, w)
    np.maximum.at(best, j, w)
    return best


def neighbourhood(n: int, i: np.ndarray, j: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, ...]:
    """For each pair ``(i[k], j[k])`` of weight ``w[k]`` among ``n`` articles: its weight over
    the larger of its two articles' best weights (:func:`best_weights`), and its place (0 the
    first; ties by the pairs' order) among the pairs of the article that ranks it higher."""
    best = best_weights(n, i, j, w)
    rows = np.concatenate([i, j])
    weights = np.concatenate([w, w])
    order = np.lexsort((-weights, rows))
    starts = np.searchsorted(rows[order], rows[order], side="left")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - starts
    m = len(i)
    top = np.maximum(best[i], best[j]) if m else np.zeros(0)
    return w / np.where(top > 0, top, 1.0), np.minimum(rank[:m], rank[m:])


def pair_features(
    n: int, i: np.ndarray, j: np.ndarray, w: np.ndarray, names: np.ndarray
) -> np.ndarray:
    """The :data:`FEATURES` of each pair, one row a pair: the graph's pairs ``(i, j)`` of
    ``n`` articles, their words' cosines ``w`` (> 0) and their names' cosines."""
    relative, rank = neighbourhood(n, i, j, w)
    return np.column_stack([np.log(w), names, relative, np.log1p(rank)]).reshape(-1, 4)


def same_story(features: np.ndarray) -> np.ndarray:
    """The model's probability that each pair (a row of :func:`pair_features`) reports one
    story."""
    z = features @ np.asarray(COEFFICIENTS) + INTERCEPT
    return 1.0 / (1.0 + np.exp(-z))


def may_start(features: np.ndarray, probability: np.ndarray, words: Sparse, i: np.ndarray,
              j: np.ndarray) -> np.ndarray:
    """Each pair's probability where its words' cosine reaches :data:`JOIN_FLOOR` and its two
    articles share :data:`JOIN_SHARED` word terms or more (``words``: their sub-vectors; the
    pairs ``(i, j)``), else 0: what a pair weighs as the best pair between two groups (two
    groups whose best pair is 0 never join)."""
    ok = features[:, 0] >= np.log(JOIN_FLOOR)
    at = np.flatnonzero(ok)
    ok[at] = shared_terms(words, i[at], j[at]) >= JOIN_SHARED
    return np.where(ok, probability, 0.0)


def shared_terms(words: Sparse, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The number of terms rows ``i[k]`` and ``j[k]`` of ``words`` share, for every ``k``."""
    ones = Sparse(words.indptr, words.indices, np.ones_like(words.data), words.columns)
    return pair_dots(ones, i, j)


def graph_features(
    words: Sparse, names: Sparse, days: Sequence[int | None], max_days: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The graph of the articles whose words and names sub-vectors are ``words`` and ``names``
    (each article's :data:`GRAPH_NEIGHBOURS` most similar by the words' cosine, dates weighed
    in: :func:`.linkage.similar_pairs`) and each pair's :func:`pair_features`: ``(i, j,
    features)``."""
    i, j, w = similar_pairs(words, FLOOR, GRAPH_NEIGHBOURS, days=days, max_days=max_days)
    return i, j, pair_features(words.rows, i, j, w, pair_dots(names, i, j))
