"""The library's entry points: :class:`Summarizer` (holds the model), :func:`summarize`, and
:func:`build_summarizer` (a summarizer from :class:`Settings`, as every front end makes one).

The pipeline, one stage a module: :mod:`~summarize.ingest` → :mod:`~summarize.segment` →
:mod:`~summarize.embed` → :mod:`~summarize.group` (:class:`~summarize.analysis.Analysis`) →
:mod:`~summarize.select` → :mod:`~summarize.digest` → :mod:`~summarize.render`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from .analysis import Analysis
from .digest import Digest
from .embed import Encoder, check_encoder_settings, make_encoder, reads_bundled_model
from .errors import InputError, UsageError, UsageTypeError
from .group import GroupOptions
from .ingest import as_documents
from .pipeline import (
    analysis_of,
    digest_of,
    encode_articles,
    encode_kept,
    lexical_analysis,
    narrowed_to,
    query_vector,
)
from .segment import SegmentOptions, no_sentence_reason
from .select import SelectOptions
from .shortlist import to_encode
from .stories import Stories, StoryOptions
from .types import Budget, Cluster, Document

__all__ = ["Analysis", "Settings", "Summarizer", "build_summarizer", "summarize"]


class Summarizer:
    """Cited multi-document digests; keeps its encoder (and so the model) for many clusters.

    >>> s = Summarizer()                                    # doctest: +SKIP
    >>> digest = s.digest(["First article …", "Second article …"], words=100)  # doctest: +SKIP
    >>> print(digest.to_text())                             # doctest: +SKIP

    ``encoder`` is anything with ``encode(list[str]) -> array`` (default: the bundled
    all-MiniLM-L6-v2 exported to ONNX, loaded on first use). One options object per stage:
    ``segment_options``, ``group_options`` (``threshold``, the cosine at which sentences are
    grouped as the same content, is a shortcut for its first field) and ``select_options``.
    """

    def __init__(
        self,
        *,
        encoder: Encoder | None = None,
        threshold: float | None = None,
        segment_options: SegmentOptions | None = None,
        group_options: GroupOptions | None = None,
        select_options: SelectOptions | None = None,
    ) -> None:
        for name, given, kind in (("segment_options", segment_options, SegmentOptions),
                                  ("group_options", group_options, GroupOptions),
                                  ("select_options", select_options, SelectOptions)):
            if given is not None and not isinstance(given, kind):
                raise UsageTypeError(f"{name} must be {kind.__name__} or None, not "
                                     f"{type(given).__name__}", option=name)
        group_options = group_options or GroupOptions()
        if threshold is not None:
            group_options = dataclasses.replace(group_options, threshold=threshold)
        if encoder is not None and not callable(getattr(encoder, "encode", None)):
            raise UsageError(f"the encoder ({type(encoder).__name__}) has no encode() method")
        self.encoder: Encoder = encoder if encoder is not None else default_encoder()
        self.segment_options = segment_options or SegmentOptions()
        self.group_options = group_options
        self.select_options = select_options or SelectOptions()
        if self.uses_salience:
            from .select.salience import bundled_model

            bundled_model().check_options(self.select_options.min_df)

    @property
    def threshold(self) -> float:
        """The grouping threshold (``group_options.threshold``)."""
        return self.group_options.threshold

    def analyze(
        self, documents: Sequence[str | Document] | Cluster, *, fetch: bool = False,
        shortlist: Budget | None = None,
    ) -> Analysis:
        """Segment, embed and group one cluster (``fetch``: see :meth:`digest`): every
        candidate, or with ``shortlist`` (a budget) only those a generic digest of that budget
        could use (:mod:`summarize.shortlist`; what :meth:`digest` encodes without a query)."""
        docs = self._documents(documents, fetch)
        if shortlist is None:
            parts = encode_articles(docs, self.encoder, self.segment_options)
            if not any(p.sentences for p in parts):
                raise self._no_sentence(docs)
            return analysis_of(parts, self.group_options)
        lexical = self.lexical(docs)
        keep = to_encode(lexical, shortlist, self.select_options, query=False)
        return encode_kept(lexical, keep, self.encoder, self.group_options)

    def shortlisted(self, analysis: Analysis, budget: Budget) -> Analysis:
        """An analysis of every candidate (:meth:`analyze`) narrowed to what
        ``analyze(shortlist=budget)`` encodes, without encoding again: the same analysis."""
        keep = to_encode(analysis, budget, self.select_options, query=False)
        if len(keep) == len(analysis.sentences):
            return analysis
        rows = list(keep)
        first = None if analysis.first_layer is None else analysis.first_layer[rows]
        return narrowed_to(analysis, keep, analysis.vectors[rows], first, self.group_options)

    def lexical(
        self, documents: Sequence[str | Document] | Cluster, *, fetch: bool = False
    ) -> Analysis:
        """The cluster's candidate sentences, without vectors: what the words alone say of
        them (:func:`~summarize.pipeline.lexical_analysis`), before anything is encoded."""
        docs = self._documents(documents, fetch)
        lexical = lexical_analysis(docs, self.segment_options)
        if not lexical.sentences:
            raise self._no_sentence(docs)
        return lexical

    @staticmethod
    def _documents(documents: Sequence[str | Document] | Cluster,
                   fetch: bool) -> tuple[Document, ...]:
        docs = (documents.documents if isinstance(documents, Cluster)
                else as_documents(documents, fetch=fetch))
        if not docs:
            raise InputError("no article to summarize")
        return tuple(docs)

    def _no_sentence(self, docs: Sequence[Document]) -> InputError:
        reason = no_sentence_reason(docs, self.segment_options)
        return InputError(f"no sentence to summarize: {reason}")

    def relevance(self, analysis: Analysis, query: str) -> np.ndarray:
        """Each candidate sentence's cosine to ``query``, embedded by the same encoder
        (:func:`~summarize.pipeline.query_vector`)."""
        if query is None:
            raise UsageError("the query must be a string, not NoneType", option="query")
        return analysis.vectors @ query_vector(self.encoder, query)  # type: ignore[no-any-return]

    @property
    def uses_salience(self) -> bool:
        """Whether digests weigh the learned salience prior in: it is on by default
        (``SelectOptions.salience_weight``) and read only from the bundled model's vectors,
        the ones it was fitted on (another encoder goes without it)."""
        return self.select_options.salience_weight > 0 and reads_bundled_model(self.encoder)

    def salience(self, analysis: Analysis) -> np.ndarray | None:
        """Each candidate's learned salience in [0, 1] (:mod:`summarize.select.salience`), or
        None when :attr:`uses_salience` is false."""
        if not self.uses_salience:
            return None
        from .select.salience import salience

        return salience(analysis)

    def digest_analysis(
        self,
        analysis: Analysis,
        budget: Budget,
        id: str = "",
        *,
        overrun: bool = False,
        query: str | None = None,
    ) -> Digest:
        """Select, order and cite. ``overrun`` lets the last sentence pass the budget (for
        ROUGE evaluation, where the scorer cuts every method's output at the budget); ``query``
        prefers the sentences closest to it (``SelectOptions.query_weight``) and leaves the
        salience prior out (it learned what generic summaries keep)."""
        return digest_of(analysis, budget, self.select_options,
                         query=query_vector(self.encoder, query), salience=self.uses_salience,
                         id=id, overrun=overrun)

    def digest(
        self,
        documents: Sequence[str | Document] | Cluster,
        *,
        sentences: int | None = None,
        words: int | None = None,
        bytes: int | None = None,
        budget: Budget | None = None,
        query: str | None = None,
        fetch: bool = False,
    ) -> Digest:
        """The digest of one cluster: texts, :class:`~summarize.types.Document` objects, or a
        :class:`~summarize.types.Cluster`. A text that is an ``http(s)://`` URL is fetched only
        with ``fetch=True`` (public addresses only: load private ones with
        :func:`summarize.ingest.web.load_urls` and ``allow_private=True``).

        Give at most one of ``sentences``, ``words``, ``bytes`` or ``budget``; the default is
        120 words. With a ``query`` the digest is focused on it: sentences closer to the query
        are preferred, still non-redundant and cited. A cluster with its own ``query`` (the
        ``"query"`` of a JSON-lines record) is focused on that one unless ``query`` is given.
        """
        if budget is None:
            budget = Budget.of(sentences=sentences, words=words, bytes=bytes)
        elif any(v is not None for v in (sentences, words, bytes)):
            raise UsageError("give either budget or one of sentences/words/bytes")
        cluster_id = documents.id if isinstance(documents, Cluster) else ""
        if query is None and isinstance(documents, Cluster):
            query = documents.query
        lexical = self.lexical(documents, fetch=fetch)  # what to encode: one rule for all
        keep = to_encode(lexical, budget, self.select_options, query is not None)
        analysis = encode_kept(lexical, keep, self.encoder, self.group_options)
        return self.digest_analysis(analysis, budget, id=cluster_id, query=query)

    def stories(
        self,
        articles: Sequence[str | Document],
        *,
        sentences: int | None = None,
        words: int | None = None,
        bytes: int | None = None,
        budget: Budget | None = None,
        query: str | None = None,
        options: StoryOptions | None = None,
        state: str | os.PathLike[str] | None = None,
        fetch: bool = False,
        workers: int | None = 1,
        engine: str = "local",
        address: str | None = None,
        deliver: Callable[[Stories], None] | None = None,
    ) -> Stories:
        """A stream of articles (texts or :class:`~summarize.types.Document` objects with
        their ``id``, ``title``, ``url``, ``date``) grouped into stories, each with its cited
        digest (:mod:`summarize.stories.build`). The budget and ``query`` apply to each
        story's digest as in :meth:`digest`, which reads (and encodes, once) the same
        sentences of the story's articles; ``options``
        (:class:`~summarize.stories.StoryOptions`) says how articles are grouped.

        ``state`` (a directory) keeps the stories between runs: today's articles join the
        saved stories they continue (those come back ``"updated"``, with their digest remade
        from all their articles), and only the stories this run touches are returned.
        ``workers``, ``engine`` (``"local"`` or ``"ray"``) and ``address`` (a Ray cluster)
        say where the digests are made (:mod:`summarize.engine`; one local worker is this
        process, with the later half of many stories digested beside it:
        :func:`~summarize.stories.digests.run_digests`); the stories are the same for any of
        them. Each story's digest is made as :meth:`digest` makes one; no story is
        dropped, and every article is in exactly one story or in the result's ``set_aside``
        (:class:`~summarize.stories.Stories`). ``deliver`` is called with the result before
        the state is committed (write the output there): when it raises, the state is left
        as it was."""
        from .stories.build import Pipeline, make_stories

        if budget is None:
            budget = Budget.of(sentences=sentences, words=words, bytes=bytes)
        elif any(v is not None for v in (sentences, words, bytes)):
            raise UsageError("give either budget or one of sentences/words/bytes")
        pipeline = Pipeline(self.encoder, self.segment_options, self.group_options,
                            self.select_options, self.uses_salience)
        return make_stories(as_documents(articles, fetch=fetch), pipeline, budget=budget,
                            query=query, options=options or StoryOptions(), state=state,
                            workers=workers, engine=engine, address=address,
                            deliver=deliver)


@cache
def default_encoder() -> Encoder:
    """The bundled all-MiniLM-L6-v2 (ONNX export), shared by every default :class:`Summarizer`."""
    return make_encoder("onnx")


@dataclass(frozen=True)
class Settings:
    """How a front end's summarizer is made: the encoder (``backend``: one of
    :data:`~summarize.embed.BACKENDS`; ``model``: another sentence-transformers model, torch
    only; ``cache``: keep vectors on disk; ``threads``: the model's CPU threads) and the
    grouping ``threshold`` (None: the default). Checked when made
    (:class:`~summarize.errors.UsageError`)."""

    backend: str = "onnx"
    model: str | None = None
    threshold: float | None = None
    cache: bool = False
    threads: int | None = None

    def __post_init__(self) -> None:
        check_encoder_settings(self.backend, self.model, self.threads)
        if self.threshold is not None:
            GroupOptions(threshold=self.threshold)  # checks it


def build_summarizer(settings: Settings = Settings()) -> Summarizer:
    """A :class:`Summarizer` made from ``settings`` (what the CLI, batch workers and the
    evaluation harness all call)."""
    encoder = make_encoder(
        settings.backend, settings.model, cache=settings.cache, threads=settings.threads
    )
    return Summarizer(encoder=encoder, threshold=settings.threshold)


def summarize(
    documents: Sequence[str | Document] | Cluster,
    *,
    sentences: int | None = None,
    words: int | None = None,
    bytes: int | None = None,
    encoder: Encoder | None = None,
    query: str | None = None,
    fetch: bool = False,
) -> Digest:
    """One call: the cited digest of several articles (texts or
    :class:`~summarize.types.Document` objects), focused on ``query`` when one is given."""
    return Summarizer(encoder=encoder).digest(
        documents, sentences=sentences, words=words, bytes=bytes, query=query, fetch=fetch
    )

