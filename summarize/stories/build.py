"""A stream of articles into digested stories: what
:meth:`~summarize.summarizer.Summarizer.stories` runs.

1. Every article is segmented once (:func:`.articles.segmented`; from
   :data:`SEGMENT_BESIDE_FROM` articles half of them in a process beside this one) and its
   lead encoded (:func:`.articles.prepare`); an article with no candidate sentence is set
   aside, with a warning.
2. The articles are grouped by their words (:func:`.grouping.continue_stories`: lexical
   vectors, average linkage, dates), from :data:`BESIDE_FROM` articles in a worker process
   while their leads are encoded (:class:`~summarize.beside.Beside`).
3. With a saved state (:mod:`.state`), the saved stories their dates allow are grouped with
   them, each one whole and apart from the others: a group of today's articles that joins a
   saved story continues it. A continued story is ``"updated"`` and its digest is remade from
   all its articles; any other group is a ``"new"`` story. An article already in
   the state (the same name and the same text) is not added again, and another text under a
   saved article's id is another article (:func:`own_name`); an input that is exactly
   the last run's again gives that run's stories again (a run whose output was lost is
   repeated, nothing is added twice).
4. Each story's digest (:mod:`.digests`: the digest path of ``summarize digest``, on this
   process, local workers or Ray), once the sentences it reads are encoded, those of every
   story in one call (:func:`.articles.encode_for`: what ``summarize digest`` encodes of the
   story's articles); its headline is
   the title of its most central article (:func:`.articles.headline`: the most central
   whole title, when that article's was cut short). No story is dropped: one no sentence of which
   reads alone gets the lead of its most central article (its ``fallback``).
5. Every input article is in exactly one story or set aside, with why
   (:class:`~summarize.stories.Stories`).

A story's id is ``s-`` and 12 hex digits of the SHA-256 of its first article's name (another
digest of it when that id is taken), and it keeps it run after run. Stories come by number of
articles (most first), then by their latest date (latest first, undated last), then by their
first article's place in the input.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ..beside import Beside
from ..embed import Encoder
from ..engine import check_engine, cores
from ..errors import BudgetError, InputError, SummarizeWarning, UsageError
from ..group import GroupOptions
from ..pipeline import query_vector
from ..segment import SegmentOptions
from ..select import SelectOptions
from ..text import one_line
from ..types import Budget, Document
from . import SetAside, Stories, Story, StoryOptions, StoryStatus, article_id, day_of
from .articles import Article, encode_for, headline, mean_vector, prepare, segmented, text_sha
from .digests import StoryTask, run_digests
from .grouping import continue_stories
from .state import SavedStories, StoryState, encoder_name, open_state

#: From this many new articles with a sentence to summarize, the grouping runs in a process of
#: its own while their leads are encoded (below it, on one core, or where no process can be
#: started: :func:`~summarize.beside.can_start`, it runs after them, in this process).
BESIDE_FROM = 500
#: From this many new articles, on two cores or more, the later half of them (by characters) is
#: segmented in a process beside this one while this one segments the others
#: (:func:`.articles.segmented`; the same sentences).
SEGMENT_BESIDE_FROM = 2000


@dataclass(frozen=True)
class Pipeline:
    """What a summarizer brings to the stories: its encoder and its stage options, and whether
    its digests weigh the learned salience prior in."""

    encoder: Encoder
    segment_options: SegmentOptions
    group_options: GroupOptions
    select_options: SelectOptions
    salience: bool


@dataclass(frozen=True)
class Draft:
    """A story before its digest: its id, its articles (in order), those new to the state."""

    id: str
    articles: tuple[Article, ...]
    fresh: tuple[Article, ...]
    status: StoryStatus


def make_stories(
    documents: Sequence[Document],
    pipeline: Pipeline,
    *,
    budget: Budget,
    query: str | None = None,
    options: StoryOptions | None = None,
    state: str | os.PathLike[str] | None = None,
    workers: int | None = 1,
    engine: str = "local",
    address: str | None = None,
    deliver: Callable[[Stories], None] | None = None,
) -> Stories:
    """The stories of ``documents`` (see the module's docstring), continuing the saved ones
    of ``state`` (a directory) and saving them there when one is given; with the articles
    set aside (:class:`~summarize.stories.Stories`). ``deliver`` (the run's output) is called
    with them before the state is committed: when it raises, the state is left as it was, so
    that stories whose output was lost are not saved as told."""
    check_engine(engine, workers, address)
    options = StoryOptions() if options is None else options
    if not isinstance(options, StoryOptions):
        raise UsageError(f"options must be StoryOptions, not {type(options).__name__}",
                         option="options")
    if state is not None and not isinstance(state, (str, os.PathLike)):
        raise UsageError(f"state must be a directory path, not {type(state).__name__}",
                         option="state")
    if state == "":  # Path("") is the current directory: never written by surprise
        raise UsageError("state: an empty path names no directory", option="state")
    if not documents:
        raise InputError("no article to group into stories")
    run = dict(budget=budget, query=query_vector(pipeline.encoder, query), workers=workers,
               engine=engine, address=address)
    if state is None:
        drafts, aside, names = _group(documents, None, pipeline, options, run)
        stories = _digested(drafts, pipeline, **run)  # type: ignore[arg-type]
        result = Stories(stories, set_aside(names, stories, aside))
        if deliver is not None:
            deliver(result)
        return result
    with open_state(state, encoder_name(pipeline.encoder)) as saved:
        drafts, aside, names = _group(documents, saved, pipeline, options, run)
        stories = _digested(drafts, pipeline, **run)  # type: ignore[arg-type]
        result = Stories(stories, set_aside(names, stories, aside))
        for draft in drafts:
            if draft.fresh:
                saved.save_story(draft.id, draft.articles, mean_vector(draft.articles),
                                 draft.fresh)
        saved.set_meta("last_stories", json.dumps([[d.id, d.status] for d in drafts]))
        if deliver is not None:
            deliver(result)
        saved.commit()
    return result


def set_aside(names: Sequence[str], stories: Sequence[Story],
              aside: Sequence[tuple[str, str]]) -> list[SetAside]:
    """Every input article in none of ``stories``, in input order, once: those ``aside``
    gives a reason for (no sentence to summarize), the others already in the state (told by
    an earlier run; this run does not touch their story)."""
    told = {name for story in stories for name in story.articles}
    why = dict(aside)
    out: list[SetAside] = []
    for name in names:
        if name in told:
            continue
        told.add(name)
        out.append(SetAside(name, why.get(name, "already in the state: told by an earlier "
                                                "run's story")))
    return out


def _group(
    documents: Sequence[Document], saved: StoryState | None, pipeline: Pipeline,
    options: StoryOptions, run: dict[str, Any],
) -> tuple[list[Draft], list[tuple[str, str]], list[str]]:
    """:func:`_drafts`, with the sentences their digests read (of ``run``'s budget and query)
    encoded, those of every story in one call (:func:`.articles.encode_for`)."""
    drafts, aside, names = _drafts(documents, saved, pipeline, options)
    encode_for([d.articles for d in drafts], pipeline.encoder, run["budget"],
               pipeline.select_options, query=run["query"] is not None)
    return drafts, aside, names


def _drafts(
    documents: Sequence[Document], saved: StoryState | None, pipeline: Pipeline,
    options: StoryOptions,
) -> tuple[list[Draft], list[tuple[str, str]], list[str]]:
    """The stories this run touches, before their digests; the articles set aside (no
    sentence to summarize), ``(name, reason)``; and every input article's name in the
    stories (:func:`own_name`), in input order."""
    seq = saved.next_seq() if saved is not None else 0
    items: list[tuple[int, int, str, Document]] = []
    seen: set[tuple[str, str]] = set()
    first: dict[str, str] = {}  # a name's first text (in the state, else in this run)
    names: list[str] = []
    fingerprint = hashlib.sha256()
    for index, doc in enumerate(documents):
        name, sha = article_id(doc, index), text_sha(doc.text)
        fingerprint.update(f"{name}\0{sha}\n".encode("utf-8", "surrogatepass"))
        name = own_name(name, sha, first, saved)
        names.append(name)
        if saved is not None and ((name, sha) in seen or saved.known(name, sha)):
            continue  # already in the state (or earlier in this input): not added twice
        seen.add((name, sha))
        items.append((seq, index, name, doc))
        seq += 1
    if saved is not None:
        again = saved.meta("last_input") == fingerprint.hexdigest()
        saved.set_meta("last_input", fingerprint.hexdigest())
        if not items:  # nothing new: the last run's stories again, when it had this input
            last = saved.last_stories() if again else []
            return [Draft(i, tuple(saved.articles_of(i)), (), status) for i, status in last
                    if saved.has_story(i)], [], names
    kept, aside = segmented(items, pipeline.segment_options,
                            beside=len(items) >= SEGMENT_BESIDE_FROM and cores() >= 2)
    for name, reason in aside:
        warnings.warn(one_line(f"{name}: {reason}; set aside"), SummarizeWarning, stacklevel=3)
    if not kept and len(items) < len(documents):
        return [], aside, names  # the articles already saved are all this run has to tell of
    if not kept:
        raise InputError("no sentence to group into stories: no article has a sentence to "
                         "summarize")
    docs = [doc for (*_, doc), _ in kept]
    candidates, past = SavedStories.none(0), []
    if saved is not None:
        candidates = saved.candidates([day_of(d.date) for d in docs], options.max_days)
        past = [saved.articles_of(i) for i in candidates.ids]
    # the grouping reads words only: it runs while the leads are encoded
    with Beside(continue_stories, docs, [[a.document for a in story] for story in past],
                options, here=len(docs) < BESIDE_FROM or cores() < 2) as grouping:
        articles = prepare(kept, pipeline.encoder)
        if saved is not None:
            saved.check_dim(int(articles[0].vectors.shape[1]))
        groups, joins = grouping.result()
    continued: dict[str, list[Article]] = {}
    for group, join in zip(groups, joins, strict=True):
        if join is not None:
            continued.setdefault(candidates.ids[join], []).extend(articles[k] for k in group)
    drafts = []
    saved_articles = dict(zip(candidates.ids, past, strict=True))  # read once, above
    for story, new in continued.items():
        old = saved_articles[story]
        drafts.append(Draft(story, tuple(sorted(old + new, key=lambda a: a.seq)),
                            tuple(sorted(new, key=lambda a: a.seq)), "updated"))
    taken = set(continued)
    for group, join in zip(groups, joins, strict=True):
        if join is None:
            members = tuple(sorted((articles[k] for k in group), key=lambda a: a.seq))
            drafts.append(Draft(story_id(members[0], taken, saved), members, members, "new"))
    return drafts, aside, names


def own_name(name: str, sha: str, first: dict[str, str], saved: StoryState | None) -> str:
    """An article's name in the stories: its id (:func:`~summarize.stories.article_id`) for
    the first text seen under that id, ``ID@`` and 12 hex digits of its text's SHA-256 for
    another text under the same id (another article: no article replaces another); and so
    on, should that name be another text's too (an input whose id is ``ID@…``). ``first``:
    each name's first text in this run (filled here from the state, else this text)."""
    while True:
        if name not in first:
            first[name] = (saved.first_text(name) if saved is not None else None) or sha
        if first[name] == sha:
            return name
        name = f"{name}@{sha[:12]}"


def story_id(first: Article, taken: set[str], saved: StoryState | None = None) -> str:
    """``s-`` and 12 hex digits of the SHA-256 of the first article's name; when that id is
    taken (in this run or in the state), of the name, the text's digest and a counter."""
    k = 0
    while True:
        key = first.name if k == 0 else f"{first.name}\n{first.sha}\n{k}"
        sid = "s-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        if sid not in taken and not (saved is not None and saved.has_story(sid)):
            taken.add(sid)
            return sid
        k += 1


def _digested(
    drafts: Sequence[Draft], pipeline: Pipeline, *, budget: Budget, query: np.ndarray | None,
    workers: int | None, engine: str, address: str | None,
) -> list[Story]:
    """Each draft's digest, made into its story; the stories in their order. No story is
    left out: one whose digest fell back (:mod:`.digests`) says so in a warning and in its
    ``fallback``; when every story's digest has no sentence (a budget nothing fits in), that
    is the error."""
    tasks = (StoryTask(d.id, d.articles, budget, pipeline.group_options,
                       pipeline.select_options, query, pipeline.salience) for d in drafts)
    outcomes = list(run_digests(tasks, workers=workers, engine=engine, address=address))
    for outcome in outcomes:
        for note in outcome.warnings:
            warnings.warn(note, SummarizeWarning, stacklevel=4)
    if drafts and all(o.fallback == "headline" for o in outcomes):
        first = outcomes[0]
        error = BudgetError if first.kind == "budget" else InputError
        raise error(f"no story could be digested: {first.error}")
    stories = []
    for draft, outcome in zip(drafts, outcomes, strict=True):
        title = headline(draft.articles)
        if outcome.fallback is not None:
            warnings.warn(one_line(f"story {draft.id} ({title}): {outcome.error}; its "
                                   f"digest falls back to its {outcome.fallback}"),
                          SummarizeWarning, stacklevel=4)
        days = [d for d in (a.day for a in draft.articles) if d is not None]
        stories.append(Story(
            id=draft.id, headline=title, articles=tuple(a.name for a in draft.articles),
            digest=outcome.digest, status=draft.status,
            date=date.fromordinal(max(days)).isoformat() if days else None,
            fallback=outcome.fallback,
        ))
    first_seq = {d.id: d.articles[0].seq for d in drafts}
    return sorted(stories, key=lambda s: (
        -len(s.articles), s.date is None,
        -date.fromisoformat(s.date).toordinal() if s.date else 0, first_seq[s.id]))
