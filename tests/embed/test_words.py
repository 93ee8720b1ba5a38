"""The word-piece table read a row at a time (summarize.embed.words)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from summarize.embed.words import WordTable, table_path, write_table


def test_rows_are_the_tables_to_the_bit(tmp_path: Path) -> None:
    weights = np.random.default_rng(0).standard_normal((50, 6)).astype(np.float32)
    path = write_table(weights, tmp_path / "m.words.f32")
    table = WordTable(path, 50, 6)
    assert table.is_whole()
    ids = np.array([[3, 0, 49, 3], [7, 7, 0, 1]])
    rows = table.embed(ids)
    assert rows.shape == (2, 4, 6) and rows.dtype == np.float32
    assert rows.tobytes() == weights[ids].tobytes()
    assert table.embed(np.array([[49]])).tobytes() == weights[[[49]]].tobytes()  # kept rows
    with pytest.raises(ValueError, match="outside the table"):
        table.embed(np.array([[50]]))
    table.close()


def test_a_cut_or_missing_table_is_not_whole(tmp_path: Path) -> None:
    path = write_table(np.zeros((4, 3), dtype=np.float32), tmp_path / "t.words.f32")
    assert WordTable(path, 4, 3).is_whole()
    assert not WordTable(path, 5, 3).is_whole()
    assert not WordTable(tmp_path / "none.words.f32", 4, 3).is_whole()
    assert table_path(tmp_path / "model-abc.onnx") == tmp_path / "model-abc.words.f32"
