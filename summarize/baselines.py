"""The methods ``summarize`` is compared with, one small class each, behind one interface.

Each is a callable ``method(inputs, budget) -> list[str]`` (see :mod:`summarize.methods`): it
reads one cluster and returns sentences taken verbatim from the articles. All but ``ours`` fill
the budget and may overrun it with their last sentence; the harness then cuts every output
the way ROUGE-1.5.5's ``-l``/``-b`` do (:func:`summarize.evaluation.rouge.truncate`), so every
method gets the same budget. The shared step, taking sentences in a method's order until the
budget is full, is :func:`fill`.

* ``ours``: the project's pipeline (:class:`~summarize.summarizer.Summarizer`), on the shared
  analysis.
* ``ours-query``: the same, focused on the cluster's topic (query-focused sets: DUC 2006/2007).
* ``lead``: the first sentence of each article in turn, then the second, … (the round-robin
  multi-document lead baseline).
* ``random``: sentences in a random order, from a generator seeded by the run's seed and the
  cluster id.
* ``centroid``: the embedding-centroid summarizer (Rossiello, Basile & Semeraro 2017, *Centroid-
  based text summarization through compositionality of word embeddings*; Ghalandari 2017,
  *Revisiting the centroid-based method: a strong baseline for multi-document summarization*):
  rank the pipeline's candidate sentences by the cosine of their embedding to the mean of all
  of them, take them in that order, skipping one closer than ``redundancy`` to one already taken.
* sumy's summarizers, run as a sumy user runs them (PlaintextParser with Tokenizer('english'),
  Stemmer('english'), ``get_stop_words('english')``), asking for just enough sentences to fill
  the budget: LexRank (Erkan & Radev 2004), TextRank (Mihalcea & Tarau 2004), LSA (Steinberger &
  Ježek 2004), Luhn (Luhn 1958), KL-Sum (Haghighi & Vanderwende 2009), SumBasic (Nenkova &
  Vanderwende 2005) and Reduction (sumy's graph-degree method). Edmundson needs hand-made cue word
  lists and is left out. KL-Sum's greedy search is stopped once the budget is full (sumy ranks
  every sentence, cubic in the input; the sentences it would pick first are the same).
* ``oracle``: the greedy ROUGE oracle (as in Nallapati, Zhai & Zhou 2017, *SummaRuNNer*, and
  Kedzie, McKeown & Daumé 2018): repeatedly add the input sentence that most raises
  ROUGE-1 + ROUGE-2 (the run's measure, averaged over the references) of the cut summary; stop
  when no sentence raises it. It reads the references: an upper bound for extractive methods,
  never a competitor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .documents import Cluster
from .errors import UsageError
from .select import Budget

if TYPE_CHECKING:
    from .methods import Inputs, MethodOptions


# --- shared steps ---------------------------------------------------------------------------


def fill(
    texts: Sequence[str],
    order: Iterable[int],
    budget: Budget,
    skip: Callable[[int, list[int]], bool] | None = None,
) -> list[int]:
    """Indices of ``texts`` taken in ``order`` until the budget is full (the last may overrun
    it); ``skip(i, chosen)`` may refuse a sentence. Empty texts are never taken."""
    chosen: list[int] = []
    used = 0
    capacity = budget.capacity()
    for i in order:
        if used >= capacity:
            break
        if not texts[i].strip() or (skip is not None and skip(i, chosen)):
            continue
        chosen.append(i)
        used += budget.cost(texts[i])
    return chosen


def article_sentences(cluster: Cluster) -> tuple[tuple[str, ...], ...]:
    """Every sentence of every article (punkt within lines, nothing filtered)."""
    from .segment import split_sentences

    return tuple(tuple(split_sentences(doc.text)) for doc in cluster.documents)


def _flat(articles: Sequence[Sequence[str]]) -> list[str]:
    return [s for article in articles for s in article]


class BaseMethod:
    """What every method here shares: its options, and no peeking at the references."""

    name = ""
    label = ""
    reads_references = False

    def __init__(self, options: MethodOptions) -> None:
        self.options = options


# --- ours -----------------------------------------------------------------------------------


class Ours(BaseMethod):
    """The project's pipeline: segment, embed, group, select (see :mod:`summarize.select`)."""

    name = "ours"
    label = "ours"

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]:
        # like every method here, the last sentence may pass the budget: the scorer cuts it
        digest = inputs.summarizer.digest_analysis(
            inputs.analysis, budget, id=inputs.cluster.id, overrun=True
        )
        return [s.text for s in digest.sentences]


class OursQuery(BaseMethod):
    """The pipeline focused on the cluster's topic (``Cluster.query``: DUC's title and
    narrative): each sentence's cosine to the query joins its score
    (:attr:`~summarize.select.SelectOptions.query_weight`)."""

    name = "ours-query"
    label = "ours, focused on the topic"
    needs_query = True

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]:
        query = inputs.cluster.query
        if not query:
            raise UsageError(f"cluster {inputs.cluster.id}: no topic to focus on (give --topics)")
        digest = inputs.summarizer.digest_analysis(
            inputs.analysis, budget, id=inputs.cluster.id, overrun=True, query=query
        )
        return [s.text for s in digest.sentences]


#: What each ablation switches off (SelectOptions fields set, or the grouping threshold).
ABLATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "ours-no-concepts": ("ours without concept coverage", {"concept_weight": 0.0}),
    "ours-no-support": ("ours without support across articles", {"support_weight": 0.0}),
    "ours-no-centrality": ("ours without centrality", {"centrality_weight": 0.0}),
    "ours-no-grouping": ("ours without grouping (every sentence its own unit)",
                         {"threshold": 1.0}),
    "ours-lead-prior": ("ours with a news-lead prior (0.3)", {"position_weight": 0.3}),
    "ours-no-salience": ("ours without the learned salience prior", {"salience_weight": 0.0}),
    "ours-no-unit-bar": ("ours without the one-sentence-per-unit bar", {"one_per_unit": False}),
}


class OursAblation(BaseMethod):
    """Ours with one component switched off (or the lead prior on), for the ablation table.

    It shares the cluster's analysis (sentences and embeddings) with ``ours``; only a different
    grouping threshold regroups the same vectors."""

    def __init__(self, options: MethodOptions, *, name: str) -> None:
        super().__init__(options)
        self.name = name
        self.label, changes = ABLATIONS[name]
        self.threshold = changes.get("threshold")
        self.select_changes = {k: v for k, v in changes.items() if k != "threshold"}

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]:
        import dataclasses

        from .group import group
        from .summarizer import Summarizer

        base = inputs.summarizer
        analysis = inputs.analysis
        if self.threshold is not None:
            units = tuple(group(analysis.sentences, analysis.vectors, self.threshold))
            analysis = dataclasses.replace(analysis, units=units)
        variant = Summarizer(
            encoder=base.encoder,
            threshold=self.threshold or base.threshold,
            segment_options=base.segment_options,
            select_options=dataclasses.replace(base.select_options, **self.select_changes),
        )
        digest = variant.digest_analysis(analysis, budget, id=inputs.cluster.id, overrun=True)
        return [s.text for s in digest.sentences]


def ablation_factory(name: str) -> Callable[[MethodOptions], OursAblation]:
    def factory(options: MethodOptions) -> OursAblation:
        return OursAblation(options, name=name)

    return factory


# --- position and chance --------------------------------------------------------------------


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
        texts = _flat(articles)
        return [texts[i] for i in fill(texts, order, budget)]


class RandomSentences(BaseMethod):
    """Sentences in random order; the generator is seeded by the seed and the cluster id."""

    name = "random"
    label = "random"

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]:
        from .evaluation.stats import generator

        texts = _flat(inputs.article_sentences)
        order = generator(self.options.seed, "random", inputs.cluster.id).permutation(len(texts))
        return [texts[i] for i in fill(texts, (int(i) for i in order), budget)]


# --- embeddings -----------------------------------------------------------------------------


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


# --- sumy -----------------------------------------------------------------------------------

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


@cache
def _sumy_tokenizer() -> Any:
    from .nltk_data import use_bundled_nltk_data

    use_bundled_nltk_data()
    from sumy.nlp.tokenizers import Tokenizer

    return Tokenizer("english")


def sumy_document(cluster: Cluster) -> Any:
    """The cluster's articles, one after the other, as sumy's PlaintextParser reads them."""
    from sumy.parsers.plaintext import PlaintextParser

    text = "\n\n".join(doc.text for doc in cluster.documents)
    return PlaintextParser.from_string(text, _sumy_tokenizer()).document


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


# --- the oracle -----------------------------------------------------------------------------


class GreedyOracle(BaseMethod):
    """Greedy extractive ROUGE oracle; reads the references (an upper bound, not a system)."""

    name = "oracle"
    label = "oracle (upper bound: reads the references)"
    reads_references = True

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]:
        from .evaluation.rouge import RougeScorer, truncate

        tokenizer = RougeScorer(use_stemmer=self.options.use_stemmer).tokenizer
        tokenize = cache(lambda text: tuple(tokenizer.tokenize(text.lower())))
        texts = list(dict.fromkeys(s for s in _flat(inputs.article_sentences) if s.strip()))
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
