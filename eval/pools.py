"""Grouping pools: benchmark clusters mixed into one shuffled stream of articles.

``python eval/pools.py DATA [DATA …] [--skip K] [--limit N] [--docs D] [--seed S] -o POOL.jsonl``

Takes clusters K+1 to K+N of the DATA files read one after another (``*.jsonl`` of
``{"id", "documents", …}`` or Multi-News' ``*.src``; the default: all of them), and writes
their articles as JSON lines, ``{"id": "CLUSTER/K", "text", "story": "CLUSTER"}`` one a line,
shuffled with ``--seed`` (default 0); ``--docs D`` keeps each cluster's first D articles. The
pools of ``eval/README.md``::

    D=../shared/data P=eval/runs/pools
    python eval/pools.py $D/multi_news_val_truncated.jsonl --limit 500 -o $P/mn500.jsonl
    python eval/pools.py $D/duc2006.jsonl $D/duc2007_main_pyramid_subset.jsonl -o $P/duc.jsonl
    python eval/pools.py $D/duc2006.jsonl $D/duc2007_main_pyramid_subset.jsonl --docs 10 \
        -o $P/duc10.jsonl

Pools hold the data's text: write them under ``eval/runs/`` (ignored by git) or ``/tmp``.
An existing output file is replaced only with ``--force``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import warnings
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarize.errors import SummarizeError, SummarizeWarning  # noqa: E402
from summarize.evaluation.data import iter_clusters  # noqa: E402
from summarize.evaluation.grouping import build_pool, pool_lines  # noqa: E402
from summarize.io import write_atomic  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eval/pools.py", description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="+", help="cluster files (*.jsonl or Multi-News *.src)")
    parser.add_argument("--skip", type=int, default=0, help="clusters to skip first")
    parser.add_argument("--limit", type=int, default=None, help="clusters to take (default all)")
    parser.add_argument("--docs", type=int, default=None,
                        help="keep each cluster's first N articles (default all)")
    parser.add_argument("--seed", type=int, default=0, help="the shuffle's seed")
    parser.add_argument("-o", "--output", required=True, help="the pool file to write")
    parser.add_argument("--force", action="store_true", help="replace an existing output file")
    args = parser.parse_args(argv)
    if args.skip < 0 or any(n is not None and n < 1 for n in (args.limit, args.docs)):
        parser.error("--skip must be >= 0, --limit and --docs >= 1")
    # the data's warnings (an article that does not look like English) concern digests
    warnings.simplefilter("ignore", SummarizeWarning)
    try:
        clusters = (c for path in args.data for c in iter_clusters(path))
        stop = None if args.limit is None else args.skip + args.limit
        chosen = list(islice(clusters, args.skip, stop))
        if args.docs is not None:
            chosen = [dataclasses.replace(c, documents=c.documents[:args.docs]) for c in chosen]
        if not chosen:
            raise SummarizeError("no cluster left to pool (check --skip and --limit)")
        articles = build_pool(chosen, seed=args.seed)
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(args.output, pool_lines(articles), overwrite=args.force)
    except SummarizeError as exc:
        print(f"eval/pools.py: error: {exc.worded('--force')}", file=sys.stderr)
        return 1
    dropped = sum(len(c.documents) for c in chosen) - len(articles)
    print(f"{args.output}: {len(articles)} articles from {len(chosen)} clusters ({dropped} "
          "left out: their opening is another cluster's too)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
