"""The links between groups of articles that :func:`.linkage.average_linkage` merges.

For each two groups the graph links, one :data:`Link` (the same tuple read from either side),
and for each group its two largest links' sums over the other group's size (:func:`top_two`),
which an offer's alternative reads: kept as groups merge, computed again only when the group
grows or when one of the two merges (:func:`replaced`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: A group's largest link's sum over the linked group's size and that group, then the
#: largest of its other links and its group (0.0 and -1 where there is none).
Top = tuple[float, int, float, int]
#: The link between two groups: the sum of their pairs' weights, the largest of their best
#: values, their number.
Link = tuple[float, float, int]


def top_two(links: dict[int, Link], size: dict[int, int]) -> Top:
    """The :data:`Top` of a group whose links (their sums > 0) are ``links``, each linked
    group's size in ``size``."""
    first, who, second, runner = 0.0, -1, 0.0, -1
    for x, link in links.items():
        value = link[0] / size[x]
        if value > first:
            first, who, second, runner = value, x, first, who
        elif value > second:
            second, runner = value, x
    return first, who, second, runner


def replaced(top: Top, gone: tuple[int, int], value: float, key: int) -> Top | None:
    """``top`` once the links to the groups ``gone`` are replaced by one to ``key`` of
    ``value``; None when one of the groups ``gone`` held one of its two places (it must be
    computed again)."""
    first, who, second, runner = top
    if who in gone or runner in gone:
        return None
    if value > first:
        return value, key, first, who
    if value > second:
        return first, who, value, key
    return top


class GroupLinks:
    """The links between the groups of articles ``group`` (each article's), from the graph
    ``pairs`` ``(i, j, weight)``: between each two groups, the sum of their pairs' weights (a
    weight of 0 or less left out; summed in the pairs' order), the largest of their ``best``
    values (default: their weights), their number; and each group's size."""

    def __init__(self, group: Sequence[int], pairs: tuple[np.ndarray, ...],
                 best: np.ndarray | None = None) -> None:
        i, j = (np.asarray(p, dtype=np.int64) for p in pairs[:2])
        weights = np.asarray(pairs[2], dtype=np.float64)
        of = np.asarray(group, dtype=np.int64)
        keep = (of[i] != of[j]) & (weights > 0)
        lo, hi = np.minimum(of[i], of[j])[keep], np.maximum(of[i], of[j])[keep]
        _, first, which = np.unique(lo * max(len(group), 1) + hi, return_index=True,
                                    return_inverse=True)
        total = np.bincount(which, weights[keep], minlength=len(first))
        top = np.full(len(first), -np.inf)
        np.maximum.at(top, which, (weights if best is None else best)[keep])
        count = np.bincount(which, minlength=len(first))
        self.of: dict[int, dict[int, Link]] = {g: {} for g in dict.fromkeys(group)}
        ids = np.array(group, dtype=object)  # the int objects the other dicts hold (by identity)
        links = zip(total.tolist(), top.tolist(), count.tolist(), strict=True)
        for a, b, link in zip(ids[lo[first]].tolist(), ids[hi[first]].tolist(), links,
                              strict=True):
            self.of[a][b] = self.of[b][a] = link
        self.size = dict.fromkeys(self.of, 0)
        for g in group:
            self.size[g] += 1
        self._tops: dict[int, Top] = {}

    def alternative(self, a: int, b: int) -> float:
        """The highest average group ``a`` or group ``b`` has with a third group (0 when
        neither has one)."""
        return max(self._largest(a, b) / self.size[a], self._largest(b, a) / self.size[b])

    def _largest(self, g: int, other: int) -> float:
        """The largest sum over the linked group's size of group ``g``'s links but the one to
        ``other``."""
        top = self._tops.get(g)
        if top is None:
            top = self._tops[g] = top_two(self.of[g], self.size)
        return top[2] if top[1] == other else top[0]

    def merge(self, a: int, b: int) -> None:
        """Group ``b`` into group ``a``: links (summed, their heaviest, counted), size."""
        mine, size, tops = self.of[a], self.size, self._tops
        for x, link in self.of.pop(b).items():
            theirs = self.of[x]
            del theirs[b]
            if x == a:
                continue
            kept = mine.get(x)
            if kept is not None:
                link = (kept[0] + link[0], max(kept[1], link[1]), kept[2] + link[2])
            mine[x] = theirs[a] = link
        size[a] += size.pop(b)
        tops.pop(a, None)
        tops.pop(b, None)
        for x in mine:
            top = tops.get(x)
            if top is not None:
                top = replaced(top, (a, b), self.of[x][a][0] / size[a], a)
                if top is None:
                    del tops[x]
                else:
                    tops[x] = top
