"""Digests of fixed inputs, written to a folder, and two such folders compared byte for byte.

A refactoring must not change a digest. Write a snapshot before the change and one after, then
compare them:

    .venv/bin/python eval/snapshot.py write eval/runs/snapshot-before
    (change the code)
    .venv/bin/python eval/snapshot.py write eval/runs/snapshot-after
    .venv/bin/python eval/snapshot.py compare eval/runs/snapshot-before eval/runs/snapshot-after

A snapshot holds the example cluster's digest in every format and at several budgets, and the
JSON digests of the first ``--clusters`` clusters (default 50) of each development set in
``../shared/data`` at 120 words (the default), 250 words and 665 bytes, plus DUC 2006 and 2007
focused on their topics. Every digest is made by the command line, as a user makes it, with the
embedding cache on (``SUMMARIZE_CACHE_DIR`` decides where; the vectors are the same either way).
Snapshots hold text of the benchmark sets: keep them under ``eval/runs/`` (never committed).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SETS = {
    "multinews": ("multi_news_val_truncated.jsonl", None),
    "duc2006": ("duc2006.jsonl", "duc2006_topics.jsonl"),
    "duc2007": ("duc2007_main_pyramid_subset.jsonl", "duc2007_main_pyramid_subset_topics.jsonl"),
}
BUDGETS = {"120w": [], "250w": ["--words", "250"], "665b": ["--bytes", "665"]}
EXAMPLE_RUNS = {
    "example.txt": [],
    "example.md": ["--format", "markdown"],
    "example.json": ["--format", "json"],
    "example.html": ["--format", "html"],
    "example-2s.txt": ["--sentences", "2"],
    "example-40w.json": ["--words", "40", "--format", "json"],
    "example-300b.txt": ["--bytes", "300"],
    "example-hash.json": ["--backend", "hash", "--format", "json"],
    "example-query.txt": ["--query", "evacuation of Russian citizens"],
}


def _digest(args: list[str]) -> bytes:
    command = [sys.executable, "-m", "summarize", "digest", *args, "--cache"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    if done.returncode not in (0, 1) or not done.stdout:
        raise SystemExit(f"{' '.join(args)}: exit {done.returncode}\n{done.stderr.decode()}")
    return done.stdout


def _topics(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out[str(record["id"])] = f"{record['title']}. {record['narrative']}"
    return out


def write(folder: Path, clusters: int, data: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, args in EXAMPLE_RUNS.items():
        (folder / name).write_bytes(_digest(args))
        print(f"wrote {folder / name}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for set_name, (file, topics_file) in SETS.items():
            source = data / file
            if not source.is_file():
                print(f"skipped {set_name}: {source} is not there", flush=True)
                continue
            lines = source.read_text(encoding="utf-8").splitlines()[:clusters]
            records = [json.loads(line) for line in lines]
            for r in records:
                r.pop("summaries", None)
            plain = Path(tmp) / f"{set_name}.jsonl"
            plain.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            runs = {f"{set_name}-{b}.jsonl": [str(plain), *a] for b, a in BUDGETS.items()}
            if topics_file:
                topics = _topics(data / topics_file)
                focused = Path(tmp) / f"{set_name}-query.jsonl"
                focused.write_text(
                    "".join(json.dumps({**r, "query": topics[str(r["id"])]}) + "\n"
                            for r in records),
                    encoding="utf-8",
                )
                runs[f"{set_name}-query-250w.jsonl"] = [str(focused), "--words", "250"]
            for name, args in runs.items():
                (folder / name).write_bytes(_digest([*args, "--format", "json"]))
                print(f"wrote {folder / name}", flush=True)


def compare(a: Path, b: Path) -> int:
    names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    differ = 0
    for name in names:
        left, right = a / name, b / name
        if not left.is_file() or not right.is_file():
            print(f"{name}: only in {a if left.is_file() else b}")
            differ += 1
            continue
        x, y = left.read_bytes(), right.read_bytes()
        if x == y:
            print(f"{name}: same ({len(x):,} bytes)")
            continue
        differ += 1
        pairs = zip(x.splitlines(), y.splitlines(), strict=False)
        first = next((i + 1 for i, (p, q) in enumerate(pairs) if p != q), "the end")
        print(f"{name}: DIFFERENT (from line {first})")
    print(f"{len(names) - differ} of {len(names)} files the same, byte for byte")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write", help="write a snapshot into FOLDER")
    w.add_argument("folder", type=Path)
    w.add_argument("--clusters", type=int, default=50)
    w.add_argument("--data", type=Path, default=DATA)
    c = sub.add_parser("compare", help="compare two snapshots byte for byte")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "write":
        write(args.folder, args.clusters, args.data)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
