"""Figures and what they count: "killed 40 people" is a toll of 40, "a magnitude 6.2 quake" a
magnitude, "about 30 kilometres south" a distance; "4:12 a.m.", "May 3", "2016" and "a
45-year-old" are no counts. Two reports' figures are compared only when they count the same
thing (read by the citations' other reports and by :func:`~summarize.facts.same_fact`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from .lexicon import ATTRIBUTION, MONTH
from .text import may_hold, stem, stop_words

_SPELLED = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty "
            "seventy eighty ninety").split()
_ONES = "one two three four five six seven eight nine".split()
_VALUE = {w: n for n, w in enumerate(_SPELLED[:18], start=2)}
_VALUE.update({w: 10 * n for n, w in enumerate(_SPELLED[18:], start=2)})
_QUALIFIER = (r"(?:(?:at least|more than|less than|fewer than|nearly|about|around|almost|over|"
              r"up to|some|roughly|approximately)\s+)?")
_FIGURE = re.compile(
    _QUALIFIER + r"(?:[$€£]\s?)?(?:(?<![\d.,:])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d:])"
    r"|\b(?:" + "|".join(sorted(_VALUE, key=len, reverse=True)) + r")(?:-(?:one|two|three|four"
    r"|five|six|seven|eight|nine))?\b)", re.I)
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[a-z]+", re.I)
_MONTH = re.compile(rf"\b{MONTH}\.?\s*$", re.I)
#: What follows a time of day, an age or a date: such a number counts nothing.
_NOT_A_COUNT = re.compile(r"^(?::\d\d|\s*(?:a\.?m\b|p\.?m\b|o'clock)|-?\s*years?[- ]old\b"
                          rf"|\s+{MONTH}\b"
                          r"|(?:st|nd|rd|th)\b)", re.I)
#: Words that say a count of people is of the dead, the injured or the missing.
_TOLLS = {"dead": "dead", "killed": "dead", "killing": "dead", "kills": "dead", "died": "dead",
          "deaths": "dead", "death": "dead", "toll": "dead", "bodies": "dead", "lives": "dead",
          "fatalities": "dead", "injured": "injured", "wounded": "injured", "hurt": "injured",
          "injuring": "injured", "injuries": "injured", "missing": "missing"}
#: The kinds of figure that are a toll of people.
TOLLS = frozenset(_TOLLS.values())
_PEOPLE = frozenset("people persons person others victims residents".split())
_SKIP = frozenset("more other additional million billion thousand hundred new were was are "
                  "is have had been being".split())
_UNITS = {"%": "percent", "percent": "percent", "per": "percent", "km": "kilometr",
          "euro": "money", "euros": "money", "dollars": "money", "pounds": "money"}


#: The stems of the words that say what a figure counts ("killed", "people", "per cent"): two
#: reports of different events share them.
_COUNT_STEMS = frozenset(stem(w) for w in [*_TOLLS, *_PEOPLE, *_UNITS, "percent", "cent",
                                            "magnitude", "least", "nearly", "about", "some"])


def event_words(stems: frozenset[str]) -> frozenset[str]:
    """Content stems with numbers and the words that say what a figure counts left out."""
    return frozenset(w for w in stems if not w[:1].isdigit() and w not in _COUNT_STEMS)


class Figure(NamedTuple):
    """A figure a sentence states: what it counts, its value, and how it is written."""

    kind: str  #: "dead", "injured", "magnitude", "percent", "money", or the stem of its noun
    value: str  #: the number, normalised ("1200", "6.2", "25" for "at least 25")
    written: str  #: as the sentence writes it ("at least 25", "nine")


def _value(number: str) -> str:
    word = number.lower().split("-")
    if word[0] in _VALUE:
        ones = _ONES.index(word[1]) + 1 if len(word) > 1 else 0
        return str(_VALUE[word[0]] + ones)
    return re.sub(r"[^\d.]", "", number).rstrip(".")


def _kind(text: str, start: int, end: int) -> str:
    """What the figure at ``text[start:end]`` counts ("" when it counts nothing)."""
    before, after = text[max(0, start - 24):start], text[end:end + 40]
    if re.search(r"magnitude[- ]?$", before, re.I) or re.match(r"-?\s*magnitude", after, re.I):
        return "magnitude"
    if re.search(r"[$€£]", text[start:end]):
        return "money"
    if after[:1] == "%":
        return "percent"
    nouns = [w.lower() for w in _WORD.findall(after)][:4]
    noun = next((w for w in nouns if w not in _SKIP and (w in _UNITS or w not in stop_words())),
                "")
    if noun in ATTRIBUTION:  # "Smith, 45, said"
        noun = ""
    if noun in _UNITS:
        return _UNITS[noun]
    if noun in _TOLLS:
        return _TOLLS[noun]
    if noun in _PEOPLE or not noun:
        near = [w.lower() for w in _WORD.findall(before[-16:] + " " + after)][:7]
        toll = next((_TOLLS[w] for w in near if w in _TOLLS), "")
        return toll or (noun and "people")
    return stem(noun)


def _may_state_figure(text: str) -> bool:
    """Whether ``text`` holds a digit or a spelled number that :data:`_FIGURE` reads (case
    ignored): a text with neither states no figure."""
    return bool(_DIGIT.search(text)) or may_hold(text, _VALUE)


@lru_cache(maxsize=65536)
def figures(text: str) -> tuple[Figure, ...]:
    """The figures ``text`` states that count or measure something, in order; times of day,
    dates, years and ages left out."""
    if not _may_state_figure(text):
        return ()
    out = []
    for m in _FIGURE.finditer(text):
        number = re.sub(r"^" + _QUALIFIER, "", m.group(0), flags=re.I).lstrip("$€£ ")
        value = _value(number)
        if not value or re.fullmatch(r"(?:1[89]|20)\d\d", value):
            continue
        if _NOT_A_COUNT.match(text[m.end():]) or _MONTH.search(text[:m.start()][-12:]) \
                or re.search(r"\d:\s*$|\baged?\s*$", text[:m.start()]) \
                or re.search(r"[A-Z][a-z]+,\s*$", text[:m.start()]) and text[m.end():][:1] == ",":
            continue
        kind = _kind(text, m.start(), m.end())
        if kind:
            out.append(Figure(kind, value, m.group(0)))
    return tuple(out)


def kinds(text: str) -> dict[str, frozenset[str]]:
    """Each kind of figure ``text`` states -> the values it gives for it."""
    out: dict[str, set[str]] = {}
    for f in figures(text):
        out.setdefault(f.kind, set()).add(f.value)
    return {k: frozenset(v) for k, v in out.items()}


def conflict(a: Mapping[str, frozenset[str]], b: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The kinds two sentences both count, with other values (:func:`kinds` of each)."""
    return frozenset(k for k in a.keys() & b.keys() if a[k] != b[k])
