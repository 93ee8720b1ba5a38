"""Rendering stories (:class:`~summarize.stories.Story`): JSON lines, text, Markdown, and one
self-contained newsletter page.

Every format keeps the stories in the order given (:meth:`Summarizer.stories
<summarize.summarizer.Summarizer.stories>` orders them: most articles first, then the most
recent) and prints each story's digest as the digest renderers do, so that what holds for a
digest's escaping holds here: JSON escapes what :mod:`.json` escapes, text and Markdown show
article text as one line (:func:`~summarize.text.one_line`, Markdown also escaped), and the page
is autoescaped by Jinja2 with only ``http``/``https`` URLs as links (:func:`.html.safe_href`).

JSON line shape (``"format": "summarize.story/1"``, one line per story, keys in this order)::

    {"format": "summarize.story/1", "id": "...", "headline": "...",
     "articles": ["a.txt", "b.txt"],       # the story's article ids, in input order
     "status": "new",                      # or "updated": a saved state had the story before
     "date": "2024-03-12",                 # its latest article's date, or null
     "fallback": null,                     # or "lead" / "headline" (see stories.digests)
     "digest": {...}}                      # the digest object (see :mod:`.json`)

then one line per article set aside (in no story), after the stories, in input order::

    {"format": "summarize.set_aside/1", "article": "junk.html", "reason": "..."}

Every input article is in exactly one story's ``articles`` or one set-aside line. Text,
Markdown and the page end with the same list, under "Set aside".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..text import one_line
from .html import page_head, source_view, template
from .json import _LINE_BREAKS, _valid, digest_dict
from .text import markdown_inline, render_markdown, render_text

if TYPE_CHECKING:
    from ..stories import SetAside, Story

STORY_FORMAT = "summarize.story/1"
SET_ASIDE_FORMAT = "summarize.set_aside/1"
TEMPLATE = "stories.html.j2"
#: What a story's digest fell back to, as its page, text and Markdown say it.
FALLBACK_NOTES = {
    "lead": "no sentence reads alone: the lead of its most central article",
    "headline": "no sentence fits the budget: its headline and sources only",
}


def story_dict(story: Story) -> dict[str, object]:
    """One story as the object of its JSON line (keys in a fixed order)."""
    return {
        "format": STORY_FORMAT,
        "id": story.id,
        "headline": story.headline,
        "articles": list(story.articles),
        "status": story.status,
        "date": story.date,
        "fallback": story.fallback,
        "digest": digest_dict(story.digest),
    }


def set_aside_dict(item: SetAside) -> dict[str, object]:
    """One article set aside, as the object of its JSON line."""
    return {"format": SET_ASIDE_FORMAT, "article": item.article, "reason": item.reason}


def aside_of(stories: Sequence[Story], set_aside: Sequence[SetAside] | None) -> tuple[
        SetAside, ...]:
    """``set_aside``, else the one the stories carry (:class:`~summarize.stories.Stories`)."""
    return tuple(getattr(stories, "set_aside", ()) if set_aside is None else set_aside)


def render_stories_jsonl(stories: Sequence[Story],
                         set_aside: Sequence[SetAside] | None = None) -> str:
    """One compact JSON object per story, one line each, in the order given; then one per
    article set aside (``set_aside``, default the stories' own)."""
    lines = []
    objects = [story_dict(s) for s in stories] + [set_aside_dict(a)
                                                   for a in aside_of(stories, set_aside)]
    for obj in objects:
        text = json.dumps(_valid(obj), ensure_ascii=False)
        lines.append(text.translate(_LINE_BREAKS) + "\n")
    return "".join(lines)


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def story_note(story: Story) -> str:
    """``3 articles, updated, 2024-03-12``: how many articles, its status, its date."""
    parts = [_count(len(story.articles), "article"), story.status]
    if story.date and one_line(story.date):
        parts.append(one_line(story.date))
    if story.fallback:
        parts.append(FALLBACK_NOTES.get(story.fallback, one_line(story.fallback)))
    return ", ".join(parts)


def headline_of(story: Story, number: int) -> str:
    """The story's headline as one line (``Story N`` when it has none)."""
    return one_line(story.headline) or f"Story {number}"


def render_stories_text(stories: Sequence[Story],
                        set_aside: Sequence[SetAside] | None = None) -> str:
    """Each story: ``== its headline ==``, ``(N articles, new)``, then its digest as
    :func:`~.text.render_text` prints it; stories apart by a blank line; then ``== Set aside
    ==`` and one line per article set aside, when there is one."""
    parts = [
        f"== {headline_of(story, i)} ==\n({story_note(story)})\n\n{render_text(story.digest)}"
        for i, story in enumerate(stories, 1)
    ]
    aside = aside_of(stories, set_aside)
    if aside:
        parts.append("== Set aside ==\n" + "".join(
            f"- {one_line(a.article)}: {one_line(a.reason)}\n" for a in aside))
    return "\n".join(parts)


def render_stories_markdown(stories: Sequence[Story],
                            set_aside: Sequence[SetAside] | None = None) -> str:
    """Each story: its headline as a heading, ``*N articles, new*``, then its digest as
    :func:`~.text.render_markdown` prints it; then a ``Set aside`` list, when there is one."""
    parts = [
        f"## {markdown_inline(headline_of(story, i))}\n\n"
        f"*{markdown_inline(story_note(story))}*\n\n{render_markdown(story.digest)}"
        for i, story in enumerate(stories, 1)
    ]
    aside = aside_of(stories, set_aside)
    if aside:
        parts.append("## Set aside\n\n" + "".join(
            f"- {markdown_inline(a.article)}: {markdown_inline(a.reason)}\n" for a in aside))
    return "\n".join(parts)


def _story_view(story: Story, number: int, badges: bool) -> dict[str, object]:
    digest = story.digest
    return {
        "anchor": f"story-{number}",
        "headline": headline_of(story, number),
        "status": ("updated" if story.status == "updated" else "new") if badges else "",
        "note": ", ".join(
            [_count(len(story.articles), "article")]
            + ([one_line(story.date)] if story.date and one_line(story.date) else [])
        ),
        "sentences": [
            {"text": one_line(s.text), "citations": s.citations,
             "others": [(one_line(r.figure), r.article) for r in s.other_reports]}
            for s in digest.sentences
        ],
        "sources": [source_view(src) for src in digest.sources],
        "fallback": FALLBACK_NOTES.get(story.fallback or "", one_line(story.fallback or "")),
    }


def render_stories_html(
    stories: Sequence[Story], set_aside: Sequence[SetAside] | None = None, *,
    title: str = "News digest", lang: str = "en",
) -> str:
    """The stories as one complete HTML page (UTF-8), on the digest page's base template: a
    contents list, then each story with its headline, a "new" or "updated" badge (only when
    a story of the page continues a saved one: a page of new stories alone marks none), its
    cited sentences and its sources, then the articles set aside. Citations link within
    their story (``#story-K-source-N``)."""
    title, lang = page_head(title, lang)
    badges = any(story.status == "updated" for story in stories)
    views = [_story_view(story, i, badges) for i, story in enumerate(stories, 1)]
    articles = sum(len(story.articles) for story in stories)
    aside = [{"article": one_line(a.article), "reason": one_line(a.reason)}
             for a in aside_of(stories, set_aside)]
    summary = f"{_count(len(views), 'story', 'stories')} from {_count(articles, 'article')}"
    if aside:
        summary += f" · {len(aside)} set aside"
    return template(TEMPLATE).render(  # type: ignore[no-any-return]
        title=title,
        lang=lang,
        stories=views,
        set_aside=aside,
        summary=summary,
    )
