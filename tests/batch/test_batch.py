"""``summarize batch``: one line per cluster in input order, errors recorded, resuming, never
overwriting, and runs killed (SIGKILL) at several moments, of ``batch`` and of ``eval``, that
resume to the output of an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import Budget, HashingEncoder, Summarizer, UsageError
from summarize.batch import run_batch
from summarize.batch.resume import progress_path
from summarize.batch.work import BatchOptions, summarize_record
from summarize.cli import cli
from summarize.io import LineLog
from summarize.summarizer import Settings

from ..conftest import (
    HASH,
    ROOT,
    STORY,
    english_clusters,
    run,
    synthetic_clusters,
    write_jsonl,
    write_lines,
)


def lines_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def mixed(tmp_path) -> Path:
    """Good clusters with a broken line, a cluster with nothing to summarize and a blank line."""
    rows = [{"id": "harbour", "documents": list(STORY)}, *english_clusters(3),
            "{not json", {"id": "tiny", "documents": ["Too short."]}, "",
            {"documents": [STORY[1], STORY[2]]}]
    return write_lines(tmp_path / "in.jsonl", rows)


def test_one_line_per_cluster_in_input_order_with_errors_recorded(mixed, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("batch", str(mixed), str(out), *HASH, "--workers", "1", "--sentences", "2")
    assert result.exit_code == 1, result.output
    records = lines_of(out)
    assert [r["id"] for r in records] == ["harbour", "c000", "c001", "c002", None, "tiny", "8"]
    assert records[4] == {"id": None, "line": 5, "error": records[4]["error"]}
    assert records[4]["error"].startswith("not valid JSON")
    assert records[5]["line"] == 6 and "no sentence to summarize" in records[5]["error"]
    good = [r for r in records if "error" not in r]
    assert all(r["format"] == "summarize.digest/1" and 1 <= len(r["sentences"]) <= 2
               for r in good)
    assert f"error: {mixed}, line 5: not valid JSON" in result.stderr
    assert f"error: {mixed}, line 6 (cluster tiny): no sentence to summarize" in result.stderr
    assert "2 of 7 cluster(s) failed" in result.stderr
    assert not progress_path(out).exists()
    assert "Traceback" not in result.output


def test_each_line_is_the_digest_command_s_json(mixed, tmp_path):
    out = tmp_path / "out.jsonl"
    run("batch", str(mixed), str(out), *HASH, "--workers", "1", "--words", "40")
    digest = run("digest", str(mixed), *HASH, "--format", "json", "--words", "40")
    good = [line for line in out.read_text(encoding="utf-8").splitlines() if '"error"' not in line]
    assert good == digest.stdout.splitlines()


@pytest.mark.slow
def test_two_workers_give_the_same_bytes_as_one(mixed, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run("batch", str(mixed), str(one), *HASH, "--workers", "1").exit_code == 1
    result = run("batch", str(mixed), str(two), *HASH, "--workers", "2")
    assert result.exit_code == 1, result.output
    assert two.read_bytes() == one.read_bytes()


def test_an_existing_output_is_never_overwritten_without_force(mixed, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n")
    refused = run("batch", str(mixed), str(out), *HASH, "--workers", "1")
    assert refused.exit_code == 2 and "already exists (add --force" in refused.stderr
    assert out.read_text() == "precious\n" and not progress_path(out).exists()
    forced = run("batch", str(mixed), str(out), *HASH, "--workers", "1", "--force")
    assert forced.exit_code == 1 and len(lines_of(out)) == 7
    again = run("batch", str(mixed), str(out), *HASH, "--workers", "1")  # finished: not ours
    assert again.exit_code == 2 and "already exists" in again.stderr


@pytest.mark.parametrize("progress", [
    "precious\n", "[1]\n", '{"format": "other"}\n',
    '{"format": "summarize.batch-progress/1", "input": 5, "settings": []}\n',
    '{"format": "summarize.batch-progress/1", "settings": 7}\n'])
@pytest.mark.parametrize("output", [None, '{"id": "c000"}\n'], ids=["no-output", "output"])
def test_a_progress_file_batch_did_not_write_is_refused_and_kept(mixed, tmp_path, progress,
                                                                 output):
    """``OUT.progress`` that is not batch's: it was replaced (no OUT) or a traceback (a JSON
    list beside an OUT, or a record of batch's format whose settings are no object)."""
    out = tmp_path / "out.jsonl"
    if output is not None:
        out.write_text(output)
    progress_path(out).write_text(progress)
    refused = run("batch", str(mixed), str(out), *HASH, "--workers", "1")
    assert refused.exit_code == 2, refused.output
    assert refused.exception is None or isinstance(refused.exception, SystemExit)
    assert "not a progress file of summarize batch" in refused.stderr
    assert progress_path(out).read_text() == progress
    assert out.exists() == (output is not None)


@pytest.mark.parametrize("kind", ["fifo", "directory"])
@pytest.mark.parametrize("force", [[], ["--force"]], ids=["", "force"])
def test_a_progress_path_that_is_no_file_is_refused_and_kept(mixed, tmp_path, kind, force):
    """``OUT.progress`` a named pipe: the run waited forever reading it (or, with --force,
    writing it); a directory there was refused only with --force, and not as a usage error."""
    out = tmp_path / "out.jsonl"
    progress = progress_path(out)
    if kind == "fifo":
        os.mkfifo(progress)
    else:
        progress.mkdir()
    done = subprocess.run([sys.executable, "-m", "summarize", "batch", str(mixed), str(out),
                           *HASH, "--workers", "1", "--no-progress", *force],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (f"Error: {progress} is not a file, so not the progress file of "
                           "summarize batch: move it away, or give another output file\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", progress.name]


def test_an_output_line_that_is_not_an_object_is_refused_not_a_traceback(mixed, tmp_path,
                                                                         monkeypatch):
    out = tmp_path / "out.jsonl"
    interrupted(monkeypatch, mixed, out, after=3)
    out.write_text("[1]\n")  # whole, JSON, but no line of batch's
    with pytest.raises(UsageError, match="line 1 is not a JSON object"):
        run_batch(mixed, out, BatchOptions(settings=Settings(backend="hash")),
                  report=lambda s: None)
    assert out.read_text() == "[1]\n"


def test_output_equal_to_input_or_in_a_missing_directory_is_refused(mixed, tmp_path):
    same = run("batch", str(mixed), str(mixed), *HASH)
    assert same.exit_code == 2 and "is the input" in same.stderr
    nowhere = run("batch", str(mixed), str(tmp_path / "no" / "out.jsonl"), *HASH)
    assert nowhere.exit_code == 1 and "does not exist" in nowhere.stderr


class Stop(Exception):
    pass


def interrupted(monkeypatch, source: Path, out: Path, after: int, **kwargs) -> None:
    """Run a batch in process that stops (as if killed) after ``after`` lines are written."""
    written = []
    real = LineLog.append

    def append(self, line):
        if len(written) == after:
            raise Stop
        written.append(line)
        real(self, line)

    with monkeypatch.context() as m:
        m.setattr(LineLog, "append", append)
        with pytest.raises(Stop):
            run_batch(source, out, BatchOptions(settings=Settings(backend="hash"), **kwargs),
                      report=lambda s: None)


def test_a_torn_last_line_is_cut_and_the_run_resumes(mixed, tmp_path, monkeypatch):
    whole = tmp_path / "whole.jsonl"
    run_batch(mixed, whole, BatchOptions(settings=Settings(backend="hash")), report=lambda s: None)
    out = tmp_path / "out.jsonl"
    interrupted(monkeypatch, mixed, out, after=3)
    assert progress_path(out).exists() and len(lines_of(out)) == 3
    with out.open("ab") as fh:
        fh.write(whole.read_bytes().splitlines(keepends=True)[3][:25])  # a write cut short
    result = run_batch(mixed, out, BatchOptions(settings=Settings(backend="hash")),
                       report=lambda s: None)
    assert (result.total, result.resumed, result.written, result.failed) == (7, 3, 4, 2)
    assert out.read_bytes() == whole.read_bytes()
    assert not progress_path(out).exists()


def test_a_partial_run_resumes_only_with_its_own_settings_and_input(mixed, tmp_path,
                                                                   monkeypatch):
    out = tmp_path / "out.jsonl"
    interrupted(monkeypatch, mixed, out, after=2)
    other = run("batch", str(mixed), str(out), *HASH, "--workers", "1", "--words", "50")
    assert other.exit_code == 2 and "another budget" in other.stderr
    assert len(lines_of(out)) == 2
    changed = tmp_path / "changed.jsonl"
    changed.write_bytes(mixed.read_bytes().replace(b'"harbour"', b'"renamed"'))
    mixed.write_bytes(changed.read_bytes())
    moved = run("batch", str(mixed), str(out), *HASH, "--workers", "1")
    assert moved.exit_code == 2 and "the input changed since the run began" in moved.stderr
    assert len(lines_of(out)) == 2
    forced = run("batch", str(mixed), str(out), *HASH, "--workers", "1", "--force")
    assert forced.exit_code == 1 and lines_of(out)[0]["id"] == "renamed"


def test_a_line_over_the_limit_is_an_error_line_and_the_rest_come_out(tmp_path):
    rows = english_clusters(2)
    rows.insert(1, {"id": "huge", "documents": [STORY[0] * 40]})
    source = write_lines(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    result = run("batch", str(source), str(out), *HASH, "--workers", "1", "--max-bytes", "3000")
    assert result.exit_code == 1
    records = lines_of(out)
    assert [r["id"] for r in records] == ["c000", None, "c001"]
    assert "over the 3,000-byte limit for one line (raise it with --max-bytes)" in (
        records[1]["error"])
    assert "(raise it with --max-bytes)" in result.stderr


def test_a_library_batch_names_its_own_parameter_in_an_error_line(tmp_path):
    rows = [{"id": "huge", "documents": [STORY[0] * 40]}]
    source = write_lines(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    options = BatchOptions(budget=Budget("sentences", 2), settings=Settings(backend="hash"),
                           max_bytes=3000)
    result = run_batch(source, out, options, report=lambda line: None)
    assert result.failed == 1
    assert lines_of(out)[0]["error"].endswith("(raise it with max_bytes)")


def test_an_empty_input_is_refused_and_writes_nothing(tmp_path):
    source = write_lines(tmp_path / "in.jsonl", ["", "   "])
    result = run("batch", str(source), str(tmp_path / "out.jsonl"), *HASH)
    assert result.exit_code == 1 and "no cluster in this file" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_run_failing_at_start_up_creates_no_output_and_keeps_an_existing_one(
        mixed, tmp_path, monkeypatch, workers):
    """The output and its progress file were made before the workers' model: a run that
    failed there (here the cache directory, which the ONNX model lives in, is a file) left an
    empty OUT and an OUT.progress, and with --force it had already emptied an existing OUT."""
    cache = tmp_path / "cache"
    cache.write_text("a file\n")
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(cache))
    out = tmp_path / "out.jsonl"
    for force in ([], ["--force"]):
        result = run("batch", str(mixed), str(out), "--workers", workers, "--no-progress", *force)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("Error: SUMMARIZE_CACHE_DIR: ")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "in.jsonl"]
    out.write_text("precious\n")
    forced = run("batch", str(mixed), str(out), "--workers", workers, "--no-progress", "--force")
    assert forced.exit_code == 2, forced.output
    assert out.read_text() == "precious\n" and not progress_path(out).exists()


def test_an_output_appearing_while_the_run_starts_is_not_replaced(mixed, tmp_path, monkeypatch):
    """The output is made at the first line, not when the run starts: one that another
    program made meanwhile is refused, as an existing one is, and kept."""
    import summarize.batch as batch

    out = tmp_path / "out.jsonl"
    real = batch.worker_summarizer

    def slow_start(*args):  # type: ignore[no-untyped-def]
        out.write_text("theirs\n")
        return real(*args)

    monkeypatch.setattr(batch, "worker_summarizer", slow_start)
    result = run("batch", str(mixed), str(out), *HASH, "--workers", "1", "--no-progress")
    assert result.exit_code == 2 and "already exists (add --force" in result.stderr
    assert out.read_text() == "theirs\n" and not progress_path(out).exists()


def test_summarize_record_is_a_pure_function_of_its_line():
    raw = json.dumps({"id": 7, "documents": list(STORY)}).encode()
    budget = Budget("sentences", 2)
    a = summarize_record(Summarizer(encoder=HashingEncoder()), raw, lineno=3, budget=budget)
    b = summarize_record(Summarizer(encoder=HashingEncoder()), raw, lineno=3, budget=budget,
                         source="elsewhere.jsonl")
    assert a.line == b.line and a.error is None and json.loads(a.line)["id"] == "7"
    broken = summarize_record(Summarizer(encoder=HashingEncoder()), b"[[[", lineno=9,
                              budget=budget)
    assert json.loads(broken.line) == {"id": None, "line": 9, "error": broken.error}


@pytest.mark.parametrize("value", [True, False, [1], {"a": 1}])
def test_an_id_that_is_no_string_or_number_is_no_id_in_the_error_line(tmp_path, value):
    """``"id": true`` was recorded as the id "True" (Python's spelling, not the input's),
    and the error named "cluster True"; an id of another kind was already left out."""
    source = write_lines(tmp_path / "in.jsonl", [{"id": value, "documents": list(STORY)}])
    out = tmp_path / "out.jsonl"
    result = run("batch", str(source), str(out), *HASH, "--workers", "1", "--no-progress")
    assert result.exit_code == 1, result.output
    assert lines_of(out) == [{"id": None, "line": 1,
                              "error": "'id' must be a string or a number"}]
    assert f"error: {source}, line 1: 'id' must be a string or a number" in result.stderr
    digest = run("digest", str(source), *HASH, "--format", "json")
    assert f"error: {source}, line 1: 'id' must be a string or a number" in digest.stderr


# --- killed with SIGKILL at several moments ---------------------------------------------------


def _start(cmd: list[str], cwd: Path) -> subprocess.Popen:
    """A run in a process group of its own (so that its workers are killed with it); its
    standard error goes to a file (a pipe nobody reads could fill up and stop it)."""
    with (cwd / "stderr.txt").open("wb") as err:
        return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd,
                                start_new_session=True)


def _wait_and_kill(proc: subprocess.Popen, ready, what: str) -> None:
    """Kill ``proc``'s whole process group (workers too) once ``ready()`` holds."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None and not ready():
        time.sleep(0.002)
    assert proc.poll() is None, f"the run ended before it could be killed ({what})"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _count_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.mark.slow
def test_batch_killed_at_several_moments_resumes_to_the_same_output(tmp_path):
    source = write_lines(tmp_path / "in.jsonl", english_clusters(400, seed=11))
    options = [*HASH, "--sentences", "3", "--no-progress"]
    whole = tmp_path / "whole.jsonl"
    assert run("batch", str(source), str(whole), *options, "--workers", "1").exit_code == 0

    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "summarize", "batch", str(source), str(out), *options]
    moments = [  # (what, when to kill, workers)
        ("as soon as the progress file is there", lambda: progress_path(out).exists(), "1"),
        ("after 5 lines", lambda: _count_lines(out) >= 5, "2"),
        ("after 60 lines", lambda: _count_lines(out) >= 60, "1"),
        ("after 150 lines", lambda: _count_lines(out) >= 150, "2"),
    ]
    seen = []
    for what, ready, workers in moments:
        proc = _start([*cmd, "--workers", workers], tmp_path)
        _wait_and_kill(proc, ready, what)
        seen.append(_count_lines(out))
        assert progress_path(out).exists()
        # what is there is the start of the whole output (a line torn by the kill included);
        # killed between the progress file and the output's creation, there is no output yet
        assert whole.read_bytes().startswith(out.read_bytes() if out.exists() else b"")
    assert seen == sorted(seen) and seen[-1] < 400
    resumed = run("batch", str(source), str(out), *options, "--workers", "1")
    assert resumed.exit_code == 0, resumed.output
    assert out.read_bytes() == whole.read_bytes()
    assert not progress_path(out).exists()


def _eval_instances(path: Path) -> list[dict]:
    from summarize.evaluation.settings import TIMING_FIELDS

    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for r in records:
        for f in TIMING_FIELDS:
            r.pop(f)
    return sorted(records, key=lambda r: (r["id"], r["method"]))


@pytest.mark.slow
def test_eval_killed_at_several_moments_resumes_to_the_same_results(tmp_path):
    data = write_jsonl(tmp_path / "data.jsonl", synthetic_clusters(40, seed=5))
    common = [str(data), "--backend", "hash", "--method", "ours", "--method", "lead",
              "--method", "centroid", "--method", "lexrank", "--words", "40",
              "--resamples", "100", "--permutations", "100", "--no-progress"]
    total = 40 * 4
    whole = tmp_path / "whole"
    assert CliRunner().invoke(cli, ["eval", *common, "--out", str(whole)]).exit_code == 0

    killed = tmp_path / "killed"
    instances = killed / "instances.jsonl"
    cmd = [sys.executable, str(ROOT / "eval" / "run.py"), *common, "--out", str(killed)]
    for what, at in (("before any instance", 0), ("after 9 instances", 9),
                     ("after 50 instances", 50), ("after 101 instances", 101)):
        proc = _start(cmd, tmp_path)
        _wait_and_kill(
            proc, lambda at=at: (killed / "summary.json").exists() and _count_lines(
                instances) >= at, what)
        assert _count_lines(instances) < total
        assert not (killed / "table.md").exists()
    resumed = CliRunner().invoke(cli, ["eval", *common, "--out", str(killed)])
    assert resumed.exit_code == 0, resumed.output
    assert _eval_instances(instances) == _eval_instances(whole / "instances.jsonl")
    a = json.loads((killed / "summary.json").read_text(encoding="utf-8"))["results"]
    b = json.loads((whole / "summary.json").read_text(encoding="utf-8"))["results"]
    assert [r["scores"] for r in a] == [r["scores"] for r in b]


def test_a_full_disk_is_one_line_and_loses_nothing(mixed, tmp_path, monkeypatch):
    import errno

    whole = tmp_path / "whole.jsonl"
    run_batch(mixed, whole, BatchOptions(settings=Settings(backend="hash")), report=lambda s: None)
    real_fsync = os.fsync
    calls = []

    def fsync(fd):
        calls.append(fd)
        if len(calls) > 6:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as m:
        m.setattr(os, "fsync", fsync)
        full = run("batch", str(mixed), str(out), *HASH, "--workers", "1")
        calls.clear()
        digest_out = tmp_path / "digest.txt"
        calls.extend([0] * 6)  # the next fsync fails
        refused = run("digest", str(mixed), *HASH, "-o", str(digest_out))
    assert full.exit_code == 1 and "Traceback" not in full.output
    assert f"Error: {out}: cannot be written (No space left on device)" in full.stderr
    assert refused.exit_code == 1
    assert f"Error: {digest_out}: cannot be written (No space left on device)" in refused.stderr
    assert not digest_out.exists() and not list(tmp_path.glob(".digest.txt.*"))
    assert 0 < len(lines_of(out)) < 7 and progress_path(out).exists()
    resumed = run("batch", str(mixed), str(out), *HASH, "--workers", "1")
    assert resumed.exit_code == 1 and out.read_bytes() == whole.read_bytes()
