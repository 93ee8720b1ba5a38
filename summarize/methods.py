"""The registry of summarization methods, shared by the command line and the evaluation harness.

:data:`METHODS` is a plain ``name -> factory`` dict (like sumy's ``AVAILABLE_METHODS``). A
factory takes :class:`MethodOptions` and returns a :class:`Method`: a callable that takes one
cluster, as an :class:`Inputs`, and a :class:`~summarize.select.Budget`, and returns the sentences
it selects, each taken verbatim from the articles, in the order the summary shows them.

:class:`Inputs` makes what several methods need (the pipeline's analysis with its sentence
embeddings, the articles split into sentences, sumy's parse) once per cluster, on first use, and
records how long each took, so a method's time can include the shared work it used.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from . import baselines
from .documents import Cluster
from .select import Budget
from .summarizer import Analysis, Summarizer


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
        """The pipeline's candidate sentences, their embeddings and content units."""
        return self._part("analysis", lambda: self.summarizer.analyze(self.cluster))  # type: ignore[no-any-return]

    @property
    def article_sentences(self) -> tuple[tuple[str, ...], ...]:
        """Every sentence of every article (punkt, unfiltered), article by article."""
        return self._part("sentences", lambda: baselines.article_sentences(self.cluster))  # type: ignore[no-any-return]

    @property
    def sumy_document(self) -> Any:
        """The articles as sumy parses them (PlaintextParser, Tokenizer('english'))."""
        return self._part("sumy", lambda: baselines.sumy_document(self.cluster))


class Method(Protocol):
    """A summarization method: one cluster and a budget in, selected sentences out."""

    name: str
    label: str  #: how tables show it
    reads_references: bool  #: True only for the oracle: never a fair competitor

    def __call__(self, inputs: Inputs, budget: Budget) -> list[str]: ...


MethodFactory = Callable[[MethodOptions], Method]

#: Every method, by the name the command line and the tables use.
METHODS: dict[str, MethodFactory] = {
    "ours": baselines.Ours,
    "ours-query": baselines.OursQuery,
    **{name: baselines.ablation_factory(name) for name in baselines.ABLATIONS},
    "lead": baselines.Lead,
    "random": baselines.RandomSentences,
    "centroid": baselines.Centroid,
    **{name: baselines.sumy_factory(name) for name in baselines.SUMY_METHODS},
    "oracle": baselines.GreedyOracle,
}


def get_method(name: str, options: MethodOptions | None = None) -> Method:
    """The method registered as ``name`` (:class:`ValueError` names the known ones)."""
    try:
        factory = METHODS[name]
    except KeyError:
        raise ValueError(f"unknown method {name!r}: use one of {', '.join(METHODS)}") from None
    return factory(options or MethodOptions())


def run_method(
    name: str,
    cluster: Cluster,
    budget: Budget,
    *,
    summarizer: Summarizer | None = None,
    options: MethodOptions | None = None,
) -> list[str]:
    """One method's selected sentences for one cluster (a convenience for callers with one)."""
    method = get_method(name, options)
    return method(Inputs(cluster, summarizer or Summarizer()), budget)
