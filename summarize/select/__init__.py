"""Select: pick non-redundant, central, widely reported sentences under a length budget.

Greedy maximisation of a monotone submodular objective (Lin & Bilmes 2011) made of:

* **concept coverage** (Gillick & Favre 2009, the ICSI summarizer): a sentence gains the weight
  of the concepts (:func:`~summarize.text.concepts`) it adds that the chosen sentences do not
  cover yet, as a percentage of all concept weight, divided by its length relative to the mean
  candidate length (cost scaling). A concept weighs the number of articles using it and counts
  when at least ``min_df`` of the articles (and two) do;
* **a modular sentence score**: the sentence's cosine to the article-balanced centroid
  (Rossiello et al. 2017; Ghalandari 2017), and, off by default, the support of its content
  unit across articles and a news-lead prior;
* **a learned salience prior** (:mod:`summarize.select.salience`), weighted
  ``salience_weight / n ** salience_power`` for n articles, so that it leads when two or three
  articles give little agreement to go by and fades as centrality and concepts take over;
* **query relevance** (topic-focused digests, as in DUC 2005 to 2007): the cosine to the
  query's embedding times ``query_weight`` (the relevance term of Lin & Bilmes 2011).

At each step the sentence of highest value that fits the budget is taken, unless it is closer
than ``redundancy`` (cosine) to a chosen sentence, states a chosen sentence's fact in other
words (``fact_overlap``, :func:`~summarize.facts.same_fact`), quotes in its speaker's own words
what a chosen sentence (or one of its content unit) reports that speaker said, or the reverse
(:mod:`summarize.speech`; also off with ``fact_overlap`` 0), or belongs to a content unit
already represented (``one_per_unit``, off by default). A sentence that does not read alone
(``stand_alone``, :attr:`~summarize.analysis.Analysis.context`) is taken only together with
the sentences before it that it needs, valued as a group per sentence; with no such sentences
it is passed over. How each default was chosen is recorded in ``docs/decisions.md``.

The parts: :mod:`~summarize.select.options` (the weights), :mod:`~summarize.select.objective`
(the value of a group and its gain), :mod:`~summarize.select.redundancy` (what the chosen
sentences rule out), and here the greedy loop (:func:`select`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..analysis import Analysis
from ..errors import BudgetError, InputError
from ..types import Budget, Pick
from .objective import Objective, long_enough, sentence_scores
from .options import SelectOptions
from .redundancy import Redundancy

__all__ = ["Budget", "Pick", "SelectOptions", "Selection", "select", "sentence_scores"]


@dataclass(frozen=True)
class Selection:
    """The chosen sentences in the order they were chosen (best first), and whether the last
    one passes the budget (only with ``overrun``)."""

    picks: tuple[Pick, ...]
    overran: bool = False


class Best(NamedTuple):
    """The group of highest value at one step: the sentences it needs first, then itself."""

    group: tuple[int, ...]
    value: float


@dataclass
class _Greedy:
    """The state of the greedy loop over one cluster's candidates."""

    analysis: Analysis
    objective: Objective
    rules: Redundancy
    eligible: np.ndarray  # not chosen yet and long enough
    costs: list[int]
    capacity: int
    context: tuple[tuple[int, ...] | None, ...]  # what each candidate must be read after
    overrun: bool
    covered: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    picks: list[Pick] = dataclasses.field(default_factory=list)
    at: dict[int, int] = dataclasses.field(default_factory=dict)  # chosen -> place in picks
    used: int = 0

    def group(self, i: int) -> tuple[int, ...] | None:
        """Candidate ``i`` with the sentences before it that it needs and that are not chosen
        yet, if it may join and they fit; else None."""
        if not self.eligible[i] or not self.rules.free(i):
            return None
        needed = self.context[i]
        if needed is None:
            return None  # it needs a sentence before it that is not there
        group = (*(k for k in needed if k not in self.rules.chosen), i)
        if not self.rules.joins(i, group[:-1]):
            return None
        cost = sum(self.costs[k] for k in group)
        if self.used + cost > self.capacity and not (self.overrun and self.picks):
            return None
        return group

    def best(self) -> Best | None:
        """The group of highest value (the first of equals), or None when none may join."""
        best = Best((), -math.inf)
        for i in range(len(self.costs)):
            group = self.group(i)
            if group is None:
                continue
            value = self.objective.value(group, self.covered)
            if value > best.value:
                best = Best(group, value)
        return best if best.group else None

    def take(self, best: Best) -> None:
        """Add ``best``'s sentences, each linked to the one it is read after."""
        context, picks, at = self.context, self.picks, self.at
        # the last of the group is read right after what it needs, which is read in order
        chain = (*(context[best.group[-1]] or ()), best.group[-1])
        for m in range(1, len(chain)):
            k, before = chain[m], chain[m - 1]
            if k in at and picks[at[k]].after is None:  # chosen before: link it now
                picks[at[k]] = dataclasses.replace(picks[at[k]], after=before)
        for k in best.group:
            m = chain.index(k)
            at[k] = len(picks)
            picks.append(Pick(sentence=k, unit=self.analysis.unit_of[k],
                              score=float(best.value), after=chain[m - 1] if m else None))
            self.used += self.costs[k]
            self.covered |= self.objective.bags[k]
            self.eligible[k] = False
            self.rules.choose(k)


def select(
    analysis: Analysis,
    budget: Budget,
    options: SelectOptions = SelectOptions(),
    *,
    overrun: bool = False,
    relevance: np.ndarray | None = None,
    salience: np.ndarray | None = None,
) -> Selection:
    """The chosen sentences (see :class:`Selection`).

    ``relevance``: each candidate's relevance to a query; ``salience``: its learned salience
    (see :func:`sentence_scores`). With ``overrun`` the last sentence may pass the budget (for
    ROUGE evaluation, where every method's output is cut at the budget by the scorer);
    otherwise the budget always holds. Raises :class:`~summarize.errors.BudgetError` if no
    sentence fits, :class:`~summarize.errors.InputError` if every sentence that fits needs
    one before it that is not there.
    """
    n = len(analysis.sentences)
    if n == 0:
        return Selection(())
    eligible = long_enough(analysis.lengths, options.min_words)
    objective = Objective.of(analysis, options,
                             sentence_scores(analysis, options, relevance, salience), eligible)
    greedy = _Greedy(
        analysis, objective, Redundancy(analysis, options), eligible,
        costs=[budget.cost(s.text) for s in analysis.sentences], capacity=budget.capacity(),
        context=analysis.context if options.stand_alone else ((),) * n, overrun=overrun)
    while greedy.used < greedy.capacity:
        best = greedy.best()
        if best is None:
            break
        greedy.take(best)
    if not greedy.picks:
        raise _nothing_fits(greedy.costs, budget)
    return Selection(tuple(greedy.picks), overran=greedy.used > greedy.capacity)


def _nothing_fits(costs: list[int], budget: Budget) -> InputError | BudgetError:
    """Why no sentence was chosen: none reads alone, or none fits the budget."""
    shortest = min(costs)
    if shortest <= budget.capacity():
        return InputError("no sentence of the articles reads alone: each needs one before "
                          "it that is not there (set stand_alone=False to take them)",
                          option="stand_alone")
    return BudgetError(
        f"no sentence fits in {budget.describe()}: the shortest candidate needs "
        f"{shortest - (1 if budget.kind == 'bytes' else 0)} {budget.kind}"
    )
