"""Aggregating instances into per-method numbers, and writing them: JSON, Markdown, a chart.

Scores are shown ×100. Each mean comes with its percentile-bootstrap interval over clusters;
each method is compared with ``ours`` by a one-sided paired permutation test on the same
clusters (:mod:`.stats`). Beside them, the reader-quality rates (:mod:`.quality`), in percent:
unresolved references, speakerless quotes and furniture per summary sentence, summaries with a
repeated fact, unsupported citations per (sentence, cited article) pair, for the methods
that cite, and sentences in an unnamed first person.
"""

from __future__ import annotations

import contextlib
import io
import json
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..io import atomic_writer, write_atomic
from .rouge import METRIC_LABELS, METRICS
from .settings import SUMMARY, Settings
from .stats import Interval, bootstrap_interval, generator, paired_permutation_test

TABLE = "table.md"
CHART = "chart.png"
#: The method every other one is tested against.
REFERENCE_METHOD = "ours"
#: The reader-quality rates: key in :attr:`MethodResult.quality`, and table heading.
QUALITY_COLUMNS = (
    ("unresolved", "unresolved refs %"),
    ("speakerless", "speakerless quotes %"),
    ("furniture", "furniture %"),
    ("repeated", "digests with a repeated fact %"),
    ("first_person", "unnamed first person %"),
    ("unsupported", "unsupported citations %"),
)
VERSIONED = ("summarize", "rouge-score", "sumy", "nltk", "numpy", "scipy", "torch",
             "sentence-transformers", "matplotlib")


@dataclass(frozen=True)
class MethodResult:
    """One method's numbers over the run's clusters."""

    name: str
    label: str
    reads_references: bool
    clusters: int
    scores: dict[str, Interval]  #: metric -> mean (×100) and interval
    seconds: float  #: mean seconds per cluster
    words: float  #: mean words per summary, after the cut
    failures: int  #: clusters where the method raised (scored 0)
    p_ours_better: dict[str, float] | None  #: metric -> p-value; None for ours itself
    #: the reader-quality rates (:func:`quality_rates`); None when no instance has them
    quality: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "reads_references": self.reads_references,
            "clusters": self.clusters,
            "scores": {m: iv.to_dict() for m, iv in self.scores.items()},
            "seconds_per_cluster": self.seconds,
            "words_per_summary": self.words,
            "failures": self.failures,
            "p_ours_better": self.p_ours_better,
            "quality": self.quality,
        }


def _percent(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 4) if whole else None


def quality_rates(rows: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """One method's reader-quality rates over its instances, in percent: ``unresolved``,
    ``speakerless`` and ``furniture`` of all summary sentences (and of each kind); ``repeated``:
    of the summaries, those with a pair of sentences stating one fact; ``unsupported``: of the
    (sentence, cited article) pairs, None for a method that does not cite. ``per_summary``:
    the first three as the mean of each summary's own rate; ``first_person``: of all summary
    sentences, those in the first person whose voice is not named (None where an instance was
    counted before that measure). None when no instance has counts."""
    counts = [r["quality"] for r in rows if r.get("quality")]
    if not counts:
        return None
    sentences = sum(q["sentences"] for q in counts)
    cited = [q for q in counts if q.get("citations") is not None]
    citations = sum(q["citations"] for q in cited)
    said = [q for q in counts if q["sentences"]]
    out: dict[str, Any] = {
        "summaries": len(counts),
        "sentences": sentences,
        "citations": citations if cited else None,
        **{k: _percent(sum(q[k] for q in counts), sentences)
           for k in ("unresolved", "speakerless", "furniture")},
        "first_person": _percent(sum(q.get("first_person", 0) for q in counts), sentences)
        if all("first_person" in q for q in counts) else None,
        "repeated": _percent(sum(1 for q in counts if q["repeated_pairs"]), len(counts)),
        "unsupported": _percent(sum(q["unsupported"] for q in cited), citations)
        if cited else None,
        "per_summary": {k: _percent(sum(q[k] / q["sentences"] for q in said), len(said))
                        for k in ("unresolved", "speakerless", "furniture")},
    }
    for kinds in ("unresolved_kinds", "furniture_kinds"):
        total: dict[str, int] = {}
        for q in counts:
            for kind, n in q.get(kinds, {}).items():
                total[kind] = total.get(kind, 0) + n
        out[kinds] = {k: _percent(n, sentences) for k, n in sorted(total.items())}
    return out


def metric_values(instances: Sequence[dict[str, Any]], method: str, metric: str,
                  measure: str) -> list[float]:
    key = "r" if measure == "recall" else "f"
    return [100.0 * r["scores"][metric][key] for r in instances if r["method"] == method]


def aggregate(instances: Sequence[dict[str, Any]], settings: Settings) -> list[MethodResult]:
    """Per-method results, in the order of ``settings.methods``. ``instances`` must be in
    cluster order (the same for every method) so that the pairs line up."""
    from .methods import get_method

    out = []
    for name in settings.methods:
        rows = [r for r in instances if r["method"] == name]
        method = get_method(name)
        scores, p_values = {}, {}
        for metric in METRICS:
            values = metric_values(instances, name, metric, settings.measure)
            scores[metric] = bootstrap_interval(
                values, generator(settings.seed, "interval", name, metric),
                resamples=settings.resamples, confidence=settings.confidence,
            )
            if name != REFERENCE_METHOD and REFERENCE_METHOD in settings.methods:
                ours = metric_values(instances, REFERENCE_METHOD, metric, settings.measure)
                p_values[metric] = paired_permutation_test(
                    ours, values, generator(settings.seed, "test", name, metric),
                    permutations=settings.permutations,
                )
        n = max(1, len(rows))
        out.append(MethodResult(
            name=name,
            label=method.label,
            reads_references=method.reads_references,
            clusters=len(rows),
            scores=scores,
            seconds=sum(r["seconds"] for r in rows) / n,
            words=sum(r["words"] for r in rows) / n,
            failures=sum(1 for r in rows if r.get("error")),
            p_ours_better=p_values or None,
            quality=quality_rates(rows),
        ))
    return out


def settings_lines(settings: Settings) -> list[str]:
    b = settings.budget
    cut = {"words": f"-l {b.limit}", "bytes": f"-b {b.limit}"}.get(b.kind, "")
    subset = []
    if settings.ids:
        subset.append(f"ids from {settings.ids}")
    if settings.limit is not None:
        subset.append(f"first {settings.limit}")
    conf = round(settings.confidence * 100)
    return [
        f"- data: `{settings.data}`, {settings.clusters} clusters"
        + (f" ({', '.join(subset)})" if subset else ""),
        f"- budget: {b.limit} {b.kind}, every output cut as ROUGE-1.5.5 `{cut}` does; "
        f"measure: **{settings.measure}**",
        "- scorer: rouge-score, ROUGE-1 / ROUGE-2 / ROUGE-Lsum (sentences on lines), "
        f"Porter stemmer {'on' if settings.use_stemmer else 'off'}, text lower-cased, "
        "several references averaged (`-f A`); scores ×100",
        f"- intervals: {conf}% percentile bootstrap over clusters ({settings.resamples} "
        f"resamples); ours vs each method: one-sided paired permutation test "
        f"({settings.permutations} sign flips), **yes** where p < {settings.alpha}; "
        f"seed {settings.seed}",
        f"- embeddings: {settings.encoder}; seconds: per cluster, including the shared "
        "analysis / parsing a method uses",
        "- reader quality (`eval/README.md`), in %: unresolved references, speakerless quotes "
        "and furniture of all summary sentences; digests with a pair of sentences stating one "
        "fact; citations whose article does not report the sentence (methods that cite); "
        "sentences in the first person whose voice is not named",
    ]


def _cell(iv: Interval) -> str:
    return f"{iv.mean:.2f} [{iv.low:.2f}, {iv.high:.2f}]"


def _test_cell(p: float, alpha: float) -> str:
    shown = "p<0.001" if p < 0.001 else f"p={p:.3f}"
    return f"**yes** ({shown})" if p < alpha else f"no ({shown})"


def render_table(results: Sequence[MethodResult], settings: Settings) -> str:
    """The settings, then one Markdown row per method."""
    labels = [METRIC_LABELS[m] for m in METRICS]
    head = ["method", *labels, "words", "s / cluster",
            *(f"ours better? {lab}" for lab in labels), *(h for _, h in QUALITY_COLUMNS)]
    lines = [*settings_lines(settings), "", "| " + " | ".join(head) + " |",
             "|" + "|".join([" --- "] + [" ---: "] * (len(head) - 1)) + "|"]
    for r in results:
        tests = (
            [_test_cell(r.p_ours_better[m], settings.alpha) for m in METRICS]
            if r.p_ours_better else ["–"] * len(METRICS)
        )
        label = r.label + (f" ({r.failures} failed)" if r.failures else "")
        quality = [
            "–" if r.quality is None or r.quality.get(k) is None else f"{r.quality[k]:.1f}"
            for k, _ in QUALITY_COLUMNS
        ]
        lines.append("| " + " | ".join(
            [label, *(_cell(r.scores[m]) for m in METRICS), f"{r.words:.0f}",
             f"{r.seconds:.2f}", *tests, *quality]
        ) + " |")
    return "\n".join(lines) + "\n"


@cache
def versions() -> dict[str, str]:
    """Python, the packages that make the numbers, and the git revision of this checkout, as
    they were when this process first asked (a run's code is the code it started with)."""
    from importlib import metadata

    out = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    out["git"] = _git_revision()
    return out


def _git_revision() -> str:
    """The checkout's commit (``+changes`` when the working tree differs), or ``unknown``."""
    import subprocess

    root = Path(__file__).resolve().parent.parent.parent
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, text=True,
                             capture_output=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, text=True, capture_output=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return rev + ("+changes" if dirty.strip() else "")


def write_summary(out_dir: Path, settings: Settings,
                  results: Sequence[MethodResult] | None) -> None:
    """``summary.json``: settings and versions; with ``results``, the aggregates too.

    ``versions`` are those the run was first started with; a process that resumed it (or
    re-aggregated it) with other versions is listed under ``resumed_with``.
    """
    now = versions()
    first, resumed = now, []
    with contextlib.suppress(OSError, ValueError, AttributeError):
        saved = json.loads((out_dir / SUMMARY).read_text(encoding="utf-8"))
        first = saved.get("versions") or now
        resumed = list(saved.get("resumed_with") or [])
    if now != first and now not in resumed:
        resumed.append(now)
    body: dict[str, Any] = {
        "status": "running" if results is None else "done",
        "settings": settings.to_dict(),
        "versions": first,
    }
    if resumed:
        body["resumed_with"] = resumed
    if results is not None:
        body["results"] = [r.to_dict() for r in results]
    write_atomic(out_dir / SUMMARY, json.dumps(body, indent=2, sort_keys=False) + "\n")


def chart_png(results: Sequence[MethodResult], settings: Settings) -> bytes:
    """A PNG: one panel per metric, one point per method, with its interval."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(METRICS), figsize=(4.2 * len(METRICS), 0.45 * len(results)
                                                       + 1.6), sharey=True)
    names = [r.label for r in results]
    y = list(range(len(results)))[::-1]
    for ax, metric in zip(axes, METRICS, strict=True):
        means = [r.scores[metric].mean for r in results]
        err = [[r.scores[metric].mean - r.scores[metric].low for r in results],
               [r.scores[metric].high - r.scores[metric].mean for r in results]]
        for i, r in enumerate(results):
            color = ("#c44e52" if r.name == REFERENCE_METHOD else
                     "#999999" if r.reads_references else "#4c72b0")
            ax.errorbar(means[i], y[i], xerr=[[err[0][i]], [err[1][i]]], fmt="o",
                        color=color, capsize=3)
        ours = [r for r in results if r.name == REFERENCE_METHOD]
        if ours:  # a guide line at ours' mean
            ax.axvline(ours[0].scores[metric].mean, color="#c44e52", lw=0.8, ls=":")
        ax.set_title(f"{METRIC_LABELS[metric]} ({settings.measure})")
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(y)
    axes[0].set_yticklabels(names)
    b = settings.budget
    fig.suptitle(f"{Path(settings.data).name}: {settings.clusters} clusters, {b.limit} {b.kind}, "
                 f"{round(settings.confidence * 100)}% bootstrap intervals", fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def write_reports(out_dir: str | Path, results: Sequence[MethodResult], settings: Settings,
                  table: str) -> None:
    out = Path(out_dir)
    write_summary(out, settings, results)
    write_atomic(out / TABLE, table)
    with atomic_writer(out / CHART, mode="wb") as fh:
        fh.write(chart_png(results, settings))
