"""``summarize stories``: a stream of articles grouped into stories, each story digested; one
page, or one JSON line per story."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import UsageError
from ..ingest.web import DEFAULT_FETCH_TIMEOUT
from ..render import FORMATS
from ..stories import StoryOptions
from .options import (
    NonEmptyPath,
    budget_from,
    budget_options,
    check_output,
    check_query,
    emit,
    flag_of,
    force_option,
    max_bytes_option,
    model_options,
    settings_from,
    stdin_for,
)
from .signals import TERMINATED_STATUS, Terminated, terminate_as_interrupt

#: The library's grouping defaults (shown in the help).
DEFAULT_OPTIONS = StoryOptions()

STORIES_EXAMPLES = """
\b
Examples:
  summarize stories today/ --format html -o newsletter.html
  summarize stories feeds/*.xml articles.jsonl --format json -o stories.jsonl
  summarize stories today/ --state news-state/ --words 80   # daily runs: stories continue
  summarize stories https://example.com/rss --fetch         # a feed on the web, its pages
  cat article.txt | summarize stories - today/
"""


@click.command(epilog=STORIES_EXAMPLES)
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@budget_options()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text and markdown: each story's headline, its article count and status, "
                   "then its cited digest; json: one object per story, one line each; html: "
                   "one self-contained newsletter page. Every format ends with the articles "
                   "set aside (in no story), with why.")
@click.option("--query", metavar="TEXT",
              help="Focus every story's digest on a topic: sentences closer to TEXT are "
                   "preferred (still non-redundant and cited).")
@click.option("-o", "--output", type=NonEmptyPath(dir_okay=False, path_type=Path),
              help="Write to FILE (atomically) instead of standard output; a symbolic link's "
                   "target file is written, a device or a named pipe written through.")
@force_option
@click.option("--story-threshold", type=float, default=None,
              help="The learned probability in (0, 1] that two groups of articles report "
                   "one story (read from their pairs' learned probabilities, their "
                   "centroids and their sizes) at which they are joined [default: "
                   f"{DEFAULT_OPTIONS.threshold}].")
@click.option("--max-days", type=int, default=None,
              help="The most days apart two dated articles of one story may be [default: "
                   f"{DEFAULT_OPTIONS.max_days}].")
@click.option("--state", type=NonEmptyPath(file_okay=False, path_type=Path), metavar="DIR",
              help="Keep the stories in DIR (SQLite), so that a later run's articles join the "
                   "stories they continue; such a story is marked updated, not new.")
@click.option("--fetch", is_flag=True,
              help="Read from the web: http(s):// URLs given as INPUT (a feed's entries, or "
                   "one article page), and the article page of a feed entry that holds no "
                   "full text (the same size and time limits as digest's URLs). Off by "
                   "default: nothing is fetched unless asked.")
@click.option("--fetch-timeout", type=click.FloatRange(min=0, min_open=True),
              default=DEFAULT_FETCH_TIMEOUT, show_default=True, metavar="SECONDS",
              help="With --fetch: the most seconds all the run's fetching may take together "
                   "(each URL 20 s at most, a few pages at a time); a page left when it is up "
                   "is skipped with a warning.")
@click.option("--allow-private-urls", "allow_private", is_flag=True,
              help="With --fetch: fetch URLs at loopback, private and link-local addresses too "
                   "(refused by default).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes making the stories' digests from the vectors made here "
                   "(no model in a worker; Ray: actors), at most one process per core (more "
                   "are capped, with a one-line note) [default: 1, this process, with from 100 "
                   "stories half of them in one process beside it on two cores or more; Ray: "
                   "the cluster's CPUs].")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local",
              show_default=True,
              help="Where the stories' digests are made: processes here, or Ray (pip install "
                   "'summarize[ray]'); the stories are the same.")
@click.option("--address", metavar="ADDR",
              help="With --engine ray: the Ray cluster (auto: the one running here) "
                   "[default: a local Ray instance for this run].")
@model_options()
@max_bytes_option("Refuse input larger than this: each file, and all of them together.")
def stories(
    inputs: tuple[str, ...],
    fmt: str,
    query: str | None,
    output: Path | None,
    force: bool,
    story_threshold: float | None,
    max_days: int | None,
    state: Path | None,
    fetch: bool,
    fetch_timeout: float,
    allow_private: bool,
    workers: int | None,
    engine: str,
    address: str | None,
    max_bytes: int,
    **shared: Any,
) -> None:
    """Group the articles in INPUT... into stories and print each story's cited digest.

    INPUT is an article file (plain text, Markdown, HTML), a directory of them, - for standard
    input, a JSON-lines file of articles ({"id", "text"} per line, with optional "title",
    "url" and "date"), an RSS or Atom feed, or, with --fetch, an http(s):// URL. Articles are
    grouped by what they report (dates keep distant events apart; a story may have one
    article); each story gets a headline, its article list and the digest of its articles,
    made as summarize digest makes one (every budget option applies per story). Stories come
    most-reported first, then the most recent. Every article is in one story or in the list
    of articles set aside (no sentence to summarize, or told by an earlier run).
    """
    budget = budget_from(shared)  # --sentences / --words / --bytes
    settings = settings_from(shared)  # --backend, --model, --threshold, --cache, --threads
    if not inputs:
        raise click.UsageError("give the articles: INPUT... (files, directories, feeds, "
                               "JSON lines of articles, or - for standard input)")
    check_output(output, inputs, force)
    if output is not None and state is not None:
        from ..stories.state import FILENAME

        if output.resolve() in {(state / n).resolve() for n in (FILENAME, FILENAME + "-journal")}:
            raise click.UsageError(f"{output} is the state's own file: give another output file")
    check_query(query)
    if allow_private and not fetch:
        raise click.UsageError("--allow-private-urls needs --fetch")

    from ..engine import check_engine
    from ..ingest.articles import load_articles
    from ..summarizer import build_summarizer

    try:  # checked by the library; its message, naming the flag
        options = StoryOptions(
            threshold=DEFAULT_OPTIONS.threshold if story_threshold is None else story_threshold,
            max_days=DEFAULT_OPTIONS.max_days if max_days is None else max_days,
        )
    except UsageError as exc:
        raise click.BadParameter(exc.message, param_hint=flag_of(exc.option)) from None
    check_engine(engine, workers, address)
    stdin = stdin_for(inputs)
    articles = load_articles(list(inputs), fetch=fetch, allow_private=allow_private,
                             max_bytes=max_bytes, stdin=stdin, fetch_timeout=fetch_timeout)
    if workers is None and engine == "local":
        workers = 1

    def deliver(found: Any) -> None:  # before the state commits: a lost output saves nothing
        if not found:  # with a state, every article was in it already (not the last run's)
            click.echo("no new or updated story: every article is in the state already",
                       err=True)
        emit(_render(found, fmt), output, force)

    try:  # SIGTERM stops the run as Ctrl-C does: workers stopped, the state as it was
        with terminate_as_interrupt():
            build_summarizer(settings).stories(
                articles, budget=budget, query=query, options=options, state=state,
                workers=workers, engine=engine, address=address, deliver=deliver,
            )
    except Terminated:
        click.echo("stopped (SIGTERM): the state is as it was before this run", err=True)
        raise click.exceptions.Exit(TERMINATED_STATUS) from None


def _render(found: Any, fmt: str) -> str:
    from ..render import stories as render

    if fmt == "json":
        return render.render_stories_jsonl(found)
    if fmt == "markdown":
        return render.render_stories_markdown(found)
    if fmt == "html":
        return render.render_stories_html(found)
    return render.render_stories_text(found)

