"""Articles grouped into stories.

``summarize stories`` groups by the articles' words (:func:`group_documents`,
:func:`continue_stories`: :mod:`.features`' vectors, :mod:`.learned`'s pair model on their
graph, :mod:`.linkage`'s average linkage, :mod:`.joining`'s group model).
:func:`group_articles` groups dense article vectors by their cosine (the sentence-embedding and
TF-IDF methods of the grouping evaluation), dates keeping distant events apart; the rest of
this docstring is about it.

Its method is average-linkage agglomerative clustering (UPGMA, Sokal & Michener 1958) run on a
sparse graph of candidate neighbours instead of the all-pairs matrix, as in Fränti, Virmajoki &
Hautamäki (2006), "Fast agglomerative clustering using a k-nearest neighbor graph" (IEEE TPAMI
28(11)):

1. **Candidates.** Each article's nearest articles (at most :data:`NEIGHBOURS`) whose cosine
   reaches the threshold. Up to :data:`EXACT_LIMIT` articles they are found exactly, the
   cosines computed one block of rows at a time (memory grows with n, never n²). Above it they
   are found in the leaves of a forest of :data:`TREES` random-projection trees (Dasgupta &
   Freund 2008; the splits of Annoy, Bernhardsson 2013): a node is cut at the median of its
   articles' projections on the line through two of them, chosen at random, until a leaf holds
   at most :data:`LEAF` articles, whose pairs are compared exactly. That costs O(trees · n ·
   (log n + leaf) · dim) time: n log n in the number of articles.
2. **Linkage.** The two groups whose average cosine (the mean over every pair of one's articles
   and the other's, computed exactly from the groups' vector sums, ``S_a · S_b / (n_a n_b)``)
   is the highest merge, as long as it reaches the threshold and the dates allow. Only groups
   that a candidate pair joins are compared: two groups whose average reaches the threshold
   hold at least one pair that does. Average linkage does not chain: when A is close to B and B
   to C but A is far from C, the group {A, B} is only as close to C as the mean of cos(A, C)
   and cos(B, C).
3. **Dates.** A story's dated articles are at most ``max_days`` apart (its latest minus its
   earliest); an undated article is never kept apart by date.

Deterministic: the same vectors and dates in the same order give the same stories (the random
projections are seeded, ties broken by article index). Permuting the input permutes the
stories, barring cosines that differ only by rounding; above :data:`EXACT_LIMIT` the trees
depend on the order too, so a borderline pair may be found in one order and not in another.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from ..errors import UsageError
from ..types import Document
from . import StoryOptions, day_of
from .features import Sparse, lexical_vectors, name_vectors, number_vectors, without_furniture
from .joining import GroupReader, context, joins, nearest_pairs
from .learned import AVERAGE_FLOOR, graph_features, may_start, same_story
from .linkage import Offer, average_linkage

#: Up to this many articles the candidates are found exactly (blocked products).
EXACT_LIMIT = 4096
#: The most candidate neighbours kept per article (its nearest ones).
NEIGHBOURS = 48
#: Random-projection trees searched above :data:`EXACT_LIMIT`, and their largest leaf.
TREES = 16
LEAF = 512
DEFAULT_OPTIONS = StoryOptions()
_BLOCK, _SEED = 1024, 20_19  # rows of cosines computed at once; the projections' seed


def article_vectors(vectors: np.ndarray, doc_of: Sequence[int], n_docs: int) -> np.ndarray:
    """One unit vector per article (``n_docs`` rows) from its sentences' vectors (row ``i`` of
    ``vectors`` belongs to article ``doc_of[i]``): the normalised mean. An article with no
    sentence gets a zero row (it joins no story but its own)."""
    out = np.zeros((n_docs, vectors.shape[1]), dtype=np.float32)
    if len(doc_of):
        np.add.at(out, np.asarray(doc_of, dtype=np.int64), vectors.astype(np.float32))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


def _keep_nearest(rows: np.ndarray, sims: np.ndarray, cols: np.ndarray, k: int) -> np.ndarray:
    """Which of the pairs (``rows[i]``, ``cols[i]``) are among their row's ``k`` most similar
    (ties by column), as a boolean mask."""
    order = np.lexsort((cols, -sims, rows))
    sorted_rows = rows[order]
    starts = np.searchsorted(sorted_rows, sorted_rows, side="left")
    rank = np.arange(len(order)) - starts
    keep = np.zeros(len(order), dtype=bool)
    keep[order[rank < k]] = True
    return keep


def _row_nearest(sims: np.ndarray, threshold: float, k: int) -> np.ndarray:
    """Which cells of ``sims`` are at or above ``threshold`` and among their row's ``k`` most
    similar (along the last axis; ties: the earlier column), as a boolean mask: at most
    ``k`` per row, so that the pairs a search holds grow with n, never n²."""
    if sims.shape[-1] <= k:
        return sims >= threshold
    kth = -np.partition(-sims, k - 1, axis=-1)[..., k - 1:k]  # the k-th largest of each row
    above = sims > kth
    tied = sims == kth
    room = k - above.sum(axis=-1, keepdims=True)
    return (above | (tied & (np.cumsum(tied, axis=-1) <= room))) & (sims >= threshold)


def _exact_pairs(vectors: np.ndarray, threshold: float, k: int) -> tuple[np.ndarray, ...]:
    """Every pair at or above ``threshold``, each article's ``k`` nearest kept."""
    n = len(vectors)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start in range(0, n, _BLOCK):
        block = vectors[start:start + _BLOCK] @ vectors.T
        r, c = np.nonzero(_row_nearest(block, threshold, k + 1))  # itself may be among them
        r = r + start
        mask = r != c
        found.append((r[mask], c[mask], block[r[mask] - start, c[mask]]))
    return _symmetric_nearest(found, k)


def _leaves(vectors: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The leaves of one random-projection tree over all articles, as rows of article indices
    (padded with -1 to the largest leaf's size). The tree is built a level at a time: every
    node holds a run of ``order`` and is cut at its median along the line through two of its
    articles (a random direction when those two are the same vector)."""
    n, dim = vectors.shape
    order = np.arange(n)
    bounds = np.array([0, n])
    while np.diff(bounds).max() > LEAF:
        starts, sizes = bounds[:-1], np.diff(bounds)
        first = starts + rng.integers(0, sizes)
        second = starts + (first - starts + 1 + rng.integers(0, np.maximum(sizes - 1, 1))) % sizes
        directions = vectors[order[first]] - vectors[order[second]]
        flat = ~directions.any(axis=1)
        directions[flat] = rng.standard_normal((int(flat.sum()), dim))
        node = np.repeat(np.arange(len(sizes)), sizes)
        projections = np.einsum("ij,ij->i", vectors[order], directions[node])
        order = order[np.lexsort((projections, node))]
        bounds = np.unique(np.concatenate([bounds, starts + sizes // 2]))
    sizes = np.diff(bounds)
    leaves = np.full((len(sizes), sizes.max()), -1, dtype=np.int64)
    column = np.arange(n) - np.repeat(bounds[:-1], sizes)
    leaves[np.repeat(np.arange(len(sizes)), sizes), column] = order
    return leaves


def _forest_pairs(vectors: np.ndarray, threshold: float, k: int) -> tuple[np.ndarray, ...]:
    """The pairs at or above ``threshold`` that share a leaf of some tree of the forest, each
    article's ``k`` nearest kept."""
    rng = np.random.default_rng(_SEED)
    padded = np.vstack([vectors, np.zeros((1, vectors.shape[1]), dtype=vectors.dtype)])
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for _ in range(TREES):
        leaves = np.sort(_leaves(vectors, rng), axis=1)  # ties: the earlier article
        members = padded[leaves]  # the -1 padding reads the zero row: cosine 0
        sims = np.matmul(members, members.transpose(0, 2, 1))
        leaf, r, c = np.nonzero(_row_nearest(sims, threshold, k + 1))
        mask = r != c
        leaf, r, c = leaf[mask], r[mask], c[mask]
        found.append((leaves[leaf, r], leaves[leaf, c], sims[leaf, r, c]))
    return _symmetric_nearest(found, k)


def _symmetric_nearest(
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]], k: int
) -> tuple[np.ndarray, ...]:
    """The distinct pairs ``i < j`` among ``found`` that are among the ``k`` nearest of ``i``
    or of ``j``, with their cosines, sorted."""
    rows = np.concatenate([f[0] for f in found]).astype(np.int64)
    cols = np.concatenate([f[1] for f in found]).astype(np.int64)
    sims = np.concatenate([f[2] for f in found]).astype(np.float64)
    n = int(max(rows.max(initial=0), cols.max(initial=0))) + 1
    _, unique = np.unique(rows * n + cols, return_index=True)
    rows, cols, sims = rows[unique], cols[unique], sims[unique]
    keep = _keep_nearest(rows, sims, cols, k)
    lo, hi, sims = (np.minimum(rows[keep], cols[keep]), np.maximum(rows[keep], cols[keep]),
                    sims[keep])
    _, unique = np.unique(lo * n + hi, return_index=True)
    return lo[unique], hi[unique], sims[unique]


def candidate_pairs(
    vectors: np.ndarray, threshold: float, *, exact_limit: int = EXACT_LIMIT
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate pairs ``(i, j, cos)`` with ``i < j``, sorted: exactly found up to
    ``exact_limit`` articles, in a random-projection forest above it."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    search = _exact_pairs if len(vectors) <= exact_limit else _forest_pairs
    i, j, s = search(vectors, threshold, NEIGHBOURS)
    return i, j, s


def group_articles(
    vectors: np.ndarray, dates: Sequence[str | None], options: StoryOptions = DEFAULT_OPTIONS,
    *, exact_limit: int = EXACT_LIMIT,
) -> list[tuple[int, ...]]:
    """The stories, as tuples of article indices (rows of ``vectors``, unit vectors), each
    sorted, the stories sorted by their first article. Deterministic: the same vectors and
    dates give the same stories. ``exact_limit``: the most articles whose candidates are found
    exactly (above it, the random-projection forest)."""
    vectors = np.asarray(vectors)
    n = len(vectors)
    if vectors.ndim != 2 or len(dates) != n:
        raise UsageError(f"{n} article vectors ({vectors.ndim} dimensions) but "
                         f"{len(dates)} dates: give one row and one date per article")
    if n == 0:
        return []
    days = [day_of(d) for d in dates]
    t = options.threshold
    rows, cols, sims = candidate_pairs(vectors, t, exact_limit=exact_limit)
    sums = vectors.astype(np.float64)
    size = np.ones(n, dtype=np.int64)
    lo = [d for d in days]
    hi = [d for d in days]
    version = [0] * n
    neighbours: list[set[int]] = [set() for _ in range(n)]
    heap: list[tuple[float, int, int, int, int]] = []

    def fits(a: int, b: int) -> bool:
        if lo[a] is None or lo[b] is None:
            return True
        return max(hi[a], hi[b]) - min(lo[a], lo[b]) <= options.max_days  # type: ignore[type-var, operator]

    for i, j, s in zip(rows.tolist(), cols.tolist(), sims.tolist(), strict=True):
        if not fits(i, j):
            continue
        neighbours[i].add(j)
        neighbours[j].add(i)
        heap.append((-s, i, j, 0, 0))
    heapq.heapify(heap)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if version[a] != va or version[b] != vb or a not in members or b not in members:
            continue
        keep, gone = min(a, b), max(a, b)
        members[keep] += members.pop(gone)
        sums[keep] += sums[gone]
        size[keep] += size[gone]
        if lo[gone] is not None:
            lo[keep] = lo[gone] if lo[keep] is None else min(lo[keep], lo[gone])  # type: ignore[type-var]
            hi[keep] = hi[gone] if hi[keep] is None else max(hi[keep], hi[gone])  # type: ignore[type-var]
        version[keep] += 1
        others = sorted((neighbours[a] | neighbours[b]) - {a, b})
        for x in others:
            neighbours[x] -= {a, b}
        neighbours[gone] = set()
        others = [x for x in others if fits(keep, x)]  # a span only grows: drop for good
        neighbours[keep] = set(others)
        if not others:
            continue
        links = (sums[others] @ sums[keep]) / (size[others] * size[keep])
        for x, link in zip(others, links.tolist(), strict=True):
            neighbours[x].add(keep)
            if link >= t:
                p, q = min(keep, x), max(keep, x)
                heapq.heappush(heap, (-link, p, q, version[p], version[q]))
    return sorted(tuple(sorted(g)) for g in members.values())


# --- the stories' grouping: the learned same-story probability, average linkage ------------

def article_text(document: Document) -> str:
    """What an article is grouped by: its title (when its text does not open with it) and its
    text, without the page furniture at its edges (:func:`.features.without_furniture`)."""
    title, text = (document.title or "").strip(), without_furniture(document.text)
    return f"{title}\n\n{text}" if title and not document.text.lstrip().startswith(title) \
        else text


class StoryGraph(NamedTuple):
    """What :func:`group_documents` links: the pairs ``(i, j)``, each one's probability that
    it reports one story (:func:`.learned.same_story`) and what it weighs as two groups' best
    pair (:func:`.learned.may_start`); the articles' sub-vectors (words, names, numbers) and
    each one's most probable partner, and the input's :func:`.joining.context`, which the group
    model reads."""

    i: np.ndarray
    j: np.ndarray
    probability: np.ndarray
    start: np.ndarray
    vectors: tuple[Sparse, ...]
    nearest: np.ndarray
    context: tuple[float, float]


def story_graph(
    documents: Sequence[Document], max_days: int = DEFAULT_OPTIONS.max_days
) -> StoryGraph:
    """The :class:`StoryGraph` of ``documents`` (titles and texts, their dates weighed in:
    :func:`.learned.graph_features`)."""
    texts = [article_text(d) for d in documents]
    words, names = lexical_vectors(texts), name_vectors(texts)
    i, j, features = graph_features(words, names, [day_of(d.date) for d in documents], max_days)
    probability = same_story(features)
    return StoryGraph(i, j, probability, may_start(features, probability, words, i, j),
                      (words, names, number_vectors(texts)),
                      nearest_pairs(len(texts), i, j, probability),
                      context(len(texts), i, j, np.exp(features[:, 0])))


def group_documents(
    documents: Sequence[Document], options: StoryOptions = DEFAULT_OPTIONS,
    *, fixed: Sequence[Sequence[int]] = (), graph: StoryGraph | None = None,
) -> list[tuple[int, ...]]:
    """The stories of ``documents``, as tuples of their indices (each sorted, sorted by their
    first): their :func:`story_graph` linked by :func:`.linkage.average_linkage` (the highest
    average probability first, from :data:`.learned.AVERAGE_FLOOR`), two groups joining where
    the group model (:func:`.joining.joins`) reaches ``options.threshold`` and their best pair
    may start a join (:func:`.learned.may_start`); dates decay and bound by
    ``options.max_days``. ``fixed``: groups that start as one story each and never merge with
    each other (yesterday's stories); ``graph``: the :func:`story_graph`, when made.
    Deterministic."""
    n = len(documents)
    if n == 0:
        return []
    pairs = story_graph(documents, options.max_days) if graph is None else graph
    reader = GroupReader(pairs.vectors, pairs.nearest, pairs.context)

    def decide(offer: Offer) -> bool:
        return offer.best > 0 and joins(reader.features(offer)) >= options.threshold

    return average_linkage(n, (pairs.i, pairs.j, pairs.probability), threshold=AVERAGE_FLOOR,
                           shrink=0.0, days=[day_of(d.date) for d in documents],
                           max_days=options.max_days, fixed=fixed, decide=decide,
                           best=pairs.start)


def continue_stories(
    today: Sequence[Document], saved: Sequence[Sequence[Document]],
    options: StoryOptions = DEFAULT_OPTIONS,
) -> tuple[list[tuple[int, ...]], list[int | None]]:
    """Today's stories and the saved story each continues: ``today`` grouped together with
    the articles of the ``saved`` stories (each one fixed, see :func:`group_documents`).
    Returns today's groups (indices into ``today``) and, for each, the index of the saved
    story it joined, or None for a new story."""
    documents = list(today)
    fixed = []
    for story in saved:
        fixed.append(list(range(len(documents), len(documents) + len(story))))
        documents += story
    owner = {members[0]: k for k, members in enumerate(fixed) if members}
    groups, joins = [], []
    for g in group_documents(documents, options, fixed=[f for f in fixed if f]):
        new = tuple(i for i in g if i < len(today))
        if new:
            groups.append(new)
            joins.append(next((owner[i] for i in g if i in owner), None))
    return groups, joins
