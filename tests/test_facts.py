"""summarize.facts: the numbers a sentence states, the story's own words, and whether two
sentences state the same fact."""

from __future__ import annotations

from summarize.facts import (
    CLOSE_FACT_WORDS,
    MIN_FACT_WORDS,
    SHARED_NAMES,
    Facts,
    figures_in,
    numbers_in,
    overlap,
    same_fact,
    topic_words,
)


def stems(text: str) -> frozenset[str]:
    return frozenset(text.split())


def test_numbers_are_read_as_digits_and_spelled() -> None:
    assert numbers_in("1,200 people and forty-two cars; twelve boats, 3.5 tons") == {
        "1200", "42", "12", "3.5"}
    assert numbers_in("one man") == frozenset()  # "one" is not counted
    assert figures_in("at least 25 dead, $1,000 each") == (("at least 25", 11), ("$1,000", 24))


def test_overlap_is_a_share_of_the_smaller_set() -> None:
    assert overlap(stems("a b c d"), stems("a b")) == 1.0
    assert overlap(stems("a b c d"), stems("a x y z")) == 0.25
    assert overlap(frozenset(), stems("a")) == 0.0


def test_topic_words_are_in_a_fifth_of_the_sentences_and_three() -> None:
    sentences = [stems("bridg vote"), stems("bridg council"), stems("bridg mayor"),
                 stems("vote rain"), *[stems(f"w{i}") for i in range(11)]]
    assert topic_words(sentences) == {"bridg"}  # 3 of 15: the floor of three
    assert topic_words(sentences[:4]) == {"bridg"}  # "vote" is in 2 only
    assert topic_words(sentences[:2]) == frozenset()


def test_same_fact_by_shared_fact_words() -> None:
    a = Facts(stems("council approv bridg monday vote"), frozenset(), frozenset())
    b = Facts(stems("council approv bridg rain"), frozenset(), frozenset())
    assert MIN_FACT_WORDS == 3 and CLOSE_FACT_WORDS == 2
    assert same_fact(a, b)  # council, approv, bridg: 3 of the shorter one's 4
    assert not same_fact(a, b, topic=frozenset({"bridg"}))  # the story's own word aside: 2
    assert same_fact(a, b, topic=frozenset({"bridg"}), close=True)  # 2 are enough when close
    assert not same_fact(a, b, share=0.8)  # 3 of 4 is under the share asked


def test_same_fact_by_numbers_and_names() -> None:
    a = Facts(stems("fire kill 12 club tuesday"), frozenset({"12"}), frozenset({"paris", "lyon"}))
    b = Facts(stems("blaze kill 12 club owner"), frozenset({"12"}), frozenset({"paris", "lyon"}))
    assert SHARED_NAMES == 2
    assert same_fact(a, b, topic=stems("kill club 12"))  # fact words gone; numbers and names
    one_name = b._replace(names=frozenset({"paris"}))
    assert not same_fact(a, one_name, topic=stems("kill club 12"))
    other_number = b._replace(numbers=frozenset({"40"}))
    assert not same_fact(a, other_number, topic=stems("kill club 12"))


def test_numbers_in_reads_digits_and_spelled_numbers_in_any_case():
    from summarize.facts import numbers_in

    assert numbers_in("TWENTY-ONE people and 1,200 cattle") == frozenset({"21", "1200"})
    assert numbers_in("Twelve of them") == frozenset({"12"})
    assert numbers_in("None of them, at noon") == frozenset()
