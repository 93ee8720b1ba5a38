"""ROUGE scoring and ROUGE-1.5.5-style truncation, on cases small enough to check by hand."""

import pytest

from summarize import Budget
from summarize.evaluation.rouge import RougeScorer, Score, length, truncate


@pytest.fixture(scope="module")
def scorer():
    return RougeScorer(use_stemmer=True)


def test_the_cat_against_the_cat_sat(scorer):
    # summary "the cat", reference "the cat sat": 2 of 2 unigrams match, 2 of 3 reference ones
    s = scorer.score(["the cat"], scorer.prepare(["the cat sat"]))
    assert s["rouge1"].precision == pytest.approx(1.0)
    assert s["rouge1"].recall == pytest.approx(2 / 3)
    assert s["rouge1"].fmeasure == pytest.approx(0.8)
    # bigrams: "the cat" matches one of the reference's two
    assert s["rouge2"].precision == pytest.approx(1.0)
    assert s["rouge2"].recall == pytest.approx(0.5)
    assert s["rouge2"].fmeasure == pytest.approx(2 / 3)
    assert s["rougeLsum"].recall == pytest.approx(2 / 3)


def test_case_is_ignored_and_stemming_matches_word_forms(scorer):
    refs = scorer.prepare(["The cats were running."])
    # Porter: cats -> cat, running -> run; "was" and "were" stay apart: 3 of 4 match
    assert scorer.score(["the CAT was run"], refs)["rouge1"].recall == pytest.approx(0.75)
    plain = RougeScorer(use_stemmer=False)
    assert plain.score(["the CAT was run"], plain.prepare(["The cats were running."]))[
        "rouge1"
    ].recall == pytest.approx(0.25)


def test_several_references_are_averaged_not_maximised(scorer):
    refs = scorer.prepare(["the cat sat", "a dog ran"])
    s = scorer.score(["the cat sat"], refs)
    assert s["rouge1"].recall == pytest.approx((1.0 + 0.0) / 2)
    assert s["rouge1"].precision == pytest.approx(0.5)


def test_rouge_lsum_reads_sentences_on_lines(scorer):
    # the reference's two sentences are matched in the other order: Lsum (union LCS per
    # reference sentence) finds both; the sentence-blind LCS finds only one
    refs = scorer.prepare(["The dog barked loudly. The cat sat down."])
    s = scorer.score(["the cat sat down.", "the dog barked loudly."], refs)
    assert s["rougeLsum"].recall == pytest.approx(1.0)
    assert s["rouge1"].recall == pytest.approx(1.0)


def test_empty_summary_scores_zero_and_no_reference_is_refused(scorer):
    assert scorer.score([], scorer.prepare(["the cat sat"]))["rouge1"] == Score(0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        scorer.score(["x"], [])


def test_truncate_at_words_cuts_inside_the_sentence_that_crosses():
    out = truncate(["one two three", "four five six", "seven"], Budget("words", 5))
    assert out == ["one two three", "four five"]
    assert length(out, "words") == 5
    assert truncate(["one two"], Budget("words", 5)) == ["one two"]
    assert truncate(["a b c", "d"], Budget("words", 3)) == ["a b c"]


def test_truncate_at_bytes_counts_the_joining_space():
    out = truncate(["abcd", "efghijk", "lmn"], Budget("bytes", 10))
    assert out == ["abcd", "efghi"]
    assert length(out, "bytes") == 10
    assert truncate(["abcd", "efgh"], Budget("bytes", 5)) == ["abcd"]  # only the space fits
    assert truncate(["abc"], Budget("bytes", 665)) == ["abc"]


def test_truncate_at_bytes_never_splits_a_character():
    out = truncate(["née café"], Budget("bytes", 8))  # "née caf" is 8 bytes; é needs 2 more
    assert out == ["née caf"]
    assert len(" ".join(out).encode()) <= 8
    out = truncate(["ab é"], Budget("bytes", 4))
    assert out == ["ab"]
