"""Digest: the chosen sentences in reading order, each cited to every article that reports it.

A sentence's place is the earliest relative position at which any article reports its content
(news puts the main facts first), ties broken by the article and position it was taken from. A
pick that passes the budget (only selection with ``overrun``, for evaluation, makes one: the last
pick) stays last, so that the scorer's cut at the budget falls on it. A sentence cites the
article it was taken from and every other article of its content unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from .analysis import Analysis
from .select import Selection
from .types import Budget, DigestData, DigestSentence, Document, Pick, Source


class Digest(DigestData):
    """A cited digest. Render it with :meth:`to_text`, :meth:`to_markdown`, :meth:`to_json` or
    :meth:`to_html` (:mod:`summarize.render`)."""

    def to_text(self) -> str:
        from .render.text import render_text

        return render_text(self)

    def to_markdown(self) -> str:
        from .render.text import render_markdown

        return render_markdown(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        from .render.json import render_json

        return render_json(self, indent=indent)

    def to_html(self, *, title: str = "News digest", lang: str = "en") -> str:
        """A self-contained HTML page (see :mod:`summarize.render.html`)."""
        from .render.html import render_html

        return render_html(self, title=title, lang=lang)

    def to_dict(self) -> dict[str, object]:
        from .render.json import digest_dict

        return digest_dict(self)


def sources_of(documents: Sequence[Document]) -> tuple[Source, ...]:
    return tuple(
        Source(
            number=i + 1, title=d.title or f"Article {i + 1}", path=d.path, url=d.url,
            site=d.site, author=d.author, date=d.date,
        )
        for i, d in enumerate(documents)
    )


def build_digest(
    analysis: Analysis, selection: Selection, budget: Budget, id: str = ""
) -> Digest:
    """Order the picks for reading and attach their citations."""
    sentences, units = analysis.sentences, analysis.units

    def reading_key(p: Pick) -> tuple[float, int, int]:
        s = sentences[p.sentence]
        first = min(sentences[i].relative_position for i in units[p.unit].members)
        return (round(first, 6), s.doc, s.position)

    picks = selection.picks
    if selection.overran:
        ordered = sorted(picks[:-1], key=reading_key) + [picks[-1]]
    else:
        ordered = sorted(picks, key=reading_key)
    chosen = []
    for pick in ordered:
        s = sentences[pick.sentence]
        chosen.append(
            DigestSentence(
                text=s.text,
                article=s.doc + 1,
                position=s.position,
                citations=tuple(d + 1 for d in units[pick.unit].docs),
                score=round(pick.score, 4),
            )
        )
    return Digest(
        sentences=tuple(chosen), sources=sources_of(analysis.documents), budget=budget, id=id
    )
