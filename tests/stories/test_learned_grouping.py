"""The learned models of the stories' grouping: the pair model's features, the floor that
keeps strangers apart in a small input, the sparse products it reads, and the group model
that decides each join."""

from __future__ import annotations

import numpy as np
import pytest

from summarize import Document
from summarize.stories import StoryOptions
from summarize.stories.features import Sparse, lexical_vectors, name_vectors, pair_dots
from summarize.stories.grouping import article_text, group_documents
from summarize.stories.joining import (
    GROUP_FEATURES,
    GroupReader,
    centroid,
    centroid_overlap,
    context,
    covered,
    joins,
    model,
    nearest_pairs,
)
from summarize.stories.learned import (
    COEFFICIENTS,
    FEATURES,
    JOIN_FLOOR,
    JOIN_SHARED,
    graph_features,
    may_start,
    neighbourhood,
    pair_features,
    same_story,
    shared_terms,
)
from summarize.stories.linkage import Offer, average_linkage
from summarize.stories.trees import ensemble

from .stream import stream
from .test_lexical_grouping import dense


def test_pair_dots_are_the_rows_products():
    texts = [" ".join(f"w{(k * 5 + m * m) % 30}" for m in range(k % 7 + 2)) for k in range(40)]
    x = lexical_vectors(texts, {"words": 1.0})
    want = dense(x) @ dense(x).T
    i, j = np.triu_indices(40, 1)
    for chunk in (1 << 22, 7):  # one pass; many small ones
        assert np.allclose(pair_dots(x, i, j, chunk=chunk), want[i, j])
    empty = name_vectors(["no capitals here at all.", "none here either."])
    assert pair_dots(empty, np.array([0]), np.array([1])).tolist() == [0.0]


def test_pair_dots_are_exact_whatever_the_blocks_of_rows_and_the_chunks():
    rng = np.random.default_rng(5)
    m = rng.integers(1, 4, (30, 12)) * (rng.random((30, 12)) < 0.4)  # whole: sums are exact
    rows, cols = np.nonzero(m)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=30))])
    x = Sparse(indptr, cols, m[rows, cols].astype(np.float64), 12)
    i, j = rng.integers(0, 30, 300), rng.integers(0, 30, 300)
    want = (m @ m.T)[i, j].tolist()
    for chunk, cells in ((1 << 22, 1 << 18), (5, 1), (1 << 22, 36), (17, 50)):
        assert pair_dots(x, i, j, chunk=chunk, cells=cells).tolist() == want


def test_a_pair_is_read_against_its_articles_neighbours():
    # article 0's nearest is 1 (0.5), then 2 (0.3); article 3's only pair is with 2 (0.1)
    i, j, w = np.array([0, 0, 2]), np.array([1, 2, 3]), np.array([0.5, 0.3, 0.1])
    relative, rank = neighbourhood(4, i, j, w)
    assert relative.tolist() == pytest.approx([1.0, 0.6, 0.1 / 0.3])
    assert rank.tolist() == [0, 0, 0]  # (0, 2) is article 2's nearest, (2, 3) article 3's
    features = pair_features(4, i, j, w, np.zeros(3))
    assert features.shape == (3, len(FEATURES) == len(COEFFICIENTS) and 4)
    assert features[:, 0].tolist() == pytest.approx(np.log(w).tolist())


def test_the_models_features_and_probabilities_on_the_stream():
    documents = stream()
    at = {d.id: k for k, d in enumerate(documents)}
    texts = [article_text(d) for d in documents]
    i, j, x = graph_features(lexical_vectors(texts), name_vectors(texts), [None] * len(texts), 3)
    p = dict(zip(zip(i.tolist(), j.tolist(), strict=True), same_story(x).tolist(),
                 strict=True))
    row = {(a, b): x[k] for k, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True))}

    def pair(a, b):
        return tuple(sorted((at[a], at[b])))

    # "Miravel" is a name both quake reports write: the names' cosine is 1
    assert row[pair("quake-1", "quake-2")][1] == pytest.approx(1.0)
    assert p[pair("quake-1", "quake-2")] > 0.99 and p[pair("bridge-1", "bridge-2")] > 0.99
    # the library and the festival are each other's nearest, but share too few words: the
    # pair counts in an average, but cannot be the pair two groups join through
    stranger = pair("library", "festival")
    k = list(p).index(stranger)
    words = lexical_vectors(texts)
    assert shared_terms(words, np.array(stranger[:1]), np.array(stranger[1:]))[0] < JOIN_SHARED
    assert np.exp(row[stranger][0]) >= JOIN_FLOOR and p[stranger] > 0
    start = may_start(x, same_story(x), words, i, j)
    assert start[k] == 0 and start.max() > 0.99
    # the model rises with the words' cosine and the names' one, falls with the rank
    base = np.array([[np.log(0.2), 0.0, 0.8, np.log1p(1)]])
    for column, step in ((0, 0.5), (1, 0.5), (2, 0.1), (3, -0.5)):
        assert same_story(base + np.eye(4)[column] * step)[0] > same_story(base)[0]


def test_a_join_starts_only_through_a_pair_that_shares_enough_words():
    texts = ["quake town rescue teams port", "quake town rescue teams harbour",
             "quake town budget", "quake town vote"]
    words = lexical_vectors(texts)
    i, j = np.array([0, 0, 2]), np.array([1, 2, 3])
    assert shared_terms(words, i, j).tolist() == [4, 2, 2]
    # every pair above the floor: only the first shares JOIN_SHARED (4) words
    features = np.tile([np.log(0.5), 0.0, 1.0, 0.0], (3, 1))
    assert may_start(features, np.full(3, 0.9), words, i, j).tolist() == [0.9, 0.0, 0.0]
    features[0, 0] = np.log(JOIN_FLOOR / 2)  # under the floor, however many words it shares
    assert may_start(features, np.full(3, 0.9), words, i, j).tolist() == [0.0, 0.0, 0.0]


def test_two_unrelated_events_are_parted_and_one_event_stays_whole():
    bridge = [d for d in stream() if d.id.startswith("bridge")]
    quake = [d for d in stream() if d.id.startswith("quake")]
    mixed = [bridge[0], quake[0], bridge[1], quake[1], bridge[2]]
    assert group_documents(mixed) == [(0, 2, 4), (1, 3)]
    assert group_documents(bridge) == [(0, 1, 2)]
    assert group_documents([Document(d.text) for d in quake]) == [(0, 1)]


def test_a_group_centroid_is_the_sum_of_its_articles_rows():
    texts = ["quake quake town rescue", "quake town rescue teams", "budget vote senate taxes",
             "senate budget taxes vote", "quake rescue"]
    x = lexical_vectors(texts)
    rows = dense(x)
    for members in ([0], [0, 1], [2, 3], [0, 1, 4]):
        terms, values, norm = centroid(x, members)
        want = rows[members].sum(axis=0)
        assert np.allclose(np.zeros(x.columns)[terms] + values, want[terms])
        assert np.count_nonzero(want) == len(terms) and norm == pytest.approx(
            np.linalg.norm(want))
    u, v, w = centroid(x, [0, 1]), centroid(x, [4]), centroid(x, [2, 3])
    cosine, shared = centroid_overlap(u, v)
    assert cosine == pytest.approx(
        rows[[0, 1]].sum(0) @ rows[4] / np.linalg.norm(rows[[0, 1]].sum(0))
        / np.linalg.norm(rows[4]))
    assert shared == np.count_nonzero(rows[[0, 1]].sum(0) * rows[4]) == 2  # quake, rescue
    assert centroid_overlap(u, w) == (0.0, 0) and cosine > 0
    assert centroid_overlap(u, centroid(x, [])) == (0.0, 0)


def test_the_share_of_a_centroid_on_terms_the_other_holds():
    short = (np.array([1, 4]), np.array([0.5, 0.5]), 0.0)  # terms 1 and 4
    long = (np.array([0, 1, 2, 4]), np.array([1.0, 0.5, 2.0, 0.5]), 0.0)
    # all of the short one's weight is on terms the long one holds; 1.0 of the long one's 4.0
    assert covered(short, long) == covered(long, short) == (0.25, 1.0)
    apart = (np.array([3]), np.array([1.0]), 0.0)
    assert covered(short, apart) == (0.0, 0.0)
    assert covered(short, (np.zeros(0, dtype=np.int64), np.zeros(0), 0.0)) == (0.0, 0.0)


def test_each_article_s_most_probable_partner():
    i, j = np.array([0, 0, 1, 3]), np.array([1, 2, 2, 4])
    p = np.array([0.4, 0.9, 0.9, 0.2])
    # 0's best is 2; 1's best is 2; 2 ties 0 and 1 at 0.9: the lower; 5 has no pair
    assert nearest_pairs(6, i, j, p).tolist() == [2, 2, 0, 4, 3, -1]


def test_the_group_features_of_an_offer():
    texts = ["quake quake town rescue", "quake town rescue teams", "budget vote senate taxes",
             "quake rescue town", "senate budget vote"]
    x = lexical_vectors(texts)
    empty = name_vectors(texts)
    reader = GroupReader((x, empty, empty), np.array([1, 0, 4, 1, 2]), (0.3, 0.1))
    offer = Offer(average=0.6, best=0.9, pairs=1, a=[0, 1], b=[3], others=lambda: 0.2)
    features = dict(zip(GROUP_FEATURES, reader.features(offer), strict=True))
    rows = dense(x)
    words = rows[[0, 1]].sum(0) @ rows[3] / np.linalg.norm(rows[[0, 1]].sum(0)) / np.linalg.norm(
        rows[3])
    assert features == pytest.approx({
        "average": 0.6, "best": 0.9, "share": 0.5, "log_product": np.log(2),
        "log_sum": np.log(3), "words": words, "names": 0.0, "numbers": 0.0,
        "alternative": 0.2, "margin": 0.4,
        # none of {0, 1} has its partner in {3}; 3's partner (1) is in {0, 1}
        "nearest": (0 / 2 + 1 / 1) / 2,
        "shared": np.log1p(3),  # quake, town, rescue
        # each centroid's terms (quake, rescue, town: "teams" is in one article, not kept)
        # are all in the other's
        "covered_least": 1.0, "covered_most": 1.0,
        "density": 0.3, "typical": 0.1})  # the input's context, as given
    # a group's centroid is read again once it has grown
    grown = Offer(0.6, 0.9, 2, [0, 1, 2], [3], lambda: 0.2)
    assert reader.features(grown)[5] < words


def test_an_input_s_context_is_its_articles_best_cosines_and_its_mean_one():
    i, j, w = np.array([0, 0, 1, 3]), np.array([1, 2, 2, 4]), np.array([0.4, 0.1, 0.3, 0.2])
    # best: 0 -> 0.4, 1 -> 0.4, 2 -> 0.3, 3 -> 0.2, 4 -> 0.2, 5 -> 0 (no pair); 15 pairs
    assert context(6, i, j, w) == pytest.approx((0.25, 1.0 / 15))
    assert context(1, i[:0], j[:0], w[:0]) == (0.0, 0.0)
    assert context(0, i[:0], j[:0], w[:0]) == (0.0, 0.0)


def test_an_ensemble_of_trees_sums_its_leaves():
    spec = {"baseline": -0.5, "trees": [
        # feature 0 at most 1.0: left leaf 1.0, else right leaf -1.0
        {"feature": [0, 0, 0], "threshold": [1.0, 0, 0], "left": [1, 0, 0],
         "right": [2, 0, 0], "value": [0, 1.0, -1.0], "leaf": [0, 1, 1]},
        # feature 1 at most 0.5, then feature 0 at most 3.0
        {"feature": [1, 0, 0, 0, 0], "threshold": [0.5, 0, 3.0, 0, 0], "left": [1, 0, 3, 0, 0],
         "right": [2, 0, 4, 0, 0], "value": [0, 0.25, 0, 2.0, -2.0], "leaf": [0, 1, 0, 1, 1]}]}
    trees = ensemble(spec)
    assert trees.depth == 2

    def logistic(z):
        return 1 / (1 + np.exp(-z))

    assert trees.probability([1.0, 0.5]) == pytest.approx(logistic(-0.5 + 1.0 + 0.25))
    assert trees.probability([2.0, 0.7]) == pytest.approx(logistic(-0.5 - 1.0 + 2.0))
    assert trees.probability([4.0, 0.7]) == pytest.approx(logistic(-0.5 - 1.0 - 2.0))


def test_the_fitted_group_model_joins_one_event_and_not_two():
    assert model().feature.shape[0] >= 1
    features = [0.5, 0.9, 0.5, 0.0, 0.0, 0.5, 0.5, 0.0, 0.0, 0.5, 1.0, np.log1p(10), 0.5, 0.5,
                0.3, 0.05]
    assert joins(features) == pytest.approx(model().probability(features))
    threshold = StoryOptions().threshold
    # two single articles: each the other's nearest, a probable pair, close centroids, many
    # words in common, in an input whose articles mostly have a close partner
    one = [0.97, 0.97, 1.0, 0.0, np.log(2), 0.6, 0.8, 0.3, 0.05, 0.92, 1.0, np.log1p(30), 0.7,
           0.9, 0.3, 0.05]
    # a weak pair whose centroids share little, each article with a closer partner elsewhere
    two = [0.1, 0.2, 1.0, 0.0, np.log(2), 0.12, 0.0, 0.0, 0.6, -0.5, 0.0, np.log1p(3), 0.05,
           0.1, 0.3, 0.05]
    assert joins(one) > threshold > joins(two)


def test_a_join_decision_is_asked_in_order_and_again_when_a_group_grows():
    # 0-1 at 0.9, 2-3 at 0.8, 1-2 at 0.5: a decision that refuses single articles' offers
    # under 0.6 still joins {0, 1} and {2, 3} once both have grown
    i, j, w = np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([0.9, 0.5, 0.8])
    asked, alternatives = [], []

    def decide(offer):
        average, best, a, b = offer.average, offer.best, offer.a, offer.b
        asked.append((round(average, 3), best, offer.pairs, tuple(a), tuple(b)))
        alternatives.append(round(offer.alternative, 3))
        return average >= 0.6 or len(a) + len(b) >= 4

    groups = average_linkage(4, (i, j, w), threshold=0.05, shrink=0.0, days=[None] * 4,
                             max_days=3, decide=decide)
    assert groups == [(0, 1, 2, 3)]
    assert asked[:2] == [(0.9, 0.9, 1, (0,), (1,)), (0.8, 0.8, 1, (2,), (3,))]
    assert asked[-1] == (0.125, 0.5, 1, (0, 1), (2, 3))
    # the highest average either group has with a third: 1-2 (0.5), then {0, 1}-2 (0.25),
    # then none
    assert alternatives == [0.5, 0.25, 0.0]
    # what the decision reads as the best pair can differ from the weights it averages
    asked.clear()
    average_linkage(4, (i, j, w), threshold=0.05, shrink=0.0, days=[None] * 4, max_days=3,
                    decide=decide, best=np.array([0.0, 0.5, 0.8]))
    assert asked[0] == (0.9, 0.0, 1, (0,), (1,))
    # without the decision the threshold alone rules, as before
    assert average_linkage(4, (i, j, w), threshold=0.6, shrink=0.0, days=[None] * 4,
                           max_days=3) == [(0, 1), (2, 3)]
