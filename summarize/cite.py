"""Cite: which articles support a digest sentence, and which report it with another figure.

An article is cited only when one of its candidate sentences reports the same content: the
same text, or a sentence close in meaning (cosine at least :data:`SUPPORT_COSINE`) that shares
at least :data:`SUPPORT_OVERLAP` of the shorter one's content words. The test runs sentence by
sentence over every article, whatever the content units and the cluster's size.

Figures are compared too: two sentences that report the same content and each state a figure
the other lacks (a count or an amount; dates and years aside) disagree. An article that only
disagrees is not cited as support; it is listed as another report, with its own figure, so
that the digest can say "killed 40 people … [2]; other reports: 12 [1], at least 25 [3]".
"""

from __future__ import annotations

import re

import numpy as np

from .analysis import Analysis
from .text import figures_in, overlap
from .types import OtherReport

#: Cosine at or above which a sentence may report the same content as another.
SUPPORT_COSINE = 0.6
#: Share of the shorter sentence's content words that two such sentences must share.
SUPPORT_OVERLAP = 0.2

_MONTH = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}$", re.I
)


def figures(text: str) -> dict[str, str]:
    """The figures a sentence states, normalised number -> as written ("25" -> "at least 25"),
    dates (a month's day, a year) left out: they place the event, they do not count it."""
    out: dict[str, str] = {}
    for written in figures_in(text):
        number = re.sub(r"[^\d.]", "", written.split()[-1])
        end = text.find(written) + len(written)
        if not number or re.fullmatch(r"(?:19|20)\d\d", number):
            continue
        if _MONTH.search(text[max(0, end - 16):end]):
            continue
        out.setdefault(number, written)
    return out


def citations(analysis: Analysis, i: int) -> tuple[tuple[int, ...], tuple[OtherReport, ...]]:
    """The articles (numbered from 1) that support candidate ``i``, its own first, sorted; and
    the articles that report it with another figure only."""
    sentences, vectors, stems = analysis.sentences, analysis.vectors, analysis.stems
    mine = figures(sentences[i].text)
    similar = np.flatnonzero(vectors @ vectors[i] >= SUPPORT_COSINE)
    supporting = {sentences[i].doc}
    other: dict[int, str] = {}
    for t in sorted(set(similar.tolist()) | {i}):
        doc = sentences[t].doc
        if doc in supporting:
            continue
        same_text = sentences[t].text == sentences[i].text
        if not same_text and overlap(stems[i], stems[t]) < SUPPORT_OVERLAP:
            continue
        theirs = figures(sentences[t].text)
        if not same_text and set(mine) - set(theirs) and set(theirs) - set(mine):
            other.setdefault(doc, theirs[next(k for k in theirs if k not in mine)])
            continue
        supporting.add(doc)
    reports = tuple(OtherReport(article=d + 1, figure=f)
                    for d, f in sorted(other.items()) if d not in supporting)
    return tuple(sorted(d + 1 for d in supporting)), reports
