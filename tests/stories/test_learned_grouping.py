"""The learned models of the stories' grouping: the pair model's features, the floor that
keeps strangers apart in a small input, the sparse products it reads, and the group model
that decides each join."""

from __future__ import annotations

import numpy as np
import pytest

from summarize import Document
from summarize.stories.features import lexical_vectors, name_vectors, pair_dots
from summarize.stories.grouping import article_text, group_documents
from summarize.stories.learned import (
    COEFFICIENTS,
    FEATURES,
    GROUP_COEFFICIENTS,
    GROUP_FEATURES,
    JOIN_FLOOR,
    group_features,
    joins,
    may_start,
    neighbourhood,
    pair_features,
    same_story,
    story_features,
)
from summarize.stories.linkage import average_linkage

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
    i, j, x = story_features([article_text(d) for d in documents], [None] * len(documents), 3)
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
    assert np.exp(row[stranger][0]) < JOIN_FLOOR and p[stranger] > 0
    assert may_start(x, same_story(x))[k] == 0 and may_start(x, same_story(x)).max() > 0.99
    # the model rises with the words' cosine and the names' one, falls with the rank
    base = np.array([[np.log(0.2), 0.0, 0.8, np.log1p(1)]])
    for column, step in ((0, 0.5), (1, 0.5), (2, 0.1), (3, -0.5)):
        assert same_story(base + np.eye(4)[column] * step)[0] > same_story(base)[0]


def test_two_unrelated_events_are_parted_and_one_event_stays_whole():
    bridge = [d for d in stream() if d.id.startswith("bridge")]
    quake = [d for d in stream() if d.id.startswith("quake")]
    mixed = [bridge[0], quake[0], bridge[1], quake[1], bridge[2]]
    assert group_documents(mixed) == [(0, 2, 4), (1, 3)]
    assert group_documents(bridge) == [(0, 1, 2)]
    assert group_documents([Document(d.text) for d in quake]) == [(0, 1)]


def test_the_group_model_reads_the_average_the_best_pair_and_the_sizes():
    assert len(GROUP_FEATURES) == len(GROUP_COEFFICIENTS)
    assert group_features(0.5, 0.9, 3, 2, 3) == pytest.approx(
        [0.5, 0.9, 0.5, np.log(6), np.log(5)])
    # two single articles: the pair's probability decides, a likely pair joins
    assert joins(0.95, 0.95, 1, 1, 1) > 0.5 > joins(0.3, 0.3, 1, 1, 1)
    # a higher average, a more probable best pair: more likely one story
    assert joins(0.4, 0.9, 20, 5, 6) > joins(0.3, 0.9, 20, 5, 6) > joins(0.3, 0.6, 20, 5, 6)
    # the same average between larger groups (all their pairs in the graph) is more telling
    assert joins(0.3, 0.9, 100, 10, 10) > joins(0.3, 0.9, 4, 2, 2)


def test_a_join_decision_is_asked_in_order_and_again_when_a_group_grows():
    # 0-1 at 0.9, 2-3 at 0.8, 1-2 at 0.5: a decision that refuses single articles' offers
    # under 0.6 still joins {0, 1} and {2, 3} once both have grown
    i, j, w = np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([0.9, 0.5, 0.8])
    asked = []

    def decide(average, best, count, a, b):
        asked.append((round(average, 3), best, count, tuple(a), tuple(b)))
        return average >= 0.6 or len(a) + len(b) >= 4

    groups = average_linkage(4, (i, j, w), threshold=0.05, shrink=0.0, days=[None] * 4,
                             max_days=3, decide=decide)
    assert groups == [(0, 1, 2, 3)]
    assert asked[:2] == [(0.9, 0.9, 1, (0,), (1,)), (0.8, 0.8, 1, (2,), (3,))]
    assert asked[-1] == (0.125, 0.5, 1, (0, 1), (2, 3))
    # what the decision reads as the best pair can differ from the weights it averages
    asked.clear()
    average_linkage(4, (i, j, w), threshold=0.05, shrink=0.0, days=[None] * 4, max_days=3,
                    decide=decide, best=np.array([0.0, 0.5, 0.8]))
    assert asked[0] == (0.9, 0.0, 1, (0,), (1,))
    # without the decision the threshold alone rules, as before
    assert average_linkage(4, (i, j, w), threshold=0.6, shrink=0.0, days=[None] * 4,
                           max_days=3) == [(0, 1), (2, 3)]
