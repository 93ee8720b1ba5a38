"""Position, chance and the embedding centroid: ``lead``, ``random`` and ``centroid``.

* ``lead``: the first sentence of each article in turn, then the second, … (the round-robin
  multi-document lead baseline).
* ``random``: sentences in a random order, from a generator seeded by the run's seed and the
  cluster id.
* ``centroid``: the embedding-centroid summarizer (Rossiello, Basile & Semeraro 2017;
  Ghalandari 2017): rank the pipeline's candidate sentences by the cosine of their embedding to
  the mean of all of them, take them in that order, skipping one closer than ``redundancy`` to
  one already taken.
"""

from __future__ import annotations

import numpy as np

from ...types import Budget
from ..stats import generator
from .base import BaseMethod, Inputs, fill, flat


class Lead(BaseMethod):
    """The first sentence of each article in turn, then each second one, and so on."""

    name = "lead"
    label = "lead"

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]:
        articles = inputs.article_sentences
        starts = np.cumsum([0] + [len(a) for a in articles])
        longest = max((len(a) for a in articles), default=0)
        order = [
            int(starts[d]) + k
            for k in range(longest)
            for d, article in enumerate(articles)
            if k < len(article)
        ]
        texts = flat(articles)
        return [texts[i] for i in fill(texts, order, budget)]


class RandomSentences(BaseMethod):
    """Sentences in random order; the generator is seeded by the seed and the cluster id."""

    name = "random"
    label = "random"

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]:
        texts = flat(inputs.article_sentences)
        order = generator(self.options.seed, "random", inputs.cluster.id).permutation(len(texts))
        return [texts[i] for i in fill(texts, (int(i) for i in order), budget)]


class Centroid(BaseMethod):
    """Sentences closest to the centroid of the cluster's sentence embeddings, none repeated."""

    name = "centroid"
    label = "centroid (embeddings)"
    #: cosine at or above which a sentence repeats one already taken
    redundancy = 0.95

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]:
        analysis = inputs.analysis
        vectors = analysis.vectors
        texts = [s.text for s in analysis.sentences]
        centroid = vectors.mean(axis=0)
        norm = float(np.linalg.norm(centroid))
        scores = vectors @ (centroid / norm if norm else centroid)
        order = sorted(range(len(texts)), key=lambda i: (-round(float(scores[i]), 6), i))

        def repeats(i: int, chosen: list[int]) -> bool:
            return bool(chosen) and float(np.max(vectors[chosen] @ vectors[i])) >= self.redundancy

        return [texts[i] for i in fill(texts, order, budget, skip=repeats)]
