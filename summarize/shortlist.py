"""The lexical pass: which candidate sentences are worth a vector.

Everything here reads words only, so it runs before the encoder, which is most of a large
cluster's time. A sentence is encoded when selection could choose it or it is read with one
that could:

* the lead of every article (its first candidate): the salience prior and the reading order
  measure the others against them;
* every sentence whose concept density is at least :data:`SHARE` of the cluster's densest:
  the weight of the widely shared concepts it carries (:meth:`Analysis.concept_weights`,
  counted over every candidate), per word relative to the mean length, as selection's
  concept gain counts it before anything is chosen;
* the passage each of those is read after (:attr:`Analysis.context`), so that a sentence
  kept needs nothing that is not there.

When the leads and the dense sentences hold less than :data:`RESERVE` times the digest's
budget (two or three short articles, a long digest), every candidate is encoded: selection
passes over repeats and sentences that do not read alone and must still fill the budget, and
a small cluster costs the encoder little.

A sentence that carries none of the widely shared concepts, or only a trace of them, adds
nothing to the coverage that selection buys, and its article's support for a content unit is
carried by its other sentences. Candidates whose texts are the same are encoded once
(:func:`distinct`), as wire copies of one story are.
"""

from __future__ import annotations

from collections.abc import Sequence

from .analysis import Analysis
from .select.options import SelectOptions
from .types import Budget

#: A sentence is encoded when its concept density is at least this share of the densest's.
SHARE = 0.15
#: Below this many budgets in the leads and the dense sentences, every candidate is encoded.
RESERVE = 3


def concept_density(analysis: Analysis, min_df: float) -> list[float]:
    """Each candidate's weight of concepts above the floor (``min_df``), per word relative to
    the mean length: selection's first concept gain, up to one constant factor."""
    weights = analysis.concept_weights(min_df)
    lengths = analysis.lengths
    mean = float(lengths.mean()) if len(lengths) else 1.0
    return [sum(weights.get(c, 0.0) for c in bag) / (float(length) / mean)
            for bag, length in zip(analysis.bags, lengths, strict=True)]


def shortlist(analysis: Analysis, min_df: float, budget: Budget,
              share: float = SHARE) -> tuple[int, ...]:
    """The candidates of ``analysis`` (which needs no vectors) to encode for a digest of
    ``budget``, in order: see the module's rule. ``share`` 0 keeps every candidate."""
    n = len(analysis.sentences)
    if share <= 0 or n == 0:
        return tuple(range(n))
    density = concept_density(analysis, min_df)
    floor = share * max(density)
    keep = {i for i, s in enumerate(analysis.sentences)
            if s.rank == 0 or density[i] >= floor}
    if sum(budget.cost(analysis.sentences[i].text) for i in keep) < RESERVE * budget.capacity():
        return tuple(range(n))
    context = analysis.context
    for i in list(keep):
        keep.update(context[i] or ())
    return tuple(sorted(keep))


def to_encode(analysis: Analysis, budget: Budget, options: SelectOptions,
              query: bool) -> tuple[int, ...]:
    """The candidates of ``analysis`` (which needs no vectors) that a digest of ``budget``
    encodes: every one with a ``query`` that weighs (``query_weight`` above 0: it may prefer
    any of them), else the :func:`shortlist`."""
    if query and options.query_weight > 0:
        return tuple(range(len(analysis.sentences)))
    return shortlist(analysis, options.min_df, budget)


def distinct(texts: Sequence[str]) -> tuple[list[str], list[int]]:
    """The distinct texts in first-seen order, and for each text the index of its own."""
    first: dict[str, int] = {}
    where = [first.setdefault(t, len(first)) for t in texts]
    return list(first), where
