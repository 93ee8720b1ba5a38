"""The ``summarize`` command line: parse, call the library, print. No pipeline logic here."""

from __future__ import annotations

import dataclasses
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import click

from .documents import (
    DEFAULT_MAX_BYTES,
    Cluster,
    Document,
    SummarizeWarning,
    is_jsonl,
    iter_jsonl_clusters,
    load_directory,
    load_paths,
    one_line,
)
from .embed import BACKENDS, make_encoder  # noqa: F401 (summarize eval imports it from here)
from .errors import InputError, SummarizeError

#: The example cluster shipped with the project (the default input).
CORPORA = Path(__file__).resolve().parent.parent / "corpora"
FORMATS = ("text", "markdown", "json", "html")


def _show_warning(message: Any, category: type, *args: Any, **kwargs: Any) -> None:
    if issubclass(category, SummarizeWarning):
        click.echo(f"warning: {one_line(str(message))}", err=True)


def collect_documents(
    paths: Sequence[str], stdin: BinaryIO | None, max_bytes: int
) -> list[Document]:
    """Articles from files, directories and ``-`` (standard input), in the order given."""
    return load_paths(paths, stdin=stdin, max_bytes=max_bytes)


EXAMPLES = """
\b
Examples:
  summarize digest                          # the example cluster in corpora/
  summarize digest a.txt b.txt c.md --words 100
  summarize digest articles/ --format json -o digest.json
  summarize digest https://example.com/a page.html --format html -o digest.html
  summarize digest articles/ --query "effects on local shops"
  cat story.txt | summarize digest - other.txt --sentences 3
  summarize digest clusters.jsonl --format json   # one digest per line
  summarize batch clusters.jsonl digests.jsonl    # many clusters: resumable, every core
"""


class _Failure(click.ClickException):
    """A library error shown as one line, with the library's exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]


#: Commands imported only when they run or show their own help (``summarize --help`` then
#: starts without NumPy and the pipeline): name -> (module, attribute, the help's first line).
LAZY_COMMANDS = {
    "eval": ("summarize.evaluation.command", "eval_command",
             "ROUGE-1, ROUGE-2 and ROUGE-Lsum of each method on the clusters in DATA."),
}


class _Group(click.Group):
    """Turns the library's errors into one line and an exit code, and shows its warnings as
    one line each, for every command (and so under Click's CliRunner too); imports the
    :data:`LAZY_COMMANDS` on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            from importlib import import_module

            module, attribute, _ = LAZY_COMMANDS[cmd_name]
            self.add_command(getattr(import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            if name in LAZY_COMMANDS and name not in self.commands:  # not imported yet
                command: click.Command | None = click.Command(name, help=LAZY_COMMANDS[name][2])
            else:
                command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("always", SummarizeWarning)
            warnings.showwarning = _show_warning
            try:
                return super().invoke(ctx)
            except SummarizeError as exc:
                raise _Failure(one_line(str(exc)), exc.exit_code) from None
            except MemoryError:
                raise _Failure("out of memory: try a smaller input", 1) from None
            except OSError as exc:  # one the library did not expect: still one line
                where = f"{exc.filename}: " if exc.filename else ""
                raise _Failure(one_line(f"{where}{exc.strerror or exc}"), 1) from None


@click.group(cls=_Group, epilog=EXAMPLES,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarize")
def cli() -> None:
    """Cited digests of several news articles about one event.

    Sentences that say the same thing across articles are grouped; the most central, widely
    reported ones are picked under a length budget, none said twice, each cited to every
    article that reports it.
    """


def _options(*decorators: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Several click options as one decorator (shared by ``digest`` and ``batch``)."""

    def apply(f: Any) -> Any:
        for decorator in reversed(decorators):
            f = decorator(f)
        return f

    return apply


budget_options = _options(
    click.option("--sentences", type=click.IntRange(min=1), help="Budget: at most N sentences."),
    click.option("--words", type=click.IntRange(min=1),
                 help="Budget: at most N words [default: 120]."),
    click.option("--bytes", "bytes_", type=click.IntRange(min=1),
                 help="Budget: at most N bytes (DUC uses 665)."),
)
model_options = _options(
    click.option("--backend", type=click.Choice(BACKENDS), default="onnx", show_default=True,
                 help="Embeddings: the bundled model exported to ONNX (fast start), the same "
                      "through sentence-transformers (torch; GPU when present), or a hashed bag "
                      "of words (no model)."),
    click.option("--cache/--no-cache", default=False, show_default=True,
                 help="Keep sentence vectors in the on-disk cache (SUMMARIZE_CACHE_DIR, else "
                      "~/.cache/summarize)."),
    click.option("--model", help="With --backend torch: any sentence-transformers model name "
                                 "or path [default: the bundled all-MiniLM-L6-v2]."),
    click.option("--threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=None,
                 help="Cosine at which sentences count as the same content [default: 0.7]."),
    click.option("--threads", type=click.IntRange(min=1), default=None,
                 help="CPU threads of the model (onnx, torch); the digest is the same for any "
                      "number [default: the cores, at most 4]."),
)
force_option = click.option("--force", is_flag=True, help="Overwrite an existing output file.")


def budget_of(sentences: int | None, words: int | None, bytes_: int | None) -> Any:
    """The one budget given on the command line (a usage error for more than one)."""
    given = [name for name, v in (("--sentences", sentences), ("--words", words),
                                  ("--bytes", bytes_)) if v is not None]
    if len(given) > 1:
        raise click.UsageError(f"give one budget, not {' and '.join(given)}")
    from .select import Budget

    return Budget.of(sentences=sentences, words=words, bytes=bytes_)


def _check_model(backend: str, model: str | None) -> None:
    if model and backend != "torch":
        raise click.UsageError("--model needs --backend torch")


@cli.command(epilog=EXAMPLES)
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@budget_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--query", metavar="TEXT",
              help="Focus the digest on a topic: sentences closer to TEXT are preferred (still "
                   "non-redundant and cited). In JSON lines it replaces each line's \"query\".")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (atomically) instead of standard output.")
@force_option
@model_options
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
              show_default=True,
              help="Refuse input larger than this: each file, and all of them together.")
def digest(
    paths: tuple[str, ...],
    sentences: int | None,
    words: int | None,
    bytes_: int | None,
    fmt: str,
    query: str | None,
    output: Path | None,
    force: bool,
    backend: str,
    cache: bool,
    model: str | None,
    threshold: float | None,
    threads: int | None,
    max_bytes: int,
) -> None:
    """Print the cited digest of the articles in PATH... .

    PATH is a plain-text, Markdown or HTML article, an http(s):// URL (a web page: its text
    and metadata are extracted), a directory of articles, - for standard input, or one
    JSON-lines file of clusters ({"id", "documents": [...], "query"?} per line, one digest
    out per line in; --query replaces a line's own query). With no PATH, the example cluster
    shipped in corpora/ is summarized.
    """
    budget = budget_of(sentences, words, bytes_)
    _check_model(backend, model)
    if output is not None and output.exists() and not force:
        raise click.UsageError(f"{output} already exists (add --force to overwrite it)")
    jsonl = [p for p in paths if is_jsonl(p)]
    if jsonl and len(paths) > 1:
        raise click.UsageError("a JSON-lines file of clusters must be the only PATH")
    if query is not None and not query.strip():
        raise click.UsageError("--query needs some text")
    if jsonl and fmt == "html":
        raise click.UsageError("--format html makes one page: give articles, not a JSON-lines "
                               "file of clusters")

    from .batch import build_summarizer

    stdin = click.get_binary_stream("stdin")  # type: ignore[operator]

    def build() -> Any:
        return build_summarizer(backend, model, threshold=threshold, cache=cache,
                                threads=threads)

    if jsonl:
        failures: list[str] = []
        text = _render_clusters(
            iter_jsonl_clusters(jsonl[0], max_bytes=max_bytes), build, budget, fmt, failures,
            query,
        )
    else:
        if not paths:
            if not CORPORA.is_dir():
                raise InputError("no PATH given and the example cluster (corpora/) is not here")
            # shown as corpora/<file>, the same wherever the project lives
            docs = [
                dataclasses.replace(d, path=os.path.relpath(str(d.path), CORPORA.parent))
                for d in load_directory(CORPORA, max_bytes=max_bytes)
            ]
        else:
            docs = collect_documents(paths, stdin, max_bytes)
        result = build().digest(docs, budget=budget, query=query)
        text = {"text": result.to_text, "markdown": result.to_markdown,
                "json": result.to_json, "html": result.to_html}[fmt]()
        failures = []
    _emit(text, output, force)
    if failures:
        raise SummarizeError(f"{len(failures)} cluster(s) failed (see the errors above)")


BATCH_EXAMPLES = """
\b
Examples:
  summarize batch clusters.jsonl digests.jsonl --words 100
  summarize batch clusters.jsonl digests.jsonl --workers 4 --backend hash
  summarize batch clusters.jsonl digests.jsonl --force     # start over, replacing the output
  summarize batch clusters.jsonl digests.jsonl --engine ray --address auto   # a Ray cluster
"""


@cli.command(epilog=BATCH_EXAMPLES)
@click.argument("source", metavar="IN", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("output", metavar="OUT", type=click.Path(dir_okay=False, path_type=Path))
@budget_options
@force_option
@model_options
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (Ray: actors), each with its own model [default: the "
                   "cores; Ray: the cluster's CPUs].")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local",
              show_default=True,
              help="Where the workers run: processes here, or Ray actors (pip install "
                   "'summarize[ray]'); the output is the same.")
@click.option("--address", metavar="ADDR",
              help="With --engine ray: the Ray cluster (auto: the one running here) "
                   "[default: a local Ray instance for this run].")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
              show_default=True, help="Refuse a line (one cluster) larger than this.")
@click.option("--progress/--no-progress", default=None,
              help="A progress bar on standard error [default: when it is a terminal].")
def batch(
    source: Path,
    output: Path,
    sentences: int | None,
    words: int | None,
    bytes_: int | None,
    force: bool,
    backend: str,
    cache: bool,
    model: str | None,
    threshold: float | None,
    threads: int | None,
    workers: int | None,
    engine: str,
    address: str | None,
    max_bytes: int,
    progress: bool | None,
) -> None:
    """Write the digest of every cluster in IN to OUT, one JSON line each, in input order.

    IN is a JSON-lines file of clusters ({"id", "documents": [...]} per line, with an
    optional "query": the topic that cluster's digest is focused on). A line that
    cannot be summarized gives {"id", "line", "error"} instead (and exit code 1). Stopped
    midway, the same command resumes where it stopped (OUT.progress marks an unfinished run);
    an existing OUT is otherwise only replaced with --force.
    """
    from .batch import BatchOptions, run_batch

    options = BatchOptions(budget=budget_of(sentences, words, bytes_), backend=backend,
                           model=model, threshold=threshold, max_bytes=max_bytes)
    _check_model(backend, model)
    if address is not None and engine != "ray":
        raise click.UsageError("--address needs --engine ray")
    try:
        result = run_batch(
            source, output, options, workers=workers, force=force, cache=cache,
            threads=threads, progress=progress, report=lambda line: click.echo(line, err=True),
            engine=engine, address=address,
        )
    except KeyboardInterrupt:
        click.echo(f"interrupted: run the same command again to resume {output}", err=True)
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


def _render_clusters(
    items: Iterator[Cluster | InputError],
    build: Callable[[], Any],
    budget: Any,
    fmt: str,
    failures: list[str],
    query: str | None = None,
) -> str:
    from .render import markdown_inline

    summarizer = None
    out: list[str] = []
    for item in items:
        if isinstance(item, InputError):
            failures.append(str(item))
            click.echo(f"error: {one_line(str(item))}", err=True)
            continue
        summarizer = summarizer or build()
        try:
            result = summarizer.digest(item, budget=budget, query=query)
        except SummarizeError as exc:
            failures.append(f"cluster {item.id}: {exc}")
            click.echo(f"error: {one_line(failures[-1])}", err=True)
            continue
        if fmt == "json":
            out.append(result.to_json(indent=None) + "\n")
        elif fmt == "markdown":
            out.append(f"## {markdown_inline(item.id)}\n\n{result.to_markdown()}\n")
        else:
            out.append(f"== {one_line(item.id)} ==\n{result.to_text()}\n")
    return "".join(out)


def _emit(text: str, output: Path | None, force: bool) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from .io import write_atomic

    write_atomic(output, text, overwrite=force)
    click.echo(f"wrote {one_line(str(output))}", err=True)


def main() -> None:
    """The console script (also ``python -m summarize``)."""
    cli(prog_name="summarize")
