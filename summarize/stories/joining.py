"""Whether two groups of articles that average linkage offers are one story: the group model
of the stories' grouping.

After Miranda, Znotiņš, Cohen & Barzdins (2018), "Multilingual Clustering of Streaming News"
(EMNLP), where an article joins a cluster by a model learned over its similarities to the
cluster's centroid: here two groups, by gradient-boosted trees (:mod:`.trees`) over
:data:`GROUP_FEATURES` (:meth:`GroupReader.features`):

* ``average``: the average same-story probability over their pairs (a pair outside the graph
  counts 0); ``best``: their most probable pair among those that may start a join
  (:func:`.learned.may_start`); ``share``: the share of their pairs in the graph;
  ``log_product`` and ``log_sum``: the logs of their sizes' product and sum;
* ``words``, ``names``, ``numbers``: the cosines of the two groups' centroids (the sums of their
  articles' sub-vectors, :mod:`.features`): what the groups say as wholes, where the average
  reads them pair by pair (a story of many articles has many weak pairs);
* ``alternative``: the highest average either group has with a third group, and ``margin``:
  the offer's average less it (two groups that each have a closer partner are less likely
  one story);
* ``nearest``: the mean, over the two groups, of the share of one group's articles whose most
  probable pair lies in the other;
* ``shared``: ``ln(1 + w)``, ``w`` the number of word terms the two groups share: how much
  evidence their words' cosine rests on (two short articles sharing one word can reach the
  cosine of two long ones sharing thirty);
* ``covered_least`` and ``covered_most``: the smaller and the larger of the two shares of a
  group's words' centroid (its weights' sum) that lie on terms the other group's holds
  (:func:`covered`): a short report of an event is covered by a long one, however low their
  cosine;
* ``density`` and ``typical``: the input's context (:func:`context`), the same for all its
  offers: the median of its articles' best words' cosines, and its mean cosine over all pairs.
  In an input of whole stories an article's nearest is mostly of its story; on a day when most
  events are reported once it is mostly a stranger, and a low cosine means less.

A centroid holds the terms found in two articles or more (:func:`.features.tfidf`), so its
cosines read what two groups share against what they share with any other article.

The trees are fitted by ``eval/train_grouping.py`` on the offers met on the tuning pools and
on inputs drawn from them (a few whole stories, or up to 200, grouped alone; the same with
each article cut to its first sentences, as a feed gives them; and articles drawn at random,
whole stories or not), each offer's context read through a random factor of its own (an
input's context is the same for all its offers, and the trees would otherwise learn a
pool's context as its name), and saved in ``summarize/data/story_joins.json`` (see
``docs/decisions.md``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .features import Sparse
from .learned import best_weights
from .linkage import Offer
from .trees import Ensemble, load

GROUP_FEATURES = ("average", "best", "share", "log_product", "log_sum", "words", "names",
                  "numbers", "alternative", "margin", "nearest", "shared", "covered_least",
                  "covered_most", "density", "typical")
#: The fitted trees (``eval/train_grouping.py --write``).
MODEL = Path(__file__).resolve().parent.parent / "data" / "story_joins.json"

Centroid = tuple[np.ndarray, np.ndarray, float]


def nearest_pairs(n: int, i: np.ndarray, j: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Each of ``n`` articles' most probable partner in the graph (``i``, ``j``, ``p``; ties
    to the lower index), −1 for an article in no pair."""
    rows = np.concatenate([i, j])
    cols = np.concatenate([j, i])
    weights = np.concatenate([p, p])
    order = np.lexsort((cols, -weights, rows))
    out = np.full(n, -1, dtype=np.int64)
    first = np.ones(len(order), dtype=bool)
    first[1:] = rows[order][1:] != rows[order][:-1]
    out[rows[order][first]] = cols[order][first]
    return out


def context(n: int, i: np.ndarray, j: np.ndarray, cosine: np.ndarray) -> tuple[float, float]:
    """An input's context, read by the group model: the median over its ``n`` articles of
    each one's best words' cosine in the graph (``i``, ``j``, ``cosine``; 0 for an article in
    no pair: :func:`.learned.best_weights`), and the mean cosine over all its pairs (0 outside
    the graph)."""
    pairs = n * (n - 1) / 2
    return (float(np.median(best_weights(n, i, j, cosine))) if n else 0.0,
            float(cosine.sum()) / pairs if pairs else 0.0)


def centroid(x: Sparse, members: Sequence[int]) -> Centroid:
    """The sum of the rows ``members`` of ``x``: its columns (sorted), values and norm."""
    if len(members) == 1:  # one row: its own columns (sorted, distinct) and values
        lo, hi = x.indptr[members[0]], x.indptr[members[0] + 1]
        values = x.data[lo:hi]
        return x.indices[lo:hi], values, float(np.sqrt(values @ values))
    spans = [np.arange(x.indptr[m], x.indptr[m + 1]) for m in members]
    at = np.concatenate(spans) if spans else np.zeros(0, dtype=np.int64)
    terms, where = np.unique(x.indices[at], return_inverse=True)
    values = np.bincount(where, weights=x.data[at], minlength=len(terms))
    return terms, values, float(np.sqrt(values @ values))


def centroid_overlap(u: Centroid, v: Centroid) -> tuple[float, int]:
    """The cosine of two :func:`centroid` sums (0 when either is empty) and the number of
    terms they share."""
    _, a, b = np.intersect1d(u[0], v[0], assume_unique=True, return_indices=True)
    if u[2] == 0 or v[2] == 0:
        return 0.0, len(a)
    return float(u[1][a] @ v[1][b]) / (u[2] * v[2]), len(a)


def covered(u: Centroid, v: Centroid) -> tuple[float, float]:
    """The share of each of two :func:`centroid` sums' weight that lies on terms the other
    holds (0 for an empty one), the smaller first."""
    _, a, b = np.intersect1d(u[0], v[0], assume_unique=True, return_indices=True)
    total_u, total_v = float(u[1].sum()), float(v[1].sum())
    shares = (float(u[1][a].sum()) / total_u if total_u > 0 else 0.0,
              float(v[1][b].sum()) / total_v if total_v > 0 else 0.0)
    return min(shares), max(shares)


class GroupReader:
    """The :data:`GROUP_FEATURES` of the offers of one run of the linkage: the articles'
    sub-vectors (``words``, ``names``, ``numbers``) and each one's most probable partner
    (:func:`nearest_pairs`). A group's centroids are kept until it grows."""

    def __init__(self, vectors: Sequence[Sparse], nearest: np.ndarray,
                 context: tuple[float, float] = (0.0, 0.0)) -> None:
        self.vectors = tuple(vectors)
        self.nearest = nearest
        self.context = context
        self._kept: dict[int, tuple[int, list[Centroid]]] = {}

    def _centroids(self, members: Sequence[int]) -> list[Centroid]:
        kept = self._kept.get(members[0])
        if kept is None or kept[0] != len(members):
            kept = (len(members), [centroid(x, members) for x in self.vectors])
            self._kept[members[0]] = kept
        return kept[1]

    def features(self, offer: Offer) -> list[float]:
        """The :data:`GROUP_FEATURES` of ``offer``."""
        a, b = offer.a, offer.b
        ours, theirs = self._centroids(a), self._centroids(b)
        overlaps = [centroid_overlap(u, v) for u, v in zip(ours, theirs, strict=True)]
        set_a, set_b = set(a), set(b)
        near = (sum(int(self.nearest[k]) in set_b for k in a) / len(a)
                + sum(int(self.nearest[k]) in set_a for k in b) / len(b)) / 2
        return [offer.average, offer.best, offer.pairs / (len(a) * len(b)),
                math.log(len(a) * len(b)), math.log(len(a) + len(b)),
                *(cosine for cosine, _ in overlaps), offer.alternative,
                offer.average - offer.alternative, near, math.log1p(overlaps[0][1]),
                *covered(ours[0], theirs[0]), *self.context]


@lru_cache(maxsize=1)
def model() -> Ensemble:
    """The fitted group model (:data:`MODEL`)."""
    return load(MODEL)


def joins(features: Sequence[float], ensemble: Ensemble | None = None) -> float:
    """The group model's probability that two groups (their :data:`GROUP_FEATURES`) are one
    story; ``ensemble``: other trees than the fitted ones."""
    return (model() if ensemble is None else ensemble).probability(features)
