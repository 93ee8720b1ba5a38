"""Running methods over clusters: each (cluster, method) once, saved as soon as it is scored.

Every finished (cluster, method) pair is appended to ``instances.jsonl`` as one JSON line,
flushed and fsynced, so a run stopped at any moment (Ctrl-C, ``kill -9``, a power cut) loses at
most the pair it was working on. Started again with the same output directory, it reads what is
there (a torn last line is cut off), checks the settings are the same, and does only what is
missing. Scoring (here) is kept apart from aggregation (:mod:`.report`).

Each instance also holds the reader-quality counts of its summary (:mod:`.quality`: the
sentences the budget's cut keeps, measured whole) and, for a method that cites, each sentence's
citations. An instance saved before these existed gets its counts here, from its saved
sentences (and so no citation counts).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SummarizeError, UsageError
from ..types import Budget, Cluster
from .quality import ClusterText, assess
from .rouge import RougeScorer, length, truncate
from .settings import INSTANCES, SUMMARY, Settings

if TYPE_CHECKING:
    from ..embed import Encoder
    from ..summarizer import Summarizer
    from .methods import Inputs, Method

class InstanceStore:
    """``instances.jsonl``: append-only, one fsynced line per (cluster, method)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def load(self) -> list[dict[str, Any]]:
        """The saved instances; a torn last line (the start of a record, no line end) is cut
        off the file. A file with another line that is no record is not ours: refused."""
        if not self.path.exists():
            return []
        data = self.path.read_bytes()
        records: list[dict[str, Any]] = []
        good = 0  # bytes of whole, valid lines
        for line in data.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                break
            try:
                records.append(json.loads(line))
            except (json.JSONDecodeError, UnicodeDecodeError):
                break
            if not isinstance(records[-1], dict):
                records.pop()
                break
            good += len(line)
        if good < len(data):
            if b"\n" in data[good:] or not data[good:].startswith(b"{"):  # not torn
                raise UsageError(f"{self.path}: not the instances of a summarize eval run "
                                 f"(line {len(records) + 1}); not resuming over it: use "
                                 "another output directory")
            with self.path.open("r+b") as fh:
                fh.truncate(good)
                fh.flush()
                os.fsync(fh.fileno())
        return records

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())


def measured(
    output: Sequence[str], citations: Sequence[Sequence[int]] | None, budget: Budget
) -> tuple[list[str], list[Sequence[int]] | None]:
    """The sentences of ``output`` that the budget's cut keeps (at least a word of), whole,
    with their citations: what the reader-quality measures read."""
    kept = len(truncate(output, budget))
    if budget.kind == "sentences":
        chosen = list(range(len(output)))[:kept]
    else:  # the cut skips what has no words (bytes: nothing at all)
        chosen = [i for i, t in enumerate(output)
                  if (t.strip() if budget.kind == "words" else t)][:kept]
    return ([output[i] for i in chosen],
            None if citations is None else [citations[i] for i in chosen])


def quality_of(record: dict[str, Any], budget: Budget, text: ClusterText) -> dict[str, Any]:
    """The reader-quality counts of an instance's summary (see :mod:`.quality`)."""
    sentences, citations = measured(record["output"], record.get("citations"), budget)
    return assess(sentences, text, citations).to_dict()


def run_instance(
    method: Method, inputs: Inputs, budget: Budget, scorer: RougeScorer,
    references: Sequence[str], text: ClusterText | None = None,
) -> dict[str, Any]:
    """Run one method on one cluster, score its output cut to the budget, and count its
    reader-quality faults (``text``: the cluster's articles as :mod:`.quality` reads them)."""
    from .methods.base import MethodOutput

    inputs.reset_used()
    made_before = sum(inputs.seconds.values())
    start = time.perf_counter()
    error = None
    try:
        result = MethodOutput.of(method(inputs, budget))
    except SummarizeError as exc:
        result, error = MethodOutput(()), str(exc)
    elapsed = time.perf_counter() - start
    made_now = sum(inputs.seconds.values()) - made_before
    shared = sum(inputs.seconds.get(part, 0.0) for part in inputs.used)
    output = list(result.sentences)
    cut = truncate(output, budget)
    scores = scorer.score(cut, references)
    record: dict[str, Any] = {
        "id": inputs.cluster.id,
        "method": method.name,
        "output": output,
        "words": length(cut, "words"),
        "bytes": length(cut, "bytes"),
        "scores": {m: s.to_dict() for m, s in scores.items()},
        # the method's own time, plus the shared work (analysis, parsing) it used
        "seconds": round(elapsed - made_now + shared, 4),
        "shared_seconds": round(shared, 4),
        "error": error,
    }
    if result.citations is not None:
        record["citations"] = [list(c) for c in result.citations]
    if text is None:
        text = ClusterText(inputs.article_sentences)
    record["quality"] = quality_of(record, budget, text)
    return record


def _check_settings(out_dir: Path, settings: Settings) -> None:
    from ..io import earlier_run
    from .report import CHART, TABLE

    saved = earlier_run(out_dir, SUMMARY, "settings", (TABLE, CHART), "summarize eval")
    differ = [] if saved is None else settings.same_run(saved["settings"])
    if differ:
        raise UsageError(
            f"{out_dir} holds a run with other settings ({', '.join(differ)}): "
            "use another output directory"
        )


def run(
    clusters: Sequence[Cluster],
    settings: Settings,
    *,
    summarizer: Summarizer | None = None,
    encoder: Encoder | None = None,
    out_dir: str | Path | None = None,
    progress: bool | None = None,
) -> list[dict[str, Any]]:
    """Every method of ``settings`` on every cluster; the instances, in cluster order.

    ``summarizer`` is the pipeline ``ours`` and its ablations run (default: one with
    ``encoder``, else the default one). With ``out_dir``, instances already there are reused
    and new ones are saved as they come.
    """
    from ..summarizer import Summarizer
    from .methods import Inputs, MethodOptions, get_method
    from .methods.parse import article_sentences

    store = None
    done: dict[tuple[str, str], dict[str, Any]] = {}
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        _check_settings(out, settings)
        store = InstanceStore(out / INSTANCES)
        saved = store.load()  # refused when not ours, before anything is written
        from .report import write_summary

        write_summary(out, settings, None)  # the settings, before any work
        wanted = {c.id for c in clusters}
        for record in saved:
            if record.get("id") in wanted and record.get("method") in settings.methods:
                done[(record["id"], record["method"])] = record

    options = MethodOptions(
        seed=settings.seed, measure=settings.measure, use_stemmer=settings.use_stemmer
    )
    methods = [get_method(name, options) for name in settings.methods]
    scorer = RougeScorer(use_stemmer=settings.use_stemmer)
    if summarizer is None:
        summarizer = Summarizer(encoder=encoder) if encoder is not None else Summarizer()

    def finished(cluster: Cluster) -> bool:
        return all((cluster.id, m.name) in done for m in methods)


    from ..progress import progress_bar

    with progress_bar(len(clusters), sum(1 for c in clusters if finished(c)), progress,
                      1.0) as bar:
        for cluster in clusters:
            if finished(cluster):
                continue
            inputs = Inputs(cluster, summarizer)
            references = scorer.prepare(cluster.summaries)
            text = ClusterText(inputs.article_sentences)  # made once, shared by the methods
            for method in methods:
                if (cluster.id, method.name) in done:
                    continue
                record = run_instance(method, inputs, settings.budget, scorer, references,
                                      text)
                if store is not None:
                    store.append(record)
                done[(cluster.id, method.name)] = record
            bar.update(1)
    instances = []
    for cluster in clusters:
        records = [done[(cluster.id, m.name)] for m in methods]
        older = [r for r in records if "output" in r
                 and "first_person" not in r.get("quality", {})]
        if older:  # saved before the (latest) quality measures: counted now, from the output
            text = ClusterText(article_sentences(cluster))
            for record in older:
                record["quality"] = quality_of(record, settings.budget, text)
        instances += records
    return instances
