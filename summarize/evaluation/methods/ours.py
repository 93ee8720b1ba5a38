"""``ours``, focused ``ours-query``, and the ablations: the project's pipeline
(:class:`~summarize.summarizer.Summarizer`) on the shared analysis."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ...digest import Digest
from ...errors import UsageError
from ...group import group
from ...summarizer import Summarizer
from ...types import Budget
from .base import BaseMethod, Cited, Inputs, MethodOptions


def cited(digest: Digest) -> Cited:
    """The digest's sentences, each with the articles it cites (what the harness measures)."""
    return Cited((s.text for s in digest.sentences), (s.citations for s in digest.sentences))


class Ours(BaseMethod):
    """The project's pipeline: segment, embed, group, select (see :mod:`summarize.select`)."""

    name = "ours"
    label = "ours"

    def __call__(self, inputs: Inputs, budget: Budget) -> Cited:
        # like every method here, the last sentence may pass the budget: the scorer cuts it
        digest = inputs.summarizer.digest_analysis(
            inputs.shortlisted(budget), budget, id=inputs.cluster.id, overrun=True
        )
        return cited(digest)


class OursQuery(BaseMethod):
    """The pipeline focused on the cluster's topic (``Cluster.query``: DUC's title and
    narrative): each sentence's cosine to the query joins its score
    (:attr:`~summarize.select.SelectOptions.query_weight`)."""

    name = "ours-query"
    label = "ours, focused on the topic"
    needs_query = True

    def __call__(self, inputs: Inputs, budget: Budget) -> Cited:
        query = inputs.cluster.query
        if not query:
            raise UsageError(f"cluster {inputs.cluster.id}: no topic to focus on (give --topics)")
        digest = inputs.summarizer.digest_analysis(
            inputs.analysis, budget, id=inputs.cluster.id, overrun=True, query=query
        )
        return cited(digest)


#: What each ablation switches off (SelectOptions fields set, or the grouping threshold).
ABLATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "ours-no-concepts": ("ours without concept coverage", {"concept_weight": 0.0}),
    "ours-with-support": ("ours with support across articles (weight 1)",
                          {"support_weight": 1.0}),
    "ours-no-centrality": ("ours without centrality", {"centrality_weight": 0.0}),
    "ours-no-grouping": ("ours without grouping (every sentence its own unit)",
                         {"threshold": 1.0}),
    "ours-lead-prior": ("ours with a news-lead prior (0.3)", {"position_weight": 0.3}),
    "ours-no-salience": ("ours without the learned salience prior", {"salience_weight": 0.0}),
    "ours-unit-bar": ("ours with the one-sentence-per-unit bar", {"one_per_unit": True}),
    "ours-no-stand-alone": ("ours without the stand-alone rule (any sentence alone)",
                            {"stand_alone": False}),
    "ours-no-fact-check": ("ours without the same-fact check (cosine cut only)",
                           {"fact_overlap": 0.0}),
}


class OursAblation(BaseMethod):
    """Ours with one component switched off (or the lead prior on), for the ablation table.

    It shares the cluster's analysis (sentences and embeddings) with ``ours``; only a different
    grouping threshold regroups the same vectors."""

    def __init__(self, options: MethodOptions, *, name: str) -> None:
        super().__init__(options)
        self.name = name
        self.label, changes = ABLATIONS[name]
        self.threshold = changes.get("threshold")
        self.select_changes = {k: v for k, v in changes.items() if k != "threshold"}

    def __call__(self, inputs: Inputs, budget: Budget) -> Cited:
        base = inputs.summarizer
        analysis = inputs.shortlisted(budget)
        if self.threshold is not None:
            options = dataclasses.replace(base.group_options, threshold=self.threshold)
            units = tuple(group(analysis.sentences, analysis.vectors, options))
            analysis = dataclasses.replace(analysis, units=units)
        variant = Summarizer(
            encoder=base.encoder,
            segment_options=base.segment_options,
            group_options=dataclasses.replace(
                base.group_options, threshold=self.threshold or base.threshold
            ),
            select_options=dataclasses.replace(base.select_options, **self.select_changes),
        )
        digest = variant.digest_analysis(analysis, budget, id=inputs.cluster.id, overrun=True)
        return cited(digest)


def ablation_factory(name: str) -> Callable[[MethodOptions], OursAblation]:
    def factory(options: MethodOptions) -> OursAblation:
        return OursAblation(options, name=name)

    return factory
