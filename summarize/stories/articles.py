"""The articles of a stories run: each one segmented once and its sentences encoded once, the
same vectors serving the grouping (:func:`.grouping.article_vectors`) and every digest.

An :class:`Article` keeps what a story needs of it, whichever run it came from: what the
digest path reads of it (:class:`~summarize.pipeline.Encoded`: the document, its candidate
sentences, their vectors and first-layer states), its name and place, and its article vector.
A story's analysis is :func:`summarize.pipeline.analysis_of` its articles, as a digest's is.
"""

from __future__ import annotations

import hashlib
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..beside import Beside, halfway
from ..embed import Encoder
from ..errors import SummarizeWarning
from ..pipeline import Encoded, encode_segmented, segment_articles
from ..segment import SegmentOptions, no_sentence_reason
from ..text import TITLE_CUT, guess_title
from ..types import Document, Sentence
from . import day_of
from .grouping import article_vectors


@dataclass(frozen=True)
class Article(Encoded):
    """One article of a story, with its sentences encoded (an
    :class:`~summarize.pipeline.Encoded` article: what the digest path reads)."""

    seq: int = 0  #: its place among every article the stories have had (input order, run after run)
    name: str = ""  #: its id in a story's article list (:func:`~summarize.stories.article_id`)
    vector: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32),
                               repr=False)  #: the article's vector (``article_vectors``)

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
    """The :func:`segmented` articles as articles, in the order given: every sentence of every
    article encoded in one call (:func:`~summarize.pipeline.encode_segmented`, as a digest's
    articles are)."""
    if not kept:
        return []
    parts = encode_segmented([doc for (*_, doc), _ in kept], [s for _, s in kept], encoder)
    vectors = np.vstack([part.vectors for part in parts])
    doc_of = [k for k, part in enumerate(parts) for _ in part.sentences]
    per_article = article_vectors(vectors, doc_of, len(parts))
    return [Article(document=part.document, sentences=part.sentences, vectors=part.vectors,
                    first_layer=part.first_layer, seq=seq, name=name,
                    vector=np.asarray(per_article[k], dtype=np.float32))
            for k, (((seq, _, name, _), _), part) in enumerate(zip(kept, parts, strict=True))]


def mean_vector(articles: Sequence[Article]) -> np.ndarray:
    """The mean of the articles' (unit) vectors: its dot product with another group's mean is
    the average cosine between their articles (average linkage)."""
    mean = np.mean(np.array([a.vector for a in articles], dtype=np.float64), axis=0)
    return np.asarray(mean, dtype=np.float32)


def most_central(articles: Sequence[Article]) -> int:
    """The index of the article closest to the story's mean vector (cosine rounded to 6
    places, so that float noise makes no winner; ties: the earlier article)."""
    return by_centrality(articles)[0]


def by_centrality(articles: Sequence[Article]) -> list[int]:
    """The articles' indices, the most central (:func:`most_central`) first."""
    scores = np.round(np.array([a.vector for a in articles]) @ mean_vector(articles), 6)
    return sorted(range(len(articles)), key=lambda i: (-scores[i], i))


def headline(articles: Sequence[Article]) -> str:
    """A story's headline: the title of its most central article whose title is whole, else
    (every title cut, as :func:`~summarize.text.guess_title` cuts a long first line with
    ``" …"``) the most central article's."""
    order = by_centrality(articles)
    whole = [i for i in order if not articles[i].title.endswith(TITLE_CUT)]
    return articles[(whole or order)[0]].title
