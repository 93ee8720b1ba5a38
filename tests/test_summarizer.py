"""summarize.summarizer: the library's entry points (Summarizer, summarize, build_summarizer)."""

from __future__ import annotations

import pytest

from summarize import (
    Budget,
    BudgetError,
    HashingEncoder,
    Settings,
    Summarizer,
    UsageError,
    build_summarizer,
)
from summarize import summarize as summarize_texts
from summarize.select import SelectOptions

from .conftest import STORY


def test_one_budget_at_a_time(summarizer) -> None:
    assert len(summarizer.digest(list(STORY), sentences=2).sentences) == 2
    by_budget = summarizer.digest(list(STORY), budget=Budget("sentences", 2))
    assert by_budget.to_json() == summarizer.digest(list(STORY), sentences=2).to_json()
    with pytest.raises(BudgetError, match="one budget"):
        summarizer.digest(list(STORY), sentences=2, words=50)


def test_threshold_is_the_group_options_first_field() -> None:
    s = Summarizer(encoder=HashingEncoder(), threshold=0.6)
    assert s.threshold == 0.6
    with pytest.raises(UsageError):
        Summarizer(encoder=HashingEncoder(), threshold=1.5)


def test_options_reach_selection() -> None:
    strict = Summarizer(encoder=HashingEncoder(), threshold=0.5,
                        select_options=SelectOptions(min_words=20))
    digest = strict.digest(list(STORY), words=60)
    # no sentence of the story is 20 words long: the bar falls back to every candidate
    assert digest.sentences


def test_build_summarizer_and_summarize() -> None:
    built = build_summarizer(Settings(backend="hash", threshold=0.55))
    assert isinstance(built.encoder, HashingEncoder) and built.threshold == 0.55
    with pytest.raises(UsageError):
        Settings(backend="nope")
    text = summarize_texts(list(STORY), words=40, encoder=HashingEncoder()).to_text()
    assert "harbour bridge" in text and "Sources:" in text
    assert text == Summarizer(encoder=HashingEncoder()).digest(list(STORY), words=40).to_text()
