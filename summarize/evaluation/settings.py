"""What decides the numbers of an evaluation run, and the files a run writes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..types import Budget

INSTANCES = "instances.jsonl"
SUMMARY = "summary.json"
#: Fields of an instance that are measurements of the machine, not results.
TIMING_FIELDS = ("seconds", "shared_seconds")


@dataclass(frozen=True)
class Settings:
    """Everything that decides the numbers of a run (printed with every table)."""

    data: str
    clusters: int
    budget: Budget
    measure: str = "f1"
    use_stemmer: bool = True
    encoder: str = "all-MiniLM-L6-v2 (bundled)"
    seed: int = 0
    resamples: int = 1000
    permutations: int = 10000
    confidence: float = 0.95
    alpha: float = 0.05
    limit: int | None = None
    ids: str | None = None
    methods: tuple[str, ...] = field(default=())
    topics: str | None = None  #: the DUC topics file giving each cluster's query

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["budget"] = {"kind": self.budget.kind, "limit": self.budget.limit}
        d["methods"] = list(self.methods)
        return d

    def same_run(self, other: dict[str, Any]) -> list[str]:
        """Names of the settings (methods aside) that differ from a saved run's."""
        mine = self.to_dict()
        return sorted(k for k in mine if k != "methods" and other.get(k) != mine[k])
