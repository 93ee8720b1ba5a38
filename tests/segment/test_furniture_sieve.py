"""The furniture sieves (:class:`summarize.segment.furniture.Sieve`): a pattern is searched only
in a text that holds one of its needles, and that must never change an answer."""

import json
import re

import pytest

from summarize.figures import _FIGURE, _may_state_figure
from summarize.segment import furniture
from summarize.segment.furniture import (
    BOILERPLATE,
    Sieve,
    furniture_kinds,
    has_furniture,
    is_boilerplate,
)

from ..conftest import SHARED_DATA

SIEVES = (furniture._BOILERPLATE, furniture._CAPTION, furniture._ADS, furniture._TIMESTAMP,
          furniture._PHOTO_CAPTION, furniture._PAGE, furniture._PAGE_LINE)
#: The one plain pattern of the whole-sentence furniture, as it was written before the sieve.
PLAIN = re.compile("|".join(f"(?:{p})" for p, _ in BOILERPLATE), re.IGNORECASE)

#: One sentence that each entry of BOILERPLATE finds, in its order.
EXAMPLES = (
    "Discuss as:",
    "Follow our reporters on Twitter.",
    "Jane Doe contributed to this report.",
    "Photo courtesy of the family.",
    "(Photo: John Smith)",
    "The fire spread fast. AP Photo/John Smith",
    "Click here to read more.",
    "Share this story on your wall",
    "Subscribe now for full access.",
    "Related stories:",
    "Copyright 2005 The Associated Press.",
    "Reporting by Jane Doe; editing by John Smith",
    "By Jane Doe",
    "This page was saved by the Wayback Machine.",
    "NBC's Richard Engel reports.",
    "JavaScript is disabled in your browser.",
    "We use cookies to improve your visit.",
    "Photographer: John Smith",
    "A man walks past the ruins. /Getty",
    "Advertisement Continue reading the main story",
    "Take our poll on the vote.",
    "Updated 5:32 p.m. on Monday",
    "Editor's note: this story was changed.",
    "Rescuers search the rubble (AP)",
    "Story highlights of the day",
    "Click on the link to see the pictures.",
    "Log in to your account to comment.",
    "He said \" \" and left.",
    "Reuters - the markets fell on Monday.",
)

ORDINARY = (
    "Bogdanov told the Public Chamber that Assad was losing control.",
    "The storm closed the coastal road on Monday, the mayor said.",
    "“We expect it to reopen tomorrow,” she told reporters in Bonn.",
    "Sales rose 4 percent in the third quarter, to $2.1 billion.",
)


def agrees(text: str) -> None:
    for sieve in SIEVES:
        assert sieve.search(text) == any(p.search(text) for p in sieve.patterns), text
    assert is_boilerplate(text) == bool(PLAIN.search(text)), text
    for cased in (True, False):
        assert has_furniture(text, cased=cased) == bool(furniture_kinds(text, cased=cased))


def test_every_entry_finds_its_example_in_any_case():
    assert len(EXAMPLES) == len(BOILERPLATE)
    for (pattern, _), text in zip(BOILERPLATE, EXAMPLES, strict=True):
        for variant in (text, text.upper(), text.lower()):
            assert re.search(pattern, variant, re.IGNORECASE), (pattern, variant)
            assert is_boilerplate(variant), variant
            agrees(variant)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_sentences_are_no_furniture(text):
    assert not is_boilerplate(text)
    assert not has_furniture(text)
    agrees(text)


@pytest.mark.parametrize("text", [
    "\u017fign up for our briefing.",  # "ſ" is "s" to re.IGNORECASE, not to str.lower
    "S\u0130GN UP FOR OUR BRIEFING.",  # "İ" lower-cases to two characters
    "s\u0131gn up for our briefing.",  # dotless "ı"
    "\u212aeep calm and \u017fign up for the newsletter",
])
def test_a_letter_that_folds_to_ascii_is_searched_in_full(text):
    assert is_boilerplate(text)
    agrees(text)


def test_a_sieve_finds_what_its_patterns_find_and_nothing_else():
    sieve = Sieve([(r"\bfoo\s+bar\b", ("foo",)), (r"^baz", ("baz",))])
    assert sieve.search("a FOO  bar b")
    assert sieve.search("Baz first")
    assert not sieve.search("first baz")
    assert not sieve.search("foobar baz")


def shared_sentences() -> list[str]:
    """The sentences (split at a stop and a space) of every fourth cluster of each data set."""
    out: list[str] = []
    for name in ("duc2006.jsonl", "duc2007_main_pyramid_subset.jsonl",
                 "multi_news_val_truncated.jsonl"):
        with (SHARED_DATA / name).open(encoding="utf-8") as lines:
            for n, line in enumerate(lines):
                if n % 4:  # every fourth cluster of each set
                    continue
                for text in json.loads(line)["documents"]:
                    for paragraph in text.splitlines():
                        out.extend(s for s in re.split(r"(?<=[.!?])\s+", paragraph) if s)
    return out


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED_DATA / "multi_news_val_truncated.jsonl").exists(),
                    reason="the shared benchmark data is not here")
def test_the_sieves_agree_with_the_plain_patterns_on_the_benchmark_sentences():
    sentences = shared_sentences()
    assert len(sentences) > 20_000
    found = 0
    for text in sentences:
        agrees(text)
        found += is_boilerplate(text)
        if not _may_state_figure(text):  # the figures' own sieve
            assert not _FIGURE.search(text), text
    assert found > 100  # the furniture of news pages is among them
