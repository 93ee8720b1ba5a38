"""Articles grouped into stories: average linkage on candidate pairs, dates keeping events
apart, the exact and the random-projection candidate searches."""

from __future__ import annotations

import math

import numpy as np
import pytest

from summarize.errors import UsageError
from summarize.stories import StoryOptions
from summarize.stories.grouping import (
    EXACT_LIMIT,
    article_vectors,
    candidate_pairs,
    group_articles,
)


def unit(*rows: list[float]) -> np.ndarray:
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def planted(n: int, dim: int = 64, noise: float = 0.4, seed: int = 0) -> tuple[np.ndarray, list]:
    """Unit vectors around random story centres (stories of 1 to 4 articles), and each
    article's story."""
    rng = np.random.default_rng(seed)
    story = np.repeat(np.arange(n), rng.integers(1, 5, n))[:n]
    centres = rng.standard_normal((n, dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    x = centres[story] + noise * rng.standard_normal((n, dim)) / math.sqrt(dim)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32), story.tolist()


def as_sets(groups, ids=None):
    return {frozenset(g if ids is None else (ids[i] for i in g)) for g in groups}


UNDATED = [None] * 8


def test_two_events_are_never_merged():
    a = [[1, 0.1 * k, 0, 0] for k in range(4)]
    b = [[0, 0, 1, 0.1 * k] for k in range(4)]
    vectors = unit(*[row for pair in zip(a, b, strict=True) for row in pair])  # interleaved
    groups = group_articles(vectors, UNDATED, StoryOptions(threshold=0.5))
    assert groups == [(0, 2, 4, 6), (1, 3, 5, 7)]


def test_a_close_to_b_close_to_c_does_not_chain_a_to_c():
    angle = math.acos(0.7)  # A and C each at cosine 0.7 from B, on either side: cos(A, C) ~ 0
    vectors = unit([math.cos(angle), math.sin(angle), 0], [1, 0, 0],
                   [math.cos(angle), -math.sin(angle), 0])
    assert float(vectors[0] @ vectors[2]) < 0.1
    groups = group_articles(vectors, [None] * 3, StoryOptions(threshold=0.6))
    # the tie between A-B and B-C goes to the lower indices; {A, B} is then only as close to C
    # as the mean of cos(A, C) and cos(B, C)
    assert groups == [(0, 1), (2,)]
    # a fourth article close to all three joins nothing of a chain either
    assert max(len(g) for g in group_articles(
        np.vstack([vectors, unit([1, 0, 0.2])]), [None] * 4, StoryOptions(threshold=0.6))) <= 3


def test_a_story_may_have_one_article_and_empty_input_has_none():
    assert group_articles(unit([1, 0]), [None]) == [(0,)]
    assert group_articles(np.zeros((0, 4), dtype=np.float32), []) == []
    # an article without sentences (a zero row) stays alone, even beside a copy of itself
    assert group_articles(np.zeros((2, 3), dtype=np.float32), [None, None]) == [(0,), (1,)]


def test_dates_far_apart_split_the_same_content():
    same = unit([1, 0, 0], [1, 0.05, 0], [1, 0, 0.05])
    assert group_articles(same, ["2024-03-01", "2024-03-02", "2024-03-01"]) == [(0, 1, 2)]
    apart = ["2024-03-01", "2024-03-20", "2024-03-02"]
    assert group_articles(same, apart, StoryOptions(max_days=3)) == [(0, 2), (1,)]
    assert group_articles(same, apart, StoryOptions(max_days=30)) == [(0, 1, 2)]
    # an undated article (or an unreadable date) is never kept apart by date
    assert group_articles(same, ["2024-03-01", None, "not a date"],
                          StoryOptions(max_days=0)) == [(0, 1, 2)]


def test_a_story_never_spans_more_than_max_days():
    rng = np.random.default_rng(3)
    vectors, _ = planted(200, noise=0.3)
    days = [None if rng.random() < 0.2 else f"2024-05-{rng.integers(1, 29):02d}"
            for _ in range(200)]
    for max_days in (0, 2, 5):
        for g in group_articles(vectors, days, StoryOptions(threshold=0.5, max_days=max_days)):
            dated = [int(days[i][-2:]) for i in g if days[i]]
            assert not dated or max(dated) - min(dated) <= max_days


def test_planted_stories_are_found():
    vectors, story = planted(400)
    groups = group_articles(vectors, [None] * 400, StoryOptions(threshold=0.5))
    assert as_sets(groups) == as_sets(
        [[i for i in range(400) if story[i] == s] for s in sorted(set(story))])


def test_same_input_same_stories_and_input_order_does_not_matter():
    vectors, _ = planted(300, noise=0.9)  # noisy: many borderline merges
    options = StoryOptions(threshold=0.45)
    first = group_articles(vectors, [None] * 300, options)
    assert group_articles(vectors.copy(), [None] * 300, options) == first
    assert all(list(g) == sorted(g) for g in first) and first == sorted(first)
    order = np.random.default_rng(1).permutation(300)
    shuffled = group_articles(vectors[order], [None] * 300, options)
    assert as_sets(shuffled, order.tolist()) == as_sets(first)


def test_the_forest_finds_the_stories_the_exact_search_finds():
    vectors, _ = planted(3000, noise=0.6)
    exact = group_articles(vectors, [None] * 3000, StoryOptions(threshold=0.5))
    forest = group_articles(vectors, [None] * 3000, StoryOptions(threshold=0.5), exact_limit=0)
    assert forest == exact
    assert len(vectors) <= EXACT_LIMIT  # the default searched exactly


def test_candidate_pairs_are_the_pairs_at_the_threshold():
    vectors, _ = planted(500, noise=0.8)
    i, j, s = candidate_pairs(vectors, 0.6)
    sims = vectors @ vectors.T
    want = {(a, b) for a, b in zip(*np.nonzero(np.triu(sims >= 0.6, 1)), strict=True)}
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == want
    assert np.allclose(s, sims[i, j], atol=1e-6)
    fi, fj, _ = candidate_pairs(vectors, 0.6, exact_limit=0)
    assert set(zip(fi.tolist(), fj.tolist(), strict=True)) <= want


@pytest.mark.slow
def test_the_forest_runs_above_the_exact_limit():
    vectors, story = planted(EXACT_LIMIT + 500, noise=0.4, seed=5)
    groups = group_articles(vectors, [None] * len(vectors), StoryOptions(threshold=0.5))
    found = as_sets(groups)
    truth = as_sets([[i for i in range(len(story)) if story[i] == s] for s in set(story)])
    assert len(found & truth) >= 0.99 * len(truth)


def test_article_vectors_are_the_normalised_mean_of_their_sentences():
    sentences = unit([1, 0, 0], [0, 1, 0], [0, 0, 1])
    out = article_vectors(sentences, [0, 0, 2], 3)
    assert np.allclose(out[0], np.array([1, 1, 0]) / math.sqrt(2))
    assert not out[1].any()  # no sentence: a zero row
    assert np.allclose(out[2], [0, 0, 1])
    assert article_vectors(np.zeros((0, 3), dtype=np.float32), [], 2).shape == (2, 3)


def test_mismatched_dates_are_a_usage_error():
    with pytest.raises(UsageError, match="one date per article"):
        group_articles(unit([1, 0], [0, 1]), [None])
