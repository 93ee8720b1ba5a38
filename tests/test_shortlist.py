"""The lexical pass (summarize.shortlist): which candidates are encoded, and that a digest made
from them alone is the one the same analysis narrowed afterwards gives."""

from __future__ import annotations

import numpy as np

from summarize import HashingEncoder, Summarizer
from summarize.shortlist import SHARE, concept_density, distinct, shortlist
from summarize.types import Budget

from .conftest import docs

#: Four articles: each leads with the shared story, repeats one wire sentence word for word,
#: and ends with a sentence of its own that shares no concept with the other articles.
ARTICLES = tuple(
    f"The harbour bridge in Dunmore was approved by the city council on Monday. "
    f"Councillor {name} said the harbour bridge vote in Dunmore was close. "
    "The Dunmore harbour bridge will cost the city council forty million dollars. "
    f"{own}"
    for name, own in (
        ("Avery", "Her grandmother grew tomatoes behind a yellow barn every summer."),
        ("Brooks", "A stray cat once slept for weeks inside the old lighthouse."),
        ("Carver", "His favourite novel describes a long voyage across frozen seas."),
        ("Dalton", "The local choir rehearses hymns on Thursday nights in winter."),
    )
)


class Counting(HashingEncoder):
    """The hashing encoder, remembering every text it was asked to encode."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return super().encode(texts)


def test_sentences_without_shared_concepts_are_not_encoded_and_copies_once():
    encoder = Counting()
    summarizer = Summarizer(encoder=encoder, threshold=0.5)
    analysis = summarizer.analyze(docs(*ARTICLES), shortlist=Budget("words", 20))
    every = summarizer.lexical(docs(*ARTICLES)).sentences
    texts = {s.text for s in analysis.sentences}
    assert not any(word in " ".join(texts) for word in ("tomatoes", "lighthouse", "voyage",
                                                        "choir"))
    assert len(analysis.sentences) < len(every)
    # the wire sentence is in all four articles: kept four times, encoded once
    wire = "The Dunmore harbour bridge will cost the city council forty million dollars."
    assert sum(s.text == wire for s in analysis.sentences) == 4
    assert encoder.seen.count(wire) == 1
    assert len(encoder.seen) == len(set(encoder.seen))


def test_the_rule_keeps_leads_dense_sentences_and_what_they_are_read_after():
    summarizer = Summarizer(encoder=HashingEncoder(), threshold=0.5)
    lexical = summarizer.lexical(docs(*ARTICLES))
    density = concept_density(lexical, 0.12)
    keep = set(shortlist(lexical, 0.12, Budget("words", 1)))
    top = max(density)
    for i, s in enumerate(lexical.sentences):
        context = set(lexical.context[i] or ())
        wanted = s.rank == 0 or density[i] >= SHARE * top
        if wanted:
            assert i in keep and context <= keep
        elif i in keep:  # only as the passage another kept sentence is read after
            assert any(i in (lexical.context[k] or ()) for k in keep)
    assert shortlist(lexical, 0.12, Budget("words", 1), share=0) == tuple(
        range(len(lexical.sentences)))


def test_every_candidate_is_encoded_when_the_dense_ones_hold_under_three_budgets():
    summarizer = Summarizer(encoder=HashingEncoder(), threshold=0.5)
    lexical = summarizer.lexical(docs(*ARTICLES))
    small = shortlist(lexical, 0.12, Budget("sentences", 1))
    assert len(small) < len(lexical.sentences)
    held = sum(Budget("words", 1).cost(lexical.sentences[i].text) for i in small)
    for budget in (Budget("sentences", len(small) // 3 + 1), Budget("words", held // 3 + 1)):
        assert shortlist(lexical, 0.12, budget) == tuple(range(len(lexical.sentences)))
    for budget in (Budget("sentences", len(small) // 3), Budget("words", held // 3)):
        assert shortlist(lexical, 0.12, budget) == small


def test_narrowing_keeps_every_candidates_concept_weights():
    summarizer = Summarizer(encoder=HashingEncoder(), threshold=0.5)
    full = summarizer.analyze(docs(*ARTICLES))
    narrow = summarizer.shortlisted(full, Budget("words", 20))
    assert len(narrow.sentences) < len(full.sentences)
    assert narrow.concept_weights(0.12) == full.concept_weights(0.12)
    assert narrow.cased == full.cased


def test_encoding_the_shortlist_gives_the_narrowed_analysis_digest(story):
    summarizer = Summarizer(encoder=HashingEncoder(), threshold=0.5)
    for articles in (docs(*ARTICLES), story):
        for budget in (Budget("words", 20), Budget("words", 100)):
            direct = summarizer.analyze(articles, shortlist=budget)
            narrowed = summarizer.shortlisted(summarizer.analyze(articles), budget)
            assert [s.text for s in direct.sentences] == [s.text for s in narrowed.sentences]
            assert np.array_equal(direct.vectors, narrowed.vectors)
            assert (summarizer.digest_analysis(direct, budget).to_json()
                    == summarizer.digest_analysis(narrowed, budget).to_json())


def test_a_query_digest_encodes_every_candidate():
    encoder = Counting()
    summarizer = Summarizer(encoder=encoder, threshold=0.5)
    summarizer.digest(docs(*ARTICLES), words=60, query="tomatoes behind a yellow barn")
    assert any("tomatoes" in t for t in encoder.seen)


def test_distinct_texts_in_first_seen_order():
    assert distinct(["b", "a", "b", "c", "a"]) == (["b", "a", "c"], [0, 1, 0, 2, 1])
    assert distinct([]) == ([], [])


def test_citations_read_every_candidate_encoded_or_not():
    summarizer = Summarizer(encoder=HashingEncoder(), threshold=0.5)
    full = summarizer.analyze(docs(*ARTICLES))
    narrow = summarizer.shortlisted(full, Budget("words", 20))
    assert narrow.pool.sentences == full.sentences
    from summarize.cite import citations

    for i, s in enumerate(narrow.sentences):
        j = full.sentences.index(s)
        assert citations(narrow, i)[0] == citations(full, j)[0]
    # the rows of the candidates that were not encoded are None
    assert sum(r is None for r in narrow.pool_rows) == len(full.sentences) - len(narrow.sentences)
