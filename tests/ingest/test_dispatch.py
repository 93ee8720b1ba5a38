"""One input dispatcher for both commands (issue 25): ``summarize digest`` reads files,
directories, feeds and JSON records of articles through the reader ``summarize stories``
uses, so a format added once works in both."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import InputError, SummarizeWarning
from summarize.cli import cli
from summarize.ingest import load_paths
from summarize.ingest.articles import load_articles

from ..conftest import HASH, ROOT

FEEDS = ROOT / "tests" / "fixtures" / "feeds"
WEB = ROOT / "tests" / "fixtures" / "web"


def test_digest_and_stories_read_the_same_articles(tmp_path: Path) -> None:
    records = tmp_path / "wire.json"  # a .json file of article records, not of clusters
    records.write_bytes((FEEDS / "articles.jsonl").read_bytes())
    inputs = [str(FEEDS / "valley-times.rss"), str(FEEDS / "coast-herald.atom"),
              str(records), str(WEB)]
    digest_docs = load_paths(inputs)
    assert digest_docs == load_articles(inputs)
    titles = {d.title for d in digest_docs}
    assert {"Harbour bridge approved after long debate", "Fish market reopens"} <= titles
    assert len(digest_docs) > len(inputs)  # a feed's entries and the records, one article each


def test_digest_of_a_feed_cites_its_entries(tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    shutil.copy(FEEDS / "valley-times.rss", feed)
    result = CliRunner().invoke(cli, ["digest", str(feed), *HASH, "--format", "json"])
    assert result.exit_code == 0, result.output
    digest = json.loads(result.stdout)
    assert len(digest["sources"]) == len(load_articles([str(feed)])) > 1
    assert all(s["url"].startswith("https://valley-times.example/") for s in digest["sources"])


def test_an_input_given_twice_is_one_source_of_a_digest_as_of_the_stories(
        tmp_path: Path) -> None:
    """``summarize digest a.txt a.txt`` (a shell glob's overlap, a feed given twice) cited the
    one article as two sources, each sentence's support counted twice; ``stories`` read it
    once, with a warning."""
    import pytest

    from summarize import SummarizeWarning

    feed = str(FEEDS / "coast-herald.atom")
    with pytest.warns(SummarizeWarning, match="already read from"):
        twice = load_paths([feed, feed])
    with pytest.warns(SummarizeWarning, match="already read from"):
        assert twice == load_articles([feed, feed]) == load_paths([feed])
    article = tmp_path / "a.txt"
    article.write_text("Harbour bridge approved\n\nThe city council approved the new harbour "
                       "bridge on Monday evening after a long debate.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["digest", str(article), str(article), *HASH,
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["sources"]) == 1
    assert "already read from" in result.stderr


ARTICLE = ("Harbour bridge approved\n\nThe city council approved the new harbour bridge on "
           "Monday evening after a long debate.\n")


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="no /dev/stdin here")
@pytest.mark.parametrize("command", ["digest", "stories"])
@pytest.mark.parametrize("piped", [True, False])
def test_standard_input_named_twice_is_read_once(tmp_path: Path, command: str,
                                                 piped: bool) -> None:
    """``- /dev/stdin`` (standard input as ``-`` and by its path): a file redirected in was
    read twice and cited as two sources; a pipe, read out by the first, made the second
    "the file is empty" and failed the run."""
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    for paths in (["-", "/dev/stdin"], ["/dev/stdin", "-"]):
        with article.open("rb") as fh:
            done = subprocess.run(
                [sys.executable, "-m", "summarize", command, *paths, *HASH, "--format", "json"],
                cwd=ROOT, input=article.read_bytes() if piped else None,
                stdin=None if piped else fh, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr
        if command == "digest":
            assert len(json.loads(done.stdout)["sources"]) == 1
        else:
            first = "<stdin>" if paths[0] == "-" else paths[0]
            assert [json.loads(line)["articles"]
                    for line in done.stdout.splitlines()] == [[first]]
        assert f"skipped {paths[1]}: already read from {paths[0]}" in done.stderr.decode()


def test_a_feed_named_twice_is_read_once_though_its_entries_have_no_id(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry with no guid and no link is named after the feed as given (``f.rss#1``), so
    ``f.rss ./f.rss`` read each such entry twice."""
    monkeypatch.chdir(tmp_path)
    Path("f.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley</title>'
        "<item><title>Bridge</title><description>The city council approved the new harbour "
        "bridge on Monday evening after a long debate.</description></item>"
        "<item><title>Ferry</title><description>The ferry service will run twice an hour "
        "from the first of May, the operator said.</description></item>"
        "</channel></rss>", encoding="utf-8")
    for load in (load_paths, load_articles):
        with pytest.warns(SummarizeWarning, match="skipped ./f.rss: already read from f.rss"):
            assert [d.id for d in load(["f.rss", "./f.rss"])] == ["f.rss#1", "f.rss#2"]



@pytest.mark.parametrize("paths", [["a.txt", "./a.txt"], ["today", "today/a.txt"],
                                   ["today/a.txt", "today"], ["today/a.txt", "today", "a.txt"]])
def test_a_file_named_twice_counts_once_toward_max_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paths: list[str]) -> None:
    """The total was checked, and the allowance used, once per name: ``a.txt ./a.txt`` was
    refused over a limit that the one file read fits in."""
    monkeypatch.chdir(tmp_path)
    Path("today").mkdir()
    Path("today/a.txt").write_text(ARTICLE, encoding="utf-8")
    Path("a.txt").symlink_to("today/a.txt")
    limit = len(ARTICLE.encode()) * 3 // 2
    for load in (load_paths, load_articles):
        with pytest.warns(SummarizeWarning, match="already read from"):
            assert len(load(paths, max_bytes=limit)) == 1
    result = CliRunner().invoke(cli, ["digest", *paths, *HASH, "--max-bytes", str(limit)])
    assert result.exit_code == 0, result.output
    Path("b.txt").write_text(ARTICLE.replace("Monday", "Friday"), encoding="utf-8")
    with pytest.raises(InputError, match="for all input together"):  # another file counts
        load_paths([*paths, "b.txt"], max_bytes=limit)

