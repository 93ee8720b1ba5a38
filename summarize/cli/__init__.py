"""The ``summarize`` command line: parse, call the library, print. No pipeline logic here.

Each command is a module (:mod:`.digest`, :mod:`.batch`, :mod:`.stories`, :mod:`.eval`) built
from the shared options of :mod:`.options` (SIGTERM as Ctrl-C: :mod:`.signals`); the group
here words the library's errors for the terminal (one line, the flag named where the library
names a parameter) and shows its warnings one line each.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence
from typing import Any

import click

from ..errors import SummarizeError, SummarizeWarning
from ..text import one_line
from .options import flag_of

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
  summarize stories today/ --format html -o news.html   # a day's articles: one page of stories
"""

#: Commands imported only when they run or show their own help (``summarize --help`` then
#: starts without NumPy and the pipeline): name -> (module, attribute, the help's first line).
LAZY_COMMANDS = {
    "digest": ("summarize.cli.digest", "digest",
               "Print the cited digest of the articles in PATH... ."),
    "batch": ("summarize.cli.batch", "batch",
              "Write the digest of every cluster in IN to OUT, one JSON line each, in input "
              "order."),
    "stories": ("summarize.cli.stories", "stories",
                "Group the articles in INPUT... into stories and print each story's cited "
                "digest."),
    "eval": ("summarize.cli.eval", "eval_command",
             "ROUGE-1, ROUGE-2 and ROUGE-Lsum of each method on the clusters in DATA."),
}


#: Warnings of one kind (one per article) shown one by one; the rest are counted, and said
#: in one line at the end.
SHOWN_OF_A_KIND = 3


class _Warnings:
    """Shows the library's warnings one line each, naming flags, not parameters; of a
    ``kind`` of warning, the first :data:`SHOWN_OF_A_KIND`, then a count at the end."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def show(self, message: Any, category: type, *args: Any, **kwargs: Any) -> None:
        if not issubclass(category, SummarizeWarning):
            return
        kind = getattr(message, "kind", None)
        if kind is not None:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            if self.counts[kind] > SHOWN_OF_A_KIND:
                return
        worded = getattr(message, "worded", None)
        text = worded(flag_of(message.option)) if worded is not None else str(message)
        click.echo(f"warning: {one_line(text)}", err=True)

    def summary(self) -> None:
        for kind, n in self.counts.items():
            if n > SHOWN_OF_A_KIND:
                click.echo(f"warning: {kind}: {n:,} in all, the first {SHOWN_OF_A_KIND} "
                           f"shown ({n - SHOWN_OF_A_KIND:,} more)", err=True)


class _Failure(click.ClickException):
    """A library error shown as one line, with the library's exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]


def failure(exc: SummarizeError) -> click.ClickException:
    """A library error worded for the terminal: one line, naming flags, not parameters."""
    return _Failure(one_line(exc.worded(flag_of(exc.option))), exc.exit_code)


class _Group(click.Group):
    """Turns the library's errors into one line and an exit code, and shows its warnings as
    one line each, for every command (and so under Click's CliRunner too); imports the
    :data:`LAZY_COMMANDS` on first use; prints a usage error on the first line."""

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
        shown = _Warnings()
        with warnings.catch_warnings():
            warnings.simplefilter("always", SummarizeWarning)
            warnings.showwarning = shown.show
            try:
                return super().invoke(ctx)
            except SummarizeError as exc:
                raise failure(exc) from None
            except MemoryError:
                raise _Failure("out of memory: try a smaller input", 1) from None
            except OSError as exc:  # one the library did not expect: still one line
                where = f"{exc.filename}: " if exc.filename else ""
                raise _Failure(one_line(f"{where}{exc.strerror or exc}"), 1) from None
            finally:
                shown.summary()

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's standalone handling, but a usage error comes first, on one line, with the
        hint after it."""
        run = super().main
        if not standalone_mode:
            return run(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = run(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            click.echo(f"Error: {one_line(exc.format_message())}", err=True)
            if exc.ctx is not None:
                click.echo(f"Try '{exc.ctx.command_path} {exc.ctx.help_option_names[0]}' for "
                           "help.", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_Group, epilog=EXAMPLES,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarize")
def cli() -> None:
    """Cited digests of several news articles about one event.

    Sentences that say the same thing across articles are grouped; the most central, widely
    reported ones are picked under a length budget, none said twice, each cited to every
    article that reports it.
    """


def main() -> None:
    """The console script (also ``python -m summarize``)."""
    cli(prog_name="summarize")
