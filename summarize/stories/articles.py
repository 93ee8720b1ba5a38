"""The articles of a stories run: each one segmented once, and of its sentences those a story's
digest reads encoded once (its lead first, while the articles are grouped by their words; the
rest once the stories are known, :func:`encode_for`).

An :class:`Article` keeps what a story needs of it, whichever run it came from: what the
digest path reads of it (:class:`~summarize.pipeline.Encoded`: the document, its candidate
sentences, their vectors and first-layer states, a row of NaN for a sentence not encoded), its
name and place, and its article vector (its lead's). A story's analysis is
:func:`summarize.pipeline.encoded_analysis` of its articles: the candidates a digest of its
articles encodes, as ``summarize digest`` narrows them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..beside import Beside, halfway
from ..embed import Encoder
from ..errors import SummarizeWarning
from ..pipeline import Encoded, encode_distinct, lexical_of, segment_articles
from ..segment import SegmentOptions, no_sentence_reason
from ..select import SelectOptions
from ..shortlist import to_encode
from ..text import TITLE_CUT, guess_title
from ..types import Budget, Document, Sentence
from . import day_of


@dataclass(frozen=True)
class Article(Encoded):
    """One article of a story (an :class:`~summarize.pipeline.Encoded` article: what the
    digest path reads), its sentences encoded as its stories asked (a row of NaN for one not
    encoded yet: :func:`encode_for` fills it in place)."""

    seq: int = 0  #: its place among every article the stories have had (input order, run after run)
    name: str = ""  #: its id in a story's article list (:func:`~summarize.stories.article_id`)

    @property
    def sha(self) -> str:
        """The digest of its text: with its name, what tells two articles apart."""
        return text_sha(self.document.text)

    @property
    def day(self) -> int | None:
        return day_of(self.document.date)

    @property
    def title(self) -> str:
        d = self.document
        return d.title or guess_title(d.text, d.path)

    @property
    def vector(self) -> np.ndarray:
        """The article's vector (what the state keeps of it for its story's centroid): its
        lead's, its first candidate's, which every run encodes."""
        return self.vectors[0]


def text_sha(text: str) -> str:
    """The SHA-256 of a text (hex), lone surrogates included."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


#: An input article of a stories run: ``(seq, input index, name, document)``.
Item = tuple[int, int, str, Document]


def segmented(
    items: Sequence[Item], options: SegmentOptions, *, beside: bool = False
) -> tuple[list[tuple[Item, list[Sentence]]], list[tuple[str, str]]]:
    """Each item's candidate sentences (:func:`~summarize.pipeline.segment_articles`, as a
    digest's articles are segmented), in the order given. An article with none is set aside:
    it comes back in the second list, ``(name, reason)``. With ``beside``, the later articles
    (half the characters: :func:`~summarize.beside.halfway`) are segmented in a process beside
    this one (:class:`~summarize.beside.Beside`) while this one segments the others: the same
    sentences, and the same warnings, given here in the articles' order."""
    docs, indexes = [doc for *_, doc in items], [index for _, index, _, _ in items]
    cut = halfway([min(len(d.text), options.max_chars) for d in docs]) if beside else len(docs)
    with Beside(segment_noting, docs[cut:], options, indexes[cut:],
                here=cut == len(docs)) as later:
        found = segment_articles(docs[:cut], options, indexes[:cut])
        rest, notes = later.result()
    for note in notes:
        warn_again(*note)
    found += rest
    kept = [(item, sentences) for item, sentences in zip(items, found, strict=True) if sentences]
    aside = [(name, f"no sentence to summarize: {no_sentence_reason([doc], options)}")
             for (_, _, name, doc), sentences in zip(items, found, strict=True) if not sentences]
    return kept, aside


#: A warning given in another process: its message (a warning, or its text where that is not
#: one of ours), category, file and line.
Note = tuple[Warning | str, type[Warning], str, int]


def segment_noting(documents: Sequence[Document], options: SegmentOptions,
                   indexes: Sequence[int]) -> tuple[list[list[Sentence]], list[Note]]:
    """:func:`~summarize.pipeline.segment_articles`, with the warnings it gave (so that a
    process beside gives them back: :func:`warn_again`)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = segment_articles(documents, options, indexes)
    return found, [(w.message if isinstance(w.message, SummarizeWarning) else str(w.message),
                    w.category, w.filename, w.lineno) for w in caught]


def warn_again(message: Warning | str, category: type[Warning], filename: str,
               lineno: int) -> None:
    """A warning of another process (:data:`Note`) given here, at the place it was given
    there (its module's name and registry, when this process has loaded it), so that filters
    and the once-per-place rule read it as they read the warning given here."""
    module = next((name for name, m in list(sys.modules.items())
                   if getattr(m, "__file__", None) == filename), None)
    registry = (vars(sys.modules[module]).setdefault("__warningregistry__", {})
                if module is not None else None)
    warnings.warn_explicit(message, category, filename, lineno, module=module,
                           registry=registry)


def prepare(kept: Sequence[tuple[Item, Sequence[Sentence]]], encoder: Encoder) -> list[Article]:
    """The :func:`segmented` articles as articles, in the order given, each one's lead (its
    first candidate, which every digest of it encodes) encoded, all in one call
    (:func:`~summarize.pipeline.encode_distinct`: a text said twice encoded once); their other
    rows NaN."""
    if not kept:
        return []
    leads, first_layers = encode_distinct(encoder, [found[0].text for _, found in kept])
    out = []
    for k, ((seq, _, name, doc), found) in enumerate(kept):
        vectors = _unencoded(len(found), leads)
        vectors[0] = leads[k]
        first = None
        if first_layers is not None:
            first = _unencoded(len(found), first_layers)
            first[0] = first_layers[k]
        out.append(Article(document=doc, sentences=tuple(
            dataclasses.replace(s, doc=0) for s in found), vectors=vectors, first_layer=first,
            seq=seq, name=name))
    return out


def _unencoded(rows: int, like: np.ndarray) -> np.ndarray:
    return np.full((rows, like.shape[1]), np.nan, dtype=np.float32)


def encode_for(stories: Sequence[Sequence[Article]], encoder: Encoder, budget: Budget,
               options: SelectOptions, *, query: bool) -> int:
    """Encode, in place and in one call, every sentence of the stories' articles that a digest
    of ``budget`` of each story reads (:func:`~summarize.shortlist.to_encode`) and that is not
    encoded yet, a text said twice encoded once (:func:`~summarize.pipeline.encode_distinct`;
    one already encoded in another row copied); how many texts were encoded."""
    wanted: list[tuple[Article, int]] = []
    known: dict[str, tuple[Article, int]] = {}  # an encoded row of each text
    for articles in stories:
        for article in articles:
            for row in np.flatnonzero(~np.isnan(article.vectors[:, 0])).tolist():
                known.setdefault(article.sentences[row].text, (article, row))
        starts = np.cumsum([0] + [len(a.sentences) for a in articles])
        for i in to_encode(lexical_of(articles), budget, options, query):
            k = int(np.searchsorted(starts, i, side="right")) - 1
            row = i - int(starts[k])
            if np.isnan(articles[k].vectors[row]).any():
                wanted.append((articles[k], row))
    todo = [(a, row) for a, row in wanted if a.sentences[row].text not in known]
    copied = [(a, row) for a, row in wanted if a.sentences[row].text in known]
    if todo:
        vectors, first = encode_distinct(encoder, [a.sentences[row].text for a, row in todo])
        for k, (article, row) in enumerate(todo):
            _fill(article, row, vectors[k], None if first is None else first[k])
    for article, row in copied:
        source, at = known[article.sentences[row].text]
        _fill(article, row, source.vectors[at],
              None if source.first_layer is None else source.first_layer[at])
    return len({a.sentences[row].text for a, row in todo})


def _fill(article: Article, row: int, vector: np.ndarray, first: np.ndarray | None) -> None:
    article.vectors[row] = vector
    if first is not None and article.first_layer is not None:
        article.first_layer[row] = first


def mean_vector(articles: Sequence[Article]) -> np.ndarray:
    """The mean of the articles' (unit) vectors: its dot product with another group's mean is
    the average cosine between their articles (average linkage)."""
    mean = np.mean(np.array([a.vector for a in articles], dtype=np.float64), axis=0)
    return np.asarray(mean, dtype=np.float32)


def most_central(articles: Sequence[Article]) -> int:
    """The index of the article whose words lie closest to the story's (:func:`word_counts`:
    the cosine to the mean of their normalised counts, rounded to 6 places, so that float
    noise makes no winner; ties: the earlier article). Words, not vectors: every candidate has
    them, whatever the budget and the query its sentences were encoded for."""
    return by_centrality(articles)[0]


def by_centrality(articles: Sequence[Article]) -> list[int]:
    """The articles' indices, the most central (:func:`most_central`) first."""
    counts = word_counts(articles)
    norms = np.linalg.norm(counts, axis=1, keepdims=True)
    unit = np.divide(counts, norms, out=np.zeros_like(counts), where=norms > 0)
    scores = np.round(unit @ unit.mean(axis=0), 6)
    return sorted(range(len(articles)), key=lambda i: (-scores[i], i))


def word_counts(articles: Sequence[Article]) -> np.ndarray:
    """One row per article: how many of its candidate sentences hold each content stem
    (:attr:`~summarize.analysis.Analysis.stems`) of the articles."""
    lexical = lexical_of(articles)
    column: dict[str, int] = {}
    cells = [(s.doc, column.setdefault(stem, len(column)))
             for s, stems in zip(lexical.sentences, lexical.stems, strict=True)
             for stem in sorted(stems)]
    counts = np.zeros((len(articles), len(column)))
    for row, col in cells:
        counts[row, col] += 1
    return counts


def headline(articles: Sequence[Article]) -> str:
    """A story's headline: the title of its most central article whose title is whole, else
    (every title cut, as :func:`~summarize.text.guess_title` cuts a long first line with
    ``" …"``) the most central article's."""
    order = by_centrality(articles)
    whole = [i for i in order if not articles[i].title.endswith(TITLE_CUT)]
    return articles[(whole or order)[0]].title
