"""sumy's summarizers, run as a sumy user runs them.

PlaintextParser with Tokenizer('english'), Stemmer('english') and ``get_stop_words('english')``,
asking for just enough sentences to fill the budget: LexRank (Erkan & Radev 2004), TextRank
(Mihalcea & Tarau 2004), LSA (Steinberger & Ježek 2004), Luhn (Luhn 1958), KL-Sum (Haghighi &
Vanderwende 2009), SumBasic (Nenkova & Vanderwende 2005) and Reduction (sumy's graph-degree
method). Edmundson needs hand-made cue word lists and is left out. KL-Sum's greedy search is
stopped once the budget is full (sumy ranks every sentence, cubic in the input; the sentences
it would pick first are the same).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ...types import Budget
from .base import BaseMethod, Inputs, MethodOptions

#: name -> (sumy module, class)
SUMY_METHODS: dict[str, tuple[str, str]] = {
    "lexrank": ("sumy.summarizers.lex_rank", "LexRankSummarizer"),
    "textrank": ("sumy.summarizers.text_rank", "TextRankSummarizer"),
    "lsa": ("sumy.summarizers.lsa", "LsaSummarizer"),
    "luhn": ("sumy.summarizers.luhn", "LuhnSummarizer"),
    "kl": ("sumy.summarizers.kl", "KLSummarizer"),
    "sumbasic": ("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
    "reduction": ("sumy.summarizers.reduction", "ReductionSummarizer"),
}
SUMY_LABELS = {
    "lexrank": "LexRank (sumy)",
    "textrank": "TextRank (sumy)",
    "lsa": "LSA (sumy)",
    "luhn": "Luhn (sumy)",
    "kl": "KL-Sum (sumy)",
    "sumbasic": "SumBasic (sumy)",
    "reduction": "Reduction (sumy)",
}


def enough_sentences(budget: Budget) -> Callable[[Sequence[Any]], list[Any]]:
    """A sumy ``sentences_count``: the best-rated sentences until the budget is full."""

    def count(infos: Sequence[Any]) -> list[Any]:
        out, used = [], 0
        for info in infos:
            if used >= budget.capacity():
                break
            out.append(info)
            used += budget.cost(str(info.sentence))
        return out

    return count


def _budgeted_kl(base: type) -> type:
    """sumy's KLSummarizer with its greedy search stopped once ``budget`` is full."""

    class BudgetedKL(base):  # type: ignore[misc, valid-type]
        budget: Budget = Budget()

        def _compute_ratings(self, sentences: Sequence[Any]) -> dict[Any, float]:
            # sumy 0.13.0's loop, unchanged but for the stop
            word_freq = self.compute_tf(sentences)
            ratings: dict[Any, float] = {}
            summary: list[Any] = []
            sentences_list = list(sentences)
            sentences_as_words = [self._get_content_words_in_sentence(s) for s in sentences]
            used = 0
            while sentences_list and used < self.budget.capacity():
                summary_words = self._get_all_words_in_doc(summary)
                kls = [
                    self._kl_divergence(self._joint_freq(words, summary_words), word_freq)
                    for words in sentences_as_words
                ]
                best = self._find_index_of_best_sentence(kls)
                sentence = sentences_list.pop(best)
                del sentences_as_words[best]
                summary.append(sentence)
                ratings[sentence] = -1 * len(ratings)
                used += self.budget.cost(str(sentence))
            for sentence in sentences_list:
                ratings.setdefault(sentence, float("-inf"))
            return ratings

    return BudgetedKL


class SumyMethod(BaseMethod):
    """One of sumy's summarizers, configured as its own command line configures it."""

    def __init__(self, options: MethodOptions, *, name: str) -> None:
        if name not in SUMY_METHODS:
            raise ValueError(f"unknown sumy method {name!r}")
        super().__init__(options)
        self.name = name
        self.label = SUMY_LABELS[name]

    def _summarizer(self, budget: Budget) -> Any:
        import importlib

        from sumy.nlp.stemmers import Stemmer
        from sumy.utils import get_stop_words

        module, cls_name = SUMY_METHODS[self.name]
        cls = getattr(importlib.import_module(module), cls_name)
        if self.name == "kl":
            cls = _budgeted_kl(cls)
        summarizer = cls(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        if self.name == "kl":
            summarizer.budget = budget
        return summarizer

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]:
        document = inputs.sumy_document
        if not document.sentences:
            return []
        picked = self._summarizer(budget)(document, enough_sentences(budget))
        return [str(s) for s in picked]


def sumy_factory(name: str) -> Callable[[MethodOptions], SumyMethod]:
    def factory(options: MethodOptions) -> SumyMethod:
        return SumyMethod(options, name=name)

    factory.__name__ = f"sumy_{name}"
    return factory
