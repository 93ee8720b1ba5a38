"""The objective selection maximises, and the gain of adding a group of sentences to it.

A group's value is its concept coverage gain (the weight of the concepts it adds that the chosen
sentences do not cover yet, as a percentage of all concept weight, divided by its length relative
to the mean candidate length) times ``concept_weight``, plus the mean of its sentences' modular
scores (:func:`sentence_scores`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..analysis import Analysis
from ..errors import UsageError
from ..text import Concept
from .options import SelectOptions


def sentence_scores(
    analysis: Analysis,
    options: SelectOptions,
    relevance: np.ndarray | None = None,
    salience: np.ndarray | None = None,
) -> np.ndarray:
    """The modular part of every candidate's value.

    ``relevance`` (one value per candidate, the cosine to a query) adds ``query_weight`` times
    itself; ``salience`` (one value per candidate in [0, 1], :mod:`summarize.select.salience`)
    adds ``salience_weight / n_docs ** salience_power`` times itself."""
    n = len(analysis.sentences)
    lead = np.array([1.0 - s.relative_position for s in analysis.sentences])
    static = (
        options.support_weight * analysis.support
        + options.centrality_weight * analysis.centrality
        + options.position_weight * lead
    )
    if relevance is not None:
        if relevance.shape != (n,):
            raise UsageError("relevance needs one value per candidate sentence")
        static = static + options.query_weight * relevance
    if salience is not None:
        if salience.shape != (n,):
            raise UsageError("salience needs one value per candidate sentence")
        weight = options.salience_weight / max(1, analysis.n_docs) ** options.salience_power
        static = static + weight * salience
    return np.round(static, 9)  # type: ignore[no-any-return]


def long_enough(lengths: np.ndarray, min_words: int) -> np.ndarray:
    """Which candidates are at least ``min_words`` long (all of them when none is)."""
    eligible = lengths >= min_words
    if not eligible.any():
        eligible[:] = True
    return eligible  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Objective:
    """The value of a group of candidates given the concepts already covered."""

    bags: Sequence[frozenset[Concept]]  #: each candidate's concepts
    weights: dict[Concept, float]  #: the weight of each concept that counts
    total: float  #: the weight of all concepts (1 when there are none)
    lengths: np.ndarray  #: each candidate's length in words
    mean_length: float  #: the mean length of the candidates long enough to be chosen
    static: np.ndarray  #: each candidate's modular score (:func:`sentence_scores`)
    concept_weight: float

    @classmethod
    def of(cls, analysis: Analysis, options: SelectOptions, static: np.ndarray,
           eligible: np.ndarray) -> Objective:
        """The objective over ``analysis``'s candidates; ``eligible`` (:func:`long_enough`)
        gives the mean length."""
        weights = analysis.concept_weights(options.min_df)
        lengths = analysis.lengths
        return cls(bags=analysis.bags, weights=weights, total=sum(weights.values()) or 1.0,
                   lengths=lengths, mean_length=float(lengths[eligible].mean()), static=static,
                   concept_weight=options.concept_weight)

    def coverage_gain(self, group: Sequence[int], covered: set[Concept]) -> float:
        """The weight of the concepts ``group`` adds to ``covered``, as a percentage of all."""
        bag = frozenset().union(*(self.bags[k] for k in group))
        return sum(self.weights.get(c, 0.0) for c in bag - covered) * 100.0 / self.total

    def value(self, group: Sequence[int], covered: set[Concept]) -> float:
        """The value of adding ``group`` (rounded to 9 places, so that ties are ties)."""
        length = float(sum(self.lengths[k] for k in group))
        return round(
            self.concept_weight * self.coverage_gain(group, covered) / (length / self.mean_length)
            + sum(self.static[k] for k in group) / len(group), 9
        )
