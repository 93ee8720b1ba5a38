"""The strong classic extractive systems, as registry methods: ``icsi``, ``submodular`` and
``klsum-greedy``: the pure functions of :mod:`.icsi`, :mod:`.submodular` and :mod:`.klsum`
(each ``select(sentences, docs, cost, capacity, **paper_settings) -> list[int]``, re-implemented
from its paper), with their papers' settings.

* ``icsi``: the released ICSI system (Gillick & Favre 2009; TAC 2009, without compression):
  wire cleanup, sentence filters and cleaner, then the concept ILP (stemmed bigrams weighted by
  the number of articles that hold them, once more for an article's first sentence) solved
  exactly under the budget (HiGHS, at most 10 s a cluster; then the greedy fallback); sentences
  under 10 words are not candidates. Its sentences are the cleaned ones, as ICSI prints them
  (:attr:`Icsi.edits`): see :func:`~summarize.evaluation.methods.icsi.summary`.
* ``submodular``: coverage with saturation plus the diversity reward (Lin & Bilmes 2011),
  cost-scaled greedy with the paper's DUC 2004 settings (alpha = 5 / N, lambda = 6, r = 0.3,
  K = N / 5 k-means clusters of the TF-IDF vectors, IDF over the cluster's articles), every
  sentence a candidate.
* ``klsum-greedy``: KL-Sum (Haghighi & Vanderwende 2009), the sentence that brings the summary's
  word distribution closest to the articles' added greedily (named so as not to clash with
  sumy's ``kl``).

Every method reads the same sentences: every sentence of every article (punkt,
:attr:`~.base.Inputs.article_sentences`), those without a word left out (ICSI then prepares
them as its released code does). Each spends the budget
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
        sentences, docs = _sentences(inputs)
        chosen = type(self).select(sentences, docs, budget.cost, budget.capacity(),
                                   **self.settings)
        return [sentences[i] for i in sorted(chosen)]


def _sentences(inputs: Inputs) -> tuple[list[str], list[int]]:
    """The cluster's sentences that hold a word, and each one's article index."""
    sentences: list[str] = []
    docs: list[int] = []
    for d, article in enumerate(inputs.article_sentences):
        for sentence in article:
            if sentence.split():
                sentences.append(sentence)
                docs.append(d)
    return sentences, docs


class Icsi(ClassicMethod):
    name = "icsi"
    label = "ICSI ILP (Gillick & Favre 2009)"
    select = icsi.select  # its ILP, as the registry names it; run through icsi.summary below
    #: ICSI prints its cleaned sentences: words cut from the articles' (never added)
    edits = True
    settings = {"min_words": 10, "time_limit": 10.0, "wire_cleanup": True,
                "sentence_filters": True, "sentence_cleaner": True, "first_weight": 1,
                "icsi_tokens": True}

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]:
        """The released system's whole path (its preparation steps, then its ILP): the
        settings go to :func:`.icsi.summary`, not to a ``select``."""
        sentences, docs = _sentences(inputs)
        return list(icsi.summary(sentences, docs, budget.cost, budget.capacity(),
                                 **self.settings).sentences)


class Submodular(ClassicMethod):
    name = "submodular"
    label = "submodular (Lin & Bilmes 2011)"
    select = submodular.select
    settings = {"a": 5.0, "lam": 6.0, "r": 0.3, "idf": "documents", "min_words": 0}


class KLSumGreedy(ClassicMethod):
    name = "klsum-greedy"
    label = "KL-Sum, greedy (Haghighi & Vanderwende 2009)"
    select = klsum.select
    settings = {"delta": 0.01, "min_words": 10}


#: The classic methods, by registry name.
CLASSIC_METHODS: dict[str, Callable[[MethodOptions], ClassicMethod]] = {
    cls.name: cls for cls in (Icsi, Submodular, KLSumGreedy)
}
