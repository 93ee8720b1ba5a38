"""The digest path, written once: from articles to their analysis, and from an analysis to its
cited digest.

:class:`~summarize.summarizer.Summarizer` (``summarize digest``, ``batch``, the evaluation)
and the stories' workers (:mod:`summarize.stories.digests`, which load no model) call the
same functions, so that one place decides the candidates, the content units, the query rule,
the salience prior, the selection and the citations:

* :func:`encode_articles` segments every article and encodes every candidate sentence of all
  of them in one call (:func:`segment_articles`, then :func:`encode_segmented`);
* :func:`analysis_of` puts encoded articles together as one cluster's
  :class:`~summarize.analysis.Analysis` (nothing is encoded again);
* :func:`query_text` is the one check of a query, :func:`query_vector` its vector;
* :func:`digest_of` selects, orders and cites: a query's relevance when there is one, else
  the learned salience prior when the summarizer uses it (never both: the prior learned what
  generic summaries keep);
* :func:`lead_digest` is what a story falls back to when :func:`digest_of` chooses nothing:
  the lead of one article in its own order, after the sentences its first one leans on,
  ordered and cited as a digest is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .analysis import MAX_CONTEXT, Analysis
from .digest import Digest, build_digest, sources_of
from .embed import Encoder, encode_all, encode_with_first_layer
from .errors import InputError, UsageError
from .group import GroupOptions, group
from .segment import (
    DEFAULT_MAX_CHARS,
    SegmentOptions,
    reads_as_sentence,
    segment,
    segment_document,
    tidied_lines,
)
from .select import Selection, SelectOptions, select
from .shortlist import distinct, to_encode
from .types import Budget, DigestSentence, Document, Pick, Sentence

__all__ = ["Encoded", "analysis_of", "digest_of", "encode_articles", "encode_distinct",
           "encode_kept", "encode_segmented", "encoded_analysis", "lead_digest",
           "lexical_analysis", "lexical_of", "narrowed_to", "query_text", "query_vector",
           "segment_articles", "stacked"]


@dataclass(frozen=True)
class Encoded:
    """One article with its candidate sentences (numbered as the article's own, ``doc=0``),
    their vectors (one unit row each) and first-layer states (None from encoders without)."""

    document: Document
    sentences: tuple[Sentence, ...]
    vectors: np.ndarray = field(repr=False)
    first_layer: np.ndarray | None = field(repr=False)


def encode_articles(
    documents: Sequence[Document], encoder: Encoder, options: SegmentOptions,
    indexes: Sequence[int] | None = None,
) -> list[Encoded]:
    """Every article segmented (``indexes``: each one's place in the input, for warnings;
    default its place here) and every candidate sentence of all of them encoded in one call,
    in order (:func:`segment_articles`, :func:`encode_segmented`). An article with no
    candidate sentence comes back with none."""
    return encode_segmented(documents, segment_articles(documents, options, indexes), encoder)


def segment_articles(
    documents: Sequence[Document], options: SegmentOptions, indexes: Sequence[int] | None = None
) -> list[list[Sentence]]:
    """Each article's candidate sentences (``indexes``: as :func:`encode_articles`)."""
    where = range(len(documents)) if indexes is None else indexes
    return [segment_document(doc, i, options) for doc, i in zip(documents, where, strict=True)]


def encode_segmented(
    documents: Sequence[Document], found: Sequence[Sequence[Sentence]], encoder: Encoder
) -> list[Encoded]:
    """The articles whose candidate sentences ``found`` holds (one sequence an article), every
    sentence of all of them encoded in one call, in order."""
    texts = [s.text for sentences in found for s in sentences]
    if texts:
        vectors, first = encode_with_first_layer(encoder, texts)
    else:
        vectors, first = np.zeros((0, 0), dtype=np.float32), None
    out = []
    start = 0
    for doc, sentences in zip(documents, found, strict=True):
        end = start + len(sentences)
        out.append(Encoded(
            document=doc,
            sentences=tuple(dataclasses.replace(s, doc=0) for s in sentences),
            vectors=vectors[start:end],
            first_layer=None if first is None else first[start:end],
        ))
        start = end
    return out


def lexical_analysis(documents: Sequence[Document], options: SegmentOptions) -> Analysis:
    """The candidate sentences of ``documents``, without vectors (an empty vector matrix and
    no units): what the words alone say of them, before anything is encoded."""
    sentences = tuple(segment(documents, options))
    return Analysis(documents=tuple(documents), sentences=sentences,
                    vectors=np.zeros((len(sentences), 0), dtype=np.float32), units=())


def encode_kept(lexical: Analysis, keep: Sequence[int], encoder: Encoder,
                options: GroupOptions) -> Analysis:
    """``lexical`` narrowed to the candidates ``keep`` (:mod:`summarize.shortlist`), encoded
    (a text said twice encoded once) and grouped into content units; the concept weights,
    the case of the articles and the citations still read every candidate
    (:meth:`~summarize.analysis.Analysis.narrowed`)."""
    vectors, first_layer = encode_distinct(encoder, [lexical.sentences[i].text for i in keep])
    return narrowed_to(lexical, keep, vectors, first_layer, options)


def encode_distinct(encoder: Encoder,
                    texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray | None]:
    """The texts' vectors and first-layer states (None from encoders without), in one call,
    a text said twice encoded once."""
    unique, where = distinct(texts)
    vectors, first_layer = encode_with_first_layer(encoder, unique)
    if len(unique) < len(where):
        vectors = vectors[where]
        first_layer = None if first_layer is None else first_layer[where]
    return vectors, first_layer


def narrowed_to(analysis: Analysis, keep: Sequence[int], vectors: np.ndarray,
                first_layer: np.ndarray | None, options: GroupOptions) -> Analysis:
    """``analysis`` narrowed to the candidates ``keep`` with their ``vectors`` and
    ``first_layer``, grouped into content units among themselves
    (:meth:`~summarize.analysis.Analysis.narrowed`)."""
    units = tuple(group([analysis.sentences[i] for i in keep], vectors, options))
    return analysis.narrowed(keep, vectors, units, first_layer)


def analysis_of(parts: Sequence[Encoded], options: GroupOptions) -> Analysis:
    """The encoded articles, in the order given, as one cluster: their sentences numbered by
    article, their vectors stacked, their content units grouped (:func:`~summarize.group.
    group`)."""
    sentences = lexical_of(parts).sentences
    vectors, first_layer = stacked(parts)
    return Analysis(
        documents=tuple(p.document for p in parts),
        sentences=sentences,
        vectors=vectors,
        units=tuple(group(sentences, vectors, options)),
        first_layer=first_layer,
    )


def lexical_of(parts: Sequence[Encoded]) -> Analysis:
    """The articles, in the order given, as one cluster without vectors (their sentences
    numbered by article): what :func:`lexical_analysis` gives of their documents, without
    segmenting them again."""
    sentences = tuple(dataclasses.replace(s, doc=k)
                      for k, part in enumerate(parts) for s in part.sentences)
    return Analysis(documents=tuple(p.document for p in parts), sentences=sentences,
                    vectors=np.zeros((len(sentences), 0), dtype=np.float32), units=())


def stacked(parts: Sequence[Encoded]) -> tuple[np.ndarray, np.ndarray | None]:
    """The articles' vectors and first-layer states (None when one has none), stacked in
    their order."""
    firsts = [p.first_layer for p in parts]
    first_layer = None if any(f is None for f in firsts) else np.vstack(firsts)  # type: ignore[arg-type]
    return np.vstack([p.vectors for p in parts]), first_layer


def encoded_analysis(parts: Sequence[Encoded], budget: Budget, options: SelectOptions,
                     group_options: GroupOptions, *, query: bool) -> Analysis:
    """The analysis a digest of ``budget`` reads of articles whose candidates
    :func:`~summarize.shortlist.to_encode` names are encoded (a row of another candidate may
    be anything): their :func:`lexical_of` narrowed to those, as
    :meth:`~summarize.summarizer.Summarizer.digest` narrows a cluster's (:func:`encode_kept`)."""
    lexical = lexical_of(parts)
    keep = to_encode(lexical, budget, options, query)
    vectors, first_layer = stacked(parts)
    rows = list(keep)
    if np.isnan(vectors[rows]).any():
        raise ValueError("a sentence the digest reads was not encoded")
    return narrowed_to(lexical, keep, vectors[rows],
                       None if first_layer is None else first_layer[rows], group_options)


def query_text(query: object) -> str | None:
    """The query as it is read (stripped), None for none; :class:`UsageError` for what is not
    a string, :class:`InputError` for an empty one."""
    if query is None:
        return None
    if not isinstance(query, str):
        raise UsageError(f"the query must be a string, not {type(query).__name__}",
                         option="query")
    if not query.strip():
        raise InputError("the query is empty", option="query")
    return query.strip()


def query_vector(encoder: Encoder, query: str | None) -> np.ndarray | None:
    """The query's unit vector (:func:`query_text`), or None without a query."""
    text = query_text(query)
    return None if text is None else encode_all(encoder, [text])[0]


def digest_of(
    analysis: Analysis,
    budget: Budget,
    options: SelectOptions,
    *,
    query: np.ndarray | None = None,
    salience: bool = False,
    id: str = "",
    overrun: bool = False,
) -> Digest:
    """Select, order and cite (:func:`~summarize.select.select`, :func:`~summarize.digest.
    build_digest`). ``query`` (its vector) prefers the sentences closest to it and leaves the
    salience prior out; without one, ``salience`` weighs the learned prior in
    (:mod:`summarize.select.salience`). ``overrun`` lets the last sentence pass the budget
    (for ROUGE evaluation, where the scorer cuts every method's output at the budget)."""
    relevance = None if query is None else analysis.vectors @ query
    prior = None
    if salience and query is None:
        from .select.salience import salience as learned

        prior = learned(analysis)
    selection = select(analysis, budget, options, overrun=overrun, relevance=relevance,
                       salience=prior)
    return build_digest(analysis, selection, budget, id=id)


def lead_picks(analysis: Analysis, article: int, budget: Budget) -> tuple[Pick, ...]:
    """The lead of article ``article`` of the analysis: its first candidate sentence and the
    candidates right after it in the article (each read after the one before), in order,
    while the budget holds them."""
    sentences = analysis.sentences
    own = sorted((i for i, s in enumerate(sentences) if s.doc == article),
                 key=lambda i: sentences[i].position)
    picks: list[Pick] = []
    used = 0
    for i in own:
        cost = budget.cost(sentences[i].text)
        if used + cost > budget.capacity():
            break
        if picks and sentences[i].position != sentences[picks[-1].sentence].position + 1:
            break  # the next candidate is not the next sentence: the lead ends
        picks.append(Pick(sentence=i, unit=analysis.unit_of[i], score=0.0,
                          after=picks[-1].sentence if picks else None))
        used += cost
    return tuple(picks)


def lead_digest(analysis: Analysis, article: int, budget: Budget, id: str = "") -> Digest:
    """The digest of the lead of article ``article`` (:func:`lead_picks`), ordered and cited as
    :func:`digest_of`'s are, after what its first sentence leans on (:func:`leaned_on`) when
    the budget holds that too; with no sentence (only the sources) when not even the lead's
    first sentence fits the budget."""
    picks = lead_picks(analysis, article, budget)
    if not picks:
        return Digest(sentences=(), sources=sources_of(analysis.documents), budget=budget, id=id)
    first = analysis.sentences[picks[0].sentence]
    before = leaned_on(analysis.documents[article], first.position)
    room = budget.capacity() - sum(budget.cost(analysis.sentences[p.sentence].text)
                                   for p in picks)
    while before and sum(budget.cost(t) for _, t in before) > room:
        before = before[1:]
    digest = build_digest(analysis, Selection(picks), budget, id=id)
    passage = tuple(DigestSentence(text=text, article=article + 1, position=position,
                                   citations=(article + 1,), score=0.0)
                    for position, text in before)
    return dataclasses.replace(digest, sentences=passage + digest.sentences)


def leaned_on(document: Document, position: int) -> tuple[tuple[int, str], ...]:
    """The sentences of ``document`` right before sentence ``position`` that a reader needs
    with it (``(position, text)``, in order; :data:`~summarize.analysis.MAX_CONTEXT` at most):
    those that read as sentences, though too short or too long to be candidates, back to the
    first that does not."""
    lines, cased = tidied_lines(document.text[:DEFAULT_MAX_CHARS])
    raw = [sentence for line in lines for sentence in line]
    out: list[tuple[int, str]] = []
    for k in range(position - 1, max(-1, position - 1 - MAX_CONTEXT), -1):
        if k >= len(raw) or not reads_as_sentence(raw[k], cased):
            break
        out.insert(0, (k, raw[k]))
    return tuple(out)
