"""The grouping evaluation: how well articles mixed from many clusters are grouped back into
their stories.

* A **pool** is a JSON-lines file of articles, ``{"id", "text", "story"}`` one a line, made by
  mixing benchmark clusters (:func:`build_pool`; ``eval/pools.py`` writes them): each
  cluster is one gold story, the articles shuffled with a seed.
* **Scores** (pure functions of the gold and predicted labels): B-cubed precision, recall and
  F1 (Bagga & Baldwin 1998; the averages over articles of Amigó, Gonzalo, Artiles & Verdejo
  2009, "A comparison of extrinsic clustering evaluation metrics based on formal
  constraints"), and the adjusted Rand index (Hubert & Arabie 1985).
* **Methods** (:func:`method_grouper`): ``ours``, as ``summarize stories`` groups
  (:func:`summarize.stories.grouping.group_documents`: the words' graph, each pair weighed
  by a learned same-story probability, average linkage whose joins a learned group model
  decides); ``embedding``, the grouping
  shipped before it (each article the normalised mean of its sentences' vectors, the
  sentences cut and encoded as the digest does) and ``tfidf``, the baseline (each article's
  TF-IDF vector, :func:`tfidf_vectors`), both by
  :func:`summarize.stories.grouping.group_articles`. Each method's threshold is the one
  :func:`tune_threshold` chose on the development pools (the same grid, the same criterion):
  ours is :class:`~summarize.stories.StoryOptions`' default, the others
  :data:`EMBEDDING_THRESHOLD` and :data:`TFIDF_THRESHOLD`.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InputError, UsageError
from ..stories import StoryOptions
from ..stories.grouping import article_vectors, group_articles, group_documents, story_graph
from ..text import stop_words, words
from ..types import Document

if TYPE_CHECKING:
    from ..summarizer import Summarizer
    from ..types import Cluster

METHODS = ("ours", "embedding", "tfidf")
#: The baseline's threshold, chosen by :func:`tune_threshold` on the development pools.
TFIDF_THRESHOLD = 0.1
#: The sentence-embedding grouping's threshold (shipped before 2026-12-06), chosen likewise.
EMBEDDING_THRESHOLD = 0.5
#: The thresholds :func:`tune_threshold` tries.
GRID = tuple(round(0.025 * k, 3) for k in range(1, 40))
#: The most terms a TF-IDF vector has (those in the most articles, of those in at least two).
TFIDF_TERMS = 16384
#: How much of an article's opening (characters of its words) tells duplicates apart.
OPENING = 300


@dataclass(frozen=True)
class PoolArticle:
    """One article of a pool and the story (benchmark cluster) it came from."""

    id: str
    text: str
    story: str


def _opening(text: str) -> str:
    return " ".join(words(text))[:OPENING]


def build_pool(clusters: Iterable[Cluster], seed: int = 0) -> list[PoolArticle]:
    """The articles of ``clusters`` in one shuffled list (``random.Random(seed)``), each named
    ``CLUSTER/K`` (K its place in the cluster, from 1) and labelled with its cluster's id.

    An article whose opening (its first :data:`OPENING` characters of words) is also the
    opening of an article of another cluster is left out: its text does not say which story
    it belongs to (a web archive's notice, a sign-in page, the same article filed under two
    topics)."""
    articles: list[PoolArticle] = []
    stories: set[str] = set()
    for cluster in clusters:
        if cluster.id in stories:
            raise InputError(f"the cluster id {cluster.id!r} appears twice in the pool")
        stories.add(cluster.id)
        articles += [PoolArticle(id=f"{cluster.id}/{k + 1}", text=doc.text, story=cluster.id)
                     for k, doc in enumerate(cluster.documents)]
    found: dict[str, set[str]] = {}
    for a in articles:
        found.setdefault(_opening(a.text), set()).add(a.story)
    articles = [a for a in articles if len(found[_opening(a.text)]) == 1]
    random.Random(seed).shuffle(articles)
    return articles


def pool_lines(articles: Sequence[PoolArticle]) -> str:
    """A pool as JSON lines (what :func:`read_pool` reads)."""
    return "".join(json.dumps({"id": a.id, "text": a.text, "story": a.story},
                              ensure_ascii=False) + "\n" for a in articles)


def read_pool(path: str | Path) -> list[PoolArticle]:
    """The articles of a pool file (:class:`~summarize.errors.InputError` on a bad line)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})"
                         ) from None
    out: list[PoolArticle] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            article = PoolArticle(id=str(item["id"]), text=item["text"], story=str(item["story"]))
            if not isinstance(article.text, str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise InputError(f'{path}, line {lineno}: expected {{"id", "text", "story"}} '
                             "with a text string") from None
        out.append(article)
    if not out:
        raise InputError(f"{path}: no article in the pool")
    return out


def small_inputs(
    articles: Sequence[PoolArticle], stories: int, samples: int, seed: int = 0
) -> list[list[PoolArticle]]:
    """Small inputs drawn from a pool, each the whole of ``stories`` of its gold stories (in
    the pool's order): with one story a sample, each story alone (at most ``samples`` of
    them, drawn without repeats); with more, ``samples`` draws of distinct stories
    (``random.Random(seed)``)."""
    by_story: dict[str, list[PoolArticle]] = {}
    for a in articles:
        by_story.setdefault(a.story, []).append(a)
    names = sorted(by_story)
    if not 1 <= stories <= len(names) or samples < 1:
        raise UsageError(f"cannot draw {samples} inputs of {stories} stories from a pool of "
                         f"{len(names)} stories")
    rng = random.Random(seed)
    if stories == 1:
        draws = [[name] for name in rng.sample(names, min(samples, len(names)))]
    else:
        draws = [rng.sample(names, stories) for _ in range(samples)]
    return [[a for a in articles if a.story in keep] for keep in map(set, draws)]


def random_slices(
    articles: Sequence[PoolArticle], size: int, samples: int, seed: int | random.Random = 0
) -> list[list[PoolArticle]]:
    """``samples`` inputs of ``size`` articles drawn at random from a pool (each in the pool's
    order; ``random.Random(seed)``, or ``seed`` itself when it is a generator), whole stories
    or not: a day on which most events are reported once, or in part, as a newsletter's feeds
    give them."""
    if not 1 <= size <= len(articles) or samples < 1:
        raise UsageError(f"cannot draw {samples} inputs of {size} articles from a pool of "
                         f"{len(articles)}")
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    return [[articles[k] for k in sorted(rng.sample(range(len(articles)), size))]
            for _ in range(samples)]


def exact_share(gold: Sequence[Hashable], groups: Sequence[Sequence[int]]) -> float:
    """The share of the gold stories returned exactly: one group holding all of the story's
    articles and nothing else."""
    found = {frozenset(g) for g in groups}
    members: dict[Hashable, set[int]] = {}
    for k, story in enumerate(gold):
        members.setdefault(story, set()).add(k)
    return sum(frozenset(m) in found for m in members.values()) / len(members) if members \
        else 1.0


def _check_labels(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> None:
    if len(gold) != len(predicted):
        raise UsageError(f"{len(gold)} gold labels but {len(predicted)} predicted ones")
    if len(gold) == 0:
        raise UsageError("no item to score")


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering: each item's precision is the share of
    its predicted cluster that shares its gold label, its recall the share of its gold cluster
    that shares its predicted one; both averaged over the items, F1 their harmonic mean."""
    _check_labels(gold, predicted)
    joint = Counter(zip(gold, predicted, strict=True))
    gold_size, pred_size = Counter(gold), Counter(predicted)
    n = len(gold)
    precision = sum(c * c / pred_size[p] for (_, p), c in joint.items()) / n
    recall = sum(c * c / gold_size[g] for (g, _), c in joint.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def adjusted_rand_index(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """The adjusted Rand index (Hubert & Arabie 1985): the Rand index corrected for chance,
    1 for identical partitions, 0 expected of a random one (1 when both partitions are
    trivial: every item alone, or all together, in both)."""
    _check_labels(gold, predicted)
    index = sum(_pairs(c) for c in Counter(zip(gold, predicted, strict=True)).values())
    rows = sum(_pairs(c) for c in Counter(gold).values())
    cols = sum(_pairs(c) for c in Counter(predicted).values())
    total = _pairs(len(gold))
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def labels_of(groups: Sequence[Sequence[int]], n: int) -> list[int]:
    """Each item's group number, from groups of item indices."""
    labels = [-1] * n
    for number, group in enumerate(groups):
        for i in group:
            labels[i] = number
    return labels


def scores(gold: Sequence[Hashable], groups: Sequence[Sequence[int]]) -> dict[str, float]:
    """B-cubed precision, recall, F1, the adjusted Rand index and the number of groups."""
    predicted = labels_of(groups, len(gold))
    precision, recall, f1 = bcubed(gold, predicted)
    return {"precision": precision, "recall": recall, "f1": f1,
            "ari": adjusted_rand_index(gold, predicted), "groups": len(groups)}


def embedding_vectors(texts: Sequence[str], summarizer: Summarizer) -> np.ndarray:
    """``embedding``: each article's vector from its sentences, cut and encoded as the digest
    does (the summarizer's segmentation options and encoder)."""
    from ..embed import encode_all
    from ..segment import segment

    sentences = segment([Document(text=t) for t in texts], summarizer.segment_options)
    vectors = encode_all(summarizer.encoder, [s.text for s in sentences]) if sentences \
        else np.zeros((0, 1), dtype=np.float32)
    return article_vectors(vectors, [s.doc for s in sentences], len(texts))


def tfidf_vectors(texts: Sequence[str]) -> np.ndarray:
    """The baseline: each article's TF-IDF vector, L2-normalised. Terms: lower-cased words
    (:func:`summarize.text.words`) that are not stop words (:func:`summarize.text.stop_words`);
    weight ``(1 + ln tf) · ln((1 + N) / (1 + df))``; kept: the :data:`TFIDF_TERMS` terms found
    in the most articles, of those found in at least two (a term of one article adds nothing
    to a cosine)."""
    stop = stop_words()
    counts = [Counter(w for w in words(t) if w not in stop) for t in texts]
    df = Counter(term for c in counts for term in c)
    kept = sorted((t for t, d in df.items() if d >= 2), key=lambda t: (-df[t], t))[:TFIDF_TERMS]
    column = {t: k for k, t in enumerate(kept)}
    n = len(texts)
    idf = np.array([math.log((1 + n) / (1 + df[t])) for t in kept], dtype=np.float32)
    out = np.zeros((n, len(kept)), dtype=np.float32)
    for row, c in enumerate(counts):
        for term, tf in c.items():
            if term in column:
                out[row, column[term]] = 1 + math.log(tf)
    out *= idf
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


Grouper = Callable[[float], list[tuple[int, ...]]]


def method_grouper(method: str, texts: Sequence[str], summarizer: Summarizer | None) -> Grouper:
    """How a method groups ``texts`` at a threshold (the articles' features made once):
    ``ours`` as ``summarize stories`` does (:func:`~summarize.stories.grouping.group_documents`),
    ``embedding`` and ``tfidf`` by :func:`~summarize.stories.grouping.group_articles` on
    their vectors (``embedding`` needs the summarizer)."""
    if method == "ours":
        documents = [Document(text=t) for t in texts]
        graph = story_graph(documents)
        return lambda t: group_documents(documents, StoryOptions(threshold=t), graph=graph)
    if method not in METHODS:
        raise UsageError(f"unknown grouping method {method!r}: use {', '.join(METHODS)}",
                         option="methods")
    if method == "embedding" and summarizer is None:
        raise UsageError("the method embedding needs a summarizer (its encoder)")
    vectors = (embedding_vectors(texts, summarizer) if method == "embedding"  # type: ignore[arg-type]
               else tfidf_vectors(texts))
    return lambda t: group_articles(vectors, [None] * len(texts), StoryOptions(threshold=t))


def default_threshold(method: str) -> float:
    """The threshold a method is evaluated at unless one is given."""
    return {"ours": StoryOptions().threshold, "embedding": EMBEDDING_THRESHOLD}.get(
        method, TFIDF_THRESHOLD)


def tune_threshold(
    pools: Sequence[tuple[Grouper, Sequence[Hashable]]], grid: Sequence[float] = GRID
) -> tuple[float, list[dict[str, float]]]:
    """The threshold of ``grid`` with the highest mean B-cubed F1 over ``pools`` (each a
    grouping of the articles at a threshold, and their gold labels; ties to the higher
    threshold), and for every threshold the mean scores and each pool's F1 (``"f1:K"``, K
    the pool's place from 0)."""
    if not pools or not grid:
        raise UsageError("tuning needs at least one pool and one threshold")
    rows = []
    for t in grid:
        per_pool = [scores(gold, grouper(t)) for grouper, gold in pools]
        mean = {k: sum(p[k] for p in per_pool) / len(per_pool) for k in per_pool[0]}
        rows.append({"threshold": t, **mean, **{f"f1:{k}": p["f1"] for k, p in
                                                 enumerate(per_pool)}})
    best = max(rows, key=lambda r: (round(r["f1"], 12), r["threshold"]))
    return best["threshold"], rows


def evaluate_grouping(
    pool_path: str | Path, summarizer: Summarizer | None, *,
    methods: Sequence[str] = METHODS, threshold: float | None = None,
) -> dict[str, Any]:
    """Group a pool's articles with each method and score them against its stories.
    ``threshold``: every method's (default: each one's own, :func:`default_threshold`).
    Returns ``{"pool", "articles", "stories", "methods": {name: {"threshold", "precision",
    "recall", "f1", "ari", "groups"}}}``."""
    if not methods:
        raise UsageError("no grouping method to evaluate", option="methods")
    if threshold is not None:
        StoryOptions(threshold=threshold)  # checks it
    articles = read_pool(pool_path)
    texts = [a.text for a in articles]
    gold = [a.story for a in articles]
    result: dict[str, Any] = {"pool": str(pool_path), "articles": len(articles),
                              "stories": len(set(gold)), "methods": {}}
    for method in dict.fromkeys(methods):
        grouper = method_grouper(method, texts, summarizer)
        t = default_threshold(method) if threshold is None else threshold
        result["methods"][method] = {"threshold": t, **scores(gold, grouper(t))}
    return result


def render_grouping_table(result: dict[str, Any]) -> str:
    """The result of :func:`evaluate_grouping` as a Markdown table (B-cubed and ARI in %)."""
    lines = [f"Grouping: {result['pool']} ({result['articles']} articles, "
             f"{result['stories']} stories)", "",
             "| method | threshold | B3 precision | B3 recall | B3 F1 | ARI | stories found |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, m in result["methods"].items():
        lines.append(f"| {name} | {m['threshold']:.2f} | {100 * m['precision']:.1f} | "
                     f"{100 * m['recall']:.1f} | {100 * m['f1']:.1f} | {100 * m['ari']:.1f} | "
                     f"{m['groups']} |")
    return "\n".join(lines) + "\n"
