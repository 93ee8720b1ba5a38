"""The ICSI concept ILP (Gillick & Favre 2009, "A Scalable Global Model for Summarization";
Gillick et al., the ICSI systems at TAC 2008 and 2009), with the preparation of the released
TAC 2009 system (without sentence compression) before it.

:func:`summary` is the released system step by step, each step an option that defaults to the
original (switch one off for an ablation): ``wire_cleanup`` (datelines, `` _ `` and `` -- ``),
``sentence_filters`` (bylines, wire metadata, all-caps, wholly quoted or bracketed sentences,
repeats, lower-case starts, short unpunctuated lines), ``sentence_cleaner`` (weekday phrases,
a final "…, officials said" clause, leading connectives), all three in :mod:`.icsi_prep`;
``first_weight`` (1: a concept in a document's first sentence counts once more for that
document) and ``icsi_tokens`` (ICSI's tokens: ``[a-z0-9-]``, "1,200" as one number, no
possessive 's). The summary is made of the cleaned sentences, as ICSI prints them, so it is not
verbatim: the cleaner cuts attributions ("…, officials said") that a reader would miss.
:func:`select` is the ILP alone, on sentences as given.

Concepts are stemmed word bigrams (a bigram of two stop words is dropped); a concept weighs the
number of documents that contain it, plus ``first_weight`` for each document whose first
sentence (the first given for it) holds it. The summary maximises the total weight of the
concepts it covers, each counted once, under the length budget, solved exactly as the paper's
ILP:

    maximise sum_i w_i c_i  s.t.  sum_j l_j s_j <= L,  s_j Occ_ij <= c_i,
    sum_j s_j Occ_ij >= c_i,  c_i, s_j in {0, 1}

with :func:`scipy.optimize.milp` (HiGHS). Among summaries of equal concept weight the shorter
is taken (as ICSI's ILP does), and among those of equal length the one whose sentence positions
(among the eligible sentences, counted from 1) sum least: penalties adding up to less than 1,
the integer weights' step, so the optimum and its tie-break are the same on every run (a
solution cut short by the time limit may depend on the machine's speed).

Settings:

* ``min_docs`` -- a concept counts only if its weight reaches this. ICSI uses 3 for
  10-document DUC/TAC clusters (as does Boudin et al.'s ``sume``, whatever the cluster's
  size); the default is that 3, lowered for small clusters: ``min(3, max(2, round(0.3 * n)))``
  for ``n`` documents (2 with up to 8 documents, 3 from 9 on). Scaling it up with ``n`` (8 of
  25 DUC 2006/2007 articles) leaves so few concepts that the summary stops short of the budget
  (229 of 250 words on average on DUC 2007, 105 at worst). If no concept reaches it, all
  concepts count.
* ``min_words`` (10) -- sentences with fewer words are not candidates (the TAC systems' length
  filter); if that leaves none, all sentences are candidates.
* ``time_limit`` (10.0) -- seconds HiGHS may spend on a cluster. Fallback: if the solver returns
  neither an optimal nor a feasible solution in time, the sentences are chosen greedily by
  weight of newly covered concepts per unit of cost (ties: the earlier sentence).

Only concepts that occur in some candidate sentence are variables, and sentences costing more
than the budget are not candidates.

Where it still departs from the released system: the sentences are the harness's (punkt
within lines), not ICSI's splitter's; the stop words are the project's; the lowered
``min_docs`` for small clusters; the filters that read capitals are skipped in a lower-cased
corpus; the regular expressions of :mod:`.icsi_prep` are written from a description of the
released code's (its module docstring lists the differences); HiGHS replaces GLPK, with a time
limit and a greedy fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from summarize.evaluation.methods import icsi_prep
from summarize.text import concepts as bigrams
from summarize.text import words

Concept = tuple[str, str]


def default_min_docs(n_docs: int) -> int:
    """The paper's 3 documents (of 10), lowered to 2 for clusters under 9 documents."""
    return min(3, max(2, round(0.3 * n_docs)))


def _weights(
    bags: Sequence[frozenset[Concept]], docs: Sequence[int], candidates: Sequence[int],
    min_docs: int, first_weight: int = 0,
) -> dict[Concept, int]:
    """Concept -> document frequency plus ``first_weight`` per document whose first sentence
    (the first in ``docs`` order) holds it, for the concepts of candidate sentences that reach
    ``min_docs`` (all concepts of candidate sentences when none does)."""
    per_doc: dict[int, set[Concept]] = {}
    weight: dict[Concept, int] = {}
    for bag, d in zip(bags, docs, strict=True):
        if d not in per_doc and first_weight:
            for c in bag:
                weight[c] = weight.get(c, 0) + first_weight
        per_doc.setdefault(d, set()).update(bag)
    for concepts in per_doc.values():
        for c in concepts:
            weight[c] = weight.get(c, 0) + 1
    present = set().union(*(bags[j] for j in candidates)) if candidates else set()
    kept = {c: weight[c] for c in present if weight[c] >= min_docs}
    return kept or {c: weight[c] for c in present}


def _greedy(
    candidates: Sequence[int], bags: Sequence[frozenset[Concept]], weights: dict[Concept, int],
    costs: Sequence[int], capacity: int,
) -> list[int]:
    """Greedy fallback: add the fitting sentence of highest new concept weight per unit of
    cost (cost under 1 counts as 1) until none that fits adds weight."""
    chosen: list[int] = []
    covered: set[Concept] = set()
    used = 0
    left = list(candidates)
    while left:
        best, best_ratio = -1, 0.0
        for j in left:
            if used + costs[j] > capacity:
                continue
            gain = sum(weights.get(c, 0) for c in bags[j] - covered)
            ratio = gain / max(costs[j], 1)
            if ratio > best_ratio:
                best, best_ratio = j, ratio
        if best < 0:
            break
        chosen.append(best)
        covered |= bags[best]
        used += costs[best]
        left.remove(best)
    return sorted(chosen)


def _ilp(
    candidates: Sequence[int], bags: Sequence[frozenset[Concept]], weights: dict[Concept, int],
    costs: Sequence[int], capacity: int, time_limit: float,
) -> list[int] | None:
    """The exact ILP; ``None`` when HiGHS gives no usable solution within ``time_limit``."""
    from scipy.optimize import LinearConstraint, milp
    from scipy.sparse import coo_array

    concepts = sorted(weights)
    index = {c: i for i, c in enumerate(concepts)}
    m, n = len(concepts), len(candidates)
    # ties: the shorter summary (its length over 2 * (capacity + 1): under 1/2), then the least
    # sum of positions (under 1/2 of one unit of length): less than 1 in all
    length_step = 1.0 / (2 * (max(capacity, 0) + 1))
    lengths = np.array([costs[j] for j in candidates], float)
    penalty = length_step * (lengths + np.arange(1, n + 1) / (n * (n + 1)))
    objective = np.concatenate([-np.array([weights[c] for c in concepts], float), penalty])
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    row = 0
    for k, j in enumerate(candidates):  # s_j - c_i <= 0 for every occurrence
        for c in sorted(bags[j] & weights.keys()):
            rows += [row, row]
            cols += [m + k, index[c]]
            vals += [1.0, -1.0]
            row += 1
    cover_rows: dict[int, int] = {}
    for k, j in enumerate(candidates):  # sum_j Occ_ij s_j - c_i >= 0 for every concept
        for c in bags[j] & weights.keys():
            i = index[c]
            if i not in cover_rows:
                cover_rows[i] = row + len(cover_rows)
            rows.append(cover_rows[i])
            cols.append(m + k)
            vals.append(1.0)
    for i, r in cover_rows.items():
        rows.append(r)
        cols.append(i)
        vals.append(-1.0)
    n_occ, n_rows = row, row + len(cover_rows)
    occ = coo_array((vals, (rows, cols)), shape=(n_rows, m + n)).tocsr()
    lower = np.concatenate([np.full(n_occ, -np.inf), np.zeros(len(cover_rows))])
    upper = np.concatenate([np.zeros(n_occ), np.full(len(cover_rows), np.inf)])
    budget = np.concatenate([np.zeros(m), np.array([costs[j] for j in candidates], float)])
    constraints = [LinearConstraint(budget[None, :], -np.inf, capacity)]
    if n_rows:
        constraints.append(LinearConstraint(occ, lower, upper))
    res = milp(
        objective, integrality=np.ones(m + n), bounds=(0, 1), constraints=constraints,
        options={"time_limit": time_limit, "mip_rel_gap": 0.0},
    )
    if res.x is None or res.status not in (0, 1):
        return None
    chosen = [j for k, j in enumerate(candidates) if res.x[m + k] > 0.5]
    if sum(costs[j] for j in chosen) > capacity:
        return None
    return sorted(chosen)


def select(
    sentences: Sequence[str],
    docs: Sequence[int],
    cost: Callable[[str], int],
    capacity: int,
    *,
    min_docs: int | None = None,
    min_words: int = 10,
    time_limit: float = 10.0,
    first_weight: int = 1,
    icsi_tokens: bool = True,
) -> list[int]:
    """Indices (ascending) of the sentences the ICSI ILP chooses within ``capacity``, on the
    sentences as given (:func:`summary` prepares them as ICSI does first)."""
    if len(sentences) != len(docs):
        raise ValueError("docs needs one document index per sentence")
    costs = [cost(s) for s in sentences]
    fits = [j for j, c in enumerate(costs) if c <= capacity]
    long_enough = [j for j in fits if len(words(sentences[j])) >= min_words]
    candidates = long_enough or fits
    if not candidates:
        return []
    concepts = icsi_prep.concepts if icsi_tokens else bigrams
    bags = [concepts(s) for s in sentences]
    floor = default_min_docs(len(set(docs))) if min_docs is None else min_docs
    weights = _weights(bags, docs, candidates, floor, first_weight)
    if not weights:
        return []
    chosen = _ilp(candidates, bags, weights, costs, capacity, time_limit)
    if chosen is None:
        chosen = _greedy(candidates, bags, weights, costs, capacity)
    return chosen


@dataclass(frozen=True)
class Summary:
    """ICSI's summary: its sentences as it prints them (cleaned), and the index of the input
    sentence each comes from."""

    sentences: tuple[str, ...]
    indices: tuple[int, ...]


def summary(
    sentences: Sequence[str],
    docs: Sequence[int],
    cost: Callable[[str], int],
    capacity: int,
    *,
    wire_cleanup: bool = True,
    sentence_filters: bool = True,
    sentence_cleaner: bool = True,
    first_weight: int = 1,
    icsi_tokens: bool = True,
    min_docs: int | None = None,
    min_words: int = 10,
    time_limit: float = 10.0,
) -> Summary:
    """The released ICSI system on a cluster's sentences (each with its document's index, in
    reading order): :func:`.icsi_prep.prepare`, then :func:`select` on what it keeps."""
    if len(sentences) != len(docs):
        raise ValueError("docs needs one document index per sentence")
    prepared = icsi_prep.prepare(sentences, docs, wire=wire_cleanup, filters=sentence_filters,
                                 cleaner=sentence_cleaner, min_words=min_words)
    floor = default_min_docs(len(set(docs))) if min_docs is None else min_docs
    chosen = select(prepared.texts, prepared.docs, cost, capacity, min_docs=floor,
                    min_words=0, time_limit=time_limit, first_weight=first_weight,
                    icsi_tokens=icsi_tokens)
    return Summary(tuple(prepared.texts[k] for k in chosen),
                   tuple(prepared.origin[k] for k in chosen))
