"""Feeds that would hold a stories run (issue 29): one deadline for all of a run's fetching,
a few pages at a time and two per host (row 2); an entry linking or redirecting to a private
address skipped as a 404 is (row 7); ``max_entries`` bounding the parse (row 9); ids scoped
by their text (row 11); warnings naming flags and counted (row 14).

Every URL is served by an http.server on 127.0.0.1 in a thread: no test reaches the internet.
"""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import SummarizeWarning, UsageError
from summarize.cli import cli
from summarize.ingest import guard as guard_module
from summarize.ingest import web as web_module
from summarize.ingest.articles import load_articles
from summarize.ingest.feeds import parse_feed

from ..local_server import serve

ARTICLE = ("The city council approved the new harbour bridge on Monday evening after a long "
           "debate. The vote was seven to two and construction starts next spring.")
SUMMARY = "A summary of this entry that holds a sentence's worth of words for the digest."


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        port = self.server.server_address[1]
        if self.path.startswith("/slow"):  # a byte now and then, for ever
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(200):
                    self.wfile.write(b"<p>a</p>")
                    self.wfile.flush()
                    time.sleep(0.25)
            except OSError:
                pass
        elif self.path == "/to-private":  # a redirect to a host the guard refuses
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}/page")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/page":
            body = f"<html><body><article><p>{ARTICLE}</p></article></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(Handler) as url:
        yield url


def rss(*items: str) -> str:
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>'
            + "".join(items) + "</channel></rss>")


def item(guid: str, link: str = "", text: str = "", summary: str = SUMMARY) -> str:
    content = f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>" if text else ""
    return (f"<item><title>Entry {guid}</title><guid>{guid}</guid><link>{link}</link>"
            f"<description>{summary}</description>{content}</item>")


def feed_file(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text(body.replace("<rss ", '<rss xmlns:content='
                                 '"http://purl.org/rss/1.0/modules/content/" '), "utf-8")
    return str(path)


# --- row 2: one deadline, a few at a time, two per host -------------------------------------

def test_a_runs_fetching_has_one_deadline_and_two_pages_per_host(
        tmp_path: Path, server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = feed_file(tmp_path, "slow.rss", rss(*(item(str(k), f"{server}/slow/{k}")
                                                 for k in range(8))))
    fetch, lock, now = web_module.fetch, threading.Lock(), [0, 0]

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        with lock:
            now[0] += 1
            now[1] = max(now)
        try:
            return fetch(*args, **kwargs)
        finally:
            with lock:
                now[0] -= 1

    monkeypatch.setattr(web_module, "fetch", counted)
    began = time.monotonic()
    with pytest.warns(SummarizeWarning) as caught:
        docs = load_articles([feed], fetch=True, allow_private=True, timeout=2.0,
                             fetch_timeout=3.0)
    took = time.monotonic() - began
    assert len(docs) == 8 and {d.text for d in docs} == {SUMMARY}  # the summaries stand in
    assert took < 10, took  # one after another, 8 pages of 2 s each would be 16 s
    assert now[1] == 2  # two at a time from the one host
    said = [str(w.message) for w in caught]
    assert any("seconds of fetching are up" in m and "raise them with fetch_timeout" in m
               for m in said), said


def test_the_fetch_deadline_is_a_flag_and_its_warnings_are_counted(tmp_path: Path,
                                                                   server: str) -> None:
    feed = feed_file(tmp_path, "slow.rss", rss(*(item(str(k), f"{server}/slow/{k}")
                                                 for k in range(8))))
    result = CliRunner().invoke(cli, ["stories", feed, "--fetch", "--allow-private-urls",
                                      "--fetch-timeout", "1", "--backend", "hash"])
    assert result.exit_code == 0, result.output
    lines = [x for x in result.stderr.splitlines() if "its page is not read" in x]
    assert len(lines) == 3, result.stderr  # the first three, then a count
    assert "(raise them with --fetch-timeout)" in result.stderr
    assert ("warning: feed entries whose page is not read: 8 in all, the first 3 shown "
            "(5 more)") in result.stderr


# --- row 7: a private address is skipped as a 404 is ----------------------------------------

def test_an_entry_at_a_private_address_is_skipped_not_fatal(tmp_path: Path, server: str,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    check = guard_module.FetchGuard.check

    def only_localhost_is_private(self, host, addresses):  # type: ignore[no-untyped-def]
        if host == "localhost":  # the redirect's target: refused as the guard refuses it
            self.allow_private = False
            return check(self, host, ["127.0.0.1"])
        return None  # 127.0.0.1 stands for a public server here

    monkeypatch.setattr(guard_module.FetchGuard, "check", only_localhost_is_private)
    port = server.rsplit(":", 1)[1]
    feed = feed_file(tmp_path, "mixed.rss", rss(
        item("a", f"http://localhost:{port}/page", summary=""),  # links to it
        item("b", f"{server}/to-private"),  # redirects to it
        item("c", f"{server}/page"),
        item("d", text=ARTICLE)))
    with pytest.warns(SummarizeWarning) as caught:
        docs = load_articles([feed], fetch=True)
    assert [d.id for d in docs] == ["b", "c", "d"]  # a: no summary either, skipped
    assert docs[0].text == SUMMARY and docs[1].text.startswith("The city council")
    said = " | ".join(str(w.message) for w in caught)
    assert "entry 1 (Entry a): its page is not read" in said
    assert "entry 2 (Entry b): its page is not read" in said
    assert "is a loopback address: not fetched" in said


def test_a_private_address_given_as_input_is_still_refused() -> None:
    with pytest.raises(UsageError, match="loopback"):
        load_articles(["http://127.0.0.1:9/feed.rss"], fetch=True)


# --- row 9: max_entries bounds the parse ----------------------------------------------------

def test_max_entries_bounds_what_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = rss(*("<item><title></title><description></description></item>"
                 for _ in range(5000))).encode()
    import feedparser

    given: list[int] = []
    real = feedparser.parse

    def recording(stream, **kwargs):  # type: ignore[no-untyped-def]
        body = stream.read()
        given.append(len(body))
        import io

        return real(io.BytesIO(body), **kwargs)

    monkeypatch.setattr(feedparser, "parse", recording)
    with pytest.warns(SummarizeWarning) as caught:
        assert parse_feed(data, "huge.rss", max_entries=10) == []
    assert given and given[0] < len(data) // 100  # the first ten entries, not 5,000
    said = [str(w.message) for w in caught]
    assert said[0] == "huge.rss: only its first 10 entries of 5,000 are read (max_entries)"
    assert len(said) == 2, said  # and one line for the ten entries without text
    assert said[1].startswith("huge.rss: skipped 10 entries with no article text")


def test_a_cut_feed_keeps_its_first_entries_whole() -> None:
    data = rss(*(item(str(k), text=f"{ARTICLE} Entry number {k}.") for k in range(50)))
    data = data.replace("<rss ", '<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" ')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = parse_feed(data.encode(), "f.rss", max_entries=5)
    assert [d.id for d in docs] == ["0", "1", "2", "3", "4"]
    assert docs[4].text.endswith("Entry number 4.")
    assert [str(w.message) for w in caught] == [
        "f.rss: only its first 5 entries of 50 are read (max_entries)"]


# --- row 11: an id is scoped by its text ----------------------------------------------------

def test_two_feeds_numbering_from_one_keep_both_articles(tmp_path: Path) -> None:
    other = ARTICLE.replace("harbour bridge", "river tunnel")
    a = feed_file(tmp_path, "a.rss", rss(item("1", text=ARTICLE)))
    b = feed_file(tmp_path, "b.rss", rss(item("1", text=other), item("2", text=ARTICLE)))
    c = feed_file(tmp_path, "c.rss", rss(item("1", text=ARTICLE)))  # a's entry again
    with pytest.warns(SummarizeWarning, match="skipped 1 from .*c.rss: already read from"):
        docs = load_articles([a, b, c])
    assert [(d.id, d.text.split()[6]) for d in docs] == [
        ("1", "harbour"), ("1", "river"), ("2", "harbour")]


def test_one_feed_repeating_a_guid_for_another_entry_keeps_both(tmp_path: Path) -> None:
    other = ARTICLE.replace("harbour bridge", "river tunnel")
    feed = feed_file(tmp_path, "a.rss", rss(item("7", text=ARTICLE), item("7", text=other)))
    docs = load_articles([feed])
    assert [d.id for d in docs] == ["7", "7"] and docs[0].text != docs[1].text
