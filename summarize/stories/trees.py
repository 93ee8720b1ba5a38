"""A fitted ensemble of binary decision trees, evaluated with NumPy: gradient boosting's
prediction (Friedman 2001), the sum of one leaf's value per tree, through the logistic link.

An ensemble is a mapping (JSON, as ``eval/train_grouping.py`` writes it from scikit-learn's
``HistGradientBoostingClassifier``): ``baseline`` (the raw score before any tree), and per
tree the flat node arrays ``feature``, ``threshold``, ``left``, ``right``, ``value`` and
``leaf`` (node 0 the root). A row goes left where its feature is at most the node's
threshold, as scikit-learn's predictor sends it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

_FIELDS = ("feature", "threshold", "left", "right", "value", "leaf")


@dataclass(frozen=True)
class Ensemble:
    """The trees as padded arrays, one row a tree (see the module's docstring)."""

    baseline: float
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    leaf: np.ndarray
    depth: int

    @cached_property
    def _flat(self) -> tuple[np.ndarray, ...]:
        """The arrays laid end to end: each tree's first node in them, the nodes' features,
        thresholds and values, and each node's next node, where a row goes right and then
        (the second half) where it goes left (a leaf is its own next node)."""
        n, width = self.feature.shape
        first = np.arange(n, dtype=np.int64) * width
        node, base = np.arange(n * width, dtype=np.int64), np.repeat(first, width)
        leaf = self.leaf.ravel()
        right = np.where(leaf, node, base + self.right.ravel())
        left = np.where(leaf, node, base + self.left.ravel())
        return (first, self.feature.ravel(), self.threshold.ravel(),
                np.concatenate([right, left]), self.value.ravel())

    def probability(self, x: Sequence[float]) -> float:
        """The ensemble's probability for one row of features ``x``."""
        row = np.asarray(x, dtype=np.float64)
        first, feature, threshold, following, value = self._flat
        left = row[feature] <= threshold  # where the row goes at every node
        at = first
        for _ in range(self.depth):
            at = following[at + len(feature) * left[at]]
        raw = self.baseline + float(value[at].sum())
        return 1.0 / (1.0 + np.exp(-raw))


def ensemble(spec: Mapping[str, object]) -> Ensemble:
    """An :class:`Ensemble` from its mapping (see the module's docstring)."""
    trees: list[dict[str, list[float]]] = list(spec["trees"])  # type: ignore[call-overload]
    width = max(len(t["leaf"]) for t in trees)
    arrays = {}
    for name in _FIELDS:
        kind = np.float64 if name in ("threshold", "value") else np.int64
        out = np.zeros((len(trees), width), dtype=kind)
        for k, tree in enumerate(trees):
            out[k, :len(tree[name])] = tree[name]
        arrays[name] = out
    return Ensemble(baseline=float(spec["baseline"]),  # type: ignore[arg-type]
                    depth=_depth(arrays["left"], arrays["right"], arrays["leaf"]),
                    **{k: (v.astype(bool) if k == "leaf" else v) for k, v in arrays.items()})


def _depth(left: np.ndarray, right: np.ndarray, leaf: np.ndarray) -> int:
    """The most steps from a root to a leaf in any tree."""
    deepest = 0
    for t in range(len(left)):
        level, frontier = 0, [0]
        while frontier:
            inner = [k for k in frontier if not leaf[t, k]]
            if not inner:
                break
            level += 1
            frontier = [int(c) for k in inner for c in (left[t, k], right[t, k])]
        deepest = max(deepest, level)
    return deepest


def load(path: Path) -> Ensemble:
    """The ensemble saved at ``path`` (JSON)."""
    return ensemble(json.loads(path.read_text(encoding="utf-8")))
