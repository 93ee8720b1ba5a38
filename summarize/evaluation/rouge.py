"""ROUGE scoring with Google's ``rouge-score`` package, and ROUGE-1.5.5's length cut-offs.

Scoring (Lin 2004, *ROUGE: A Package for Automatic Evaluation of Summaries*):

* ROUGE-1 and ROUGE-2 over the whole summary; ROUGE-Lsum, the summary-level LCS, over
  sentences joined by newlines. ``rougeLsum`` is what Perl ROUGE-1.5.5 reports as ROUGE-L
  (``rougeL`` of rouge-score is a different, sentence-blind number).
* Porter stemming on by default (Perl's ``-m``).
* Text is lower-cased before scoring. rouge-score's tokenizer lower-cases anyway and keeps only
  ``[a-z0-9]`` tokens: text in other scripts scores 0 (a known limit of the package).
* References are split into sentences (NLTK punkt, as rouge-score's README recommends for
  ``rougeLsum``); with several references every summary is scored against each one and the
  precision, recall and F1 are averaged, as DUC's ``-f A`` does (rouge-score's own
  ``score_multi`` takes the best reference instead, which is not what DUC reports).

Truncation follows Perl ROUGE-1.5.5: ``-l N`` keeps the first N whitespace-separated words and
``-b N`` the first N bytes, of the summary read as one text. Here the sentences are read joined
by one space (the project's :class:`~summarize.types.Budget` convention), and a cut sentence
keeps its first words (or bytes, never splitting a UTF-8 character).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ..types import Budget

#: The metrics reported, in rouge-score's names, and how tables show them.
METRICS = ("rouge1", "rouge2", "rougeLsum")
METRIC_LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeLsum": "R-Lsum"}
MEASURES = ("f1", "recall")


def truncate(sentences: Sequence[str], budget: Budget) -> list[str]:
    """The sentences cut to the budget as ROUGE-1.5.5's ``-l``/``-b`` would cut them
    (:meth:`~summarize.types.Budget.cut`, the project's one length rule)."""
    return budget.cut(sentences)


def length(sentences: Sequence[str], kind: str = "words") -> int:
    """Words (whitespace-separated) or UTF-8 bytes (joined by one space) of a summary."""
    return Budget(kind, 1).length(sentences)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one metric (rouge-score's ``Score``, our own type)."""

    precision: float
    recall: float
    fmeasure: float

    def get(self, measure: str) -> float:
        return self.recall if measure == "recall" else self.fmeasure

    def to_dict(self) -> dict[str, float]:
        return {"p": self.precision, "r": self.recall, "f": self.fmeasure}

    @classmethod
    def from_dict(cls, d: dict[str, float]) -> Score:
        return cls(d["p"], d["r"], d["f"])


def split_reference(text: str) -> str:
    """A reference lower-cased, one sentence per line (what ``rougeLsum`` reads)."""
    from ..segment import split_sentences

    return "\n".join(split_sentences(text.lower()))


class RougeScorer:
    """ROUGE-1, ROUGE-2 and ROUGE-Lsum of a summary against one or more references."""

    def __init__(self, *, use_stemmer: bool = True) -> None:
        self.use_stemmer = use_stemmer

    @cached_property
    def _scorer(self):  # type: ignore[no-untyped-def]
        from rouge_score import rouge_scorer

        return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=self.use_stemmer)

    @cached_property
    def tokenizer(self):  # type: ignore[no-untyped-def]
        """rouge-score's own tokenizer (lower-case, ``[a-z0-9]+``, Porter when stemming)."""
        from rouge_score import tokenizers

        return tokenizers.DefaultTokenizer(use_stemmer=self.use_stemmer)

    def prepare(self, references: Sequence[str]) -> list[str]:
        """References as :meth:`score` wants them (see :func:`split_reference`)."""
        return [split_reference(r) for r in references if r.strip()]

    def score(self, sentences: Sequence[str], references: Sequence[str]) -> dict[str, Score]:
        """The average over ``references`` (already :meth:`prepare`-d) of each metric."""
        if not references:
            raise ValueError("no reference summary to score against")
        summary = "\n".join(s.lower() for s in sentences)
        sums = {m: [0.0, 0.0, 0.0] for m in METRICS}
        for reference in references:
            result = self._scorer.score(reference, summary)
            for m in METRICS:
                sums[m][0] += result[m].precision
                sums[m][1] += result[m].recall
                sums[m][2] += result[m].fmeasure
        n = len(references)
        return {m: Score(*(v / n for v in sums[m])) for m in METRICS}
