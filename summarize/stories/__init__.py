"""Stories: a stream of articles (a day's news from many feeds) grouped by what they report,
each group digested with its citations.

The contract shared by the pieces (see each module):

* :class:`StoryOptions` — how articles are grouped (:mod:`.grouping`);
* :class:`Story` — one story: a stable ``id``, a ``headline`` (the title of its most central
  article, or of the most central one with a whole title), its ``articles`` (their ids, in
  input order), its cited ``digest`` and its ``status`` (``"new"``, or ``"updated"`` when a
  saved state had it before);
* :func:`article_id` — how an article is named in a story's article list;
* :class:`Stories` — a run's stories (a list) and the articles it sets aside
  (:class:`SetAside`): every input article is in exactly one story or set aside.

``Summarizer.stories`` (:mod:`summarize.summarizer`) runs the whole: encode each article's
sentences once, group the articles, digest each story (:mod:`.build`). The articles with
their encoded sentences are :mod:`.articles`; the per-story digests (the digest path of
:mod:`summarize.pipeline`, on the engine of :mod:`summarize.engine`) :mod:`.digests`; the saved
stories of daily runs (``state=DIR``, SQLite) :mod:`.state`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from ..errors import UsageError
from ..types import Document

if TYPE_CHECKING:
    from ..digest import Digest

__all__ = ["SetAside", "Stories", "Story", "StoryOptions", "article_id"]

StoryStatus = Literal["new", "updated"]


@dataclass(frozen=True)
class StoryOptions:
    """How articles are grouped into stories: ``threshold``, the learned probability that two
    groups of articles report one story (:func:`.joining.joins`, read from their pairs'
    learned probabilities, their centroids and their sizes) at which they join (the default
    is the one ``eval/train_grouping.py`` chose on the tuning pools, see ``eval/README.md``);
    ``max_days``, the most days apart two dated articles of one story may be (dates keep
    distant events apart; undated articles are never kept apart by date; the development
    pools have no dates, so it is not tuned)."""

    threshold: float = 0.35
    max_days: int = 3

    def __post_init__(self) -> None:
        t = self.threshold
        if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t) \
                or not 0 < t <= 1:
            raise UsageError(f"the story threshold must be in (0, 1], not {t!r}",
                             option="story_threshold")
        d = self.max_days
        if isinstance(d, bool) or not isinstance(d, int) or d < 0:
            raise UsageError(f"max_days must be a whole number of days >= 0, not {d!r}",
                             option="max_days")


@dataclass(frozen=True)
class Story:
    """One story: the articles that report one event, and their cited digest."""

    id: str  #: stable across runs (made from its first article's id)
    headline: str  #: the title of its most central article (whole: :func:`.articles.headline`)
    articles: tuple[str, ...]  #: the ids of its articles (:func:`article_id`), in input order
    digest: Digest
    status: StoryStatus = "new"  #: "updated" when a saved state held this story before
    date: str | None = None  #: its latest article's date (``YYYY-MM-DD``), when known
    #: None, or what its digest fell back to when no sentence of it reads alone (``"lead"``:
    #: the lead of its most central article) or none fits the budget (``"headline"``: no
    #: sentence, its headline and sources only); see :mod:`.digests`
    fallback: str | None = None


@dataclass(frozen=True)
class SetAside:
    """An input article that is in no story, and why (an article with no sentence to
    summarize; one a saved state holds already, whose story this run does not touch)."""

    article: str  #: its id (:func:`article_id`)
    reason: str  #: one line


class Stories(list[Story]):
    """The stories of a run, in their order (a list), and :attr:`set_aside`: every input
    article that is in none of them, with why. Every input article is in exactly one of
    the two."""

    def __init__(self, stories: Iterable[Story] = (), set_aside: Iterable[SetAside] = ()):
        super().__init__(stories)
        self.set_aside: tuple[SetAside, ...] = tuple(set_aside)


def article_id(document: Document, index: int) -> str:
    """How an article is named: its ``id``, else its path, else its URL, else ``article-N``
    (N its place in the input, from 1); cleaned to one line as every printed field is
    (:func:`~summarize.text.one_line`: no control or bidirectional characters)."""
    from ..text import one_line

    name = document.id or document.path or document.url or ""
    return one_line(name) or f"article-{index + 1}"


def day_of(text: str | None) -> int | None:
    """The day number (proleptic ordinal) of a ``YYYY-MM-DD`` date; None when unknown."""
    try:
        return date.fromisoformat(text).toordinal() if text else None
    except ValueError:
        return None
