"""``summarize digest``: the cited digest of articles, or of each cluster of a JSON-lines file."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import click

from ..errors import InputError, SummarizeError
from ..ingest import is_jsonl, load_directory, load_paths, records_in
from ..render import render
from ..text import one_line
from ..types import Document
from . import EXAMPLES
from .options import (
    NonEmptyPath,
    budget_from,
    budget_options,
    check_output,
    check_query,
    emit,
    flag_of,
    force_option,
    format_option,
    max_bytes_option,
    model_options,
    settings_from,
    stdin_for,
)

#: The example cluster's folder, looked for in the working directory, then beside the package
#: (a checkout or an editable install).
EXAMPLE_FOLDER = "corpora"


def example_folder() -> Path | None:
    """Where the example cluster is: ``./corpora``, else the checkout's ``corpora/``."""
    for candidate in (Path.cwd() / EXAMPLE_FOLDER,
                      Path(__file__).resolve().parents[2] / EXAMPLE_FOLDER):
        if candidate.is_dir():
            return candidate
    return None


def example_documents(max_bytes: int) -> list[Document]:
    """The example cluster, each article shown as ``corpora/<file>`` wherever it lives."""
    folder = example_folder()
    if folder is None:
        raise InputError("no PATH given and the example cluster (corpora/) is not here: "
                         "give the articles to summarize")
    return [
        dataclasses.replace(d, path=os.path.relpath(str(d.path), folder.parent))
        for d in load_directory(folder, max_bytes=max_bytes)
    ]


def holds_clusters(path: str, max_bytes: int) -> bool:
    """A JSON-lines file read as clusters: named so (or a ``.json`` file of cluster lines) and
    not holding articles (:func:`~summarize.ingest.jsonl.records_in`); a file of article
    records is read as the articles of one digest, as ``summarize stories`` reads it."""
    return is_jsonl(path) and records_in(path, max_bytes=max_bytes) != "articles"


@click.command(epilog=EXAMPLES)
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@budget_options()
@format_option
@click.option("--query", metavar="TEXT",
              help="Focus the digest on a topic: sentences closer to TEXT are preferred (still "
                   "non-redundant and cited). In JSON lines it replaces each line's \"query\".")
@click.option("-o", "--output", type=NonEmptyPath(dir_okay=False, path_type=Path),
              help="Write to FILE (atomically) instead of standard output; a symbolic link's "
                   "target file is written, a device or a named pipe written through.")
@force_option
@model_options()
@max_bytes_option("Refuse input larger than this: each file, and all of them together.")
@click.option("--allow-private-urls", "allow_private", is_flag=True,
              help="Fetch URLs at loopback, private and link-local addresses too (refused by "
                   "default: a URL must not reach this machine's or this network's services).")
def digest(
    paths: tuple[str, ...],
    fmt: str,
    query: str | None,
    output: Path | None,
    force: bool,
    max_bytes: int,
    allow_private: bool,
    **shared: Any,
) -> None:
    """Print the cited digest of the articles in PATH... .

    PATH is a plain-text, Markdown or HTML article, an RSS or Atom feed (one article per
    entry), a JSON-lines file of article records ({"id", "text"} per line: .jsonl, .ndjson,
    either gzip-compressed, or .json), an http(s):// URL (a web page: its text and metadata
    are extracted; or a feed; the fetch takes 20 s at most), a directory of articles, - for
    standard input (read as summarize stories reads its INPUT), or one JSON-lines file of
    clusters ({"id", "documents": [...], "query"?} per line, one digest out per line in,
    printed as each is done; --query replaces a line's own query). A JSON-lines file's first
    record tells which it holds: "documents" makes it clusters, else "text" articles. With no
    PATH, the example cluster shipped in corpora/ is summarized.
    """
    budget = budget_from(shared)  # --sentences / --words / --bytes
    settings = settings_from(shared)  # --backend, --model, --threshold, --cache, --threads
    check_output(output, paths, force)
    jsonl = [p for p in paths if holds_clusters(p, max_bytes)]
    if jsonl and len(paths) > 1:
        raise click.UsageError("a JSON-lines file of clusters must be the only PATH")
    check_query(query)
    if jsonl and fmt == "html":
        raise click.UsageError("--format html makes one page: give articles, not a JSON-lines "
                               "file of clusters")

    from ..summarizer import build_summarizer

    if jsonl:
        failures = _digest_clusters(Path(jsonl[0]), settings, budget, fmt, query, max_bytes,
                                    output, force)
        if failures:
            raise SummarizeError(f"{failures} cluster(s) failed (see the errors above)")
        return
    if not paths:
        docs = example_documents(max_bytes)
    else:
        docs = load_paths(paths, stdin=stdin_for(paths), max_bytes=max_bytes,
                          allow_private=allow_private)
    result = build_summarizer(settings).digest(docs, budget=budget, query=query)
    emit(render(result, fmt), output, force)


def _digest_clusters(
    source: Path, settings: Any, budget: Any, fmt: str, query: str | None, max_bytes: int,
    output: Path | None, force: bool,
) -> int:
    """Each cluster's digest, through the batch's one path from a record to a digest; printed
    as each is done (to standard output), or written at the end (``-o``). Returns the number
    of clusters that failed."""
    from ..batch.work import digest_record
    from ..ingest.jsonl import iter_jsonl_lines
    from ..render.text import markdown_inline
    from ..summarizer import build_summarizer
    from .signals import interrupt_kept

    summarizer = None
    failures = 0
    parts: list[str] = []
    with interrupt_kept() as interrupts:
        for lineno, raw in iter_jsonl_lines(source, max_line_bytes=max_bytes):
            interrupts.check()
            where = f"{source}, line {lineno}"
            if isinstance(raw, InputError):
                failures += 1
                click.echo(f"error: {one_line(raw.worded(flag_of(raw.option)))}", err=True)
                continue
            summarizer = summarizer or build_summarizer(settings)
            record = digest_record(summarizer, raw, lineno=lineno, budget=budget,
                                   source=str(source), query=query)
            for note in record.warnings:
                click.echo(f"warning: {note}", err=True)
            if record.digest is None:
                failures += 1
                cluster = f" (cluster {record.id})" if record.id is not None else ""
                click.echo(f"error: {one_line(where + cluster)}: {record.error}", err=True)
                continue
            result = record.digest
            if fmt == "json":
                part = result.to_json(indent=None) + "\n"
            elif fmt == "markdown":
                part = f"## {markdown_inline(result.id)}\n\n{result.to_markdown()}\n"
            else:
                part = f"== {one_line(result.id)} ==\n{result.to_text()}\n"
            if output is None:
                click.echo(part, nl=False)
            else:
                parts.append(part)
        interrupts.check()
    if output is not None:
        emit("".join(parts), output, force)
    return failures


