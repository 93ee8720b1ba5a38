"""How the reader-quality measures read text: words, numbers, names, where a summary sentence
stands in its articles, quotations and their speakers, and the word lists and patterns of
furniture and of sentences that lean on the one before. Every rule is defined in
``eval/README.md``."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cached_property

from ...facts import numbers_in as numbers
from ...facts import overlap as overlap
from ...facts import places_within, topic_words
from ...lexicon import (  # noqa: F401 (read here too)
    ATTRIBUTION,
    DEMONSTRATIVES,
    PARTICIPLES,
    TIME_WORDS,
)
from ...reading import EXPLETIVE_IT  # noqa: F401 (the measures read it here)
from ...segment.furniture import (  # noqa: F401 (the measures read them here)
    ADS,
    AGENCIES,
    CAPTION,
    DATELINE_AGENCY,
    DATELINE_CAPS,
    DATELINE_PLACE,
    TIMESTAMP,
)
from ...text import clean, content_stems, stop_words  # noqa: F401 (the measures read them here)

# The measure's own openers, on purpose narrower than the pipeline's (summarize.lexicon, which
# adds "hers", "theirs" and "nonetheless", "otherwise", "likewise", "similarly"): the measure is
# the yardstick every method is judged by, ours included, so it must not move when the
# selection's reading rules change, or figures measured before and after (eval/results,
# docs/decisions.md) would stop being comparable. tests/evaluation/test_quality.py pins the
# difference. The demonstratives are the same four words: read from the lexicon.
PRONOUNS = frozenset("he she it they his her their its him them".split())
CONNECTIVES = frozenset("but and so also however then still yet meanwhile instead moreover "
                        "furthermore besides nevertheless thus therefore".split())
#: Speakers that do not name anyone.
PRONOUN_SPEAKERS = PRONOUNS | {"i", "we", "you"}
CALENDAR = TIME_WORDS | frozenset("january february march april may june july august "
                                  "september october november december".split())
#: What may stand between a speaker and the verb ("he also said", "Smith had told").
_BETWEEN = frozenset("also later then previously earlier recently once has had have was is "
                     "reportedly further later flatly publicly privately repeatedly".split())
_TITLES = frozenset("mr mrs ms dr gen sen rep gov st president minister chief".split())
_DETERMINERS = frozenset("the a an his her its their our this that".split())

_MARK = re.compile(r"``|''|[“”\"]")
WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*|[^\sA-Za-z0-9]")
_KEY = re.compile(r"[^a-z0-9]+")
_QUOTED = "zzquotedzz"  #: what stands for a quotation when looking for its speaker
MIN_QUOTE_WORDS = 5  #: a quoted span this long, with no attribution verb, is a quotation


def key(text: str) -> str:
    """Letters and digits alone, lower-cased: what survives re-spacing and re-quoting."""
    return _KEY.sub("", clean(text).lower())


class ClusterText:
    """The cluster's articles as the measures read them: sentences, where a summary sentence
    sits among them, and whether the corpus keeps capitals (Multi-News' release does not)."""

    def __init__(self, articles: Sequence[Sequence[str]]) -> None:
        self.articles = [tuple(a) for a in articles]
        self._keys: list[str] = []
        self._starts: list[list[int]] = []  #: where each sentence's key begins in _keys
        self._places: dict[str, list[tuple[int, int, int]]] = {}
        for sentences in self.articles:
            keys = [key(s) for s in sentences]
            self._keys.append("".join(keys))
            self._starts.append([sum(len(k) for k in keys[:i]) for i in range(len(keys))])
        after_word = [m.group(0) for a in self.articles for s in a
                      for m in re.finditer(r"(?<=[a-z,;] )[A-Za-z]+", s)]
        self.cased = sum(w[0].isupper() for w in after_word) >= 0.04 * max(1, len(after_word))
        stop = stop_words()
        self.capitalised = frozenset(
            w.lower() for a in self.articles for s in a for w, initial in _words_at(s)
            if not initial and w[0].isupper() and w.lower() not in stop)

    @cached_property
    def topic(self) -> frozenset[str]:
        """The story's own words (:func:`summarize.facts.topic_words` over every article
        sentence)."""
        return topic_words([content_stems(s) for a in self.articles for s in a])

    @cached_property
    def within(self) -> dict[str, frozenset[str]]:
        """Each place word -> the wider places the articles put it in
        (:func:`summarize.facts.places_within`)."""
        return places_within([" ".join(a) for a in self.articles])

    @cached_property
    def facts(self) -> list[list[tuple[frozenset[str], frozenset[str]]]]:
        """Each article sentence's content stems and numbers."""
        return [[(content_stems(s), numbers(s)) for s in a] for a in self.articles]

    def locate(self, text: str) -> list[tuple[int, int, int]]:
        """Where ``text`` stands in the articles, verbatim up to spacing, case and punctuation:
        (article, first sentence, last sentence), from 0, for every place."""
        k = key(text)
        if k in self._places:
            return self._places[k]
        out: list[tuple[int, int, int]] = []
        self._places[k] = out
        if not k:
            return out
        for d, joined in enumerate(self._keys):
            at = joined.find(k)
            while at >= 0:
                starts = self._starts[d]
                out.append((d, bisect.bisect_right(starts, at) - 1,
                            bisect.bisect_right(starts, at + len(k) - 1) - 1))
                at = joined.find(k, at + 1)
        return out

    def holds(self, article: int, text: str) -> bool:
        return bool(key(text)) and key(text) in self._keys[article]

    def inside_quote(self, text: str) -> bool:
        """Whether a quotation is open where ``text`` begins: in its article, an odd number of
        straight quote marks, or more “ than ”, stand before it, and it holds half a quotation
        (or, holding no quote mark, the sentence before it does). A sentence not found in the
        articles: when it holds an odd number of straight marks and the first one follows
        punctuation ('… i know, " said')."""
        places = self.locate(text)
        if not places:
            first = text.find('"')
            return text.count('"') % 2 == 1 and bool(re.search(r"[,.!?;]\s*$", text[:first]))
        d, first, _ = places[0]
        sentences = self.articles[d]
        before = " ".join(sentences[:first])
        open_before = (before.count('"') % 2 == 1 or before.count("“") + before.count("``")
                       > before.count("”") + before.count("''"))
        marks = bool(_MARK.search(text))
        return open_before and (_half(text) if marks else
                                first > 0 and _half(sentences[first - 1]))

    def names(self, text: str) -> frozenset[str]:
        """Name words: capitalised words that are not stop words or calendar words, a
        sentence-initial one only when the cluster capitalises it elsewhere too. Where the
        corpus is lower-cased, every content stem of three letters or more stands in."""
        if not self.cased:
            return frozenset(s for s in content_stems(text) if len(s) >= 3 and s.isalpha())
        stop = stop_words()
        return frozenset(w.lower() for w, initial in _words_at(text)
                         if w[0].isupper() and len(w) > 1 and w.lower() not in stop
                         and w.lower() not in CALENDAR
                         and (not initial or w.lower() in self.capitalised))

    def names_person(self, text: str) -> bool:
        """Whether ``text`` (cased) names someone the way news names people: two name words
        in a row ("Wang Lei", "Mr. Hall")."""
        found = [(m, w.lower()) for m, w in ((m, m.group(0)) for m in WORD.finditer(text))]
        name = self.names(text)
        return any(a in name | _TITLES and b in name and text[ma.end(): mb.start()].strip(". ")
                   == "" for (ma, a), (mb, b) in zip(found, found[1:], strict=False))

    @property
    def shared_names(self) -> int:
        """How many name words two sentences must share to name the same thing."""
        return 1 if self.cased else 2


def _half(text: str) -> bool:
    """Whether ``text`` holds half a quotation (an odd number of straight marks, or unequal
    opening and closing ones)."""
    return text.count('"') % 2 == 1 or (
        text.count("“") + text.count("``") != text.count("”") + text.count("''"))


def _words_at(text: str) -> list[tuple[str, bool]]:
    """Each word, and whether it stands where a capital says nothing (a sentence's or a
    quotation's first word, after a colon or a dash)."""
    out: list[tuple[str, bool]] = []
    for m in WORD.finditer(text):
        before = text[: m.start()].rstrip()
        initial = not before or before[-1] in ".!?:\"“”`'([—–-_"
        if before.endswith(".") and out and out[-1][0].lower() in _TITLES:  # "Mr. Hall"
            initial = False
        out.append((m.group(0), initial))
    return out


# --- quotations and speakers ----------------------------------------------------------------


def quotes(text: str, inside: bool = False) -> tuple[list[tuple[int, int]], int]:
    """The quoted spans of ``text`` (character ranges), and how many quote marks enclose no
    word. ``inside``: a quotation is already open where the text begins."""
    spans, stray, last = [], 0, 0
    start: int | None = 0 if inside else None
    for m in _MARK.finditer(text):
        opening = m.group(0) in ("``", "“") or m.group(0) == '"' and start is None
        if start is None and opening:
            start = m.end()
            continue
        begin = last if start is None else start  # a closing mark with none open: from the
        spans.append((begin, m.start()))  # last mark (or the start) on
        stray += not WORD.search(text[begin:m.start()])
        start, last = None, m.end()
    if start is not None:
        spans.append((start, len(text)))
        stray += not WORD.search(text[start:])
    return spans, stray


def _masked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    out, at = [], 0
    for a, b in spans:
        out.append(text[at:a] + f" {_QUOTED} ")
        at = b
    return "".join(out) + text[at:]


def speakers(text: str, inside: bool = False) -> list[str]:
    """Each attribution outside quotation marks: ``pronoun`` when the one who speaks is only a
    pronoun ("he said", "said she", "according to him"), else ``named`` ("Smith said", "said
    the official", "police, who said", "according to police")."""
    low = [t.lower() for t in _TOKEN.findall(_masked(text, quotes(text, inside)[0]))]
    # words, possessives among them ("said MGM's Lanni")
    words_at = [i for i, t in enumerate(low) if t[:1].isalnum() and t != _QUOTED]

    def who(i: int | None) -> str:  # "he's said": the pronoun without its contraction
        if i is None:
            return ""
        return "pronoun" if re.split(r"['’]", low[i])[0] in PRONOUN_SPEAKERS else "named"

    out = []
    for i, t in enumerate(low):
        if t == "according" and low[i + 1: i + 2] == ["to"]:
            out.append(who(i + 2 if i + 2 in words_at else None))
        elif t in PARTICIPLES:  # "…, saying": the clause's subject speaks
            out.append(who(words_at[0] if words_at[0] != i else None))
        elif t in ATTRIBUTION:
            j = i - 1
            while j >= 0 and low[j] in _BETWEEN:
                j -= 1
            if j >= 0 and j in words_at:
                out.append(who(j))
                continue
            k = i + 1  # inverted: '…," said Smith'; else the last word before: '…, said.'
            while k < len(low) and low[k] in _DETERMINERS:
                k += 1
            earlier = [w for w in words_at if w < i]
            out.append(who(k if k in words_at else earlier[-1] if earlier else None))
    return [s for s in out if s]


def holds_quotation(spans: Sequence[tuple[int, int]], text: str, least: int = 1) -> bool:
    return any(len(WORD.findall(text[a:b])) >= least for a, b in spans)
