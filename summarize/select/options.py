"""The options of selection: the weights of its objective and its redundancy rules (how each
default was chosen: ``docs/decisions.md``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import UsageError


@dataclass(frozen=True)
class SelectOptions:
    """Weights of the objective and the redundancy cut (defaults: see the module docstring)."""

    concept_weight: float = 1.0
    #: weight of the support of the sentence's unit across articles (off: it helped on no table
    #: of the development suite once centrality weighs more; ``docs/decisions.md``)
    support_weight: float = 0.0
    centrality_weight: float = 6.0
    position_weight: float = 0.0
    query_weight: float = 8.0  #: weight of the cosine to the query (only when one is given)
    #: weight of the learned salience prior, divided by the number of articles to the power
    #: ``salience_power``
    salience_weight: float = 173.0
    salience_power: float = 2.0
    min_df: float = 0.12  #: a concept counts when this share of the articles (and two) use it
    redundancy: float = 0.75  #: cosine at which a sentence repeats a chosen one
    min_words: int = 8  #: shortest sentence chosen (unless no candidate is this long)
    one_per_unit: bool = False  #: bar a second sentence of a content unit already chosen
    #: a sentence that needs the one before it is chosen only with it (0 / False: any)
    stand_alone: bool = True
    #: share of the shorter one's fact words at which two sentences state the same fact (0:
    #: not checked; see :func:`~summarize.facts.same_fact`)
    fact_overlap: float = 0.5

    def __post_init__(self) -> None:
        for name in ("concept_weight", "support_weight", "centrality_weight", "position_weight",
                     "query_weight", "salience_weight", "salience_power", "min_df", "redundancy",
                     "fact_overlap"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or math.isnan(value) or value < 0:
                raise UsageError(f"{name} must be a number of at least 0, not {value!r}")
        if not self.min_df <= 1 or not 0 < self.redundancy <= 1:
            raise UsageError("min_df must be in [0, 1] and redundancy in (0, 1]")
