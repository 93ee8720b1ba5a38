"""Bootstrap intervals and the paired permutation test: seeded, and right on clear cases."""

import numpy as np
import pytest

from summarize.evaluation.stats import (
    bootstrap_interval,
    generator,
    paired_permutation_test,
)


def test_interval_contains_the_mean_and_is_seeded():
    values = [0.1, 0.4, 0.35, 0.2, 0.5, 0.3, 0.25, 0.45]
    a = bootstrap_interval(values, generator(0, "x"))
    b = bootstrap_interval(values, generator(0, "x"))
    assert a == b
    assert a.low < a.mean < a.high
    assert a.mean == pytest.approx(np.mean(values))
    assert min(values) <= a.low and a.high <= max(values)
    assert bootstrap_interval(values, generator(1, "x")) != a


def test_interval_of_a_constant_is_a_point():
    iv = bootstrap_interval([0.3] * 10, generator(0))
    assert iv.low == pytest.approx(0.3) and iv.high == pytest.approx(0.3)


def test_interval_narrows_with_more_data():
    rng = np.random.default_rng(5)
    small = bootstrap_interval(rng.normal(size=20), generator(0))
    large = bootstrap_interval(rng.normal(size=2000), generator(0))
    assert (large.high - large.low) < (small.high - small.low) / 4


def test_permutation_test_finds_a_consistent_gain_and_not_a_loss():
    rng = np.random.default_rng(1)
    b = rng.uniform(0.2, 0.4, size=40)
    a = b + 0.02 + rng.normal(0, 0.005, size=40)
    assert paired_permutation_test(a, b, generator(0), permutations=2000) < 0.01
    assert paired_permutation_test(b, a, generator(0), permutations=2000) > 0.99


def test_permutation_test_on_noise_is_not_significant():
    rng = np.random.default_rng(2)
    b = rng.uniform(0.2, 0.4, size=40)
    a = b + rng.normal(0, 0.05, size=40) * np.where(np.arange(40) % 2, 1, -1)
    p = paired_permutation_test(a - a.mean() + b.mean(), b, generator(0), permutations=2000)
    assert 0.05 < p < 0.95


def test_identical_systems_are_never_significant_and_p_is_never_zero():
    x = [0.3, 0.4, 0.5]
    assert paired_permutation_test(x, x, generator(0)) == pytest.approx(1.0)
    p = paired_permutation_test([1.0] * 30, [0.0] * 30, generator(0), permutations=500)
    assert p == pytest.approx(1 / 501)


def test_unpaired_input_is_refused():
    with pytest.raises(ValueError):
        paired_permutation_test([0.1, 0.2], [0.1], generator(0))
