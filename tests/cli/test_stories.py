"""``summarize stories`` in-process (Click's CliRunner) with the hash backend: articles of two
events and one of its own make three stories; the formats, the output file, the state kept
between runs, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import HASH, PWN_SCRIPT, PWN_URL, ROOT, Dom, check_safe_story_dom, run
from .conftest import BRIDGE, SCHOOL, STORM


def write_articles(folder: Path, names_texts: list[tuple[str, str, str]]) -> list[str]:
    """Article files ``folder/name.txt``, each a title line, a blank line and the text."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, title, text in names_texts:
        path = folder / f"{name}.txt"
        path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def day_articles() -> list[tuple[str, str, str]]:
    return (
        [(f"bridge-{i + 1}", f"Harbour bridge approved ({'ABC'[i]})", t)
         for i, t in enumerate(BRIDGE)]
        + [(f"storm-{i + 1}", f"Storm closes Westhaven port ({'AB'[i]})", t)
           for i, t in enumerate(STORM)]
        + [("school-1", "Schools reopen after the strike", SCHOOL[0])]
    )


@pytest.fixture
def today(tmp_path: Path) -> Path:
    write_articles(tmp_path / "today", day_articles())
    return tmp_path / "today"


def lines_of(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def names(story: dict) -> list[str]:
    return [Path(a).stem for a in story["articles"]]


# --- three stories ----------------------------------------------------------------------------


def test_two_events_and_a_singleton_make_three_stories_as_json_lines(today):
    result = run("stories", str(today), *HASH, "--format", "json")
    assert result.exit_code == 0, result.output
    stories = lines_of(result.stdout)
    assert [s["format"] for s in stories] == ["summarize.story/1"] * 3
    # most-reported first; each story's articles in input order
    assert [names(s) for s in stories] == [["bridge-1", "bridge-2", "bridge-3"],
                                           ["storm-1", "storm-2"], ["school-1"]]
    assert [s["status"] for s in stories] == ["new"] * 3
    assert len({s["id"] for s in stories}) == 3
    assert stories[0]["headline"].startswith("Harbour bridge approved")
    assert stories[2]["headline"] == "Schools reopen after the strike"
    for story in stories:
        digest = story["digest"]
        assert digest["format"] == "summarize.digest/1" and digest["sentences"]
        assert len(digest["sources"]) == len(story["articles"])
        assert sum(len(s["text"].split()) for s in digest["sentences"]) <= 120
        for sentence in digest["sentences"]:
            assert set(sentence["citations"]) <= set(range(1, len(story["articles"]) + 1))
    assert any(len(s["citations"]) > 1 for s in stories[0]["digest"]["sentences"])
    again = run("stories", str(today), *HASH, "--format", "json")
    assert again.stdout == result.stdout  # the same input: the same bytes


def test_every_digest_option_applies_per_story(today):
    result = run("stories", str(today), *HASH, "--format", "json", "--sentences", "1",
                 "--query", "ferry services to the islands")
    assert result.exit_code == 0, result.output
    stories = lines_of(result.stdout)
    assert [len(s["digest"]["sentences"]) for s in stories] == [1, 1, 1]
    assert [s["digest"]["budget"] for s in stories] == [{"kind": "sentences", "limit": 1}] * 3
    assert "Ferry services" in stories[1]["digest"]["sentences"][0]["text"]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_show_each_story(today, fmt):
    result = run("stories", str(today), *HASH, "--format", fmt)
    assert result.exit_code == 0, result.output
    out = result.stdout
    mark = "== " if fmt == "text" else "## "
    heads = [line for line in out.splitlines() if line.startswith(mark)]
    assert len(heads) == 3
    assert heads[2].startswith(mark + "Schools reopen")
    assert "3 articles, new" in out and "2 articles, new" in out and "1 article, new" in out
    assert "[1][2]" in out if fmt == "text" else "\\[1\\]\\[2\\]" in out


def test_html_page_to_a_file(today, tmp_path):
    out = tmp_path / "news.html"
    result = run("stories", str(today), *HASH, "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and f"wrote {out}" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "3 stories from 6 articles" in page
    assert page.count('<article class="story"') == 3
    assert page.index("Harbour bridge") < page.index("Storm closes") < page.index("Schools")


@pytest.mark.slow
def test_worker_processes_give_the_same_bytes(today):
    one = run("stories", str(today), *HASH, "--format", "json")
    two = run("stories", str(today), *HASH, "--format", "json", "--workers", "2")
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert two.stdout == one.stdout and len(one.stdout.splitlines()) == 3


def test_feeds_and_json_lines_make_one_safe_page(tmp_path):
    feeds = ROOT / "tests" / "fixtures" / "feeds"
    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text(json.dumps({
        "id": "x1", "title": f"Storm {PWN_SCRIPT} closes the port", "url": PWN_URL,
        "text": STORM[0]}) + "\n", encoding="utf-8")
    out = tmp_path / "news.html"
    result = run("stories", str(feeds / "valley-times.rss"), str(feeds / "coast-herald.atom"),
                 str(hostile), *HASH, "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    dom = Dom(page)
    check_safe_story_dom(dom, page.count('<article class="story"'))
    links = {a["href"] for a in dom.tags("a") if (a["href"] or "").startswith("https://")}
    assert {"https://valley-times.example/news/2024/03/harbour-bridge-approved",
            "https://coastherald.example/riverton/harbour-bridge-vote"} <= links
    assert "&lt;script&gt;" in page and 'href="javascript' not in page


# --- the output file --------------------------------------------------------------------------


def test_output_is_written_whole_and_not_replaced_without_force(today, tmp_path):
    out = tmp_path / "stories.jsonl"
    out.write_text("someone's file\n", encoding="utf-8")
    refused = run("stories", str(today), *HASH, "--format", "json", "-o", str(out))
    assert refused.exit_code == 2
    assert "already exists" in refused.output and "--force" in refused.output
    assert out.read_text(encoding="utf-8") == "someone's file\n"
    done = run("stories", str(today), *HASH, "--format", "json", "-o", str(out), "--force")
    assert done.exit_code == 0, done.output
    assert [names(s)[0] for s in lines_of(out.read_text(encoding="utf-8"))] == [
        "bridge-1", "storm-1", "school-1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stories.jsonl", "today"]


def test_a_failed_run_leaves_no_output_file(tmp_path):
    out = tmp_path / "stories.jsonl"
    result = run("stories", str(tmp_path / "missing"), *HASH, "-o", str(out))
    assert result.exit_code != 0
    assert not out.exists() and list(tmp_path.iterdir()) == []


# --- daily runs -------------------------------------------------------------------------------


def test_state_marks_a_continued_story_updated(tmp_path):
    state = tmp_path / "state"
    articles = day_articles()
    monday = write_articles(tmp_path / "monday", [articles[0], articles[1], articles[3]])
    tuesday = write_articles(tmp_path / "tuesday", [articles[2], articles[4], articles[5]])
    first = run("stories", *monday, *HASH, "--format", "json", "--state", str(state))
    assert first.exit_code == 0, first.output
    assert [(names(s), s["status"]) for s in lines_of(first.stdout)] == [
        (["bridge-1", "bridge-2"], "new"), (["storm-1"], "new")]
    second = run("stories", *tuesday, *HASH, "--format", "json", "--state", str(state))
    assert second.exit_code == 0, second.output
    status = {names(s)[-1]: s["status"] for s in lines_of(second.stdout)}
    assert status == {"bridge-3": "updated", "storm-2": "updated", "school-1": "new"}
    ids = {names(s)[-1]: s["id"] for s in lines_of(second.stdout)}
    assert {s["id"] for s in lines_of(first.stdout)} == {ids["bridge-3"], ids["storm-2"]}


def test_articles_already_in_the_state_make_no_story_and_say_so(tmp_path):
    state = tmp_path / "state"
    articles = day_articles()
    monday = write_articles(tmp_path / "monday", articles[:2])
    tuesday = write_articles(tmp_path / "tuesday", articles[3:4])
    for paths in (monday, tuesday):
        assert run("stories", *paths, *HASH, "--state", str(state)).exit_code == 0
    again = run("stories", *monday, *HASH, "--format", "json", "--state", str(state))
    assert again.exit_code == 0, again.output
    assert "no new or updated story" in again.stderr
    # each article is still in one output record: set aside, as told by an earlier run
    aside = [json.loads(line) for line in again.stdout.splitlines()]
    assert [(a["format"], a["article"]) for a in aside] == [
        ("summarize.set_aside/1", path) for path in monday]
    assert all(a["reason"].startswith("already in the state") for a in aside)


def test_json_lines_of_articles_keep_their_ids_and_dates_apart_by_max_days(tmp_path):
    source = tmp_path / "articles.jsonl"
    rows = [{"id": "w1", "title": "Storm closes the port", "date": "2024-03-01",
             "text": STORM[0]},
            {"id": "w2", "title": "Port closed by storm", "date": "2024-03-12",
             "text": STORM[1]},
            {"id": "b1", "title": "Bridge approved", "date": "2024-03-12", "text": BRIDGE[0]}]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    apart = run("stories", str(source), *HASH, "--format", "json")
    assert apart.exit_code == 0, apart.output
    assert [(s["articles"], s["date"]) for s in lines_of(apart.stdout)] == [
        (["w2"], "2024-03-12"), (["b1"], "2024-03-12"), (["w1"], "2024-03-01")]
    together = run("stories", str(source), *HASH, "--format", "json", "--max-days", "11")
    assert together.exit_code == 0, together.output
    assert [(s["articles"], s["date"]) for s in lines_of(together.stdout)] == [
        (["w1", "w2"], "2024-03-12"), (["b1"], "2024-03-12")]


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("args, words", [
    (["--story-threshold", "0"], "--story-threshold"),
    (["--story-threshold", "1.5"], "--story-threshold"),
    (["--story-threshold", "nan"], "--story-threshold"),
    (["--story-threshold", "abc"], "--story-threshold"),
    (["--max-days", "-1"], "--max-days"),
    (["--max-days", "two"], "--max-days"),
    (["--words", "0"], "--words"),
    (["--words", "50", "--sentences", "2"], "one budget"),
    (["--format", "pdf"], "--format"),
    (["--query", "  "], "--query"),
    (["--threshold", "2"], "--threshold"),
    (["--allow-private-urls"], "--fetch"),
    (["--workers", "0"], "--workers"),
    (["--engine", "spark"], "--engine"),
    (["--address", "auto"], "--address"),
])
def test_bad_option_values_are_one_line_usage_errors(today, args, words):
    result = run("stories", str(today), *HASH, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert words in result.stderr.splitlines()[0]


def test_no_input_is_a_usage_error():
    result = run("stories", *HASH)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith("Error: give the articles")


@pytest.mark.parametrize("make", ["empty-dir", "missing", "binary", "empty-file"])
def test_unreadable_input_is_a_one_line_error(tmp_path, make):
    target = tmp_path / make
    if make == "empty-dir":
        target.mkdir()
    elif make == "binary":
        target.write_bytes(b"\x00\x01\x02" * 100)
    elif make == "empty-file":
        target.write_text("", encoding="utf-8")
    result = run("stories", str(target), *HASH)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and make in errors[0]


def test_a_url_is_not_fetched_without_fetch(tmp_path):
    result = run("stories", "https://example.invalid/feed.xml", *HASH)
    assert result.exit_code != 0
    assert "--fetch" in result.stderr and "Traceback" not in result.output


def test_help_shows_the_options_and_examples():
    result = run("stories", "--help")
    assert result.exit_code == 0
    for flag in ("--format", "--state", "--story-threshold", "--max-days", "--fetch",
                 "--words", "--query", "--force", "--backend", "--workers", "--engine"):
        assert flag in result.output
    assert "summarize stories today/" in result.output
    from summarize.cli.stories import stories

    assert [p.opts[0] for p in stories.params if p.param_type_name == "option" and not p.help] \
        == []
