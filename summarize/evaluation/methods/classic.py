"""The strong classic extractive systems, as registry methods: ``icsi``, ``submodular`` and
``klsum-greedy``: the pure functions of :mod:`.icsi`, :mod:`.submodular` and :mod:`.klsum`
(each ``select(sentences, docs, cost, capacity, **paper_settings) -> list[int]``, re-implemented
from its paper), with their papers' settings.

* ``icsi``: the ICSI concept ILP (Gillick & Favre 2009): stemmed bigrams weighted by the number
  of articles that hold them, the exact integer program under the budget (HiGHS, at most
  10 s a cluster; then the greedy fallback of :mod:`~summarize.evaluation.methods.icsi`);
  sentences under 10 words are not candidates, as in the ICSI systems.
* ``submodular``: coverage with saturation plus the diversity reward (Lin & Bilmes 2011),
  cost-scaled greedy with the paper's DUC 2004 settings (alpha = 5 / N, lambda = 6, r = 0.3,
  K = N / 5 k-means clusters of the TF-IDF vectors).
* ``klsum-greedy``: KL-Sum (Haghighi & Vanderwende 2009), the sentence that brings the summary's
  word distribution closest to the articles' added greedily (named so as not to clash with
  sumy's ``kl``).

Every method reads the same sentences: every sentence of every article (punkt,
:attr:`~.base.Inputs.article_sentences`), those without a word left out. Each spends the budget
as the harness counts it (:meth:`~summarize.types.Budget.cost` against
:meth:`~summarize.types.Budget.capacity`) and, as its paper does, stays within it: its last
sentence never passes the budget (the other baselines fill it and have their last sentence
cut). The chosen sentences are returned in the articles' order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...types import Budget
from . import icsi, klsum, submodular
from .base import BaseMethod, Inputs, MethodOptions

Select = Callable[..., list[int]]


class ClassicMethod(BaseMethod):
    """One classic system: its ``select`` function on the cluster's sentences."""

    select: Select
    #: the settings passed to ``select`` (the paper's; empty: the function's defaults)
    settings: dict[str, Any] = {}

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]:
        sentences: list[str] = []
        docs: list[int] = []
        for d, article in enumerate(inputs.article_sentences):
            for sentence in article:
                if sentence.split():
                    sentences.append(sentence)
                    docs.append(d)
        chosen = type(self).select(sentences, docs, budget.cost, budget.capacity(),
                                   **self.settings)
        return [sentences[i] for i in sorted(chosen)]


class Icsi(ClassicMethod):
    name = "icsi"
    label = "ICSI ILP (Gillick & Favre 2009)"
    select = icsi.select
    settings = {"min_words": 10, "time_limit": 10.0}


class Submodular(ClassicMethod):
    name = "submodular"
    label = "submodular (Lin & Bilmes 2011)"
    select = submodular.select
    settings = {"a": 5.0, "lam": 6.0, "r": 0.3, "min_words": 10}


class KLSumGreedy(ClassicMethod):
    name = "klsum-greedy"
    label = "KL-Sum, greedy (Haghighi & Vanderwende 2009)"
    select = klsum.select
    settings = {"delta": 0.01, "min_words": 10}


#: The classic methods, by registry name.
CLASSIC_METHODS: dict[str, Callable[[MethodOptions], ClassicMethod]] = {
    cls.name: cls for cls in (Icsi, Submodular, KLSumGreedy)
}
