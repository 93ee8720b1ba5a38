"""``eval/pools.py``: clusters mixed into one pool, ``--docs`` keeping each cluster's first
articles (on tiny clusters written here: no benchmark data, no model)."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from ..conftest import eval_script


@pytest.fixture(scope="module")
def pools() -> ModuleType:
    return eval_script("pools")


def clusters_file(path: Path) -> Path:
    lines = []
    for c in ("a", "b"):
        docs = [f"Report {k} of story {c}: the {c} event number {k} happened today in town {c}."
                for k in range(1, 5)]
        lines.append(json.dumps({"id": c, "documents": docs, "summaries": ["x"]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_docs_keeps_each_clusters_first_articles(pools: ModuleType, tmp_path: Path) -> None:
    data = clusters_file(tmp_path / "c.jsonl")
    assert pools.main([str(data), "-o", str(tmp_path / "all.jsonl")]) == 0
    assert pools.main([str(data), "--docs", "2", "-o", str(tmp_path / "two.jsonl")]) == 0
    every, two = read(tmp_path / "all.jsonl"), read(tmp_path / "two.jsonl")
    assert len(every) == 8
    assert sorted(a["id"] for a in two) == ["a/1", "a/2", "b/1", "b/2"]
    texts = {a["id"]: a["text"] for a in every}
    assert all(a["text"] == texts[a["id"]] for a in two)


def test_docs_below_one_is_refused(pools: ModuleType, tmp_path: Path) -> None:
    data = clusters_file(tmp_path / "c.jsonl")
    with pytest.raises(SystemExit) as exc:
        pools.main([str(data), "--docs", "0", "-o", str(tmp_path / "p.jsonl")])
    assert exc.value.code == 2
    assert not (tmp_path / "p.jsonl").exists()
