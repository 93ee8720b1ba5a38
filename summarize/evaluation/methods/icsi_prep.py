"""What the released ICSI summarizer (Gillick et al., TAC 2009, the system without compression)
does to the articles before its ILP, step by step, as pure functions over sentences:

1. :func:`strip_wire` -- wire cleanup: a dateline (``PINE RIDGE, S.D. (AP) --``,
   ``BEIJING, March 3 (Xinhua) --``, then up to two leading groups of capitals closed by ``--``
   or ``_``: ``WASHINGTON _``, ``SAN MATEO, Calif. _``) is cut from the start of a sentence, and
   `` _ ``, `` -- ``, `` - `` become ``, ``; a lone ``_`` is no word.
2. :func:`rejects` -- sentence filters: a document's first sentence that is a byline
   (``By [A-Z]``), opens with ``(``, holds ``c.<digit>`` or is wholly quoted; all-caps sentences;
   sentences with capitals over 20% of their characters; sentences under 20 words without a
   final period; editors' notes (``eds:``); phone numbers; sentences whose first two characters
   are lower case; sentences wholly in quotes or brackets. :func:`prepare` also drops repeated
   sentences and those under ``min_words`` words.
3. :func:`clean_sentence` -- sentence cleaner: removes "on / last / this / next <weekday>
   (morning, afternoon, evening, night)", a final ", … said / reported" clause, and a leading
   "However, / Still, / So, / And / But"; a document's first sentence also loses a final
   clause with "said / told / announced / according to".
4. The extra weight of concepts in a document's first sentence is the ILP's
   (:mod:`.icsi`, ``first_weight``).
5. :func:`tokens` -- ICSI's tokens: lower-cased, possessive 's dropped, "1,200" -> "1200",
   then every character but ``[a-z0-9-]`` a space ("U.S." -> "u s"); :func:`concepts`, their
   Porter-stemmed bigrams (two stop words excepted).

The dateline expression is the released code's; the other rules are written from a
description of it, not copied, so their edges may differ. Where this departs from the released
code: it reads the harness's sentences (punkt within lines) rather than ICSI's own splitter, so
the dateline rules are tried at the start of every sentence, not of every paragraph; quotation
marks include DUC's `` and '' and curly quotes; the stop words are the project's (sumy's
English list), not ICSI's file; the filters that read capitals (all-caps, 20% capitals,
lower-case start, the byline) are skipped in a lower-cased corpus (the Multi-News release),
where they would drop every sentence or none; the "first sentence" is the article's first
sentence that passes the filters (its lead, after a byline or a headline line is dropped). The
"said" clause rules take a clause of one to six words before the verb and at most two after it
("…, officials said Tuesday."), with no comma or quotation mark inside.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...text import is_cased, stem, stop_words

_DATELINE = re.compile(r"^(?:.{0,35} )?\(\w{2,10}?\) ?(?:--?|_) ?")
_CAPS_WORD = r"[A-Z][A-Z.'&]+"
_CAPS_LEAD = re.compile(
    rf"^(?:{_CAPS_WORD}(?: {_CAPS_WORD})*(?:, [A-Z][\w.]*(?: \d+)?)? (?:--?|_) ?){{1,2}}")
_DASHES = re.compile(r" (?:_|--|-) ")
_LONE_UNDERSCORE = re.compile(r"(?:^| )_+(?= |$)")
_SPACES = re.compile(r"\s+")

_OPEN = "\"“`‘'("
_CLOSE = "\"”'’)"
_BYLINE = re.compile(r"^By [A-Z]")
_COPYRIGHT = re.compile(r"c\.\d")
_PHONE = re.compile(r"\(?\d{3}\)?[ -]\d{3}-\d{4}")
_EDS = re.compile(r"\beds?:", re.I)
_FINAL_PERIOD = re.compile(r"\.[\"”'’)\s]*$")
_LOWER_START = re.compile(r"^[a-z]{2}")

_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WEEKDAY_PHRASE = re.compile(
    rf"\s*\b(?i:on|last|this|next) (?:{_WEEKDAY})(?: (?:morning|afternoon|evening|night))?\b")
_CLAUSE = r",\s+(?:[^\s,\"“”`']+\s+){{1,6}}(?:{verbs})\b(?:\s+[^\s,\"“”`']+){{0,2}}\s*\.$"
_SAID_CLAUSE = re.compile(_CLAUSE.format(verbs="said|reported"))
_FIRST_CLAUSE = re.compile(_CLAUSE.format(verbs="said|told|announced")
                           + r"|,\s+according to\s+[^,\"“”`']{1,60}\.$")
_LEADING = re.compile(r"^(?:(?:However|Still|So),|And|But)\s+")

#: ICSI's tokens: letters, digits and hyphens only
_NON_TOKEN = re.compile(r"[^a-z0-9\- ]")
_POSSESSIVE = re.compile(r"['’]s\b")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def strip_wire(text: str) -> str:
    """Step 1: the sentence without a leading dateline, its ``_`` / ``--`` / ``-`` between
    spaces made ``,``, and without a lone ``_``."""
    text = _DATELINE.sub("", text, count=1)
    text = _CAPS_LEAD.sub("", text, count=1)
    text = _DASHES.sub(", ", f" {text} ").strip(" ,")
    text = _LONE_UNDERSCORE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _wholly_quoted(text: str) -> bool:
    """Opens with a quotation mark or bracket and ends with one (after a final period)."""
    end = text.rstrip(" .")
    return len(text) > 1 and text[0] in _OPEN and end[-1:] in _CLOSE


def rejects(text: str, *, first: bool = False, cased: bool = True) -> str:
    """Step 2: why ICSI's filters drop the sentence ("" when none does). ``first``: it is its
    document's first sentence; ``cased``: the corpus keeps capitals (else the filters that read
    capitals are skipped)."""
    n_words = len(text.split())
    if first and (_BYLINE.match(text) and cased or text.startswith("(")
                  or _COPYRIGHT.search(text) or _wholly_quoted(text)):
        return "first sentence: byline, bracket, copyright or quotation"
    if cased and any(c.isalpha() for c in text) and text == text.upper():
        return "all capitals"
    if cased and sum(c.isupper() for c in text) > 0.2 * len(text):
        return "over 20% capitals"
    if n_words < 20 and not _FINAL_PERIOD.search(text):
        return "short, without a final period"
    if _EDS.search(text):
        return "editors' note"
    if _PHONE.search(text):
        return "phone number"
    if cased and _LOWER_START.match(text):
        return "lower-case start"
    if _wholly_quoted(text):
        return "wholly quoted or bracketed"
    return ""


def clean_sentence(text: str, *, first: bool = False) -> str:
    """Step 3: the sentence without weekday phrases, a final "…, officials said" clause and a
    leading connective; a document's ``first`` sentence also without a final said / told /
    announced / according to clause."""
    text = _WEEKDAY_PHRASE.sub("", text)
    text = _SAID_CLAUSE.sub(".", text)
    if first:
        text = _FIRST_CLAUSE.sub(".", text)
    text = _LEADING.sub("", text)
    text = _SPACES.sub(" ", text).strip(" ,;")
    return text[:1].upper() + text[1:]


def tokens(text: str) -> list[str]:
    """Step 5: ICSI's word tokens (lower-cased, ``[a-z0-9-]``, "1,200" -> "1200", no 's)."""
    text = _THOUSANDS.sub("", _POSSESSIVE.sub("", text.lower()))
    return [t for t in _NON_TOKEN.sub(" ", text).split() if t.strip("-")]


def concepts(text: str) -> frozenset[tuple[str, str]]:
    """Stemmed bigrams of ICSI's tokens, except those of two stop words."""
    stop = stop_words()
    toks = tokens(text)
    return frozenset((stem(a), stem(b)) for a, b in zip(toks, toks[1:], strict=False)
                     if not (a in stop and b in stop))


@dataclass(frozen=True)
class Prepared:
    """The sentences ICSI keeps, cleaned: ``texts[k]`` comes from input sentence
    ``origin[k]`` of document ``docs[k]``."""

    texts: tuple[str, ...]
    docs: tuple[int, ...]
    origin: tuple[int, ...]


def _keep_long(prepared: list[tuple[str, int, int]], min_words: int) -> list[tuple[str, int, int]]:
    """Those of at least ``min_words`` words; all of them when none is that long."""
    return [p for p in prepared if len(p[0].split()) >= min_words] or prepared


def prepare(
    sentences: Sequence[str], docs: Sequence[int], *, wire: bool = True, filters: bool = True,
    cleaner: bool = True, min_words: int = 10,
) -> Prepared:
    """Steps 1-3 on a cluster's sentences (each with its document's index, in reading order),
    then repeats and sentences under ``min_words`` words dropped. When the filters leave
    nothing, the sentences as they were (after step 1) are kept, so there is always a choice."""
    cased = is_cased(sentences)
    wired = [strip_wire(s) if wire else s for s in sentences]
    kept: list[tuple[str, int, int]] = []
    seen_docs: set[int] = set()
    seen: set[str] = set()
    for j, (text, d) in enumerate(zip(wired, docs, strict=True)):
        first = d not in seen_docs
        if not text.split() or filters and rejects(text, first=first, cased=cased):
            continue
        text = clean_sentence(text, first=first) if cleaner else text
        key = " ".join(text.lower().split())
        if filters and key in seen or not text.split():
            continue
        seen.add(key)
        seen_docs.add(d)
        kept.append((text, d, j))
    if not kept:
        kept = [(t, d, j) for j, (t, d) in enumerate(zip(wired, docs, strict=True)) if t.split()]
    kept = _keep_long(kept, min_words)
    return Prepared(tuple(k[0] for k in kept), tuple(k[1] for k in kept),
                    tuple(k[2] for k in kept))
