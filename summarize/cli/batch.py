"""``summarize batch``: many clusters, one JSON line each, resumable, on every core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import SummarizeError
from .options import (
    NonEmptyPath,
    budget_from,
    budget_options,
    flag_of,
    force_option,
    max_bytes_option,
    model_options,
    settings_from,
)
from .signals import TERMINATED_STATUS, Terminated, terminate_as_interrupt

BATCH_EXAMPLES = """
\b
Examples:
  summarize batch clusters.jsonl digests.jsonl --words 100
  summarize batch clusters.jsonl digests.jsonl --workers 4 --backend hash
  summarize batch clusters.jsonl digests.jsonl --force     # start over, replacing the output
  summarize batch clusters.jsonl digests.jsonl --engine ray --address auto   # a Ray cluster
"""


@click.command(epilog=BATCH_EXAMPLES)
@click.argument("source", metavar="IN", type=NonEmptyPath(dir_okay=False, path_type=Path))
@click.argument("output", metavar="OUT", type=NonEmptyPath(dir_okay=False, path_type=Path))
@budget_options()
@force_option
@model_options()
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (Ray: actors), each with its own model; at most one "
                   "process per core (more are capped, with a one-line note) [default: the "
                   "cores; Ray: the cluster's CPUs].")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local",
              show_default=True,
              help="Where the workers run: processes here, or Ray actors (pip install "
                   "'summarize[ray]'); the output is the same.")
@click.option("--address", metavar="ADDR",
              help="With --engine ray: the Ray cluster (auto: the one running here) "
                   "[default: a local Ray instance for this run].")
@max_bytes_option("Refuse a line (one cluster) larger than this.")
@click.option("--progress/--no-progress", default=None,
              help="A progress bar on standard error [default: when it is a terminal].")
def batch(
    source: Path,
    output: Path,
    force: bool,
    workers: int | None,
    engine: str,
    address: str | None,
    max_bytes: int,
    progress: bool | None,
    **shared: Any,
) -> None:
    """Write the digest of every cluster in IN to OUT, one JSON line each, in input order.

    IN is a JSON-lines file of clusters ({"id", "documents": [...]} per line, with an
    optional "query": the topic that cluster's digest is focused on). A line that
    cannot be summarized gives {"id", "line", "error"} instead (and exit code 1). Stopped
    midway, the same command resumes where it stopped (OUT.progress marks an unfinished run);
    an existing OUT is otherwise only replaced with --force.
    """
    from ..batch import BatchOptions, check_engine, run_batch

    settings = settings_from(shared)  # --backend, --model, --threshold, --cache, --threads
    options = BatchOptions(budget=budget_from(shared), settings=settings, max_bytes=max_bytes)
    check_engine(engine, workers, address)
    try:
        with terminate_as_interrupt():
            result = run_batch(
                source, output, options, workers=workers, force=force, cache=settings.cache,
                threads=settings.threads, progress=progress,
                report=lambda line: click.echo(line, err=True), engine=engine, address=address,
                flag=flag_of,
            )
    except KeyboardInterrupt as exc:
        click.echo(f"interrupted: run the same command again to resume {output}", err=True)
        if isinstance(exc, Terminated):  # quietly, with the usual status of a SIGTERM
            raise click.exceptions.Exit(TERMINATED_STATUS) from None
        raise click.Abort() from None
    click.echo(
        f"wrote {output}: {result.total} cluster(s), {result.resumed} from an earlier run, "
        f"{result.failed} failed", err=True,
    )
    if result.failed:
        raise SummarizeError(
            f"{result.failed} of {result.total} cluster(s) failed (their lines in {output} "
            "hold the errors)"
        )
