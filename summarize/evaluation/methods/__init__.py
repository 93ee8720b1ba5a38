"""The registry of summarization methods that the evaluation harness compares.

:data:`METHODS` is a plain ``name -> factory`` dict (like sumy's ``AVAILABLE_METHODS``). A
factory takes :class:`~.base.MethodOptions` and returns a :class:`~.base.Method`: one cluster
(an :class:`~.base.Inputs`) and a :class:`~summarize.types.Budget` in, the selected sentences
out. One module a family: :mod:`.ours` (the pipeline and its ablations), :mod:`.simple` (lead,
random, centroid), :mod:`.sumy` (sumy's summarizers), :mod:`.classic` (the classic systems of
:mod:`.icsi`, :mod:`.submodular` and :mod:`.klsum`), :mod:`.oracle` (the ROUGE oracle).
"""

from __future__ import annotations

from ...summarizer import Summarizer
from ...types import Budget, Cluster
from .base import Inputs, Method, MethodFactory, MethodOptions
from .classic import CLASSIC_METHODS
from .oracle import GreedyOracle
from .ours import ABLATIONS, Ours, OursQuery, ablation_factory
from .simple import Centroid, Lead, RandomSentences
from .sumy import SUMY_METHODS, sumy_factory

__all__ = ["METHODS", "Inputs", "Method", "MethodOptions", "get_method", "run_method"]

#: Every method, by the name the command line and the tables use.
METHODS: dict[str, MethodFactory] = {
    "ours": Ours,
    "ours-query": OursQuery,
    **{name: ablation_factory(name) for name in ABLATIONS},
    "lead": Lead,
    "random": RandomSentences,
    "centroid": Centroid,
    **{name: sumy_factory(name) for name in SUMY_METHODS},
    **CLASSIC_METHODS,
    "oracle": GreedyOracle,
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
