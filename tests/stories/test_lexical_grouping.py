"""The stories' grouping: lexical sub-vectors (smoothed IDF, names, numbers), their exact
sparse graph, average linkage with a shrinking threshold, dates, yesterday's stories fixed."""

from __future__ import annotations

import numpy as np
import pytest

from summarize import Document
from summarize.stories import StoryOptions, linkage
from summarize.stories.features import (
    capitalised,
    lexical_vectors,
    name_lexicon,
    name_terms,
    number_terms,
    tfidf,
    without_furniture,
)
from summarize.stories.grouping import continue_stories, group_documents
from summarize.stories.linkage import average_linkage, date_weights, similar_pairs

from ..conftest import CORPORA, STORY
from .stream import next_day, stream


def ids(documents, groups):
    return {frozenset(documents[i].id for i in g) for g in groups}


def dense(x):
    out = np.zeros((x.rows, x.columns))
    for r in range(x.rows):
        lo, hi = x.indptr[r], x.indptr[r + 1]
        out[r, x.indices[lo:hi]] = x.data[lo:hi]
    return out


def test_a_word_of_every_article_still_counts_and_rare_words_count_more():
    x = dense(tfidf([["bridge", "vote"], ["bridge", "vote", "mayor"], ["bridge", "mayor"]]))
    # "bridge" is in every row: plain IDF gives it 0, the smoothed IDF 1
    assert x[0] @ x[2] > 0
    # the norm counts a row's own terms: "alone" is in one row only, so it is no column
    y = dense(tfidf([["bridge", "alone"], ["bridge", "vote"]]))
    assert y.shape[1] == 1 and 0 < y[0, 0] < 1 and y[1, 0] < 1


def test_names_come_from_capitals_and_lower_cased_articles_borrow_them():
    cased = "Rescue teams reached Miravel on Tuesday. The Governor of Kessa spoke."
    assert capitalised(cased) == ["miravel", "tuesday", "governor", "kessa"]
    lower = "rescue teams reached miravel on tuesday, the governor said."
    lexicon = name_lexicon([cased, lower], [True, False])
    assert {"miravel", "kessa"} <= lexicon and "teams" not in lexicon
    assert name_terms(lower, False, lexicon) == ["miravel", "tuesday", "governor"]
    assert number_terms("It cost 1,200 dollars in 2019, 3 times 4.5 more.") == ["1200", "2019"]


def test_the_graph_is_the_exact_product_of_the_vectors(monkeypatch):
    texts = [" ".join(f"w{(k * 7 + m * m) % 40}" for m in range(k % 9 + 3)) for k in range(60)]
    x = lexical_vectors(texts, {"words": 1.0})
    want = dense(x) @ dense(x).T
    for dense_df, expanded in ((256, 1 << 22), (2, 64)):  # postings alone; dense part, chunks
        monkeypatch.setattr(linkage, "DENSE_DF", dense_df)
        monkeypatch.setattr(linkage, "_EXPANDED", expanded)
        i, j, s = similar_pairs(x, 0.05, k=1000, block=16)
        expected = {(a, b) for a, b in zip(*np.nonzero(np.triu(want >= 0.05, 1)), strict=True)}
        assert set(zip(i.tolist(), j.tolist(), strict=True)) == expected
        assert np.allclose(s, want[i, j])
    i, j, _ = similar_pairs(x, 0.05, k=2)  # each article's two nearest, or the other's
    assert max(np.bincount(np.concatenate([i, j]))) < 60


def test_the_example_cluster_stays_one_story():
    documents = [Document(path.read_text(encoding="utf-8"), id=path.name)
                 for path in sorted(CORPORA.glob("*.txt"))]
    assert len(documents) == 3
    assert group_documents(documents) == [(0, 1, 2)]
    assert group_documents([Document(t) for t in STORY]) == [(0, 1, 2)]


def test_the_stream_gives_its_events_and_lower_cased_it_gives_the_same():
    documents = stream()
    want = {frozenset({"bridge-1", "bridge-2", "bridge-3"}), frozenset({"quake-1", "quake-2"}),
            frozenset({"strike-1", "strike-2"}), frozenset({"library"}),
            frozenset({"festival"}), frozenset({"comet"})}
    assert ids(documents, group_documents(documents)) == want
    lower = [Document(d.text.lower(), title=d.title.lower(), id=d.id, date=d.date)
             for d in documents]
    assert ids(lower, group_documents(lower)) == want


BOILERPLATE = ("Sign up for the Daily Herald morning newsletter and follow us on social media; "
               "copyright Daily Herald Media Group, all rights reserved.")


def test_the_furniture_at_an_articles_edges_is_left_out_of_its_words():
    text = ("BEIJING (AP) -- A strong earthquake struck the coastal town early on Tuesday.\n"
            "Rescue teams searched the old port. Hospitals reported dozens injured. "
            "Sign up for our newsletter to get the news.\n"
            "The governor declared an emergency. The harbour reopened on Friday. "
            f"Schools stay closed. {BOILERPLATE}")
    assert without_furniture(text).splitlines() == [
        "BEIJING (AP) -- A strong earthquake struck the coastal town early on Tuesday.",
        # the fourth sentence of eight is no edge: it is read as the article's
        "Rescue teams searched the old port. Hospitals reported dozens injured. "
        "Sign up for our newsletter to get the news.",
        # the last three are: the outlet's footer is left out
        "The governor declared an emergency. The harbour reopened on Friday. "
        "Schools stay closed."]
    opening = "Breaking news emails get breaking news alerts and special reports. The quake hit."
    assert without_furniture(opening) == "The quake hit."
    assert without_furniture(BOILERPLATE) == ""
    assert without_furniture(STORY[0]) == "\n".join(
        " ".join(line.split()) for line in STORY[0].splitlines())


def test_stories_that_share_an_outlets_boilerplate_are_parted():
    # one outlet's articles about three events all end with its boilerplate
    example = [Document(p.read_text(encoding="utf-8"), id=f"syria-{k}")
               for k, p in enumerate(sorted(CORPORA.glob("*.txt")))]
    days = [d for d in [*stream(), *next_day()] if d.id in ("quake-1", "quake-2", "ferry-1",
                                                             "ferry-2")]
    documents = [Document(f"{d.text} {BOILERPLATE}" if k % 2 == 0 else d.text, id=d.id)
                 for k, d in enumerate([*example, *days])]
    assert ids(documents, group_documents(documents)) == {
        frozenset({"syria-0", "syria-1", "syria-2"}), frozenset({"quake-1", "quake-2"}),
        frozenset({"ferry-1", "ferry-2"})}


def test_dated_articles_far_apart_are_parted_and_close_ones_decay():
    texts = [STORY[0], STORY[1], STORY[2]]
    close = [Document(t, date=d) for t, d in zip(texts, ["2024-05-01", "2024-05-02",
                                                         "2024-05-01"], strict=True)]
    assert group_documents(close) == [(0, 1, 2)]
    apart = [Document(t, date=d) for t, d in zip(texts, ["2024-05-01", "2024-06-20",
                                                         "2024-05-01"], strict=True)]
    assert group_documents(apart) == [(0, 2), (1,)]
    # allowed 60 days, the decay's scale is 60 days too: 50 days apart weigh 0.71
    assert group_documents(apart, StoryOptions(max_days=60)) == [(0, 1, 2)]
    assert linkage.date_weights(np.array([0]), np.array([1]), [1, 51], 60)[0] > 0.7
    undated = [Document(t) for t in texts[:2]] + [apart[1]]
    assert group_documents(undated) == [(0, 1, 2)]  # an undated article joins any story
    w = date_weights(np.array([0, 0, 0]), np.array([1, 2, 3]), [10, 10, 13, None], 2)
    assert w[0] == 1 and w[1] == 0 and w[2] == 1  # same day; 3 days > 2; undated
    w = date_weights(np.array([0]), np.array([1]), [10, 12], 3)
    assert w[0] == pytest.approx(np.exp(-4 / (2 * 3 ** 2)))  # the scale is max_days


def test_the_date_factors_are_looked_up_by_gap_as_they_were_computed():
    rng = np.random.default_rng(2)
    days = [None if k % 5 == 0 else int(d) for k, d in enumerate(rng.integers(0, 12, 40))]
    i, j = rng.integers(0, 40, 500), rng.integers(0, 40, 500)
    for max_days in (0, 1, 3, 8, 100):
        gap = np.array([abs((days[a] or 0) - (days[b] or 0)) for a, b in zip(i, j, strict=True)],
                       dtype=np.float64)
        dated = np.array([days[a] is not None and days[b] is not None
                          for a, b in zip(i, j, strict=True)])
        want = np.where(dated, np.exp(-gap ** 2 / (2 * max(max_days, 1) ** 2)), 1.0)
        want[dated & (gap > max_days)] = 0.0
        assert date_weights(i, j, days, max_days).tolist() == want.tolist()
        factor = linkage.date_factors(days, max_days)  # broadcast: a block of pairs at once
        assert factor(np.arange(3)[:, None], np.arange(40)).tolist() == \
            date_weights(np.repeat(np.arange(3), 40), np.tile(np.arange(40), 3), days,
                         max_days).reshape(3, 40).tolist()


def test_the_threshold_falls_as_groups_grow():
    # two pairs at 0.4, 0.28 across: each pair joins at 0.32, and the pairs (an average of
    # 0.28) join under a threshold that falls to 0.272 for groups of two, not under 0.32
    i, j = np.triu_indices(4, 1)
    s = np.where((i // 2) == (j // 2), 0.4, 0.28)
    undated = [None] * 4
    assert average_linkage(4, (i, j, s), threshold=0.32, shrink=0.3, days=undated,
                           max_days=3) == [(0, 1, 2, 3)]
    assert average_linkage(4, (i, j, s), threshold=0.32, shrink=0.0, days=undated,
                           max_days=3) == [(0, 1), (2, 3)]
    pairs = (i, j, np.full(len(i), 0.3))
    # fixed groups start whole and never merge with each other
    assert average_linkage(4, pairs, threshold=0.2, shrink=0.3, days=undated, max_days=3,
                           fixed=[[0, 1], [2]]) == [(0, 1, 3), (2,)]


def test_todays_articles_continue_yesterdays_stories():
    yesterday = stream()
    by = {d.id: d for d in yesterday}
    saved = [[by["bridge-1"], by["bridge-2"], by["bridge-3"]], [by["quake-1"], by["quake-2"]],
             [by["comet"]]]
    today = [d for d in next_day() if d.id != "library"]  # ferry-1, bridge-4, ferry-2
    groups, joins = continue_stories(today, saved)
    assert list(zip(groups, joins, strict=True)) == [((0, 2), None), ((1,), 0)]
    assert continue_stories(today, []) == ([(0, 2), (1,)], [None, None])
