"""Facts: the numbers a sentence states, the story's own words, and whether two sentences state
the same fact in other words (read by the selection's redundancy rules, the citations and the
reader-quality measures)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from .figures import TOLLS, conflict, event_words
from .lexicon import CALENDAR
from .text import may_hold

_NUMBER = re.compile(
    r"(?:(?:at least|more than|less than|fewer than|nearly|about|around|almost|over|up to|"
    r"some|roughly|approximately)\s+)?[$€£]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", re.I
)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")

_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split()) if i >= 2}
_NUMBER_WORDS.update({w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)})
_UNITS = {w: i for i, w in enumerate("one two three four five six seven eight nine".split(), 1)}
_SPELLED = re.compile(r"\b(" + "|".join(sorted(set(_NUMBER_WORDS), key=len, reverse=True))
                      + r")(?:[- ](" + "|".join(_UNITS) + r"))?\b", re.I)


def numbers_in(text: str) -> frozenset[str]:
    """The numbers a sentence states: digits (``1,200`` -> ``1200``) and spelled two to
    ninety-nine ("twelve", "forty-two")."""
    found = {m.group(0).replace(",", "") for m in _DIGITS.finditer(text)}
    if not may_hold(text, _NUMBER_WORDS):
        return frozenset(found)
    for m in _SPELLED.finditer(text):
        found.add(str(_NUMBER_WORDS[m.group(1).lower()]
                      + _UNITS.get((m.group(2) or "").lower(), 0)))
    return frozenset(found)


def figures_in(text: str) -> tuple[tuple[str, int], ...]:
    """The figures a sentence states as written, with their qualifier ("at least 25"), and
    where each ends."""
    return tuple((m.group(0), m.end()) for m in _NUMBER.finditer(text))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared items as a share of the smaller set (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


#: Fact words (content words that are not the story's own) two sentences must share to state
#: one fact by their words.
MIN_FACT_WORDS = 3
#: Fact words enough for two sentences close in meaning (``close`` in :func:`same_fact`).
CLOSE_FACT_WORDS = MIN_FACT_WORDS - 1
#: Names two sentences that state the same numbers must share to state the same fact ...
SHARED_NAMES = 2
#: ... and the share of the shorter one's content stems they must share.
SHARED_STEMS = 0.3
#: A content word found in this share of a cluster's sentences (and three of them) is the
#: story's own: it names the story, not a fact of it.
TOPIC_SHARE = 0.2


class Facts(NamedTuple):
    """What :func:`same_fact` reads of a sentence."""

    stems: frozenset[str]  #: its content words, stemmed
    numbers: frozenset[str]  #: the numbers it states (:func:`numbers_in`)
    names: frozenset[str]  #: the names it holds
    #: what its figures count -> their values (:func:`~summarize.figures.kinds`)
    figures: Mapping[str, frozenset[str]] | None = None
    #: each of its names -> the wider places the cluster puts it in (:func:`places_within`)
    within: Mapping[str, frozenset[str]] | None = None


def topic_words(stem_sets: Sequence[frozenset[str]]) -> frozenset[str]:
    """The story's own words among sentences' content stems (see :data:`TOPIC_SHARE`)."""
    counts: dict[str, int] = {}
    for stems in stem_sets:
        for w in stems:
            counts[w] = counts.get(w, 0) + 1
    least = max(3, TOPIC_SHARE * len(stem_sets))
    return frozenset(w for w, n in counts.items() if n >= least)


def same_fact(
    a: Facts,
    b: Facts,
    topic: frozenset[str] = frozenset(),
    share: float = 0.5,
    *,
    close: bool = False,
) -> bool:
    """Whether two sentences state the same fact in other words. Yes when they share at least
    :data:`MIN_FACT_WORDS` fact words (content stems outside ``topic``; :data:`CLOSE_FACT_WORDS`
    are enough for sentences ``close`` in meaning), ``share`` of the shorter one's; or when the
    numbers of one are all in the other, they share :data:`SHARED_NAMES` names and
    :data:`SHARED_STEMS` of their content stems; or when they report one event with other
    figures (:func:`other_figures`)."""
    own_a, own_b = a.stems - topic, b.stems - topic
    least = CLOSE_FACT_WORDS if close else MIN_FACT_WORDS
    if len(own_a & own_b) >= least and overlap(own_a, own_b) >= share:
        return True
    return same_figures(a, b) or other_figures(a, b)


#: The share of the shorter one's words (numbers and the words that say what a figure counts
#: aside) two reports of one event with other figures share.
EVENT_STEMS = 0.6


def other_figures(a: Facts, b: Facts) -> bool:
    """Whether two sentences report one event with other figures: each counts something the
    other counts too, with another value (the same kind: the dead, a magnitude, euros;
    :func:`~summarize.figures.conflict`); numbers and the words that say what a figure counts
    (killed, people, per cent …) aside, they share :data:`MIN_FACT_WORDS` content words and
    :data:`EVENT_STEMS` of the shorter one's; and, where both name something, a name. A figure
    that differs does not make two statements of one fact distinct. Or they give one toll,
    in one place named at two levels (:func:`one_toll_in_one_place`)."""
    if not (a.figures and b.figures and conflict(a.figures, b.figures)):
        return False
    if one_toll_in_one_place(a, b):
        return True
    if a.names and b.names and not a.names & b.names:
        return False
    words_a, words_b = event_words(a.stems), event_words(b.stems)
    return len(words_a & words_b) >= MIN_FACT_WORDS and overlap(words_a, words_b) >= EVENT_STEMS


def same_figures(a: Facts, b: Facts) -> bool:
    """Whether the numbers of one are all in the other (both state some), they share
    :data:`SHARED_NAMES` names and :data:`SHARED_STEMS` of their content stems."""
    return bool(a.numbers and b.numbers
                and (a.numbers <= b.numbers or b.numbers <= a.numbers)
                and len(a.names & b.names) >= SHARED_NAMES
                and overlap(a.stems, b.stems) >= SHARED_STEMS)


#: A place named within a wider one, the way news writes it ("in Nairobi, Kenya,", "at Dar es
#: Salaam, Tanzania."): a preposition of place, the place, a comma, the wider place, and no list
#: going on ("of" is left out: "the president of Venezuela, Hugo Chavez, said").
_WITHIN = re.compile(
    r"\b(?:in|at|from|near|outside)\s+((?:[A-Z][a-z]+\s+(?:(?:es|de|la|el|al|du)\s+)?)*"
    r"[A-Z][a-z]+),\s+((?:[A-Z][a-z]+\s+)*[A-Z][a-z]+)"
    r"(?=\s*[.;:)]|\s*$|,?\s+(?!and\b|or\b)[a-z])")


def places_within(texts: Sequence[str]) -> dict[str, frozenset[str]]:
    """Each place word -> the wider places the texts put it in ("in Nairobi, Kenya," gives
    nairobi -> {kenya}), lower-cased; a pair written both ways is dropped (a list, not a place
    within another), and so is one with a day or a month ("in December, Chavez won")."""
    pairs: set[tuple[str, str]] = set()
    for text in texts:
        for m in _WITHIN.finditer(text):
            narrow = [w.lower() for w in re.findall(r"[A-Z][a-z]+", m.group(1))]
            wide = [w.lower() for w in m.group(2).split()]
            if CALENDAR & {*narrow, *wide}:  # "in December, Chavez won …"
                continue
            pairs.update((n, w) for n in narrow for w in wide if n != w)
    out: dict[str, set[str]] = {}
    for n, w in pairs:
        if (w, n) not in pairs:
            out.setdefault(n, set()).add(w)
    return {n: frozenset(w) for n, w in out.items()}


def within_of(names: frozenset[str], within: Mapping[str, frozenset[str]],
              ) -> dict[str, frozenset[str]]:
    """The part of ``within`` (:func:`places_within`) that ``names`` hold: :attr:`Facts.within`."""
    return {n: within[n] for n in names if n in within}


def _inside(one: Facts, other: Facts) -> bool:
    """Every name of ``one`` is a name of ``other`` or lies within one of its names, and one
    does."""
    wider = one.within or {}
    extra = one.names - other.names
    return bool(extra) and all(wider.get(n, frozenset()) & other.names for n in extra)


def one_toll_in_one_place(a: Facts, b: Facts) -> bool:
    """Whether two sentences give one toll (the dead, the injured, the missing) other values,
    in one place named at two levels: every name of one is a name of the other or lies within
    one of its names, and one of them does (a city and its country: "… in Nairobi killed 253
    people and injured some 5,000 more" and "More than 5,400 people were injured in Kenya …",
    the cluster writing "Nairobi, Kenya"). The place is what tells two tolls of one story
    apart (the Nairobi and the Dar es Salaam bombings), and these two are one place: their
    other words need not meet. Sentences that name the same places are left to
    :func:`other_figures`' words."""
    if not (a.figures and b.figures and conflict(a.figures, b.figures) & TOLLS):
        return False
    return _inside(a, b) or _inside(b, a)
