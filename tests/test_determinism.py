"""The same input gives the same digest, byte for byte, in other processes: under other
``PYTHONHASHSEED`` values (set and dict order of strings) and with 1 or 2 threads (BLAS and
OpenMP through the environment; the model's own threads through ``--threads``)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT, english_clusters, write_lines

#: (PYTHONHASHSEED, threads): every run must print the same bytes.
RUNS = [("0", "1"), ("1", "2"), ("4242", "1")]


def digest_in_a_process(args: list[str], seed: str, threads: str, cwd) -> bytes:
    env = {
        **os.environ,
        "PYTHONHASHSEED": seed,
        "OMP_NUM_THREADS": threads,
        "OPENBLAS_NUM_THREADS": threads,
        "MKL_NUM_THREADS": threads,
    }
    result = subprocess.run(
        [sys.executable, "-m", "summarize", "digest", *args], cwd=cwd, env=env,
        capture_output=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


@pytest.mark.slow
def test_hash_backend_digests_are_the_same_under_other_seeds_and_threads(tmp_path):
    clusters = write_lines(tmp_path / "clusters.jsonl", english_clusters(25, seed=17))
    outputs = {
        (seed, threads): digest_in_a_process(
            [str(clusters), "--backend", "hash", "--format", "json", "--words", "60"],
            seed, threads, ROOT)
        for seed, threads in RUNS
    }
    first = outputs[RUNS[0]]
    assert first.count(b"\n") == 25
    assert all(out == first for out in outputs.values())


@pytest.mark.slow
def test_model_digests_are_the_same_under_other_seeds_and_threads(tmp_path):
    """The bundled model through ONNX Runtime (the default backend), once per setting."""
    clusters = write_lines(tmp_path / "clusters.jsonl", english_clusters(6, seed=23))
    outputs = {}
    for seed, threads in RUNS:
        corpus = digest_in_a_process(["--format", "json", "--threads", threads], seed, threads,
                                     ROOT)
        batch = digest_in_a_process([str(clusters), "--format", "json", "--threads", threads],
                                    seed, threads, ROOT)
        outputs[(seed, threads)] = (corpus, batch)
    first = outputs[RUNS[0]]
    assert b'"citations"' in first[0] and first[1].count(b"\n") == 6
    assert all(out == first for out in outputs.values())
