"""Text copied from articles never breaks the output format.

Markdown is checked with a real CommonMark parser (markdown-it-py, tables and strikethrough on
as on GitHub): the rendered HTML must be exactly one bullet list of the sentences and one
numbered list of the sources, each item showing the article's text and nothing else (no link,
image, HTML, emphasis, code, heading, quote or nested list). Text output keeps one line per
sentence and per source; JSON parses back to the same strings and stays on one line even for
readers that split at U+2028 or NEL.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from summarize import Budget, Digest, DigestSentence, Source
from summarize.cli import cli
from summarize.errors import UsageError
from summarize.io import earlier_run
from summarize.text import one_line, one_line_name

from .conftest import HASH, profile

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

#: Sentences that pass the segmenter (so that they can reach a digest) and carry markup.
HOSTILE = [
    "# Breaking news: the council approved the new harbour bridge on Monday.",
    "1. The council approved the new harbour bridge on Monday evening.",
    "2) The mayor said the vote was a historic day for the whole city.",
    "- The mayor said the bridge would open in the spring of next year.",
    "> The police said the storm had closed the river road for two days.",
    "<script>alert('x')</script> The minister said the court ruling was final.",
    "Click [here](javascript:alert(1)) to read what the minister said about it.",
    "![tracker](http://evil.example/x.png) The union said the strike would go on.",
    "The `rm -rf` command and ``double`` code spans appeared in the court filing.",
    "Prices rose from $5 to $6 while the * and _ marks confused | table | readers.",
    "The minutes said &lt;b&gt;bold&lt;/b&gt; &amp; more about the new harbour plan.",
    "*** The storm closed the river road for the second day running, police said.",
    "=== The council met again on Tuesday to discuss the bridge plans in detail.",
    "The engineers wrote ~~nothing~~ about the <b>bridge</b> in their long report.",
    "The report ends with a backslash at the very end of this sentence today \\",
    "The minister\x1b[31m said the court\u202e ruling on the harbour was final today.",
    "<!-- a comment --> The school board reviewed the budget for the next year.",
    "---",
    "He said “the plan is dead” and the vote on the harbour bridge was a sham.",
]
TITLES = ["1. Breaking: council approves bridge", "# Heading <b>title</b> [x](javascript:y)",
          "- a list title\twith a tab", "> quoted `title` | pipe"]


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;")


def expected_html(sentences: list[str], sources: list[str]) -> str:
    """The HTML of a digest whose Markdown shows exactly these item texts."""
    return ("<ul>\n" + "".join(f"<li>{_html(s)}</li>\n" for s in sentences) + "</ul>\n"
            "<p><strong>Sources</strong></p>\n"
            "<ol>\n" + "".join(f"<li>{_html(s)}</li>\n" for s in sources) + "</ol>\n")


def shown(digest: Digest) -> tuple[list[str], list[str]]:
    """What each Markdown list item must show: the one-line text and its citations."""
    sentences = [f"{one_line(s.text)} " + "".join(f"[{n}]" for n in s.citations)
                 for s in digest.sentences]
    sources = []
    for src in digest.sources:
        where = one_line_name(src.url or src.path or "")
        sources.append((one_line(src.title) or f"Article {src.number}")
                       + (f" ({where})" if where else ""))
    return sentences, sources


def check_text(digest: Digest) -> None:
    lines = digest.to_text().split("\n")
    n = len(digest.sentences)
    assert lines[n:n + 2] == ["", "Sources:"] and lines[-1] == ""
    assert len(lines) == n + 2 + len(digest.sources) + 1
    sentences, sources = shown(digest)
    assert lines[:n] == sentences
    assert lines[n + 2:-1] == [f"[{src.number}] {s}" for src, s in zip(digest.sources, sources,
                                                                       strict=True)]


def check_markdown(digest: Digest) -> None:
    html = MD.render(digest.to_markdown())
    assert html == expected_html(*shown(digest))


def check_json(digest: Digest) -> None:
    line = digest.to_json(indent=None)
    assert len(line.splitlines()) == 1 and "\n" not in line
    obj = json.loads(line)
    assert [s["text"] for s in obj["sentences"]] == [
        re.sub("[\ud800-\udfff]", "\ufffd", s.text) for s in digest.sentences]
    assert obj["sources"][0]["title"] == re.sub("[\ud800-\udfff]", "\ufffd",
                                                digest.sources[0].title)
    line.encode("utf-8")
    assert json.loads(digest.to_json()) == obj


@pytest.fixture
def hostile_files(tmp_path):
    paths = []
    for i, title in enumerate(TITLES):
        body = "\n".join(HOSTILE[i::2] + HOSTILE[1 - i % 2::3])
        path = tmp_path / f"{i}.md" if i == 3 else tmp_path / f"{i}.txt"
        path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def test_hostile_articles_render_safely_in_every_format(hostile_files):
    args = ["digest", *hostile_files, *HASH, "--sentences", "30", "--threshold", "0.99"]
    as_json = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    obj = json.loads(as_json.stdout)
    assert len(obj["sentences"]) >= 12  # most hostile sentences made it into the digest
    digest = Digest(
        sentences=tuple(DigestSentence(text=s["text"], article=s["source"]["article"],
                                       position=s["source"]["position"],
                                       citations=tuple(s["citations"]), score=s["score"])
                        for s in obj["sentences"]),
        sources=tuple(Source(s["number"], s["title"], s["path"], s["url"])
                      for s in obj["sources"]),
        budget=Budget("sentences", 30),
    )
    for fmt in ("text", "markdown"):
        result = CliRunner().invoke(cli, [*args, "--format", fmt])
        assert result.exit_code == 0
        assert result.stdout == (digest.to_text() if fmt == "text" else digest.to_markdown())
    check_text(digest)
    check_markdown(digest)
    check_json(digest)
    md = digest.to_markdown()
    assert "<script>" not in MD.render(md) and "javascript:" not in re.findall(
        r'href="([^"]*)"', MD.render(md))
    assert "1\\. Breaking: council approves bridge" in md  # a title starting with "1."
    assert "\x1b" not in digest.to_text() and "\u202e" not in digest.to_text()


texts = st.text(min_size=1, max_size=80).filter(lambda t: one_line(t) != "")
titles = st.one_of(st.text(max_size=40), st.sampled_from(TITLES))


@pytest.mark.slow
@profile("render")
@given(sentences=st.lists(texts, min_size=1, max_size=5), titles=st.lists(titles, min_size=1,
                                                                           max_size=3),
       where=st.one_of(st.none(), st.text(max_size=30)), cluster_id=st.text(max_size=10))
def test_any_text_renders_safely(sentences, titles, where, cluster_id):
    digest = Digest(
        sentences=tuple(DigestSentence(text=t, article=1, position=i,
                                       citations=tuple(range(1, len(titles) + 1)), score=0.5)
                        for i, t in enumerate(sentences)),
        sources=tuple(Source(i + 1, t, path=where, url=None) for i, t in enumerate(titles)),
        budget=Budget(),
        id=cluster_id,
    )
    check_text(digest)
    check_markdown(digest)
    check_json(digest)


def test_jsonl_cluster_ids_cannot_break_the_markdown_or_text_output(tmp_path):
    from .conftest import STORY

    ids = ["# not a heading\n- nor a list", "1. <b>x</b>", "plain"]
    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps({"id": i, "documents": list(STORY)}) + "\n" for i in ids))
    md = CliRunner().invoke(cli, ["digest", str(src), *HASH, "--format", "markdown",
                                  "--sentences", "1"])
    assert md.exit_code == 0
    tokens = MD.parse(md.stdout)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert [h.replace("\\", "") for h in headings] == [one_line(i) for i in ids]
    assert "<b>" not in MD.render(md.stdout)
    text = CliRunner().invoke(cli, ["digest", str(src), *HASH, "--sentences", "1"])
    assert [line for line in text.stdout.splitlines() if line.startswith("== ")] == [
        f"== {one_line(i)} ==" for i in ids]


def test_undecodable_and_multiline_file_names_print_safely(tmp_path):
    from .conftest import STORY

    folder = tmp_path / "d"
    folder.mkdir()
    bad = bytes(folder) + b"/\xff\xfe-bad.txt"
    with open(bad, "wb") as fh:
        fh.write(f"First title\n\n{STORY[0]}\n".encode())
    (folder / "two\nlines.txt").write_text(f"Second title\n\n{STORY[1]}\n")
    for fmt, shown in (("text", ["\\udcff\\udcfe-bad.txt", "two\\nlines.txt"]),
                       ("markdown", ["\\\\udcff\\\\udcfe-bad.txt", "two\\\\nlines.txt"])):
        result = CliRunner().invoke(cli, ["digest", str(folder), *HASH, "--format", fmt])
        assert result.exit_code == 0, result.output
        assert all(name in result.stdout for name in shown), result.stdout  # escaped, apart
        assert all(line.isprintable() for line in result.stdout.splitlines())
    as_json = json.loads(CliRunner().invoke(cli, ["digest", str(folder), *HASH,
                                                  "--format", "json"]).stdout)
    paths = sorted(s["path"].rsplit("/", 1)[1] for s in as_json["sources"])
    assert paths == ["two\nlines.txt", "\ufffd\ufffd-bad.txt"]  # JSON keeps the line break


def test_an_earlier_run_s_record_is_read_and_files_it_did_not_write_are_refused(tmp_path):
    assert earlier_run(tmp_path, "run.json", "settings", ("table.md",), "a run") is None
    (tmp_path / "table.md").write_text("my table\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"table\.md: not written by a run \(no run\.json"):
        earlier_run(tmp_path, "run.json", "settings", ("table.md",), "a run")
    record = tmp_path / "run.json"
    record.write_text('{"settings": {"budget": 100}}', encoding="utf-8")
    assert earlier_run(tmp_path, "run.json", "settings", ("table.md",), "a run") == {
        "settings": {"budget": 100}}
    for text in ("my notes\n", "[1]\n", '{"settings": 1}\n', "\udcff"):
        record.write_text(text, encoding="utf-8", errors="surrogateescape")
        with pytest.raises(UsageError, match="run.json: not written by a run: use another"):
            earlier_run(tmp_path, "run.json", "settings", ("table.md",), "a run")
