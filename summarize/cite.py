"""Cite: which articles support a digest sentence, and which report it with another figure.

An article is cited only when one of its candidate sentences reports the same content: the
same text, or a sentence that holds at least :data:`SUPPORT_OVERLAP` of the digest sentence's
content words and every number it states (and is no longer a passage than it: a quotation read
whole supports only a passage as long). The test runs sentence by sentence over every
article, whatever the content units and the cluster's size.

Figures are compared too, like with like (:mod:`summarize.figures`): two sentences that report
the same content and give another value for a figure of the same kind (the dead, a magnitude,
kilometres, euros; times of day, dates, years and ages are no figures) disagree. An article
that only disagrees is not cited as support; it is listed as another report, with its own figure, so
that the digest can say "killed 40 people … [2]; other reports: 12 [1], at least 25 [3]". A
sentence that gives the same toll in the city's country ("Nairobi, Kenya") is such a report too
(:func:`~summarize.facts.one_toll_in_one_place`: the selection takes one of the two).
"""

from __future__ import annotations

from typing import NamedTuple

from .analysis import Analysis
from .facts import one_toll_in_one_place, overlap
from .figures import conflict, figures
from .types import OtherReport

#: Share of the digest sentence's content words a supporting sentence must hold.
SUPPORT_OVERLAP = 0.5
#: Cosine at or above which a sentence that gives other figures reports the same thing.
RELATED_COSINE = 0.6
#: Share of the shorter one's content words two such sentences share at the least.
RELATED_OVERLAP = 0.2

def holds(theirs: frozenset[str], mine: frozenset[str]) -> float:
    """The share of ``mine`` (a sentence's content words) that ``theirs`` holds."""
    return len(mine & theirs) / len(mine) if mine else 0.0


class Citations(NamedTuple):
    """What the articles say of one digest sentence."""

    #: the articles (numbered from 1) that support it, its own among them, sorted
    articles: tuple[int, ...]
    #: the articles that report it with another figure only, each with its figure
    other_reports: tuple[OtherReport, ...]


def citations(analysis: Analysis, i: int) -> Citations:
    """The articles that support candidate ``i`` and those that report it with another figure
    only (see :class:`Citations`)."""
    # every candidate of the articles is read, encoded or not (Analysis.pool); the cosine of
    # another report is known for the encoded ones (Analysis.pool_rows)
    pool, rows, vectors = analysis.pool or analysis, analysis.pool_rows, analysis.vectors
    sentences, stems, numbers, spans = pool.sentences, pool.stems, pool.numbers, pool.spans
    text = analysis.sentences[i].text
    mine_stems, mine_numbers = analysis.stems[i], analysis.numbers[i]
    mine_span = analysis.spans[i]
    mine = analysis.figures[i]
    supporting = {analysis.sentences[i].doc}
    other: dict[int, str] = {}
    for t in range(len(sentences)):
        doc = sentences[t].doc
        if doc in supporting:
            continue
        if sentences[t].text == text or (
            mine_numbers <= numbers[t] and spans[t] <= mine_span
            and holds(stems[t], mine_stems) >= SUPPORT_OVERLAP
        ):
            supporting.add(doc)
            continue
        differ = conflict(mine, pool.figures[t]) if mine else frozenset()
        if differ and (rows[t] is not None
                       and float(vectors[i] @ vectors[rows[t]]) >= RELATED_COSINE
                       and overlap(mine_stems, stems[t]) >= RELATED_OVERLAP
                       or one_toll_in_one_place(analysis.facts(i), pool.facts(t))):
            figure = next((f.written for f in figures(sentences[t].text)
                           if f.kind in differ and f.value not in mine[f.kind]), None)
            if figure is not None:
                other.setdefault(doc, figure)
    reports = tuple(OtherReport(article=d + 1, figure=f)
                    for d, f in sorted(other.items()) if d not in supporting)
    return Citations(articles=tuple(sorted(d + 1 for d in supporting)), other_reports=reports)
