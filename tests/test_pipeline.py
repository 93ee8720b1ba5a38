"""Embed, group, select, order and cite, on tiny in-memory clusters with the hashing encoder."""

import numpy as np
import pytest

from summarize import Budget, BudgetError, Document, HashingEncoder, InputError, Summarizer
from summarize.embed.base import encode_all, normalize_rows
from summarize.errors import UsageError
from summarize.group import GroupOptions, group
from summarize.segment import segment
from summarize.select import SelectOptions, select

from .conftest import STORY, analysis_of, docs


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

    with pytest.raises(UsageError, match="expected"):
        encode_all(Broken(), ["a", "b"])
    assert np.allclose(normalize_rows(np.array([[3.0, 4.0]])), [[0.6, 0.8]])


def test_group_joins_paraphrases_across_articles(story, hashing):
    sentences = segment(story)
    vectors = hashing.encode([s.text for s in sentences])
    units = group(sentences, vectors, GroupOptions(threshold=0.5))
    by_text = {sentences[m].text: u for u in units for m in u.members}
    bridge = by_text["The city council approved the new harbour bridge on Monday evening."]
    assert bridge.docs == (0, 1, 2)
    spring = by_text["Construction is expected to start in the spring of next year."]
    assert spring.docs == (0, 1) and spring is not bridge
    mayor = by_text["The mayor called the decision a historic day for the whole region."]
    assert mayor.docs == (2,)
    assert sorted(m for u in units for m in u.members) == list(range(len(sentences)))


def test_group_threshold_is_checked(story, hashing):
    with pytest.raises(UsageError):
        group(segment(story), np.zeros((9, 4)), GroupOptions(threshold=0))
    for bad in (float("nan"), 1.5, "0.7", True):
        with pytest.raises(UsageError, match="threshold"):
            GroupOptions(threshold=bad)


@pytest.mark.parametrize("budget", [Budget("sentences", 2), Budget("words", 25),
                                    Budget("bytes", 140)])
def test_budget_holds_and_nothing_repeats(story, hashing, budget):
    sentences = segment(story)
    vectors = hashing.encode([s.text for s in sentences])
    units = group(sentences, vectors, GroupOptions(threshold=0.5))
    options = SelectOptions()
    picks = select(analysis_of(sentences, vectors, units, 3), budget, options).picks
    texts = [sentences[p.sentence].text for p in picks]
    assert texts
    assert len({p.unit for p in picks}) == len(picks)
    chosen = vectors[[p.sentence for p in picks]]
    cosines = chosen @ chosen.T - 2 * np.eye(len(picks))  # the diagonal out of the way
    assert (cosines < options.redundancy).all()
    if budget.kind == "sentences":
        assert len(texts) <= budget.limit
    elif budget.kind == "words":
        assert sum(len(t.split()) for t in texts) <= budget.limit
    else:
        assert len(" ".join(texts).encode()) <= budget.limit


def test_one_sentence_per_unit_only_when_the_bar_is_set():
    sentences = segment(docs(
        "The council approved the new harbour bridge on Monday evening after a long debate. "
        "The vote on the new harbour bridge was seven to two in the end, said the clerk.",
        "Environmental groups said they would study the plans closely before deciding.",
    ))
    assert len(sentences) == 3
    # the first two share a unit (cosine 0.6 >= 0.5) but do not repeat each other (< 0.75)
    vectors = np.array([[1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [0.0, 0.0, 1.0]])
    units = group(sentences, vectors, GroupOptions(threshold=0.5))
    assert sorted(u.members for u in units) == [(0, 1), (2,)]
    budget = Budget("sentences", 3)
    barred = select(analysis_of(sentences, vectors, units, 2), budget,
                    SelectOptions(one_per_unit=True)).picks
    assert len(barred) == 2 and len({p.unit for p in barred}) == 2
    free = select(analysis_of(sentences, vectors, units, 2), budget).picks  # the default
    assert sorted(p.sentence for p in free) == [0, 1, 2]


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


def test_a_text_without_sentence_ends_is_told_so_in_a_reader_s_words(summarizer):
    run_on = " ".join(f"the council met the mayor on day {k} and agreed" for k in range(40))
    with pytest.raises(InputError) as caught:
        summarizer.digest([run_on])
    message = str(caught.value)
    assert "no sentence ends (a sentence may run to 80 words)" in message
    assert "SegmentOptions" not in message and "max_words" not in message


def test_same_input_same_digest(summarizer, story):
    assert summarizer.digest(story).to_json() == Summarizer(
        encoder=HashingEncoder(), threshold=0.5).digest(docs(*STORY)).to_json()


def test_documents_keep_their_metadata(summarizer):
    d = [Document(STORY[0], title="Harbour news", path="a.txt", url="https://example.org/a"),
         Document(STORY[1], title="Other paper")]
    digest = summarizer.digest(d)
    assert digest.sources[0].url == "https://example.org/a"
    assert "https://example.org/a" in digest.to_text()


def _synthetic_cluster(n_docs: int, per_doc: int, dim: int = 24, seed: int = 7):
    """Sentences of ``n_docs`` articles whose vectors are noisy copies of a few topics."""
    from summarize.types import Sentence

    rng = np.random.default_rng(seed)
    topics = normalize_rows(rng.normal(size=(6, dim)))
    sentences, rows = [], []
    for d in range(n_docs):
        for p in range(per_doc):
            sentences.append(Sentence(doc=d, position=p, text=f"s{d}-{p}", rank=p,
                                      n_in_doc=per_doc))
            rows.append(topics[(d + p) % 6] + rng.normal(scale=0.35, size=dim))
    return sentences, normalize_rows(np.array(rows))


def test_large_clusters_group_a_central_sample_and_assign_the_rest():
    sentences, vectors = _synthetic_cluster(n_docs=12, per_doc=10)
    exact = group(sentences, vectors, GroupOptions(threshold=0.6))
    # at or under the limit: exact average linkage, whatever the limit
    assert group(sentences, vectors, GroupOptions(threshold=0.6, max_exact=len(sentences))) == exact
    sampled = group(sentences, vectors, GroupOptions(threshold=0.6, max_exact=40))
    assert sampled != exact
    unit_of = {m: u for u in sampled for m in u.members}
    assert sorted(unit_of) == list(range(len(sentences)))  # a partition of every sentence
    for unit in sampled:
        assert unit.docs == tuple(sorted({sentences[m].doc for m in unit.members}))
    from summarize.group import cluster_centroid

    centrality = np.round(vectors @ cluster_centroid(sentences, vectors), 6)
    core = sorted(np.argsort(-centrality, kind="stable")[:40].tolist())
    # the sample is grouped exactly as average linkage groups it on its own
    core_units = group([sentences[i] for i in core], vectors[core], GroupOptions(threshold=0.6))
    for unit in core_units:
        members = [core[m] for m in unit.members]
        assert {id(unit_of[m]) for m in members} == {id(unit_of[members[0]])}
    assert len({id(unit_of[m]) for m in core}) == len(core_units)
    # every other sentence sits with its most similar sampled sentence, or alone
    for i in set(range(len(sentences))) - set(core):
        similarities = np.round(vectors[core] @ vectors[i], 6)
        nearest = core[int(np.argmax(similarities))]
        if similarities.max() >= 0.6:
            assert unit_of[i] is unit_of[nearest]
        else:
            assert unit_of[i].members == (i,)
    # deterministic
    assert group(sentences, vectors, GroupOptions(threshold=0.6, max_exact=40)) == sampled
    with pytest.raises(UsageError):
        GroupOptions(max_exact=1)
