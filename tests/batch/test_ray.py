"""``summarize batch --engine ray``: the same output as the local engine, byte for byte, on a
small local Ray instance (two CPUs, no dashboard); a one-line error where Ray is missing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from summarize.batch.resume import progress_path, progress_record
from summarize.batch.work import BatchOptions
from summarize.summarizer import Settings

from ..conftest import HASH, STORY, english_clusters, run, write_lines

ray = pytest.importorskip("ray")


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Good clusters, a broken line, one with nothing to summarize, a blank line, no id."""
    rows = [{"id": "harbour", "documents": list(STORY)}, *english_clusters(4),
            "{not json", {"id": "tiny", "documents": ["Too short."]}, "",
            {"documents": [STORY[1], STORY[2]]}]
    return write_lines(tmp_path / "in.jsonl", rows)


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance for the module (starting one takes seconds)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning")
    yield
    ray.shutdown()


@pytest.mark.slow
def test_ray_output_equals_the_local_engines_byte_for_byte(local_ray, mixed: Path,
                                                           tmp_path: Path) -> None:
    local, on_ray = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert run("batch", str(mixed), str(local), *HASH, "--workers", "1").exit_code == 1
    result = run("batch", str(mixed), str(on_ray), *HASH, "--engine", "ray", "--workers", "2")
    assert result.exit_code == 1, result.output  # the broken lines: the same error lines
    assert on_ray.read_bytes() == local.read_bytes()


@pytest.mark.slow
def test_ray_resumes_an_unfinished_local_run(local_ray, tmp_path: Path) -> None:
    source = write_lines(tmp_path / "in.jsonl", english_clusters(7))
    whole, resumed = tmp_path / "whole.jsonl", tmp_path / "resumed.jsonl"
    assert run("batch", str(source), str(whole), *HASH, "--workers", "1").exit_code == 0
    resumed.write_bytes(b"".join(whole.read_bytes().splitlines(keepends=True)[:3]))
    progress_path(resumed).write_text(
        json.dumps(progress_record(source, BatchOptions(settings=Settings(backend="hash"))
                                   .to_dict())), encoding="utf-8")
    result = run("batch", str(source), str(resumed), *HASH, "--engine", "ray")
    assert result.exit_code == 0, result.output
    assert "3 from an earlier run" in result.output
    assert resumed.read_bytes() == whole.read_bytes()


@pytest.mark.slow
def test_too_many_workers_for_the_ray_cluster(local_ray, mixed: Path, tmp_path: Path) -> None:
    result = run("batch", str(mixed), str(tmp_path / "o.jsonl"), *HASH, "--engine", "ray",
                 "--workers", "3")
    assert result.exit_code == 2
    assert "3 workers are more than the 2 CPUs of the Ray cluster" in result.output


def test_without_ray_one_line_error(monkeypatch, mixed: Path, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    result = run("batch", str(mixed), str(tmp_path / "o.jsonl"), *HASH, "--engine", "ray")
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "Error: the Ray engine needs Ray, which is not installed: pip install 'summarize[ray]'")
    assert not (tmp_path / "o.jsonl").exists()


def test_address_needs_the_ray_engine(mixed: Path, tmp_path: Path) -> None:
    result = run("batch", str(mixed), str(tmp_path / "o.jsonl"), *HASH, "--address", "auto")
    assert result.exit_code == 2
    assert "an address is for the Ray engine (--address needs the ray engine)" in result.output
