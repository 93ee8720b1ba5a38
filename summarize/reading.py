"""Whether a sentence reads alone: what, opening it, points back at the sentence before (a
pronoun, a demonstrative, a connective, "such"), what before it resolves that, and the
connective that can be cut. The word lists are :mod:`summarize.lexicon`'s; the quotation rules
are :mod:`summarize.speech`'s."""

from __future__ import annotations

import re

from .lexicon import (
    CALENDAR,
    CONNECTIVES,
    CUTTABLE_CONNECTIVES,
    DEMONSTRATIVES,
    FIRST_PERSON,
    INTRODUCING,
    PRONOUNS,
    TIME_WORDS,
)
from .speech import ATTRIBUTION_VERBS, bare_speaker, gives_speaker, may_name, needs_speaker
from .text import first_word

#: An "it" that stands for nothing before it ("It is not clear whether …", "It's been years").
EXPLETIVE_IT = re.compile(
    r"^it(?:'s|’s| is| was| remains| seems| appears)\s+(?:not\s+)?(?:yet\s+|immediately\s+)?"
    r"(?:clear|unclear|known|unknown|possible|impossible|likely|unlikely|expected|believed|"
    r"thought|estimated|feared|hoped|reported|understood|true|hard|difficult|easy|important|necessary|time|"
    r"too early|the first|the latest|rare|common)\b|^it (?:seems|appears|takes|took|turns out)\b"
    r"|^it(?:'s|’s| has) been (?:\w+ )?(?:years|months|weeks|days|decades|a while)\b", re.I)
_LEADING_MARKS = re.compile(r"^[\W_]+")
#: The word after the first ("This week"), or a hyphen after it ("Then-President").
_SECOND = re.compile(r"^[\W_]*[A-Za-z]+(?:\s+([A-Za-z]+)|(-))")
_SO_AMOUNT = frozenset(("far", "much", "many", "long", "few", "little"))  #: "So far": no link
_SUCH = re.compile(r"\bsuch\s+(?!as\b)[a-z]", re.I)
#: A label or a page title glued before a colon ("Hiking the PCT: 2016 I set out …"), a year
#: after it allowed.
_GLUED = re.compile(r"^([^:.!?\"“”]{1,80}):\s+(?:\d{4}\s+)?(?=[A-Za-z])")
#: An attribution that introduces what follows a colon ("Davidson wrote on Instagram: …",
#: "the company said in a statement: …").
_INTRODUCING = "|".join([ATTRIBUTION_VERBS, *sorted(INTRODUCING)])
_INTRODUCES = re.compile(rf"\b(?:{_INTRODUCING})\b[^.!?\"“”:]{{0,80}}:(?:\s|$)", re.I)
_ATTRIBUTES = re.compile(rf"\b(?:{_INTRODUCING})\b", re.I)


#: A sentence that leans on a group or a quantity named before it ("Not all of them …", "Both
#: were …", "The others …", "A few hundred more are …"; "such cases" is :data:`_SUCH`'s).
_GROUP = re.compile(
    r"^(?:(?:not\s+)?(?:all|most|many|some|none|few|several|each|either|neither|half|one|two|"
    r"three|four|five|a\s+few|a\s+number|the\s+rest|the\s+majority)\s+of\s+(?:them|those|"
    r"these|whom)\b|(?:the\s+)?others\b|both\b(?![^.;:]{0,60}\band\b)"
    r"|(?:[a-z]+\s+){0,3}more\s+(?:are|were|is|was|have|had|will|would|could|can|may|might)\b)",
    re.I)
#: A person's name: two capitalised words in a row ("Jack Haskel", "Mr. Hall").
_PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z]|\b([A-Z][a-z'’-]+)\s+([A-Z][a-z'’-]+)\b")
_NOT_A_NAME = CALENDAR | frozenset(
    "the a an on in at of for by to from and but as after before when".split())


def names_person(text: str) -> bool:
    """Whether ``text`` names a person the way news does: two capitalised words in a row,
    neither a function or calendar word ("Jack Haskel"), or a title before a name."""
    for m in _PERSON.finditer(text):
        if not m.group(1) or not {m.group(1).lower(), m.group(2).lower()} & _NOT_A_NAME:
            return True
    return False


def leans_on_group(text: str) -> bool:
    """Whether a sentence opens leaning on a group or a quantity named before it
    (:data:`_GROUP`)."""
    return bool(_GROUP.match(_LEADING_MARKS.sub("", text)))


def first_person(text: str) -> bool:
    """Whether a sentence speaks in the first person outside quotation marks: it opens with
    I / we / my / our / me / us (not after a quotation mark), or a page title glued before a
    colon does (:func:`glued_title`)."""
    body = text.lstrip()
    if body[:1] in "\"“‘'`":
        return False
    return first_word(body) in FIRST_PERSON or glued_title(body)


def glued_title(text: str) -> bool:
    """Whether a sentence is a page title or label glued before a colon to a first-person line
    ("Hiking the PCT: 2016 I set out …"): what precedes the colon attributes nothing. Page
    furniture: such a sentence is never taken (:func:`resolves`, :func:`gives_voice`)."""
    m = _GLUED.match(text.lstrip())
    if m is None:
        return False
    return not _ATTRIBUTES.search(m.group(1)) \
        and first_word(text.lstrip()[m.end():]) in FIRST_PERSON


def gives_voice(previous: str, text: str, *, quote: bool = False) -> bool:
    """Whether ``previous``, read right before ``text``, tells whose voice ``text`` is when it
    speaks in the first person outside quotation marks: ``previous`` introduces it
    (:func:`introduces`), or is itself a line of that passage; never for a page title glued
    to it (:func:`glued_title`). True for any other sentence."""
    if quote or not first_person(text):
        return True
    if glued_title(text):
        return False
    return introduces(previous) or (first_person(previous) and not glued_title(previous))


def introduces(previous: str) -> bool:
    """Whether ``previous`` names whose voice the first-person passage after it is: an
    attribution followed by a colon ("Davidson wrote on Instagram: …")."""
    return bool(_INTRODUCES.search(previous))


def connective_cut(text: str, *, cased: bool = True) -> int:
    """How many characters a leading connective takes ("But ", "However, "), when cutting it
    leaves a sentence that starts like one (a capital, a digit or a quotation mark, or any word
    in an article that is lower-cased, ``cased`` False, as some corpora are); else 0."""
    uncased = not cased
    match = re.match(r"^([A-Za-z]+),?\s+(?=[A-Za-z0-9\"“‘])", text)
    if not match or match.group(1).lower() not in CUTTABLE_CONNECTIVES:
        return 0
    rest = text[match.end():]
    return match.end() if uncased or not rest[:1].islower() else 0



def needs_previous(text: str, cased: bool = True) -> bool:
    """Whether a sentence means little without the one before it: it opens with a pronoun (not
    an empty "it": "It was not clear whether …"), a demonstrative (not one pointing at the
    calendar: "This week …") or a connective (not "So far"), points back with "such" or at a
    group or a quantity (:func:`leans_on_group`), or
    quotes someone named only by a pronoun ("…," he said) or not at all, or speaks in the
    first person outside quotation marks (:func:`first_person`)."""
    word = first_word(text)
    if first_person(text):
        return True
    if word in PRONOUNS:
        if word != "it" or not EXPLETIVE_IT.match(_LEADING_MARKS.sub("", text)):
            return True
    elif word in DEMONSTRATIVES or word in CONNECTIVES:
        second = _SECOND.match(text)
        after = (second.group(1) or second.group(2)).lower() if second else ""
        if not (word in DEMONSTRATIVES and after in TIME_WORDS
                or word == "so" and after in _SO_AMOUNT or after == "-"):
            return True
    if _SUCH.search(text) or leans_on_group(text):
        return True
    return needs_speaker(text, cased)



def resolves(previous: str, text: str = "", *, quote: bool = False, cased: bool = True) -> bool:
    """Whether ``previous``, read right before ``text`` (a sentence that needs it), gives
    what it needs: it stands alone itself and names someone (the antecedent), and, for a
    quotation (``quote``: ``text`` goes on with one ``previous`` opened), attributes
    something to someone (the speaker); for a first-person sentence outside quotation marks,
    introduces it as someone's words (:func:`introduces`; never a page title glued to it,
    :func:`glued_title`); for a quotation given to a bare pronoun ("…," he said), names a
    person (:func:`names_person`: the name before it)."""
    if needs_previous(previous, cased) or not may_name(previous, cased):
        return False
    if not quote and first_person(text) and (glued_title(text) or not introduces(previous)):
        return False
    if cased and bare_speaker(text) and not names_person(previous):
        return False
    return gives_speaker(previous, text, quote=quote, cased=cased)
