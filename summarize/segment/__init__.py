"""Segmentation: articles into clean candidate sentences.

Each line of an article is split into sentences with NLTK's punkt (Kiss & Strunk 2006, English
parameters shipped in the package); among the candidates, a quotation that runs over a few
sentences of a line stays one span, so that it is read whole with its speaker. The furniture
that opens a sentence (a dateline, an ad marker) and a leading connective ("But", "However,")
are cut, so that what is left is a span of the article that reads alone (:func:`tidy`,
:mod:`.furniture`). A sentence becomes a candidate only if it reads as reporting: it ends like
a sentence, has ``min_words`` to ``max_words`` words (a quotation read whole, up to
:data:`QUOTATION_WORDS`), is not page furniture (bylines, captions,
credits, ads, polls, time stamps, archive notices), holds no half-quotation or stray quotation
mark, and does not repeat a sentence already seen in the same article (exactly, or with at
least ``near_duplicate`` word overlap). Repeats across articles are kept: they are how the
grouping stage learns that several articles report the same thing.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..errors import SummarizeWarning
from ..reading import connective_cut, introduces
from ..speech import is_quotation
from ..text import clean, is_cased, words
from ..types import Document, Sentence
from .furniture import cut_furniture, has_furniture, is_boilerplate
from .punkt import sentence_tokenizer

#: Articles longer than this many characters are cut (with a warning) before segmentation.
DEFAULT_MAX_CHARS = 200_000

# A sentence ends in . ! ? (or … ) possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"""[.!?…](?:["'”’»)\]]|\s)*$""")


@dataclass(frozen=True)
class SegmentOptions:
    """What makes a candidate sentence."""

    min_words: int = 6
    max_words: int = 80  #: (a quotation read whole may reach :data:`QUOTATION_WORDS`)
    near_duplicate: float = 0.85  #: word-set Jaccard at which a sentence repeats an earlier one
    max_chars: int = DEFAULT_MAX_CHARS
    #: drop pieces of quotations cut by the sentence splitter (an opening quote never closed,
    #: a closing one never opened, or marks of a neighbour's quotation that shift the pairs):
    #: out of their context they carry no claim
    drop_unbalanced_quotes: bool = True


#: A quotation that runs over this many sentences at most, and this many words, is one span.
QUOTATION_SENTENCES = 8
QUOTATION_WORDS = 120

# An opening quotation mark that punkt left at the end of the previous sentence, in text with
# spaced quotes (`… went to a movie. " i was so excited, " she said.`)
_TRAILING_QUOTE = re.compile(r"""(?<=[.!?…])\s+(["“]|``)$""")


def _reattach_quotes(line: str, spans: list[tuple[int, int]], join: bool = False) -> list[str]:
    """The sentences of ``line`` at punkt's ``spans``, with an opening quotation mark that punkt
    left at the end of a sentence moved to the start of the next, where it belongs (when the
    sentence holds half a quotation: the move mends it). The next sentence then starts at the
    mark, so it stays a verbatim piece of the line. Without it both halves look like broken
    quotations and are dropped (``docs/decisions.md``). With ``join``, a quotation of a few
    sentences is one (:func:`_join_quotations`)."""
    bounds = [list(span) for span in spans]
    for i in range(len(bounds) - 1):
        start, end = bounds[i]
        trailing = _TRAILING_QUOTE.search(line, start, end)
        if trailing and has_unbalanced_quotes(line[start:end]):
            bounds[i][1] = trailing.start()
            bounds[i + 1][0] = trailing.start(1)
    if join:
        bounds = _join_quotations(line, bounds)
    return [s for s in (clean(line[a:b]) for a, b in bounds) if s]


def _join_quotations(line: str, bounds: list[list[int]]) -> list[list[int]]:
    """The spans with a quotation that runs over several sentences made one: a sentence that
    leaves a quotation open is joined to the next ones up to the one that closes it, when that
    comes within :data:`QUOTATION_SENTENCES` sentences and :data:`QUOTATION_WORDS` words (a
    quotation is read whole, with the speaker its last sentence gives)."""
    out: list[list[int]] = []
    i = 0
    while i < len(bounds):
        start, end = bounds[i]
        last = i
        if has_unbalanced_quotes(line[start:end]):
            for j in range(i + 1, min(len(bounds), i + QUOTATION_SENTENCES)):
                piece = line[start:bounds[j][1]]
                if len(piece.split()) > QUOTATION_WORDS:
                    break
                if not has_unbalanced_quotes(piece):
                    last = j
                    break
        out.append([start, bounds[last][1]])
        i = last + 1
    return out


def split_lines(text: str, *, join_quotations: bool = False) -> list[list[str]]:
    """The sentences of each non-blank line of a text: punkt within each line; with
    ``join_quotations`` (the candidates' segmentation), a quotation of a few sentences as one
    (:func:`_join_quotations`), and a line that introduces the next as someone's words joined
    to the next line's first sentence (:func:`_introduces_line`); lines are otherwise never
    joined."""
    out: list[list[str]] = []
    for raw in text.splitlines():
        found = _line_sentences(raw, join_quotations)
        if found is not None:
            sentences = list(found)
            if join_quotations and out and _introduces_line(out[-1][-1]):
                sentences[0] = f"{out[-1].pop()} {sentences[0]}"
                if not out[-1]:
                    out.pop()
            out.append(sentences)
    return out


@lru_cache(maxsize=8192)
def _line_sentences(raw: str, join_quotations: bool) -> tuple[str, ...] | None:
    """The sentences of one line as :func:`split_lines` reads them (None for a blank line),
    kept for the lines read again (a lead's passage, the stories' digests)."""
    found = _line_spans(raw)
    return None if found is None else tuple(_reattach_quotes(*found, join_quotations))


@lru_cache(maxsize=8192)
def _line_spans(raw: str) -> tuple[str, list[tuple[int, int]]] | None:
    """One line cleaned and punkt's sentence spans in it (None for a blank line), kept for
    the lines read again (the story's words read every sentence of the articles,
    :attr:`~summarize.analysis.Analysis.topic`). The list is never changed."""
    line = clean(raw)
    if not line:
        return None
    return line, list(sentence_tokenizer().span_tokenize(line))


def _introduces_line(sentence: str) -> bool:
    """Whether a line's last sentence introduces the next line as someone's words: it ends
    with a colon after an attribution ("Davidson wrote on Instagram:", "the company said in
    a statement:"). The candidates' segmentation reads the two as one sentence (a span of the
    article up to its line break), so that a post or a statement quoted as a block is read
    with whose it is (:func:`~summarize.reading.introduces`)."""
    return sentence.rstrip().endswith(":") and introduces(sentence)


def split_sentences(text: str) -> list[str]:
    """Every sentence of a text, in order (:func:`split_lines`, flattened)."""
    return [sentence for line in split_lines(text) for sentence in line]


#: DUC's '' where it opens a quotation (after a space or a bracket, before a word): shown as “.
_OPENING_TICKS = re.compile(r"(?<=[\s(\[])''(?=\w)")


def tidy(sentence: str, *, opens_line: bool, opens_article: bool, cased: bool = True) -> str:
    """A sentence as the digest shows it: the furniture that opens it and a leading
    connective cut (what is left is a span of the article), DUC's `` '' shown as “ ”, and a ''
    that opens a quotation, as some DUC articles write it, as “ (``cased``: whether the
    article keeps capitals)."""
    sentence = cut_furniture(sentence, opens_line=opens_line, opens_article=opens_article,
                             cased=cased)
    sentence = sentence[connective_cut(sentence, cased=cased):]
    sentence = _OPENING_TICKS.sub("“", sentence.replace("``", "“")).replace("''", "”")
    return "“" + sentence[1:] if sentence.startswith("”") else sentence


def has_unbalanced_quotes(text: str) -> bool:
    """True for a sentence holding half a quotation (curly quotes unpaired, or an odd number
    of straight double quotes)."""
    if text.count("“") != text.count("”"):
        curly_open, curly_close = text.count("“"), text.count("”")
        straight = text.count('"')
        # mixed styles (“ … ") are common in scraped text: count them together
        return (curly_open + curly_close + straight) % 2 == 1
    return text.count('"') % 2 == 1 or text.count("``") != text.count("''")


_STRAIGHT_QUOTE = re.compile('"')
_WORD_CHAR = re.compile(r"\w")


def has_stray_quotes(text: str) -> bool:
    """True for a sentence whose straight quotation marks, paired in order, enclose no word
    somewhere (`… compare ". "`): the marks of a neighbouring sentence's quotation that the
    splitter left in it, so that its pairs are shifted."""
    marks = list(_STRAIGHT_QUOTE.finditer(text))
    return any(not _WORD_CHAR.search(text, a.end(), b.start())
               for a, b in zip(marks[::2], marks[1::2], strict=False))


def _joined_quotation(sentence: str) -> bool:
    """Whether a sentence is a quotation of several sentences read whole
    (:func:`_join_quotations`), within :data:`QUOTATION_WORDS` words: it may pass
    ``max_words``, the limit of one sentence."""
    return (len(sentence.split()) <= QUOTATION_WORDS and is_quotation(sentence)
            and len(split_sentences(sentence)) > 1)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _near_duplicate(bag: frozenset[str], seen: Sequence[frozenset[str]], threshold: float) -> bool:
    """Whether a bag of ``seen`` has a Jaccard similarity of at least ``threshold`` to ``bag``.
    The similarity is at most the ratio of the smaller bag's size to the larger's, so a bag
    whose ratio is below the threshold is passed over unread."""
    n = len(bag)
    for other in seen:
        m = len(other)
        if n and m and (n / m if n < m else m / n) < threshold:
            continue
        if _jaccard(bag, other) >= threshold:
            return True
    return False


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
    tidied, cased = tidied_lines(text)
    raw = [sentence for line in tidied for sentence in line]
    kept: list[tuple[int, str, bool]] = []
    seen: list[frozenset[str]] = []
    exact: set[str] = set()
    inside = [quoted for line in tidied for quoted in opens_quotation(line)]
    for position, sentence in enumerate(raw):
        tokens = words(sentence)
        if not (options.min_words <= len(tokens) <= options.max_words
                or len(tokens) > options.max_words and _joined_quotation(sentence)):
            continue
        if not _SENTENCE_END.search(sentence) or is_boilerplate(sentence) or has_furniture(
                sentence, cased=cased):
            continue
        if options.drop_unbalanced_quotes and (has_unbalanced_quotes(sentence)
                                               or has_stray_quotes(sentence)):
            continue
        key = " ".join(tokens)
        bag = frozenset(tokens)
        if key in exact or _near_duplicate(bag, seen, options.near_duplicate):
            continue
        exact.add(key)
        seen.append(bag)
        kept.append((position, sentence, inside[position]))
    return [
        Sentence(doc=index, position=position, text=sentence, rank=rank, n_in_doc=len(kept),
                 inside_quote=quoted)
        for rank, (position, sentence, quoted) in enumerate(kept)
    ]


def tidied_lines(text: str) -> tuple[list[list[str]], bool]:
    """A text's sentences, line by line, tidied as candidates are (a sentence's ``position``
    is its index among them all), and whether the text keeps capitals."""
    lines = split_lines(text, join_quotations=True)
    cased = is_cased([sentence for line in lines for sentence in line])
    return [
        [tidy(sentence, opens_line=k == 0, opens_article=n == 0 and k == 0, cased=cased)
         for k, sentence in enumerate(line)]
        for n, line in enumerate(lines)
    ], cased


def reads_as_sentence(text: str, cased: bool = True) -> bool:
    """Whether a sentence that is not a candidate still reads as one: it ends like a sentence
    and is no boilerplate or page furniture."""
    return bool(_SENTENCE_END.search(text)) and not is_boilerplate(text) \
        and not has_furniture(text, cased=cased)


def opens_quotation(sentences: Sequence[str]) -> list[bool]:
    """For each sentence of a paragraph, whether it begins inside a quotation that a sentence
    before it in the paragraph opened (an odd number of straight quotation marks before it,
    or more opening than closing curly ones). A quotation left open at a paragraph's end is
    not carried over: wire copy leaves it open when the next paragraph goes on quoting, and
    that paragraph opens with its own mark."""
    out = []
    straight = opening = closing = 0
    for sentence in sentences:
        out.append(straight % 2 == 1 or opening > closing)
        straight += sentence.count('"')
        opening += sentence.count("“")
        closing += sentence.count("”")
        if opening < closing:
            opening = closing
    return out


def no_sentence_reason(
    documents: Sequence[Document], options: SegmentOptions = SegmentOptions()
) -> str:
    """Why the articles give no candidate sentence, in one line."""
    pieces = [words(s) for d in documents for s in split_sentences(d.text[: options.max_chars])]
    long_enough = [p for p in pieces if len(p) >= options.min_words]
    if long_enough and all(len(p) > options.max_words for p in long_enough):
        return (f"the text has no sentence ends (a sentence may run to {options.max_words} "
                "words)")
    return ("every line is too short, unfinished or boilerplate "
            f"(a sentence needs at least {options.min_words} words)")


def segment(
    documents: Sequence[Document], options: SegmentOptions = SegmentOptions()
) -> list[Sentence]:
    """Candidate sentences of every article, article by article."""
    out: list[Sentence] = []
    for i, doc in enumerate(documents):
        out.extend(segment_document(doc, i, options))
    return out
