"""summarize.analysis: what every later stage reads of one cluster, computed once."""

from __future__ import annotations

import numpy as np

from summarize.analysis import concept_weights
from summarize.facts import Facts

from .conftest import docs


def test_units_support_and_centrality(summarizer, story) -> None:
    analysis = summarizer.analyze(story)
    texts = [s.text for s in analysis.sentences]
    vote = [i for i, t in enumerate(texts) if "approved" in t]
    assert len(vote) == 3 and len({analysis.unit_of[i] for i in vote}) == 1  # one unit
    assert analysis.support[vote[0]] == 1.0  # every article reports it
    alone = texts.index("The mayor called the decision a historic day for the whole region.")
    assert analysis.support[alone] < 1.0
    assert analysis.centrality[vote[0]] > analysis.centrality[alone]
    assert analysis.n_docs == 3


def test_facts_and_lengths(summarizer) -> None:
    analysis = summarizer.analyze(docs("Mayor Ann Lee said 12 people voted for the bridge.",
                                       "The bridge will open in May, officials said."))
    facts = analysis.facts(0)
    assert isinstance(facts, Facts)
    assert facts.numbers == {"12"} and {"ann", "lee"} <= facts.names
    assert "bridg" in facts.stems and "the" not in facts.stems
    assert analysis.lengths[0] == 10.0


def test_a_first_word_is_a_name_when_capitalised_elsewhere_and_no_stop_word(summarizer) -> None:
    analysis = summarizer.analyze(docs(
        "Officials in Tarvik, Norland, told The Times that 31 people had been killed.",
        "Tarvik reopened its bus station on Monday after the bombing of the market.",
        "The bombing killed 31 people in the city, police told reporters on Sunday."))
    at = {s.text[:7]: i for i, s in enumerate(analysis.sentences)}
    assert "tarvik" in analysis.names[at["Tarvik "]]  # capitalised mid-sentence elsewhere
    assert "the" not in analysis.names[at["The bom"]]  # "The Times" makes no name of "The"
    assert analysis.within == {"tarvik": frozenset({"norland"})}


def test_a_sentence_that_needs_the_one_before_is_read_after_it(summarizer) -> None:
    analysis = summarizer.analyze(docs(
        "Mayor Ann Lee spoke to the council on Monday evening. "
        "She said the harbour bridge would be rebuilt within two years.",
        "The harbour bridge was closed after the storm damaged it badly."))
    texts = [s.text for s in analysis.sentences]
    she = texts.index("She said the harbour bridge would be rebuilt within two years.")
    named = texts.index("Mayor Ann Lee spoke to the council on Monday evening.")
    assert analysis.context[she] == (named,)
    assert analysis.context[named] == ()


def test_concept_weights_count_articles_and_keep_shared_ones() -> None:
    bags = [frozenset({("x", "y"), ("p", "q")}), frozenset({("x", "y")}), frozenset({("r", "s")})]
    pool = list(zip([0, 1, 2], bags, strict=True))  # each sentence's article and concepts
    assert concept_weights(pool, 3, min_df=0.12) == {("x", "y"): 2.0}
    # none in two articles (one article): every concept counts
    assert concept_weights(pool[:1], 1, 0.12) == {("x", "y"): 1.0, ("p", "q"): 1.0}
    assert np.isclose(sum(concept_weights(pool, 3, 0.0).values()), 2.0)
