"""Helpers of the story state tests (tests/stories)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from summarize.stories.state import FILENAME


def contents(state: Path) -> list[str]:
    """The whole state, as SQL."""
    conn = sqlite3.connect(state / FILENAME)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
