"""The greedy ROUGE oracle (as in Nallapati, Zhai & Zhou 2017, *SummaRuNNer*, and Kedzie,
McKeown & Daumé 2018): repeatedly add the input sentence that most raises ROUGE-1 + ROUGE-2
(the run's measure, averaged over the references) of the cut summary; stop when no sentence
raises it. It reads the references: an upper bound for extractive methods, never a competitor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Any

from ...types import Budget
from ..rouge import RougeScorer, truncate
from .base import BaseMethod, Inputs, flat


class GreedyOracle(BaseMethod):
    """Greedy extractive ROUGE oracle; reads the references (an upper bound, not a system)."""

    name = "oracle"
    label = "oracle (upper bound: reads the references)"
    reads_references = True

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]:
        tokenizer = RougeScorer(use_stemmer=self.options.use_stemmer).tokenizer
        tokenize = cache(lambda text: tuple(tokenizer.tokenize(text.lower())))
        texts = list(dict.fromkeys(s for s in flat(inputs.article_sentences) if s.strip()))
        refs = [_RefCounts(tokenize(r)) for r in inputs.cluster.summaries if r.strip()]
        if not refs or not texts:
            return []
        state = _OracleState(refs, self.options.measure)
        chosen: list[int] = []
        while True:
            best: tuple[float, int, tuple[str, ...]] | None = None
            for i, text in enumerate(texts):
                if i in chosen:
                    continue
                cut = truncate([texts[j] for j in chosen] + [text], budget)
                if len(cut) <= len(chosen):
                    break  # the budget is full: nothing more can be read
                tokens = tokenize(cut[-1])
                gain = state.score_with(tokens)
                if best is None or gain > best[0]:
                    best = (gain, i, tokens)
            if best is None or best[0] <= state.score + 1e-12:
                break
            chosen.append(best[1])
            state.add(best[2])
        return [texts[i] for i in chosen]


class _RefCounts:
    def __init__(self, tokens: Sequence[str]) -> None:
        bigrams = Counter(zip(tokens, tokens[1:], strict=False))
        self.counts = (Counter((t,) for t in tokens), bigrams)
        self.totals = tuple(sum(c.values()) for c in self.counts)


class _OracleState:
    """ROUGE-1 + ROUGE-2 of a growing summary against several references, updated in place."""

    def __init__(self, refs: Sequence[_RefCounts], measure: str) -> None:
        self.refs = refs
        self.measure = measure
        self.tokens: list[str] = []
        self.counts: tuple[Counter[Any], Counter[Any]] = (Counter(), Counter())
        self.overlap = [[0, 0] for _ in refs]
        self.totals = [0, 0]
        self.score = 0.0

    def _grams(self, tokens: Sequence[str]) -> tuple[Counter[Any], Counter[Any]]:
        joined = self.tokens[-1:] + list(tokens)  # rouge-score's bigrams cross sentences
        return Counter((t,) for t in tokens), Counter(zip(joined, joined[1:], strict=False))

    def _value(self, overlaps: Sequence[Sequence[int]], totals: Sequence[int]) -> float:
        value = 0.0
        for ref, overlap in zip(self.refs, overlaps, strict=True):
            for n in (0, 1):
                recall = overlap[n] / ref.totals[n] if ref.totals[n] else 0.0
                if self.measure == "recall":
                    value += recall
                    continue
                precision = overlap[n] / totals[n] if totals[n] else 0.0
                if precision + recall:
                    value += 2 * precision * recall / (precision + recall)
        return value / len(self.refs)

    def _extended(self, tokens: Sequence[str]) -> tuple[list[list[int]], list[int]]:
        grams = self._grams(tokens)
        overlaps = []
        for ref, overlap in zip(self.refs, self.overlap, strict=True):
            new = list(overlap)
            for n in (0, 1):
                have, cap = self.counts[n], ref.counts[n]
                for g, c in grams[n].items():
                    if g in cap:
                        new[n] += min(have[g] + c, cap[g]) - min(have[g], cap[g])
            overlaps.append(new)
        totals = [self.totals[n] + sum(grams[n].values()) for n in (0, 1)]
        return overlaps, totals

    def score_with(self, tokens: Sequence[str]) -> float:
        return self._value(*self._extended(tokens))

    def add(self, tokens: Sequence[str]) -> None:
        overlaps, totals = self._extended(tokens)
        grams = self._grams(tokens)
        for n in (0, 1):
            self.counts[n].update(grams[n])
        self.overlap = overlaps
        self.totals = totals
        self.tokens.extend(tokens)
        self.score = self._value(overlaps, totals)
