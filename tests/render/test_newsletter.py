"""The newsletter page of a real stories run (issue 25, item 4), in headless chromium: stories
by size then recency, each with its headline, cited digest and sources, a fallback said where
a story has one, and the articles set aside; the digest page and the stories page share one
base template. With SUMMARIZE_WRITE_SCREENSHOT=docs/html-stories.png the phone-width picture
is kept."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from summarize import Budget, Digest, DigestSentence, Source
from summarize.cli import cli
from summarize.render.html import render_html
from summarize.render.stories import render_stories_html
from summarize.stories import Story

from ..conftest import ROOT, Dom, browse, check_safe_story_dom, chromium
from .conftest import dump_dom, png_size

FEEDS = ROOT / "tests" / "fixtures" / "feeds"
LEANING = ("Mayor Ann Jones spoke. She said the ferry pier would be rebuilt in the spring of "
           "next year. She added that the ferry fares would stay low for the island's families.")


def newsletter(tmp_path: Path) -> Path:
    """``summarize stories`` on two feeds, a file of article records, a page of links and an
    article every sentence of which leans on the one before: one HTML page."""
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "links.txt").write_text("Share this. Menu. Log in.\n", encoding="utf-8")
    (extra / "pier.txt").write_text(f"Pier to be rebuilt\n\n{LEANING}\n", encoding="utf-8")
    page = tmp_path / "stories.html"
    result = CliRunner().invoke(cli, [
        "stories", str(FEEDS / "valley-times.rss"), str(FEEDS / "coast-herald.atom"),
        str(FEEDS / "articles.jsonl"), str(extra), "--backend", "hash", "--words", "60",
        "--format", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output
    return page


def test_the_newsletter_page_in_a_browser(tmp_path: Path) -> None:
    chromium()
    page = newsletter(tmp_path)
    dom = Dom(dump_dom(page, tmp_path))
    stories = dom.tags("article")
    check_safe_story_dom(dom, len(stories))
    shown = " ".join(dom.text)
    notes = re.findall(r'<p class="meta">(\d+) articles?(?:, (\d{4}-\d\d-\d\d))?</p>',
                       page.read_text(encoding="utf-8"))
    assert len(notes) == len(stories)
    order = [(-int(n), d == "", "" if d == "" else -date.fromisoformat(d).toordinal())
             for n, d in notes]
    assert order == sorted(order) and int(notes[0][0]) >= 2  # the biggest, then the latest
    headings = [a["id"] for a in dom.tags("h2") if a.get("id", "").startswith("story-")]
    assert len(headings) == len(stories) >= 5
    assert len([a for a in dom.tags("ol") if a.get("class") == "sources"]) == len(stories)
    assert "no sentence reads alone: the lead of its most central article" in shown
    lead = shown.index("She said the ferry pier would be rebuilt")
    assert shown.index("Mayor Ann Jones spoke.") < lead  # after what it leans on
    aside = dom.tags("section")
    assert [a.get("id") for a in aside] == ["set-aside"]
    assert "links.txt" in shown and "no sentence to summarize" in shown
    shot = tmp_path / "stories.png"
    browse(page, tmp_path, f"--screenshot={shot}", "--window-size=412,900",
           "--force-device-scale-factor=1")
    assert png_size(shot) == (412, 900) and shot.stat().st_size > 5000
    keep = os.environ.get("SUMMARIZE_WRITE_SCREENSHOT")
    if keep:
        target = Path(keep) if Path(keep).is_absolute() else ROOT / keep
        shutil.copyfile(shot, target)


def test_the_two_pages_share_one_base() -> None:
    digest = Digest(sentences=(DigestSentence(text="A bridge was approved.", article=1,
                                              position=0, citations=(1,), score=1.0),),
                    sources=(Source(1, "Bridge", url="https://example.org/b"),),
                    budget=Budget("words", 60))
    one = render_html(digest)
    many = render_stories_html([Story(id="s", headline="Bridge", articles=("b",),
                                      digest=digest)])
    head = one[:one.index("  h2 {")]  # the doctype, the head and the shared style rules
    assert many.startswith(head)
    tail = one[one.index("  .digest {"):one.index("</style>")]
    assert tail in many  # the digest's own rules, once, in both
    item = '<li>A bridge was approved. <a class="cite" href="#source-1"'
    assert item in one and item.replace("#source-1", "#story-1-source-1") in many
