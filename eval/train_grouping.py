"""Fit the stories' same-story model (``summarize/stories/learned.py``) and choose its
linkage threshold.

``python eval/train_grouping.py TUNE_POOL [TUNE_POOL …] [--report POOL …]
[--threshold 0.5,0.6,0.7] [--shrink 0.5,0.7,0.8] [--C 1.0]``

1. Each tuning pool's graph and pair features (:func:`summarize.stories.learned.story_features`,
   undated: the pools have no dates); a pair's label: its two articles are of one gold story.
2. A logistic regression (scikit-learn, here only: the library runs the fitted weights with
   NumPy) on the pairs of all tuning pools, each pool weighing the same in all (its pairs
   weighted by the inverse of their number); the weights printed rounded to two decimals, as
   ``learned.py`` holds them.
3. With those rounded weights (and ``learned.JOIN_FLOOR``), average linkage
   (:func:`summarize.stories.linkage.average_linkage`) at every threshold and shrink of the
   grid: B-cubed F1 on each tuning pool and their mean, then on each ``--report`` pool
   (printed, never used to choose); the setting of the highest mean over the tuning pools
   is named last. ``--thin S`` also trains on a copy of each tuning pool with a share S of
   its stories cut to one article (tried, not used for the shipped weights).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarize.evaluation.grouping import read_pool, scores  # noqa: E402
from summarize.stories.learned import FEATURES, JOIN_FLOOR, story_features  # noqa: E402
from summarize.stories.linkage import average_linkage  # noqa: E402


def pool_pairs(path: str, thin: float = 0.0) -> tuple[int, np.ndarray, np.ndarray, np.ndarray,
                                                      list[str]]:
    """A pool's article count, graph pairs, their features and the gold stories; ``thin``:
    the share of its stories (drawn with a fixed seed) cut to their first article."""
    pool = read_pool(path)
    if thin:
        stories = sorted({a.story for a in pool})
        cut = set(random.Random(0).sample(stories, round(thin * len(stories))))
        seen: set[str] = set()
        kept = []
        for a in pool:
            if a.story not in cut or a.story not in seen:
                kept.append(a)
                seen.add(a.story)
        pool = kept
    i, j, x = story_features([a.text for a in pool], [None] * len(pool), 3)
    return len(pool), i, j, x, [a.story for a in pool]


def fit(pools: list[tuple], c: float) -> tuple[np.ndarray, float]:
    """The logistic regression's rounded weights and intercept, each pool weighing the same."""
    from sklearn.linear_model import LogisticRegression

    xs = np.vstack([p[3] for p in pools])
    ys = np.concatenate([(np.array(p[4])[p[1]] == np.array(p[4])[p[2]]).astype(int)
                         for p in pools])
    weights = np.concatenate([np.full(len(p[1]), len(xs) / len(p[1])) for p in pools])
    model = LogisticRegression(C=c, max_iter=5000).fit(xs, ys, sample_weight=weights)
    return np.round(model.coef_[0], 2), round(float(model.intercept_[0]), 2)


def f1(pool: tuple, coef: np.ndarray, intercept: float, t: float, s: float) -> float:
    n, i, j, x, gold = pool
    p = np.where(x[:, 0] >= np.log(JOIN_FLOOR), 1.0 / (1.0 + np.exp(-(x @ coef + intercept))),
                 0.0)
    groups = average_linkage(n, (i, j, p), threshold=t, shrink=s, days=[None] * n, max_days=3)
    return scores(gold, groups)["f1"]


def main() -> None:
    parser = argparse.ArgumentParser(prog="eval/train_grouping.py")
    parser.add_argument("pools", nargs="+", help="the tuning pools (eval/pools.py)")
    parser.add_argument("--report", nargs="*", default=[], help="pools only reported")
    parser.add_argument("--threshold", default="0.5,0.6,0.7,0.8")
    parser.add_argument("--shrink", default="0.5,0.6,0.7,0.8")
    parser.add_argument("--C", type=float, default=1.0, help="the inverse regularisation")
    parser.add_argument("--thin", type=float, default=0.0,
                        help="also train on a copy of each tuning pool with this share of its "
                        "stories cut to one article (streams hold many single reports)")
    args = parser.parse_args()
    tuning = [pool_pairs(p) for p in args.pools]
    thinned = [pool_pairs(p, args.thin) for p in args.pools] if args.thin else []
    coef, intercept = fit(tuning + thinned, args.C)
    print(f"FEATURES = {FEATURES}")
    print(f"COEFFICIENTS = ({', '.join(f'{v:.2f}' for v in coef)})")
    print(f"INTERCEPT = {intercept:.2f}")
    report = [pool_pairs(p) for p in args.report]
    names = [Path(p).stem for p in args.pools + args.report]
    print("| threshold | shrink | " + " | ".join(names) + " | tuning mean |")
    print("|---:|---:|" + "---:|" * (len(names) + 1))
    rows = []
    for t, s in itertools.product((float(v) for v in args.threshold.split(",")),
                                  [float(v) for v in args.shrink.split(",")]):
        tuned = [f1(p, coef, intercept, t, s) for p in tuning]
        shown = tuned + [f1(p, coef, intercept, t, s) for p in report]
        rows.append((float(np.mean(tuned)), t, s))
        print(f"| {t} | {s} | " + " | ".join(f"{100 * v:.1f}" for v in shown)
              + f" | {100 * np.mean(tuned):.2f} |", flush=True)
    best = max(rows)
    print(f"chosen on the tuning pools: threshold {best[1]}, shrink {best[2]} "
          f"(mean F1 {100 * best[0]:.2f})")


if __name__ == "__main__":
    main()
