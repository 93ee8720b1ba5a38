"""One input dispatcher for both commands (issue 25): ``summarize digest`` reads files,
directories, feeds and JSON records of articles through the reader ``summarize stories``
uses, so a format added once works in both."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

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
