"""The articles of a stories run: each one segmented once and its sentences encoded once, the
same vectors serving the grouping (:func:`.grouping.article_vectors`) and every digest.

An :class:`Article` keeps what a story needs of it, whichever run it came from: the document,
its candidate sentences (numbered as the article's own, ``doc=0``), their vectors and
first-layer states, and its article vector. :func:`story_analysis` puts the articles of one
story together as the :class:`~summarize.analysis.Analysis` that
:meth:`~summarize.summarizer.Summarizer.analyze` would make of them alone, without encoding
anything again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ..analysis import Analysis
from ..embed import Encoder, encode_with_first_layer
from ..errors import SummarizeWarning
from ..group import GroupOptions, group
from ..segment import SegmentOptions, no_sentence_reason, segment_document
from ..text import guess_title, one_line
from ..types import Document, Sentence
from .grouping import article_vectors


@dataclass(frozen=True)
class Article:
    """One article of a story, with its sentences encoded."""

    seq: int  #: its place among every article the stories have had (input order, run after run)
    name: str  #: its id in a story's article list (:func:`~summarize.stories.article_id`)
    document: Document
    sentences: tuple[Sentence, ...]  #: its candidate sentences, ``doc=0``
    vectors: np.ndarray = field(repr=False)  #: one unit row per sentence
    first_layer: np.ndarray | None = field(repr=False)  #: one row per sentence, or None
    vector: np.ndarray = field(repr=False)  #: the article's vector (``article_vectors``)

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


def day_of(text: str | None) -> int | None:
    """The day number (proleptic ordinal) of a ``YYYY-MM-DD`` date; None when unknown."""
    if not text:
        return None
    try:
        return date.fromisoformat(text).toordinal()
    except ValueError:
        return None


def prepare(
    items: Sequence[tuple[int, int, str, Document]],
    encoder: Encoder,
    options: SegmentOptions,
) -> list[Article]:
    """``(seq, input index, name, document)`` items as articles, in the order given: every
    article segmented once and every sentence of every article encoded in one call. An article
    with no candidate sentence is left out with a one-line
    :class:`~summarize.errors.SummarizeWarning`."""
    kept: list[tuple[int, str, Document, list[Sentence]]] = []
    for seq, index, name, doc in items:
        sentences = segment_document(doc, index, options)
        if sentences:
            kept.append((seq, name, doc, sentences))
            continue
        reason = no_sentence_reason([doc], options)
        warnings.warn(one_line(f"{name}: no sentence to summarize ({reason}); left out of the "
                               "stories"), SummarizeWarning, stacklevel=3)
    if not kept:
        return []
    texts = [s.text for _, _, _, sentences in kept for s in sentences]
    vectors, first = encode_with_first_layer(encoder, texts)
    doc_of = [k for k, (_, _, _, sentences) in enumerate(kept) for _ in sentences]
    per_article = article_vectors(vectors, doc_of, len(kept))
    out = []
    start = 0
    for k, (seq, name, doc, sentences) in enumerate(kept):
        end = start + len(sentences)
        out.append(Article(
            seq=seq, name=name, document=doc,
            sentences=tuple(dataclasses.replace(s, doc=0) for s in sentences),
            vectors=vectors[start:end],
            first_layer=None if first is None else first[start:end],
            vector=np.asarray(per_article[k], dtype=np.float32),
        ))
        start = end
    return out


def mean_vector(articles: Sequence[Article]) -> np.ndarray:
    """The mean of the articles' (unit) vectors: its dot product with another group's mean is
    the average cosine between their articles (average linkage)."""
    mean = np.mean(np.array([a.vector for a in articles], dtype=np.float64), axis=0)
    return np.asarray(mean, dtype=np.float32)


def most_central(articles: Sequence[Article]) -> int:
    """The index of the article closest to the story's mean vector (cosine rounded to 6
    places, so that float noise makes no winner; ties: the earlier article)."""
    scores = np.round(np.array([a.vector for a in articles]) @ mean_vector(articles), 6)
    return int(np.argmax(scores))


def story_analysis(
    articles: Sequence[Article], options: GroupOptions
) -> Analysis:
    """The analysis of one story's articles (in the order given) from their saved sentences and
    vectors: what :meth:`~summarize.summarizer.Summarizer.analyze` makes of them alone."""
    sentences = tuple(dataclasses.replace(s, doc=k)
                      for k, a in enumerate(articles) for s in a.sentences)
    vectors = np.vstack([a.vectors for a in articles]).astype(np.float32, copy=False)
    firsts = [a.first_layer for a in articles]
    first_layer = (None if any(f is None for f in firsts)
                   else np.vstack(firsts).astype(np.float32, copy=False))  # type: ignore[arg-type]
    return Analysis(
        documents=tuple(a.document for a in articles),
        sentences=sentences,
        vectors=vectors,
        units=tuple(group(sentences, vectors, options)),
        first_layer=first_layer,
    )
