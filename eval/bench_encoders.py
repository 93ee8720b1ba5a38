"""Encoder benchmark: sentences per second and cold start, torch against ONNX Runtime.

``python eval/bench_encoders.py [--data ../shared/data/duc2006.jsonl] [--clusters 3]``

Inputs: the candidate sentences of the example cluster (``corpora/``) and of the first
``--clusters`` clusters of ``--data`` (left out when the file is absent). Backends: ``torch``
(:class:`~summarize.embed.SentenceTransformerEncoder`) and ``onnx``
(:class:`~summarize.onnx_backend.OnnxEncoder`, at 1 thread and at its default thread count).

* throughput: sentences per second over all of one input's sentences, the best of ``--repeat``
  runs after one warm-up call, in this process;
* cold start: seconds from the first import to the first vector in a fresh Python process
  (interpreter start-up not counted), the median of ``--cold`` processes; for ONNX, with the
  export already made, and once more for the first use that makes the export.

The export goes to a temporary cache directory, never the user's. Speeds depend on what else
the machine is doing: the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize.ingest import load_directory  # noqa: E402
from summarize.ingest.jsonl import iter_jsonl_clusters  # noqa: E402
from summarize.segment import segment  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "duc2006.jsonl"

COLD = {
    "torch": "from summarize.embed import SentenceTransformerEncoder as E; e = E()",
    "onnx": "from summarize.onnx_backend import OnnxEncoder as E; e = E()",
}
COLD_SCRIPT = """
import time
start = time.perf_counter()
{make}
e.encode(["The minister said the government was losing control of the country."])
print(time.perf_counter() - start)
"""


def inputs(data: Path, clusters: int) -> dict[str, list[str]]:
    out = {"example cluster": [s.text for s in segment(load_directory(ROOT / "corpora"))]}
    if data.is_file():
        texts: list[str] = []
        for n, cluster in enumerate(iter_jsonl_clusters(data)):
            if n == clusters:
                break
            if not isinstance(cluster, Exception):
                texts.extend(s.text for s in segment(cluster.documents))
        out[f"{data.name}, first {clusters} clusters"] = texts
    else:
        print(f"({data} not found: only the example cluster)")
    return out


def cold_start(backend: str, cache_dir: str, runs: int) -> list[float]:
    env = {**os.environ, "SUMMARIZE_CACHE_DIR": cache_dir, "PYTHONPATH": str(ROOT)}
    script = COLD_SCRIPT.format(make=COLD[backend])
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return times


def throughput(encoder: object, texts: list[str], repeat: int) -> float:
    encoder.encode(texts[:8])  # type: ignore[attr-defined]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        encoder.encode(texts)  # type: ignore[attr-defined]
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--clusters", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per input (best kept)")
    parser.add_argument("--cold", type=int, default=3, help="fresh processes per cold start")
    args = parser.parse_args()

    import numpy as np

    from summarize.embed.onnx_backend import DEFAULT_THREADS, OnnxEncoder
    from summarize.embed.torch_backend import SentenceTransformerEncoder

    print(
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
        f"{os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory(prefix="summarize-bench-") as cache_dir:
        first = cold_start("onnx", cache_dir, 1)[0]
        print(f"\ncold start, seconds from import to first vector (median of {args.cold}):")
        print(f"  onnx, first use (exports the model): {first:6.2f}")
        for backend in ("onnx", "torch"):
            times = cold_start(backend, cache_dir, args.cold)
            print(
                f"  {backend:<36} {statistics.median(times):6.2f}  "
                f"(runs: {', '.join(f'{t:.2f}' for t in times)})"
            )

        encoders = {
            "torch": SentenceTransformerEncoder(),
            "onnx, 1 thread": OnnxEncoder(cache_dir=cache_dir, threads=1),
            f"onnx, {DEFAULT_THREADS} threads (default)": OnnxEncoder(cache_dir=cache_dir),
        }
        print(f"\nthroughput, sentences/s (best of {args.repeat}, batch 64):")
        for name, texts in inputs(args.data, args.clusters).items():
            print(f"  {name}: {len(texts)} sentences")
            for label, encoder in encoders.items():
                print(f"    {label:<28} {throughput(encoder, texts, args.repeat):7.1f}")
            reference = encoders["torch"].encode(texts)
            onnx = encoders[f"onnx, {DEFAULT_THREADS} threads (default)"].encode(texts)
            cosines = np.sum(reference * onnx, axis=1)
            print(f"    cosine onnx to torch: mean {cosines.mean():.7f}, min {cosines.min():.7f}")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
