"""Digest: the chosen sentences in reading order, each cited to every article that reports it.

A sentence's place is the earliest relative position at which any article reports its content
(news puts the main facts first); at the same place the content more articles report comes
first (the main event before what followed), then the earlier article (by date where known,
else in the order given). A sentence chosen with the one it needs before it stays right after
it. A pick that passes the budget (only selection with ``overrun``, for evaluation, makes one:
the last pick) stays last, so that the scorer's cut at the budget falls on it. Citations come
from :mod:`summarize.cite`: every article that reports the sentence's content, and the
articles that report it with another figure. A sentence is printed with its quotation marks
in matching pairs (:func:`~summarize.text.paired_quotes`).
"""

from __future__ import annotations

from collections.abc import Sequence

from .analysis import Analysis
from .cite import citations
from .select import Selection
from .text import paired_quotes
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
    """Order the picks for reading and attach their citations (:func:`~summarize.cite.
    citations`). A sentence chosen with the one it needs before it stays right after it."""
    sentences, units, documents = analysis.sentences, analysis.units, analysis.documents
    dated = sorted(range(len(documents)), key=lambda d: (documents[d].date or "9999", d))
    date_rank = {d: r for r, d in enumerate(dated)}

    def reading_key(p: Pick) -> tuple[float, int, int, int, int]:
        s = sentences[p.sentence]
        unit = units[p.unit]
        first = min(sentences[i].relative_position for i in unit.members)
        return (round(first, 6), -unit.support, date_rank[s.doc], s.doc, s.position)

    picks = list(selection.picks)
    tail: list[Pick] = []
    if selection.overran:  # the pick that passes the budget (and what it needs) stays last
        tail = [picks.pop()]
        while tail[0].after is not None:
            tail.insert(0, next(p for p in picks if p.sentence == tail[0].after))
            picks.remove(tail[0])
    followers = {p.after: p for p in picks if p.after is not None}
    ordered: list[Pick] = []
    for pick in sorted((p for p in picks if p.after is None), key=reading_key):
        while True:
            ordered.append(pick)
            if pick.sentence not in followers:
                break
            pick = followers.pop(pick.sentence)
    ordered += sorted(followers.values(), key=reading_key) + tail
    chosen = []
    for pick in ordered:
        s = sentences[pick.sentence]
        cited = citations(analysis, pick.sentence)
        chosen.append(
            DigestSentence(
                text=paired_quotes(s.text),
                article=s.doc + 1,
                position=s.position,
                citations=cited.articles,
                score=round(pick.score, 4),
                other_reports=cited.other_reports,
            )
        )
    return Digest(sentences=tuple(chosen), sources=sources_of(documents), budget=budget, id=id)
