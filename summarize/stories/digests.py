"""Each story's digest: the digest path of ``summarize digest`` (:mod:`summarize.pipeline`) on
the story's articles, run on the engine ``summarize batch`` runs on (:mod:`summarize.engine`:
this process, local workers, or Ray).

The work on one story is :func:`digest_task`, a pure top-level function of a
:class:`StoryTask`: the story's articles with the sentences its digest reads already encoded
(:func:`.articles.encode_for`; their vectors travel with them: nothing is encoded in a worker,
and a worker loads no model), the budget, the options and the query's vector. Its outcome
depends on the task alone, so that the digests are the same, byte for byte, in this process,
on any number of local workers and on Ray; they come back in the order of the tasks. On one
local worker (the default) the second core is not left idle: from :data:`SPLIT_FROM`
stories, the later part of them is digested in a process beside this one
(:class:`~summarize.beside.Beside`), which loads no model either.

A story is never dropped. When the digest path chooses nothing (no sentence of its articles
reads alone: each needs one before it that is not a candidate; or none fits the budget), its
digest is the lead of its most central article (:func:`~summarize.pipeline.lead_digest`: the
article's first candidate sentences in the article's order, of those the digest reads (its
first one always), as many as the budget holds,
after the sentences the first one leans on when the budget holds them too;
``fallback="lead"``). When not even that fits the budget, the digest has no sentence, only the
sources (``fallback="headline"``: the story shows its headline and its articles).
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..analysis import Analysis
from ..beside import Beside, halfway
from ..digest import Digest
from ..engine import check_engine, run_tasks
from ..errors import BudgetError, InputError, SummarizeWarning
from ..group import GroupOptions
from ..machine import cores
from ..pipeline import digest_of, encoded_analysis, lead_digest
from ..select import SelectOptions
from ..text import one_line
from ..types import Budget
from .articles import Article, most_central

#: From this many stories on one local worker, where this process may run on two cores or
#: more, the later part of them (:func:`split_at`) is digested in a process beside it while
#: this one digests the rest: the second core, idle once the encoder is done, is not left
#: so.
SPLIT_FROM = 100


@dataclass(frozen=True)
class StoryTask:
    """Everything one story's digest depends on."""

    id: str  #: the story's id (the digest's ``id``)
    articles: tuple[Article, ...]  #: in the story's order
    budget: Budget
    group_options: GroupOptions
    select_options: SelectOptions
    query: np.ndarray | None = field(default=None, repr=False)  #: the query's unit vector
    salience: bool = False  #: weigh the learned salience prior in (generic digests only)


@dataclass(frozen=True)
class StoryOutcome:
    """A story's digest, and what it fell back to when the digest path chose nothing."""

    digest: Digest
    fallback: str | None = None  #: ``"lead"`` or ``"headline"`` (see the module)
    error: str | None = None  #: why the digest path chose nothing (one line)
    kind: str | None = None  #: the error's kind: ``"budget"`` or ``"input"``
    warnings: tuple[str, ...] = ()  #: SummarizeWarnings raised on the way (one line each)


def digest_task(_: object, task: StoryTask) -> StoryOutcome:
    """The digest of one story, as :meth:`~summarize.summarizer.Summarizer.digest` makes it
    of the story's articles alone (:func:`~summarize.pipeline.encoded_analysis`: the same
    candidates; :func:`~summarize.pipeline.digest_of`); when that chooses nothing, the
    fallback of the module. Any other exception propagates. (The first argument
    is the engine's worker state: a story's worker needs none.)"""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SummarizeWarning)
        analysis = encoded_analysis(task.articles, task.budget, task.select_options,
                                    task.group_options, query=task.query is not None)
        try:
            outcome = StoryOutcome(digest_of(analysis, task.budget, task.select_options,
                                             query=task.query, salience=task.salience,
                                             id=task.id))
        except (BudgetError, InputError) as exc:
            kind = "budget" if isinstance(exc, BudgetError) else "input"
            digest, fallback = _fallback(analysis, task)
            outcome = StoryOutcome(digest, fallback, one_line(str(exc)), kind)
    notes = tuple(one_line(str(w.message)) for w in caught
                  if issubclass(w.category, SummarizeWarning))
    return dataclasses.replace(outcome, warnings=notes)


def _fallback(analysis: Analysis, task: StoryTask) -> tuple[Digest, str]:
    digest = lead_digest(analysis, most_central(task.articles), task.budget, id=task.id)
    return digest, "lead" if digest.sentences else "headline"


def run_digests(
    tasks: Iterable[StoryTask],
    *,
    workers: int | None = 1,
    engine: str = "local",
    address: str | None = None,
) -> Iterator[StoryOutcome]:
    """The outcome of every task, in the order of the tasks, on the engine
    (:func:`~summarize.engine.run_tasks`: ``workers`` local processes, 1 this process, None
    one per core; or ``workers`` Ray actors on the cluster at ``address``). With one local
    worker, from :data:`SPLIT_FROM` stories, the later ones are digested beside this process
    (:func:`split_at`); the outcomes are the same."""
    check_engine(engine, workers, address)
    if engine != "local" or workers != 1:
        return run_tasks(digest_task, tasks, engine=engine, workers=workers, address=address)
    todo = list(tasks)
    cut = split_at(todo)
    with Beside(digest_all, todo[cut:], here=cut == len(todo)) as later:
        first = digest_all(todo[:cut])
        return iter(first + later.result())


def digest_all(tasks: list[StoryTask]) -> list[StoryOutcome]:
    """Every task's outcome, in order, in this process."""
    return [digest_task(None, task) for task in tasks]


def split_at(tasks: Sequence[StoryTask]) -> int:
    """Where the tasks are cut between this process (those before) and one beside it (those
    from there on), by their sentences (the work grows with them;
    :func:`~summarize.beside.halfway`); ``len(tasks)``, nothing beside, under
    :data:`SPLIT_FROM` tasks or where this process may run on one core only."""
    if len(tasks) < SPLIT_FROM or cores() < 2:
        return len(tasks)
    return halfway([sum(len(a.sentences) for a in task.articles) for task in tasks])
