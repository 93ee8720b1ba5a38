"""Time and peak memory of two inputs that once grew without bound (issue 29): the stories'
grouping on N similar article vectors (wire copies), and a feed of N empty items.

    python eval/bench_limits.py grouping 2500 5000
    python eval/bench_limits.py feed 100000

Each size runs in a process of its own, so that each peak (``ru_maxrss``) is its own.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
import warnings


def grouping(n: int) -> str:
    import numpy as np

    from summarize.stories import grouping as g

    rng = np.random.default_rng(1)
    v = rng.standard_normal(384) + 0.35 * rng.standard_normal((n, 384))
    v = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
    began = time.perf_counter()
    pairs = g.candidate_pairs(v, 0.5)
    search = time.perf_counter() - began
    peak = _peak()
    began = time.perf_counter()
    groups = g.group_articles(v, [None] * n)
    whole = time.perf_counter() - began
    return (f"grouping n={n:,}: candidate search {search:.2f} s ({len(pairs[0]):,} pairs, "
            f"peak {peak:.0f} MiB); group_articles {whole:.2f} s ({len(groups)} groups, "
            f"peak {_peak():.0f} MiB)")


def feed(n: int) -> str:
    from summarize.ingest.feeds import parse_feed
    from summarize.ingest.read import ByteAllowance

    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            + b"<item><title></title><description></description></item>" * n
            + b"</channel></rss>")
    began = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = parse_feed(data, "huge.rss", allowance=ByteAllowance(10**9))
    took = time.perf_counter() - began
    return (f"feed of {n:,} empty items ({len(data) / 1e6:.1f} MB): {took:.1f} s, peak "
            f"{_peak():.0f} MiB, {len(caught)} warnings, {len(docs)} articles")


def _peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> None:
    if len(argv) >= 3 and argv[0] == "--one":
        print({"grouping": grouping, "feed": feed}[argv[1]](int(argv[2])), flush=True)
        return
    if len(argv) < 2 or argv[0] not in ("grouping", "feed"):
        raise SystemExit(__doc__)
    for size in argv[1:]:
        subprocess.run([sys.executable, __file__, "--one", argv[0], size], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
