"""Words: the one reader of each (tokens, stop words, stems, concepts, printable lines).

* :func:`words`: lower-cased word tokens (letters, digits, inner apostrophes);
* :func:`stop_words`: sumy's English stop-word list, read once from its package data;
* :func:`stem`: the Porter stemmer (snowballstemmer's, without importing NLTK);
* :func:`concepts`: a sentence's stemmed word bigrams, pairs of two stop words excepted (the
  concepts of Gillick & Favre 2009);
* :func:`clean`, :func:`one_line`, :func:`valid_unicode`: text made safe to split or print;
* :func:`guess_title`: an article's title from its first line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from .lexicon import (  # noqa: F401 (read here and from here)
    ATTRIBUTION,
    CONNECTIVES,
    CUTTABLE_CONNECTIVES,
    DEMONSTRATIVES,
    PARTICIPLES,
    PRONOUNS,
    TIME_WORDS,
)

Concept = tuple[str, str]

_WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_SPACE = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BOILERPLATE_TITLE = re.compile(r"^(discuss as:?|advertisement|share( this)?:?)$", re.I)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, inner apostrophes)."""
    return [w.lower() for w in _WORD.findall(text)]


def raw_words(text: str) -> list[str]:
    """Word tokens as written (letters, digits, inner apostrophes)."""
    return _WORD.findall(text)


@cache
def stop_words() -> frozenset[str]:
    """sumy's English stop words, read from its package data (importing ``sumy.utils`` would
    load requests and pycountry)."""
    from importlib.resources import files

    text = files("sumy").joinpath("data/stopwords/english.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip())


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


@cache
def stem(word: str) -> str:
    """The Porter stem of a lower-cased word."""
    return _stemmer().stemWord(word)  # type: ignore[no-any-return]


def concepts(text: str) -> frozenset[Concept]:
    """Stemmed word bigrams of a sentence, except those made of two stop words."""
    stop = stop_words()
    tokens = words(text)
    return frozenset(
        (stem(a), stem(b))
        for a, b in zip(tokens, tokens[1:], strict=False)
        if not (a in stop and b in stop)
    )


def clean(text: str) -> str:
    """Normalise Unicode (NFC), drop control characters, collapse white space."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch)[0] != "C")
    return _SPACE.sub(" ", text).strip()


def one_line(text: str) -> str:
    """Text safe to print as (part of) one line: control and format characters dropped (ANSI
    escapes, bidirectional overrides), runs of white space (line breaks included) made one
    space, and lone surrogates (undecodable file names, ``\\udXXX`` escapes in JSON) replaced by
    U+FFFD, so that the result always encodes as UTF-8."""
    text = valid_unicode(text)
    text = "".join(
        " " if ch.isspace() else ch for ch in text if ch.isspace() or not _is_control(ch)
    )
    return _SPACE.sub(" ", text).strip()


def valid_unicode(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (so that it encodes as UTF-8)."""
    return _SURROGATE.sub("\ufffd", text)


def _is_control(ch: str) -> bool:
    # the zero-width (non-)joiners are format characters that spell words and emoji
    return unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200c\u200d"


def guess_title(text: str, path: str | None = None, max_words: int = 14) -> str:
    """The first line that is not boilerplate, as one clean line (:func:`one_line`) shortened to
    ``max_words``; else the file name."""
    for line in text.splitlines():
        line = one_line(line).lstrip("#").strip()
        if not line or _BOILERPLATE_TITLE.match(line):
            continue
        tokens = line.split()
        if len(tokens) > max_words:
            return " ".join(tokens[:max_words]) + " …"
        return line
    return one_line(Path(path).stem) if path else "untitled"


# --- reading a sentence alone --------------------------------------------------------------

ATTRIBUTION_VERBS = "|".join(["according to", *sorted(ATTRIBUTION | PARTICIPLES)])
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
_LEADING = re.compile(r"^[\W_]*([A-Za-z]+)\b")  # after quotes, brackets, "_ ", "-- "
_AFTER_WORD = re.compile(r"(?<=[a-z,;] )[A-Za-z]+")
_NUMBER = re.compile(
    r"(?:(?:at least|more than|less than|fewer than|nearly|about|around|almost|over|up to|"
    r"some|roughly|approximately)\s+)?[$€£]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", re.I
)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\b")


def first_word(text: str) -> str:
    """The sentence's first word, lower-cased, without opening quotes or brackets ("it" of
    "It's")."""
    match = _LEADING.match(text)
    return match.group(1).lower() if match else ""


def is_cased(texts: Sequence[str]) -> bool:
    """Whether text keeps capitals (some corpora are lower-cased): at least 4% of the words
    that follow a lower-case word or a comma start with one."""
    after = [m.group(0) for t in texts for m in _AFTER_WORD.finditer(t)]
    return sum(w[0].isupper() for w in after) >= 0.04 * max(1, len(after))


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


def is_quotation(text: str) -> bool:
    """Whether the sentence holds a quotation (straight or curly quotes, or DUC's `` '')."""
    return bool(_QUOTE_MARK.search(text))


def names_in(text: str) -> frozenset[str]:
    """Capitalised words that are not the sentence's first: the names it holds (roughly)."""
    body = text.lstrip("\"“‘'([ ")
    first = re.match(r"\S+", body)
    skip = first.end() if first else 0
    return frozenset(m.group(0) for m in _NAME.finditer(body, skip))


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
    return bool(_ATTRIBUTION.search(text))


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


def resolves(previous: str, text: str = "", *, quote: bool = False, cased: bool = True) -> bool:
    """Whether ``previous``, read right before ``text`` (a sentence that needs it), gives
    what it needs: it stands alone itself and names someone (the antecedent), and, for a
    quotation (``quote``: ``text`` goes on with one ``previous`` opened), attributes
    something to someone (the speaker)."""
    if needs_previous(previous, cased) or not may_name(previous, cased):
        return False
    return gives_speaker(previous, text, quote=quote, cased=cased)


def gives_speaker(previous: str, text: str, *, quote: bool = False, cased: bool = True) -> bool:
    """Whether ``previous`` gives ``text`` the speaker it needs (if it needs one): it
    attributes something to someone."""
    return not (quote or needs_speaker(text, cased)) or attributes(previous)


def content_stems(text: str) -> frozenset[str]:
    """Porter stems of the words that are not stop words and longer than one character."""
    stop = stop_words()
    return frozenset(stem(w) for w in words(text) if w not in stop and len(w) > 1)


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
#: A content word found in this share of a cluster's sentences (and three of them) is the
#: story's own: it names the story, not a fact of it.
TOPIC_SHARE = 0.2


def topic_words(stem_sets: Sequence[frozenset[str]]) -> frozenset[str]:
    """The story's own words among sentences' content stems (see :data:`TOPIC_SHARE`)."""
    counts: dict[str, int] = {}
    for stems in stem_sets:
        for w in stems:
            counts[w] = counts.get(w, 0) + 1
    least = max(3, TOPIC_SHARE * len(stem_sets))
    return frozenset(w for w, n in counts.items() if n >= least)


def same_fact(
    a: tuple[frozenset[str], frozenset[str], frozenset[str]],
    b: tuple[frozenset[str], frozenset[str], frozenset[str]],
    topic: frozenset[str] = frozenset(),
    share: float = 0.5,
    *,
    close: bool = False,
) -> bool:
    """Whether two sentences state the same fact in other words. Each is (content stems,
    numbers, names). Yes when they share at least :data:`MIN_FACT_WORDS` fact words (content
    stems outside ``topic``; two are enough for sentences ``close`` in meaning), ``share`` of
    the shorter one's; or when the numbers of one are all in the other, they share two names
    and 0.3 of their content stems."""
    (stems_a, nums_a, names_a), (stems_b, nums_b, names_b) = a, b
    own_a, own_b = stems_a - topic, stems_b - topic
    least = MIN_FACT_WORDS - 1 if close else MIN_FACT_WORDS
    if len(own_a & own_b) >= least and overlap(own_a, own_b) >= share:
        return True
    return bool(nums_a and nums_b and (nums_a <= nums_b or nums_b <= nums_a)
                and len(names_a & names_b) >= 2 and overlap(stems_a, stems_b) >= 0.3)
