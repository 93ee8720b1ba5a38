"""Fit the stories' two learned models (``summarize/stories/learned.py``) and choose the
threshold of the second.

``python eval/train_grouping.py TUNE_POOL [TUNE_POOL …] [--report POOL …]
[--threshold 0.4,0.5,0.6] [--C 1.0] [--cut POOL:LO-HI] [--small SPEC] [--short SPEC]
[--small-eval K,K:SAMPLES] [--trees N,LEAVES,RATE] [--train POOL …] [--write] [--thin S]
[--floor F] [--slices POOL:N,N,…:SAMPLES] [--jitter S,S] [--stake]``

1. **Pairs.** Each tuning pool's graph and pair features (its articles' texts as the library
   reads them, :func:`summarize.stories.grouping.article_text`: without the furniture at
   their edges)
   (:func:`summarize.stories.learned.graph_features`, undated: the pools have no dates); a
   pair's label: its two articles are of one gold story. A logistic regression
   (scikit-learn, here only: the library runs the fitted weights with NumPy) on the pairs of
   all tuning pools, each pool weighing the same in all (its pairs weighted by the inverse of
   their number); the weights printed rounded to two decimals, as ``learned.py`` holds them.
2. **Groups.** With those rounded weights (and ``learned.may_start``, under ``--floor`` when
   given: the shipped trees were fitted under a floor of 0.1), average linkage
   (:func:`summarize.stories.linkage.average_linkage`) is run twice on each tuning pool,
   joining every offer (average probability at least ``learned.AVERAGE_FLOOR``) and joining
   those averaging 0.3 or more; each offer it meets gives the features of
   :meth:`summarize.stories.joining.GroupReader.features` and a label: the two groups' most
   frequent gold stories are the same. ``--cut POOL:LO-HI`` adds the offers of a copy of the
   tuning pool POOL with each story cut to LO to HI of its articles (a number drawn per
   story, seed 1), so that the model sees stories of every size. ``--small
   POOL[:LO-HI]:K,K,…:SAMPLES`` adds the offers met on small inputs drawn from POOL (its
   stories first cut as ``--cut`` does; inputs of K whole stories,
   :func:`summarize.evaluation.grouping.small_inputs`, seed 1), each input linked alone, as a
   user with a few articles brings them; ``--short`` the same with each article cut to its
   first one to three sentences, as a feed's items are; ``--slices POOL:N,N,…:SAMPLES`` the
   offers met on SAMPLES inputs of each N articles drawn at random from POOL (one
   ``random.Random(1)`` for all sizes; whole stories or not: a day on which most events are
   reported once), each linked alone. ``--train POOL`` adds a pool's offers
   (tried, not used). Each offer's context features (``density``, ``typical``: the same for
   every offer of one input) are multiplied by a log-normal factor of their own
   (``--jitter``, default ``0.1,0.25``, the spread of each; seeded by the part's place):
   without it the trees learned each tuning pool's exact context as the pool's name, and a
   pool's figure moved by up to 3.4 points when its context was read 10% higher.
   Gradient-boosted trees (scikit-learn's
   ``HistGradientBoostingClassifier``: ``--trees`` N trees of at most LEAVES leaves at the
   learning rate RATE, default 150, 8, 0.05) on those offers, each part (a pool, a cut copy,
   one ``--small`` or ``--short``) weighing the same, and within a part each offer alike or,
   with ``--stake``, by its stake in B-cubed: ``a b / (a + b)`` for groups of ``a`` and ``b``
   articles (a wrong join of two whole stories takes ``2 a b / (a + b)`` from the sum of
   their articles' precisions);
   ``--write`` saves them (``summarize/data/story_joins.json``, every value exact), checked
   first to give scikit-learn's probabilities.
3. **Threshold.** With the rounded pair model and the saved trees, the stories' grouping at
   each ``--threshold`` (the group model's probability at which two groups join): B-cubed F1
   on each pool, and the mean B-cubed F1 over small inputs drawn from it (``--small-eval``,
   default ``1,2,5,10:100``: inputs of 1, 2, 5 and 10 whole stories, 100 of each at most,
   seed 0, each grouped alone); the tuning pools' figures (both kinds) and their mean, then
   each ``--report`` pool's (printed, never used to choose). Named last: the threshold of the
   highest mean over the tuning pools' figures among those at which each tuning pool reaches
   ``--target`` (default 0.9, the targets the stories' issue sets on the Multi-News 1–500 and
   DUC pools), or among all where none does.

``--thin S`` also trains the pair model on a copy of each tuning pool with a share S of its
stories cut to one article (tried, not used for the shipped weights).

``--dense K`` adds a pair feature, tried and not used for the shipped weights: the cosine of
the two articles' mean sentence vectors (the bundled model through the embedding cache,
``SUMMARIZE_CACHE_DIR``) over their first ``K`` candidate sentences (1: the leads, which the
digest's shortlist always encodes); ``--dense-relative`` adds that cosine over the larger of
the two articles' best ones as well. The pair model's average precision on each pool is
printed (scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarize.evaluation.grouping import (  # noqa: E402
    PoolArticle,
    random_slices,
    read_pool,
    scores,
    small_inputs,
)
from summarize.stories import learned  # noqa: E402
from summarize.stories.features import (  # noqa: E402
    SENTENCE_BREAK,
    Sparse,
    lexical_vectors,
    name_vectors,
    number_vectors,
)
from summarize.stories.grouping import article_text  # noqa: E402
from summarize.stories.joining import (  # noqa: E402
    GROUP_FEATURES,
    MODEL,
    GroupReader,
    context,
    joins,
    nearest_pairs,
)
from summarize.stories.learned import (  # noqa: E402
    AVERAGE_FLOOR,
    FEATURES,
    graph_features,
    may_start,
)
from summarize.stories.linkage import Decide, Offer, average_linkage  # noqa: E402
from summarize.stories.trees import Ensemble, ensemble  # noqa: E402
from summarize.types import Document  # noqa: E402

#: A pool: its article count, graph pairs, their features, the gold stories, the articles'
#: sub-vectors (words, names, numbers).
Pool = tuple[int, np.ndarray, np.ndarray, np.ndarray, list[str], tuple[Sparse, ...]]


def thinned(pool: list[PoolArticle], thin: float) -> list[PoolArticle]:
    """``pool`` with a share ``thin`` of its stories (drawn with a fixed seed) cut to their
    first article."""
    stories = sorted({a.story for a in pool})
    cut = set(random.Random(0).sample(stories, round(thin * len(stories))))
    seen: set[str] = set()
    kept = []
    for a in pool:
        if a.story not in cut or a.story not in seen:
            kept.append(a)
            seen.add(a.story)
    return kept


def cut_stories(pool: list[PoolArticle], lo: int, hi: int) -> list[PoolArticle]:
    """``pool`` with each story cut to ``lo`` to ``hi`` of its articles (drawn per story,
    seed 1), in the pool's order."""
    stories: dict[str, list[int]] = {}
    for k, a in enumerate(pool):
        stories.setdefault(a.story, []).append(k)
    rng = random.Random(1)
    keep: set[int] = set()
    for story in sorted(stories):
        members = stories[story]
        keep.update(rng.sample(members, min(len(members), rng.randint(lo, hi))))
    return [a for k, a in enumerate(pool) if k in keep]


def pool_pairs(articles: list[PoolArticle]) -> Pool:
    """A pool's article count, graph pairs, their features, gold stories and sub-vectors."""
    texts = [article_text(Document(text=a.text)) for a in articles]  # as the library reads
    words, names = lexical_vectors(texts), name_vectors(texts)
    i, j, x = graph_features(words, names, [None] * len(texts), 3)
    return len(texts), i, j, x, [a.story for a in articles], (words, names,
                                                              number_vectors(texts))


def with_dense(pool: Pool, path: str, k: int, relative: bool, model: object) -> Pool:
    """``pool`` with the ``--dense`` feature (and ``--dense-relative``) added to its pairs."""
    from summarize.embed import encode_all
    from summarize.segment import segment
    from summarize.stories.grouping import article_vectors
    from summarize.stories.learned import neighbourhood

    texts = [a.text for a in read_pool(path)]
    options = model.segment_options  # type: ignore[attr-defined]
    lead = [s for s in segment([Document(text=t) for t in texts], options) if s.rank < k]
    vectors = encode_all(model.encoder, [s.text for s in lead])  # type: ignore[attr-defined]
    v = article_vectors(vectors, [s.doc for s in lead], len(texts))
    cos = np.einsum("ij,ij->i", v[pool[1]], v[pool[2]]).astype(np.float64)
    columns = [pool[3], cos]
    if relative:
        columns.append(neighbourhood(pool[0], pool[1], pool[2], np.maximum(cos, 1e-6))[0])
    return pool[0], pool[1], pool[2], np.column_stack(columns), pool[4], pool[5]


def load(paths: Sequence[str], args: argparse.Namespace, model: object) -> list[Pool]:
    """The pools' pairs, with the ``--dense`` features when asked for."""
    pools = [pool_pairs(read_pool(p)) for p in paths]
    if args.dense:
        pools = [with_dense(q, p, args.dense, args.dense_relative, model)
                 for q, p in zip(pools, paths, strict=True)]
    return pools


def fit(xs: Sequence[np.ndarray], ys: Sequence[np.ndarray], c: float) -> tuple[np.ndarray, float]:
    """A logistic regression's weights and intercept, rounded, each part weighing the same."""
    from sklearn.linear_model import LogisticRegression

    x, y = np.vstack(xs), np.concatenate(ys)
    weights = np.concatenate([np.full(len(part), len(y) / len(part)) for part in ys])
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=weights)
    return np.round(model.coef_[0], 2), round(float(model.intercept_[0]), 2)


def probabilities(pool: Pool, coef: np.ndarray, intercept: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(pool[3] @ coef + intercept)))


def precision(pool: Pool, coef: np.ndarray, intercept: float) -> float:
    """The pair model's average precision on a pool's graph (a pair's label: one story)."""
    from sklearn.metrics import average_precision_score

    gold = np.array(pool[4])
    return float(average_precision_score(gold[pool[1]] == gold[pool[2]],
                                         probabilities(pool, coef, intercept)))


def link(pool: Pool, p: np.ndarray, decide: Decide) -> list[tuple[int, ...]]:
    """Average linkage as the stories' grouping runs it (pair probabilities ``p``);
    ``decide`` is asked only where the groups' best pair may start a join
    (``learned.may_start``)."""
    n = pool[0]

    def gated(offer: Offer) -> bool:
        return offer.best > 0 and decide(offer)

    return average_linkage(n, (pool[1], pool[2], p), threshold=AVERAGE_FLOOR, shrink=0.0,
                           days=[None] * n, max_days=3, decide=gated,
                           best=may_start(pool[3], p, pool[5][0], pool[1], pool[2]))


def reader(pool: Pool, p: np.ndarray) -> GroupReader:
    """A fresh reader of the group features of one linkage run on ``pool``."""
    return GroupReader(pool[5], nearest_pairs(pool[0], pool[1], pool[2], p),
                       context(pool[0], pool[1], pool[2], np.exp(pool[3][:, 0])))


def offers(pool: Pool, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The group features and labels of the offers two permissive linkages meet."""
    gold = pool[4]
    rows, labels = [], []

    def recorder(least: float, read: GroupReader) -> Decide:
        def decide(offer: Offer) -> bool:
            rows.append(read.features(offer))
            major = [Counter(gold[k] for k in g).most_common(1)[0][0]
                     for g in (offer.a, offer.b)]
            labels.append(int(major[0] == major[1]))
            return offer.average >= least
        return decide

    for least in (0.0, 0.3):
        link(pool, p, recorder(least, reader(pool, p)))
    return np.array(rows), np.array(labels)


def jittered(x: np.ndarray, spread: tuple[float, float], seed: int) -> np.ndarray:
    """The offers ``x`` with their context features (the last two, ``density`` and
    ``typical``) each multiplied by a factor ``exp(N(0, s))`` of its own (``spread``: the two
    ``s``; ``numpy.random.default_rng(seed)``). An input's context is the same for all its
    offers, so without it the trees can learn a tuning pool's exact context as its name."""
    rng = np.random.default_rng(seed)
    out = x.copy()
    for column, s in zip((-2, -1), spread, strict=True):
        out[:, column] *= np.exp(rng.normal(0.0, s, len(out)))
    return out


def offer_weights(xs: Sequence[np.ndarray], stake: bool = False) -> np.ndarray:
    """Each offer's weight in the trees' fit: each part (one of ``xs``) weighing the same in
    all, and within it each offer the same or, with ``stake``, ``a b / (a + b)`` (``a`` and
    ``b`` its groups' sizes, read from its ``log_product`` and ``log_sum``)."""
    total = sum(len(part) for part in xs)
    product, size = GROUP_FEATURES.index("log_product"), GROUP_FEATURES.index("log_sum")
    out = []
    for part in xs:
        w = np.exp(part[:, product] - part[:, size]) if stake else np.ones(len(part))
        out.append(w / w.sum() * total)
    return np.concatenate(out)


def fit_trees(xs: Sequence[np.ndarray], ys: Sequence[np.ndarray],
              shape: tuple[int, int, float] = (150, 8, 0.05),
              stake: bool = False) -> dict[str, object]:
    """Gradient-boosted trees on the offers (weighed by :func:`offer_weights`), as the mapping
    :func:`summarize.stories.trees.ensemble` reads (every value exact: a split's threshold
    lies between two close feature values); checked, as saved, against scikit-learn's own
    probabilities."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    x, y = np.vstack(xs), np.concatenate(ys)
    weights = offer_weights(xs, stake)
    model = HistGradientBoostingClassifier(max_iter=shape[0], max_leaf_nodes=shape[1],
                                           learning_rate=shape[2], random_state=0)
    model.fit(x, y, sample_weight=weights)
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        trees.append({
            "feature": nodes["feature_idx"].tolist(), "threshold": nodes["num_threshold"].tolist(),
            "left": nodes["left"].tolist(), "right": nodes["right"].tolist(),
            "value": nodes["value"].tolist(), "leaf": nodes["is_leaf"].astype(int).tolist()})
    spec = {"features": list(GROUP_FEATURES),
            "baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}
    saved = ensemble(json.loads(json.dumps(spec)))  # as the library will read it
    ours = np.array([saved.probability(row) for row in x])
    gap = float(np.abs(ours - model.predict_proba(x)[:, 1]).max())
    if gap > 1e-9:
        raise SystemExit(f"the exported trees differ from scikit-learn's by {gap}")
    return spec


def grouped(pool: Pool, p: np.ndarray, trees: Ensemble, t: float) -> list[tuple[int, ...]]:
    """The stories' grouping of ``pool`` with the group model ``trees`` at threshold ``t``."""
    if not len(pool[1]):
        return [(k,) for k in range(pool[0])]
    read = reader(pool, p)
    return link(pool, p, lambda offer: joins(read.features(offer), trees) >= t)


def span(text: str) -> tuple[int, int]:
    """``LO-HI`` as two numbers."""
    lo, hi = (int(v) for v in text.split("-"))
    return lo, hi


def small_draws(articles: list[PoolArticle], sizes: str, seed: int) -> list[list[PoolArticle]]:
    """Small inputs drawn from a pool: ``sizes`` is ``K,K,…:SAMPLES`` (inputs of K whole
    stories, :func:`~summarize.evaluation.grouping.small_inputs`; a K above the pool's number
    of stories is left out)."""
    ks, _, samples = sizes.partition(":")
    stories = len({a.story for a in articles})
    return [chosen for k in (int(v) for v in ks.split(",")) if k <= stories
            for chosen in small_inputs(articles, k, int(samples), seed)]


def short(articles: list[PoolArticle], seed: int = 2) -> list[PoolArticle]:
    """Each article cut to its first one to three sentences (drawn, ``random.Random(seed)``),
    as a feed's items give them."""
    rng = random.Random(seed)
    out = []
    for a in articles:
        sentences = [s for s in SENTENCE_BREAK.split(" ".join(a.text.split())) if s.strip()]
        out.append(PoolArticle(a.id, " ".join(sentences[:rng.randint(1, 3)]), a.story))
    return out


def small_offers(spec: str, coef: np.ndarray, intercept: float,
                 cut_short: bool = False) -> tuple[np.ndarray, ...]:
    """``--small POOL[:LO-HI]:K,K,…:SAMPLES``: the group features and labels of the offers
    met on small inputs drawn (seed 1) from the pool (each story first cut to LO to HI of its
    articles, as ``--cut`` does); with ``cut_short`` (``--short``), each input's articles cut
    to their first sentences (:func:`short`)."""
    path, sizes = spec.split(":", 1)
    articles = read_pool(path)
    if sizes.count(":") == 2:
        cut, sizes = sizes.split(":", 1)
        articles = cut_stories(articles, *span(cut))
    inputs = [short(chosen, k) if cut_short else chosen
              for k, chosen in enumerate(small_draws(articles, sizes, 1))]
    return input_offers(inputs, coef, intercept)


def input_offers(inputs: list[list[PoolArticle]], coef: np.ndarray,
                 intercept: float) -> tuple[np.ndarray, ...]:
    """The group features and labels of the offers met on ``inputs``, each linked alone."""
    pools = [pool_pairs(chosen) for chosen in inputs]
    seen = [x for x in (offers(q, probabilities(q, coef, intercept)) for q in pools)
            if len(x[1])]
    return np.vstack([x[0] for x in seen]), np.concatenate([x[1] for x in seen])


def slice_draws(articles: list[PoolArticle], sizes: str, seed: int) -> list[list[PoolArticle]]:
    """``N,N,…:SAMPLES``: SAMPLES inputs of N articles drawn at random from the pool
    (:func:`~summarize.evaluation.grouping.random_slices`, one ``random.Random(seed)`` for all
    sizes), whole stories or not: a day on which most events are reported once, or in part
    (an N above the pool's size is left out)."""
    ns, _, samples = sizes.partition(":")
    rng = random.Random(seed)
    return [chosen for n in (int(v) for v in ns.split(",")) if n <= len(articles)
            for chosen in random_slices(articles, n, int(samples), rng)]


def small_f1(pools: list[Pool], coef: np.ndarray, intercept: float, trees: Ensemble,
             t: float) -> float:
    """The mean B-cubed F1 over small inputs, each grouped alone."""
    return float(np.mean([scores(q[4], grouped(q, probabilities(q, coef, intercept), trees,
                                               t))["f1"] for q in pools]))


def main() -> None:
    parser = argparse.ArgumentParser(prog="eval/train_grouping.py")
    parser.add_argument("pools", nargs="+", help="the tuning pools (eval/pools.py)")
    parser.add_argument("--report", nargs="*", default=[], help="pools only reported")
    parser.add_argument("--threshold", default="0.4,0.5,0.6")
    parser.add_argument("--C", type=float, default=1.0, help="the inverse regularisation")
    parser.add_argument("--cut", action="append", default=[], metavar="POOL:LO-HI",
                        help="add the offers of a copy of POOL (a tuning pool) with each "
                        "story cut to LO to HI articles to the group model's training")
    parser.add_argument("--train", nargs="*", default=[], metavar="POOL",
                        help="pools whose offers only train the group model")
    parser.add_argument("--trees", default="150,8,0.05", metavar="N,LEAVES,RATE",
                        help="the group model's trees, their leaves and learning rate")
    parser.add_argument("--small", action="append", default=[],
                        metavar="POOL[:LO-HI]:K,K:SAMPLES",
                        help="add the offers met on small inputs of K whole stories drawn "
                        "from POOL (its stories cut to LO to HI articles first)")
    parser.add_argument("--short", action="append", default=[],
                        metavar="POOL[:LO-HI]:K,K:SAMPLES",
                        help="as --small, each article cut to its first one to three sentences")
    parser.add_argument("--slices", action="append", default=[],
                        metavar="POOL:N,N,…:SAMPLES",
                        help="add the offers met on inputs of N articles drawn at random from "
                             "POOL, each linked alone")
    parser.add_argument("--jitter", default="0.1,0.25", metavar="S,S",
                        help="the spread of the log-normal factors the trees' training offers' "
                        "context features (density, typical) are multiplied by ('' for none)")
    parser.add_argument("--stake", action="store_true",
                        help="weigh each training offer by its stake in B-cubed within its "
                        "part, a b / (a + b) for groups of a and b articles")
    parser.add_argument("--small-eval", default="1,2,5,10:100", metavar="K,K:SAMPLES",
                        help="also score small inputs of K whole stories drawn from each "
                        "pool ('' for none)")
    parser.add_argument("--target", type=float, default=0.9,
                        help="the B-cubed F1 each tuning pool should reach (the issue's)")
    parser.add_argument("--write", action="store_true",
                        help=f"save the group model's trees to {MODEL}")
    parser.add_argument("--floor", type=float, default=None,
                        help="the join floor the offers and the scores are met under "
                        f"(default learned.JOIN_FLOOR, {learned.JOIN_FLOOR})")
    parser.add_argument("--thin", type=float, default=0.0,
                        help="also train the pair model on a copy of each tuning pool with "
                        "this share of its stories cut to one article")
    parser.add_argument("--dense", type=int, default=0, metavar="K",
                        help="add the cosine of the articles' first K candidates' mean vectors")
    parser.add_argument("--dense-relative", action="store_true",
                        help="with --dense: add that cosine over the articles' best ones")
    args = parser.parse_args()
    if args.floor is not None:  # read by learned.may_start wherever it is called
        learned.JOIN_FLOOR = args.floor
    model = None
    if args.dense:
        from summarize import Summarizer
        from summarize.embed import make_encoder

        model = Summarizer(encoder=make_encoder("onnx", cache=True))
    tuning = load(args.pools, args, model)
    thin = [pool_pairs(thinned(read_pool(p), args.thin)) for p in args.pools] if args.thin else []
    gold = [(np.array(p[4])[p[1]] == np.array(p[4])[p[2]]).astype(int) for p in tuning + thin]
    coef, intercept = fit([p[3] for p in tuning + thin], gold, args.C)
    extra = ("dense",) + ("dense_relative",) * args.dense_relative if args.dense else ()
    print(f"FEATURES = {FEATURES + extra}")
    print(f"COEFFICIENTS = ({', '.join(f'{v:.2f}' for v in coef)})")
    print(f"INTERCEPT = {intercept:.2f}")
    cut = []
    for spec in args.cut:
        path, _, lohi = spec.rpartition(":")
        cut.append(pool_pairs(cut_stories(read_pool(path), *span(lohi))))
    train = [pool_pairs(read_pool(p)) for p in args.train]
    seen = [offers(p, probabilities(p, coef, intercept)) for p in tuning + cut + train]
    seen += [small_offers(spec, coef, intercept) for spec in args.small]
    seen += [small_offers(spec, coef, intercept, cut_short=True) for spec in args.short]
    seen += [input_offers(slice_draws(read_pool(path), sizes, 1), coef, intercept)
             for path, sizes in (spec.split(":", 1) for spec in args.slices)]
    if args.jitter:
        spread = tuple(float(v) for v in args.jitter.split(","))
        seen = [(jittered(x, spread, k), y) for k, (x, y) in enumerate(seen)]  # type: ignore[arg-type]
    n, leaves, rate = args.trees.split(",")
    spec = fit_trees([s[0] for s in seen], [s[1] for s in seen], (int(n), int(leaves), float(rate)),
                     args.stake)
    trees = ensemble(spec)
    print(f"GROUP_FEATURES = {GROUP_FEATURES}: {len(spec['trees'])} trees "  # type: ignore[arg-type]
          f"from {sum(len(s[1]) for s in seen)} offers")
    if args.write:
        MODEL.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"written: {MODEL}")
    report = load(args.report, args, model)
    names = [Path(p).stem for p in args.pools + args.report]
    print("pair model's average precision: " + ", ".join(
        f"{name} {100 * precision(p, coef, intercept):.2f}"
        for name, p in zip(names, tuning + report, strict=True)))
    table(args, tuning + report, names, (coef, intercept, trees))


def table(args: argparse.Namespace, pools: list[Pool], names: list[str],
          model: tuple[np.ndarray, float, Ensemble]) -> None:
    """B-cubed F1 at each threshold on each pool, and on small inputs drawn from it (seed 0,
    ``--small-eval``); named last, the threshold of the highest mean over the tuning pools'
    two figures among those where every tuning pool's F1 reaches ``--target`` (among all,
    where none does)."""
    coef, intercept, trees = model
    smalls = [[pool_pairs(c) for c in small_draws(read_pool(p), args.small_eval, 0)]
              if args.small_eval else [] for p in args.pools + args.report]
    heads = names + [f"{name} small" for name in names] * bool(args.small_eval)
    print("| threshold | " + " | ".join(heads) + " | tuning mean |")
    print("|---:|" + "---:|" * (len(heads) + 1))
    rows, tune = [], len(args.pools)
    for t in (float(v) for v in args.threshold.split(",")):
        f1 = [scores(p[4], grouped(p, probabilities(p, coef, intercept), trees, t))["f1"]
              for p in pools]
        small = [small_f1(q, coef, intercept, trees, t) for q in smalls if q]
        mean = float(np.mean(f1[:tune] + small[:tune]))
        rows.append((min(f1[:tune]) >= args.target, mean, t))
        print(f"| {t} | " + " | ".join(f"{100 * v:.1f}" for v in f1 + small)
              + f" | {100 * mean:.2f} |", flush=True)
    best = max(rows)
    print(f"chosen on the tuning pools: threshold {best[2]} (mean F1 {100 * best[1]:.2f}; "
          f"every tuning pool at {args.target} or more: {'yes' if best[0] else 'no'})")


if __name__ == "__main__":
    main()
