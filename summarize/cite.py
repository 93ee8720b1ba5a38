"""Cite: which articles support a digest sentence, and which report it with another figure.

An article is cited only when one of its candidate sentences reports the same content: the
same text, or a sentence that holds at least :data:`SUPPORT_OVERLAP` of the digest sentence's
content words and every number it states (and is no longer a passage than it: a quotation read
whole supports only a passage as long). The test runs sentence by sentence over every
article, whatever the content units and the cluster's size.

Figures are compared too: two sentences that report the same content and each state a figure
the other lacks (a count or an amount; dates and years aside) disagree. An article that only
disagrees is not cited as support; it is listed as another report, with its own figure, so
that the digest can say "killed 40 people … [2]; other reports: 12 [1], at least 25 [3]".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .analysis import Analysis
from .facts import figures_in, overlap
from .types import OtherReport

#: Share of the digest sentence's content words a supporting sentence must hold.
SUPPORT_OVERLAP = 0.5
#: Cosine at or above which a sentence that gives other figures reports the same thing.
RELATED_COSINE = 0.6
#: Share of the shorter one's content words two such sentences share at the least.
RELATED_OVERLAP = 0.2

_MONTH = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}$", re.I
)


@lru_cache(maxsize=65536)
def figures(text: str) -> dict[str, str]:
    """The figures a sentence states, normalised number -> as written ("25" -> "at least 25"),
    dates (a month's day, a year) left out: they place the event, they do not count it."""
    out: dict[str, str] = {}
    for written, end in figures_in(text):
        number = re.sub(r"[^\d.]", "", written.split()[-1])
        if not number or re.fullmatch(r"(?:19|20)\d\d", number):
            continue
        if _MONTH.search(text[max(0, end - 16):end]):
            continue
        out.setdefault(number, written)
    return out


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
    mine = figures(text)
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
        theirs = figures(sentences[t].text)
        if (set(mine) - set(theirs) and set(theirs) - set(mine) and rows[t] is not None
                and float(vectors[i] @ vectors[rows[t]]) >= RELATED_COSINE
                and overlap(mine_stems, stems[t]) >= RELATED_OVERLAP):
            other.setdefault(doc, theirs[next(k for k in theirs if k not in mine)])
    reports = tuple(OtherReport(article=d + 1, figure=f)
                    for d, f in sorted(other.items()) if d not in supporting)
    return Citations(articles=tuple(sorted(d + 1 for d in supporting)), other_reports=reports)
