"""The development suite, one command: eight tables, then a summary across them.

    .venv/bin/python eval/suite.py                      # every table, the default methods
    .venv/bin/python eval/suite.py --method icsi        # add a method to every table
    .venv/bin/python eval/suite.py --redo ours          # ours again, after a change to it
    .venv/bin/python eval/suite.py --limit 5            # a quick run (under eval/runs/)
    .venv/bin/python eval/suite.py --docs 10 --table duc2006-100w --table duc2007-100w
    .venv/bin/python eval/suite.py --summary-only       # the summary of what is there

The tables: DUC 2006 and the DUC 2007 subset at 100 words, 250 words and 665 bytes (recall),
Multi-News validation (its first 500 clusters) at 100 and 250 words (F1). The harness writes
each into ``ROOT/suite-<table>/`` as ``summarize eval`` does: a run stopped midway resumes; a
method added later runs alone, its row joining those there; ``--redo NAME`` drops NAME's saved
instances first, so that it alone runs again. ``--docs N`` subsamples each DUC cluster to N
articles (drawn by a generator seeded by ``--seed`` and the cluster id, kept in their order;
10 is DUC 2004's size) into ``ROOT/suite-<set>-docs<N>-<budget>/``.

The summary (``ROOT/suite-summary.md`` and ``.json``; ``suite-docs<N>-summary``): each
method's R-1 / R-2 on each table; its mean rank by R-2 (and R-1) among the methods in every
table (1 is best; ties share the mean rank); ours against each baseline: the difference in
mean R-2 and the one-sided paired permutation test of each table (from its ``summary.json``),
and pooled (the same test on the per-cluster R-2 differences of all tables together, from the
``instances.jsonl``: once with every cluster weighing the same, so that Multi-News' 1,000
cluster-tables outweigh DUC's 219, and once with every table weighing the same).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize.evaluation.stats import generator, paired_permutation_test  # noqa: E402
from summarize.io import write_atomic  # noqa: E402
from summarize.types import Budget, Cluster  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "eval" / "results"
#: set -> (file in the data folder, measure, clusters used: None for all)
SETS = {
    "duc2006": ("duc2006.jsonl", "recall", None),
    "duc2007": ("duc2007_main_pyramid_subset.jsonl", "recall", None),
    "multinews": ("multi_news_val_truncated.jsonl", "f1", 500),
}
BUDGETS = {"100w": Budget("words", 100), "250w": Budget("words", 250),
           "665b": Budget("bytes", 665)}
TABLES = ("duc2006-100w", "duc2006-250w", "duc2006-665b", "duc2007-100w", "duc2007-250w",
          "duc2007-665b", "multinews-100w", "multinews-250w")
DEFAULT_METHODS = ("ours", "icsi", "submodular", "klsum-greedy", "lexrank", "centroid")
REFERENCE = "ours"
ENCODERS = {"onnx": "all-MiniLM-L6-v2 (bundled)",
            "hash": "hashed words and bigrams (HashingEncoder)"}


def subsample(cluster: Cluster, docs: int, seed: int) -> Cluster:
    """``cluster`` with ``docs`` of its articles (all when it has no more), drawn by a
    generator seeded by ``seed`` and the cluster's id, kept in their order."""
    n = len(cluster.documents)
    if n <= docs:
        return cluster
    keep = sorted(generator(seed, "docs", cluster.id).choice(n, size=docs, replace=False))
    return dataclasses.replace(cluster, documents=tuple(cluster.documents[int(i)] for i in keep))


def folder(root: Path, table: str, docs: int | None) -> Path:
    name, budget = table.rsplit("-", 1)
    return root / (f"suite-{name}-docs{docs}-{budget}" if docs else f"suite-{table}")


def summary_name(docs: int | None) -> str:
    return f"suite-docs{docs}-summary" if docs else "suite-summary"


def drop(path: Path, methods: set[str]) -> None:
    """Remove the instances of ``methods`` from an ``instances.jsonl`` (atomically)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)

    def kept(line: str) -> bool:  # a torn line goes too (the harness would cut it anyway)
        try:
            return bool(line.endswith("\n") and json.loads(line)["method"] not in methods)
        except (ValueError, KeyError, TypeError):
            return False

    write_atomic(path, "".join(line for line in lines if kept(line)))


def run_table(table: str, args: argparse.Namespace, summarizer: Any) -> None:
    """One table by the harness: the methods already in its folder and those asked for."""
    from summarize.evaluation.data import load_clusters
    from summarize.evaluation.report import aggregate, render_table, write_reports
    from summarize.evaluation.runner import run
    from summarize.evaluation.settings import INSTANCES, SUMMARY, Settings

    name, budget = table.rsplit("-", 1)
    file, measure, first = SETS[name]
    path = Path(args.data) / file
    limit = min(x for x in (first, args.limit) if x is not None) if first or args.limit else None
    clusters = load_clusters(path, limit=limit)
    data = os.path.relpath(path, ROOT)
    if args.docs and name != "multinews":
        clusters = [subsample(c, args.docs, args.seed) for c in clusters]
        data += f" [{args.docs} articles per cluster, seed {args.seed}]"
    out = folder(Path(args.root), table, args.docs if name != "multinews" else None)
    if args.redo and (out / INSTANCES).exists():
        drop(out / INSTANCES, set(args.redo))
    before: list[str] = []
    if (out / SUMMARY).exists():
        before = json.loads((out / SUMMARY).read_text(encoding="utf-8"))["settings"]["methods"]
    methods = tuple(dict.fromkeys([*before, *args.methods, *args.redo]))
    settings = Settings(data=data, clusters=len(clusters), budget=BUDGETS[budget],
                        measure=measure, encoder=ENCODERS[args.backend], seed=args.seed,
                        limit=limit, methods=methods)
    start = time.perf_counter()
    instances = run(clusters, settings, summarizer=summarizer, out_dir=out)
    results = aggregate(instances, settings)
    write_reports(out, results, settings, render_table(results, settings))
    print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {len(clusters)} "
          f"clusters, {', '.join(methods)} ({time.perf_counter() - start:.0f} s)", flush=True)


# -- the summary ----------------------------------------------------------------------------


def load_table(out: Path) -> dict[str, Any] | None:
    """A finished table: its settings, per-method results and instances (None if unfinished)."""
    try:
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    if summary.get("status") != "done":
        return None
    instances: dict[tuple[str, str], dict[str, Any]] = {}
    path = out / "instances.jsonl"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                instances[(record["method"], record["id"])] = record
    return {"settings": summary["settings"],
            "results": {r["name"]: r for r in summary["results"]}, "instances": instances}


def per_cluster(table: dict[str, Any], method: str, metric: str) -> dict[str, float]:
    """Cluster id -> the method's score (×100, the table's measure) on that cluster."""
    key = "r" if table["settings"]["measure"] == "recall" else "f"
    return {cid: 100.0 * r["scores"][metric][key]
            for (m, cid), r in table["instances"].items() if m == method}


def mean_ranks(tables: dict[str, dict[str, Any]], methods: Sequence[str],
               metric: str) -> dict[str, float]:
    """Each method's rank by mean ``metric`` on each table (1 the best, ties sharing the mean
    rank), averaged over the tables."""
    from scipy.stats import rankdata

    ranks = {m: 0.0 for m in methods}
    for table in tables.values():
        means = [table["results"][m]["scores"][metric]["mean"] for m in methods]
        for m, r in zip(methods, rankdata([-x for x in means], method="average"), strict=True):
            ranks[m] += float(r) / len(tables)
    return ranks


def pooled_test(diffs: Sequence[np.ndarray], seed: int, permutations: int,
                *names: str) -> dict[str, Any]:
    """The paired sign-flip test of ours > baseline on the per-cluster differences of every
    table together: every cluster weighing the same, and every table weighing the same (each
    difference scaled by N / (T n_t), so that the mean is the mean of the tables' means)."""
    every = np.concatenate(diffs) if diffs else np.zeros(0)
    n, t = len(every), sum(1 for d in diffs if len(d))
    scaled = np.concatenate([d * n / (t * len(d)) for d in diffs if len(d)]) if n else every
    zeros = [0.0] * n
    return {
        "clusters": n,
        "delta": float(every.mean()) if n else None,
        "p": paired_permutation_test(every.tolist(), zeros, generator(seed, "suite", *names,
                                     "pooled"), permutations=permutations),
        "delta_tables_equal": float(scaled.mean()) if n else None,
        "p_tables_equal": paired_permutation_test(
            scaled.tolist(), zeros, generator(seed, "suite", *names, "tables"),
            permutations=permutations),
    }


def build_summary(tables: dict[str, dict[str, Any]], missing: Sequence[str], seed: int = 0,
                  permutations: int = 10000) -> dict[str, Any]:
    """The suite's summary of finished ``tables`` (name -> :func:`load_table`)."""
    names = [m for t in tables.values() for m in t["results"]]
    everywhere = [m for m in dict.fromkeys(names)
                  if all(m in t["results"] and not t["results"][m]["reads_references"]
                         for t in tables.values())]
    baselines = [m for m in everywhere if m != REFERENCE]
    versus: dict[str, Any] = {}
    if REFERENCE in everywhere:
        for base in baselines:
            rows, diffs = {}, []
            for name, t in tables.items():
                ours, other = (t["results"][m]["scores"] for m in (REFERENCE, base))
                p = t["results"][base]["p_ours_better"] or {}
                rows[name] = {f"delta_{k}": ours[m]["mean"] - other[m]["mean"]
                              for k, m in (("r1", "rouge1"), ("r2", "rouge2"))}
                rows[name].update(p_r1=p.get("rouge1"), p_r2=p.get("rouge2"))
                a, b = (per_cluster(t, m, "rouge2") for m in (REFERENCE, base))
                diffs.append(np.array([a[c] - b[c] for c in sorted(a.keys() & b.keys())]))
            versus[base] = {
                "tables": rows,
                "pooled_r2": pooled_test(diffs, seed, permutations, base, "rouge2"),
                "ours_at_or_above": {k: sum(r[f"delta_{k}"] >= 0 for r in rows.values())
                                     for k in ("r1", "r2")},
            }
    r1, r2 = (mean_ranks(tables, everywhere, m) for m in ("rouge1", "rouge2"))
    return {
        "tables": {name: {"folder": t["folder"], "data": t["settings"]["data"],
                          **{k: t["settings"][k] for k in ("clusters", "budget", "measure")},
                          "methods": {m: {"label": r["label"],
                                          "r1": r["scores"]["rouge1"]["mean"],
                                          "r2": r["scores"]["rouge2"]["mean"]}
                                      for m, r in t["results"].items()}}
                   for name, t in tables.items()},
        "missing": list(missing),
        "ranked": everywhere,
        "mean_rank": {m: {"r2": r2[m], "r1": r1[m]} for m in everywhere},
        "versus": versus, "seed": seed, "permutations": permutations,
    }


def _p(p: float | None) -> str:
    return "–" if p is None else "p<0.001" if p < 0.001 else f"p={p:.3f}"


def render_summary(s: dict[str, Any]) -> str:
    names = list(s["tables"])
    first = {m: t["methods"][m]["label"] for t in s["tables"].values() for m in t["methods"]}
    folders = ", ".join(f"`{t['folder']}`" for t in s["tables"].values())
    lines = ["# Development suite: summary", "",
             f"Tables: {len(names)} ({folders})"
             + (f"; missing: {', '.join(s['missing'])}" if s["missing"] else "; none missing")
             + ". Scores ×100 (recall on DUC, F1 on Multi-News); each table's `table.md` has "
             "the intervals.", "",
             "## R-1 / R-2, and the mean rank by R-2 (and R-1) among the methods in every table",
             "", "| method | " + " | ".join(names) + " | mean rank R-2 | mean rank R-1 |",
             "|" + " --- |" + " ---: |" * (len(names) + 2)]
    order = sorted(first, key=lambda m: (s["mean_rank"].get(m, {}).get("r2", 1e9), m))
    for m in order:
        cells = [f"{t['methods'][m]['r1']:.2f} / {t['methods'][m]['r2']:.2f}"
                 if m in t["methods"] else "–" for t in s["tables"].values()]
        rank = s["mean_rank"].get(m)
        lines.append(f"| {first[m]} | " + " | ".join(cells) + " | "
                     + (f"{rank['r2']:.2f} | {rank['r1']:.2f} |" if rank else "– | – |"))
    if s["versus"]:
        lines += ["", "## Ours against each baseline: R-2 of ours minus the baseline's, "
                  "one-sided paired permutation test", "",
                  "| baseline | " + " | ".join(names) + " | pooled, clusters equal | "
                  "pooled, tables equal | ours ≥ on R-1 / R-2 |",
                  "|" + " --- |" + " ---: |" * (len(names) + 3)]
        for base, v in s["versus"].items():
            cells = [f"{r['delta_r2']:+.2f} ({_p(r['p_r2'])})" for r in v["tables"].values()]
            pool = v["pooled_r2"]
            lines.append(
                f"| {first[base]} | " + " | ".join(cells)
                + (f" | {pool['delta']:+.2f} ({_p(pool['p'])}, {pool['clusters']}) | "
                   f"{pool['delta_tables_equal']:+.2f} ({_p(pool['p_tables_equal'])}) | "
                   if pool["clusters"] else " | no instances.jsonl | – | ")
                + f"{v['ours_at_or_above']['r1']} / {v['ours_at_or_above']['r2']} of "
                f"{len(names)} |")
        lines += ["", f"Tests: {s['permutations']} sign flips, seed {s['seed']}; pooled: the "
                  "per-cluster differences of all tables together (clusters equal), or each "
                  "scaled so that every table weighs the same (tables equal)."]
    return "\n".join(lines) + "\n"


def write_suite_summary(root: Path, docs: int | None, seed: int = 0,
                        permutations: int = 10000) -> dict[str, Any]:
    tables: dict[str, dict[str, Any]] = {}
    missing = []
    for table in TABLES:
        if docs and table.startswith("multinews"):
            continue  # nothing to subsample: the subsampled suite is DUC's six tables
        out = folder(root, table, docs)
        loaded = load_table(out)
        if loaded is None:
            missing.append(table)
            continue
        loaded["folder"] = os.path.relpath(out, root)
        tables[table] = loaded
    summary = build_summary(tables, missing, seed, permutations)
    name = summary_name(docs)
    write_atomic(root / f"{name}.json", json.dumps(summary, indent=2) + "\n")
    write_atomic(root / f"{name}.md", render_summary(summary))
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--table", action="append", choices=TABLES,
                        help="a table to run (repeat it; default: all)")
    parser.add_argument("--method", action="append", dest="methods",
                        help=f"a method (repeat it; default: {', '.join(DEFAULT_METHODS)})")
    parser.add_argument("--redo", action="append", default=[], metavar="NAME",
                        help="run this method again: its saved instances are dropped first")
    parser.add_argument("--limit", type=int, help="only the first N clusters of each set")
    parser.add_argument("--docs", type=int, help="DUC clusters subsampled to N articles")
    parser.add_argument("--backend", choices=tuple(ENCODERS), default="onnx")
    parser.add_argument("--no-cache", dest="cache", action="store_false")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", default=str(DATA), help="the benchmark data folder")
    parser.add_argument("--root", help="where the tables go [default: eval/results, or "
                        "eval/runs/suite-limit<N> with --limit]")
    parser.add_argument("--summary-only", action="store_true")
    args = parser.parse_args(argv)
    args.methods = tuple(args.methods or DEFAULT_METHODS)
    if args.root is None:
        args.root = str(ROOT / "eval" / "runs" / f"suite-limit{args.limit}" if args.limit
                        else RESULTS)
    if args.docs is not None and args.docs < 1:
        parser.error("--docs must be positive")
    if not args.summary_only:
        from summarize.evaluation.methods import METHODS
        from summarize.summarizer import Settings, build_summarizer

        unknown = [m for m in (*args.methods, *args.redo) if m not in METHODS]
        if unknown:
            parser.error(f"unknown method {unknown[0]!r}: use one of {', '.join(METHODS)}")
        summarizer = build_summarizer(Settings(backend=args.backend, cache=args.cache,
                                               threads=args.threads))
        for table in args.table or TABLES:
            if args.docs and table.startswith("multinews"):
                continue  # Multi-News clusters have 2 to 3 articles: nothing to subsample
            run_table(table, args, summarizer)
    summary = write_suite_summary(Path(args.root), args.docs, args.seed)
    print(render_summary(summary), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
