"""Speed benchmark: every figure of issue 5 as a ratio against its anchor, from one run.

``python eval/bench.py [--only cold,large,throughput,cache,growth] [--clusters 3] [--runs 5]
[--growth-runs 3] [--backend onnx|torch]``

* **cold**: ``summarize digest`` on the example cluster (default options, a fresh process each
  time) against sumy's own command line, ``sumy lex-rank --length=5 --file=ALL.txt``, on the
  same three articles concatenated (``NLTK_DATA`` pointing at the punkt data shipped in
  ``summarize/data``, as a sumy user would have downloaded it), run in turns; the median wall
  time of ``--runs`` each after one untimed run of both, and the peak memory of each process
  (``os.wait4``'s ``ru_maxrss``). ``summarize --help`` against 0.3 s.
* **large**: the first 25-article cluster of DUC 2006 at ``--words 250``: a fresh process
  each run, ours (``Summarizer.digest`` with ``--backend``'s encoder, no embedding cache, the
  model loaded first) and sumy's LexRank as in *throughput*, in turns, ``--runs`` each; each
  method is timed after one whole run of itself on a tiny input (ours a digest of a made-up
  cluster of three short articles, LexRank a two-sentence text); the median seconds of the
  digest alone, the peak memory of each process, and the device ours ran on.
* **throughput**: the first ``--clusters`` clusters of DUC 2006. Per cluster, in turns: the raw
  encoder (:class:`~summarize.onnx_backend.OnnxEncoder`, one call with the cluster's candidate
  sentences), the whole pipeline (``Summarizer.digest`` on the cluster, the same encoder
  object), and sumy's LexRank as sumy's command line runs it (plain-text parser, English
  tokenizer, stemmer and stop words; 10 sentences) on the cluster's articles joined. Sentences
  per second count the pipeline's candidate sentences.
* **cache**: the pipeline over the same clusters with a :class:`~summarize.cache.CachedEncoder`
  on a fresh cache directory, twice: the second run with other selection settings and another
  grouping threshold (as when an evaluation is run again with new settings).
* **growth**: one cluster made of the first 10, 25, 50, 100 and 200 articles of DUC 2006 (file
  order; every size in ``--growth-runs`` fresh processes, 3 by default): the median seconds of
  each stage (segment, embed, group, salience, select, digest) and of the whole, and the
  highest peak memory of those processes; ``docs/growth.png`` plots them. From 100 to 200
  articles, the total's growth is set against the encoder's, and the fastest-growing stage's
  against the sentences' (linear cost).

Timings depend on what else the machine is doing: the load average is printed with every
section. The ONNX export must exist already (any earlier ``summarize digest`` made it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "duc2006.jsonl"
BIN = Path(sys.executable).parent
NLTK_DATA = ROOT / "summarize" / "data" / "nltk_data"
GROWTH_SIZES = (10, 25, 50, 100, 200)
STAGES = ("segment", "embed", "group", "salience", "select", "digest")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def figure(name: str, value: float, anchor: float, unit: str, goal: str, ok: bool) -> None:
    ratio = value / anchor if anchor else float("inf")
    print(f"  {name}: {value:.3f} {unit} against {anchor:.3f} {unit}: ratio {ratio:.3f} "
          f"(goal {goal}) {'met' if ok else 'NOT MET'}")


def run_child(command: Sequence[str], env: dict[str, str] | None = None,
              stdin: str | None = None) -> tuple[float, int]:
    """Wall seconds and peak memory (bytes) of one process run to its end.

    The peak is ``ru_maxrss``, which on Linux also counts this process's own memory at the
    fork: it is right while this process is small (the cold section runs first, and prints
    this process's peak to show it)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL if stdin is None else None)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}): {err[-2000:]}")
    return wall, usage.ru_maxrss * 1024


# --- cold start -----------------------------------------------------------------------------


def bench_cold(runs: int) -> None:
    print(f"\n## Cold command line ({load()})")
    articles = sorted(p for p in (ROOT / "corpora").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "example-cluster.txt"
        joined.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in articles),
                          encoding="utf-8")
        ours = [str(BIN / "summarize"), "digest"]
        sumy = [str(BIN / "sumy"), "lex-rank", "--length=5", f"--file={joined}"]
        sumy_env = {**os.environ, "NLTK_DATA": str(NLTK_DATA)}
        print(f"  ours: {' '.join(ours)}")
        print(f"  sumy: NLTK_DATA={NLTK_DATA.relative_to(ROOT)} sumy lex-rank --length=5 "
              f"--file=<{' + '.join(p.name for p in articles)}>")
        run_child(ours)
        run_child(sumy, sumy_env)
        times: dict[str, list[float]] = {"ours": [], "sumy": []}
        memory: dict[str, list[int]] = {"ours": [], "sumy": []}
        for _ in range(runs):
            for name, command, env in (("ours", ours, None), ("sumy", sumy, sumy_env)):
                wall, rss = run_child(command, env)
                times[name].append(wall)
                memory[name].append(rss)
        helps = [run_child([str(BIN / "summarize"), "--help"])[0] for _ in range(runs)]
    mine = own_peak_memory()
    if mine is not None:
        print(f"  (this benchmark's own peak so far: {mine / 2**20:.0f} MiB)")
    for name in times:
        print(f"  {name}: wall {', '.join(f'{t:.2f}' for t in times[name])} s; peak "
              f"{max(memory[name]) / 2**20:.0f} MiB")
    ours_t, sumy_t = statistics.median(times["ours"]), statistics.median(times["sumy"])
    figure("summarize digest, median wall", ours_t, sumy_t, "s", "<= 1.0 of sumy lex-rank's",
           ours_t <= sumy_t)
    peak = max(memory["ours"]) / 2**20
    sumy_peak = max(memory["sumy"]) / 2**20
    figure("summarize digest, peak memory", peak, sumy_peak, "MiB",
           "<= 1.0 of sumy lex-rank's measured peak", peak <= sumy_peak)
    help_t = statistics.median(helps)
    figure("summarize --help, median wall", help_t, 0.3, "s", "<= 1.0 of 0.3 s", help_t <= 0.3)
    print(f"  (after: {load()})")


# --- one large cluster --------------------------------------------------------------------


def warm_up_cluster() -> Any:
    """A tiny made-up cluster: three short articles about one event, for one whole digest of
    ours before the timed one (as LexRank runs once on a tiny text before it is timed)."""
    from summarize.types import Cluster, Document

    texts = (
        "A storm closed the coastal road on Monday. Crews cleared fallen trees by the evening. "
        "The mayor said the road would open again on Tuesday.",
        "Heavy rain and wind hit the coast on Monday, closing the main road. "
        "\"We expect it to reopen tomorrow,\" the mayor told reporters. No one was hurt.",
        "The coastal road reopened on Tuesday morning after Monday's storm. "
        "Workers removed trees and debris overnight. Schools in the area stayed open.",
    )
    return Cluster(tuple(Document(text, title=f"Storm {i}") for i, text in enumerate(texts, 1)),
                   id="warm-up")


def large_one(data: Path, method: str, backend: str) -> dict[str, Any]:
    """Seconds of one digest of the first cluster of ``data`` with 25 articles (run in a child
    process): ours or sumy's LexRank, and the process's peak memory."""
    import warnings

    warnings.simplefilter("ignore")
    cluster = next(c for c in clusters(data, 1000) if len(c.documents) == 25)
    device = "cpu"
    if method == "lexrank":
        sumy_lexrank(["A warm-up article. It has two sentences."], 1)
        seconds = sumy_lexrank([d.text for d in cluster.documents])
    else:
        from summarize import Summarizer
        from summarize.embed import make_encoder

        encoder = make_encoder(backend)
        Summarizer(encoder=encoder).digest(warm_up_cluster(), words=40)
        device = str(getattr(encoder, "device", None) or "cpu")
        start = time.perf_counter()
        Summarizer(encoder=encoder).digest(cluster, words=250)
        seconds = time.perf_counter() - start
    return {"cluster": cluster.id, "seconds": seconds, "peak_bytes": own_peak_memory(),
            "device": device}


def bench_large(data: Path, runs: int, backend: str) -> None:
    print(f"\n## One 25-article cluster, 250 words: ours ({backend}) against sumy LexRank, "
          f"{runs} fresh processes each, in turns ({load()})")
    results: dict[str, list[dict[str, Any]]] = {"ours": [], "lexrank": []}
    for _ in range(runs):
        for method in results:
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                run_child([sys.executable, __file__, "--large-one", method, "--backend",
                           backend, "--data", str(data), "--json-out", out.name])
                results[method].append(json.loads(Path(out.name).read_text()))
    first = results["ours"][0]
    print(f"  cluster {first['cluster']}; ours ran on {first['device']}")
    for name, rows in results.items():
        times = ", ".join(f"{r['seconds']:.2f}" for r in rows)
        print(f"  {name}: {times} s; peak "
              f"{max(r['peak_bytes'] or 0 for r in rows) / 2**20:.0f} MiB")
    ours = statistics.median(r["seconds"] for r in results["ours"])
    lexrank = statistics.median(r["seconds"] for r in results["lexrank"])
    figure("speed-up over sumy LexRank (its median seconds / ours)", lexrank / ours, 4.0, "x",
           ">= 1.0 of 4x (10x the aim)", lexrank / ours >= 4)
    peak = max(r["peak_bytes"] or 0 for r in results["ours"])
    lex_peak = max(r["peak_bytes"] or 0 for r in results["lexrank"])
    figure("peak memory", peak / 2**20, lex_peak / 2**20, "MiB", "reported, no goal", True)
    print(f"  (after: {load()})")


# --- throughput and cache ------------------------------------------------------------------


def clusters(data: Path, count: int) -> list[Any]:
    from summarize.ingest.jsonl import iter_jsonl_clusters

    out = []
    for item in iter_jsonl_clusters(data):
        if isinstance(item, Exception):
            continue
        out.append(item)
        if len(out) == count:
            break
    return out


def section(title: str, data: Path, count: int) -> tuple[list[Any], Any]:
    """Print the section's heading; the clusters it runs on and a warmed-up ONNX encoder."""
    import warnings

    from summarize.embed.onnx_backend import OnnxEncoder

    warnings.simplefilter("ignore")  # DUC's non-English warnings
    chosen = clusters(data, count)
    print(f"\n## {title}: {data.name}, clusters {', '.join(c.id for c in chosen)} ({load()})")
    encoder = OnnxEncoder()
    encoder.encode(["A warm-up sentence loads the model."])
    return chosen, encoder


def sumy_lexrank(texts: Sequence[str], sentences: int = 10) -> float:
    """Seconds sumy's LexRank takes on the joined texts, set up as sumy's command line does."""
    os.environ.setdefault("NLTK_DATA", str(NLTK_DATA))
    from sumy.nlp.stemmers import Stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    start = time.perf_counter()
    document = PlaintextParser.from_string("\n\n".join(texts), Tokenizer("english")).document
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    summarizer(document, sentences)
    return time.perf_counter() - start


def bench_throughput(data: Path, count: int) -> None:
    from summarize import Summarizer
    from summarize.segment import segment

    chosen, encoder = section("Throughput", data, count)
    summarizer = Summarizer(encoder=encoder)
    sumy_lexrank(["A warm-up article. It has two sentences."], 1)
    raw = pipeline = sumy = 0.0
    sentences = 0
    for cluster in chosen:
        texts = [s.text for s in segment(cluster.documents)]
        start = time.perf_counter()
        encoder.encode(texts)
        raw_c = time.perf_counter() - start
        start = time.perf_counter()
        summarizer.digest(cluster)
        pipe_c = time.perf_counter() - start
        sumy_c = sumy_lexrank([d.text for d in cluster.documents])
        print(f"  {cluster.id}: {len(cluster.documents)} articles, {len(texts)} candidate "
              f"sentences: encoder {raw_c:.1f} s, pipeline {pipe_c:.1f} s, sumy LexRank "
              f"{sumy_c:.1f} s")
        raw, pipeline, sumy, sentences = raw + raw_c, pipeline + pipe_c, sumy + sumy_c, (
            sentences + len(texts))
    figure("pipeline sentences/s", sentences / pipeline, sentences / raw, "sent/s",
           ">= 0.8 of the raw encoder's", raw / pipeline >= 0.8)
    figure("speed-up over sumy LexRank (its seconds / ours)", sumy / pipeline, 10.0, "x",
           ">= 1.0 of 10x", sumy / pipeline >= 10)
    print(f"  (after: {load()})")


def bench_cache(data: Path, count: int) -> None:
    from summarize import Summarizer
    from summarize.embed.cache import CachedEncoder, EmbeddingCache
    from summarize.select import SelectOptions

    chosen, onnx = section("Embedding cache", data, count)
    with tempfile.TemporaryDirectory() as tmp, EmbeddingCache(Path(tmp) / "e.sqlite3") as cache:
        encoder = CachedEncoder(onnx, cache, onnx.model_id)
        runs = {
            "first (threshold 0.7, default selection)": Summarizer(encoder=encoder),
            "second (threshold 0.65, redundancy 0.7, centrality weight 1)": Summarizer(
                encoder=encoder, threshold=0.65,
                select_options=SelectOptions(redundancy=0.7, centrality_weight=1.0)),
        }
        seconds = []
        for name, summarizer in runs.items():
            start = time.perf_counter()
            for cluster in chosen:
                summarizer.digest(cluster, words=250)
            seconds.append(time.perf_counter() - start)
            print(f"  {name}: {seconds[-1]:.2f} s (cache hits {encoder.hits}, misses "
                  f"{encoder.misses} so far)")
    figure("second run's speed-up (first / second)", seconds[0] / seconds[1], 10.0, "x",
           ">= 1.0 of 10x", seconds[0] / seconds[1] >= 10)
    print(f"  (after: {load()})")


# --- growth ---------------------------------------------------------------------------------


def articles(data: Path, count: int) -> list[Any]:
    from summarize.ingest.jsonl import iter_jsonl_clusters

    out: list[Any] = []
    for item in iter_jsonl_clusters(data):
        if not isinstance(item, Exception):
            out.extend(item.documents)
        if len(out) >= count:
            return out[:count]
    raise SystemExit(f"{data} has fewer than {count} articles")


def growth_one(data: Path, count: int) -> dict[str, Any]:
    """Stage seconds of one digest of ``count`` articles (run in a child process)."""
    import warnings

    from summarize import Summarizer, salience, summarizer
    from summarize.embed.onnx_backend import OnnxEncoder

    warnings.simplefilter("ignore")
    docs = articles(data, count)
    encoder = OnnxEncoder()
    encoder.encode(["A warm-up sentence loads the model."])
    seconds = dict.fromkeys(STAGES, 0.0)
    counts: dict[str, int] = {}

    def timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            result = function(*args, **kwargs)
            seconds[stage] += time.perf_counter() - start
            if stage == "segment":
                counts["sentences"] = len(result)
            return result

        return run

    names = {"segment": "segment", "embed": "encode_all", "group": "group",
             "select": "select", "digest": "build_digest"}
    for stage, name in names.items():
        setattr(summarizer, name, timed(stage, getattr(summarizer, name)))
    # the learned prior's features (Summarizer.salience imports it when it runs)
    salience.salience = timed("salience", salience.salience)
    start = time.perf_counter()
    Summarizer(encoder=encoder).digest(docs)
    total = time.perf_counter() - start
    return {"articles": count, "sentences": counts.get("sentences", 0), "seconds": seconds,
            "total": total, "peak_bytes": own_peak_memory()}


def own_peak_memory() -> int | None:
    """This process's peak resident memory (``VmHWM``; Linux), in bytes. Not ``ru_maxrss``:
    that keeps the peak of the process before ``exec``, the benchmark itself for a child."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None


def bench_growth(data: Path, sizes: Sequence[int], png: Path | None, runs: int = 3) -> None:
    print(f"\n## Growth: one cluster of the first N articles of {data.name}, median of {runs} "
          f"fresh processes per size ({load()})")
    rows = []
    for size in sizes:
        tries = []
        for _ in range(runs):
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                command = [sys.executable, __file__, "--growth-one", str(size), "--data",
                           str(data), "--json-out", out.name]
                _, rss = run_child(command)
                one = json.loads(Path(out.name).read_text())
            one["peak_mib"] = (one["peak_bytes"] or rss) / 2**20
            tries.append(one)
        row = {"articles": size, "sentences": tries[0]["sentences"],
               "seconds": {s: statistics.median(t["seconds"][s] for t in tries) for s in STAGES},
               "total": statistics.median(t["total"] for t in tries),
               "peak_mib": max(t["peak_mib"] for t in tries)}
        rows.append(row)
        stage_text = ", ".join(f"{s} {row['seconds'][s]:.2f}" for s in STAGES)
        print(f"  {size} articles, {row['sentences']} sentences: total {row['total']:.1f} s "
              f"({stage_text}); peak {row['peak_mib']:.0f} MiB   [{load()}]")
    print()
    print("  | articles | sentences | " + " | ".join(f"{s} s" for s in STAGES)
          + " | total s | peak MiB |")
    print("  |" + " ---: |" * (len(STAGES) + 4))
    for row in rows:
        print(f"  | {row['articles']} | {row['sentences']} | "
              + " | ".join(f"{row['seconds'][s]:.2f}" for s in STAGES)
              + f" | {row['total']:.1f} | {row['peak_mib']:.0f} |")
    big = [r for r in rows if r["articles"] >= 100]
    if len(big) >= 2:
        a, b = big[-2], big[-1]
        sentences = b["sentences"] / a["sentences"]
        encoder = b["seconds"]["embed"] / a["seconds"]["embed"]
        print(f"\n  from {a['articles']} to {b['articles']} articles: sentences x{sentences:.2f}, "
              f"the encoder's time x{encoder:.2f}")
        for stage in STAGES:
            grow = b["seconds"][stage] / max(a["seconds"][stage], 1e-9)
            print(f"    {stage}: x{grow:.2f} ({grow / encoder:.2f} of the encoder's growth); "
                  f"{a['seconds'][stage] / a['total']:.1%} of the total at {a['articles']}, "
                  f"{b['seconds'][stage] / b['total']:.1%} at {b['articles']}")
        figure(f"total time growth {a['articles']}->{b['articles']} articles",
               b["total"] / a["total"], encoder, "x", "<= 1.0 of the encoder's growth",
               b["total"] / a["total"] <= encoder)
        # linear cost: a stage's time may grow as fast as the sentences, no faster (stages
        # under 1% of the total are left out: their hundredths of a second are noise)
        grows = {stage: b["seconds"][stage] / max(a["seconds"][stage], 1e-9) for stage in STAGES
                 if b["seconds"][stage] >= 0.01 * b["total"]}
        worst = max(grows, key=grows.__getitem__)
        figure(f"fastest-growing stage ({worst}) against the sentences' growth", grows[worst],
               sentences, "x", "<= 1.0 of linear", grows[worst] <= sentences)
    if png is not None:
        plot_growth(rows, png)
        print(f"  wrote {png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}")
    print(f"  (after: {load()})")


def plot_growth(rows: list[dict[str, Any]], png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = [r["articles"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    for stage in STAGES:
        left.plot(x, [max(r["seconds"][stage], 1e-4) for r in rows], marker="o", label=stage)
    left.plot(x, [r["total"] for r in rows], marker="s", color="black", label="total")
    scale = rows[0]["total"] / rows[0]["sentences"]
    left.plot(x, [r["sentences"] * scale for r in rows], linestyle=":", color="gray",
              label="linear in sentences")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel("articles in the cluster")
    left.set_ylabel("seconds")
    left.set_title("Time per stage")
    left.legend(fontsize=8)
    right.plot(x, [r["peak_mib"] for r in rows], marker="o", color="tab:red")
    right.set_xscale("log")
    right.set_xlabel("articles in the cluster")
    right.set_ylabel("peak memory, MiB")
    right.set_title("Peak memory of the process")
    for r in rows:
        right.annotate(f"{r['sentences']} sent.", (r["articles"], r["peak_mib"]), fontsize=7,
                       textcoords="offset points", xytext=(4, -10))
    fig.suptitle(f"summarize digest, one cluster of N DUC 2006 articles ({load()})",
                 fontsize=9)
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=110)


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="cold,large,throughput,cache,growth",
                        help="sections to run, comma-separated")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--clusters", type=int, default=3,
                        help="DUC clusters for throughput and cache (the first N)")
    parser.add_argument("--runs", type=int, default=5, help="cold runs of each command")
    parser.add_argument("--sizes", default=",".join(map(str, GROWTH_SIZES)))
    parser.add_argument("--growth-runs", type=positive, default=3,
                        help="fresh processes per growth size (the median is kept)")
    parser.add_argument("--png", type=Path, default=ROOT / "docs" / "growth.png")
    parser.add_argument("--backend", choices=("onnx", "torch"), default="onnx",
                        help="ours' encoder in the large section")
    parser.add_argument("--growth-one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--large-one", choices=("ours", "lexrank"), help=argparse.SUPPRESS)
    parser.add_argument("--json-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.large_one:
        args.json_out.write_text(json.dumps(large_one(args.data, args.large_one, args.backend)))
        return
    if args.growth_one:
        args.json_out.write_text(json.dumps(growth_one(args.data, args.growth_one)))
        return
    sections = set(args.only.split(","))
    print(f"eval/bench.py --only {args.only} --clusters {args.clusters} --runs {args.runs} "
          f"--sizes {args.sizes}")
    print(f"start: {load()}; Python {sys.version.split()[0]}")
    if "cold" in sections:
        bench_cold(args.runs)
    if not args.data.is_file():
        print(f"\n({args.data} not found: throughput, cache and growth skipped)")
        return
    if "large" in sections:
        bench_large(args.data, args.runs, args.backend)
    if "throughput" in sections:
        bench_throughput(args.data, args.clusters)
    if "cache" in sections:
        bench_cache(args.data, args.clusters)
    if "growth" in sections:
        bench_growth(args.data, [int(s) for s in args.sizes.split(",")], args.png, args.growth_runs)
    print(f"\nend: {load()}")


if __name__ == "__main__":
    main()
