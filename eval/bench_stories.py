"""Stories at scale: ``Summarizer.stories`` on pools of 1,000 to 10,000 articles against the raw
encoder's sentence throughput, with its peak memory (issue 19's goal, on 10,000 articles: at
least 80% of the raw encoder's sentences per second, at most 2 GiB).

``python eval/bench_stories.py [--sizes 1000,2000,5000,10000] [--backend onnx|hash]
[--workers 1] [--words N] [--seed 0] [--output eval/results/bench-stories]``

**The pool.** The development clusters (Multi-News validation, truncated; DUC 2006; DUC 2007's
pyramid subset: 5,695 clusters, 17,142 articles) in an order shuffled with ``--seed``, taken
whole until there are enough articles (the last one cut): distinct articles first, each story
with its several outlets. A cluster is dated ``2024-01-01`` plus its place modulo 3 days. Past
17,142 articles they repeat: copy ``r`` gets the id ``CLUSTER/K~rR`` and a date ``7 r`` days
later, more than ``StoryOptions.max_days`` (3) from any other copy, so that copies make
separate stories, not one giant one. The articles are then shuffled (same seed) into one
stream: the same size gives the same pool, every run.

**One size, one fresh process** (its peak memory its own): the encoder made (no embedding
cache) and warmed up on one sentence, the pool built, then

1. ``Summarizer(encoder=…).stories(pool, workers=…)`` (segment, encode, group, digest every
   story; default options), timed, its parts timed by wrapping what :mod:`summarize.stories`
   calls (segmenting, with the wait for the half segmented beside it from
   ``stories.build.SEGMENT_BESIDE_FROM`` articles; the encoder calls: the articles' leads,
   then what the stories' digests read; the wait for the grouping, the digests, with the
   wait for those made beside it: the grouping runs in a process of its own while the leads
   are encoded, from ``stories.build.BESIDE_FROM`` articles, so that only the time it
   outlasts them counts); its peak memory, the process's ``ru_maxrss`` read right after it
   (model and pool included; the resident memory before it is shown too), and beside it the
   largest peak of its other processes (the grouping's, the digests' beside it or their
   workers with ``--workers`` above 1), each read from the process's own ``VmHWM`` while it
   runs (:class:`ChildPeaks`). The memory goal is read on the run's peak plus that largest peak
   times ``--workers`` (as if they all came at once);
2. the raw encoder: the articles segmented with :mod:`summarize.segment`, ``encoder.encode``
   called once on every candidate sentence (the stories run's texts checked to be among
   them), timed.

Both rates count every candidate sentence; the ratio is the stories run's rate over the raw
encoder's. Beside it, the share of them the stories run encoded, and the ratio had both
encoded at the same rate: the raw seconds over the raw seconds times that share plus the
stories run's time outside its encoder calls (on a shared machine two encodings of the same
sentences can differ by a fifth). The raw encoder runs second, so the
model's first large run falls on the stories run. The load average is recorded with every
size. Writes ``stories-BACKEND-SIZES.md``, ``.json`` and ``.png`` (time and peak memory
against the number of articles, with an n log n line) to ``--output``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data"
DATA_FILES = ("multi_news_val_truncated.jsonl", "duc2006.jsonl",
              "duc2007_main_pyramid_subset.jsonl")
START = date(2024, 1, 1)
GOAL_RATIO, GOAL_MIB = 0.8, 2048
PARTS = ("segment", "encode", "group", "digests")


# --- the pool -------------------------------------------------------------------------------


def build_pool(size: int, seed: int, data: Path = DATA) -> list[Any]:
    """``size`` articles (``Document`` objects with ids and dates) as the module says."""
    from summarize.errors import SummarizeWarning
    from summarize.evaluation.data import iter_clusters

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SummarizeWarning)  # the data's non-English articles
        clusters = [c for name in DATA_FILES for c in iter_clusters(data / name)]
    random.Random(seed).shuffle(clusters)
    distinct = [(place, f"{cluster.id}/{k}", doc) for place, cluster in enumerate(clusters)
                for k, doc in enumerate(cluster.documents)]
    pool = []
    for i in range(size):
        copy, j = divmod(i, len(distinct))
        place, name, doc = distinct[j]
        day = START + timedelta(days=7 * copy + place % 3)
        pool.append(replace(doc, id=name if copy == 0 else f"{name}~r{copy}",
                            date=day.isoformat()))
    random.Random(seed).shuffle(pool)
    return pool


# --- one size, in its own process -----------------------------------------------------------


def rss_mib() -> float:
    """This process's resident memory now (``/proc/self/status``), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class ChildPeaks(threading.Thread):
    """The largest memory peak of this process's child processes: every :attr:`INTERVAL`
    seconds, each child's ``VmHWM`` (``/proc/PID/status``: the peak of its own memory since
    it started its program). Not the children's ``ru_maxrss``: Linux keeps in it the memory
    of the process a child was started from, so that a child started from a process of
    1.4 GiB reads 1.4 GiB whatever it holds. A child not yet past its start (its command line
    still this process's) is not read; a peak reached in its last interval is missed, and a
    child that lives less than one interval is not read at all."""

    INTERVAL = 0.05

    def __init__(self) -> None:
        super().__init__(daemon=True, name="bench-child-peaks")
        self.peak_kib, self.children = 0, set()
        self._done, self._me = threading.Event(), os.getpid()
        self._cmdline = Path(f"/proc/{self._me}/cmdline").read_bytes()

    def run(self) -> None:
        while not self._done.wait(self.INTERVAL):
            self.sample()

    def sample(self) -> None:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_bytes()
                if int(stat.rsplit(b")", 1)[1].split()[1]) != self._me:
                    continue
                if Path(f"/proc/{entry.name}/cmdline").read_bytes() == self._cmdline:
                    continue  # started, not yet running its own program
                status = Path(f"/proc/{entry.name}/status").read_text()
            except (OSError, ValueError, IndexError):
                continue  # gone meanwhile
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    self.children.add(int(entry.name))
                    self.peak_kib = max(self.peak_kib, int(line.split()[1]))

    def stop(self) -> float:
        """Stop reading; the largest peak seen, in MiB."""
        self._done.set()
        self.join()
        return self.peak_kib / 1024


def timed(module: Any, name: str, seconds: dict[str, float], part: str,
          inside: list[bool] | None = None, skip: list[bool] | None = None) -> None:
    """Wrap ``module.name`` so that the time spent in it adds to ``seconds[part]``; with
    ``inside``, it holds an item while the call runs; a call made while ``skip`` holds one is
    not counted."""
    inner = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if skip:
            return inner(*args, **kwargs)
        start = time.perf_counter()
        if inside is not None:
            inside.append(True)
        try:
            return inner(*args, **kwargs)
        finally:
            seconds[part] += time.perf_counter() - start
            if inside is not None:
                inside.pop()

    setattr(module, name, wrapper)


def one_size(size: int, args: argparse.Namespace) -> dict[str, Any]:
    """Time the stories run and the raw encoder on a pool of ``size`` articles."""
    from summarize import Summarizer
    from summarize import beside as beside_module  # where the grouping is waited for
    from summarize import pipeline as articles_module  # where the articles are encoded
    from summarize.embed import make_encoder
    from summarize.errors import SummarizeWarning
    from summarize.segment import segment
    from summarize.stories import build as build_module
    from summarize.types import Budget

    warnings.simplefilter("ignore", SummarizeWarning)
    encoder = make_encoder(args.backend)
    encoder.encode(["A warm-up sentence loads the model."])
    pool = build_pool(size, args.seed)
    summarizer = Summarizer(encoder=encoder)
    gc.collect()
    before = rss_mib()
    seconds = dict.fromkeys(PARTS, 0.0)
    seen: list[str] = []  # every text the stories run encodes, call after call
    encode_inner = articles_module.encode_with_first_layer

    def encode_seen(enc: Any, texts: list[str]) -> Any:
        seen.extend(texts)
        return encode_inner(enc, texts)

    articles_module.encode_with_first_layer = encode_seen  # type: ignore[assignment]
    timed(articles_module, "encode_with_first_layer", seconds, "encode")
    inside: list[bool] = []  # segmenting or digesting (their wait for a process beside is theirs)
    timed(build_module, "segmented", seconds, "segment", inside)
    timed(build_module, "_digested", seconds, "digests", inside)
    timed(beside_module.Beside, "result", seconds, "group", skip=inside)  # the grouping's wait
    budget = Budget.of(words=args.words) if args.words else None
    peaks = ChildPeaks()
    peaks.start()
    start = time.perf_counter()
    stories = summarizer.stories(pool, budget=budget, workers=args.workers)
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    others_peak = peaks.stop()
    others_maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    sizes = sorted((len(s.articles) for s in stories), reverse=True)
    del stories
    gc.collect()
    texts = [s.text for s in segment(pool, summarizer.segment_options)]
    if not set(seen) <= set(texts):
        raise SystemExit("the stories run encoded a sentence that is no candidate")
    share = len(seen) / len(texts)
    start = time.perf_counter()
    encoder.encode(texts)
    raw = time.perf_counter() - start
    return {
        "articles": size, "sentences": len(texts), "raw_s": raw, "stories_s": total,
        "raw_sentences_per_s": len(texts) / raw, "stories_sentences_per_s": len(texts) / total,
        "ratio": raw / total, "parts_s": seconds,
        "encoded": len(seen), "encoded_share": share,
        "ratio_same_encode": raw / (raw * share + total - seconds["encode"]),
        "other_s": total - sum(seconds.values()),
        "rss_before_mib": before, "peak_rss_mib": peak, "others_peak_rss_mib": others_peak,
        "others_read": len(peaks.children), "others_ru_maxrss_mib": others_maxrss,
        "peak_both_mib": peak + others_peak * args.workers,
        "stories": len(sizes), "largest_stories": sizes[:5],
        "single_article_stories": sum(1 for n in sizes if n == 1),
    }


# --- the parent: every size, the table, the plot --------------------------------------------


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run_size(size: int, args: argparse.Namespace) -> dict[str, Any]:
    """One size in a fresh process; its result, with the load average around it."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(size),
                   "--child-output", str(out), "--backend", args.backend, "--workers",
                   str(args.workers), "--seed", str(args.seed)]
        if args.words:
            command += ["--words", str(args.words)]
        load_before = load()
        child = subprocess.run(command, cwd=ROOT, check=False)
        if child.returncode != 0:
            raise SystemExit(f"size {size}: the benchmark process failed ({child.returncode})")
        result: dict[str, Any] = json.loads(out.read_text())
    result["load_before"], result["load_after"] = load_before, load()
    return result


def git(*words: str) -> str:
    done = subprocess.run(["git", *words], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def library_version() -> tuple[str, str]:
    """What the run measures: the committed ``summarize/`` tree and its uncommitted changes."""
    return git("rev-parse", "HEAD:summarize"), git("diff", "HEAD", "--", "summarize")


def changed() -> list[str]:
    """The files under ``summarize/`` that differ from the commit."""
    return sorted(line.strip().split(maxsplit=1)[-1] for line in
                  git("status", "--porcelain", "--", "summarize").splitlines())


def machine() -> dict[str, Any]:
    info = Path("/proc/cpuinfo")
    lines = info.read_text().splitlines() if info.is_file() else []
    model = next((x.split(":", 1)[1].strip() for x in lines if x.startswith("model name")), "")
    return {"cores": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "platform": platform.platform()}


HEADER = ("| articles | sentences | encoded | raw sent/s | stories sent/s | ratio | "
          "ratio, same encode | segment s | encode s | group s | digests s | stories s | "
          "stories | peak RSS MiB | other processes' peak MiB | RSS before MiB | load |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")


def row(r: dict[str, Any]) -> str:
    p = r["parts_s"]
    return (f"| {r['articles']} | {r['sentences']} | {r['encoded_share']:.0%} | "
            f"{r['raw_sentences_per_s']:.1f} | "
            f"{r['stories_sentences_per_s']:.1f} | {r['ratio']:.3f} | "
            f"{r['ratio_same_encode']:.3f} | {p['segment']:.1f} | "
            f"{p['encode']:.1f} | {p['group']:.2f} | {p['digests']:.1f} | "
            f"{r['stories_s']:.1f} | {r['stories']} | {r['peak_rss_mib']:.0f} | "
            f"{r['others_peak_rss_mib']:.0f} | "
            f"{r['rss_before_mib']:.0f} | {r['load_before'][0]:.1f}→{r['load_after'][0]:.1f} |")


def verdict(r: dict[str, Any]) -> str:
    ok_ratio, ok_mem = r["ratio"] >= GOAL_RATIO, r["peak_both_mib"] <= GOAL_MIB
    return (f"{r['articles']} articles: ratio {r['ratio']:.3f} (goal >= {GOAL_RATIO}: "
            f"{'met' if ok_ratio else 'NOT MET'}), peak {r['peak_both_mib']:.0f} MiB with its "
            f"other processes' (goal <= "
            f"{GOAL_MIB}: {'met' if ok_mem else 'NOT MET'})")


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [f"# Stories at scale ({report['backend']} encoder)", "",
             f"`{report['command']}`", "",
             f"{report['date']}, commit {report['commit']}"
             + (f" (uncommitted changes in {', '.join(report['dirty'])})" if report["dirty"]
                else "")
             + f"; {m['cores']} cores ({m['cpu']}), Python {m['python']}; digests on "
             f"{report['workers']} worker(s). Load is the 1-minute load average before→after.",
             "", "*encoded*: the share of the candidate sentences the stories run encoded "
             "(the sentences its digests read). *ratio, same encode*: the raw encoder's seconds "
             "over the seconds it would take on the share encoded plus the stories run's own "
             "(its time outside its encoder calls), as if both had encoded at the same rate; on "
             "a loaded machine it varies less than the ratio.",
             "", HEADER, *(row(r) for r in report["results"]), "",
             "Goal (issue 19: on 10,000 articles), at the largest size here: "
             + verdict(report["results"][-1]), "",
             "Largest stories per size: " + "; ".join(
                 f"{r['articles']}: {r['largest_stories']} ({r['single_article_stories']} of "
                 f"{r['stories']} with one article)" for r in report["results"]), ""]
    return "\n".join(lines)


def plot(results: list[dict[str, Any]], path: Path, title: str) -> None:
    import math

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = [r["articles"] for r in results]
    fig, (ax, mem) = plt.subplots(1, 2, figsize=(11, 4.2))
    for label, values in (("stories run", [r["stories_s"] for r in results]),
                          ("raw encoder", [r["raw_s"] for r in results]),
                          *((part, [r["parts_s"][part] for r in results]) for part in PARTS)):
        ax.plot(n, values, marker="o" if " " in label else ".", label=label)
    first = results[0]["stories_s"]
    ax.plot(n, [first * k * math.log(k) / (n[0] * math.log(n[0])) for k in n], "k--",
            linewidth=1, label="n log n (from the first stories run)")
    ax.set(xscale="log", yscale="log", xlabel="articles", ylabel="seconds", title="time")
    ax.legend(fontsize=8)
    mem.plot(n, [r["peak_both_mib"] for r in results], marker="o",
             label="peak RSS (stories run, with its other processes')")
    mem.plot(n, [r["rss_before_mib"] for r in results], marker=".", label="RSS before the run")
    mem.axhline(GOAL_MIB, color="red", linestyle=":", label="2 GiB goal")
    mem.set(xlabel="articles", ylabel="MiB", title="peak memory", ylim=(0, None))
    mem.legend(fontsize=8)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eval/bench_stories.py",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000")
    parser.add_argument("--backend", choices=("onnx", "hash"), default="onnx",
                        help="the encoder (hash: a quick smoke run only)")
    parser.add_argument("--workers", type=int, default=1, help="processes for the digests")
    parser.add_argument("--words", type=int, default=None, help="each digest's budget")
    parser.add_argument("--seed", type=int, default=0, help="the pool's shuffles")
    parser.add_argument("--output", default=str(ROOT / "eval" / "results" / "bench-stories"))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.workers < 1 or (args.words is not None and args.words < 1):
        parser.error("--workers and --words must be at least 1")
    if args.child is not None:
        Path(args.child_output).write_text(json.dumps(one_size(args.child, args)))
        return 0
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",")})
    except ValueError:
        parser.error(f"--sizes must be whole numbers, comma-separated, not {args.sizes!r}")
    if not sizes or sizes[0] < 2:
        parser.error("every size must be at least 2 articles")
    if not all((DATA / name).is_file() for name in DATA_FILES):
        parser.error(f"the development data is missing under {DATA}")
    command = "python eval/bench_stories.py " + " ".join(
        argv if argv is not None else sys.argv[1:])
    commit, library, dirty = git("rev-parse", "--short", "HEAD"), library_version(), changed()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    print(f"{command}\n{machine()['cores']} cores, load {load()}; one process per size")
    print(HEADER)
    results = []
    for size in sizes:
        results.append(run_size(size, args))
        print(row(results[-1]))
    print(verdict(results[-1]))
    if library_version() != library:
        dirty.append(f"{', '.join(changed()) or 'a commit'} (changed during the run)")
        print(f"warning: summarize/ changed during the run: {dirty[-1]}")
    report = {"command": command.strip(), "backend": args.backend, "workers": args.workers,
              "words": args.words, "seed": args.seed,
              "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
              "commit": commit, "dirty": dirty,
              "machine": machine(), "results": results}
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"stories-{args.backend}-{'-'.join(str(s) for s in sizes)}"
    stem.with_suffix(".json").write_text(json.dumps(report, indent=1) + "\n")
    stem.with_suffix(".md").write_text(markdown(report))
    plot(results, stem.with_suffix(".png"),
         f"Summarizer.stories, {args.backend} encoder, {report['machine']['cores']} cores, "
         f"commit {report['commit']}")
    print(f"wrote {stem}.md, .json, .png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
