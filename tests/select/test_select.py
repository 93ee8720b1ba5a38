"""summarize.select's parts: the objective and its gain, the redundancy rules, the greedy loop."""

from __future__ import annotations

import numpy as np
import pytest

from summarize import Budget
from summarize.errors import BudgetError
from summarize.select import SelectOptions, select
from summarize.select.objective import Objective, long_enough, sentence_scores
from summarize.select.redundancy import Redundancy
from summarize.types import Sentence

from ..conftest import analysis_of


def sentences(*texts: str) -> list[Sentence]:
    return [Sentence(doc=i, position=0, text=t) for i, t in enumerate(texts)]


def unit_vectors(*rows: tuple[float, ...]) -> np.ndarray:
    v = np.array(rows, dtype=float)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_long_enough_falls_back_to_every_candidate() -> None:
    assert long_enough(np.array([3.0, 9.0]), 8).tolist() == [False, True]
    assert long_enough(np.array([3.0, 4.0]), 8).tolist() == [True, True]


def test_the_gain_is_the_new_concept_weight_per_mean_length(summarizer, story) -> None:
    analysis = summarizer.analyze(story)
    options = SelectOptions(centrality_weight=0.0, salience_weight=0.0)
    static = sentence_scores(analysis, options)
    assert not static.any()
    objective = Objective.of(analysis, options, static, long_enough(analysis.lengths, 8))
    i = next(k for k, s in enumerate(analysis.sentences) if "approved" in s.text)
    gain = objective.coverage_gain([i], set())
    assert 0 < gain <= 100
    assert objective.coverage_gain([i], set(analysis.bags[i])) == 0.0  # nothing new
    expected = gain / (analysis.lengths[i] / objective.mean_length)
    assert objective.value([i], set()) == round(expected, 9)


def test_relevance_and_salience_are_checked(summarizer, story) -> None:
    analysis = summarizer.analyze(story)
    with pytest.raises(Exception, match="one value per candidate"):
        sentence_scores(analysis, SelectOptions(), relevance=np.zeros(2))
    weighted = sentence_scores(analysis, SelectOptions(centrality_weight=0.0,
                                                       salience_weight=9.0),
                               salience=np.ones(len(analysis.sentences)))
    assert np.allclose(weighted, 9.0 / 3 ** 2)  # weight / articles ** power


def test_a_close_sentence_is_no_longer_free() -> None:
    analysis = analysis_of(sentences("The council approved the bridge on Monday evening.",
                                     "The bridge was approved by the council on Monday.",
                                     "Rain is expected across the valley this weekend."),
                           unit_vectors((1, 0.1, 0), (1, 0.2, 0), (0, 0, 1)), threshold=0.99)
    rules = Redundancy(analysis, SelectOptions())
    assert rules.free(0) and rules.free(1) and rules.free(2)
    rules.choose(0)
    assert not rules.free(0)  # chosen
    assert not rules.free(1)  # cosine over 0.75
    assert rules.free(2)


def test_the_same_fact_in_other_words_is_blocked() -> None:
    texts = sentences("Officials said the harbour bridge will reopen in spring after repairs.",
                      "After repairs the harbour bridge is to reopen in spring, they added.",
                      "Rain is expected across the valley this weekend.")
    vectors = unit_vectors((1, 0, 0), (0.5, 0.86, 0), (0, 0, 1))  # cosine 0.5: not close
    analysis = analysis_of(texts, vectors, threshold=0.99)
    assert Redundancy(analysis, SelectOptions()).repeats(0, 1)
    rules = Redundancy(analysis, SelectOptions())
    rules.choose(0)
    assert not rules.free(1) and rules.free(2)
    off = Redundancy(analysis, SelectOptions(fact_overlap=0.0))
    off.choose(0)
    assert off.free(1)  # the check off: only the cosine cut


def test_the_greedy_loop_keeps_the_budget_and_says_why_nothing_fits(summarizer, story) -> None:
    analysis = summarizer.analyze(story)
    chosen = select(analysis, Budget("words", 25))
    used = sum(len(analysis.sentences[p.sentence].text.split()) for p in chosen.picks)
    assert chosen.picks and used <= 25 and not chosen.overran
    over = select(analysis, Budget("words", 25), overrun=True)
    assert over.overran and len(over.picks) == len(chosen.picks) + 1
    with pytest.raises(BudgetError, match="no sentence fits in 3 words"):
        select(analysis, Budget("words", 3))
