"""The harness end to end: data loading, the eval command, reports, and resuming a killed run."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import cli
from summarize.errors import InputError
from summarize.evaluation.data import load_clusters
from summarize.evaluation.runner import InstanceStore
from summarize.evaluation.settings import TIMING_FIELDS

from ..conftest import ROOT, SHARED_DATA, synthetic_clusters, write_jsonl


@pytest.fixture
def data(tmp_path) -> Path:
    return write_jsonl(tmp_path / "tiny.jsonl", synthetic_clusters(4))


def invoke(*args: str):
    result = CliRunner().invoke(cli, ["eval", *args], catch_exceptions=False)
    return result


# --- data ------------------------------------------------------------------------------------


def test_jsonl_limit_and_ids(data, tmp_path):
    assert [c.id for c in load_clusters(data)] == ["c000", "c001", "c002", "c003"]
    assert [c.id for c in load_clusters(data, limit=2)] == ["c000", "c001"]
    assert [c.id for c in load_clusters(data, ids=["c003", "c001"])] == ["c001", "c003"]
    with pytest.raises(InputError, match="not found"):
        load_clusters(data, ids=["c001", "zzz"])


def test_multi_news_original_files(tmp_path):
    src = tmp_path / "val.src"
    src.write_text(
        "first article line one . NEWLINE_CHAR line two .|||||second article .\n"
        "only one article here .\n", encoding="utf-8")
    (tmp_path / "val.tgt").write_text("– summary one .\n– summary two .\n", encoding="utf-8")
    clusters = load_clusters(src)
    assert [c.id for c in clusters] == ["val_0", "val_1"]
    assert [d.text for d in clusters[0].documents] == [
        "first article line one .\nline two .", "second article ."]
    assert clusters[1].summaries == ("– summary two .",)
    (tmp_path / "val.tgt").write_text("– one .\n", encoding="utf-8")
    with pytest.raises(InputError, match="same number of lines"):
        load_clusters(src)


def test_clusters_without_references_are_refused(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"id": "a", "documents": ["Some text here."]}])
    with pytest.raises(InputError, match="no reference"):
        load_clusters(path)


# --- the command -----------------------------------------------------------------------------


@pytest.mark.slow
def test_eval_prints_settings_and_one_row_per_method(data, tmp_path):
    out = tmp_path / "run"
    result = invoke(str(data), "--backend", "hash", "--method", "ours", "--method", "lead",
                    "--method", "oracle", "--words", "40", "--measure", "recall",
                    "--out", str(out), "--resamples", "200", "--permutations", "200")
    assert result.exit_code == 0, result.output
    text = result.stdout  # the progress bar went to standard error
    assert "4 clusters" in text and "40 words" in text and "`-l 40`" in text
    assert "measure: **recall**" in text and "stemmer on" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert [r.split(" | ")[0] for r in rows[1:]] == [
        "| ours", "| lead", "| oracle (upper bound: reads the references)"]
    assert {p.name for p in out.iterdir()} == {
        "summary.json", "instances.jsonl", "table.md", "chart.png"}
    assert (out / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "table.md").read_text(encoding="utf-8") == text
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "done"
    assert summary["settings"]["budget"] == {"kind": "words", "limit": 40}
    assert "rouge-score" in summary["versions"]
    assert [r["name"] for r in summary["results"]] == ["ours", "lead", "oracle"]
    lines = (out / "instances.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12
    record = json.loads(lines[0])
    assert {"id", "method", "output", "scores", "seconds", "words"} <= set(record)
    assert record["words"] <= 40
    # the oracle's recall is at least that of every system on each cluster
    by = {(json.loads(x)["id"], json.loads(x)["method"]): json.loads(x) for x in lines}
    for cid in ("c000", "c001", "c002", "c003"):
        assert (by[(cid, "oracle")]["scores"]["rouge1"]["r"]
                >= by[(cid, "lead")]["scores"]["rouge1"]["r"] - 1e-9)


def test_bytes_budget_and_usage_errors(data, tmp_path):
    result = invoke(str(data), "--backend", "hash", "--method", "lead", "--bytes", "100",
                    "--resamples", "100", "--permutations", "100")
    assert result.exit_code == 0, result.output
    assert "100 bytes" in result.output and "`-b 100`" in result.output
    assert "ours better" in result.output
    bad = invoke(str(data), "--words", "5", "--bytes", "5")
    assert bad.exit_code == 2 and "one budget" in bad.output
    bad = invoke(str(data), "--method", "nope")
    assert bad.exit_code == 2 and "'nope' is not one of 'ours'" in bad.output
    bad = invoke(str(data), "--method", "tfidf")  # a grouping method, without --grouping
    assert bad.exit_code == 2 and "--method tfidf goes with --grouping" in bad.output


def test_the_help_lists_every_method():
    from summarize.evaluation.grouping import METHODS as GROUPING_METHODS
    from summarize.evaluation.methods import METHODS

    shown = " ".join(CliRunner().invoke(cli, ["eval", "--help"], terminal_width=400).output.split())
    assert set(METHODS) >= {"ours", "lead", "icsi", "oracle"}
    assert f"default: all of them): {', '.join(METHODS)}." in shown
    assert f"With --grouping: {' or '.join(GROUPING_METHODS)}." in shown


@pytest.mark.slow
def test_a_directory_with_other_settings_is_not_resumed(data, tmp_path):
    out = tmp_path / "run"
    args = [str(data), "--backend", "hash", "--method", "lead", "--out", str(out),
            "--resamples", "100", "--permutations", "100"]
    assert invoke(*args, "--words", "40").exit_code == 0
    again = invoke(*args, "--words", "50")
    assert again.exit_code == 2 and "other settings (budget)" in again.output


@pytest.mark.slow
@pytest.mark.parametrize(("name", "content"), [
    ("instances.jsonl", b"my notes\n"), ("instances.jsonl", b"[1, 2]\n"),
    ("instances.jsonl", b"notes, not torn"), ("summary.json", b"[1]\n"),
    ("summary.json", b"my notes\n"), ("table.md", b"# my table\n"),
], ids=["a line of text", "a JSON list", "text without a line end", "a JSON list",
        "text", "a table"])
def test_a_file_of_the_out_directory_that_is_not_ours_is_refused_and_kept(
        data, tmp_path, name, content):
    """``--out`` at a directory whose instances.jsonl or summary.json eval did not write:
    the file was cut to nothing as a "torn last line" or replaced, or a traceback."""
    out = tmp_path / "run"
    out.mkdir()
    (out / name).write_bytes(content)
    result = CliRunner().invoke(cli, ["eval", str(data), "--backend", "hash", "--method",
                                      "lead", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{name}: not " in result.stderr and "another output directory" in result.stderr
    assert (out / name).read_bytes() == content
    assert sorted(p.name for p in out.iterdir()) == [name]


def test_a_torn_last_line_is_cut_and_redone(data, tmp_path):
    out = tmp_path / "run"
    args = [str(data), "--backend", "hash", "--method", "lead", "--method", "random",
            "--out", str(out), "--resamples", "100", "--permutations", "100"]
    assert invoke(*args).exit_code == 0
    path = out / "instances.jsonl"
    whole = path.read_bytes()
    lines = whole.splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:5]) + lines[5][:17])  # as if killed mid-write
    assert len(InstanceStore(path).load()) == 5
    assert path.read_bytes() == b"".join(lines[:5])
    path.write_bytes(b"".join(lines[:5]) + lines[5][:17])
    assert invoke(*args).exit_code == 0
    assert _content(path) == _content_bytes(whole)


def _content_bytes(data: bytes) -> list[dict]:
    records = [json.loads(line) for line in data.splitlines()]
    for r in records:
        for f in TIMING_FIELDS:
            r.pop(f)
    return sorted(records, key=lambda r: (r["id"], r["method"]))


def _content(path: Path) -> list[dict]:
    return _content_bytes(path.read_bytes())


def _score_columns(table: str) -> list[list[str]]:
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| ")]
    return [row[:4] + row[6:] for row in rows]  # all but words / seconds


@pytest.mark.slow
def test_run_killed_midway_resumes_to_the_same_results(tmp_path):
    data = write_jsonl(tmp_path / "many.jsonl", synthetic_clusters(30))
    methods = ["--method", "ours", "--method", "lead", "--method", "centroid",
               "--method", "lexrank", "--method", "oracle"]
    common = [str(data), "--backend", "hash", *methods, "--words", "40",
              "--resamples", "200", "--permutations", "200", "--no-progress"]
    total = 30 * 5

    # an uninterrupted run, in process
    whole = tmp_path / "whole"
    assert invoke(*common, "--out", str(whole)).exit_code == 0

    # the same run in a subprocess, killed (SIGKILL) once some instances are written
    killed = tmp_path / "killed"
    instances = killed / "instances.jsonl"
    cmd = [sys.executable, str(ROOT / "eval" / "run.py"), *common, "--out", str(killed)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=tmp_path)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if instances.exists() and instances.read_bytes().count(b"\n") >= 12:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be killed: " + (
        proc.stderr.read().decode() if proc.stderr else "")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    written = instances.read_bytes().count(b"\n")
    assert 12 <= written < total
    assert not (killed / "table.md").exists()

    resumed = invoke(*common, "--out", str(killed))
    assert resumed.exit_code == 0
    assert _content(instances) == _content(whole / "instances.jsonl")
    assert len(_content(instances)) == total
    assert _score_columns((killed / "table.md").read_text(encoding="utf-8")) == _score_columns(
        (whole / "table.md").read_text(encoding="utf-8"))
    a = json.loads((killed / "summary.json").read_text(encoding="utf-8"))["results"]
    b = json.loads((whole / "summary.json").read_text(encoding="utf-8"))["results"]
    assert [r["scores"] for r in a] == [r["scores"] for r in b]
    assert [r["p_ours_better"] for r in a] == [r["p_ours_better"] for r in b]


def test_eval_run_py_is_the_same_command():
    result = subprocess.run([sys.executable, str(ROOT / "eval" / "run.py"), "--help"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "ROUGE-1, ROUGE-2 and ROUGE-Lsum" in result.stdout
    assert "--measure" in result.stdout


# --- real data and the bundled model (slow) -------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED_DATA / "multi_news_val_truncated.jsonl").exists(),
                    reason="the benchmark data (../shared/data) is not here")
def test_two_multi_news_clusters_with_the_bundled_model(tmp_path):
    result = invoke(str(SHARED_DATA / "multi_news_val_truncated.jsonl"), "--limit", "2",
                    "--method", "ours", "--method", "centroid", "--method", "oracle",
                    "--out", str(tmp_path / "run"), "--resamples", "100",
                    "--permutations", "100")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    scores = {r["name"]: r["scores"]["rouge1"]["mean"] for r in summary["results"]}
    assert 10 < scores["ours"] <= scores["oracle"] < 100
    assert all(r["failures"] == 0 for r in summary["results"])


def test_summary_keeps_the_versions_a_run_started_with(tmp_path, monkeypatch):
    from summarize import Budget
    from summarize.evaluation import report
    from summarize.evaluation.settings import Settings

    settings = Settings(data="x.jsonl", clusters=1, budget=Budget("words", 10),
                        methods=("lead",))
    monkeypatch.setattr(report, "versions", lambda: {"git": "aaa"})
    report.write_summary(tmp_path, settings, None)
    report.write_summary(tmp_path, settings, None)
    saved = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert saved["versions"] == {"git": "aaa"} and "resumed_with" not in saved
    monkeypatch.setattr(report, "versions", lambda: {"git": "bbb"})
    report.write_summary(tmp_path, settings, [])
    saved = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert saved["versions"] == {"git": "aaa"}
    assert saved["resumed_with"] == [{"git": "bbb"}]
    assert saved["status"] == "done"
