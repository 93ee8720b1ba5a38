"""Fit the salience prior (``summarize/select/salience.py``), written to ``data/salience.json``.

    .venv/bin/python eval/train_salience.py ../shared/data/multi_news_val_truncated.jsonl \
        --skip 500 --out summarize/data/salience.json

Every cluster after the first ``--skip`` (the 500 the results tables score, which must stay
unseen) is analysed as the pipeline analyses it (segment, embed with the bundled model, group);
each candidate sentence's target is its ROUGE-2 precision against the cluster's human summary
(rouge-score's tokenizer and Porter stemmer, as the harness scores), z-scored within the cluster
and then weighted towards the top (``--temperature``: ``exp(z / T)`` over its cluster mean, z
clipped to +-5; the default is 2; ``--temperature 0`` keeps plain z-scores); a ridge regression
(``--alpha``) maps the standardised features, the embedding and the mean first-layer states
(``--no-first-layer`` leaves them out) to it.
Takes about 10 minutes for the 5,122 clusters on two CPU cores.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarize.errors import InputError  # noqa: E402
from summarize.evaluation.data import load_clusters  # noqa: E402
from summarize.select import SelectOptions  # noqa: E402
from summarize.select.salience import (
    FEATURES,
    SalienceModel,
    model_inputs,  # noqa: E402
)
from summarize.summarizer import Summarizer  # noqa: E402

#: The share of articles at which a concept counts in the features: the selection's own.
MIN_DF = SelectOptions().min_df


def bigrams(tokens: list[str]) -> Counter[tuple[str, str]]:
    return Counter(zip(tokens, tokens[1:], strict=False))


def precision_targets(sentences: list[str], references: list[str]) -> np.ndarray:
    """Each sentence's ROUGE-2 precision against the references (averaged over them)."""
    from rouge_score.tokenizers import DefaultTokenizer

    tokenize = DefaultTokenizer(use_stemmer=True).tokenize
    refs = [bigrams(tokenize(r)) for r in references]
    out = []
    for text in sentences:
        own = bigrams(tokenize(text))
        size = max(1, sum(own.values()))
        out.append(np.mean([sum(min(c, r[k]) for k, c in own.items() if k in r) / size
                            for r in refs]))
    return np.array(out)


def top_weighted(target: np.ndarray, temperature: float) -> np.ndarray:
    """The cluster's targets as z-scores, or (``temperature`` > 0) as ``exp(z / T)`` over their
    mean: the few sentences a short digest has room for weigh most in the fit."""
    z = (target - target.mean()) / (target.std() + 1e-9)
    if temperature <= 0:
        return z
    e = np.exp(np.clip(z, -5.0, 5.0) / temperature)
    return e / e.mean()  # type: ignore[no-any-return]


def fit(
    x: np.ndarray, y: np.ndarray, alpha: float, dim: int, first_dim: int = 0
) -> SalienceModel:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0  # a constant column: its standardised value stays 0
    z = (x - mean) / scale
    intercept = float(y.mean())
    weights = np.linalg.solve(z.T @ z + alpha * np.eye(z.shape[1]), z.T @ (y - intercept))
    return SalienceModel(
        mean=mean, scale=scale, weights=weights, intercept=intercept, dim=dim, first_dim=first_dim,
        min_df=MIN_DF,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="JSON-lines clusters with human summaries")
    parser.add_argument("--skip", type=int, default=500, help="clusters kept unseen (first N)")
    parser.add_argument("--limit", type=int, default=None, help="train on at most N clusters")
    parser.add_argument("--alpha", type=float, default=10.0, help="ridge penalty")
    parser.add_argument("--temperature", type=float, default=2.0,
                        help="weight the top of each cluster: exp(z / T); 0 for plain z-scores")
    parser.add_argument("--no-first-layer", action="store_true",
                        help="leave the mean first-layer states out of the model's inputs")
    parser.add_argument("--out", default="summarize/data/salience.json")
    args = parser.parse_args()
    if args.skip < 0 or args.alpha < 0 or args.temperature < 0:
        parser.error("--skip, --alpha and --temperature must not be negative")

    summarizer = Summarizer()
    xs, ys = [], []
    used = seen = 0
    start = time.perf_counter()
    stop = None if args.limit is None else args.skip + args.limit
    for cluster in itertools.islice(load_clusters(args.data), args.skip, stop):
        seen += 1
        try:
            a = summarizer.analyze(cluster)
        except InputError:
            continue
        target = precision_targets([s.text for s in a.sentences], list(cluster.summaries))
        if a.first_layer is None and not args.no_first_layer:
            sys.exit("error: the encoder gives no first-layer states")
        xs.append(model_inputs(a, MIN_DF, first_layer=not args.no_first_layer))
        ys.append(top_weighted(target, args.temperature))
        used += 1
        if used % 500 == 0:
            print(f"{used} clusters, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    if not xs:
        sys.exit("error: no cluster to train on")
    x, y = np.vstack(xs), np.concatenate(ys)
    dim = xs[0].shape[1] - len(FEATURES)
    if not args.no_first_layer:
        dim //= 2  # the embedding and the first-layer states have the model's width
    model = fit(x, y, args.alpha, dim=dim, first_dim=x.shape[1] - len(FEATURES) - dim)
    about = {
        "about": "summarize's salience prior: ridge regression of a sentence's ROUGE-2 "
        "precision (z-scored within its cluster"
        + (f", then exp(z / {args.temperature:g})" if args.temperature > 0 else "")
        + ") on its features, embedding"
        + ("" if args.no_first_layer else " and mean first-layer state"),
        "trained_on": f"{Path(args.data).name}, clusters {args.skip + 1} to "
        f"{args.skip + seen} ({used} clusters with candidates, {len(y)} sentences)",
        "alpha": args.alpha,
        "temperature": args.temperature,
        "embedding_model": "all-MiniLM-L6-v2 (bundled)",
    }
    out = Path(args.out)
    partial = out.with_suffix(".partial")
    partial.write_text(model.to_json(**about) + "\n", encoding="utf-8")
    partial.replace(out)
    print(f"wrote {args.out}: {used} clusters, {len(y)} sentences, "
          f"{time.perf_counter() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
