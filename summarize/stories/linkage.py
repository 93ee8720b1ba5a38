"""Average linkage on a sparse graph of similar articles: how stories are formed from the
lexical vectors of :mod:`.features`.

1. **The graph** (:func:`similar_pairs`): every pair of articles whose vectors' dot product
   reaches a floor, each article keeping its :data:`NEIGHBOURS` most similar. The products are
   exact, one block of rows at a time: the rare terms through their postings (an inverted
   index), the terms of many articles (more than :data:`DENSE_DF`) as a small dense product.
   Memory grows with the articles and their words, never with their square.
2. **Linkage** (:func:`average_linkage`, UPGMA, Sokal & Michener 1958, on the graph as in
   Fränti, Virmajoki & Hautamäki 2006): the two groups of the highest average similarity
   (the sum of the graph's pairs between them over the product of their sizes; a pair the
   graph left out counts as 0) merge while it reaches the threshold, a threshold that falls as
   the groups grow: ``t · (1 − shrink · (1 − 1 / √(a b)))`` for groups of ``a`` and ``b``
   articles (the average over many pairs of one story is lower than the best pair's).
3. **Dates**: a pair of dated articles weighs ``exp(−Δ² / 2σ²)`` of its similarity (Δ the
   days between them, σ ``max_days``, at least 1), and a story's dated articles are at most
   ``max_days`` apart; an undated article is never kept apart by date.

Groups given as ``fixed`` (yesterday's stories) start whole and never merge with each other.
Deterministic: ties go to the lower article indices.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial

import numpy as np

from .features import Sparse
from .links import GroupLinks

#: The most neighbours an article keeps in the graph.
NEIGHBOURS = 48
#: A term found in more articles than this (or a 32nd of them) is multiplied densely.
DENSE_DF = 256
_EXPANDED = 1 << 22  # postings expanded at once (memory bound of the sparse products)


def _dense_columns(x: Sparse, columns: np.ndarray) -> np.ndarray:
    """The rows of ``x`` on ``columns`` only, as a dense float32 matrix."""
    where = np.full(x.columns, -1, dtype=np.int64)
    where[columns] = np.arange(len(columns))
    out = np.zeros((x.rows, len(columns)), dtype=np.float32)
    rows = np.repeat(np.arange(x.rows), np.diff(x.indptr))
    hit = where[x.indices] >= 0
    out[rows[hit], where[x.indices[hit]]] = x.data[hit]
    return out


def _top(block: np.ndarray, start: int, floor: float, k: int) -> tuple[np.ndarray, ...]:
    """Each row's ``k`` largest entries at or above ``floor``, itself left out (which of
    equal entries at the ``k``-th place is kept is fixed by the input alone)."""
    rows = np.arange(len(block))
    block[rows, rows + start] = -np.inf  # an article is not its own neighbour
    if block.shape[1] > k:
        cols = np.argpartition(-block, k - 1, axis=1)[:, :k]
    else:
        cols = np.broadcast_to(np.arange(block.shape[1]), block.shape)
    sims = np.take_along_axis(block, cols, axis=1)
    keep = sims >= floor
    return np.repeat(rows + start, keep.sum(axis=1)), cols[keep], sims[keep]


def similar_pairs(
    x: Sparse, floor: float, k: int = NEIGHBOURS, block: int = 256, *,
    days: Sequence[int | None] | None = None, max_days: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs ``(i, j, w)``, ``i < j``, whose weight ``w`` (their dot product, times their
    :func:`date_weights` when ``days`` are given) reaches ``floor`` (> 0) and that are among
    the ``k`` heaviest of ``i`` or of ``j``; sorted by ``(i, j)``."""
    n = x.rows
    factor = None
    if days is not None and any(d is not None for d in days):
        factor = date_factors(days, max_days)
    df = np.bincount(x.indices, minlength=x.columns)
    dense = np.flatnonzero(df > max(DENSE_DF, n // 32))
    frequent = _dense_columns(x, dense)
    rare = df[x.indices] <= max(DENSE_DF, n // 32)
    rows_of = np.repeat(np.arange(n), np.diff(x.indptr))
    order = np.argsort(x.indices[rare], kind="stable")  # postings: the rare terms' articles
    post_doc, post_val = rows_of[rare][order], x.data[rare][order]
    post_start = np.concatenate([[0], np.cumsum(np.bincount(x.indices[rare],
                                                            minlength=x.columns))])
    found = []
    for start in range(0, n, block):
        stop = min(n, start + block)
        sims = (frequent[start:stop] @ frequent.T).astype(np.float64)
        lo, hi = x.indptr[start], x.indptr[stop]
        mask = rare[lo:hi]
        local = rows_of[lo:hi][mask] - start
        cols, vals = x.indices[lo:hi][mask], x.data[lo:hi][mask]
        lens = df[cols]
        ends = np.cumsum(lens)
        cut = np.searchsorted(ends, np.arange(_EXPANDED, int(ends[-1]) if len(ends) else 0,
                                              _EXPANDED))
        for part in np.split(np.arange(len(cols)), cut):
            if not len(part):
                continue
            size = lens[part]
            offsets = np.repeat(post_start[cols[part]] - np.cumsum(size) + size, size)
            at = offsets + np.arange(int(size.sum()))
            keys = np.repeat(local[part], size) * n + post_doc[at]
            weights = np.repeat(vals[part], size) * post_val[at]
            sims += np.bincount(keys, weights, minlength=(stop - start) * n).reshape(-1, n)
        if factor is not None:
            sims *= factor(np.arange(start, stop)[:, None], np.arange(n))
        found.append(_top(sims, start, floor, k))
    r, c, s = (np.concatenate(p) for p in zip(*found, strict=True))
    i, j = np.minimum(r, c), np.maximum(r, c)
    order = np.lexsort((j, i))
    i, j, s = i[order], j[order], s[order]
    first = np.ones(len(i), dtype=bool)
    first[1:] = (i[1:] != i[:-1]) | (j[1:] != j[:-1])
    return i[first], j[first], s[first]


def date_weights(
    i: np.ndarray, j: np.ndarray, days: Sequence[int | None], max_days: int
) -> np.ndarray:
    """Each pair's date factor: ``exp(−Δ² / 2σ²)`` for two dated articles Δ days apart (σ
    ``max_days``, at least 1), 0 beyond ``max_days``, 1 when either is undated."""
    return date_factors(days, max_days)(i, j)


def date_factors(
    days: Sequence[int | None], max_days: int
) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """:func:`date_weights` as a function of the pairs ``(i, j)`` (broadcast together) alone:
    the days read once, the factor of each gap in days computed once and looked up."""
    known = np.array([d is not None for d in days], dtype=bool)
    day = np.array([0 if d is None else d for d in days], dtype=np.int64)
    span = int(day[known].max() - day[known].min()) if known.any() else 0
    last = min(max_days, span)  # the largest gap that weighs more than 0 and may occur
    gaps = np.arange(last + 1, dtype=np.float64)
    sigma = max(max_days, 1)
    by_gap = np.append(np.exp(-gaps ** 2 / (2 * sigma ** 2)), 0.0)  # then: beyond max_days

    def factor(i: np.ndarray, j: np.ndarray) -> np.ndarray:
        gap = np.minimum(np.abs(day[i] - day[j]), last + 1)
        return np.where(known[i] & known[j], by_gap[gap], 1.0)

    return factor


@dataclass(frozen=True)
class Offer:
    """What a join decision reads of two groups ``a`` and ``b`` (their members): their
    average weight, their heaviest pair, the number of graph pairs between them, and
    (:attr:`alternative`, worked out when first read) the highest average either has with a
    third group (0 when neither has one)."""

    average: float
    best: float
    pairs: int
    a: Sequence[int]
    b: Sequence[int]
    others: Callable[[], float] = field(repr=False, compare=False)

    @cached_property
    def alternative(self) -> float:
        """The highest average either group has with a third group."""
        return self.others()


#: A join decision: whether the two groups of an :class:`Offer` join.
Decide = Callable[[Offer], bool]


def average_linkage(
    n: int, pairs: tuple[np.ndarray, np.ndarray, np.ndarray], *, threshold: float,
    shrink: float, days: Sequence[int | None], max_days: int,
    fixed: Sequence[Sequence[int]] = (), decide: Decide | None = None,
    best: np.ndarray | None = None,
) -> list[tuple[int, ...]]:
    """The groups of ``n`` articles linked by the graph ``pairs`` (``i``, ``j``, weight:
    :func:`similar_pairs`, dates weighed in), each sorted, sorted by their first article (see
    the module's docstring); a group's dated articles (``days``) at most ``max_days`` apart.
    ``fixed``: groups that start whole and never merge with each other. ``decide``: when
    given, two groups whose average reaches the threshold join only if it says so, asked
    when they come first (an :class:`Offer`); refused, they are asked again once either grows.
    ``best``: each pair's value for the groups' best pair that ``decide`` reads (default: its
    weight)."""
    group = list(range(n))  # the group each article starts in: itself, or its fixed group's
    pinned = [False] * n
    for members in fixed:
        for a in members:
            group[a] = members[0]
            pinned[a] = True
    members_of: dict[int, list[int]] = {}
    for a in range(n):
        members_of.setdefault(group[a], []).append(a)
    lo: dict[int, int | None] = {}
    hi: dict[int, int | None] = {}
    for g, m in members_of.items():
        dated = [d for d in (days[a] for a in m) if d is not None]
        lo[g], hi[g] = (min(dated), max(dated)) if dated else (None, None)
    links = GroupLinks(group, pairs, best)
    size = links.size
    version = dict.fromkeys(members_of, 0)

    def limit(a: int, b: int) -> float:
        return threshold * (1 - shrink * (1 - 1 / math.sqrt(size[a] * size[b])))

    def joinable(a: int, b: int) -> bool:
        if pinned[a] and pinned[b]:
            return False
        if lo[a] is None or lo[b] is None:
            return True
        return max(hi[a], hi[b]) - min(lo[a], lo[b]) <= max_days  # type: ignore[type-var,operator]

    def offers(a: int, others: Iterable[int]) -> Iterator[tuple[float, int, int, int, int]]:
        """The heap entries of group ``a`` with each of ``others`` (groups it links) whose
        average reaches the limit, where the dates allow."""
        mine, own = links.of[a], size[a]
        for x in others:
            link = mine[x][0] / (own * size[x])
            if (link >= threshold if not shrink else link >= limit(a, x)) and joinable(a, x):
                p, q = (a, x) if a < x else (x, a)
                yield (-link, p, q, version[p], version[q])

    heap = [e for a in links.of for e in offers(a, [x for x in links.of[a] if x > a])]
    heapq.heapify(heap)
    while heap:
        average, a, b, va, vb = heapq.heappop(heap)
        if a not in size or b not in size or version[a] != va or version[b] != vb:
            continue
        _, top, count = links.of[a][b]
        if decide is not None and not decide(Offer(-average, top, int(count), members_of[a],
                                                   members_of[b],
                                                   partial(links.alternative, a, b))):
            continue
        _merge(a, b, members_of, lo, hi, pinned)
        links.merge(a, b)
        version[a] += 1
        for entry in offers(a, sorted(links.of[a])):
            heapq.heappush(heap, entry)
    return sorted(tuple(sorted(m)) for m in members_of.values())


def _merge(a: int, b: int, members_of: dict[int, list[int]], lo: dict, hi: dict,  # type: ignore[type-arg]
           pinned: list[bool]) -> None:
    """Group ``b`` into group ``a`` (``a < b``): members, dates, pin (the links:
    :meth:`.GroupLinks.merge`)."""
    members_of[a] += members_of.pop(b)
    if lo[b] is not None:
        lo[a] = lo[b] if lo[a] is None else min(lo[a], lo[b])
        hi[a] = hi[b] if hi[a] is None else max(hi[a], hi[b])
    del lo[b], hi[b]
    pinned[a] = pinned[a] or pinned[b]
