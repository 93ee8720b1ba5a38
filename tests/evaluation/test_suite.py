"""``eval/suite.py``: the subsample, the folders, and the summary across tables, on tiny fake
tables written by the harness's own report code (no benchmark data, no model)."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from summarize.evaluation.report import aggregate, write_summary
from summarize.evaluation.runner import InstanceStore
from summarize.evaluation.settings import Settings
from summarize.types import Budget, Cluster, Document

from ..conftest import eval_script


@pytest.fixture(scope="module")
def suite() -> ModuleType:
    return eval_script("suite")


def record(cid: str, method: str, r1: float, r2: float) -> dict:
    scores = {m: {"p": v, "r": v, "f": v} for m, v in
              (("rouge1", r1), ("rouge2", r2), ("rougeLsum", r1))}
    return {"id": cid, "method": method, "output": [], "words": 100, "bytes": 600,
            "scores": scores, "seconds": 0.0, "shared_seconds": 0.0, "error": None}


def fake_table(out: Path, r2: dict[str, list[float]], r1: dict[str, list[float]] | None = None,
               measure: str = "recall", done: bool = True) -> None:
    """A finished table: per-cluster scores (fractions) of each method, summary.json made by
    the harness's aggregate."""
    out.mkdir(parents=True)
    methods = tuple(r2)
    n = len(next(iter(r2.values())))
    records = [record(f"c{i}", m, (r1 or r2)[m][i], r2[m][i]) for i in range(n) for m in methods]
    store = InstanceStore(out / "instances.jsonl")
    for r in records:
        store.append(r)
    settings = Settings(data="fake.jsonl", clusters=n, budget=Budget("words", 100),
                        measure=measure, methods=methods, resamples=100, permutations=500)
    write_summary(out, settings, aggregate(records, settings) if done else None)


def test_subsample_is_seeded_ordered_and_leaves_small_clusters(suite: ModuleType) -> None:
    big = Cluster(documents=tuple(Document(text=f"Article {i}.") for i in range(25)), id="D1")
    one = suite.subsample(big, 10, seed=0)
    assert len(one.documents) == 10 and one.id == "D1"
    positions = [big.documents.index(d) for d in one.documents]
    assert positions == sorted(positions)  # kept in their order
    assert suite.subsample(big, 10, seed=0) == one  # the same every time
    other = Cluster(documents=big.documents, id="D2")
    assert suite.subsample(other, 10, seed=0).documents != one.documents  # seeded by the id
    assert suite.subsample(big, 10, seed=1).documents != one.documents
    small = Cluster(documents=big.documents[:3], id="D3")
    assert suite.subsample(small, 10, seed=0) is small


def test_folders_and_tables(suite: ModuleType) -> None:
    root = Path("r")
    assert suite.folder(root, "duc2006-100w", None) == root / "suite-duc2006-100w"
    assert suite.folder(root, "duc2007-665b", 10) == root / "suite-duc2007-docs10-665b"
    assert suite.summary_name(None) == "suite-summary"
    assert suite.summary_name(10) == "suite-docs10-summary"
    assert len(suite.TABLES) == 8 and all(t.rsplit("-", 1)[1] in suite.BUDGETS
                                          for t in suite.TABLES)


def test_summary_ranks_tests_and_pools(suite: ModuleType, tmp_path: Path) -> None:
    # table 1: ours > icsi > lexrank on every cluster; table 2: icsi > ours > lexrank
    fake_table(tmp_path / "suite-duc2006-100w", {
        "ours": [0.12, 0.10, 0.11, 0.13], "icsi": [0.10, 0.09, 0.10, 0.11],
        "lexrank": [0.05, 0.05, 0.06, 0.05]})
    fake_table(tmp_path / "suite-duc2007-100w", {
        "ours": [0.10, 0.10], "icsi": [0.11, 0.12], "lexrank": [0.06, 0.07]},
        r1={"ours": [0.4, 0.4], "icsi": [0.3, 0.3], "lexrank": [0.2, 0.2]})
    fake_table(tmp_path / "suite-duc2006-250w", {"ours": [0.1], "icsi": [0.1]}, done=False)
    summary = suite.write_suite_summary(tmp_path, None, permutations=2000)
    assert set(summary["tables"]) == {"duc2006-100w", "duc2007-100w"}
    assert "duc2006-250w" in summary["missing"] and len(summary["missing"]) == 6
    assert summary["ranked"] == ["ours", "icsi", "lexrank"]
    assert summary["mean_rank"]["ours"] == {"r2": 1.5, "r1": 1.0}
    assert summary["mean_rank"]["icsi"]["r2"] == 1.5 and summary["mean_rank"]["lexrank"]["r2"] == 3

    icsi = summary["versus"]["icsi"]
    t1, t2 = icsi["tables"]["duc2006-100w"], icsi["tables"]["duc2007-100w"]
    assert t1["delta_r2"] == pytest.approx(1.5) and t2["delta_r2"] == pytest.approx(-1.5)
    assert t1["p_r2"] < 0.2 and t2["p_r2"] > 0.5  # the harness's per-table tests
    assert icsi["ours_at_or_above"] == {"r1": 2, "r2": 1}
    pooled = icsi["pooled_r2"]
    # six per-cluster differences: 2, 1, 1, 2 and -1, -2 (×100): mean 0.5
    assert pooled["clusters"] == 6 and pooled["delta"] == pytest.approx(0.5)
    # every table the same weight: the mean of the tables' means, (1.5 - 1.5) / 2
    assert pooled["delta_tables_equal"] == pytest.approx(0.0, abs=1e-9)
    assert pooled["p_tables_equal"] > pooled["p"]
    lexrank = summary["versus"]["lexrank"]["pooled_r2"]
    assert lexrank["delta"] > 4 and lexrank["p"] < 0.05

    written = json.loads((tmp_path / "suite-summary.json").read_text(encoding="utf-8"))
    assert written["versus"]["icsi"]["pooled_r2"]["p"] == pytest.approx(pooled["p"])
    table = (tmp_path / "suite-summary.md").read_text(encoding="utf-8")
    assert "| ours | 11.50 / 11.50 | 40.00 / 10.00 | 1.50 | 1.00 |" in table
    assert "missing: duc2006-250w" in table
    assert "| ICSI ILP (Gillick & Favre 2009) | +1.50 (" in table


def test_pooled_test_weights(suite: ModuleType) -> None:
    big, small = np.full(98, 1.0), np.full(2, -49.0)
    out = suite.pooled_test([big, small], 0, 2000, "x")
    assert out["clusters"] == 100
    assert out["delta"] == pytest.approx(0.0)  # (98 - 98) / 100
    assert out["delta_tables_equal"] == pytest.approx((1.0 - 49.0) / 2)
    assert out["p_tables_equal"] > 0.5
    empty = suite.pooled_test([], 0, 100, "x")
    assert empty["clusters"] == 0 and empty["p"] == 1.0


def test_docs_summary_is_duc_only_and_run_table_needs_no_rerun(
    suite: ModuleType, tmp_path: Path
) -> None:
    fake_table(tmp_path / "suite-duc2006-docs10-100w", {"ours": [0.1, 0.2], "icsi": [0.1, 0.1]})
    fake_table(tmp_path / "suite-multinews-100w", {"ours": [0.1, 0.2], "icsi": [0.1, 0.1]},
               measure="f1")
    summary = suite.write_suite_summary(tmp_path, 10)
    assert list(summary["tables"]) == ["duc2006-100w"]
    assert all(not t.startswith("multinews") for t in summary["missing"])
    assert (tmp_path / "suite-docs10-summary.md").exists()
    plain = suite.write_suite_summary(tmp_path, None)
    assert list(plain["tables"]) == ["multinews-100w"]
    assert plain["tables"]["multinews-100w"]["measure"] == "f1"


def test_summary_from_a_checkout_without_instances(suite: ModuleType, tmp_path: Path) -> None:
    # instances.jsonl are not committed: the per-table numbers still come from summary.json
    fake_table(tmp_path / "suite-duc2006-100w", {"ours": [0.2, 0.2], "icsi": [0.1, 0.1]})
    (tmp_path / "suite-duc2006-100w" / "instances.jsonl").unlink()
    summary = suite.write_suite_summary(tmp_path, None)
    icsi = summary["versus"]["icsi"]
    assert icsi["tables"]["duc2006-100w"]["delta_r2"] == pytest.approx(10.0)
    assert icsi["pooled_r2"]["clusters"] == 0
    assert "no instances.jsonl" in (tmp_path / "suite-summary.md").read_text(encoding="utf-8")


def test_drop_keeps_the_other_methods_and_cuts_a_torn_line(suite: ModuleType,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "instances.jsonl"
    lines = [json.dumps(record("c0", m, 0.1, 0.1)) + "\n" for m in ("ours", "icsi", "ours")]
    path.write_text("".join(lines) + '{"id": "c1", "meth', encoding="utf-8")
    suite.drop(path, {"ours"})
    assert [json.loads(x)["method"] for x in path.read_text().splitlines()] == ["icsi"]


@pytest.mark.slow
def test_main_runs_resumes_and_redoes_on_a_tiny_fake_set(suite: ModuleType,
                                                         tmp_path: Path) -> None:
    data, root = tmp_path / "data", tmp_path / "results"
    data.mkdir()
    text = ("The council approved the harbour bridge on Monday after a long debate in the city. "
            "Work on the new bridge will start next spring and last for about three years. ")
    for name in ("duc2006.jsonl", "duc2007_main_pyramid_subset.jsonl",
                 "multi_news_val_truncated.jsonl"):
        rows = [{"id": f"{name[:7]}-{i}", "documents": [text * (j + 1) for j in range(12)],
                 "summaries": ["The council approved the harbour bridge on Monday."]}
                for i in range(2)]
        (data / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    args = ["--backend", "hash", "--no-cache", "--data", str(data), "--root", str(root),
            "--table", "duc2006-100w", "--table", "multinews-250w",
            "--method", "ours", "--method", "klsum-greedy"]
    assert suite.main(args) == 0
    table = root / "suite-duc2006-100w"
    saved = json.loads((table / "summary.json").read_text(encoding="utf-8"))
    assert saved["settings"]["data"].endswith("duc2006.jsonl") and saved["status"] == "done"
    assert (table / "table.md").exists() and (root / "suite-summary.md").exists()
    summary = json.loads((root / "suite-summary.json").read_text(encoding="utf-8"))
    assert set(summary["tables"]) == {"duc2006-100w", "multinews-250w"}
    assert summary["versus"]["klsum-greedy"]["pooled_r2"]["clusters"] == 4
    # a method added later joins the table; --redo runs ours alone again
    assert suite.main([*args[:9], "--method", "lead", "--redo", "ours"]) == 0
    saved = json.loads((table / "summary.json").read_text(encoding="utf-8"))
    assert saved["settings"]["methods"] == ["ours", "klsum-greedy", "lead"]
    methods = [json.loads(x)["method"] for x in
               (table / "instances.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(methods) == ["klsum-greedy"] * 2 + ["lead"] * 2 + ["ours"] * 2
    assert methods[:2] == ["klsum-greedy"] * 2  # kept; the others came after
    # ten articles a cluster: its own folders, the same data file
    assert suite.main([*args[:9], "--method", "ours", "--docs", "10"]) == 0
    docs = json.loads((root / "suite-duc2006-docs10-100w" / "summary.json").read_text())
    assert "[10 articles per cluster, seed 0]" in docs["settings"]["data"]
    assert (root / "suite-docs10-summary.md").exists()
