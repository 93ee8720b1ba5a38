"""What this machine gives the process: :func:`cores`. A module of its own, with nothing but
:mod:`os` under it, so that the digest's cold path (the encoder's threads) reads it without
importing the engine's process pool."""

from __future__ import annotations

import os

__all__ = ["cores"]


def cores() -> int:
    """The cores this process may run on: its CPU affinity where the system tells it (a
    container's share of the machine), else the machine's."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1
