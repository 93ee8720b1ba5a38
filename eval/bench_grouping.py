"""Grouping benchmarks: how grouping time grows with the number of articles, and the
threshold tuning of the grouping evaluation.

``python eval/bench_grouping.py time [--sizes 1000,2000,5000,10000] [--runs 3] [--pool POOL]``

Times :func:`summarize.stories.grouping.group_articles` on article vectors alone (encoding
is not timed), at each size, on two inputs: ``planted``, random unit vectors in 384
dimensions around random story centres (stories of 1 to 5 articles, a cosine of about 0.8
within a story), and, with ``--pool``, ``repeated``: the pool's article vectors (the bundled
model, the embedding cache on) repeated until there are enough, as the issue's 10,000-article
goal makes them. Each input is grouped three ways: the default (exact candidates up to
``EXACT_LIMIT`` articles, the random-projection forest above), the forest forced, and the exact
search forced; the median of ``--runs`` runs, and each one's growth from the first size, beside
n log n's.

``python eval/bench_grouping.py scale [--sizes 1000,2000,5000,10000] [--seed 0]``

The stories' grouping (:func:`summarize.stories.grouping.continue_stories`: lexical features,
their graph, average linkage) on ``eval/bench_stories.py``'s dated pool of each size, one
after another in this process: seconds, stories and the process's peak RSS so far.

``python eval/bench_grouping.py tune POOL [POOL …] [--method ours --method tfidf]``

For each method, every threshold of ``GRID`` on every pool: B-cubed F1 per pool and the mean
scores; the chosen threshold (:func:`summarize.evaluation.grouping.tune_threshold`) last.

``python eval/bench_grouping.py ceiling POOL [POOL …]``

An estimate of the best B-cubed F1 a grouping by these similarities can reach: an article of
a gold story of two or more articles whose most similar article (the cosine of each method's
vectors) is of another story under every method is one that no similarity here places; the
F1 of the gold stories with those articles split off as stories of their own, every other
article grouped perfectly, is printed, with how many articles share almost no word with their
own story (a TF-IDF cosine below ``NOISE`` with each of its articles). It is an estimate, not
a proof: linkage may still place such an article by its group.

``python eval/bench_grouping.py small POOL [POOL …] [--stories 1,2,3,5] [--samples 100]
[--seed 0] [--method M …]``

The grouping of small inputs, as a user with a few articles brings them: from each pool,
inputs of 1, 2, 3 or 5 whole gold stories (:func:`~summarize.evaluation.grouping.small_inputs`:
each story alone, or ``--samples`` draws of distinct stories), each grouped alone by each
method at its own threshold (default: ours and TF-IDF); the mean articles an input, the mean
B-cubed F1 over the inputs and the share of their stories returned exactly
(:func:`~summarize.evaluation.grouping.exact_share`).

``python eval/bench_grouping.py slices POOL [POOL …] [--sizes 10,40,120] [--samples 30]
[--seed 0] [--method M …]``

A day's slice: from each pool, ``--samples`` inputs of each size drawn at random
(:func:`~summarize.evaluation.grouping.random_slices`: most events reported once, some in
part), each grouped alone by each method at its own threshold; the share of an input's
stories with one article, and the mean B-cubed precision, recall and F1.

``python eval/bench_grouping.py eval POOL [POOL …] [--threshold T] [--method M …]``

The grouping evaluation of each pool (:func:`~summarize.evaluation.grouping.evaluate_grouping`,
every method at its own threshold unless ``--threshold``), one table a pool.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarize.evaluation.grouping import (  # noqa: E402
    GRID,
    METHODS,
    PoolArticle,
    bcubed,
    default_threshold,
    embedding_vectors,
    evaluate_grouping,
    exact_share,
    method_grouper,
    random_slices,
    read_pool,
    render_grouping_table,
    scores,
    small_inputs,
    tfidf_vectors,
    tune_threshold,
)
from summarize.stories import StoryOptions  # noqa: E402
from summarize.stories.grouping import EXACT_LIMIT, group_articles  # noqa: E402


def planted(n: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    """``n`` unit vectors around random story centres, stories of 1 to 5 articles."""
    rng = np.random.default_rng(seed)
    story = np.repeat(np.arange(n), rng.integers(1, 6, n))[:n]
    centres = rng.standard_normal((n, dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    vectors = centres[story] + 0.5 * rng.standard_normal((n, dim)) / math.sqrt(dim)
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def summarizer():  # type: ignore[no-untyped-def]
    from summarize import Summarizer
    from summarize.embed import make_encoder

    return Summarizer(encoder=make_encoder("onnx", cache=True))


def seconds(vectors: np.ndarray, exact_limit: int, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        group_articles(vectors, [None] * len(vectors), StoryOptions(), exact_limit=exact_limit)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_time(args: argparse.Namespace) -> None:
    sizes = [int(s) for s in args.sizes.split(",")]
    inputs = {"planted": lambda n: planted(n)}
    if args.pool:
        base = embedding_vectors([a.text for a in read_pool(args.pool)], summarizer())
        inputs["repeated"] = lambda n: np.resize(base, (n, base.shape[1]))
    print(f"group_articles, threshold {StoryOptions().threshold}, exact up to {EXACT_LIMIT} "
          f"articles; median of {args.runs} runs; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")
    print("| input | articles | default s | forest s | exact s | default × | forest × | "
          "exact × | n log n × |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, make in inputs.items():
        first: tuple[float, ...] | None = None
        for n in sizes:
            vectors = make(n)
            row = (seconds(vectors, EXACT_LIMIT, args.runs), seconds(vectors, 0, args.runs),
                   seconds(vectors, n, args.runs))
            first = first or row
            growth = [r / f for r, f in zip(row, first, strict=True)]
            nlogn = n * math.log(n) / (sizes[0] * math.log(sizes[0]))
            print(f"| {name} | {n} | " + " | ".join(f"{r:.3f}" for r in row) + " | "
                  + " | ".join(f"{g:.1f}" for g in growth) + f" | {nlogn:.1f} |", flush=True)


def bench_tune(args: argparse.Namespace) -> None:
    pools = [read_pool(p) for p in args.pools]
    grid = tuple(float(t) for t in args.grid.split(",")) if args.grid else GRID
    for method in args.method or METHODS:
        model = summarizer() if method == "embedding" else None
        data = [(method_grouper(method, [a.text for a in pool], model), [a.story for a in pool])
                for pool in pools]
        chosen, rows = tune_threshold(data, grid)
        print(f"\n{method}: B-cubed F1 per pool ({', '.join(args.pools)}), then the means")
        for row in rows:
            per_pool = [row[f"f1:{k}"] for k in range(len(pools))]
            print(f"  {row['threshold']:.3f}  " + "  ".join(f"{f:.4f}" for f in per_pool)
                  + f"  | P {row['precision']:.4f} R {row['recall']:.4f} F1 {row['f1']:.4f} "
                  f"ARI {row['ari']:.4f}", flush=True)
        print(f"{method}: chosen threshold {chosen:.3f}")


NOISE = 0.05  # a TF-IDF cosine below which two articles share almost no word


def bench_ceiling(args: argparse.Namespace) -> None:
    model = summarizer()
    print("| pool | articles | in stories of 2+ | nearest is foreign under every method | "
          "no word shared with its story | B3 F1 with those alone |")
    print("|---|---:|---:|---:|---:|---:|")
    for path in args.pools:
        pool = read_pool(path)
        gold = np.array([a.story for a in pool])
        same = gold[:, None] == gold[None, :]
        np.fill_diagonal(same, False)
        multi = same.any(axis=1)
        foreign, noise = multi.copy(), multi.copy()
        for method in ("embedding", "tfidf"):
            texts = [a.text for a in pool]
            vectors = embedding_vectors(texts, model) if method == "embedding" \
                else tfidf_vectors(texts)
            sims = vectors @ vectors.T
            np.fill_diagonal(sims, -np.inf)
            inside = np.where(same, sims, -np.inf).max(axis=1)
            foreign &= inside < np.where(same, -np.inf, sims).max(axis=1)
            if method == "tfidf":
                noise = multi & (inside < NOISE)
        labels = [f"{g}" if not f else f"alone:{k}" for k, (g, f) in enumerate(zip(
            gold.tolist(), foreign.tolist(), strict=True))]
        bound = bcubed(gold.tolist(), labels)[2]
        print(f"| {path} | {len(pool)} | {int(multi.sum())} | {int(foreign.sum())} | "
              f"{int(noise.sum())} | {100 * bound:.1f} |", flush=True)


def bench_eval(args: argparse.Namespace) -> None:
    model = summarizer() if "embedding" in (args.method or METHODS) else None
    for pool in args.pools:
        result = evaluate_grouping(pool, model, methods=args.method or METHODS,
                                   threshold=args.threshold)
        print(render_grouping_table(result), flush=True)


#: Inputs grouped alone: each one's gold stories and the groups found.
Grouped = list[tuple[list[str], list[tuple[int, ...]]]]


def each_alone(inputs: list[list[PoolArticle]], method: str, model: object) -> Grouped:
    """Each input grouped alone by ``method`` at its own threshold: its gold stories and the
    groups found."""
    return [([a.story for a in chosen], method_grouper(method, [a.text for a in chosen], model)(
        default_threshold(method))) for chosen in inputs]


def grouped_draws(args: argparse.Namespace, sizes: str,
                  draw: Callable[[list[PoolArticle], int], list[list[PoolArticle]]],
                  ) -> Iterator[tuple[str, int, list[list[PoolArticle]], str, Grouped]]:
    """For each pool, each size of ``sizes`` and each method (``--method``, default ours and
    TF-IDF): the pool's name, the size, the inputs ``draw`` gives and their groups, each input
    grouped alone (:func:`each_alone`)."""
    methods = args.method or ["ours", "tfidf"]
    model = summarizer() if "embedding" in methods else None
    for pool in args.pools:
        articles = read_pool(pool)
        for k in (int(v) for v in sizes.split(",")):
            inputs = draw(articles, k)
            for method in methods:
                yield Path(pool).stem, k, inputs, method, each_alone(inputs, method, model)


def bench_small(args: argparse.Namespace) -> None:
    print("| pool | stories an input | inputs | articles an input | method | B3 F1 | "
          "stories returned exactly |")
    print("|---|---:|---:|---:|---|---:|---:|")
    for name, k, inputs, method, grouped in grouped_draws(
            args, args.stories, lambda pool, k: small_inputs(pool, k, args.samples, args.seed)):
        size = statistics.mean(len(i) for i in inputs)
        f1 = [scores(gold, groups)["f1"] for gold, groups in grouped]
        exact = [exact_share(gold, groups) for gold, groups in grouped]
        print(f"| {name} | {k} | {len(inputs)} | {size:.1f} | {method} | "
              f"{100 * statistics.mean(f1):.1f} | {100 * statistics.mean(exact):.1f} |",
              flush=True)


def bench_slices(args: argparse.Namespace) -> None:
    print("| pool | articles an input | inputs | stories of one article | method | B3 P | "
          "B3 R | B3 F1 |")
    print("|---|---:|---:|---:|---|---:|---:|---:|")
    for name, n, inputs, method, grouped in grouped_draws(
            args, args.sizes, lambda pool, n: random_slices(pool, n, args.samples, args.seed)):
        single = statistics.mean(
            sum(c == 1 for c in Counter(a.story for a in chosen).values())
            / len({a.story for a in chosen}) for chosen in inputs)
        got = [scores(gold, groups) for gold, groups in grouped]
        p, r, f = (100 * statistics.mean(g[k] for g in got)
                   for k in ("precision", "recall", "f1"))
        print(f"| {name} | {n} | {len(inputs)} | {100 * single:.0f}% | "
              f"{method} | {p:.1f} | {r:.1f} | {f:.1f} |", flush=True)


def bench_scale(args: argparse.Namespace) -> None:
    """The stories' grouping (features, graph, linkage) on ``eval/bench_stories.py``'s pool:
    seconds and this process's peak memory growth, one size after another."""
    import resource

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_stories import build_pool  # type: ignore[import-not-found]

    from summarize.stories.grouping import continue_stories

    sizes = [int(s) for s in args.sizes.split(",")]
    pool = build_pool(max(sizes), args.seed)
    print(f"continue_stories (no saved story); load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")
    print("| articles | seconds | stories | peak RSS MiB (process, so far) |")
    print("|---:|---:|---:|---:|")
    for n in sizes:
        start = time.perf_counter()
        groups, _ = continue_stories(pool[:n], [])
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"| {n} | {took:.1f} | {len(groups)} | {peak:.0f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="eval/bench_grouping.py")
    sub = parser.add_subparsers(dest="command", required=True)
    timing = sub.add_parser("time", help="grouping time against the number of articles")
    timing.add_argument("--sizes", default="1000,2000,5000,10000")
    timing.add_argument("--runs", type=int, default=3)
    timing.add_argument("--pool", help="a pool whose article vectors are repeated")
    scale = sub.add_parser("scale", help="the stories' grouping at 1,000 to 10,000 articles")
    scale.add_argument("--sizes", default="1000,2000,5000,10000")
    scale.add_argument("--seed", type=int, default=0)
    tune = sub.add_parser("tune", help="the threshold of each method on the pools")
    tune.add_argument("pools", nargs="+")
    tune.add_argument("--method", action="append", choices=METHODS)
    tune.add_argument("--grid", help="thresholds, comma-separated (default: GRID)")
    bound = sub.add_parser("ceiling",
                           help="an estimate of the best B-cubed F1 these similarities allow")
    bound.add_argument("pools", nargs="+")
    small = sub.add_parser("small", help="inputs of a few whole stories, each grouped alone")
    small.add_argument("pools", nargs="+")
    small.add_argument("--stories", default="1,2,3,5")
    small.add_argument("--samples", type=int, default=100)
    small.add_argument("--seed", type=int, default=0)
    small.add_argument("--method", action="append", choices=METHODS)
    day = sub.add_parser("slices", help="inputs of articles drawn at random, each grouped alone")
    day.add_argument("pools", nargs="+")
    day.add_argument("--sizes", default="10,40,120")
    day.add_argument("--samples", type=int, default=30)
    day.add_argument("--seed", type=int, default=0)
    day.add_argument("--method", action="append", choices=METHODS)
    scoring = sub.add_parser("eval", help="the grouping evaluation of each pool")
    scoring.add_argument("pools", nargs="+")
    scoring.add_argument("--threshold", type=float, default=None)
    scoring.add_argument("--method", action="append", choices=METHODS)
    args = parser.parse_args()
    {"time": bench_time, "scale": bench_scale, "tune": bench_tune, "eval": bench_eval,
     "ceiling": bench_ceiling, "small": bench_small, "slices": bench_slices}[args.command](args)


if __name__ == "__main__":
    main()
