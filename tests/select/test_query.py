"""Topic-focused digests: --query, Summarizer.digest(query=...), select(relevance=...), and
the harness's ours-query with --topics."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from summarize import InputError, Summarizer, UsageError
from summarize.cli import cli
from summarize.evaluation.data import read_topics
from summarize.select import SelectOptions, select
from summarize.types import Budget

from ..conftest import STORY, docs

GENERIC_FIRST = "The city council approved the new harbour bridge on Monday evening."
SHOPS = "Local shop owners said they worried about traffic during the works."
QUERY = "What do local shop owners worry about?"


#: In a three-article toy cluster each sentence adds a large share of all concepts, so the
#: default weight (tuned on DUC 2006's 25-article clusters) is outweighed; a strong one shows
#: the mechanism.
STRONG = SelectOptions(query_weight=1000.0)


def test_query_prefers_relevant_sentences(hashing):
    s = Summarizer(encoder=hashing, threshold=0.5, select_options=STRONG)
    generic = s.digest(docs(*STORY), sentences=1)
    focused = s.digest(docs(*STORY), sentences=1, query=QUERY)
    assert generic.text != SHOPS  # without the query the widely reported fact wins
    assert focused.text == SHOPS
    assert focused.sentences[0].citations == (2,)  # still cited


def test_focused_digest_stays_non_redundant_and_cited(hashing):
    s = Summarizer(encoder=hashing, threshold=0.5, select_options=STRONG)
    d = s.digest(docs(*STORY), words=60, query="harbour bridge approved by the council")
    texts = [x.text for x in d.sentences]
    assert len(set(texts)) == len(texts)
    # the three wordings of the approval are one content unit: only one of them is chosen
    approvals = [t for t in texts if "approved" in t]
    assert len(approvals) == 1
    for sentence in d.sentences:
        assert sentence.article in sentence.citations
    assert sum(len(t.split()) for t in texts) <= 60


def test_zero_weight_is_the_generic_digest(hashing):
    plain = Summarizer(encoder=hashing).digest(docs(*STORY), words=40)
    off = Summarizer(encoder=hashing, select_options=SelectOptions(query_weight=0.0))
    assert off.digest(docs(*STORY), words=40, query=QUERY) == plain


def test_relevance_is_checked(hashing):
    s = Summarizer(encoder=hashing)
    analysis = s.analyze(docs(*STORY))
    with pytest.raises(UsageError, match="one value per candidate"):
        select(analysis, Budget(), relevance=np.zeros(2))
    with pytest.raises(UsageError, match="query_weight must be a number of at least 0"):
        SelectOptions(query_weight=-1.0)
    with pytest.raises(InputError, match="the query is empty"):
        s.digest(docs(*STORY), query="  ")
    rel = s.relevance(analysis, QUERY)
    assert rel.shape == (len(analysis.sentences),)
    best = analysis.sentences[int(np.argmax(rel))].text
    assert best == SHOPS


def test_cli_query(tmp_path, hashing):
    from summarize.ingest import load_paths

    paths = []
    for i, text in enumerate(STORY):
        p = tmp_path / f"{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    base = ["digest", *paths, "--backend", "hash", "--words", "45"]
    generic = CliRunner().invoke(cli, base)
    focused = CliRunner().invoke(cli, [*base, "--query", QUERY])
    assert generic.exit_code == 0 and focused.exit_code == 0, focused.output
    library = Summarizer(encoder=hashing).digest(load_paths(paths), words=45, query=QUERY)
    assert focused.stdout == library.to_text()
    assert SHOPS not in generic.stdout and SHOPS in focused.stdout
    empty = CliRunner().invoke(cli, [*base, "--query", " "])
    assert empty.exit_code == 2 and "--query needs some text" in empty.output


def test_read_topics(tmp_path):
    f = tmp_path / "topics.jsonl"
    f.write_text(json.dumps({"id": "D1", "title": "Bridge costs",
                             "narrative": "Who pays for the bridge?"}) + "\n\n"
                 + json.dumps({"id": 2, "title": "Shops", "narrative": ""}) + "\n")
    assert read_topics(f) == {"D1": "Bridge costs. Who pays for the bridge?", "2": "Shops."}
    f.write_text('{"title": "no id"}\n')
    with pytest.raises(InputError, match=r"line 1: expected"):
        read_topics(f)


def test_eval_ours_query_needs_and_uses_topics(tmp_path):
    data = tmp_path / "data.jsonl"
    data.write_text(json.dumps({"id": "c1", "documents": list(STORY),
                                "summaries": ["Shop owners worried about traffic."]}) + "\n")
    topics = tmp_path / "topics.jsonl"
    common = ["eval", str(data), "--backend", "hash", "--words", "25", "--measure", "recall",
              "--method", "ours", "--method", "ours-query", "--no-progress",
              "--resamples", "100", "--permutations", "100"]
    missing = CliRunner().invoke(cli, common)
    assert missing.exit_code == 2 and "--method ours-query needs --topics FILE" in missing.output
    topics.write_text(json.dumps({"id": "other", "title": "x", "narrative": "y"}) + "\n")
    unknown = CliRunner().invoke(cli, [*common, "--topics", str(topics)])
    assert unknown.exit_code == 1 and "no topic for cluster 'c1'" in unknown.output
    topics.write_text(json.dumps({"id": "c1", "title": QUERY, "narrative": ""}) + "\n")
    out = tmp_path / "run"
    result = CliRunner().invoke(cli, [*common, "--topics", str(topics), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (out / "instances.jsonl").read_text().splitlines()]
    by_method = {r["method"]: r for r in rows}
    assert SHOPS in by_method["ours-query"]["output"]
    assert SHOPS not in by_method["ours"]["output"]
    assert (by_method["ours-query"]["scores"]["rouge2"]["r"]
            > by_method["ours"]["scores"]["rouge2"]["r"])
    summary = json.loads((out / "summary.json").read_text())
    assert summary["settings"]["topics"] == str(topics)


def test_a_json_lines_record_brings_its_own_query(tmp_path, hashing):
    from summarize.ingest.jsonl import cluster_from_json

    rows = [{"id": "focused", "documents": list(STORY), "query": QUERY},
            {"id": "generic", "documents": list(STORY)},
            {"id": "bad", "documents": list(STORY), "query": 7},
            {"id": "blank", "documents": list(STORY), "query": "  "}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["batch", str(source), str(out), "--backend", "hash",
                                      "--words", "45", "--workers", "1"])
    assert result.exit_code == 1, result.output  # the bad record is an error line
    lines = out.read_text(encoding="utf-8").splitlines()
    s = Summarizer(encoder=hashing)
    cluster = cluster_from_json({"id": "focused", "documents": list(STORY)})
    assert cluster.query is None
    assert lines[0] == s.digest(cluster, words=45, query=QUERY).to_json(indent=None)
    assert lines[1] == s.digest(cluster_from_json(rows[1]), words=45).to_json(indent=None)
    assert SHOPS in lines[0] and SHOPS not in lines[1]
    assert json.loads(lines[2])["error"] == "'query' must be a string"
    blank = json.loads(lines[3])  # an empty query is no query: the generic digest
    assert blank["id"] == "blank" and blank["sentences"] == json.loads(lines[1])["sentences"]
    # the library: a cluster's own query is used unless another is given
    own = cluster_from_json(rows[0])
    assert own.query == QUERY
    assert s.digest(own, words=45) == s.digest(cluster, words=45, query=QUERY)
    assert s.digest(own, words=45, query="harbour bridge") != s.digest(own, words=45)
    # the digest command reads it too; --query overrides it
    digest = CliRunner().invoke(cli, ["digest", str(source), "--backend", "hash", "--words",
                                      "45", "--format", "json"])
    assert digest.stdout.splitlines()[0] == lines[0]
