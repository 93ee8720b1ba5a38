"""summarize.speech: whether a sentence quotes someone, attributes, names its speaker."""

from __future__ import annotations

from summarize import Document, HashingEncoder, Summarizer
from summarize.evaluation.quality import ClusterText, repeated_pairs
from summarize.facts import same_fact
from summarize.speech import (
    attributes,
    gives_speaker,
    initial_words,
    is_quotation,
    may_name,
    names_in,
    needs_speaker,
    quoted_words,
    speaker_names,
    speaks,
)

QUOTE = '"We will rebuild the bridge within two years," Mayor Ann Lee told the council.'


def test_quotations_and_who_speaks() -> None:
    assert is_quotation(QUOTE) and is_quotation("``Yes,'' he said.")
    assert not is_quotation("The mayor spoke.")
    assert speaks(QUOTE)
    assert not speaks('The "Modern Family" creator spoke on Monday about the show.')  # a title
    assert not speaks('The mayor called it "a disgrace" and left the meeting early on Monday.')
    assert speaker_names(QUOTE) == {"lee"}
    assert quoted_words(QUOTE) == "We will rebuild the bridge within two years,"


def test_attribution_and_names() -> None:
    assert attributes("Officials said the bridge was safe.")
    assert attributes("The bridge was safe, according to officials.")
    assert not attributes("The bridge was safe.")
    assert names_in("Mayor Ann Lee met Paris officials.") == {"Ann", "Lee", "Paris"}
    assert not may_name("the mayor met officials.") and may_name("x", cased=False)


def test_a_quotation_needs_a_named_speaker() -> None:
    assert not needs_speaker(QUOTE)
    assert needs_speaker('"We will rebuild the bridge within two years," he said.')
    assert needs_speaker('"We will rebuild the bridge within two years."')
    assert not needs_speaker("The mayor said the bridge would be rebuilt.")  # no quotation
    assert gives_speaker("Mayor Ann Lee told the council:", '"We will rebuild it."', quote=True)
    assert not gives_speaker("The council met.", '"We will rebuild it."', quote=True)


def test_a_name_after_an_abbreviation_is_a_name_as_the_measure_reads_it() -> None:
    assert names_in("The bombing of the U.S. Embassy hurt Mr. Hall. Then Smith left.") \
        == {"Embassy", "Hall", "Mr", "Smith"}  # not "Then", a new sentence's first word
    charged = ("Norland charged two men on Monday with 11 counts of murder in connection with "
               "the bombing of the U.S. Embassy there.")
    killed = ("Another 11 people were killed in the bombing of the U.S. Embassy in "
              "neighbouring Norland, officials said.")
    article = [charged, killed, "The American Embassy stayed closed on Tuesday."]
    # the measure reads "Embassy" and "Norland" as names of both: the same numbers, one fact
    assert repeated_pairs([charged, killed], ClusterText([article])) == [(0, 1)]
    # and so does the selection: it states the fact once
    analysis = Summarizer(encoder=HashingEncoder()).analyze(
        [Document(text=" ".join(article), id="1")])
    at = {s.text: i for i, s in enumerate(analysis.sentences)}
    assert same_fact(analysis.facts(at[charged]), analysis.facts(at[killed]), analysis.topic)


def test_acronyms_are_names_and_initial_words_are_names_only_if_capitalised_elsewhere() -> None:
    assert "ETA" in names_in("A statement from ETA announced a truce.")
    assert initial_words("ETA, a Basque acronym, has killed 800 people.") == {"ETA"}
    assert initial_words("Former Lt. Col. Hugo Chavez won: The vote was close.") \
        == {"Former", "Col", "Hugo"}
    # the selection reads them as the measure does: a name where the articles capitalise it
    # mid-sentence, stop words never
    article = ["A statement from ETA said the group would lay down its arms in Spain.",
               "ETA, a Basque acronym, has killed 800 people in Spain since 1968.",
               "The separatist group has lost support among Basque voters."]
    analysis = Summarizer(encoder=HashingEncoder()).analyze(
        [Document(text=" ".join(article), id="1")])
    at = {s.text[:5]: i for i, s in enumerate(analysis.sentences)}
    assert "eta" in analysis.names[at["ETA, "]] and "the" not in analysis.names[at["The s"]]


def test_attribution_is_found_in_any_case_and_only_as_a_word():
    from summarize.speech import attributes

    assert attributes("The mayor SAID the road would open.")
    assert attributes("It will open, ACCORDING TO the mayor.")
    assert attributes("The mayor \u017faid so.")  # "ſ" reads as "s" when case is ignored
    assert not attributes("The road will open on Tuesday.")
    assert not attributes("The saidi dynasty ruled.")
