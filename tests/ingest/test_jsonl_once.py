"""A JSON-lines file is opened once (issue 29, row 3): a named pipe, gzip-compressed or not,
is read through, not waited on for ever."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ..conftest import ROOT

RECORD = {"id": "a", "documents": [
    "The council approved the new bridge on Monday after a long debate in the city hall."]}


def _writer(path: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        with path.open("wb") as fh:  # waits for the reader, as a shell's writer does
            fh.write(data)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("compressed", [False, True])
def test_digest_reads_a_named_pipe_of_clusters_once(tmp_path: Path, compressed: bool) -> None:
    pipe = tmp_path / "c.jsonl"
    os.mkfifo(pipe)
    data = (json.dumps(RECORD) + "\n").encode()
    writer = _writer(pipe, gzip.compress(data) if compressed else data)
    done = subprocess.run(
        [sys.executable, "-m", "summarize", "digest", str(pipe), "--backend", "hash",
         "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    writer.join(5)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == "a"
