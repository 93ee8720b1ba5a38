"""Segmentation: articles into clean candidate sentences.

Each line of an article is split into sentences with NLTK's punkt (Kiss & Strunk 2006, English
parameters shipped in the package). A sentence becomes a candidate only if it reads as reporting:
it ends like a sentence, has at least ``min_words`` words, is not web-page boilerplate (bylines,
"Discuss as:", "Follow … on Twitter", photo credits, "contributed to this report", archive
notices), and does not repeat a sentence already seen in the same article (exactly, or with at
least ``near_duplicate`` word overlap). Repeats across articles are kept: they are how the
grouping stage learns that several articles report the same thing.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import SummarizeWarning
from ..text import clean, words
from ..types import Document, Sentence
from .punkt import sentence_tokenizer

#: Articles longer than this many characters are cut (with a warning) before segmentation.
DEFAULT_MAX_CHARS = 200_000

_BOILERPLATE = [
    r"^discuss as:?$",
    r"\bfollow\b.{0,80}\bon (twitter|facebook|instagram|x)\b",
    r"\bcontributed (to )?(this|the) (report|story|article)\b",
    r"\b(photo|image|picture|video)s? (credit|courtesy)\b",
    r"^\(?(photo|image|picture|file photo)s?\s*[:(/]",
    r"\b(getty images|ap photo|reuters/|afp photo)\b",
    r"^(click|tap) (here|to)\b",
    r"\b(share|tweet|email|print) (this|on)\b.{0,40}$",
    r"\bsign up for\b|\bsubscribe (to|now)\b|\bnewsletter\b",
    r"^(more|related|read more|see also|recommended)\b.{0,60}(stories|coverage|articles)?\s*:?\s*$",
    r"\ball rights reserved\b|^copyright\b|\(c\) \d{4}",
    r"^(reporting|writing|editing|additional reporting) by\b",
    r"^by [a-z.' -]{3,60}$",
    r"\b(alexa internet|wayback machine|internet archive)\b",
    r"^[\w.' ]{2,40}'s [\w.' -]{3,40} reports\.?$",
    r"\bjavascript\b.{0,40}\b(enable|disabled|required)\b",
    r"\b(cookies?|privacy policy|terms of (use|service))\b",
]
_BOILERPLATE_RE = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE), re.IGNORECASE)
# A sentence ends in . ! ? (or … ) possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"""[.!?…](?:["'”’»)\]]|''|\s)*$""")


@dataclass(frozen=True)
class SegmentOptions:
    """What makes a candidate sentence."""

    min_words: int = 6
    max_words: int = 80
    near_duplicate: float = 0.85  #: word-set Jaccard at which a sentence repeats an earlier one
    max_chars: int = DEFAULT_MAX_CHARS
    #: drop pieces of quotations cut by the sentence splitter (an opening quote never closed,
    #: or a closing one never opened): out of their context they carry no claim
    drop_unbalanced_quotes: bool = True


def is_boilerplate(text: str) -> bool:
    return bool(_BOILERPLATE_RE.search(text))


# An opening quotation mark that punkt left at the end of the previous sentence, in text with
# spaced quotes (`… went to a movie. " i was so excited, " she said.`)
_TRAILING_QUOTE = re.compile(r"""(?<=[.!?…])\s+(["“]|``)$""")


def _reattach_quotes(line: str, spans: list[tuple[int, int]]) -> list[str]:
    """The sentences of ``line`` at punkt's ``spans``, with an opening quotation mark that punkt
    left at the end of a sentence moved to the start of the next, where it belongs (when the
    sentence holds half a quotation: the move mends it). The next sentence then starts at the
    mark, so it stays a verbatim piece of the line. Without it both halves look like broken
    quotations and are dropped (``docs/decisions.md``)."""
    bounds = [list(span) for span in spans]
    for i in range(len(bounds) - 1):
        start, end = bounds[i]
        trailing = _TRAILING_QUOTE.search(line, start, end)
        if trailing and has_unbalanced_quotes(line[start:end]):
            bounds[i][1] = trailing.start()
            bounds[i + 1][0] = trailing.start(1)
    return [s for s in (clean(line[a:b]) for a, b in bounds) if s]


def split_sentences(text: str) -> list[str]:
    """Every sentence of a text, in order: punkt within each line, lines never joined."""
    tokenizer = sentence_tokenizer()
    out: list[str] = []
    for line in text.splitlines():
        line = clean(line)
        if line:
            out.extend(_reattach_quotes(line, list(tokenizer.span_tokenize(line))))
    return out


def has_unbalanced_quotes(text: str) -> bool:
    """True for a sentence holding half a quotation (curly quotes unpaired, or an odd number
    of straight double quotes)."""
    if text.count("“") != text.count("”"):
        curly_open, curly_close = text.count("“"), text.count("”")
        straight = text.count('"')
        # mixed styles (“ … ") are common in scraped text: count them together
        return (curly_open + curly_close + straight) % 2 == 1
    return text.count('"') % 2 == 1 or text.count("``") != text.count("''")


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def segment_document(
    doc: Document, index: int, options: SegmentOptions = SegmentOptions()
) -> list[Sentence]:
    """The candidate sentences of one article, in article order."""
    text = doc.text
    if len(text) > options.max_chars:
        warnings.warn(
            f"{doc.path or doc.title or f'article {index + 1}'}: {len(text):,} characters; "
            f"only the first {options.max_chars:,} are summarized",
            SummarizeWarning,
            stacklevel=2,
        )
        text = text[: options.max_chars]
    raw = split_sentences(text)
    kept: list[tuple[int, str]] = []
    seen: list[frozenset[str]] = []
    exact: set[str] = set()
    for position, sentence in enumerate(raw):
        tokens = words(sentence)
        if not (options.min_words <= len(tokens) <= options.max_words):
            continue
        if not _SENTENCE_END.search(sentence) or is_boilerplate(sentence):
            continue
        if options.drop_unbalanced_quotes and has_unbalanced_quotes(sentence):
            continue
        key = " ".join(tokens)
        bag = frozenset(tokens)
        if key in exact or any(_jaccard(bag, s) >= options.near_duplicate for s in seen):
            continue
        exact.add(key)
        seen.append(bag)
        kept.append((position, sentence))
    return [
        Sentence(doc=index, position=position, text=sentence, rank=rank, n_in_doc=len(kept))
        for rank, (position, sentence) in enumerate(kept)
    ]


def segment(
    documents: Sequence[Document], options: SegmentOptions = SegmentOptions()
) -> list[Sentence]:
    """Candidate sentences of every article, article by article."""
    out: list[Sentence] = []
    for i, doc in enumerate(documents):
        out.extend(segment_document(doc, i, options))
    return out
