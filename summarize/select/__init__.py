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
words (``fact_overlap``, :func:`~summarize.text.same_fact`), quotes in its speaker's own words
what a chosen sentence (or one of its content unit) reports that speaker said, or the reverse
(:mod:`summarize.speech`; also off with ``fact_overlap`` 0), or belongs to a content unit
already represented (``one_per_unit``, off by default). A sentence that does not read alone
(``stand_alone``, :attr:`~summarize.analysis.Analysis.context`) is taken only together with
the sentences before it that it needs, valued as a group per sentence; with no such sentences
it is passed over. How each default was chosen is recorded in ``docs/decisions.md``.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from ..analysis import Analysis
from ..errors import BudgetError, InputError, UsageError
from ..speech import quoted_words
from ..text import MIN_FACT_WORDS, content_stems, same_fact, stem
from ..types import Budget, Pick

__all__ = ["Budget", "Pick", "SelectOptions", "Selection", "select", "sentence_scores"]


#: The members of a content unit read for a quotation of what one of them reports (the first,
#: in article order): a bound on the work for units that many articles repeat.
UNIT_READ = 50

#: Cosine at which two sentences are close enough in meaning that two shared fact words make
#: them state the same fact (:func:`~summarize.text.same_fact`).
CLOSE_COSINE = 0.6


@dataclass(frozen=True)
class SelectOptions:
    """Weights of the objective and the redundancy cut (defaults: see the module docstring)."""

    concept_weight: float = 1.0
    #: weight of the support of the sentence's unit across articles (off: it helped on no table
    #: of the development suite once centrality weighs more; ``docs/decisions.md``)
    support_weight: float = 0.0
    centrality_weight: float = 6.0
    position_weight: float = 0.0
    query_weight: float = 8.0  #: weight of the cosine to the query (only when one is given)
    #: weight of the learned salience prior, divided by the number of articles to the power
    #: ``salience_power``
    salience_weight: float = 173.0
    salience_power: float = 2.0
    min_df: float = 0.12  #: a concept counts when this share of the articles (and two) use it
    redundancy: float = 0.75  #: cosine at which a sentence repeats a chosen one
    min_words: int = 8  #: shortest sentence chosen (unless no candidate is this long)
    one_per_unit: bool = False  #: bar a second sentence of a content unit already chosen
    #: a sentence that needs the one before it is chosen only with it (0 / False: any)
    stand_alone: bool = True
    #: share of the shorter one's fact words at which two sentences state the same fact (0:
    #: not checked; see :func:`~summarize.text.same_fact`)
    fact_overlap: float = 0.5

    def __post_init__(self) -> None:
        for name in ("concept_weight", "support_weight", "centrality_weight", "position_weight",
                     "query_weight", "salience_weight", "salience_power", "min_df", "redundancy",
                     "fact_overlap"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or math.isnan(value) or value < 0:
                raise UsageError(f"{name} must be a number of at least 0, not {value!r}")
        if not self.min_df <= 1 or not 0 < self.redundancy <= 1:
            raise UsageError("min_df must be in [0, 1] and redundancy in (0, 1]")


@dataclass(frozen=True)
class Selection:
    """The chosen sentences in the order they were chosen (best first), and whether the last
    one passes the budget (only with ``overrun``)."""

    picks: tuple[Pick, ...]
    overran: bool = False


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
    sentences, vectors, unit_of = analysis.sentences, analysis.vectors, analysis.unit_of
    n = len(sentences)
    if n == 0:
        return Selection(())
    static = sentence_scores(analysis, options, relevance, salience)
    bags = analysis.bags
    weights = analysis.concept_weights(options.min_df)
    total = sum(weights.values()) or 1.0
    lengths = analysis.lengths
    eligible = lengths >= options.min_words
    if not eligible.any():
        eligible[:] = True
    mean_length = float(lengths[eligible].mean())
    costs = [budget.cost(s.text) for s in sentences]
    capacity = budget.capacity()
    # what each sentence must be read after (see Analysis.context)
    context = analysis.context if options.stand_alone else ((),) * n

    covered: set[tuple[str, str]] = set()
    closest = np.full(n, -1.0)  # highest cosine to a chosen sentence
    used_units: set[int] = set()
    chosen: set[int] = set()
    at: dict[int, int] = {}  # a chosen sentence -> its place in picks
    picks: list[Pick] = []
    used = 0

    # a sentence that states the fact of a chosen one, once and for all (O(n) per pick)
    blocked = np.zeros(n, dtype=bool)

    def free(i: int) -> bool:
        """Whether sentence ``i`` may still join: not a repeat of a chosen one."""
        if i in chosen or blocked[i] or closest[i] >= options.redundancy:
            return False
        return not (options.one_per_unit and unit_of[i] in used_units)

    speakers, names, stems, topic = (analysis.speakers, analysis.names, analysis.stems,
                                     analysis.topic)
    claims: dict[tuple[int, int], bool] = {}  # (quotation, unit) -> quotes_claim, once each
    said: dict[int, frozenset[str]] = {}  # a quotation's quoted fact words, read once

    def quotes_claim(q: int, k: int) -> bool:
        """Whether quotation ``q`` gives in its speaker's own words what ``k``, or a sentence
        of ``k``'s content unit (the first :data:`UNIT_READ` of them), reports of that
        speaker: it names the speaker and attributes, is close in meaning and shares
        :data:`~summarize.text.MIN_FACT_WORDS` fact words, names aside."""
        if not speakers[q]:
            return False
        key = (q, unit_of[k])
        if key not in claims:
            if q not in said:
                said[q] = content_stems(quoted_words(sentences[q].text)) - topic
            claims[key] = any(
                m != q and speakers[q] & names[m] and analysis.attributes[m]
                and float(vectors[q] @ vectors[m]) >= CLOSE_COSINE
                and len(said[q] & (stems[m] - {stem(n) for n in names[m]})) >= MIN_FACT_WORDS
                for m in analysis.units[unit_of[k]].members[:UNIT_READ])
        return claims[key]

    def repeats(i: int, j: int) -> bool:
        """Whether ``i`` states the fact ``j`` states (:func:`~summarize.text.same_fact`), or
        one quotes what the other reports (:func:`quotes_claim`)."""
        close = float(vectors[i] @ vectors[j]) >= CLOSE_COSINE
        return same_fact(analysis.facts(i), analysis.facts(j), topic,
                         options.fact_overlap, close=close) \
            or quotes_claim(i, j) or quotes_claim(j, i)

    while used < capacity:
        best: tuple[int, ...] = ()
        best_value = -math.inf
        for i in range(n):
            if not eligible[i] or not free(i):
                continue
            needed = context[i]
            if needed is None:
                continue  # it needs a sentence before it that is not there
            group = (*(k for k in needed if k not in chosen), i)
            if any(not free(k) or unit_of[k] == unit_of[i] or
                   bool(options.fact_overlap) and repeats(i, k) for k in group[:-1]):
                continue
            cost = sum(costs[k] for k in group)
            if used + cost > capacity and not (overrun and picks):
                continue
            bag = frozenset().union(*(bags[k] for k in group))
            gain = sum(weights.get(c, 0.0) for c in bag - covered) * 100.0 / total
            length = float(sum(lengths[k] for k in group))
            value = round(
                options.concept_weight * gain / (length / mean_length)
                + sum(static[k] for k in group) / len(group), 9
            )
            if value > best_value:
                best, best_value = group, value
        if not best:
            break
        # the last of the group is read right after what it needs, which is read in order
        chain = (*(context[best[-1]] or ()), best[-1])
        for m in range(1, len(chain)):
            k, before = chain[m], chain[m - 1]
            if k in at and picks[at[k]].after is None:  # chosen before: link it now
                picks[at[k]] = dataclasses.replace(picks[at[k]], after=before)
        for k in best:
            m = chain.index(k)
            after = chain[m - 1] if m else None
            at[k] = len(picks)
            picks.append(Pick(sentence=k, unit=unit_of[k], score=float(best_value), after=after))
            used += costs[k]
            used_units.add(unit_of[k])
            covered |= bags[k]
            eligible[k] = False
            chosen.add(k)
            closest = np.maximum(closest, vectors @ vectors[k])
            if options.fact_overlap:
                for i in np.flatnonzero(~blocked).tolist():
                    if i not in chosen and repeats(i, k):
                        blocked[i] = True
    if not picks:
        shortest = min(costs)
        if shortest <= capacity:
            raise InputError("no sentence of the articles reads alone: each needs one before "
                             "it that is not there (set stand_alone=False to take them)",
                             option="stand_alone")
        raise BudgetError(
            f"no sentence fits in {budget.describe()}: the shortest candidate needs "
            f"{shortest - (1 if budget.kind == 'bytes' else 0)} {budget.kind}"
        )
    return Selection(tuple(picks), overran=used > capacity)
