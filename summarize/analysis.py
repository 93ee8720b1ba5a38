"""The analysis of one cluster: what every later stage reads, computed once.

:class:`Analysis` holds the articles, their candidate sentences, the sentence vectors and the
content units, and derives on first use (then keeps) what selection, the salience prior and the
digest all read: the unit of each sentence, the article-balanced centroid and each sentence's
cosine to it, each sentence's length and concept bag, and the concept weights.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .facts import Facts, numbers_in, places_within, topic_words, within_of
from .figures import kinds
from .group import cluster_centroid
from .reading import gives_voice, needs_previous, resolves
from .speech import (
    attributes,
    gives_speaker,
    initial_words,
    is_quotation,
    names_in,
    speaker_names,
)
from .text import Concept, concepts, content_stems, is_cased, stop_words
from .types import ContentUnit, Document, Sentence

#: The longest passage a sentence that does not read alone is taken with (sentences before it).
MAX_CONTEXT = 2


@dataclass(frozen=True)
class Analysis:
    """Everything known about one cluster before selection (shared by every method)."""

    documents: tuple[Document, ...]
    sentences: tuple[Sentence, ...]
    vectors: np.ndarray = field(repr=False)
    units: tuple[ContentUnit, ...]
    #: each sentence's mean first-layer state (:func:`~summarize.embed.encode_with_first_layer`),
    #: read by the salience prior; None from encoders that do not give it
    first_layer: np.ndarray | None = field(default=None, repr=False)
    #: the analysis of every candidate when only some are here (:meth:`narrowed`): concept
    #: weights count the articles over all of them, and citing reads them all
    #: (:func:`~summarize.cite.citations`)
    pool: Analysis | None = field(default=None, repr=False, compare=False)

    @property
    def n_docs(self) -> int:
        return len(self.documents)

    @cached_property
    def pool_rows(self) -> tuple[int | None, ...]:
        """For each sentence of :attr:`pool` (of this analysis when there is none), its row
        here, or None when it was not encoded."""
        if self.pool is None:
            return tuple(range(len(self.sentences)))
        at = {(s.doc, s.position): k for k, s in enumerate(self.sentences)}
        return tuple(at.get((s.doc, s.position)) for s in self.pool.sentences)

    @cached_property
    def unit_of(self) -> tuple[int, ...]:
        """The index of each sentence's content unit."""
        unit_of = [0] * len(self.sentences)
        for u, unit in enumerate(self.units):
            for m in unit.members:
                unit_of[m] = u
        return tuple(unit_of)

    @cached_property
    def centrality(self) -> np.ndarray:
        """Each sentence's cosine to the article-balanced centroid
        (:func:`~summarize.group.cluster_centroid`)."""
        return self.vectors @ cluster_centroid(self.sentences, self.vectors)  # type: ignore[no-any-return]

    @cached_property
    def support(self) -> np.ndarray:
        """Each sentence's support: log(1 + articles reporting its unit) / log(1 + articles)."""
        norm = math.log1p(max(1, self.n_docs))
        return np.array([math.log1p(self.units[u].support) / norm for u in self.unit_of])

    @cached_property
    def lengths(self) -> np.ndarray:
        """Each sentence's length in words (at least 1), as floats."""
        return np.array([max(1, len(s.text.split())) for s in self.sentences], dtype=float)

    @cached_property
    def bags(self) -> tuple[frozenset[Concept], ...]:
        """Each sentence's concepts (:func:`~summarize.text.concepts`)."""
        return tuple(concepts(s.text) for s in self.sentences)

    @cached_property
    def stems(self) -> tuple[frozenset[str], ...]:
        """Each sentence's content words, stemmed (:func:`~summarize.text.content_stems`)."""
        return tuple(content_stems(s.text) for s in self.sentences)

    @cached_property
    def spans(self) -> tuple[int, ...]:
        """How many of punkt's sentences each candidate holds (more than one for a quotation
        read whole, :func:`~summarize.segment.split_sentences`). Only a sentence with a
        quotation mark can have been joined, so only those are split again."""
        from .segment import split_sentences

        return tuple(max(1, len(split_sentences(s.text))) if is_quotation(s.text) else 1
                     for s in self.sentences)

    @cached_property
    def numbers(self) -> tuple[frozenset[str], ...]:
        """The numbers each sentence states (:func:`~summarize.facts.numbers_in`)."""
        return tuple(numbers_in(s.text) for s in self.sentences)

    @cached_property
    def cased(self) -> bool:
        """Whether the articles keep capitals (some corpora are lower-cased): at least 4% of
        the words that follow a lower-case word or a comma start with one."""
        return is_cased([s.text for s in self.sentences])

    @cached_property
    def names(self) -> tuple[frozenset[str], ...]:
        """The names each sentence holds (:func:`~summarize.speech.names_in`, and a capitalised
        word where a capital says nothing, :func:`~summarize.speech.initial_words`, when the
        articles capitalise it mid-sentence elsewhere), stop words aside ("The" of "The
        Times"), as the quality measure reads names; none when the articles are lower-cased)."""
        if not self.cased:
            return tuple(frozenset() for _ in self.sentences)
        stop = stop_words()
        inner = [frozenset(n.lower() for n in names_in(s.text)) - stop for s in self.sentences]
        known = frozenset().union(*inner)  # words the articles capitalise mid-sentence
        return tuple(names | (frozenset(w.lower() for w in initial_words(s.text)) & known)
                     for names, s in zip(inner, self.sentences, strict=True))

    @cached_property
    def speakers(self) -> tuple[frozenset[str], ...]:
        """For each sentence that is chiefly a quotation, who it is given to, by name
        (:func:`~summarize.speech.speaker_names`; none when the articles are lower-cased)."""
        if not self.cased:
            return tuple(frozenset() for _ in self.sentences)
        return tuple(speaker_names(s.text) for s in self.sentences)

    @cached_property
    def attributes(self) -> tuple[bool, ...]:
        """Whether each sentence gives something to someone
        (:func:`~summarize.speech.attributes`)."""
        return tuple(attributes(s.text) for s in self.sentences)

    @cached_property
    def topic(self) -> frozenset[str]:
        """The story's own words (:func:`~summarize.facts.topic_words`) over every sentence of
        the articles, candidate or not."""
        from .segment import DEFAULT_MAX_CHARS, split_sentences

        return topic_words([content_stems(s) for d in self.documents
                            for s in split_sentences(d.text[:DEFAULT_MAX_CHARS])])

    @cached_property
    def within(self) -> dict[str, frozenset[str]]:
        """Each place word -> the wider places the articles put it in
        (:func:`~summarize.facts.places_within`)."""
        from .segment import DEFAULT_MAX_CHARS

        return places_within([d.text[:DEFAULT_MAX_CHARS] for d in self.documents])

    def facts(self, i: int) -> Facts:
        """What :func:`~summarize.facts.same_fact` reads of sentence ``i``."""
        return self._facts[i]

    @cached_property
    def _facts(self) -> tuple[Facts, ...]:
        """Each sentence's :class:`~summarize.facts.Facts`, made once (redundancy reads them
        pair by pair)."""
        return tuple(Facts(self.stems[i], self.numbers[i], self.names[i], self.figures[i],
                           within_of(self.names[i], self.within))
                     for i in range(len(self.sentences)))

    @cached_property
    def figures(self) -> tuple[dict[str, frozenset[str]], ...]:
        """What each sentence's figures count, and their values
        (:func:`~summarize.figures.kinds`)."""
        return tuple(kinds(s.text) for s in self.sentences)

    @cached_property
    def context(self) -> tuple[tuple[int, ...] | None, ...]:
        """For each sentence, the candidates it must be read after, in article order: none
        when it stands alone; for one that does not (:func:`~summarize.reading.needs_previous`),
        the passage of its article right before it, back to the nearest sentence that stands
        alone and gives what the next one needs (:func:`~summarize.reading.resolves`), at most
        :data:`MAX_CONTEXT` sentences, the last giving the speaker the sentence needs (and,
        for a first-person line, whose voice it is: :func:`~summarize.reading.gives_voice`); None
        when there is no such passage of candidates."""
        at = {(s.doc, s.position): i for i, s in enumerate(self.sentences)}
        cased = self.cased
        texts = [s.text for s in self.sentences]
        needs = [needs_previous(t, cased) or s.inside_quote
                 for t, s in zip(texts, self.sentences, strict=True)]

        def before(i: int) -> int | None:
            s = self.sentences[i]
            return at.get((s.doc, s.position - 1))

        def passage(i: int) -> tuple[int, ...] | None:
            chain: list[int] = []
            k: int | None = i
            while len(chain) < MAX_CONTEXT:
                nxt = k
                k = before(k)  # type: ignore[arg-type]
                if k is None:
                    return None
                chain.insert(0, k)
                if not needs[k]:
                    quote = self.sentences[nxt].inside_quote  # type: ignore[index]
                    return tuple(chain) if resolves(texts[k], texts[nxt], quote=quote,  # type: ignore[index]
                                                    cased=cased) else None
            return None

        out: list[tuple[int, ...] | None] = []
        for i, text in enumerate(texts):
            if not needs[i]:
                out.append(())
                continue
            chain = passage(i)
            quote = self.sentences[i].inside_quote
            if chain is not None and not (
                    gives_speaker(texts[chain[-1]], text, quote=quote, cased=cased)
                    and gives_voice(texts[chain[-1]], text, quote=quote)):
                chain = None
            out.append(chain)
        return tuple(out)

    def concept_weights(self, min_df: float) -> dict[Concept, float]:
        """Concept -> number of articles using it, for concepts used by at least ``min_df`` of
        the articles (and two); all concepts when none is, as in a single article."""
        cache: dict[float, dict[Concept, float]] = self.__dict__.setdefault("_weights", {})
        if self.pool is not None:
            return self.pool.concept_weights(min_df)
        if min_df not in cache:
            pool = tuple((s.doc, bag) for s, bag in zip(self.sentences, self.bags, strict=True))
            cache[min_df] = concept_weights(pool, self.n_docs, min_df)
        return cache[min_df]

    def narrowed(
        self, keep: Sequence[int], vectors: np.ndarray, units: Sequence[ContentUnit],
        first_layer: np.ndarray | None = None,
    ) -> Analysis:
        """The analysis of the candidates ``keep`` (indices, ascending) alone, with their
        ``vectors``, ``units`` and ``first_layer``: what each sentence says of itself is
        carried over, and the concept weights, the case of the articles and the citations stay
        those of every candidate (:attr:`pool`, :mod:`summarize.shortlist`). Their context is
        found again among them."""
        keep = tuple(keep)
        self.names  # noqa: B018 (read over every candidate, before narrowing)
        narrow = Analysis(
            documents=self.documents,
            sentences=tuple(self.sentences[i] for i in keep),
            vectors=vectors,
            units=tuple(units),
            first_layer=first_layer,
            pool=self.pool or self,
        )
        known = self.__dict__
        for name in _PER_SENTENCE:
            if name in known:
                narrow.__dict__[name] = _pick(known[name], keep)
        for name in ("cased", "topic", "within"):
            if name in known:
                narrow.__dict__[name] = known[name]
        return narrow


#: the cached readings of :class:`Analysis` that each sentence gives alone (carried over by
#: :meth:`Analysis.narrowed`); ``names`` reads the words capitalised anywhere in the articles
_PER_SENTENCE = ("bags", "stems", "spans", "numbers", "names", "speakers", "attributes",
                 "lengths")


def _pick(values: object, keep: tuple[int, ...]) -> object:
    if isinstance(values, np.ndarray):
        return values[list(keep)]
    return tuple(values[i] for i in keep)  # type: ignore[index]


def concept_weights(
    pool: Sequence[tuple[int, frozenset[Concept]]], n_docs: int, min_df: float,
) -> dict[Concept, float]:
    """See :meth:`Analysis.concept_weights` (``pool``: each sentence's article and concepts)."""
    per_doc: dict[int, set[Concept]] = {}
    for doc, bag in pool:
        per_doc.setdefault(doc, set()).update(bag)
    df: dict[Concept, int] = {}
    for bag_of_doc in per_doc.values():
        for c in bag_of_doc:
            df[c] = df.get(c, 0) + 1
    floor = max(2, math.ceil(min_df * n_docs))
    kept = {c: float(v) for c, v in df.items() if v >= floor}
    return kept or {c: float(v) for c, v in df.items()}
