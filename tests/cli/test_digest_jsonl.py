"""``summarize digest`` on JSON lines: a file of articles is one digest, the same as the same
articles given as files; a file of clusters is one digest per line, as before; which one a
file is comes from its content (``ingest.jsonl.records_in``), and a file mixing the two is an
error naming the line."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from summarize.ingest.jsonl import records_in

from ..conftest import CORPORA, HASH, STORY, run, write_lines

ARTICLES = sorted(CORPORA.glob("*.txt"))


def article_records(tmp_path: Path, name: str = "articles.jsonl") -> Path:
    """The example cluster's articles as JSON lines of ``{"id", "text"}``."""
    rows = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in ARTICLES]
    return write_lines(tmp_path / name, rows)


def without_paths(out: str, fmt: str) -> str:
    """A digest of the files with their paths taken out of its sources (a record has none)."""
    for p in ARTICLES:
        if fmt == "json":
            out = out.replace(f'"path": {json.dumps(str(p))}', '"path": null')
        elif fmt == "markdown":
            out = out.replace(f" ({str(p).replace('_', chr(92) + '_')})", "")
        else:
            out = out.replace(f" ({p})", "")
    return out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
@pytest.mark.parametrize("options", [[], ["--words", "60"], ["--query", "Russian evacuation"]])
def test_json_lines_of_articles_give_the_digest_of_the_same_articles_as_files(
        tmp_path, fmt, options):
    files = run("digest", *map(str, ARTICLES), *HASH, "--format", fmt, *options)
    lines = run("digest", str(article_records(tmp_path)), *HASH, "--format", fmt, *options)
    assert files.exit_code == 0 and lines.exit_code == 0, lines.output
    assert lines.stderr == ""
    assert lines.stdout != files.stdout  # the files' paths are listed
    assert lines.stdout == without_paths(files.stdout, fmt)  # and that is all that differs


@pytest.mark.parametrize("name", ["a.ndjson", "a.jsonl.gz", "a.json"])
def test_every_json_lines_name_of_articles_is_one_digest(tmp_path, name):
    plain = article_records(tmp_path, "plain.jsonl")
    path = tmp_path / name
    data = plain.read_bytes()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    expected = run("digest", str(plain), *HASH, "--format", "json")
    result = run("digest", str(path), *HASH, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout == expected.stdout
    assert len(json.loads(result.stdout)["sources"]) == len(ARTICLES)


@pytest.mark.parametrize("kind", ["articles", "clusters"])
@pytest.mark.parametrize("name", ["marked.jsonl", "marked.json"])
def test_a_byte_order_mark_before_the_first_line_is_read_past(tmp_path, kind, name):
    """A UTF-8 BOM (Notepad, PowerShell's ``Out-File -Encoding utf8``) made the first line
    'not valid JSON (Unexpected UTF-8 BOM …)': a file of articles was refused whole."""
    plain = article_records(tmp_path, "plain.jsonl") if kind == "articles" else write_lines(
        tmp_path / "plain.jsonl", [{"id": "c", "documents": list(STORY)}])
    marked = tmp_path / name
    marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    expected = run("digest", str(plain), *HASH, "--format", "json")
    result = run("digest", str(marked), *HASH, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout == expected.stdout
    if kind == "articles":
        stories = run("stories", str(marked), *HASH, "--format", "json")
        assert stories.exit_code == 0, stories.output
        assert stories.stdout == run("stories", str(plain), *HASH, "--format", "json").stdout
    else:
        out = tmp_path / "out.jsonl"
        batch = run("batch", str(marked), str(out), *HASH, "--workers", "1")
        assert batch.exit_code == 0, batch.output
        assert json.loads(out.read_text())["id"] == "c"


def test_json_lines_of_articles_join_the_other_paths_and_make_a_page(tmp_path):
    records = article_records(tmp_path)
    extra = tmp_path / "extra.txt"
    extra.write_text("Harbour story\n\n" + STORY[0] + "\n")
    both = run("digest", str(records), str(extra), *HASH, "--format", "json")
    assert both.exit_code == 0, both.output
    assert [s["path"] for s in json.loads(both.stdout)["sources"]] == \
        [None] * len(ARTICLES) + [str(extra)]
    page = run("digest", str(records), *HASH, "--format", "html")
    assert page.exit_code == 0, page.output
    assert page.stdout.startswith("<!DOCTYPE html>")


def test_json_lines_of_clusters_still_give_a_digest_a_line(tmp_path):
    path = write_lines(tmp_path / "c.jsonl", [
        '{"id": NaN, "documents": ["x"]}',  # a broken first line does not decide
        {"id": "harbour", "documents": list(STORY)},
        {"id": "solo", "documents": [STORY[2]], "text": "a cluster may carry other keys"}])
    result = run("digest", str(path), *HASH, "--format", "json")
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["harbour", "solo"]
    assert result.stderr.splitlines()[-1] == "Error: 1 cluster(s) failed (see the errors above)"
    with_other = run("digest", str(path), str(ARTICLES[0]), *HASH)
    assert with_other.exit_code == 2
    assert "a JSON-lines file of clusters must be the only PATH" in with_other.stderr
    assert run("digest", str(path), *HASH, "--format", "html").exit_code == 2


ONE_ARTICLE = {"id": "a", "text": STORY[0]}
ONE_CLUSTER = {"id": "c", "documents": list(STORY)}


@pytest.mark.parametrize("rows,message", [
    ([ONE_ARTICLE, ONE_CLUSTER], "line 2: a cluster record ('documents'), not an article "
                                 "({\"id\", \"text\"}): one file holds one kind of record"),
    ([ONE_ARTICLE, "{broken"], "line 2: not valid JSON (Expecting property name"),
    ([ONE_ARTICLE, {"id": "b", "text": 3}], "line 2: 'text' must be a string"),
    ([ONE_ARTICLE, {"id": "a", "text": STORY[1]}], "line 2: the id 'a' is already on line 1"),
], ids=["a cluster among articles", "broken line", "text not a string", "id repeated"])
def test_a_bad_file_of_articles_is_one_line_and_writes_nothing(tmp_path, rows, message):
    path = write_lines(tmp_path / "a.jsonl", rows)
    out = tmp_path / "digest.txt"
    result = run("digest", str(path), *HASH, "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Error: {path}, {message}")
    assert not out.exists()


def test_an_article_among_clusters_is_that_line_s_error(tmp_path):
    path = write_lines(tmp_path / "c.jsonl", [ONE_CLUSTER, ONE_ARTICLE])
    result = run("digest", str(path), *HASH, "--format", "json")
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["c"]
    assert result.stderr.splitlines() == [
        f"error: {path}, line 2 (cluster a): an article record ('text'), not a cluster "
        "({\"id\", \"documents\"}): one file holds one kind of record",
        "Error: 1 cluster(s) failed (see the errors above)"]


@pytest.mark.parametrize("rows,kind", [
    ([ONE_CLUSTER, ONE_ARTICLE], "clusters"),
    ([ONE_ARTICLE, ONE_CLUSTER], "articles"),
    (["{broken", [1, 2], {"id": "x"}, ONE_ARTICLE], "articles"),
    ([{"text": "both", "documents": ["both"]}], "clusters"),
    (["{broken", {"id": "x"}], None),
    ([], None),
])
def test_the_first_line_with_documents_or_text_decides(tmp_path, rows, kind):
    path = write_lines(tmp_path / "x.jsonl", rows)
    assert records_in(path) == kind
    packed = tmp_path / "x.jsonl.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    assert records_in(packed) == kind


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_not_read_to_decide(tmp_path):
    pipe = tmp_path / "p.jsonl"
    os.mkfifo(pipe)
    assert records_in(pipe) is None  # returns at once: opening it would wait for a writer
