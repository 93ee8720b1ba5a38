"""The classic methods (ICSI ILP, Lin & Bilmes submodular, KL-Sum) on hand-made clusters."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable

import numpy as np
import pytest

from summarize.evaluation.methods import icsi, klsum, submodular
from summarize.text import concepts as bigrams
from summarize.text import words

METHODS = [icsi.select, submodular.select, klsum.select]


def word_cost(text: str) -> int:
    return len(words(text))


def table_cost(table: dict[str, int]) -> Callable[[str], int]:
    return lambda text: table[text]


def random_cluster(seed: int, n: int = 7) -> tuple[list[str], list[int]]:
    """``n`` distinct random sentences over a small vocabulary, spread over three documents."""
    rng = random.Random(seed)
    vocab = ["storm", "flood", "city", "river", "bridge", "rain", "mayor", "water", "the", "of"]
    sentences: list[str] = []
    while len(sentences) < n:
        s = " ".join(rng.choice(vocab) for _ in range(rng.randint(3, 8)))
        if s not in sentences:
            sentences.append(s)
    docs = [i % 3 for i in range(n)]
    return sentences, docs


# -- ICSI ---------------------------------------------------------------------------------

#: Three documents. (alpha, beta) and (gamma, delta) are in all three (weight 3 each), (theta,
#: iota) in two (weight 2); the other bigrams in one (ignored: min_docs is 2 for 3 documents).
#: With a budget of 10: sentence 0 covers both weight-3 concepts (6); greedy by weight / cost
#: takes sentence 1 first (3 / 4 beats 6 / 10), and then only sentence 3 fits (5 in all).
ICSI_SENTENCES = [
    "alpha beta gamma delta",  # doc 0, cost 10: (alpha beta) + (gamma delta) = 6
    "alpha beta",  # doc 1, cost 4: 3
    "gamma delta omega",  # doc 2, cost 7: 3
    "theta iota",  # doc 2, cost 6: 2
    "alpha beta kappa gamma delta theta iota",  # doc 2, cost 20: too long
    "gamma delta sigma",  # doc 1, cost 15: too long
    "theta iota rho",  # doc 0, cost 12: too long
]
ICSI_DOCS = [0, 1, 2, 2, 2, 1, 0]
ICSI_COST = table_cost(dict(zip(ICSI_SENTENCES, [10, 4, 7, 6, 20, 15, 12], strict=True)))


def test_default_min_docs_is_the_papers_three_lowered_for_small_clusters() -> None:
    assert [icsi.default_min_docs(n) for n in (1, 2, 3, 5, 8, 9, 10, 20, 25)] == [
        2, 2, 2, 2, 2, 3, 3, 3, 3]


def test_icsi_ilp_beats_greedy_on_a_hand_case() -> None:
    chosen = icsi.select(ICSI_SENTENCES, ICSI_DOCS, ICSI_COST, 10, min_words=0, first_weight=0)
    assert chosen == [0]
    # the greedy fallback alone would take the worse pair
    bags = [bigrams(s) for s in ICSI_SENTENCES]
    weights = icsi._weights(bags, ICSI_DOCS, [0, 1, 2, 3], 2)
    assert weights == {("alpha", "beta"): 3, ("gamma", "delta"): 3, ("theta", "iota"): 2}
    costs = [ICSI_COST(s) for s in ICSI_SENTENCES]
    assert icsi._greedy([0, 1, 2, 3], bags, weights, costs, 10) == [1, 3]


def test_icsi_first_sentences_weigh_once_more() -> None:
    # the first sentences of documents 0, 1 and 2 are sentences 0, 1 and 2: (alpha beta) is in
    # two of them (3 + 2), (gamma delta) in two (3 + 2), (theta iota) in none (2)
    bags = [bigrams(s) for s in ICSI_SENTENCES]
    weights = icsi._weights(bags, ICSI_DOCS, [0, 1, 2, 3], 2, first_weight=1)
    assert weights == {("alpha", "beta"): 5, ("gamma", "delta"): 5, ("theta", "iota"): 2,
                       ("beta", "gamma"): 2, ("delta", "omega"): 2}  # 1 + 1: first sentences
    # a concept in one document only reaches the threshold 2 by being in its first sentence
    sentences = ["storm surge hit", "red green", "blue sky"]
    assert icsi.select(sentences, [0, 0, 1], word_cost, 3, min_words=0, min_docs=2) == [0]
    assert icsi.select(sentences, [0, 0, 1], word_cost, 3, min_words=0, min_docs=2,
                       first_weight=0) == [0]  # all concepts count (none reaches 2): 2 of them
    # with first_weight, (red green) of doc 0's second sentence stays below it; (blue sky) of
    # doc 1's first reaches it: sentence 2 (weight 2) against sentence 0's two of weight 2
    assert icsi._weights([bigrams(s) for s in sentences], [0, 0, 1], [0, 1, 2], 2, 1) == {
        ("storm", "surg"): 2, ("surg", "hit"): 2, ("blue", "sky"): 2}


def brute_force(
    sentences: list[str], docs: list[int], capacity: int, min_docs: int, first_weight: int = 0,
) -> tuple[int, int, int]:
    """(best concept weight, then least length, then least sum of candidate positions among
    the subsets with it)."""
    costs = [word_cost(s) for s in sentences]
    candidates = [j for j, c in enumerate(costs) if c <= capacity]
    bags = [bigrams(s) for s in sentences]
    df: dict[tuple[str, str], int] = {}
    for d in set(docs):
        for c in set().union(*(bags[j] for j in range(len(docs)) if docs[j] == d)):
            df[c] = df.get(c, 0) + 1
        for c in bags[docs.index(d)]:  # the document's first sentence
            df[c] += first_weight
    present = set().union(*(bags[j] for j in candidates))
    weights = {c: df[c] for c in present if df[c] >= min_docs} or {c: df[c] for c in present}
    best = (0, 0, 0)
    for size in range(1, len(candidates) + 1):
        for subset in itertools.combinations(range(len(candidates)), size):
            length = sum(costs[candidates[k]] for k in subset)
            if length > capacity:
                continue
            covered = set().union(*(bags[candidates[k]] for k in subset))
            key = (sum(weights.get(c, 0) for c in covered), -length, -sum(k + 1 for k in subset))
            best = max(best, key)
    return best[0], -best[1], -best[2]


@pytest.mark.parametrize("first_weight", [0, 1])
@pytest.mark.parametrize("seed", range(6))
def test_icsi_ilp_is_the_exact_optimum(seed: int, first_weight: int) -> None:
    sentences, docs = random_cluster(seed, n=6 + seed % 3)
    capacity = 10 + seed
    chosen = icsi.select(sentences, docs, word_cost, capacity, min_words=0,
                         first_weight=first_weight)
    costs = [word_cost(s) for s in sentences]
    assert sum(costs[j] for j in chosen) <= capacity
    candidates = [j for j, c in enumerate(costs) if c <= capacity]
    bags = [bigrams(s) for s in sentences]
    weights = icsi._weights(bags, docs, candidates, 2, first_weight)
    covered = set().union(*(bags[j] for j in chosen))
    got = (sum(weights.get(c, 0) for c in covered), sum(costs[j] for j in chosen),
           sum(candidates.index(j) + 1 for j in chosen))
    assert got == brute_force(sentences, docs, capacity, min_docs=2, first_weight=first_weight)


def test_icsi_ignores_concepts_below_min_docs() -> None:
    sentences = ["red green blue yellow purple", "storm surge", "storm surge hit"]
    docs = [0, 1, 2]
    # min_docs 2: only (storm, surge) counts (2); sentence 1 alone is the shortest optimum
    assert icsi.select(sentences, docs, word_cost, 5, min_words=0, first_weight=0) == [1]
    # min_docs 1: the four one-document concepts of sentence 0 (4) beat storm surge hit (3)
    assert icsi.select(sentences, docs, word_cost, 5, min_words=0, min_docs=1,
                       first_weight=0) == [0]


def test_icsi_leaves_out_short_sentences() -> None:
    long = "alpha beta gamma delta epsilon zeta eta theta iota kappa"  # 10 words
    sentences = ["alpha beta", long, "alpha beta again"]
    chosen = icsi.select(sentences, [0, 1, 2], word_cost, 12, first_weight=0)
    assert chosen == [1]
    assert icsi.select(sentences, [0, 1, 2], word_cost, 12, min_words=0, first_weight=0) == [0]
    # the only long sentence does not fit: the short ones are candidates again
    assert icsi.select(sentences, [0, 1, 2], word_cost, 5, first_weight=0) == [0]


def test_icsi_uses_all_concepts_when_none_reaches_min_docs() -> None:
    # no bigram is in both documents: every concept weighs 1; sentence 0 holds two
    assert icsi.select(["red green blue", "storm surge"], [0, 1], word_cost, 3, min_words=0) == [0]


def test_icsi_falls_back_to_greedy_without_a_solution(monkeypatch: pytest.MonkeyPatch) -> None:
    import scipy.optimize
    from scipy.optimize import OptimizeResult

    def no_solution(*args: object, **kwargs: object) -> OptimizeResult:
        return OptimizeResult(status=1, success=False, x=None, message="time limit reached")

    monkeypatch.setattr(scipy.optimize, "milp", no_solution)
    assert icsi.select(ICSI_SENTENCES, ICSI_DOCS, ICSI_COST, 10, min_words=0,
                       first_weight=0) == [1, 3]

    def over_budget(c: np.ndarray, **kwargs: object) -> OptimizeResult:
        return OptimizeResult(status=1, success=False, x=np.ones(len(c)), message="time limit")

    monkeypatch.setattr(scipy.optimize, "milp", over_budget)
    assert icsi.select(ICSI_SENTENCES, ICSI_DOCS, ICSI_COST, 10, min_words=0,
                       first_weight=0) == [1, 3]


def test_icsi_tiny_time_limit_still_respects_the_budget() -> None:
    sentences, docs = random_cluster(11, n=40)
    chosen = icsi.select(sentences, docs, word_cost, 30, min_words=0, time_limit=1e-6)
    assert chosen and sum(word_cost(sentences[j]) for j in chosen) <= 30


# -- Lin & Bilmes -------------------------------------------------------------------------

def test_tfidf_cosine_by_hand() -> None:
    # stems citi, flood, river, storm; N = 3, idf log(3 / df): citi and storm log 1.5, flood
    # and river log 3. Rows 0 and 1: (2 s, 0, 0, s) and (s, 0, b, s) with s = log 1.5, b = log 3
    w = submodular.similarities(submodular.tfidf(["storm city city", "storm city river", "flood"]))
    small, big = math.log(1.5), math.log(3)
    assert w[0, 1] == pytest.approx(3 * small / (math.sqrt(5) * math.sqrt(2 * small**2 + big**2)))
    assert np.allclose(np.diag(w), 1.0) and w[0, 2] == w[1, 2] == 0.0


def test_tfidf_idf_over_documents() -> None:
    # the paper's idf is over the documents: "storm" is in both documents, so it weighs
    # nothing and sentences 0 and 1 share no weighted word; over the three sentences it is in
    # two of them (idf log 1.5) and links them
    sentences = ["storm city", "storm river", "flood"]
    by_doc = submodular.similarities(submodular.tfidf(sentences, [0, 1, 1]))
    assert by_doc[0, 1] == 0.0
    by_sentence = submodular.similarities(submodular.tfidf(sentences))
    small, big = math.log(1.5), math.log(3)
    assert by_sentence[0, 1] == pytest.approx(small**2 / (small**2 + big**2))
    # documents 0, 0, 1: "storm" in one of two documents (log 2), like "city" and "river"
    assert submodular.similarities(submodular.tfidf(sentences, [0, 0, 1]))[0, 1] == (
        pytest.approx(0.5))
    # (select reads the idf over its docs: test_submodular_select_is_the_greedy_on_the_objective)
    with pytest.raises(ValueError, match="idf"):
        submodular.select(sentences, [0, 1, 1], word_cost, 2, idf="words")


def test_partition_is_seeded_and_separates_clear_groups() -> None:
    vectors = np.array([[1.0, 0.0], [0.99, 0.14], [0.0, 1.0], [0.14, 0.99]])
    labels = submodular.partition(vectors, 2)
    assert labels[0] == labels[1] != labels[2] == labels[3]
    assert np.array_equal(submodular.partition(vectors, 2), labels)


W3 = np.array([[1.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 1.0]])


def test_submodular_objective_by_hand() -> None:
    # a = 1, N = 3: alpha = 1/3, caps = alpha * (1.5, 1.5, 1) = (0.5, 0.5, 1/3);
    # r = column means = (0.5, 0.5, 1/3); parts {0, 1} and {2}
    labels = [0, 0, 1]
    assert submodular.objective([], W3, labels, a=1, lam=6) == 0.0
    # S = {0}: C = (1, 0.5, 0) -> L = 0.5 + 0.5 + 0 = 1; R = sqrt(0.5)
    assert submodular.objective([0], W3, labels, a=1, lam=6) == pytest.approx(
        1 + 6 * math.sqrt(0.5))
    # S = {0, 2}: C = (1, 0.5, 1) -> L = 0.5 + 0.5 + 1/3; R = sqrt(0.5) + sqrt(1/3)
    assert submodular.objective([0, 2], W3, labels, a=1, lam=6) == pytest.approx(
        4 / 3 + 6 * (math.sqrt(0.5) + math.sqrt(1 / 3)))
    # S = {0, 1}: same part -> R = sqrt(1); coverage saturated at 1
    assert submodular.objective([0, 1], W3, labels, a=1, lam=6) == pytest.approx(1 + 6)


def test_submodular_greedy_by_hand() -> None:
    # a = 3 (alpha = 1: no saturation), unit costs, room for two. After sentence 0 (first of
    # the tie with 1): adding 1 gains L 1.5, R sqrt(1) - sqrt(0.5) = 0.293; adding 2 gains L 1,
    # R sqrt(1/3) = 0.577. lam = 0 -> {0, 1}; lam = 6 -> 1.5 + 1.76 < 1 + 3.46 -> {0, 2}.
    labels = [0, 0, 1]
    assert submodular.maximise(W3, labels, [1, 1, 1], 2, a=3, lam=0) == [0, 1]
    assert submodular.maximise(W3, labels, [1, 1, 1], 2, a=3, lam=6) == [0, 2]
    # a = 1: caps (0.5, 0.5, 1/3). After sentence 0, sentences 0 and 1 are saturated, so adding
    # 1 gains nothing and adding 2 gains 1/3: lam = 0 -> {0, 2}
    assert submodular.maximise(W3, labels, [1, 1, 1], 2, a=1, lam=0) == [0, 2]


def test_submodular_best_singleton_rule() -> None:
    # sentence 2 is close to 3 and 4 (too long); a = 5 with N = 5: no saturation; lam = 0.
    # Greedy by gain / cost^0.3: 1 / 1 for sentences 0 and 1 beats 2.8 / 100^0.3 = 0.70, and then
    # sentence 2 no longer fits: F({0, 1}) = 2 < F({2}) = 1 + 0.9 + 0.9 = 2.8.
    w = np.eye(5)
    for i, j in [(2, 3), (2, 4), (3, 4)]:
        w[i, j] = w[j, i] = 0.9
    labels = [0, 1, 2, 3, 4]
    costs = [1, 1, 100, 200, 200]
    assert submodular.objective([2], w, labels, lam=0) == pytest.approx(2.8)
    assert submodular.objective([0, 1], w, labels, lam=0) == pytest.approx(2.0)
    assert submodular.maximise(w, labels, costs, 100, lam=0) == [2]
    # with room for all three, the greedy set is kept
    assert submodular.maximise(w, labels, costs, 102, lam=0) == [0, 1, 2]


def naive_greedy(
    w: np.ndarray, labels: np.ndarray, costs: list[int], capacity: int,
    a: float = 5.0, lam: float = 6.0, r: float = 0.3,
) -> list[int]:
    """Lin & Bilmes' Algorithm 1 straight from the objective (no incremental bookkeeping)."""

    def f(s: list[int]) -> float:
        return submodular.objective(s, w, labels, a=a, lam=lam)

    chosen: list[int] = []
    left = set(range(len(costs)))
    while left:
        base = f(chosen)
        k = max(sorted(left), key=lambda j: (f(chosen + [j]) - base) / max(costs[j], 1) ** r)
        if sum(costs[j] for j in chosen) + costs[k] <= capacity:
            chosen.append(k)
        left.discard(k)
    fits = [j for j in range(len(costs)) if costs[j] <= capacity]
    single = max(fits, key=lambda j: f([j]))
    return [single] if f([single]) > f(chosen) else sorted(chosen)


@pytest.mark.parametrize("seed", range(4))
def test_submodular_select_is_the_greedy_on_the_objective(seed: int) -> None:
    sentences, docs = random_cluster(100 + seed, n=12)
    vectors = submodular.tfidf(sentences, docs)
    w = submodular.similarities(vectors)
    assert np.allclose(w, w.T) and np.allclose(np.diag(w)[vectors.any(axis=1)], 1.0)
    labels = submodular.partition(vectors, max(1, round(0.2 * len(sentences))))
    assert len(set(labels.tolist())) <= 2
    costs = [word_cost(s) for s in sentences]
    chosen = submodular.select(sentences, docs, word_cost, 16)
    assert chosen == naive_greedy(w, labels, costs, 16)
    for a, lam in [(1.0, 0.0), (1.0, 1.0), (3.0, 2.0)]:  # more saturation, less diversity
        got = submodular.maximise(w, labels, costs, 16, a=a, lam=lam)
        assert got == naive_greedy(w, labels, costs, 16, a=a, lam=lam)
    assert sum(costs[j] for j in chosen) <= 16


# -- KL-Sum -------------------------------------------------------------------------------


def test_kl_divergence_by_hand() -> None:
    # q = (1 + 1, 0 + 1) / (1 + 2) = (2/3, 1/3)
    got = klsum.kl_divergences(np.array([0.5, 0.5]), np.array([[1.0, 0.0]]), delta=1.0)
    assert got[0] == pytest.approx(0.5 * math.log(0.75) + 0.5 * math.log(1.5))


def test_klsum_first_pick_is_closest_to_the_documents() -> None:
    # documents: apple 4/6, banana 1/6, cherry 1/6. KL with delta 0.01: "apple banana" 0.60,
    # "apple apple apple" 1.04 (the most frequent words alone), "cherry" far more.
    sentences = ["apple apple apple", "apple banana", "cherry"]
    assert klsum.select(sentences, [0, 1, 2], lambda s: 1, 1) == [1]
    # documents: apple 5/7, banana 1/7, cherry 1/7. KL: "apple" 0.54, "banana cherry" 3.20,
    # four apples 0.92 (the smoothing mass weighs more against a shorter summary)
    sentences = ["apple", "banana cherry", "apple apple apple apple"]
    assert klsum.select(sentences, [0, 1, 2], lambda s: 1, 1) == [0]


def test_klsum_skips_what_does_not_fit_and_goes_on() -> None:
    sentences = ["apple banana cherry apple banana cherry", "apple banana", "cherry", "zucchini"]
    # the best sentence (the documents' distribution itself) costs 6 > 3: skipped
    assert klsum.select(sentences, [0, 1, 2, 0], word_cost, 3) == [1, 2]
    assert klsum.select(sentences, [0, 1, 2, 0], word_cost, 6) == [0]
    # with room for everything, everything goes in
    assert klsum.select(sentences, [0, 1, 2, 0], word_cost, 10) == [0, 1, 2, 3]


# -- all three ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("seed", range(3))
def test_budget_and_determinism(method: Callable[..., list[int]], seed: int) -> None:
    sentences, docs = random_cluster(200 + seed, n=30)
    capacity = 25
    first = method(sentences, docs, word_cost, capacity)
    assert first == sorted(set(first)) and first
    assert sum(word_cost(sentences[j]) for j in first) <= capacity
    assert method(list(sentences), list(docs), word_cost, capacity) == first


@pytest.mark.parametrize("method", METHODS)
def test_edge_cases(method: Callable[..., list[int]]) -> None:
    assert method([], [], word_cost, 10) == []
    assert method(["far too long a sentence for this"], [0], word_cost, 3) == []
    with pytest.raises(ValueError):
        method(["one sentence"], [0, 1], word_cost, 10)
