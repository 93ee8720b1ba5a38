"""Selection: rank content units and take one sentence of each under a length budget.

A unit's score combines how widely it is reported (its support across articles), how central
it is (cosine between the unit's centroid and the centroid of the whole cluster, where each
article weighs the same: the embedding-centroid summarizers of Rossiello et al. 2017 and
Ghalandari 2017), and a news-lead prior on the earliest position at which an article reports it.
Each unit is represented by its most typical sentence (closest to the unit's centroid).
Selection is greedy in score order, budgeted: a sentence that does not fit is skipped and a
shorter one may still come in; a sentence closer than ``redundancy`` to one already chosen is
never taken, so no two digest sentences say the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .documents import Sentence
from .errors import BudgetError
from .group import ContentUnit

BudgetKind = Literal["sentences", "words", "bytes"]

#: The default digest length: about five news sentences.
DEFAULT_WORDS = 120


@dataclass(frozen=True)
class Budget:
    """A length limit: ``sentences``, ``words`` (whitespace-separated) or ``bytes`` (UTF-8,
    sentences joined by one space, DUC's 665-byte convention)."""

    kind: BudgetKind = "words"
    limit: int = DEFAULT_WORDS

    def __post_init__(self) -> None:
        if self.kind not in ("sentences", "words", "bytes"):
            raise BudgetError(f"unknown budget kind {self.kind!r}: use sentences, words or bytes")
        if not isinstance(self.limit, int) or isinstance(self.limit, bool) or self.limit < 1:
            raise BudgetError(f"the budget must be a positive whole number of {self.kind}")

    @classmethod
    def of(
        cls, *, sentences: int | None = None, words: int | None = None, bytes: int | None = None
    ) -> Budget:
        """The one budget given, or the default (``words=120``) when none is."""
        given = [(k, v) for k, v in (("sentences", sentences), ("words", words), ("bytes", bytes))
                 if v is not None]
        if len(given) > 1:
            raise BudgetError("give one budget: sentences, words or bytes")
        if not given:
            return cls()
        kind, limit = given[0]
        return cls(kind, limit)  # type: ignore[arg-type]

    def cost(self, text: str) -> int:
        """What one sentence spends of the budget (bytes include its joining space)."""
        if self.kind == "sentences":
            return 1
        if self.kind == "words":
            return len(text.split())
        return len(text.encode("utf-8")) + 1

    def capacity(self) -> int:
        return self.limit + 1 if self.kind == "bytes" else self.limit

    def describe(self) -> str:
        return f"{self.limit} {self.kind}"


@dataclass(frozen=True)
class SelectOptions:
    """Weights of the unit score and the redundancy cut. Defaults: see the module docstring."""

    support_weight: float = 1.0
    centrality_weight: float = 1.0
    position_weight: float = 0.3
    redundancy: float = 0.75


@dataclass(frozen=True)
class Pick:
    """A chosen sentence: its index among the candidates, its unit, and its score."""

    sentence: int
    unit: int
    score: float


def _unit(vectors: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vectors))
    return vectors / norm if norm > 0 else vectors


def cluster_centroid(sentences: Sequence[Sentence], vectors: np.ndarray) -> np.ndarray:
    """Mean of the articles' mean sentence vectors (each article weighs the same), unit length."""
    docs = sorted({s.doc for s in sentences})
    per_doc = [
        vectors[[i for i, s in enumerate(sentences) if s.doc == d]].mean(axis=0) for d in docs
    ]
    return _unit(np.mean(per_doc, axis=0))


def score_units(
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    units: Sequence[ContentUnit],
    n_docs: int,
    options: SelectOptions = SelectOptions(),
) -> list[tuple[float, int]]:
    """(score, representative sentence index) for every unit."""
    centroid = cluster_centroid(sentences, vectors)
    out = []
    for unit in units:
        idx = list(unit.members)
        unit_centroid = _unit(vectors[idx].mean(axis=0))
        typical = vectors[idx] @ unit_centroid
        # most typical member; ties go to the earliest article and position
        rep = max(idx, key=lambda i: (round(float(typical[idx.index(i)]), 6),
                                      -sentences[i].doc, -sentences[i].position))
        support = math.log1p(unit.support) / math.log1p(max(1, n_docs))
        centrality = float(unit_centroid @ centroid)
        lead = 1.0 - min(sentences[i].relative_position for i in idx)
        score = (
            options.support_weight * support
            + options.centrality_weight * centrality
            + options.position_weight * lead
        )
        out.append((round(score, 6), rep))
    return out


def select(
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    units: Sequence[ContentUnit],
    budget: Budget,
    n_docs: int,
    options: SelectOptions = SelectOptions(),
) -> list[Pick]:
    """The chosen sentences, best first. Raises :class:`BudgetError` if none fits."""
    scored = score_units(sentences, vectors, units, n_docs, options)
    order = sorted(range(len(units)), key=lambda u: (-scored[u][0], units[u].members[0]))
    capacity = budget.capacity()
    used = 0
    picks: list[Pick] = []
    for u in order:
        score, rep = scored[u]
        cost = budget.cost(sentences[rep].text)
        if used + cost > capacity:
            continue
        if picks and float(np.max(vectors[[p.sentence for p in picks]] @ vectors[rep])) >= (
            options.redundancy
        ):
            continue
        picks.append(Pick(sentence=rep, unit=u, score=score))
        used += cost
        if used >= capacity:
            break
    if not picks and sentences:
        shortest = min(budget.cost(s.text) for s in sentences)
        raise BudgetError(
            f"no sentence fits in {budget.describe()}: the shortest candidate needs "
            f"{shortest - (1 if budget.kind == 'bytes' else 0)} {budget.kind}"
        )
    return picks
