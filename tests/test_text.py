"""summarize.text: the one reader of words (tokens, stop words, stems, concepts) and of text
made safe to print."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.text import (
    clean,
    concepts,
    content_stems,
    first_word,
    guess_title,
    is_cased,
    one_line,
    paired_quotes,
    raw_words,
    stem,
    stem_sequence,
    stop_words,
    valid_unicode,
    words,
)


def test_words_keep_inner_apostrophes_and_lower_case() -> None:
    assert words("Assad's regime, it’s said: 1,200 dead!") == [
        "assad's", "regime", "it’s", "said", "1", "200", "dead"]
    assert raw_words("Assad's Regime") == ["Assad's", "Regime"]


def test_stop_words_and_stems() -> None:
    assert {"the", "and", "of"} <= stop_words() and "bridge" not in stop_words()
    assert stem("approaching") == stem("approached") == "approach"


def test_concepts_are_stemmed_bigrams_without_stop_word_pairs() -> None:
    bag = concepts("The council approved the bridges of the city")
    assert ("council", "approv") in bag and ("bridg", "of") in bag
    assert ("of", "the") not in bag  # two stop words


def test_content_stems_is_a_set_and_the_sequence_keeps_order_and_repeats() -> None:
    text = "Bridges, bridges and a bridge: the vote"
    assert content_stems(text) == frozenset({"bridg", "vote"})
    assert stem_sequence(text) == ["bridg", "bridg", "bridg", "vote"]
    assert stem_sequence("Route 9 closed") == ["rout", "9", "close"]  # one character kept
    assert content_stems("Route 9 closed") == frozenset({"rout", "close"})


def test_first_word_and_casing() -> None:
    assert first_word('“It’s over," he said.') == "it"
    assert first_word("-- Then he left.") == "then"
    assert is_cased(["The vote was held in Paris, and Berlin followed."])
    assert not is_cased(["the vote was held in paris, and berlin followed on monday."])


def test_clean_and_one_line_make_text_safe() -> None:
    assert clean("Cafe\u0301\x00  opens\n") == "Café opens"
    assert one_line("a\nb\u202ec\x1b[31m d") == "a bc[31m d"
    assert valid_unicode("a\udcffb") == "a\ufffdb"
    assert one_line("x\udcff").encode("utf-8") == "x\ufffd".encode()


def test_guess_title_skips_boilerplate_and_shortens() -> None:
    assert guess_title("Advertisement\n# Bridge approved\nbody") == "Bridge approved"
    assert guess_title(" ".join(["word"] * 20), max_words=3) == "word word word …"
    assert guess_title("\n\n", path="/tmp/council-vote.txt") == "council-vote"
    assert guess_title("") == "untitled"


@pytest.mark.parametrize(("printed", "paired"), [
    ('was "approaching collapse.”', 'was "approaching collapse."'),
    ('“It is over," he said.', '"It is over," he said.'),
    ('"a" and “b”', '"a" and “b”'),  # each pair in one style: left alone
    ('“a” then "b”', '“a” then "b"'),
    ('He is 6\'2" tall', 'He is 6\'2" tall'),  # a lone mark: left alone
    ("‘single’ and ``DUC''", "‘single’ and ``DUC''"),
    ("no marks", "no marks"),
])
def test_quotation_marks_are_paired_in_one_style(printed: str, paired: str) -> None:
    assert paired_quotes(printed) == paired
    assert len(paired_quotes(printed).encode()) <= len(printed.encode())


def test_clean_reads_every_line_break_as_white_space() -> None:
    # a lone carriage return (old Mac files) breaks lines for str.splitlines, so it must part
    # words here too: a span of two lines reads with a space where the break was
    assert clean("He said:\rThe bridge opened.") == "He said: The bridge opened."
    assert clean("one\x0btwo\x0cthree\u2028four") == "one two three four"
    assert clean("a\x00b\x07c") == "abc"  # other control characters are dropped


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40))
def test_clean_drops_what_a_character_by_character_reading_drops(text: str) -> None:
    """clean looks each distinct character up once: the same text as reading every character
    (white space kept, every other character of a category C* dropped), then NFC and spaces."""
    normal = unicodedata.normalize("NFC", text)
    kept = "".join(ch for ch in normal if ch.isspace() or unicodedata.category(ch)[0] != "C")
    assert clean(text) == re.sub(r"\s+", " ", kept).strip()


def test_folds_are_the_letters_that_ignoring_case_reads_as_ascii_ones():
    from summarize.text import FOLDS

    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    found = {chr(c) for c in range(0x80, 0x110000) if ascii_letter.fullmatch(chr(c))}
    assert found == {m.group(0) for m in FOLDS.finditer("".join(sorted(found)) + "sk")}
    assert len(found) == 4


def test_concepts_stem_each_word_of_a_pair():
    assert concepts("The riders were cycling home") == frozenset(
        {("the", "rider"), ("rider", "were"), ("were", "cycl"), ("cycl", "home")})


def test_may_hold_is_false_only_for_a_text_without_the_literals_in_any_case():
    from summarize.text import may_hold

    assert may_hold("He SAID so.", ("said",))
    assert not may_hold("He spoke.", ("said", "told"))
    assert may_hold("He \u017fpoke.", ("said",))  # "ſ" may be "s" to a pattern ignoring case
    assert not may_hold("", ("said",))
