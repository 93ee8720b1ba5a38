"""summarize.speech: whether a sentence quotes someone, attributes, names its speaker."""

from __future__ import annotations

from summarize.speech import (
    attributes,
    gives_speaker,
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
