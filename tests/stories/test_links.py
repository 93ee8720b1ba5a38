"""The links between groups that average linkage merges: their sums, the two largest links
each group keeps, and those kept right as groups merge."""

from __future__ import annotations

import numpy as np

from summarize.stories.links import GroupLinks, replaced, top_two


def test_top_two_is_the_largest_and_the_largest_of_the_others():
    size = {1: 1, 2: 2, 3: 1, 4: 4}
    links = {1: (0.3, 0.3, 1), 2: (0.8, 0.5, 2), 3: (0.4, 0.4, 1), 4: (0.4, 0.2, 3)}
    assert top_two(links, size) == (0.4, 2, 0.4, 3)  # 0.8 / 2 then 0.4 / 1 (ties: the first)
    assert top_two({1: (0.3, 0.3, 1)}, size) == (0.3, 1, 0.0, -1)
    assert top_two({}, size) == (0.0, -1, 0.0, -1)


def test_a_top_is_replaced_unless_a_group_gone_held_a_place():
    top = (0.5, 7, 0.3, 8)
    assert replaced(top, (1, 2), 0.6, 1) == (0.6, 1, 0.5, 7)
    assert replaced(top, (1, 2), 0.4, 1) == (0.5, 7, 0.4, 1)
    assert replaced(top, (1, 2), 0.1, 1) == top
    assert replaced(top, (8, 2), 0.1, 2) is None
    assert replaced(top, (1, 7), 0.9, 1) is None


def test_links_sum_a_groups_pairs_in_order_and_leave_out_its_own_and_the_weightless():
    i, j = np.array([0, 0, 1, 1, 2]), np.array([1, 2, 2, 3, 3])
    w = np.array([0.9, 0.1, 0.2, 0.0, 0.4])
    links = GroupLinks([0, 0, 2, 3], (i, j, w), best=np.array([0.0, 0.7, 0.3, 0.9, 0.4]))
    assert links.of == {0: {2: (0.1 + 0.2, 0.7, 2)}, 2: {0: (0.1 + 0.2, 0.7, 2), 3: (0.4, 0.4, 1)},
                        3: {2: (0.4, 0.4, 1)}}
    assert links.size == {0: 2, 2: 1, 3: 1}


def test_the_alternative_stays_right_as_groups_merge():
    rng = np.random.default_rng(7)
    n = 40
    i, j = np.triu_indices(n, 1)
    keep = rng.random(len(i)) < 0.2
    i, j = i[keep], j[keep]
    links = GroupLinks(list(range(n)), (i, j, rng.random(len(i))))

    def brute(a, b):
        return max(max([link[0] / links.size[x] for x, link in links.of[g].items()
                        if x not in (a, b)], default=0.0) / links.size[g] for g in (a, b))

    for _ in range(35):  # every group read after each merge: their tops kept, not made again
        for g, mine in links.of.items():
            for x in list(mine)[:2]:
                assert links.alternative(g, x) == brute(g, x)
        a = int(rng.choice([g for g in links.of if links.of[g]]))
        b = int(rng.choice(list(links.of[a])))
        links.merge(min(a, b), max(a, b))
