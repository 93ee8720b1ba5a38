"""Reader-quality measures of a summary: what an editor would send back, counted by rule.

Pure functions over a summary (its sentences in display order and, for methods that cite, each
sentence's article numbers from 1) and its cluster (:class:`ClusterText`: each article's
sentences). :func:`assess` gives one summary's counts; the rules are defined, one paragraph
each, in ``eval/README.md`` ("Reader-quality measures"):

* **unresolved references**: sentences that lean on what came before them (a pronoun, a
  demonstrative or a connective opens them, "such" + noun, a quotation given to a bare "he
  said") when the summary line before does not give it;
* **speakerless quotes**: quotations with no attribution in the sentence or the line before;
* **furniture**: datelines, captions and credits, ads and polls, "updated … by" stamps, quote
  marks that enclose nothing, DUC's `` '';
* **unnamed first person**: sentences that speak in the first person outside quotation marks
  (I / we / my / our / me / us opens them, or follows a page title glued before a colon) when
  the line before does not say whose voice it is;
* **repeated-fact pairs**: two sentences of one summary stating the same fact;
* **unsupported citations**: (sentence, cited article) pairs where no sentence of that article
  reports the sentence's content with the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ...facts import Facts, same_fact, within_of
from ...figures import kinds
from ...lexicon import INTRODUCING
from ...segment import split_sentences
from ...segment.furniture import furniture_kinds
from ...text import stem, stop_words
from .reading import (
    CONNECTIVES,
    DATELINE_AGENCY,
    DATELINE_CAPS,
    DATELINE_PLACE,
    DEMONSTRATIVES,
    EXPLETIVE_IT,
    MIN_QUOTE_WORDS,
    PRONOUNS,
    TIME_WORDS,
    WORD,
    ClusterText,
    content_stems,
    holds_quotation,
    key,
    numbers,
    quotes,
    speakers,
)

__all__ = ["ClusterText", "Quality", "assess", "content_stems", "furniture", "numbers",
           "overlap", "repeated_pairs", "speakerless", "supports", "unnamed_voice", "unresolved",
           "unsupported"]

#: Words that, opening a sentence outside quotation marks, speak in the first person.
FIRST_PERSON = frozenset("i we my our me us".split())
_LABEL = re.compile(r"^([^:.!?\"“”]{1,80}):\s+(?:\d{4}\s+)?(?=[A-Za-z])")


def furniture(text: str, *, cased: bool = True, inside: bool = False) -> list[str]:
    """The kinds of page furniture ``text`` holds (none: ``[]``)."""
    kinds = furniture_kinds(text, cased=cased)
    if quotes(text, inside)[1]:
        kinds.append("stray quote")
    if "``" in text or "''" in text:
        kinds.append("backticks")
    return kinds


def _body(text: str, cased: bool) -> str:
    """The sentence after any dateline and opening marks."""
    for pattern in (DATELINE_AGENCY, DATELINE_CAPS, DATELINE_PLACE):
        if pattern is DATELINE_PLACE and cased:
            continue
        m = pattern.match(text) if pattern is not DATELINE_AGENCY else pattern.search(text[:80])
        if m:
            text = text[m.end():]
    return re.sub(r"^[\W_]+", "", text)


def triggers(text: str, cased: bool = True, inside: bool = False) -> list[tuple[str, str]]:
    """What makes a sentence lean on the one before: (kind, the noun it points at, or "")."""
    body = _body(text, cased)
    tokens = [t.lower() for t in WORD.findall(body)]
    whole, second = (tokens + ["", ""])[:2]
    first = re.split(r"['’]", whole)[0]  # "it's", "they're"
    found = []
    hyphen = body[len(whole): len(whole) + 1] == "-"  # "Then-President"
    if first in PRONOUNS and not (first == "it" and EXPLETIVE_IT.match(body)):
        found.append(("pronoun", ""))
    elif first in DEMONSTRATIVES and second not in TIME_WORDS:
        noun = second if second.isalpha() and second not in stop_words() else ""
        found.append(("demonstrative", noun))
    elif first in CONNECTIVES and not hyphen and not (
            first == "so" and second in ("far", "much", "many", "long", "few", "little")):
        found.append(("connective", ""))
    m = re.search(r"\bsuch\s+(?:an?\s+)?([a-z]+)", body, re.I)
    if m and m.group(1).lower() not in ("as", "that"):
        found.append(("such", m.group(1).lower()))
    said = speakers(text, inside)
    if holds_quotation(quotes(text, inside)[0], text) and said and "named" not in said:
        found.append(("bare said", ""))
    return found


def voice(text: str, cased: bool = True, inside: bool = False) -> str:
    """How ``text`` speaks in the first person outside quotation marks: ``"opens"`` (its
    first word, after any dateline), ``"title"`` (after a label glued before a colon that
    attributes nothing: "Hiking the PCT: 2016 I set out …"), or ``""`` (it does not)."""
    if inside or text.lstrip(" _–—-")[:1] in "\"“‘'`":
        return ""
    body = _body(text, cased)
    first = (WORD.findall(body) or [""])[0].lower()
    if re.split(r"['’]", first)[0] in FIRST_PERSON:
        return "opens"
    m = _LABEL.match(body)
    if m and not speakers(m.group(1)) and not INTRODUCING & {w.lower() for w in
                                                             WORD.findall(m.group(1))}:
        after = (WORD.findall(body[m.end():]) or [""])[0].lower()
        if re.split(r"['’]", after)[0] in FIRST_PERSON:
            return "title"
    return ""


#: A line that introduces what follows: it ends with a colon, or a colon opens its quotation
#: ('She added: "…"').
_INTRODUCES = re.compile(r":\s*(?:$|``|[\"“])")


def unnamed_voice(summary: Sequence[str], ct: ClusterText,
                  refs: Sequence[Sequence[str]] | None = None) -> list[bool]:
    """For each sentence X: it speaks in the first person outside quotation marks
    (:func:`voice`) and the line before, P, does not say whose voice it is: X does not follow
    P in its article, or P neither attributes to a named speaker, nor introduces X (ends with
    a colon, or a colon opens its quotation: 'She added: "…"') with whatever it leans on
    resolved (a bare-pronoun speaker with a person named before it: :func:`unresolved`), nor
    is itself a first-person line whose voice is named. A glued page title is never named.
    ``refs``: :func:`unresolved` of the summary, when it is made already."""
    places = [ct.locate(s) for s in summary]
    refs = unresolved(summary, ct) if refs is None else refs
    out: list[bool] = []
    for i, text in enumerate(summary):
        kind = voice(text, ct.cased, ct.inside_quote(text))
        if not kind:
            out.append(False)
            continue
        prev = summary[i - 1] if i else ""
        named = _follows(places, i) and ("named" in speakers(prev, ct.inside_quote(prev))
                              or bool(_INTRODUCES.search(prev.rstrip())) and not refs[i - 1]
                              or bool(voice(prev, ct.cased, ct.inside_quote(prev)))
                              and not out[i - 1])
        out.append(kind == "title" or not named)
    return out


@dataclass(frozen=True)
class Quality:
    """One summary's counts (rates are made over many summaries, in :mod:`..report`)."""

    sentences: int
    unresolved: int  #: sentences with a reference the line before does not resolve
    unresolved_kinds: dict[str, int]
    speakerless: int  #: sentences holding a quotation that nobody is said to say
    furniture: int  #: sentences holding page furniture
    furniture_kinds: dict[str, int]
    repeated_pairs: int  #: pairs of sentences stating the same fact
    #: sentences in the first person outside quotation marks, whose voice is not named
    first_person: int
    citations: int | None  #: (sentence, cited article) pairs; None: the method does not cite
    unsupported: int | None  #: of those, the pairs the cited article does not support

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _follows(places: Sequence[Sequence[tuple[int, int, int]]], i: int) -> bool:
    """Whether summary sentence ``i`` comes right after sentence ``i - 1`` in an article
    (``places``: each sentence's (article, first, last) spans, :meth:`ClusterText.locate`)."""
    return bool(i) and any(d == d2 and last == first - 1 for d, first, _ in places[i]
                           for d2, _, last in places[i - 1])


def unresolved(summary: Sequence[str], ct: ClusterText) -> list[list[str]]:
    """For each sentence, the kinds of its references the line before leaves unresolved."""
    places = [ct.locate(s) for s in summary]
    out: list[list[str]] = []
    for i, text in enumerate(summary):
        prev = summary[i - 1] if i else ""
        adjacent = _follows(places, i)
        leaned_on = [ct.articles[d][first - 1] for d, first, _ in places[i] if first > 0]
        wanted = ct.names(text).union(*(ct.names(a) for a in leaned_on))
        named = len(ct.names(prev) & wanted) >= ct.shared_names
        left = []
        for kind, noun in triggers(text, ct.cased, ct.inside_quote(text)):
            if adjacent:
                continue
            if kind == "pronoun" and named or kind == "bare said" and (
                    (ct.names_person(prev) if ct.cased else named)
                    or "named" in speakers(prev, ct.inside_quote(prev))):
                continue
            if kind in ("demonstrative", "such") and noun and stem(noun) in content_stems(prev):
                continue
            left.append(kind)
        out.append(left)
    return out


def speakerless(summary: Sequence[str], ct: ClusterText) -> list[bool]:
    """For each sentence: it holds a quotation (a quoted span of ``MIN_QUOTE_WORDS`` words, or
    the rest of a quotation open before it) and neither it nor the line before attributes
    anything to anyone."""
    out = []
    for i, text in enumerate(summary):
        inside = ct.inside_quote(text)
        spans, _ = quotes(text, inside)
        quoted = holds_quotation(spans, text, MIN_QUOTE_WORDS) or (
            inside and holds_quotation(spans[:1], text))
        prev = summary[i - 1] if i else ""
        out.append(quoted and not speakers(text, inside)
                   and not (i and speakers(prev, ct.inside_quote(prev))))
    return out


def repeated_pairs(summary: Sequence[str], ct: ClusterText) -> list[tuple[int, int]]:
    """Pairs (i, j) of sentences stating the same fact: the same letters and digits, or the
    same fact in other words by :func:`summarize.facts.same_fact` (fact words outside the
    story's own, :attr:`ClusterText.topic`; numbers with two names; one toll in a place and
    the place it lies within, :attr:`ClusterText.within`)."""
    facts = []
    for s in summary:
        names = ct.names(s) if ct.cased else frozenset()
        facts.append((key(s), Facts(content_stems(s), numbers(s), names, kinds(s),
                                    within_of(names, ct.within))))
    pairs = []
    for i, (key_a, fact_a) in enumerate(facts):
        for j in range(i + 1, len(facts)):
            key_b, fact_b = facts[j]
            if key_a and key_a == key_b or same_fact(fact_a, fact_b, ct.topic):
                pairs.append((i, j))
    return pairs


def supports(ct: ClusterText, article: int, text: str) -> bool:
    """Whether article ``article`` (from 1) reports ``text``: it holds it verbatim, or one of
    its sentences (a passage of as many sentences as ``text`` holds, for a quotation read
    whole) shares half the text's content stems and states every number it states."""
    d = article - 1
    if not 0 <= d < len(ct.articles):
        return False
    if ct.holds(d, text):
        return True
    stems, nums = content_stems(text), numbers(text)
    if not stems:
        return False
    facts = ct.facts[d]
    span = max(1, len(split_sentences(text)))
    for i in range(max(1, len(facts) - span + 1)):
        window = facts[i:i + span]
        held = frozenset().union(*(f[0] for f in window))
        stated = frozenset().union(*(f[1] for f in window))
        if len(stems & held) >= 0.5 * len(stems) and nums <= stated:
            return True
    return False


def unsupported(summary: Sequence[str], citations: Sequence[Sequence[int]],
                ct: ClusterText) -> list[tuple[int, int]]:
    """(sentence index, article number) of every citation its article does not support."""
    return [(i, c) for i, (text, cited) in enumerate(zip(summary, citations, strict=True))
            for c in cited if not supports(ct, c, text)]


def assess(summary: Sequence[str], ct: ClusterText,
           citations: Sequence[Sequence[int]] | None = None) -> Quality:
    """Every measure of one summary."""
    refs = unresolved(summary, ct)
    stuff = [furniture(s, cased=ct.cased, inside=ct.inside_quote(s)) for s in summary]
    missing = unsupported(summary, citations, ct) if citations is not None else None
    return Quality(
        sentences=len(summary),
        unresolved=sum(1 for r in refs if r),
        unresolved_kinds=_count(k for r in refs for k in r),
        speakerless=sum(speakerless(summary, ct)),
        furniture=sum(1 for f in stuff if f),
        furniture_kinds=_count(k for f in stuff for k in f),
        repeated_pairs=len(repeated_pairs(summary, ct)),
        first_person=sum(unnamed_voice(summary, ct, refs)),
        citations=None if citations is None else sum(len(c) for c in citations),
        unsupported=None if missing is None else len(missing),
    )


def _count(kinds: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for k in kinds:
        out[k] = out.get(k, 0) + 1
    return dict(sorted(out.items()))
