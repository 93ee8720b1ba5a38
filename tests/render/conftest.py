"""Helpers of the page tests (tests/render): a real browser's DOM and screenshot size."""

from __future__ import annotations

import struct
from pathlib import Path

from ..conftest import browse


def dump_dom(page: Path, tmp_path: Path) -> str:
    return browse(page, tmp_path, "--dump-dom").stdout


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])
