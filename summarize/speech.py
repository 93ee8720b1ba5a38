"""Who says what: whether a sentence quotes someone, attributes, names its speaker; the speaker
a quotation is given to and the words it quotes (read by the selection to tell a quotation of
what a chosen sentence reports its speaker said, and by :mod:`summarize.reading`)."""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import ATTRIBUTION, CALENDAR, PARTICIPLES
from .text import may_hold

_ATTRIBUTION_WORDS = ("according to", *sorted(ATTRIBUTION | PARTICIPLES))
ATTRIBUTION_VERBS = "|".join(_ATTRIBUTION_WORDS)
_ATTRIBUTION = re.compile(rf"\b(?:{ATTRIBUTION_VERBS})\b", re.I)
_PRONOUN_ATTRIBUTION = re.compile(
    rf"(?:[,\"”']|'')\s*(?:he|she|they)\s+(?:{ATTRIBUTION_VERBS})\b"
    rf"|\b(?:{ATTRIBUTION_VERBS})\s+(?:he|she|they)\s*[.!?]?[\"”']*\s*$",
    re.I,
)
_QUOTE_MARK = re.compile(r"[\"“”]|``|''")
#: A quoted passage this long, with no speaker, is a quotation (shorter: a title, a phrase).
MIN_QUOTE_WORDS = 5
QUOTED = re.compile(r"[\"“]([^\"“”]{0,3000})[\"”]|``([^`']{0,3000})''")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\b")
#: A name after an abbreviation's full stop ("the U.S. Embassy", "Mr. Hall"): not a new
#: sentence's first word.
_AFTER_ABBREVIATION = re.compile(
    r"(?<=\b[A-Z]\.\s)[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\b"
    r"|(?<=\b(?:Mr|Ms|Dr|St)\.\s)[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\b"
    r"|(?<=\bMrs\.\s)[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\b")
#: An acronym ("ETA", "FBI"): a name too.
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b(?!\.)")
#: A capitalised word where a capital says nothing: after a full stop or a colon, a quotation
#: mark or a dash.
_CAPITALISED = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?|[A-Z]{2,})\b"
_INITIAL = re.compile(rf"(?<=[.!?:\"“”`'(\[—–-]\s){_CAPITALISED}|(?<=[\"“`'(\[—–-]){_CAPITALISED}")


def is_quotation(text: str) -> bool:
    """Whether the sentence holds a quotation (straight or curly quotes, or DUC's `` '')."""
    return bool(_QUOTE_MARK.search(text))


@lru_cache(maxsize=65536)
def names_in(text: str) -> frozenset[str]:
    """Capitalised words that are not the sentence's first, nor a new sentence's (after a full
    stop, unless it closes an abbreviation: "the U.S. Embassy", "Mr. Hall"), and acronyms
    ("ETA"): the names it holds (roughly)."""
    body = text.lstrip("\"“‘'([ ")
    first = re.match(r"\S+", body)
    skip = first.end() if first else 0
    return frozenset(m.group(0) for pattern in (_NAME, _AFTER_ABBREVIATION, _ACRONYM)
                     for m in pattern.finditer(body, skip))


def initial_words(text: str) -> frozenset[str]:
    """Capitalised words where a capital says nothing (the sentence's first word, a word after
    a full stop, a colon, a quotation mark or a dash) that :func:`names_in` leaves out: names
    only where the articles capitalise them elsewhere."""
    body = text.lstrip("\"“‘'([ ")
    first = re.match(_CAPITALISED, body)
    found = {m.group(0) for m in _INITIAL.finditer(body)} | ({first.group(0)} if first else set())
    return frozenset(found - names_in(text))


def may_name(text: str, cased: bool = True) -> bool:
    """Whether the sentence names someone: it holds a name, or its article is lower-cased
    (``cased`` False, as some corpora are), so that names cannot be told from other words."""
    return bool(names_in(text)) or not cased


def speaks(text: str) -> bool:
    """Whether the sentence is chiefly a quotation: it opens with a quotation (not a quoted
    title of fewer than :data:`MIN_QUOTE_WORDS` words), or half its words are inside quotation
    marks (a quoted phrase in a reported sentence is not)."""
    body = text.lstrip()
    if body[:1] in "\"“‘" or body.startswith("``"):
        opening = QUOTED.match(body)  # a quoted title opening it ("“Modern Family” creator …")
        if not opening or len((opening.group(1) or opening.group(2) or "").split()) \
                >= MIN_QUOTE_WORDS:
            return True
    inside = sum(len((a or b).split()) for a, b in QUOTED.findall(text))
    return inside * 2 >= len(text.split())


def attributes(text: str) -> bool:
    """Whether the sentence gives something to someone ("said", "according to" …)."""
    return may_hold(text, _ATTRIBUTION_WORDS) and bool(_ATTRIBUTION.search(text))


def needs_speaker(text: str, cased: bool = True) -> bool:
    """Whether the sentence quotes someone it does not name: it is chiefly a quotation, or
    holds a quoted passage of :data:`MIN_QUOTE_WORDS` words or more, and has no attribution to
    a named speaker (none at all, or only "he said")."""
    if not is_quotation(text):
        return False
    longest = max((len((a or b).split()) for a, b in QUOTED.findall(text)), default=0)
    if not (speaks(text) or longest >= MIN_QUOTE_WORDS):
        return False
    return not attributes(text) or bool(_PRONOUN_ATTRIBUTION.search(text)) \
        or not may_name(text, cased)



#: A sentence opened by a bare pronoun's attribution that a colon or a comma hands to its
#: quotation ('She added: "…"').
_PRONOUN_OPENS = re.compile(
    rf"^\s*(?:he|she|they)\s+(?:also\s+|later\s+)?(?:{ATTRIBUTION_VERBS})\b[^\"“”`.!?]{{0,60}}"
    r"[:,]\s*(?:[\"“]|``)", re.I)


def bare_speaker(text: str) -> bool:
    """Whether the sentence gives a quotation to a bare pronoun ('"…," he said', 'She added:
    "…"')."""
    return is_quotation(text) and bool(_PRONOUN_ATTRIBUTION.search(text)
                                       or _PRONOUN_OPENS.match(text))


def gives_speaker(previous: str, text: str, *, quote: bool = False, cased: bool = True) -> bool:
    """Whether ``previous`` gives ``text`` the speaker it needs (if it needs one): it
    attributes something to someone."""
    return not (quote or needs_speaker(text, cased)) or attributes(previous)



_VERB = "|".join(sorted(ATTRIBUTION | PARTICIPLES))
#: Capitalised words after a name that are not it: suffixes and the calendar.
_NOT_A_SURNAME = frozenset("jr sr ii iii iv today tonight yesterday".split()) | CALENDAR
_CAPITAL = "A-ZÀ-ÖØ-Þ"
_NAMED = rf"((?:[{_CAPITAL}][\w'’.-]*\s+)*[{_CAPITAL}][\w'’-]+)"
_SPEAKER = re.compile(rf"zzq[\s,]*{_NAMED}\s+(?:{_VERB})\b"  # “…,” Bogdanov told
                      rf"|zzq[\s,]*(?:{_VERB})\s+{_NAMED}"  # “…,” said Matt Galloway
                      rf"|^\s*{_NAMED}\s+(?:{_VERB})[\s,:]*zzq")  # Schultz said: “…”


def speaker_names(text: str) -> frozenset[str]:
    """Who a sentence that is chiefly a quotation is given to, by name: the last word of the
    capitalised name that, with an attribution verb, follows the quotation ("“…,” Bogdanov
    told …", "“…,” said Matt Galloway") or opens the sentence before it ("Schultz said: “…”"),
    lower-cased; none for any other sentence or attribution."""
    if not (is_quotation(text) and speaks(text)):
        return frozenset()
    outside = QUOTED.sub(" zzq ", text)
    found = set()
    for m in _SPEAKER.finditer(outside):
        name = [w.lower().rstrip(".") for w in next(g for g in m.groups() if g).split()]
        while name and name[-1] in _NOT_A_SURNAME:  # "Smith Jr.", "said Thursday"
            name.pop()
        if name:
            found.add(name[-1])
    return frozenset(found)


def quoted_words(text: str) -> str:
    """The words inside a sentence's quotation marks, joined by spaces."""
    return " ".join(a or b for a, b in QUOTED.findall(text))
