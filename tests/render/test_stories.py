"""Stories rendered (summarize.render.stories): JSON lines, text, Markdown and the newsletter
page, from hand-made stories (no model, no grouping), and the page in a real browser.

The browser test runs Debian's chromium headless (skipped when it is absent, as in
test_html.py): the page must load with no console message, request nothing over the network
(chromium's net log, where a control page shows that a request is caught), and run no script
from the articles (a control page shows that unescaped text would)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from summarize import Budget, Digest, DigestSentence, Source
from summarize.render.json import digest_dict
from summarize.render.stories import (
    STORY_FORMAT,
    render_stories_html,
    render_stories_jsonl,
    render_stories_markdown,
    render_stories_text,
    story_dict,
)
from summarize.render.text import render_markdown, render_text
from summarize.stories import SetAside, Stories, Story

from ..conftest import PWN_IMG, PWN_SCRIPT, PWN_URL, Dom, browse, check_safe_story_dom, chromium

KEYS = ["format", "id", "headline", "articles", "status", "date", "fallback", "digest"]


def make_digest(first: str, *, hostile: bool = False) -> Digest:
    return Digest(
        sentences=(
            DigestSentence(text=first, article=1, position=0, citations=(1, 2), score=2.5),
            DigestSentence(text="Officials said more would follow within days.", article=2,
                           position=2, citations=(2,), score=1.25),
        ),
        sources=(
            Source(1, f"Council {PWN_IMG} votes" if hostile else "Council votes",
                   url=PWN_URL if hostile else None, path="a.txt", site="<b>Site</b>"),
            Source(2, "Second paper", url="https://example.org/a?x=1&y=2",
                   author=PWN_SCRIPT if hostile else "Ann Lee", date="2024-03-12"),
        ),
        budget=Budget("words", 80),
    )


def make_stories(hostile: bool = False) -> list[Story]:
    """Three stories, in the order a page shows them: two articles (updated), two (new), one."""
    bad = f" {PWN_SCRIPT}" if hostile else ""
    return [
        Story(id="a.txt", headline=f"Council approves the bridge{bad}",
              articles=("a.txt", "b.txt"), status="updated", date="2024-03-12",
              digest=make_digest(f"The council approved the bridge{bad} on Monday.",
                                 hostile=hostile)),
        Story(id="c.txt", headline="Storm closes the port\nfor two days",
              articles=("c.txt", "d.txt"), status="new", date=None,
              digest=make_digest("A storm closed the port for two days.")),
        Story(id="e.txt", headline="Schools reopen — élèves return", articles=("e.txt",),
              digest=make_digest("Schools reopened after the holidays, the city said.")),
    ]


# --- JSON lines -------------------------------------------------------------------------------


def test_jsonl_one_line_per_story_in_order_with_fixed_keys():
    stories = make_stories()
    out = render_stories_jsonl(stories)
    lines = out.splitlines()
    assert out.endswith("\n") and len(lines) == 3
    objs = [json.loads(line) for line in lines]
    assert [list(o) for o in objs] == [KEYS] * 3
    assert [o["format"] for o in objs] == [STORY_FORMAT] * 3 == ["summarize.story/1"] * 3
    assert [o["id"] for o in objs] == ["a.txt", "c.txt", "e.txt"]
    assert [o["articles"] for o in objs] == [["a.txt", "b.txt"], ["c.txt", "d.txt"], ["e.txt"]]
    assert [o["status"] for o in objs] == ["updated", "new", "new"]
    assert [o["date"] for o in objs] == ["2024-03-12", None, None]
    assert objs[1]["headline"] == "Storm closes the port\nfor two days"  # kept, as escaped JSON
    for obj, story in zip(objs, stories, strict=True):
        assert obj["digest"] == json.loads(json.dumps(digest_dict(story.digest)))
        assert obj == json.loads(json.dumps(story_dict(story)))
    assert "élèves" in out  # not \u-escaped (ensure_ascii=False, as the digest's JSON)
    assert render_stories_jsonl(list(reversed(stories))).splitlines() == lines[::-1]
    assert render_stories_jsonl([]) == ""


def test_jsonl_line_breaks_in_article_text_stay_inside_their_line():
    story = make_stories()[0]
    odd = Story(id="x\u2028y", headline="one\u2029two\x85three\r\nfour", articles=("x",),
                digest=make_digest("Line one.\nLine two\u2028three, \ud800 lone."))
    out = render_stories_jsonl([odd, story])
    assert len(out.splitlines()) == 2 and len(out.split("\n")) == 3
    first = json.loads(out.splitlines()[0])
    assert first["headline"] == "one\u2029two\x85three\r\nfour"
    assert first["digest"]["sentences"][0]["text"] == "Line one.\nLine two\u2028three, \ufffd lone."
    out.encode("utf-8")  # no lone surrogate left


ASIDE = (SetAside("junk.html", "no sentence to summarize: every line is too short"),
         SetAside(f"bad{PWN_SCRIPT}.html", f"no sentence {PWN_IMG}"))


def test_set_aside_articles_follow_the_stories_in_every_format():
    stories = Stories(make_stories()[:1], ASIDE)
    lines = [json.loads(line) for line in render_stories_jsonl(stories).splitlines()]
    assert [o["format"] for o in lines] == [STORY_FORMAT, "summarize.set_aside/1",
                                            "summarize.set_aside/1"]
    assert lines[1] == {"format": "summarize.set_aside/1", "article": "junk.html",
                        "reason": "no sentence to summarize: every line is too short"}
    assert render_stories_jsonl(stories, ()) == render_stories_jsonl(list(stories))
    text = render_stories_text(stories)
    assert text.endswith("== Set aside ==\n- junk.html: no sentence to summarize: every "
                         f"line is too short\n- bad{PWN_SCRIPT}.html: no sentence {PWN_IMG}\n")
    markdown = render_stories_markdown(stories)
    assert "## Set aside\n\n- junk.html: no sentence to summarize" in markdown
    assert "<script>" not in markdown
    dom = Dom(render_stories_html(stories))
    assert "Set aside" in dom.text and "junk.html" in dom.text
    assert dom.tags("script") == [] and dom.tags("img") == []
    assert "Set aside" not in render_stories_text(make_stories())


def test_a_fallback_is_said_in_every_format():
    story = dataclasses.replace(make_stories()[2], fallback="lead")
    assert json.loads(render_stories_jsonl([story]))["fallback"] == "lead"
    note = "the lead of its most central article"
    assert note in render_stories_text([story]) and note in render_stories_markdown([story])
    assert note in " ".join(Dom(render_stories_html([story])).text)


# --- text and Markdown ------------------------------------------------------------------------


def test_text_shows_headline_count_status_and_each_digest():
    stories = make_stories()
    out = render_stories_text(stories)
    assert out.startswith(
        "== Council approves the bridge ==\n(2 articles, updated, 2024-03-12)\n\n")
    assert "== Storm closes the port for two days ==\n(2 articles, new)\n" in out
    assert "== Schools reopen — élèves return ==\n(1 article, new)\n" in out
    for story in stories:
        assert render_text(story.digest) in out
    assert "The council approved the bridge on Monday. [1][2]" in out
    assert out.index("Council approves") < out.index("Storm closes") < out.index("Schools")
    assert out.count("Sources:") == 3


def test_markdown_shows_headline_count_status_and_escapes():
    stories = make_stories(hostile=True)
    out = render_stories_markdown(stories)
    assert "<script>" not in out and "\\<script\\>" in out
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert len(headings) == 3 and headings[1] == "## Storm closes the port for two days"
    assert "*2 articles, updated, 2024-03-12*" in out and "*1 article, new*" in out
    for story in stories:
        assert render_markdown(story.digest) in out
    assert "\\[1\\]\\[2\\]" in out


# --- the page ---------------------------------------------------------------------------------


def test_html_page_stories_in_order_with_badges_and_citations():
    stories = make_stories()
    page = render_stories_html(stories, title="Morning <briefing>", lang="en-GB")
    dom = Dom(page)
    check_safe_story_dom(dom, 3)
    assert page.startswith("<!DOCTYPE html>") and dom.tags("html") == [{"lang": "en-GB"}]
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in dom.tags(
        "meta")
    assert "Morning &lt;briefing&gt;" in page and "3 stories from 5 articles" in page
    heads = [line for line in page.splitlines() if line.startswith("<h2")]
    assert [("updated" in h, "new" in h) for h in heads] == [(True, False), (False, True),
                                                            (False, True)]
    assert "Storm closes the port for two days</h2>" in heads[1]
    cites = [a["href"] for a in dom.tags("a") if a.get("class") == "cite"]
    assert cites == [f"#story-{k}-source-{n}" for k in (1, 2, 3) for n in (1, 2, 2)]
    assert [a["href"] for a in dom.tags("a") if (a["href"] or "").startswith("#story-")
            and "source" not in (a["href"] or "")] == ["#story-1", "#story-2", "#story-3"]
    assert 'href="https://example.org/a?x=1&amp;y=2"' in page
    assert "1 article</p>" in page and "2 articles, 2024-03-12</p>" in page
    assert render_stories_html(stories) == render_stories_html(stories)  # no clock, no order leak


def test_html_page_escapes_everything_from_the_articles():
    page = render_stories_html(make_stories(hostile=True))
    dom = Dom(page)
    check_safe_story_dom(dom, 3)
    assert "&lt;script&gt;document.documentElement" in page
    assert "&lt;img src=x onerror=" in page and "&lt;b&gt;Site&lt;/b&gt;" in page
    assert 'href="javascript' not in page and "javascript:document" in page
    assert Dom(render_stories_html([], lang='en" onload="x')).tags("html") == [{"lang": "en"}]


@pytest.mark.slow
def test_browser_loads_the_page_quietly_offline_and_runs_no_article_script(tmp_path):
    chromium()

    def visit(name: str, html: str) -> tuple[Dom, list[str], list[str]]:
        page = tmp_path / f"{name}.html"
        page.write_text(html, encoding="utf-8")
        net = tmp_path / f"{name}.net.json"
        result = browse(page, tmp_path, "--enable-logging=stderr", "--v=0",
                        f"--log-net-log={net}", "--dump-dom")
        console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
        events = json.loads(net.read_text(encoding="utf-8"))["events"]
        requests = sorted({  # requests the page made (the browser's own are keyed otherwise)
            e["params"]["url"] for e in events
            if isinstance(e.get("params"), dict) and "url" in e["params"]
            and "file://" in str(e["params"].get("network_isolation_key", ""))})
        return Dom(result.stdout), console, requests

    # controls: this browser does report a console message, a request and unescaped script
    dom, console, requests = visit("control", (
        "<!DOCTYPE html><html><body><img src='https://example.com/x.png'>"
        f"<p>{PWN_IMG}</p><script>console.log('hello')</script></body></html>"))
    assert console and requests == ["https://example.com/x.png"]
    assert dom.tags("html")[0].get("data-pwned") == "img"

    dom, console, requests = visit("stories", render_stories_html(make_stories(hostile=True)))
    assert console == [] and requests == []
    assert "data-pwned" not in dom.tags("html")[0]
    check_safe_story_dom(dom, 3)
    shown = " ".join(dom.text)
    assert PWN_SCRIPT in shown and PWN_IMG in shown  # shown as text, exactly


def badges_of(stories: list[Story]) -> list[str | None]:
    dom = Dom(render_stories_html(stories))
    return [a.get("class") for a in dom.tags("span") if "badge" in (a.get("class") or "")]


def test_one_badge_per_story_as_its_status_when_a_story_continues():
    new, updated = (Story(id=s, headline="H", articles=(s,), status=s,  # type: ignore[arg-type]
                          digest=make_digest("A sentence that says something."))
                    for s in ("new", "updated"))
    # the contents list's lines, then the stories' headings
    assert badges_of([updated, new]) == ["badge badge-updated", "badge badge-new"] * 2
    assert badges_of([updated]) == ["badge badge-updated"] * 2
    assert badges_of([new, new]) == []  # no saved story: every one is new, so none is marked
