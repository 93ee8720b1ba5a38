"""One fact, one line, all its figures, like with like (issue 26): three reports of one event
with three figures are said once, cited, with the other figures beside it; a figure is compared
only with a figure of the same kind. Hand-made clusters, the hashing encoder."""

from __future__ import annotations

from summarize import Budget, HashingEncoder, Summarizer
from summarize.evaluation.quality import ClusterText, repeated_pairs
from summarize.facts import Facts, one_toll_in_one_place, places_within, same_fact, within_of
from summarize.figures import conflict, figures, kinds
from summarize.segment import split_sentences
from summarize.select import SelectOptions
from summarize.speech import names_in
from summarize.text import content_stems

from .conftest import docs

#: three reports of one fire, worded apart, with 40, "at least 25" and 12 dead
FIRE = (
    "A fire tore through the Lumen nightclub in the old harbour district late on Tuesday and "
    "killed 40 people, the fire brigade said. "
    "Investigators are questioning the owners about blocked emergency exits at the club.",
    "The blaze at the Lumen nightclub in the old harbour district left at least 25 people dead "
    "on Tuesday, according to the fire brigade. "
    "The city's mayor declared three days of mourning for the victims of the fire.",
    "Twelve people died when fire swept through the Lumen nightclub in the old harbour "
    "district on Tuesday, the fire brigade said. "
    "Relatives gathered outside the city hospital through the night waiting for news.",
)
#: three short reports of an earthquake: magnitudes, tolls (one in words), and the hour
QUAKE = (
    "A magnitude 6.2 earthquake struck about 30 kilometres south of the port city of Durres at "
    "4:12 a.m. on Monday, the seismology institute said. "
    "The earthquake killed nine people and injured dozens more, the civil protection agency "
    "said. Rescue teams searched collapsed buildings in the old town throughout the day.",
    "A magnitude 6.4 earthquake struck about 30 kilometres south of the port city of Durres "
    "shortly after 4 a.m. on Monday, the seismology institute said. "
    "The earthquake killed 14 people and injured dozens more, the civil protection agency "
    "said. Schools in the region will stay closed until the end of the week.",
    "The earthquake killed at least 11 people and injured dozens more, the civil protection "
    "agency said on Monday. "
    "The prime minister declared a day of national mourning for the victims of the earthquake.",
)

#: three reports of two bombings: one toll given in the city by one and in its country (with
#: another figure) by the other, and a second blast's toll in a neighbouring town
BOMB = (
    "A car bomb exploded outside the central bus station in Tarvik, Norland, on Friday "
    "morning, police said. "
    "The car bomb at the bus station in Tarvik killed 31 people and injured some 400 more. "
    "Investigators said the explosives had been hidden in a delivery van parked by the gates.",
    "More than 450 people were injured in Norland and more than 20 in neighbouring Osterby, "
    "where a second device went off at a market. "
    "Hospitals across the region appealed for blood donors through the weekend.",
    "Another nine people were killed in the second blast at the crowded market in Osterby. "
    "The government declared three days of national mourning for the victims of both attacks.",
)


def digest_lines(articles: tuple[str, ...], n: int) -> list[str]:
    s = Summarizer(encoder=HashingEncoder(), threshold=0.5, select_options=SelectOptions())
    return s.digest(docs(*articles), budget=Budget("sentences", n)).to_text().splitlines()


def test_a_figure_is_read_with_what_it_counts() -> None:
    got = {(f.kind, f.value, f.written) for f in figures(QUAKE[0])}
    assert got == {("magnitude", "6.2", "6.2"), ("kilometr", "30", "about 30"),
                   ("dead", "9", "nine")}
    assert {(f.kind, f.value) for f in figures(FIRE[1])} == {("dead", "25")}
    assert [(f.kind, f.value) for f in figures("Twenty-one people died, forty-two were hurt.")] \
        == [("dead", "21"), ("injured", "42")]
    assert {(f.kind, f.value) for f in figures(FIRE[2])} == {("dead", "12")}
    # times of day, dates, years and ages count nothing
    for text in ("The quake struck shortly after 4 a.m. on Monday.",
                 "It opened on March 3, 2024 after a long delay.",
                 "Smith, 45, said the 52-year-old driver had fled."):
        assert figures(text) == (), text
    assert {(f.kind, f.value) for f in figures("Prices rose 12% to 48 million euros.")} == {
        ("percent", "12"), ("money", "48")}
    # a magnitude is never compared with a toll
    assert conflict(kinds("A magnitude 6.4 quake hit."), kinds("It killed 14 people.")) == set()
    assert conflict(kinds("It killed nine people."), kinds("It killed 14 people.")) == {"dead"}


def facts(text: str) -> Facts:
    return Facts(content_stems(text), frozenset(), frozenset(), kinds(text))


def test_other_figures_do_not_make_two_statements_of_one_event() -> None:
    first, second, third = (split_sentences(t)[0] for t in FIRE)
    # the story's own words (what every report says: the club, the district, the brigade)
    topic = content_stems(first) & content_stems(second) & content_stems(third)
    for a, b in ((first, second), (first, third), (second, third)):
        assert same_fact(facts(a), facts(b), topic), (a, b)
        # without the figures' kinds, the fact words alone do not join them
        assert not same_fact(facts(a)._replace(figures=None), facts(b)._replace(figures=None),
                             topic)
    # different counts of different things are not one statement
    assert not same_fact(facts("The fire at the Lumen nightclub killed 40 people on Tuesday."),
                         facts("The fire at the Lumen nightclub injured 25 people on Tuesday."),
                         topic)
    ct = ClusterText([split_sentences(t) for t in FIRE])
    assert repeated_pairs([first, second], ct) == [(0, 1)]


def test_the_digest_says_one_event_once_with_every_other_figure() -> None:
    for n in (2, 3, 6):
        lines = [ln for ln in digest_lines(FIRE, n) if "Lumen" in ln]
        assert len(lines) == 1, lines
        line = lines[0]
        assert "; other reports: " in line
        others = line.split("; other reports: ")[1]
        figures_given = {"40": "40", "at least 25": "25", "Twelve": "12"}
        stated = [w for w in figures_given if w in line.split("; other reports: ")[0]]
        assert len(stated) == 1
        assert {w for w in figures_given if w != stated[0]} == {
            w for w in figures_given if w in others}


def test_other_reports_compare_like_with_like() -> None:
    lines = digest_lines(QUAKE, 10)
    toll = next(ln for ln in lines if "killed" in ln)
    assert toll.count("; other reports: ") == 1
    others = toll.split("; other reports: ")[1]
    assert "6.2" not in others and "6.4" not in others  # no magnitude offered as a toll
    assert sum(w in others for w in ("nine", "14", "at least 11")) == 2  # words read too
    magnitude = next(ln for ln in lines if "magnitude" in ln)
    # the other magnitude, and not the hour
    assert magnitude.split("; other reports: ")[1] in ("6.2 [1]", "6.4 [2]")
    assert sum("kilometres south" in ln for ln in lines) == 1  # the place said once


def test_one_toll_in_a_city_and_in_its_country_is_one_fact() -> None:
    within = places_within(BOMB)
    assert within == {"tarvik": frozenset({"norland"})}
    # a list of places is no place within another
    assert places_within(["Talks were held in Paris, London and Rome, officials said.",
                          "Talks were held in Paris, London, and Rome."]) == {}
    city, country, other_town = (split_sentences(BOMB[0])[1], split_sentences(BOMB[1])[0],
                                 split_sentences(BOMB[2])[0])

    def facts_of(text: str) -> Facts:
        names = frozenset(n.lower() for n in names_in(text))
        return Facts(content_stems(text), frozenset(), names, kinds(text),
                     within_of(names, within))

    assert same_fact(facts_of(city), facts_of(country))
    # without the cluster's "Tarvik, Norland" the two places are two, and so are the facts
    assert not same_fact(facts_of(city)._replace(within=None), facts_of(country))
    # another town's toll is another fact
    assert not same_fact(facts_of(city), facts_of(other_town))
    assert not one_toll_in_one_place(facts_of(country), facts_of(other_town))
    # the measure agrees
    ct = ClusterText([split_sentences(t) for t in BOMB])
    assert repeated_pairs([city, country, other_town], ct) == [(0, 1)]
    # the digest says the toll once, with the other report's figure beside it
    for n in (2, 4, 6):
        lines = digest_lines(BOMB, n)
        injured = [ln for ln in lines if "injured" in ln]
        assert len(injured) == 1, lines
        assert injured[0].startswith("The car bomb at the bus station in Tarvik")
        assert injured[0].endswith("; other reports: More than 450 [2]")


def test_a_text_with_no_digit_nor_spelled_number_is_read_for_none():
    from summarize.figures import _FIGURE, _may_state_figure

    for text in ("Rescuers searched the rubble through the night.",
                 "Officials gave no toll on Tuesday.", "Its roof was gone."):
        assert not _may_state_figure(text)
        assert not list(_FIGURE.finditer(text))
    for text in ("At least twenty-five died.", "SEVEN were hurt.", "It cost $4.", "\u017feven",
                 "Forty people", "\u0669 rooms"):  # "ſ" reads as "s"; an Arabic-Indic nine
        assert _may_state_figure(text)
    assert [(f.kind, f.value) for f in figures("Rescuers said TWELVE people were killed.")] \
        == [("dead", "12")]
