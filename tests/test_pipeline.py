"""Embed, group, select, order and cite, on tiny in-memory clusters with the hashing encoder."""

import numpy as np
import pytest

from summarize import Budget, BudgetError, Document, HashingEncoder, InputError, Summarizer
from summarize.embed import encode_all, normalize_rows
from summarize.group import group
from summarize.segment import segment
from summarize.select import select

from .conftest import STORY, docs


def test_hashing_encoder_is_normalised_and_deterministic(hashing):
    a = hashing.encode(["The council met on Monday.", "", "The council met on Monday."])
    assert a.shape == (3, hashing.dim)
    assert np.allclose(np.linalg.norm(a[[0, 2]], axis=1), 1.0)
    assert np.all(a[1] == 0)
    assert np.array_equal(a[0], a[2])
    assert np.array_equal(a, HashingEncoder().encode(["The council met on Monday.", "",
                                                       "The council met on Monday."]))


def test_encode_all_checks_the_shape():
    class Broken:
        def encode(self, texts):
            return np.ones((len(texts) + 1, 4))

    with pytest.raises(ValueError, match="expected"):
        encode_all(Broken(), ["a", "b"])
    assert np.allclose(normalize_rows(np.array([[3.0, 4.0]])), [[0.6, 0.8]])


def test_group_joins_paraphrases_across_articles(story, hashing):
    sentences = segment(story)
    vectors = hashing.encode([s.text for s in sentences])
    units = group(sentences, vectors, threshold=0.5)
    by_text = {sentences[m].text: u for u in units for m in u.members}
    bridge = by_text["The city council approved the new harbour bridge on Monday evening."]
    assert bridge.docs == (0, 1, 2)
    spring = by_text["Construction is expected to start in the spring of next year."]
    assert spring.docs == (0, 1) and spring is not bridge
    mayor = by_text["The mayor called the decision a historic day for the whole region."]
    assert mayor.docs == (2,)
    assert sorted(m for u in units for m in u.members) == list(range(len(sentences)))


def test_group_threshold_is_checked(story, hashing):
    with pytest.raises(ValueError):
        group(segment(story), np.zeros((9, 4)), threshold=0)


@pytest.mark.parametrize("budget", [Budget("sentences", 2), Budget("words", 25),
                                    Budget("bytes", 140)])
def test_budget_holds_and_nothing_repeats(story, hashing, budget):
    sentences = segment(story)
    vectors = hashing.encode([s.text for s in sentences])
    units = group(sentences, vectors, threshold=0.5)
    picks = select(sentences, vectors, units, budget, n_docs=3)
    texts = [sentences[p.sentence].text for p in picks]
    assert texts
    assert len({p.unit for p in picks}) == len(picks)
    if budget.kind == "sentences":
        assert len(texts) <= budget.limit
    elif budget.kind == "words":
        assert sum(len(t.split()) for t in texts) <= budget.limit
    else:
        assert len(" ".join(texts).encode()) <= budget.limit


def test_the_most_widely_reported_content_comes_first(summarizer, story):
    digest = summarizer.digest(story, sentences=1)
    assert digest.sentences[0].citations == (1, 2, 3)
    assert "harbour bridge" in digest.sentences[0].text


def test_budget_too_small(summarizer, story):
    with pytest.raises(BudgetError, match="no sentence fits in 3 words"):
        summarizer.digest(story, words=3)


@pytest.mark.parametrize("kwargs", [{"words": 0}, {"sentences": -1}, {"words": 5, "bytes": 5}])
def test_bad_budgets(kwargs):
    with pytest.raises(BudgetError):
        Budget.of(**kwargs)


def test_citations_and_sources(summarizer, story):
    digest = summarizer.digest(story, words=60)
    for s in digest.sentences:
        assert s.article in s.citations
        assert s.text in story[s.article - 1].text
    assert [src.title for src in digest.sources] == ["Article 1", "Article 2", "Article 3"]
    assert [src.number for src in digest.sources] == [1, 2, 3]


def test_reading_order_follows_the_sources(summarizer, story):
    digest = summarizer.digest(story, sentences=4)
    firsts = [s.text for s in digest.sentences]
    assert "harbour bridge" in firsts[0]


def test_identical_articles_give_one_copy_cited_to_both(summarizer):
    text = STORY[0]
    digest = summarizer.digest([text, text], sentences=5)
    texts = [s.text for s in digest.sentences]
    assert len(texts) == len(set(texts)) == 3
    assert all(s.citations == (1, 2) for s in digest.sentences)


def test_one_article_one_sentence(summarizer):
    digest = summarizer.digest(["The council approved the new harbour bridge on Monday."])
    assert [s.citations for s in digest.sentences] == [(1,)]


def test_no_usable_sentence(summarizer):
    with pytest.raises(InputError, match="no sentence to summarize"):
        summarizer.digest(["Too short.", "Headline without end"])
    with pytest.raises(InputError, match="no article"):
        summarizer.digest([])


def test_same_input_same_digest(summarizer, story):
    assert summarizer.digest(story).to_json() == Summarizer(
        encoder=HashingEncoder(), threshold=0.5).digest(docs(*STORY)).to_json()


def test_documents_keep_their_metadata(summarizer):
    d = [Document(STORY[0], title="Harbour news", path="a.txt", url="https://example.org/a"),
         Document(STORY[1], title="Other paper")]
    digest = summarizer.digest(d)
    assert digest.sources[0].url == "https://example.org/a"
    assert "https://example.org/a" in digest.to_text()
