"""--format html and Digest.to_html(): escaping, links, accessibility, and a real browser.

The browser tests run Debian's chromium headless (``.ci/run`` installs it) and skip when it is
absent. Hostile article text tries to run script in the page; the DOM chromium builds (after
loading the page, images included) must hold no element or handler that came from it. A control
page with the same text left unescaped shows that the check would catch it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import Budget, Digest, DigestSentence, Document, Source, Summarizer
from summarize.cli import cli
from summarize.ingest import load_paths
from summarize.render.html import safe_href

from ..conftest import PWN_IMG, PWN_SCRIPT, PWN_URL, ROOT, Dom, browse, chromium
from .conftest import dump_dom, png_size

WEB = ROOT / "tests" / "fixtures" / "web"
def check_safe_dom(dom: Dom) -> None:
    """No script, no event handler, no link but #source-N and http(s); every citation lands."""
    assert dom.tags("script") == []
    assert dom.tags("img") == [] and dom.tags("iframe") == []
    for tag, attrs in dom.elements:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        assert "data-pwned" not in attrs
    ids = {a["id"] for _, a in dom.elements if a.get("id")}
    hrefs = [a["href"] or "" for a in dom.tags("a")]
    cites = [h for h in hrefs if h.startswith("#")]
    assert cites, "no citation link"
    for h in hrefs:
        assert h.startswith(("#source-", "http://", "https://")), h
    for h in cites:
        assert h[1:] in ids, f"citation {h} has no target"


def hostile_digest() -> Digest:
    return Digest(
        sentences=(
            DigestSentence(text=f"The council met {PWN_SCRIPT} on Monday evening.", article=1,
                           position=0, citations=(1, 2), score=2.0),
            DigestSentence(text=f"Shop owners worried {PWN_IMG} about traffic.", article=2,
                           position=3, citations=(2,), score=1.0),
        ),
        sources=(
            Source(1, f"Council {PWN_IMG} votes", url=PWN_URL, site="<b>Site</b>"),
            Source(2, "Second paper", url="https://example.org/a?x=1&y=2", author=PWN_SCRIPT,
                   date="2024-03-12"),
        ),
        budget=Budget("words", 100),
        id="<i>cluster</i>",
    )


def test_html_escapes_everything_from_the_articles():
    page = hostile_digest().to_html()
    check_safe_dom(Dom(page))
    assert "&lt;script&gt;document.documentElement" in page
    assert "&lt;img src=x onerror=" in page
    assert "&lt;b&gt;Site&lt;/b&gt;" in page and "&lt;i&gt;cluster&lt;/i&gt;" in page
    # the javascript: URL is shown as text, never as a link
    assert 'href="javascript' not in page and "javascript:document" in page
    dom = Dom(page)
    assert [a["href"] for a in dom.tags("a") if not (a["href"] or "").startswith("#")] == [
        "https://example.org/a?x=1&y=2"]
    assert 'href="https://example.org/a?x=1&amp;y=2"' in page


def test_html_page_is_self_contained_and_accessible():
    page = hostile_digest().to_html(title="Morning <briefing>", lang="en-GB")
    dom = Dom(page)
    assert page.startswith("<!DOCTYPE html>")
    assert dom.tags("html") == [{"lang": "en-GB"}]
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in dom.tags(
        "meta")
    assert {"charset": "utf-8"} in dom.tags("meta")
    assert "max-width" in page
    assert dom.tags("link") == [] and dom.tags("script") == []  # nothing loaded from elsewhere
    assert "Morning &lt;briefing&gt;" in page
    assert [a["id"] for a in dom.tags("li") if a.get("id")] == ["source-1", "source-2"]
    assert [a.get("aria-label") for a in dom.tags("a") if a.get("class") == "cite"] == [
        "source 1", "source 2", "source 2"]
    # a language tag that is not one falls back to English instead of reaching the attribute
    assert Dom(hostile_digest().to_html(lang='en" onload="x')).tags("html") == [{"lang": "en"}]


@pytest.mark.parametrize("url, ok", [
    ("https://example.com/a", True),
    ("http://example.com", True),
    ("HTTPS://EXAMPLE.COM/x", True),
    ("javascript:alert(1)", False),
    (" javascript:alert(1)", False),
    ("data:text/html,<script>", False),
    ("https://", False),
    ("//example.com/a", False),
    ("file:///etc/passwd", False),
    ("https://exa mple.com", False),
    ('https://example.com/"onmouseover="x', False),
    (None, False),
])
def test_only_http_urls_become_links(url, ok):
    assert (safe_href(url) is not None) is ok


def test_cli_format_html(tmp_path):
    out = tmp_path / "digest.html"
    result = CliRunner().invoke(cli, ["digest", str(WEB), "--backend", "hash", "--format",
                                      "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    dom = Dom(page)
    check_safe_dom(dom)
    links = [a["href"] for a in dom.tags("a") if (a["href"] or "").startswith("https://")]
    assert sorted(links) == [
        "https://coastherald.example/riverton/harbour-bridge-vote",
        "https://northshore.example/2024/bridge-vote-explained",
        "https://valley-times.example/news/2024/03/harbour-bridge-approved",
    ]
    assert "Coast Herald, Samir Okafor, 2024-03-12" in page


def test_cli_html_refuses_many_clusters(tmp_path):
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text('{"id": "a", "documents": ["One sentence that is long enough here."]}\n')
    result = CliRunner().invoke(cli, ["digest", str(jsonl), "--format", "html"])
    assert result.exit_code == 2
    assert "--format html makes one page" in result.output
    assert "Traceback" not in result.output


# --- a real browser ---------------------------------------------------------------------------


@pytest.mark.slow
def test_browser_runs_no_script_from_the_articles(tmp_path):
    chromium()
    # control: the same text left unescaped does run in this browser, so the check can fail
    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><html><body><p>{PWN_IMG}</p></body></html>",
                       encoding="utf-8")
    assert Dom(dump_dom(control, tmp_path)).tags("html")[0].get("data-pwned") == "img"

    page = tmp_path / "digest.html"
    page.write_text(hostile_digest().to_html(), encoding="utf-8")
    dom = Dom(dump_dom(page, tmp_path))
    assert "data-pwned" not in dom.tags("html")[0]
    check_safe_dom(dom)
    shown = " ".join(dom.text)
    assert PWN_SCRIPT in shown and PWN_IMG in shown  # shown as text, exactly


@pytest.mark.slow
def test_browser_screenshot_at_phone_width(tmp_path):
    """The digest of the fixture web pages at a phone's width. With
    SUMMARIZE_WRITE_SCREENSHOT=docs/html-digest.png the picture is kept (docs/cli.md shows it)."""
    chromium()
    docs = load_paths([str(p) for p in sorted(WEB.iterdir())])
    assert all(isinstance(d, Document) and d.url for d in docs)
    from summarize import HashingEncoder

    digest = Summarizer(encoder=HashingEncoder()).digest(docs, words=90)
    page = tmp_path / "digest.html"
    page.write_text(digest.to_html(title="Riverton harbour bridge"), encoding="utf-8")
    check_safe_dom(Dom(dump_dom(page, tmp_path)))
    shot = tmp_path / "digest.png"
    browse(page, tmp_path, f"--screenshot={shot}", "--window-size=412,740",
           "--force-device-scale-factor=1")
    assert png_size(shot) == (412, 740)
    assert shot.stat().st_size > 5000  # a rendered page, not a blank one
    keep = os.environ.get("SUMMARIZE_WRITE_SCREENSHOT")
    if keep:
        target = Path(keep) if Path(keep).is_absolute() else ROOT / keep
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, target)
