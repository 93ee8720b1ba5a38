"""Whether a sentence reads alone: what, opening it, points back at the sentence before (a
pronoun, a demonstrative, a connective, "such"), what before it resolves that, and the
connective that can be cut. The word lists are :mod:`summarize.lexicon`'s; the quotation rules
are :mod:`summarize.speech`'s."""

from __future__ import annotations

import re

from .lexicon import (
    CONNECTIVES,
    CUTTABLE_CONNECTIVES,
    DEMONSTRATIVES,
    PRONOUNS,
    TIME_WORDS,
)
from .speech import gives_speaker, may_name, needs_speaker
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
    calendar: "This week …") or a connective (not "So far"), points back with "such", or
    quotes someone named only by a pronoun ("…," he said) or not at all."""
    word = first_word(text)
    if word in PRONOUNS:
        if word != "it" or not EXPLETIVE_IT.match(_LEADING_MARKS.sub("", text)):
            return True
    elif word in DEMONSTRATIVES or word in CONNECTIVES:
        second = _SECOND.match(text)
        after = (second.group(1) or second.group(2)).lower() if second else ""
        if not (word in DEMONSTRATIVES and after in TIME_WORDS
                or word == "so" and after in _SO_AMOUNT or after == "-"):
            return True
    if _SUCH.search(text):
        return True
    return needs_speaker(text, cased)



def resolves(previous: str, text: str = "", *, quote: bool = False, cased: bool = True) -> bool:
    """Whether ``previous``, read right before ``text`` (a sentence that needs it), gives
    what it needs: it stands alone itself and names someone (the antecedent), and, for a
    quotation (``quote``: ``text`` goes on with one ``previous`` opened), attributes
    something to someone (the speaker)."""
    if needs_previous(previous, cased) or not may_name(previous, cased):
        return False
    return gives_speaker(previous, text, quote=quote, cased=cased)
