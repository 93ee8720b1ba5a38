"""Leave one set out: is each tuned value of the selection chosen for the data, or for one set?

    SUMMARIZE_CACHE_DIR=/tmp/sumcache .venv/bin/python eval/loso.py          # every knob
    .venv/bin/python eval/loso.py --knob centrality_weight --mn 150           # one, quicker

For each tuned value (one knob at a time, the others at their defaults) the script scores a
small grid around it on the development suite's tables: DUC 2006 and the DUC 2007 subset at
100 words, 250 words and 665 bytes (recall), Multi-News validation (its first ``--mn``
clusters) at 100 and 250 words (F1). Then, for each set left out in turn, it chooses the grid
value with the best mean ROUGE-2 over the other sets' tables (every table weighing the same),
and reports that value's ROUGE-2 on the left-out set's tables beside the default's, with the
default's 95% bootstrap interval (over the left-out set's clusters). The check passes for a
knob when no left-out figure falls below the default's interval ("above": the value chosen
elsewhere does better there than the default, beyond its interval).

The grouping threshold is included: the same vectors are regrouped at each value. Each
cluster's analysis (segmentation, embeddings) is made once and shared by every run. The table
goes to ``eval/results/loso.md`` and ``loso.json`` (``--out`` elsewhere).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from suite import BUDGETS, DATA, RESULTS, SETS  # noqa: E402

from summarize.io import write_atomic  # noqa: E402
from summarize.select import SelectOptions  # noqa: E402

#: knob -> the grid scored (the default is always in it)
GRID: dict[str, tuple[float, ...]] = {
    "centrality_weight": (2.0, 4.0, 6.0, 8.0, 10.0),
    "concept_weight": (0.5, 1.0, 1.5),
    "salience_weight": (0.0, 60.0, 173.0, 400.0),
    "redundancy": (0.65, 0.75, 0.85),
    "fact_overlap": (0.3, 0.5, 0.7),
    "min_words": (6, 8, 10),
    "threshold": (0.6, 0.7, 0.8),
}
TABLES = {"duc2006": ("100w", "250w", "665b"), "duc2007": ("100w", "250w", "665b"),
          "multinews": ("100w", "250w")}


def analyses(name: str, limit: int | None, summarizer: Any) -> list[tuple[Any, Any]]:
    """(cluster with prepared references, analysis) for each scorable cluster of a set."""
    from summarize.errors import SummarizeError
    from summarize.evaluation.data import load_clusters
    from summarize.evaluation.rouge import RougeScorer

    file, _, first = SETS[name]
    prepare = RougeScorer(use_stemmer=True).prepare
    out = []
    for cluster in load_clusters(Path(DATA) / file, limit=limit or first):
        try:
            analysis = summarizer.analyze(cluster)
        except SummarizeError:
            continue
        out.append((dataclasses.replace(cluster, summaries=tuple(prepare(cluster.summaries))),
                    analysis))
    return out


def regrouped(analysis: Any, threshold: float) -> Any:
    """The analysis with its sentences grouped again at ``threshold`` (same vectors)."""
    from summarize.analysis import Analysis
    from summarize.group import GroupOptions, group

    units = tuple(group(analysis.sentences, analysis.vectors, GroupOptions(threshold=threshold)))
    return Analysis(documents=analysis.documents, sentences=analysis.sentences,
                    vectors=analysis.vectors, units=units, first_layer=analysis.first_layer)


def r2_per_cluster(items: list[tuple[Any, Any]], knob: str, value: float, budget_name: str,
                   measure: str, encoder: Any) -> np.ndarray:
    """Each cluster's ROUGE-2 (×100) with ``knob`` set to ``value``."""
    from summarize.evaluation.rouge import RougeScorer
    from summarize.summarizer import Summarizer

    budget = BUDGETS[budget_name]
    if knob == "threshold":
        options = SelectOptions()
    else:
        kind = type(getattr(SelectOptions(), knob))
        options = dataclasses.replace(SelectOptions(), **{knob: kind(value)})
    summarizer = Summarizer(encoder=encoder, select_options=options)
    scorer = RougeScorer(use_stemmer=True)
    out = []
    for cluster, analysis in items:
        if knob == "threshold":
            analysis = regrouped(analysis, value)
        digest = summarizer.digest_analysis(analysis, budget, overrun=True)
        texts = budget.cut([s.text for s in digest.sentences])
        out.append(scorer.score(texts, list(cluster.summaries))["rouge2"].get(measure))
    return 100 * np.array(out)


def default_of(knob: str) -> float:
    if knob == "threshold":
        from summarize.group import GroupOptions

        return float(GroupOptions().threshold)
    return float(getattr(SelectOptions(), knob))


def check(knob: str, scores: dict[float, dict[str, np.ndarray]], seed: int) -> dict[str, Any]:
    """The leave-one-set-out rows of one knob from its per-table, per-cluster scores."""
    from summarize.evaluation.stats import bootstrap_interval, generator

    default = default_of(knob)
    rows = []
    for left in TABLES:
        others = [f"{s}-{b}" for s in TABLES if s != left for b in TABLES[s]]
        chosen = max(sorted(scores), key=lambda v: (
            round(float(np.mean([scores[v][t].mean() for t in others])), 6), -abs(v - default)))
        for b in TABLES[left]:
            table = f"{left}-{b}"
            ci = bootstrap_interval(scores[default][table], generator(seed, "loso", knob, table))
            held = float(scores[chosen][table].mean())
            rows.append({"left_out": left, "table": table, "chosen": chosen,
                         "chosen_r2": round(held, 2), "default_r2": round(ci.mean, 2),
                         "low": round(ci.low, 2), "high": round(ci.high, 2),
                         "within": bool(ci.low <= held <= ci.high),
                         "above": bool(held > ci.high)})
    means = {str(v): {t: round(float(x.mean()), 2) for t, x in scores[v].items()}
             for v in sorted(scores)}
    return {"knob": knob, "default": default, "grid": sorted(scores), "rows": rows,
            "means": means, "passes": all(r["within"] or r["above"] for r in rows)}


def render(results: list[dict[str, Any]], mn: int) -> str:
    lines = ["# Leave one set out", "",
             f"Sets: DUC 2006 (50 clusters), the DUC 2007 subset (23), Multi-News validation "
             f"(first {mn}); R-2 ×100 (recall on DUC, F1 on Multi-News). For each knob and each "
             "set left out: the grid value chosen on the other two sets, its R-2 on the left-out "
             "tables, and the default's R-2 with its 95% bootstrap interval. `eval/loso.py` "
             "makes this table.", "",
             "| knob (default) | left out | chosen there | table | R-2, chosen | R-2, default "
             "[95% CI] | within |", "| --- | --- | ---: | --- | ---: | ---: | --- |"]
    for res in results:
        for r in res["rows"]:
            lines.append(f"| {res['knob']} ({res['default']:g}) | {r['left_out']} | "
                         f"{r['chosen']:g} | {r['table']} | {r['chosen_r2']:.2f} | "
                         f"{r['default_r2']:.2f} [{r['low']:.2f}, {r['high']:.2f}] | "
                         f"{'yes' if r['within'] else 'above' if r['above'] else 'no'} |")
    lines += ["", "Grid means (R-2 per table):", ""]
    for res in results:
        tables = list(next(iter(res["means"].values())))
        lines.append(f"| {res['knob']} | " + " | ".join(tables) + " |")
        lines.append("| ---: |" + " ---: |" * len(tables))
        for v, row in res["means"].items():
            lines.append(f"| {float(v):g} | " + " | ".join(f"{row[t]:.2f}" for t in tables) + " |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--knob", action="append", choices=tuple(GRID))
    parser.add_argument("--mn", type=int, default=500, help="Multi-News clusters (first N)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=str(RESULTS))
    parser.add_argument("--keep", help="a pickle of the analyses, made once and read after")
    args = parser.parse_args()
    from summarize.embed import make_encoder
    from summarize.summarizer import Summarizer

    encoder = make_encoder("onnx", cache=True)
    maker = Summarizer(encoder=encoder)
    if args.keep and Path(args.keep).exists():
        with open(args.keep, "rb") as fh:
            sets = pickle.load(fh)
    else:
        sets = {name: analyses(name, args.mn if name == "multinews" else None, maker)
                for name in TABLES}
        if args.keep:
            with open(args.keep, "wb") as fh:
                pickle.dump(sets, fh)
    results = []
    for knob in args.knob or GRID:
        scores: dict[float, dict[str, np.ndarray]] = {}
        for value in GRID[knob]:
            scores[value] = {
                f"{name}-{b}": r2_per_cluster(sets[name], knob, value, b, SETS[name][1], encoder)
                for name in TABLES for b in TABLES[name]}
        results.append(check(knob, scores, args.seed))
        print(render(results[-1:], args.mn), flush=True)
    out = Path(args.out)
    write_atomic(out / "loso.json", json.dumps(results, indent=2) + "\n")
    write_atomic(out / "loso.md", render(results, args.mn))
    return 0


if __name__ == "__main__":
    sys.exit(main())
