"""Resuming a batch: the progress file, and the output already written checked against the input.

While a run is unfinished, ``OUT.progress`` beside the output records the input and the
settings; a run started again with the same ones cuts a torn last line, checks that the lines
already written belong to the first input lines, and goes on from there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from ..ingest.jsonl import iter_jsonl_lines, parse_json_line
from ..ingest.read import DEFAULT_MAX_BYTES
from ..io import LineLog

PROGRESS_SUFFIX = ".progress"
PROGRESS_FORMAT = "summarize.batch-progress/1"
_START_OVER = {"option": "force", "remedy": "use {option} to start over"}


def progress_path(output: str | Path) -> Path:
    """Where the progress file of an unfinished batch writing ``output`` is kept."""
    return Path(str(output) + PROGRESS_SUFFIX)


def records(path: Path, max_bytes: int) -> Iterator[tuple[int, bytes | InputError]]:
    return iter_jsonl_lines(path, max_line_bytes=max_bytes)


def _expected_id(lineno: int, raw: bytes | InputError) -> str | None:
    """The id the output line of an input line carries (see :func:`summarize_record`)."""
    if isinstance(raw, InputError):
        return None
    try:
        obj = parse_json_line(raw)
    except InputError:
        return None
    if not isinstance(obj, dict):
        return None
    value = obj.get("id")
    if value is None:
        return str(lineno)
    return str(value) if isinstance(value, (str, int, float)) else None


def read_back(log: LineLog, source: Path, max_bytes: int) -> tuple[int, int]:
    """Check the output lines already written against the input: (lines, error lines)."""
    lines = log.recover()
    inputs = records(source, max_bytes)
    failed = 0
    for n, raw_out in enumerate(lines, 1):
        try:
            out = json.loads(raw_out)
        except ValueError:
            out = None
        if not isinstance(out, dict):
            raise UsageError(f"{log.path}: line {n} is not a JSON object; not resuming over it",
                             **_START_OVER)
        entry = next(inputs, None)
        if entry is None:
            raise UsageError(
                f"{log.path} has more lines than {source} has clusters: not the output of this "
                "input", **_START_OVER
            )
        lineno, raw = entry
        mismatch = (
            out.get("line") != lineno
            if "error" in out
            else out.get("id") != _expected_id(lineno, raw)
        )
        if mismatch:
            raise UsageError(
                f"{log.path}, line {n} does not match {source}, line {lineno}: the input "
                "changed since the run began", **_START_OVER
            )
        failed += "error" in out
    return len(lines), failed


def progress_record(source: Path, settings: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": PROGRESS_FORMAT,
        "input": str(source.resolve()),
        "settings": settings,
    }


def check_progress_path(output: Path) -> None:
    """Refuse, even with ``force``, a progress path that is there but is no file (a named
    pipe, which reading or writing would wait on forever, a device, a directory): batch
    never made it, and would remove it at the end of the run."""
    progress = progress_path(output)
    if progress.exists() and not progress.is_file():
        raise UsageError(f"{progress} is not a file, so not the progress file of summarize "
                         "batch: move it away, or give another output file")


def check_resumable(output: Path, source: Path, settings: dict[str, Any]) -> bool:
    """Whether ``output`` is this batch's own unfinished output (True), or absent (False);
    a :class:`~summarize.errors.UsageError` for anything else (a progress file batch did not
    write included, output or not: it is not replaced)."""
    progress = progress_path(output)
    if not output.exists() and not progress.exists():
        return False
    if not progress.exists():
        raise UsageError(f"{output} already exists", option="force",
                         remedy="add {option} to overwrite it")
    try:
        saved = json.loads(progress.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    saved = saved if isinstance(saved, dict) else {}
    mine = progress_record(source, settings)
    if saved.get("format") != PROGRESS_FORMAT or not isinstance(saved.get("settings"), dict):
        raise UsageError(f"{progress}: not a progress file of summarize batch",
                         option="force", remedy=f"use {{option}} to replace {output}")
    if not output.exists():  # killed between the progress file and the output: start anew
        return False
    differ = [k for k in mine["settings"] if saved.get("settings", {}).get(k) !=
              mine["settings"][k]]
    if saved.get("input") != mine["input"]:
        differ.insert(0, "input")
    if differ:
        raise UsageError(
            f"{output} is the unfinished output of a batch with another {', '.join(differ)}: "
            "run that command again to resume it", option="force",
            remedy="or use {option} to start over",
        )
    return True


def count_records(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> int:
    """The clusters (non-blank lines) of a JSON-lines file."""
    return sum(1 for _ in records(Path(path), max_bytes))


