"""The classic systems as registry methods (``icsi``, ``submodular``, ``klsum-greedy``): what
they read, what they return, and that they keep to the budget."""

from __future__ import annotations

import pytest

from summarize import Document, HashingEncoder, Summarizer
from summarize.evaluation.methods import (
    METHODS,
    Inputs,
    get_method,
    icsi,
    klsum,
    run_method,
    submodular,
)
from summarize.evaluation.methods.classic import CLASSIC_METHODS
from summarize.text import words
from summarize.types import Budget, Cluster

CLASSIC = ("icsi", "submodular", "klsum-greedy")

#: What all three articles report (the city council, the harbour bridge plan, Monday evening,
#: the officials) is in one sentence of the first article, and in pieces in the others.
CENTRAL = ("Officials said the city council approved the harbour bridge plan on Monday evening "
           "after a vote.")
ARTICLES = (
    "Gov. "  # a fragment: never a candidate
    + CENTRAL
    + " A local baker opened a second shop on the quiet street near the old market hall. "
    "Rain is expected across the northern valley for most of the coming weekend, forecasters "
    "warned.",
    "The harbour bridge plan won support from residents who came to the meeting on Friday. "
    "Tickets for the autumn music festival in the park will go on sale next month online.",
    "The city council met late on Monday evening, officials said in a statement to reporters. "
    "A rare orchid bloomed in the botanical garden greenhouse for the first time in decades.",
)


#: CENTRAL as ICSI's sentence cleaner prints it: without the weekday phrase
CENTRAL_CLEANED = ("Officials said the city council approved the harbour bridge plan after a "
                   "vote.")


def cluster(*texts: str) -> Cluster:
    return Cluster(documents=tuple(Document(text=t) for t in texts), id="hand-made")


@pytest.fixture(scope="module")
def summarizer() -> Summarizer:
    return Summarizer(encoder=HashingEncoder())


def test_registered_with_their_papers_and_without_clashing() -> None:
    assert set(CLASSIC) <= METHODS.keys() and "kl" in METHODS  # sumy's KL-Sum stays
    assert set(CLASSIC_METHODS) == set(CLASSIC)
    # each name runs its paper's algorithm, and its label cites the paper (author, year)
    papers = {"icsi": (icsi, "Gillick & Favre 2009"),
              "submodular": (submodular, "Lin & Bilmes 2011"),
              "klsum-greedy": (klsum, "Haghighi & Vanderwende 2009")}
    for name, (module, paper) in papers.items():
        method = get_method(name)
        assert type(method).select is module.select and not method.reads_references
        assert method.label.endswith(f"({paper})")
    # no other method of the tables is labelled the same
    labels = [get_method(name).label for name in METHODS]
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize(("name", "expected"), [("icsi", CENTRAL_CLEANED),
                                              ("klsum-greedy", CENTRAL)])
def test_room_for_one_sentence_takes_the_one_all_articles_report(
    name: str, expected: str, summarizer: Summarizer
) -> None:
    # ICSI: its bigrams (city council, harbour bridge, bridge plan, officials said) are each in
    # two articles, and in the first sentence of one or two; KL-Sum: it is the sentence most
    # like the rest of the cluster. ICSI prints it without "on Monday evening".
    out = run_method(name, cluster(*ARTICLES), Budget("words", 20), summarizer=summarizer)
    assert out == [expected]


def test_submodular_may_take_a_fragment(summarizer: Summarizer) -> None:
    # Lin & Bilmes have no length minimum: "Gov." (one word, in one article: the highest idf
    # over the articles) is the cheapest gain; the central sentence's words are in two of the
    # three articles, so the idf over articles weighs them little
    out = run_method("submodular", cluster(*ARTICLES), Budget("words", 20), summarizer=summarizer)
    assert out[0] == "Gov." and CENTRAL not in out


def test_icsi_takes_the_articles_first_sentences(summarizer: Summarizer) -> None:
    # room for three: each article's first sentence (after the filters: "Gov." is too short)
    # counts its concepts once more, so with three articles (threshold 2) every concept of a
    # first sentence counts; the ILP takes the three, cleaned (weekday phrases cut), and
    # nothing else: no other sentence adds a concept
    out = run_method("icsi", cluster(*ARTICLES), Budget("words", 50), summarizer=summarizer)
    assert out == [
        CENTRAL_CLEANED,
        "The harbour bridge plan won support from residents who came to the meeting.",
        "The city council met late, officials said in a statement to reporters.",
    ]
    # the others fill the budget
    for name in ("submodular", "klsum-greedy"):
        more = run_method(name, cluster(*ARTICLES), Budget("words", 50), summarizer=summarizer)
        assert CENTRAL in more and len(more) > 1


@pytest.mark.parametrize("name", CLASSIC)
@pytest.mark.parametrize("budget", [Budget("words", 20), Budget("words", 45),
                                    Budget("bytes", 200), Budget("bytes", 665),
                                    Budget("sentences", 2)])
def test_within_the_budget_verbatim_and_in_article_order(
    name: str, budget: Budget, summarizer: Summarizer
) -> None:
    inputs = Inputs(cluster(*ARTICLES), summarizer)
    method = get_method(name)
    out = method(inputs, budget)
    flat = [s for article in inputs.article_sentences for s in article]
    assert out, "every budget here has room for a sentence"
    assert budget.length(out) <= budget.limit  # the last sentence never passes the budget
    if method.edits:  # ICSI's cleaned sentences: each one's words are its source's, in order
        positions = [next(k for k, s in enumerate(flat) if in_order(words(x), words(s)))
                     for x in out]
    else:
        positions = [flat.index(s) for s in out]
    assert positions == sorted(set(positions))  # verbatim, once each, in the articles' order
    if name != "submodular":  # the paper's submodular has no length minimum
        assert "Gov." not in out  # fragments under 10 words are not candidates


def in_order(part: list[str], whole: list[str]) -> bool:
    """Whether ``part`` is ``whole`` with words left out."""
    rest = iter(whole)
    return all(w in rest for w in part)


@pytest.mark.parametrize("name", CLASSIC)
def test_short_sentences_only_and_nothing_that_fits(name: str, summarizer: Summarizer) -> None:
    short = cluster("Storm hits city. Power is out.", "The storm hit the city. Power lines fell.")
    out = run_method(name, short, Budget("words", 8), summarizer=summarizer)
    assert out and Budget("words", 8).length(out) <= 8  # all short: all are candidates
    assert run_method(name, short, Budget("words", 2), summarizer=summarizer) == []
