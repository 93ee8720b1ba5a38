"""Confidence intervals and significance, always from a seeded :class:`numpy.random.Generator`.

* :func:`bootstrap_interval`: the percentile bootstrap (Efron & Tibshirani 1993) of a mean over
  clusters: resample the clusters with replacement, take the 2.5th and 97.5th percentiles of
  the resampled means (for 95%).
* :func:`paired_permutation_test`: the one-sided paired permutation (sign-flip) test of
  "system A scores higher than system B on the same clusters" (the approximate randomization
  test recommended for summarization by Rankel et al. 2011 and Dror et al. 2018): under the null
  each per-cluster difference is as likely to have either sign; the p-value is the share of
  random sign flips whose mean difference reaches the observed one (with the +1 correction, so
  it is never 0).

Generators are made by :func:`generator` from the run's seed and the names of what is being
tested, so a number does not depend on which other methods were in the run.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


def generator(seed: int, *names: str) -> np.random.Generator:
    """A generator seeded by ``seed`` and the names (stable across processes and runs)."""
    return np.random.default_rng([seed, *(zlib.crc32(n.encode("utf-8")) for n in names)])


@dataclass(frozen=True)
class Interval:
    """A mean and its confidence interval."""

    mean: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        return {"mean": self.mean, "low": self.low, "high": self.high}


def bootstrap_interval(
    values: Sequence[float],
    rng: np.random.Generator,
    *,
    resamples: int = 1000,
    confidence: float = 0.95,
) -> Interval:
    """The mean of ``values`` with its percentile-bootstrap interval."""
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must be in (0, 1)")
    if resamples < 1:
        raise ValueError("resamples must be positive")
    x = np.asarray(values, dtype=np.float64)
    if x.size == 0:
        return Interval(float("nan"), float("nan"), float("nan"))
    idx = rng.integers(0, x.size, size=(resamples, x.size))
    means = x[idx].mean(axis=1)
    tail = (1.0 - confidence) / 2.0 * 100.0
    low, high = np.percentile(means, [tail, 100.0 - tail])
    return Interval(float(x.mean()), float(low), float(high))


def paired_permutation_test(
    a: Sequence[float],
    b: Sequence[float],
    rng: np.random.Generator,
    *,
    permutations: int = 10000,
) -> float:
    """One-sided p-value of ``mean(a - b) > 0`` (paired sign-flip permutation test)."""
    x = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    if x.ndim != 1 or len(a) != len(b):
        raise ValueError("a and b must be paired: the same number of clusters")
    if permutations < 1:
        raise ValueError("permutations must be positive")
    if x.size == 0:
        return 1.0
    observed = x.mean()
    signs = rng.choice(np.array([-1.0, 1.0]), size=(permutations, x.size))
    flipped = (signs * x).mean(axis=1)
    # a small tolerance, so that ties with the observed mean count as reaching it
    hits = int(np.count_nonzero(flipped >= observed - 1e-12))
    return (hits + 1) / (permutations + 1)
