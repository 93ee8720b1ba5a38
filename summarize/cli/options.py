"""The options the commands share, defined once: the budget, the model, the output file, the
byte limit. ``digest``, ``batch`` and ``eval`` take them from here, so one flag means one thing
in every command."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..embed import BACKENDS
from ..ingest.read import DEFAULT_MAX_BYTES
from ..render import FORMATS
from ..text import one_line

#: Library parameter -> the flag that sets it (for error messages, see ``SummarizeError.worded``).
FLAGS = {"overwrite": "--force", "allow_private": "--allow-private-urls"}


def flag_of(option: str | None) -> str | None:
    """The command-line flag of a library parameter (``max_bytes`` -> ``--max-bytes``)."""
    if option is None:
        return None
    return FLAGS.get(option, "--" + option.replace("_", "-"))


def options(*decorators: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Several click options as one decorator."""

    def apply(f: Any) -> Any:
        for decorator in reversed(decorators):
            f = decorator(f)
        return f

    return apply


def budget_options(default_words: int = 120) -> Callable[[Any], Any]:
    """``--sentences`` / ``--words`` / ``--bytes`` (one of them; ``default_words`` when none)."""
    return options(
        click.option("--sentences", type=click.IntRange(min=1),
                     help="Budget: at most N sentences."),
        click.option("--words", type=click.IntRange(min=1),
                     help=f"Budget: at most N words [default: {default_words}]."),
        click.option("--bytes", "bytes_", type=click.IntRange(min=1),
                     help="Budget: at most N bytes, sentences joined by one space (DUC uses "
                          "665)."),
    )


def budget_of(
    sentences: int | None, words: int | None, bytes_: int | None, default_words: int = 120
) -> Any:
    """The one budget given on the command line (a usage error for more than one)."""
    given = [name for name, v in (("--sentences", sentences), ("--words", words),
                                  ("--bytes", bytes_)) if v is not None]
    if len(given) > 1:
        raise click.UsageError(f"give one budget, not {' and '.join(given)}")
    from ..types import Budget

    if not given:
        return Budget("words", default_words)
    return Budget.of(sentences=sentences, words=words, bytes=bytes_)


def model_options() -> Callable[[Any], Any]:
    """The encoder and grouping settings (:class:`~summarize.summarizer.Settings`)."""
    return options(
        click.option("--backend", type=click.Choice(BACKENDS), default="onnx",
                     show_default=True,
                     help="Embeddings: the bundled model exported to ONNX (fast start), the "
                          "same through sentence-transformers (torch; GPU when present), or a "
                          "hashed bag of words (no model)."),
        click.option("--cache/--no-cache", default=False, show_default=True,
                     help="Keep sentence vectors in the on-disk cache (SUMMARIZE_CACHE_DIR, "
                          "else ~/.cache/summarize)."),
        click.option("--model", help="With --backend torch only: any sentence-transformers "
                                     "model name or path [default: the bundled "
                                     "all-MiniLM-L6-v2]."),
        click.option("--threshold", type=float, default=None,
                     help="Cosine in (0, 1] at which sentences count as the same content "
                          "[default: 0.7]."),
        click.option("--threads", type=click.IntRange(min=1), default=None,
                     help="CPU threads of the model (onnx, torch; at most four per core); "
                          "the digest is the same for any number [default: the cores, at "
                          "most 4]."),
    )


def budget_from(values: dict[str, Any], default_words: int = 120) -> Any:
    """The budget of a command's :func:`budget_options` values."""
    return budget_of(values["sentences"], values["words"], values["bytes_"], default_words)


def settings_from(values: dict[str, Any]) -> Any:
    """The :class:`~summarize.summarizer.Settings` of a command's :func:`model_options`."""
    return settings_of(values["backend"], values["model"], values["threshold"], values["cache"],
                       values["threads"])


def settings_of(backend: str, model: str | None, threshold: float | None, cache: bool,
                threads: int | None) -> Any:
    """The :class:`~summarize.summarizer.Settings` of the model options (checked by the
    library: a bad value is a one-line usage error)."""
    from ..summarizer import Settings

    return Settings(backend=backend, model=model, threshold=threshold, cache=cache,
                    threads=threads)


class NonEmptyPath(click.Path):
    """A :class:`click.Path` that refuses an empty value, which it would read as the current
    directory (an unset shell variable: ``--state "$DIR"``)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value:
            self.fail("an empty path names no file or directory", param, ctx)
        return super().convert(value, param, ctx)


force_option = click.option("--force", is_flag=True, help="Overwrite an existing output file.")
format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
    help="text and markdown: each sentence with its citations, then the sources; json: one "
         "object (one line per cluster for JSON-lines input); html: one self-contained page.",
)


def max_bytes_option(what: str) -> Callable[[Any], Any]:
    return click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
                        show_default=True, help=what)


def check_output(output: Path | None, inputs: Sequence[str], force: bool) -> None:
    """Refuse an output file that exists (without ``force``) or that is one of the ``inputs``,
    or an article file of an input directory (even with it: the article would be replaced by
    its own digest)."""
    if output is None:
        return
    from ..io import replaces_file

    if not force and replaces_file(output):
        raise click.UsageError(f"{output} already exists (add --force to overwrite it)")
    if output.is_file() and any(item != "-" and output.resolve() in _input_files(Path(item))
                                for item in inputs):
        raise click.UsageError(f"{output} is an input: give another output file")


def _input_files(path: Path) -> set[Path]:
    """The files an input path reads (resolved): itself, or a directory's article files."""
    from ..ingest.files import article_files

    if path.is_file():
        return {path.resolve()}
    if path.is_dir():
        return {f.resolve() for f in article_files(path)}
    return set()


def emit(text: str, output: Path | None, force: bool) -> None:
    """Print ``text``, or write it to ``output`` atomically (replacing a file only with
    ``force``) and say so on stderr."""
    if output is None:
        click.echo(text, nl=False)
        return
    from ..io import write_atomic

    write_atomic(output, text, overwrite=force)
    click.echo(f"wrote {one_line(str(output))}", err=True)


def stdin_for(paths: Sequence[str]) -> Any:
    """Standard input as bytes when ``-`` is among ``paths`` (else None, and it is never
    opened); a usage error when it is closed (``<&-``)."""
    if "-" not in paths:
        return None
    try:
        return click.get_binary_stream("stdin")  # type: ignore[operator]
    except RuntimeError:
        raise click.UsageError("- reads standard input, which is closed") from None


def check_query(query: str | None) -> None:
    """``--query`` read as the library reads a query (:func:`summarize.pipeline.query_text`);
    an empty one is a usage error naming the flag."""
    from ..errors import InputError
    from ..pipeline import query_text

    try:
        query_text(query)
    except InputError:
        raise click.UsageError("--query needs some text") from None
