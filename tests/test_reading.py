"""summarize.reading: whether a sentence reads alone, and what before it resolves it."""

from __future__ import annotations

import pytest

from summarize.reading import connective_cut, needs_previous, resolves


@pytest.mark.parametrize(("text", "needs"), [
    ("He said the bridge would open in May.", True),  # a pronoun
    ("It was not immediately clear whether anyone was hurt.", False),  # an empty "it"
    ("It is the third fire this year.", True),
    ("This week the council voted again.", False),  # the calendar
    ("This decision angered residents.", True),  # a demonstrative
    ("However, the mayor disagreed.", True),  # a connective
    ("So far no one has been charged.", False),
    ("Then-President Obama signed it.", False),
    ("Such measures are rare.", True),
    ('"We will rebuild it within two years," he said.', True),  # a bare "he said"
    ('"We will rebuild it within two years," Mayor Ann Lee said.', False),
    ("The council approved the harbour bridge on Monday.", False),
])
def test_needs_previous(text: str, needs: bool) -> None:
    assert needs_previous(text) is needs


def test_a_lower_cased_article_may_name_anyone() -> None:
    quote = '"We will rebuild it within two years," the mayor said.'
    assert needs_previous(quote)  # no name in a cased article
    assert not needs_previous(quote, cased=False)


def test_resolves_needs_a_named_stand_alone_sentence_and_a_speaker_for_a_quotation() -> None:
    named = "Mayor Ann Lee spoke to the council on Monday."
    said = "Mayor Ann Lee told the council on Monday that the bridge would be rebuilt."
    assert resolves(named, "She said the bridge would be rebuilt.")
    assert not resolves("She spoke to the council on Monday.", "She said it.")  # needs one too
    assert not resolves("the council met on monday.", "She said it.")  # names no one
    assert not resolves(named, '"It will be rebuilt."', quote=True)  # no attribution
    assert resolves(said, '"It will be rebuilt."', quote=True)


def test_a_leading_connective_is_cut_only_when_a_sentence_is_left() -> None:
    assert connective_cut("But Paris voted no.") == len("But ")
    assert connective_cut("However, 40 people voted no.") == len("However, ")
    assert connective_cut("However, the council voted no.") == 0  # what follows is lower-case
    assert connective_cut("However, the council voted no.", cased=False) == len("However, ")
    assert connective_cut("Then Paris voted no.") == 0  # "then" is not cut
