"""``summarize eval``: ROUGE of every method on benchmark clusters, with intervals and tests.

The harness itself is :mod:`summarize.evaluation` (an extra: ``pip install 'summarize[eval]'``);
this module only parses its options, shared with ``digest`` and ``batch``, and prints. It is
imported only when ``eval`` runs or shows its help (see :data:`summarize.cli.LAZY_COMMANDS`), so
that it may read the method registries for ``--method``'s choices."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..evaluation.grouping import METHODS as GROUPING_METHODS
from ..evaluation.methods import METHODS
from .options import NonEmptyPath, budget_of, budget_options, model_options, settings_of

if TYPE_CHECKING:
    from ..summarizer import Settings as SummarizerSettings
    from ..types import Budget

#: What the eval extra installs, by import name.
EXTRA = ("rouge_score", "matplotlib", "scipy")

EVAL_EXAMPLES = """
\b
Examples:
  summarize eval ../shared/data/duc2006.jsonl --words 250 --measure recall --out eval/results/duc
  summarize eval data.jsonl --method ours --method lexrank --limit 20 --backend hash
  summarize eval val.src --bytes 665 --measure recall --ids ids.txt --out runs/x
  summarize eval eval/runs/pools/mn500.jsonl --grouping    # stories: B-cubed and ARI
"""


@click.command("eval", epilog=EVAL_EXAMPLES)
@click.argument("data", type=click.Path(exists=True, dir_okay=False))
@click.option("--method", "methods", multiple=True, metavar="NAME",
              type=click.Choice([*METHODS, *(m for m in GROUPING_METHODS if m not in METHODS)]),
              help=f"A method to evaluate (repeat it; default: all of them): {', '.join(METHODS)}. "
                   f"With --grouping: {' or '.join(GROUPING_METHODS)}.")
@budget_options(default_words=250)
@click.option("--measure", type=click.Choice(["f1", "recall"]), default="f1", show_default=True,
              help="ROUGE F1, or recall (DUC's convention: summaries cut at the budget).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N clusters.")
@click.option("--ids", "ids_file", type=click.Path(exists=True, dir_okay=False),
              help="Only the clusters whose ids are listed in FILE (one a line).")
@click.option("--topics", "topics_file", type=click.Path(exists=True, dir_okay=False),
              help="DUC topics (JSON lines: id, title, narrative): each cluster's query, for "
                   "the query-focused methods (ours-query).")
@click.option("--out", "out_dir", type=NonEmptyPath(file_okay=False, path_type=Path),
              help="Write summary.json, instances.jsonl, table.md and chart.png here; "
                   "a run stopped midway resumes from what is there.")
@model_options()
@click.option("--stem/--no-stem", default=True, show_default=True,
              help="Porter stemming in ROUGE (Perl's -m).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seeds the random baseline, the bootstrap and the tests.")
@click.option("--resamples", type=click.IntRange(min=100), default=1000, show_default=True,
              help="Bootstrap resamples for the intervals.")
@click.option("--permutations", type=click.IntRange(min=100), default=10000, show_default=True,
              help="Sign flips for the paired test against ours.")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="A progress bar on standard error.")
@click.option("--grouping", is_flag=True,
              help="DATA is a pool of articles with their story (eval/pools.py): score the "
                   "stories' article grouping (B-cubed, adjusted Rand index) of each grouping "
                   "method (ours, tfidf) instead of ROUGE.")
@click.option("--story-threshold", type=float, metavar="X",
              help="With --grouping: every method's threshold (default: each method's own).")
def eval_command(
    data: str,
    methods: tuple[str, ...],
    sentences: int | None,
    words: int | None,
    bytes_: int | None,
    measure: str,
    limit: int | None,
    ids_file: str | None,
    topics_file: str | None,
    out_dir: Path | None,
    backend: str,
    cache: bool,
    model: str | None,
    threshold: float | None,
    threads: int | None,
    stem: bool,
    seed: int,
    resamples: int,
    permutations: int,
    progress: bool,
    grouping: bool,
    story_threshold: float | None,
) -> None:
    """ROUGE-1, ROUGE-2 and ROUGE-Lsum of each method on the clusters in DATA.

    DATA is a JSON-lines file ({"id", "documents", "summaries"} per line) or Multi-News'
    NAME.src with its NAME.tgt beside it. Prints the settings and a table: one row per method,
    with 95% bootstrap intervals, seconds per cluster, and whether ours is significantly better.
    """
    budget = budget_of(sentences, words, bytes_, default_words=250)
    summarizer_settings = settings_of(backend, model, threshold, cache, threads)
    missing = [name for name in EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        raise click.ClickException(f"summarize eval needs the eval extra ({missing[0]} is "
                                   "not installed): pip install 'summarize[eval]'")
    if grouping:
        _grouping(data, methods, story_threshold, summarizer_settings, out_dir)
        return
    if story_threshold is not None:
        raise click.UsageError("--story-threshold goes with --grouping")
    _rouge(data, methods, budget, measure, limit, ids_file, topics_file, out_dir,
           summarizer_settings, backend, model, stem, seed, resamples, permutations, progress)


def _rouge(data: str, methods: tuple[str, ...], budget: Budget, measure: str,
           limit: int | None, ids_file: str | None, topics_file: str | None,
           out_dir: Path | None, summarizer_settings: SummarizerSettings, backend: str,
           model: str | None, stem: bool, seed: int, resamples: int, permutations: int,
           progress: bool) -> None:
    """``summarize eval DATA``: ROUGE of each method, printed as a table (see
    :func:`eval_command`)."""
    from ..evaluation.data import load_clusters, read_ids, read_topics, with_topics
    from ..evaluation.report import aggregate, render_table, write_reports
    from ..evaluation.runner import run
    from ..evaluation.settings import Settings

    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise click.UsageError(f"--method {unknown[0]} goes with --grouping")
    ids = read_ids(ids_file) if ids_file else None
    clusters = load_clusters(data, limit=limit, ids=ids)
    if topics_file:
        clusters = with_topics(clusters, read_topics(topics_file), topics_file)
    chosen = tuple(dict.fromkeys(methods)) or tuple(METHODS)
    focused = [m for m in chosen if getattr(METHODS[m], "needs_query", False)]
    if focused and not topics_file:
        if methods:
            raise click.UsageError(f"--method {focused[0]} needs --topics FILE")
        chosen = tuple(m for m in chosen if m not in focused)  # all methods: the generic ones
    encoder_name = "hashed words and bigrams (HashingEncoder)" if backend == "hash" else (
        model or "all-MiniLM-L6-v2 (bundled)")  # ONNX or torch: the same model and vectors
    settings = Settings(
        data=data, clusters=len(clusters), budget=budget, measure=measure, use_stemmer=stem,
        encoder=encoder_name, seed=seed, resamples=resamples, permutations=permutations,
        limit=limit, ids=ids_file, methods=chosen, topics=topics_file,
    )
    from ..summarizer import build_summarizer

    summarizer = build_summarizer(summarizer_settings)
    try:
        instances = run(clusters, settings, summarizer=summarizer, out_dir=out_dir,
                        progress=progress)
    except KeyboardInterrupt:
        if out_dir is not None:
            click.echo(f"interrupted: run the same command again to resume from {out_dir}",
                       err=True)
        raise click.Abort() from None
    results = aggregate(instances, settings)
    table = render_table(results, settings)
    if out_dir is not None:
        write_reports(out_dir, results, settings, table)
    click.echo(table, nl=False)


def _grouping(data: str, methods: tuple[str, ...], threshold: float | None,
              settings: object, out_dir: Path | None) -> None:
    """``summarize eval POOL --grouping``: the article grouping of each method, scored."""
    import json

    from ..evaluation.grouping import evaluate_grouping, render_grouping_table
    from ..io import earlier_run, write_atomic
    from ..summarizer import build_summarizer

    unknown = [m for m in methods if m not in GROUPING_METHODS]
    if unknown:
        raise click.UsageError(f"unknown grouping method {unknown[0]!r}: use one of "
                               f"{', '.join(GROUPING_METHODS)}")
    chosen = tuple(dict.fromkeys(methods)) or GROUPING_METHODS
    if out_dir is not None:  # files eval --grouping did not write are never replaced
        earlier_run(out_dir, "grouping.json", "methods", ("grouping.md",),
                    "summarize eval --grouping")
    summarizer = build_summarizer(settings) if "ours" in chosen else None  # type: ignore[arg-type]
    result = evaluate_grouping(data, summarizer, methods=chosen,  # type: ignore[arg-type]
                               threshold=threshold)
    table = render_grouping_table(result)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(out_dir / "grouping.json", json.dumps(result, indent=2) + "\n")
        write_atomic(out_dir / "grouping.md", table)
    click.echo(table, nl=False)
