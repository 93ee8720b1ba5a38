"""The error and warning types the library raises on purpose.

Every other exception escaping the library is a bug. A message names library parameters
(``max_bytes``, ``force``); an error that a parameter can remedy carries its name in
``option`` and the remedy in ``remedy``, so that a front end can word it in its own terms
(:meth:`SummarizeError.worded`): the command line says ``--max-bytes`` where the library says
``max_bytes``. The CLI turns these into one line and exit code 1 (input) or 2 (usage).
"""

from __future__ import annotations


class _Remedied:
    """A message with the remedy a library parameter brings (an error's, a warning's)."""

    message: str
    option: str | None
    remedy: str | None

    def worded(self, option_name: str | None = None) -> str:
        """The message, its remedy naming the parameter ``option_name`` (default: the library
        parameter's own name)."""
        if not self.remedy:
            return self.message
        return f"{self.message} ({self.remedy.format(option=option_name or self.option)})"

    def __str__(self) -> str:
        return self.worded()


class SummarizeError(_Remedied, Exception):
    """Base class of every error raised on purpose by ``summarize``."""

    exit_code = 1

    def __init__(
        self, message: str, *, option: str | None = None, remedy: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.option = option  #: the library parameter that can remedy it, if any
        self.remedy = remedy  #: how, with ``{option}`` standing for that parameter's name

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return _rebuild, (type(self), self.message, self.option, self.remedy)


def _rebuild(
    cls: type[SummarizeError], message: str, option: str | None, remedy: str | None
) -> SummarizeError:
    return cls(message, option=option, remedy=remedy)


class InputError(SummarizeError):
    """The input cannot be summarized: a missing, empty, binary or oversized article."""


class BudgetError(SummarizeError):
    """The length budget is invalid, or no sentence of the input fits in it."""


class UsageError(SummarizeError):
    """An option or argument has a value the library refuses."""

    exit_code = 2


class UsageTypeError(UsageError, TypeError):
    """A library argument of the wrong type (a :class:`UsageError` naming the parameter in
    ``option``, and a :class:`TypeError` too)."""


class OutputError(SummarizeError):
    """The output cannot be written (no space left, no permission, a read-only file system)."""


class SummarizeWarning(_Remedied, UserWarning):
    """Something was repaired or skipped on the way in (shown as one line by the CLI).

    Like an error, a warning a parameter can remedy carries its ``option`` and ``remedy``
    (:meth:`worded`); ``kind`` names warnings that come one per article (``"articles that do
    not look like English"``), which a front end may count rather than show each."""

    def __init__(self, message: str = "", *, option: str | None = None,
                 remedy: str | None = None, kind: str | None = None) -> None:
        super().__init__(message)
        self.message, self.option, self.remedy, self.kind = message, option, remedy, kind

    @classmethod
    def of(cls, prefix: str, error: SummarizeError, kind: str | None = None
           ) -> SummarizeWarning:
        """``prefix`` and the error's message, with its remedy (``"skipped URL: …"``)."""
        return cls(prefix + error.message, option=error.option, remedy=error.remedy, kind=kind)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return _rebuild_warning, (self.message, self.option, self.remedy, self.kind)


def _rebuild_warning(message: str, option: str | None, remedy: str | None,
                     kind: str | None) -> SummarizeWarning:
    return SummarizeWarning(message, option=option, remedy=remedy, kind=kind)
