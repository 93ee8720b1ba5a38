"""summarize.engine: the one engine of ``batch`` and ``stories``: results in the order of the
items on every engine and any number of workers, ready results kept in their place, a worker's
state made once per worker, and ``--workers`` capped at the cores with a one-line note."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import SummarizeError, SummarizeWarning, UsageError, beside
from summarize.beside import Beside
from summarize.cli import cli
from summarize.engine import Ready, check_engine, cores, local_workers, run_tasks

from .conftest import ROOT
from .stories.stream import stream


def offset(base: int) -> dict[str, int]:
    """A worker's state: made once per worker (its process id tells them apart)."""
    return {"base": base, "pid": os.getpid()}


def add(state: dict[str, int], item: int) -> tuple[int, int]:
    return state["base"] + item, state["pid"]


def test_results_come_in_the_order_of_the_items_with_ready_ones_in_place() -> None:
    items = [1, Ready((0, 0)), 2, 3, Ready((-1, 0)), 4]
    here = list(run_tasks(add, items, workers=1, setup=offset, setup_args=(10,)))
    assert [r for r, _ in here] == [11, 0, 12, 13, -1, 14]
    assert {pid for r, pid in here if r > 0} == {os.getpid()}
    workers = min(2, cores())
    pooled = list(run_tasks(add, items * 5, workers=workers, setup=offset, setup_args=(10,)))
    assert [r for r, _ in pooled] == [r for r, _ in here] * 5
    assert os.getpid() not in {pid for r, pid in pooled if r > 0} or workers == 1


def test_a_huge_worker_count_is_capped_at_the_cores_with_one_note() -> None:
    count = cores()
    with pytest.warns(SummarizeWarning, match=f"100,000 workers asked for, {count} started"):
        assert local_workers(100_000) == count
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert local_workers(None) == count and local_workers(1) == 1


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity here")
def test_the_cores_are_those_the_process_may_run_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3})  # a container of one CPU
    monkeypatch.setattr(os, "cpu_count", lambda: 64)  # on a large machine
    assert cores() == 1 and local_workers(None) == 1


@pytest.mark.parametrize("engine, workers, address, option", [
    ("spark", 1, None, "engine"), ("local", 0, None, "workers"), ("local", True, None, "workers"),
    ("local", 1, "ray://x:1", "address"),
])
def test_bad_engine_settings_are_usage_errors(engine, workers, address, option) -> None:
    with pytest.raises(UsageError) as caught:
        check_engine(engine, workers, address)
    assert caught.value.option == option


def test_stories_with_a_huge_worker_count_say_so_once_and_give_the_same_stories(tmp_path):
    folder = tmp_path / "today"
    folder.mkdir()
    for doc in stream():
        (folder / f"{doc.id}.txt").write_text(doc.text, encoding="utf-8")
    args = ["stories", str(folder), "--backend", "hash", "--format", "json"]
    one = CliRunner().invoke(cli, args)
    many = CliRunner().invoke(cli, [*args, "--workers", "100000"])
    assert one.exit_code == many.exit_code == 0, many.output
    assert many.stdout == one.stdout
    notes = [line for line in many.stderr.splitlines() if "workers asked for" in line]
    assert notes == [f"warning: 100,000 workers asked for, {cores()} started: one "
                     "per core (more would only cost memory)"]


@pytest.mark.slow
def test_a_local_ray_instance_is_capped_too_and_keeps_the_order() -> None:
    ray = pytest.importorskip("ray")
    assert not ray.is_initialized()
    count = cores()
    items = [1, Ready((0, 0)), 2, 3]
    with pytest.warns(SummarizeWarning, match=f"100,000 workers asked for, {count} started"):
        got = list(run_tasks(add, items, engine="ray", workers=100_000, setup=offset,
                             setup_args=(10,)))
    assert [r for r, _ in got] == [11, 0, 12, 13]
    assert not ray.is_initialized()  # the instance it started is gone


# --- Beside: one piece of work in a process of its own ---------------------------------------

#: What needs a process of its own (Linux and macOS, from a python interpreter).
needs_process = pytest.mark.skipif(not beside.can_start(), reason="no process beside here")


@needs_process
def test_beside_runs_the_work_in_another_process_and_gives_its_result() -> None:
    with Beside(os.getpid) as job:
        other = job.result()
    assert isinstance(other, int) and other != os.getpid()
    assert Beside(os.getpid, here=True).result() == os.getpid()
    assert Beside(divmod, 17, 5).result() == (3, 2)


@needs_process
def test_beside_raises_the_works_own_exception_here() -> None:
    with pytest.raises(ValueError, match="invalid literal"), Beside(int, "seven") as job:
        job.result()


@needs_process
def test_a_beside_process_that_dies_is_a_one_line_error() -> None:
    with pytest.raises(SummarizeError, match="worker process died"), Beside(os._exit, 3) as job:
        job.result()


@needs_process
def test_leaving_beside_early_kills_its_process_at_once() -> None:
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt), Beside(time.sleep, 60) as job:
        process = job._process
        raise KeyboardInterrupt
    assert process is not None and process.returncode is not None  # ended and reaped
    assert time.monotonic() - start < 30


@needs_process
def test_beside_needs_no_main_guard_in_the_callers_script(tmp_path: Path) -> None:
    # a process started by multiprocessing's spawn would run this script again
    script = tmp_path / "unguarded.py"
    script.write_text("import os\nfrom summarize.beside import Beside\n"
                      "print('ran', Beside(os.getpid).result() != os.getpid(), flush=True)\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "ran True\n", "")


def test_beside_runs_the_work_here_where_no_process_can_start(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no more processes")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    with Beside(os.getpid) as job:
        assert job.result() == os.getpid()


@needs_process
def test_beside_carries_large_calls_and_results() -> None:
    # both more than a pipe holds: the call is written while the result is waited for
    assert Beside(len, b"x" * 3_000_000).result() == 3_000_000
    assert len(Beside(bytes, 3_000_000).result()) == 3_000_000


@needs_process
def test_a_call_that_does_not_pickle_raises_its_own_error() -> None:
    with pytest.raises(TypeError, match="pickle"), Beside(len, threading.Lock()) as job:
        job.result()


@needs_process
def test_what_the_work_prints_goes_to_standard_error_not_into_the_result(
        capfd: pytest.CaptureFixture[str]) -> None:
    assert Beside(print, "printed by the work").result() is None
    assert Beside(os.write, 1, b"written to descriptor 1\n").result() == 24
    err = capfd.readouterr().err
    assert "printed by the work" in err and "written to descriptor 1" in err


class Stubborn(Exception):
    """An exception pickle cannot make again (its arguments are not its ``args``)."""

    def __init__(self, first: int, second: int) -> None:
        super().__init__(f"{first} and {second}")


def stubborn() -> None:
    raise Stubborn(1, 2)


@needs_process
def test_an_exception_comes_back_with_the_workers_traceback_or_by_name() -> None:
    with pytest.raises(ValueError) as caught:
        Beside(int, "seven").result()
    assert "Traceback" in "".join(getattr(caught.value, "__notes__", []))
    with pytest.raises(SummarizeError, match="Stubborn: 1 and 2"):
        Beside(stubborn).result()
    with pytest.raises(SummarizeError, match="stopped: SystemExit 3"):
        Beside(sys.exit, 3).result()


def test_beside_runs_the_work_here_where_it_cannot_start_a_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(beside, "can_start", lambda: False)
    assert Beside(os.getpid).result() == os.getpid()


def test_the_encoders_threads_follow_the_cores_the_process_may_run_on() -> None:
    """In a process pinned to one CPU (a container's share of a larger machine), the encoder's
    default threads and the most it may be given are counted on that CPU, and reading them
    loads no process pool."""
    if not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs a process that may run on two cores or more")
    script = ("import os, sys\nos.sched_setaffinity(0, {min(os.sched_getaffinity(0))})\n"
              "from summarize.embed import max_threads\n"
              "from summarize.embed.onnx_backend import DEFAULT_THREADS\n"
              "print(max_threads(), DEFAULT_THREADS, os.cpu_count() > 1,\n"
              "      'concurrent.futures' in sys.modules, 'summarize.engine' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.split() == ["4", "1", "True", "False", "False"]
