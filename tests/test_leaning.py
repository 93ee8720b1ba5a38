"""Leaning on a group or a quantity (issue 26): "Not all of them …", "A few hundred more are
…", "Both were …" are taken only with what they lean on, as a pronoun is; a quotation given to
a bare "he said" only after the sentence that names him. Hand-made clusters, the hashing
encoder."""

from __future__ import annotations

from summarize import Budget, HashingEncoder, Summarizer
from summarize.reading import leans_on_group, names_person, needs_previous, resolves
from summarize.select import SelectOptions

from .conftest import docs

TRAIL = (
    "The Pacific Crest Trail Association issues 50 long-distance permits a day for hikers "
    "starting at the Mexican border. "
    "Not all of them are for hikers who plan to walk the whole way from Mexico to Canada. "
    "A few hundred more are for hikers heading out at other times of the calendar year.",
    "Jack Haskel of the Pacific Crest Trail Association said the trail had never been busier. "
    "“Sometimes,” he said, “I'd like to hike without seeing a line of ants all the way to "
    "Canada.”",
    "The trail runs 2,650 miles from the Mexican border to Canada through three states.",
)


def texts(n: int, **select: object) -> list[str]:
    s = Summarizer(encoder=HashingEncoder(), threshold=0.5,
                   select_options=SelectOptions(**select))  # type: ignore[arg-type]
    return [x.text for x in s.digest(docs(*TRAIL), budget=Budget("sentences", n)).sentences]


def test_a_group_or_a_quantity_named_before_is_leaned_on() -> None:
    for text in ("Not all of them are for hikers who plan to walk the whole way.",
                 "A few hundred more are for hikers heading out at other times of year.",
                 "Both were taken to the regional hospital with burns on Monday.",
                 "The others were released without charge on Monday evening.",
                 "Most of those arrested were released without charge on Monday."):
        assert leans_on_group(text) and needs_previous(text), text
    for text in ("Both the House and the Senate passed the bill on Monday evening.",
                 "More than 40 people died in the fire at the market on Monday.",
                 "Some of the hikers left the trail early because of the snow."):
        assert not leans_on_group(text) and not needs_previous(text), text


def test_a_leaning_sentence_comes_right_after_what_it_leans_on() -> None:
    s = Summarizer(encoder=HashingEncoder(), threshold=0.5)
    analysis = s.analyze(docs(*TRAIL))
    at = {x.text[:16]: i for i, x in enumerate(analysis.sentences)}
    context = analysis.context
    assert context[at["Not all of them "]] == (at["The Pacific Cres"],)
    assert context[at["A few hundred mo"]] == (at["The Pacific Cres"], at["Not all of them "])
    # without the stand-alone rule they are taken alone
    loose = texts(6, stand_alone=False)
    assert any(t.startswith("Not all of them") for t in loose)
    for n in (1, 2, 3, 4, 6):
        out = texts(n)
        for lean in ("Not all of them", "A few hundred more"):
            if any(t.startswith(lean) for t in out):
                k = next(k for k, t in enumerate(out) if t.startswith(lean))
                assert k > 0 and (out[k - 1].startswith("The Pacific Crest Trail Association")
                                  or out[k - 1].startswith("Not all of them")), out


def test_a_bare_he_said_needs_a_named_person_before_it() -> None:
    quote = "“Sometimes,” he said, “I'd like to hike without seeing a line of ants.”"
    assert needs_previous(quote)
    assert names_person("Jack Haskel of the association said the trail was busy.")
    assert not names_person("On Monday the association said the trail was busy.")
    assert resolves("Jack Haskel of the association said the trail was busy.", quote)
    assert not resolves("On Monday the PCT Association said the trail was busy.", quote)
    for n in (2, 3, 6):
        out = texts(n)
        for k, t in enumerate(out):
            if t.startswith("“Sometimes"):
                assert k > 0 and out[k - 1].startswith("Jack Haskel")
