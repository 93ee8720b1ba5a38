"""The error types the library raises on purpose.

Every other exception escaping the library is a bug. The CLI turns these into a one-line
message and exit code 1 (input) or 2 (usage).
"""

from __future__ import annotations


class SummarizeError(Exception):
    """Base class of every error raised on purpose by ``summarize``."""

    exit_code = 1


class InputError(SummarizeError):
    """The input cannot be summarized: a missing, empty, binary or oversized article."""


class BudgetError(SummarizeError):
    """The length budget is invalid, or no sentence of the input fits in it."""


class UsageError(SummarizeError):
    """An option or argument has a value the library refuses."""

    exit_code = 2


class OutputError(SummarizeError):
    """The output cannot be written (no space left, no permission, a read-only file system)."""
