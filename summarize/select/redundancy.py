"""The redundancy rules: when a candidate repeats what the chosen sentences say.

A candidate is not free once it is chosen, is closer than ``redundancy`` (cosine) to a chosen
sentence, states a chosen sentence's fact in other words (``fact_overlap``,
:func:`~summarize.facts.same_fact`), quotes in its speaker's own words what a chosen sentence (or
one of its content unit) reports that speaker said, or the reverse (:class:`QuotedClaims`; also
off with ``fact_overlap`` 0), or belongs to a content unit already represented
(``one_per_unit``).
"""

from __future__ import annotations

import numpy as np

from ..analysis import Analysis
from ..facts import MIN_FACT_WORDS, same_fact
from ..speech import quoted_words
from ..text import content_stems, stem
from .options import SelectOptions

#: The members of a content unit read for a quotation of what one of them reports (the first,
#: in article order): a bound on the work for units that many articles repeat.
UNIT_READ = 50

#: Cosine at which two sentences are close enough in meaning that two shared fact words make
#: them state the same fact (:func:`~summarize.facts.same_fact`).
CLOSE_COSINE = 0.6


class QuotedClaims:
    """Whether a quotation gives in its speaker's own words what a sentence reports of that
    speaker, read once per (quotation, content unit)."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._claims: dict[tuple[int, int], bool] = {}  # (quotation, unit) -> answer
        self._said: dict[int, frozenset[str]] = {}  # a quotation's quoted fact words

    def said(self, q: int) -> frozenset[str]:
        """The fact words quotation ``q`` quotes (its quoted content stems, the story's own
        words aside)."""
        if q not in self._said:
            a = self.analysis
            self._said[q] = content_stems(quoted_words(a.sentences[q].text)) - a.topic
        return self._said[q]

    def __call__(self, q: int, k: int) -> bool:
        """Whether quotation ``q`` gives in its speaker's own words what ``k``, or a sentence
        of ``k``'s content unit (the first :data:`UNIT_READ` of them), reports of that
        speaker: it names the speaker and attributes, is close in meaning and shares
        :data:`~summarize.facts.MIN_FACT_WORDS` fact words, names aside."""
        a = self.analysis
        if not a.speakers[q]:
            return False
        key = (q, a.unit_of[k])
        if key not in self._claims:
            self._claims[key] = any(self._reports(q, m)
                                    for m in a.units[a.unit_of[k]].members[:UNIT_READ])
        return self._claims[key]

    def _reports(self, q: int, m: int) -> bool:
        """Whether sentence ``m`` reports what quotation ``q`` quotes (see :meth:`__call__`)."""
        a = self.analysis
        names = a.names[m]
        return bool(
            m != q and a.speakers[q] & names and a.attributes[m]
            and float(a.vectors[q] @ a.vectors[m]) >= CLOSE_COSINE
            and len(self.said(q) & (a.stems[m] - {stem(n) for n in names})) >= MIN_FACT_WORDS)


class Redundancy:
    """What the chosen sentences rule out: updated by :meth:`choose`, read by :meth:`free`."""

    def __init__(self, analysis: Analysis, options: SelectOptions) -> None:
        n = len(analysis.sentences)
        self.analysis, self.options = analysis, options
        self.chosen: set[int] = set()
        self.units: set[int] = set()  # the content units of the chosen sentences
        self.closest = np.full(n, -1.0)  # each candidate's highest cosine to a chosen one
        # a candidate that states the fact of a chosen one, once and for all (O(n) per pick)
        self.blocked = np.zeros(n, dtype=bool)
        self.quotes_claim = QuotedClaims(analysis)

    def free(self, i: int) -> bool:
        """Whether candidate ``i`` may still join: not a repeat of a chosen one."""
        if i in self.chosen or self.blocked[i] or self.closest[i] >= self.options.redundancy:
            return False
        return not (self.options.one_per_unit and self.analysis.unit_of[i] in self.units)

    def repeats(self, i: int, j: int) -> bool:
        """Whether ``i`` states the fact ``j`` states (:func:`~summarize.facts.same_fact`), or
        one quotes what the other reports (:class:`QuotedClaims`)."""
        a = self.analysis
        close = float(a.vectors[i] @ a.vectors[j]) >= CLOSE_COSINE
        return same_fact(a.facts(i), a.facts(j), a.topic, self.options.fact_overlap,
                         close=close) \
            or self.quotes_claim(i, j) or self.quotes_claim(j, i)

    def joins(self, i: int, before: tuple[int, ...]) -> bool:
        """Whether candidate ``i`` may join with the sentences ``before`` it that it needs: each
        is free, of another content unit, and (with ``fact_overlap``) states another fact."""
        unit_of, check_facts = self.analysis.unit_of, bool(self.options.fact_overlap)
        return not any(not self.free(k) or unit_of[k] == unit_of[i]
                       or check_facts and self.repeats(i, k) for k in before)

    def choose(self, k: int) -> None:
        """Record ``k`` as chosen: block the candidates that repeat it."""
        self.chosen.add(k)
        self.units.add(self.analysis.unit_of[k])
        self.closest = np.maximum(self.closest, self.analysis.vectors @ self.analysis.vectors[k])
        if self.options.fact_overlap:
            for i in np.flatnonzero(~self.blocked).tolist():
                if i not in self.chosen and self.repeats(i, k):
                    self.blocked[i] = True
