"""The progress bar of long runs (``summarize batch``, ``summarize eval``): on standard error,
shown when it is a terminal unless told otherwise."""

from __future__ import annotations

import sys
from typing import Any


def progress_bar(total: int, initial: int, progress: bool | None, interval: float) -> Any:
    """A tqdm bar over ``total`` clusters, ``initial`` of them done already; ``progress``
    None shows it only on a terminal; ``interval`` is the least time between redraws (s)."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        initial=initial,
        unit="cluster",
        file=sys.stderr,
        disable=(not sys.stderr.isatty()) if progress is None else not progress,
        dynamic_ncols=True,
        mininterval=interval,
    )
