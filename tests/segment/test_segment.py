import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarize import SummarizeWarning
from summarize.ingest.files import load_directory
from summarize.segment import (
    SegmentOptions,
    has_stray_quotes,
    has_unbalanced_quotes,
    is_boilerplate,
    segment,
    segment_document,
    split_sentences,
)
from summarize.segment.punkt import DATA_DIR, PUNKT_FILES, punkt_tab_files
from summarize.types import Document

from ..conftest import CORPORA


def test_shipped_punkt_data_matches_its_source():
    target = DATA_DIR / "tokenizers" / "punkt_tab" / "english"
    expected = punkt_tab_files()
    assert sorted(expected) == sorted(PUNKT_FILES)
    for name, text in expected.items():
        assert (target / name).read_text(encoding="utf-8") == text


def test_punkt_keeps_abbreviations():
    text = "Mr. Smith met U.S. officials on Friday. They left at 5 p.m. sharp."
    assert split_sentences(text) == [
        "Mr. Smith met U.S. officials on Friday.",
        "They left at 5 p.m. sharp.",
    ]


def test_lines_are_never_joined():
    assert split_sentences("Russia mulls evacuating its citizens\nBogdanov said so.") == [
        "Russia mulls evacuating its citizens",
        "Bogdanov said so.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Discuss as:",
        "Follow World News from NBCNews.com on Twitter and Facebook.",
        "The Associated Press and Reuters contributed to this report.",
        "NBC's Richard Engel reports.",
        "Starting in 1996, Alexa Internet has been donating their crawl data to the archive.",
        "Sign up for our daily newsletter to get the news first.",
    ],
)
def test_boilerplate(text):
    assert is_boilerplate(text)


def test_reporting_is_not_boilerplate():
    assert not is_boilerplate("Bogdanov told the Public Chamber that Assad was losing control.")


def test_unbalanced_quotes():
    assert has_unbalanced_quotes("“You may say I am maybe assuming that Assad will disappear.")
    assert not has_unbalanced_quotes('“We have plans for any occasion,” Bogdanov said.')
    assert not has_unbalanced_quotes('He believed the regime was "approaching collapse.”')


@pytest.mark.parametrize("gap", [" ", "", " -- ", "--", "  "])
def test_an_opening_quote_left_at_a_sentence_end_moves_to_the_next_verbatim(gap):
    # text with spaced quotes (the Multi-News release): punkt leaves the opening mark behind
    line = (f'They left their daughter with a sitter and went to a movie. "{gap}i was so '
            'excited and looking forward to it, " said nicole oulson, who met him there.')
    first, second = split_sentences(line)
    assert first == "They left their daughter with a sitter and went to a movie."
    assert second.startswith('"') and not has_unbalanced_quotes(second)
    assert second in " ".join(line.split())  # still a verbatim piece of the article
    # both are candidates now; before, both halves were dropped as broken quotations
    doc = Document.from_text(line)
    assert [s.text for s in segment_document(doc, 0)] == [first, second]


def test_a_sentence_holding_a_neighbours_quote_marks_is_no_candidate():
    # spaced quotes: punkt leaves the closing mark of the quotation before at this sentence's
    # start and the opening mark of the next at its end; the count is even, the pairs shifted
    line = ('the family said: " after fighting for two weeks, our andreea was ripped away from '
            'our lives in the most heartless way. " she will always be our ray of light that '
            'will keep on shining in our hearts. " the family said they were " deeply touched " '
            'by the " dedication " of the staff, praising their " kindness beyond compare ". " '
            'there are no words to describe the pain, " they said.')
    shifted = next(s for s in split_sentences(line) if "the family said they" in s)
    assert not has_unbalanced_quotes(shifted) and has_stray_quotes(shifted)
    assert not has_stray_quotes('He said "we will go" and "stay here" on Monday.')
    texts = [s.text for s in segment_document(Document.from_text(line), 0)]
    assert texts and not any("the family said they" in t for t in texts)


def test_a_balanced_sentence_keeps_its_closing_quote():
    line = '" it was the best day of our lives. " The group was returning home on Sunday night.'
    assert split_sentences(line) == ['" it was the best day of our lives. "',
                                     "The group was returning home on Sunday night."]


def test_filters_and_positions():
    doc = Document(
        "Headline without a full stop\n"
        "Too short to count.\n"
        "The council approved the harbour bridge on Monday evening.\n"
        "The council approved the harbour bridge on Monday evening.\n"
        "Officials said the council approved the harbour bridge on Monday evening.\n"
        "Construction of the bridge should start next spring, officials said."
    )
    out = segment_document(doc, 0)
    assert [s.text for s in out] == [
        "The council approved the harbour bridge on Monday evening.",
        "Officials said the council approved the harbour bridge on Monday evening.",
        "Construction of the bridge should start next spring, officials said.",
    ]
    assert [s.position for s in out] == [2, 4, 5]
    assert [s.rank for s in out] == [0, 1, 2] and all(s.n_in_doc == 3 for s in out)


def test_near_duplicates_within_an_article_go():
    doc = Document(
        "The council approved the new harbour bridge on Monday evening.\n"
        "The council approved the new harbour bridge on Monday evening too.\n"
    )
    assert len(segment_document(doc, 0)) == 1


def test_repeats_across_articles_are_kept():
    text = "The council approved the new harbour bridge on Monday evening."
    assert [s.doc for s in segment([Document(text), Document(text)])] == [0, 1]


def test_example_article_repeating_its_body_is_read_once():
    docs = load_directory(CORPORA)
    doubled = [s.text for s in segment(docs) if s.doc == 1]
    assert len(doubled) == len(set(doubled))
    raw = docs[1].text.count("Deputy Foreign Minister Mikhail Bogdanov said Russia is making plans")
    assert raw == 2
    assert sum("making plans for the possible evacuation" in t for t in doubled) == 1


def test_web_leftovers_of_the_example_are_dropped():
    texts = [s.text for s in segment(load_directory(CORPORA))]
    for leftover in ("Discuss as", "contributed to this report", "on Twitter", "Engel reports."):
        assert not any(t.startswith(leftover) or t.endswith(leftover) for t in texts), leftover


def test_long_articles_are_cut_with_a_warning():
    doc = Document("The council approved the harbour bridge on Monday evening. " * 100)
    with pytest.warns(SummarizeWarning, match="only the first 500"):
        out = segment_document(doc, 0, SegmentOptions(max_chars=500))
    assert len(out) == 1


@given(st.frozensets(st.sampled_from("abcdefghij"), max_size=8),
       st.lists(st.frozensets(st.sampled_from("abcdefghij"), max_size=8), max_size=6),
       st.sampled_from([0.0, 0.3, 0.5, 0.8, 1.0]))
def test_a_near_duplicate_is_what_some_jaccard_similarity_says(bag, seen, threshold):
    from summarize.segment import _jaccard, _near_duplicate

    assert _near_duplicate(bag, seen, threshold) == any(
        _jaccard(bag, other) >= threshold for other in seen)
