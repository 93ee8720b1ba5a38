"""The group model's training (``eval/train_grouping.py``): how its offers are weighed."""

from __future__ import annotations

import math

import numpy as np
import pytest

from summarize.stories.joining import GROUP_FEATURES

from ..conftest import eval_script


@pytest.fixture(scope="module")
def train():  # type: ignore[no-untyped-def]
    return eval_script("train_grouping")


def offers(*sizes: tuple[int, int]) -> np.ndarray:
    """Offers of groups of these sizes (the other features 0)."""
    x = np.zeros((len(sizes), len(GROUP_FEATURES)))
    x[:, GROUP_FEATURES.index("log_product")] = [math.log(a * b) for a, b in sizes]
    x[:, GROUP_FEATURES.index("log_sum")] = [math.log(a + b) for a, b in sizes]
    return x


def test_each_part_weighs_the_same_and_its_offers_alike_by_default(train) -> None:  # type: ignore[no-untyped-def]
    w = train.offer_weights([offers((1, 1), (2, 2)), offers((1, 1), (3, 3), (10, 10), (1, 9))])
    assert w.tolist() == pytest.approx([3.0, 3.0, 1.5, 1.5, 1.5, 1.5])


def test_an_offer_weighs_its_stake_in_b_cubed_within_its_part(train) -> None:  # type: ignore[no-untyped-def]
    w = train.offer_weights([offers((1, 1), (2, 2)), offers((1, 1), (3, 3), (10, 10), (1, 9))],
                            stake=True)
    assert w[:2].sum() == pytest.approx(6.0) and w[2:].sum() == pytest.approx(6.0)
    # a b / (a + b): 1/2 for two articles, 1 for two pairs, 5 for two groups of ten, and
    # 9/10 for an article and a group of nine (a wrong join costs about one article's precision)
    assert w[1] / w[0] == pytest.approx(2.0)
    assert w[4] / w[2] == pytest.approx(10.0) and w[5] / w[2] == pytest.approx(1.8)
