"""What every method shares: its options, the per-cluster inputs, the interface, and
:func:`fill` (take sentences in a method's order until the budget is full).

A method is a callable ``method(inputs, budget) -> list[str]``: it reads one cluster, as an
:class:`Inputs`, and returns sentences taken verbatim from the articles (a method that
``edits``, as the released ICSI system does, may cut words from them), in the order the
summary shows them. A method that cites returns them as :class:`Cited` (a ``list[str]`` that
also holds each sentence's article numbers); the harness reads every result as a
:class:`MethodOutput`. All but ``ours`` fill the budget and may overrun it with their last
sentence; the harness then cuts every output as ROUGE-1.5.5's ``-l`` / ``-b`` do
(:meth:`~summarize.types.Budget.cut`), so every method gets the same budget.

:class:`Inputs` makes what several methods need (the pipeline's analysis with its sentence
embeddings, the articles split into sentences, sumy's parse) once per cluster, on first use,
and records how long each took, so a method's time can include the shared work it used.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ...analysis import Analysis
from ...summarizer import Summarizer
from ...types import Budget, Cluster
from .parse import article_sentences, sumy_document


@dataclass(frozen=True)
class MethodOutput:
    """A method's result as the harness keeps it: the sentences in display order and, for a
    method that cites, each sentence's article numbers (from 1); ``None`` for one that does not.
    """

    sentences: tuple[str, ...]
    citations: tuple[tuple[int, ...], ...] | None = None

    def __post_init__(self) -> None:
        if self.citations is not None and len(self.citations) != len(self.sentences):
            raise ValueError(f"{len(self.sentences)} sentences but {len(self.citations)} "
                             "citation lists")

    @classmethod
    def of(cls, result: Sequence[str] | MethodOutput) -> MethodOutput:
        """Any method's result (a ``list[str]``, :class:`Cited` or a :class:`MethodOutput`)."""
        if isinstance(result, MethodOutput):
            return result
        citations = getattr(result, "citations", None)
        return cls(tuple(result),
                   None if citations is None else tuple(tuple(c) for c in citations))


class Cited(list[str]):
    """The sentences of a method that cites: a ``list[str]`` like every method's result, with
    ``citations``, each sentence's article numbers (from 1)."""

    def __init__(self, sentences: Iterable[str], citations: Iterable[Iterable[int]]) -> None:
        super().__init__(sentences)
        self.citations = tuple(tuple(int(a) for a in c) for c in citations)
        if len(self.citations) != len(self):
            raise ValueError(f"{len(self)} sentences but {len(self.citations)} citation lists")


@dataclass(frozen=True)
class MethodOptions:
    """What a method may be configured with (validated here, at the door)."""

    seed: int = 0  #: for the methods that draw at random
    measure: str = "f1"  #: the ROUGE measure the oracle maximises: ``f1`` or ``recall``
    use_stemmer: bool = True  #: whether the oracle's ROUGE stems (as the scorer does)

    def __post_init__(self) -> None:
        if self.measure not in ("f1", "recall"):
            raise ValueError(f"measure must be 'f1' or 'recall', not {self.measure!r}")


class Inputs:
    """One cluster as every method sees it. The costly parts are made once, when first used.

    ``seconds`` holds how long each part took to make; ``used`` the parts touched since
    :meth:`reset_used`.
    """

    def __init__(self, cluster: Cluster, summarizer: Summarizer) -> None:
        self.cluster = cluster
        self.summarizer = summarizer
        self.seconds: dict[str, float] = {}
        self.used: set[str] = set()
        self._parts: dict[str, Any] = {}

    def _part(self, name: str, make: Callable[[], Any]) -> Any:
        self.used.add(name)
        if name not in self._parts:
            start = time.perf_counter()
            self._parts[name] = make()
            self.seconds[name] = time.perf_counter() - start
        return self._parts[name]

    def reset_used(self) -> None:
        self.used = set()

    @property
    def analysis(self) -> Analysis:
        """The pipeline's candidate sentences, every one, their embeddings and content units."""
        return self._part("analysis", lambda: self.summarizer.analyze(self.cluster))  # type: ignore[no-any-return]

    def shortlisted(self, budget: Budget) -> Analysis:
        """:attr:`analysis` narrowed to the candidates a generic digest of ``budget`` encodes
        (:meth:`~summarize.summarizer.Summarizer.shortlisted`), as ``Summarizer.digest`` has it."""
        return self._part(f"shortlisted for {budget.describe()}",  # type: ignore[no-any-return]
                          lambda: self.summarizer.shortlisted(self.analysis, budget))

    @property
    def article_sentences(self) -> tuple[tuple[str, ...], ...]:
        """Every sentence of every article (punkt, unfiltered), article by article."""
        return self._part("sentences", lambda: article_sentences(self.cluster))  # type: ignore[no-any-return]

    @property
    def sumy_document(self) -> Any:
        """The articles as sumy parses them (PlaintextParser, Tokenizer('english'))."""
        return self._part("sumy", lambda: sumy_document(self.cluster))


class Method(Protocol):
    """A summarization method: one cluster and a budget in, selected sentences out."""

    name: str
    label: str  #: how tables show it
    reads_references: bool  #: True only for the oracle: never a fair competitor
    edits: bool  #: True where its sentences may lose words the articles' have (icsi)

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]: ...


MethodFactory = Callable[[MethodOptions], Method]

def fill(
    texts: Sequence[str],
    order: Iterable[int],
    budget: Budget,
    skip: Callable[[int, list[int]], bool] | None = None,
) -> list[int]:
    """Indices of ``texts`` taken in ``order`` until the budget is full (the last may overrun
    it); ``skip(i, chosen)`` may refuse a sentence. Empty texts are never taken."""
    chosen: list[int] = []
    used = 0
    capacity = budget.capacity()
    for i in order:
        if used >= capacity:
            break
        if not texts[i].strip() or (skip is not None and skip(i, chosen)):
            continue
        chosen.append(i)
        used += budget.cost(texts[i])
    return chosen


def flat(articles: Sequence[Sequence[str]]) -> list[str]:
    return [s for article in articles for s in article]


class BaseMethod:
    """What every method here shares: its options, and no peeking at the references."""

    name = ""
    label = ""
    reads_references = False
    edits = False

    def __init__(self, options: MethodOptions) -> None:
        self.options = options
