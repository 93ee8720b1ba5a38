"""The stories command's input (load_articles): files, directories, standard input, JSON lines
of articles, feeds and URLs, in the order given.

Every URL is served by an http.server on 127.0.0.1 in a thread: no test reaches the internet.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import threading
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from summarize import InputError, SummarizeWarning, UsageError
from summarize.ingest.articles import article_from_json, load_articles

from ..conftest import ROOT

FEEDS = ROOT / "tests" / "fixtures" / "feeds"
WEB = ROOT / "tests" / "fixtures" / "web"
PAGES = {
    "/valley": WEB / "valley-times-bridge.html",
    "/coast": WEB / "coast-herald-bridge.htm",
}
RSS = "application/rss+xml"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        base = f"http://127.0.0.1:{self.server.server_address[1]}".encode()
        feed = (FEEDS / "summaries-only.rss").read_bytes().replace(b"http://HOST", base)
        if self.path in PAGES:
            self._send(200, PAGES[self.path].read_bytes())
        elif self.path == "/feed.rss":
            self._send(200, feed, RSS)
        elif self.path == "/feed-as-html":  # a feed served with the wrong media type
            self._send(200, feed)
        elif self.path == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        else:
            self._send(404, b"not here")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def quiet(inputs: list[str], **kwargs: object) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SummarizeWarning)
        return load_articles(inputs, **kwargs)  # type: ignore[arg-type]


def write_lines(path, *records: object) -> str:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n"
                            for r in records))
    return str(path)


def test_json_lines_of_articles():
    docs = load_articles([str(FEEDS / "articles.jsonl")])
    assert [d.id for d in docs] == ["wire-001", "wire-002", "3"]
    first, second, third = docs
    assert (first.title, first.url, first.date) == (
        "Harbour bridge approved", "https://wire.example/001", "2024-03-11")
    assert second.title.startswith("A storm with strong winds")  # from its first line
    assert second.url is None and second.date is None
    assert third.date == "2024-03-09"  # an ISO date-time gives its date


@pytest.mark.parametrize("bad, message", [
    ("{not json", "line 2: not valid JSON"),
    ('["a list"]', "line 2: expected a JSON object with a 'text'"),
    ({"id": "b"}, "line 2: no 'text'"),
    ({"id": "b", "text": "   "}, "line 2: 'text' is empty"),
    ({"id": "b", "text": 42}, "line 2: 'text' must be a string"),
    ({"id": ["b"], "text": "Words."}, "line 2: 'id' must be a string or a whole number"),
    ({"id": "b", "text": "Words.", "title": 7}, "line 2: 'title' must be a string"),
    ({"id": "b", "documents": ["One."]}, "line 2: a cluster record ('documents')"),
    ({"id": "a", "text": "The same id again."}, "line 2: the id 'a' is already on line 1"),
])
def test_json_lines_broken_line_is_one_line_error(tmp_path, bad, message):
    path = write_lines(tmp_path / "a.jsonl", {"id": "a", "text": "The council met today."}, bad)
    with pytest.raises(InputError) as info:
        load_articles([path])
    assert str(info.value).startswith(f"{path}, {message}") and "\n" not in str(info.value)


def test_json_lines_bad_date_and_url_are_warnings(tmp_path):
    path = write_lines(tmp_path / "a.jsonl",
                       {"id": "a", "text": "The council met today.", "date": "11/03/2024",
                        "url": "javascript:alert(1)"},
                       {"id": "b", "text": "The council met again.", "date": "2024-02-30"})
    with pytest.warns(SummarizeWarning) as caught:
        a, b = load_articles([path])
    messages = sorted(str(w.message) for w in caught)
    assert messages == [f"{path}, line 1: 'date' is not a date (YYYY-MM-DD); left out",
                        f"{path}, line 1: 'url' is not an http(s) URL; left out",
                        f"{path}, line 2: 'date' is not a date (YYYY-MM-DD); left out"]
    assert (a.date, a.url, b.date) == (None, None, None)


@pytest.mark.parametrize("raw, day", [
    ("2024-06-01", "2024-06-01"),
    (" 2024-06-01T23:30:00-05:00 ", "2024-06-01"),  # the day as written, not in UTC
    ("2024-06-01T12:00:00.250Z", "2024-06-01"),
    ("2024-06-01T1200+0200", "2024-06-01"),
    ("2024-06-01T99:99:99", None),  # a time that is none: the date-time is none
    ("2024-06-01T25:00", None),
    ("2024-06-01T:", None),
    ("2024-06-01T12:00:00+25:00", None),
    ("2024-06-01Tgarbage", None),
    ("2024-06-01 12:00", None),
    ("20240601", None),
])
def test_json_lines_date_time_gives_its_day_only_when_whole(raw, day):
    """The date was checked, the time after it only for its characters: ``T99:99:99`` gave
    the day of a date-time that is none."""
    record = {"id": "a", "text": "The council met today.", "date": raw}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert article_from_json(record).date == day
    assert [str(w.message) for w in caught] == (
        [] if day else ["article a: 'date' is not a date (YYYY-MM-DD); left out"])


def test_json_lines_default_id_gzip_and_json(tmp_path):
    record = {"text": "The council met today.", "title": "Council"}
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    (doc,) = load_articles([str(path)])
    assert doc.id == f"{path}:1" and doc.title == "Council"
    as_json = write_lines(tmp_path / "b.json", {"id": 9, **record})
    assert [d.id for d in load_articles([as_json])] == ["9"]
    assert article_from_json({"id": "", "text": "x"}, "fallback").id == "fallback"


def test_directory_and_stdin(tmp_path):
    folder = tmp_path / "day"
    folder.mkdir()
    (folder / "b.txt").write_text("The second article says the ferry is late again today.")
    (folder / "a.md").write_text("# Bridge\n\nThe *first* article says the bridge opened.")
    (folder / "notes.rss").write_text("not read: a directory gives article files only")
    docs = load_articles([str(folder), "-"],
                         stdin=io.BytesIO(b"From standard input: the market reopened today."))
    assert [d.id for d in docs] == [str(folder / "a.md"), str(folder / "b.txt"), "<stdin>"]
    assert "*first*" not in docs[0].text and docs[2].text.startswith("From standard input")


def test_mixed_inputs_keep_their_order(tmp_path):
    text = tmp_path / "note.txt"
    text.write_text("A lone article about the harbour bridge vote on Monday.")
    sniffed = tmp_path / "herald-feed"  # no extension: known by its first bytes
    sniffed.write_bytes((FEEDS / "coast-herald.atom").read_bytes())
    docs = quiet([str(FEEDS / "valley-times.rss"), str(text), str(FEEDS / "articles.jsonl"),
                  str(sniffed)])
    assert [d.id for d in docs] == [
        "https://valley-times.example/news/2024/03/harbour-bridge-approved",
        "vt-2024-0312-storm",
        "https://valley-times.example/news/library-hours",
        str(text),
        "wire-001", "wire-002", "3",
        "tag:coastherald.example,2024:bridge", "tag:coastherald.example,2024:ferry",
        "tag:coastherald.example,2024:fish",
    ]
    assert docs == quiet([str(FEEDS / "valley-times.rss"), str(text),
                          str(FEEDS / "articles.jsonl"), str(sniffed)])


def test_an_id_read_twice_is_skipped_with_a_warning():
    atom = str(FEEDS / "coast-herald.atom")
    with pytest.warns(SummarizeWarning, match="already read from"):
        docs = load_articles([atom, atom])
    assert len(docs) == 3


def test_a_file_named_twice_is_read_once_however_its_path_is_spelled(tmp_path, monkeypatch):
    """``a.txt ./a.txt``, a link to it, or its directory and the file: the id is the path as
    given, so the one article came in two or three times (cited as so many sources)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "today").mkdir()
    (tmp_path / "today" / "a.txt").write_text(
        "The council approved the harbour bridge on Monday evening after a long debate.\n")
    (tmp_path / "link.txt").symlink_to("today/a.txt")
    with pytest.warns(SummarizeWarning, match="already read from today"):
        docs = load_articles(["today", "./today/a.txt", str(tmp_path / "today" / "a.txt"),
                              "link.txt"])
    assert [d.id for d in docs] == ["today/a.txt"]


def test_url_without_fetch_is_refused_before_reading(tmp_path):
    with pytest.raises(UsageError) as info:
        load_articles([str(tmp_path / "missing.txt"), "https://news.example/feed.rss"])
    assert info.value.option == "fetch"
    assert str(info.value) == ("https://news.example/feed.rss: a URL; fetching must be allowed "
                               "to read it (allow it with fetch)")


def test_total_size_is_checked_before_reading(tmp_path):
    with pytest.raises(InputError, match="over the 3,000-byte limit for all input together"):
        load_articles([str(FEEDS / "valley-times.rss"), str(FEEDS / "coast-herald.atom")],
                      max_bytes=3000)
    with pytest.raises(InputError, match="no article to read: no input given"):
        load_articles([])
    with pytest.raises(TypeError):
        load_articles("one.txt")  # type: ignore[arg-type]


def test_feed_url_entries_read_from_their_pages(server):
    with pytest.warns(SummarizeWarning) as caught:
        docs = load_articles([f"{server}/feed.rss"], fetch=True, allow_private=True)
    valley, coast, gone = docs
    # the pages' article text, not the one-sentence summaries
    assert "after a debate that lasted more than four hours" in valley.text
    assert "the Valley Times reports" not in valley.text
    assert (valley.title, valley.url, valley.id) == (
        "Valley Times: bridge approved", f"{server}/valley", f"{server}/valley")
    assert valley.site == "Bridge Roundup" and valley.date == "2024-03-11"
    assert coast.date == "2024-03-12"  # the feed has none: the page's
    assert "Riverton" in coast.text and len(coast.text) > 200
    # a page that cannot be fetched: a warning, and its summary stands in
    assert gone.text == "This page has gone but its summary still tells the story of the bridge."
    assert any("entry 3" in str(w.message) and "HTTP 404" in str(w.message) for w in caught)


def test_feed_file_entries_fetched_or_not(server, tmp_path):
    feed = tmp_path / "roundup.rss"
    feed.write_bytes((FEEDS / "summaries-only.rss").read_bytes().replace(
        b"http://HOST", server.encode()))
    offline = load_articles([str(feed)])  # no fetch: the summaries
    assert [d.text.split(",")[0] for d in offline[:2]] == [
        "The harbour bridge was approved", "Riverton's council said yes to the bridge"]
    fetched = quiet([str(feed)], fetch=True, allow_private=True)
    assert "more than four hours" in fetched[0].text
    # the pages are at a loopback address: without allow_private each is skipped with a
    # warning, as a 404 is, and its summary stands in (issue 29, row 7)
    with pytest.warns(SummarizeWarning, match="loopback address: not fetched") as caught:
        refused = load_articles([str(feed)], fetch=True)
    assert [d.text for d in refused] == [d.text for d in offline]
    assert sum("its page is not read" in str(w.message) for w in caught) == 3


def test_url_page_feed_and_failures(server):
    (page,) = load_articles([f"{server}/valley"], fetch=True, allow_private=True)
    assert page.id == f"{server}/valley" and page.site == "The Valley Times"
    # a feed served as text/html is known by its first bytes
    sniffed = quiet([f"{server}/feed-as-html"], fetch=True, allow_private=True)
    assert [d.site for d in sniffed] == ["Bridge Roundup"] * 3
    assert "more than four hours" in sniffed[0].text
    with pytest.raises(UsageError, match="loopback"):
        load_articles([f"{server}/feed.rss"], fetch=True)
    with pytest.warns(SummarizeWarning, match=r"skipped .*/image: not a web page, text or feed"):
        with pytest.raises(InputError, match="^no article to read$"):
            load_articles([f"{server}/image"], fetch=True, allow_private=True)


def test_named_pipe_is_refused_not_waited_for(tmp_path):
    fifo = tmp_path / "articles.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is a named pipe"):
        load_articles([str(fifo)])
