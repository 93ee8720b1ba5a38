"""Web pages and URLs as input: extraction (trafilatura), fetching from a local server.

Every URL here is served by an http.server on 127.0.0.1 in a thread: no test reaches the
internet. The pages in tests/fixtures/web/ are made up for these tests.
"""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from summarize import Document, InputError, Summarizer, SummarizeWarning
from summarize.cli import cli
from summarize.ingest import as_documents, load_paths
from summarize.ingest.files import load_file
from summarize.ingest.web import document_from_html, fetch, is_url, load_url

from ..conftest import ROOT

WEB = ROOT / "tests" / "fixtures" / "web"
PAGES = {
    "/valley": (WEB / "valley-times-bridge.html").read_bytes(),
    "/coast": (WEB / "coast-herald-bridge.htm").read_bytes(),
    "/north": (WEB / "north-shore-bridge.html").read_bytes(),
}
PLAIN = (
    "Riverton opens its harbour bridge plans to the public this week.\n\n"
    "The planning office said residents can comment on the plans at the town hall until April.\n"
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:  # the client gave up (the timeout test)
            pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path
        if path in PAGES:
            self._send(200, PAGES[path])
        elif path == "/no-canonical":
            page = PAGES["/coast"].replace(b'<link rel="canonical"', b'<link rel="x"')
            self._send(200, page)
        elif path == "/latin1":
            page = ("<html><head><meta charset='iso-8859-1'><title>Caf\xe9 reopens</title>"
                    "</head><body><article><p>The caf\xe9 on the harbour front reopened on "
                    "Monday after a long renovation of its kitchen.</p><p>Its owner said the "
                    "new menu would feature fish from the local market every day.</p>"
                    "</article></body></html>").encode("latin-1")
            self._send(200, page, "text/html; charset=iso-8859-1")
        elif path == "/plain":
            self._send(200, PLAIN.encode(), "text/plain; charset=utf-8")
        elif path == "/redirect":
            self._send(302, b"", headers={"Location": "/valley"})
        elif path == "/redirect-js":
            self._send(302, b"", headers={"Location": "javascript:alert(1)"})
        elif path == "/redirect-file":
            self._send(302, b"", headers={"Location": "file:///etc/passwd"})
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
        elif path == "/empty-article":
            self._send(200, b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
        elif path == "/big":
            self._send(200, b"<html><body>" + b"<p>word</p>" * 20000 + b"</body></html>")
        elif path == "/big-chunked":  # no Content-Length: the limit must hold while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"<p>" + b"x" * 1000 + b"</p>")
            except OSError:
                pass
        elif path == "/slow":
            time.sleep(3)
            self._send(200, PAGES["/valley"])
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


def test_is_url():
    assert is_url("https://example.com/a") and is_url("HTTP://x.org") and is_url(" http://a.b ")
    assert not is_url("ftp://x.org") and not is_url("javascript:alert(1)")
    assert not is_url("http://a.b and more words") and not is_url("article.html")


def test_html_file_text_and_metadata():
    doc = load_file(WEB / "valley-times-bridge.html")
    assert doc.title == "Harbour bridge approved after long debate"
    assert doc.site == "The Valley Times"
    assert doc.author == "Dana Whitfield"
    assert doc.date == "2024-03-11"
    assert doc.url == "https://valley-times.example/news/2024/03/harbour-bridge-approved"
    assert doc.path == str(WEB / "valley-times-bridge.html")
    assert "after a debate that lasted more than four hours" in doc.text
    # navigation, cookie banner, sidebar and footer are not article text
    for boilerplate in ("Subscribe", "cookies", "Most read", "All rights reserved", "Privacy"):
        assert boilerplate not in doc.text


def test_same_page_twice_gives_the_same_article():
    # trafilatura's cross-call deduplication would empty the second reading
    path = WEB / "coast-herald-bridge.htm"
    assert load_file(path) == load_file(path)


@pytest.mark.parametrize("days", [1, 2, 30000])
def test_a_page_dated_after_today_keeps_its_date(days):
    """trafilatura's date search stopped at today's date on this machine's clock and zone: a
    page dated later had no date, or another one (``2026-12-01`` for ``2026-12-08``), so
    that one page read on another day, or under another ``TZ``, gave other stories."""
    import datetime

    day = (datetime.date.today() + datetime.timedelta(days=days)).isoformat()
    page = ("<html><head><title>Bridge vote</title><meta property='article:published_time' "
            f"content='{day}'></head><body><article><p>The council approved the harbour bridge "
            "on Tuesday after a long debate. Work on the bridge starts next spring.</p>"
            "</article></body></html>")
    assert document_from_html(page.encode(), "bridge.html").date == day


def test_extraction_fetches_nothing(monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the extraction tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    doc = document_from_html(PAGES["/north"], "north.html", url="https://northshore.example/x")
    assert doc.site == "North Shore Weekly"
    assert doc.url == "https://northshore.example/2024/bridge-vote-explained"  # canonical


def test_html_without_article_or_empty():
    with pytest.raises(InputError, match="no article text found"):
        document_from_html(b"<html><body><nav>Home | News</nav></body></html>", "x.html")
    with pytest.raises(InputError, match="x.html: the file is empty"):
        document_from_html(b"  \n", "x.html")
    with pytest.raises(InputError, match="binary"):
        document_from_html(b"<html>\x00\x01</html>", "x.html")


def test_directory_reads_html(tmp_path):
    docs = load_paths([str(WEB)])
    assert sorted(d.site or "" for d in docs) == [
        "Coast Herald", "North Shore Weekly", "The Valley Times"]


def test_fetch_url_with_metadata(server):
    doc = load_url(f"{server}/coast", allow_private=True)
    assert doc.title == "Riverton council says yes to harbour bridge"
    assert (doc.site, doc.author, doc.date) == ("Coast Herald", "Samir Okafor", "2024-03-12")
    assert doc.url == "https://coastherald.example/riverton/harbour-bridge-vote"
    assert doc.path is None
    # without a canonical link the page's own URL is the article's
    assert load_url(f"{server}/no-canonical", allow_private=True).url == f"{server}/no-canonical"
    # after a redirect: the page's canonical URL still wins
    assert load_url(f"{server}/redirect", allow_private=True).site == "The Valley Times"


def test_fetch_charset_and_plain_text(server):
    doc = load_url(f"{server}/latin1", allow_private=True)
    assert "café on the harbour front" in doc.text
    plain = load_url(f"{server}/plain", allow_private=True)
    assert plain.title == "Riverton opens its harbour bridge plans to the public this week."
    assert plain.url == f"{server}/plain" and plain.text.startswith("Riverton opens")


@pytest.mark.parametrize("path, message", [
    ("/missing", "HTTP 404 Not Found"),
    ("/image", "not a web page or text (image/png)"),
    ("/empty-article", "no article text found"),
    ("/redirect-js", "Redirection to url 'javascript:alert(1)' is not allowed"),
    ("/redirect-file", "Redirection to url 'file:///etc/passwd' is not allowed"),
])
def test_fetch_failures_are_one_line(server, path, message):
    with pytest.raises(InputError) as info:
        load_url(server + path, allow_private=True)
    text = str(info.value)
    assert text.startswith(server + path) and message in text and "\n" not in text


def test_fetch_size_limit(server):
    with pytest.raises(InputError, match=r"over the 10,000-byte limit"):
        # refused from its Content-Length
        fetch(f"{server}/big", max_bytes=10_000, allow_private=True)
    with pytest.raises(InputError, match=r"over the 10,000-byte limit"):
        # refused while reading
        fetch(f"{server}/big-chunked", max_bytes=10_000, allow_private=True)


def test_fetch_timeout(server):
    with pytest.raises(InputError, match=r"no answer within 0.5 seconds"):
        fetch(f"{server}/slow", timeout=0.5, allow_private=True)


def test_unreachable_host():
    with socket.socket() as s:  # a port with no server behind it
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(InputError, match=r"cannot be fetched"):
        fetch(f"http://127.0.0.1:{port}/x", timeout=5, allow_private=True)


def test_cli_urls_and_files_with_a_failure(server):
    result = CliRunner().invoke(cli, [
        "digest", f"{server}/valley", f"{server}/missing", f"{server}/north",
        str(WEB / "coast-herald-bridge.htm"), "--backend", "hash", "--format", "json",
        "--allow-private-urls",
    ])
    assert result.exit_code == 0, result.output
    assert f"warning: skipped {server}/missing: HTTP 404 Not Found" in result.stderr
    import json

    out = json.loads(result.stdout)
    assert [s["site"] for s in out["sources"]] == [
        "The Valley Times", "North Shore Weekly", "Coast Herald"]
    assert out["sources"][0]["url"].startswith("https://valley-times.example/")
    assert out["sources"][0]["path"] is None
    assert out["sources"][2]["path"].endswith("coast-herald-bridge.htm")


def test_cli_every_url_failing(server):
    result = CliRunner().invoke(cli, ["digest", f"{server}/missing", f"{server}/image",
                                      "--backend", "hash", "--allow-private-urls"])
    assert result.exit_code == 1
    assert result.stderr.count("warning: skipped") == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: no article to summarize: all 2 URLs could not be fetched")
    assert "Traceback" not in result.output


def test_library_fetches_url_strings(server, hashing):
    # fetching is explicit in the library (as_documents(fetch=True)); the local server is at a
    # loopback address, which only allow_private lets through
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = as_documents(
            [f"{server}/valley", f"{server}/coast", f"{server}/missing",
             Document.from_text(PLAIN, title="Plans")], fetch=True, allow_private=True)
        digest = Summarizer(encoder=hashing).digest(docs, words=60)
    assert [str(w.message) for w in caught if issubclass(w.category, SummarizeWarning)] == [
        f"skipped {server}/missing: HTTP 404 Not Found"]
    assert [s.site for s in digest.sources] == ["The Valley Times", "Coast Herald", None]
    assert digest.sentences and "Riverton" in digest.to_text()
    with pytest.raises(InputError, match="the URL could not be fetched"), \
            pytest.warns(SummarizeWarning, match="HTTP 404"):
        as_documents([f"{server}/missing"], fetch=True, allow_private=True)
