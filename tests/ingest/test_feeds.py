"""RSS and Atom feeds as input: entries as articles, their text, dates and ids; broken feeds,
external entities, the bounds. The feeds in tests/fixtures/feeds/ are made up for these tests.
Nothing here opens a connection (fetching entry pages: tests/ingest/test_articles.py)."""

from __future__ import annotations

import socket
import warnings

import pytest

from summarize import InputError, SummarizeWarning
from summarize.ingest.feeds import (
    entry_date,
    html_text,
    is_feed,
    load_feed,
    looks_like_feed,
    parse_feed,
)
from summarize.ingest.read import ByteAllowance

from ..conftest import ROOT

FEEDS = ROOT / "tests" / "fixtures" / "feeds"


def read(name: str, **kwargs: object) -> list:
    return load_feed(FEEDS / name, allowance=ByteAllowance(), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_rss_entries(no_network):
    with pytest.warns(SummarizeWarning) as caught:
        docs = read("valley-times.rss")
    # entry 3 has a one-word description only: skipped, and the warning names it
    skipped = [str(w.message) for w in caught if "skipped" in str(w.message)]
    assert len(skipped) == 1 and "entry 3 (Photo gallery: the spring market)" in skipped[0]
    assert [d.title for d in docs] == ["Harbour bridge approved after long debate",
                                       "Storm closes schools across the valley",
                                       "Library extends its opening hours"]
    first, storm, library = docs
    # full content (content:encoded), not the one-line description
    assert "more than four hours" in first.text and "Shop owners" in first.text
    assert "The council voted on the bridge" not in first.text
    assert first.text.count("\n") == 2  # one paragraph a line
    # the publisher's own day: 21:30 at -05:00 is already the 12th in UTC
    assert first.date == "2024-03-11"
    assert first.author == "Dana Whitfield"
    assert {d.site for d in docs} == {"The Valley Times"}
    assert first.url == first.id == "https://valley-times.example/news/2024/03/harbour-bridge-approved"
    # a description that is HTML becomes its paragraphs; a guid that is no link is the id
    assert storm.text.splitlines() == [
        "A storm with winds of up to 110 kilometres an hour closed every school in the valley "
        "on Tuesday.", "The weather service expects the wind to ease by Wednesday morning."]
    assert (storm.id, storm.url) == (
        "vt-2024-0312-storm", "https://valley-times.example/news/2024/03/storm-schools")
    assert storm.date == "2024-03-12"
    # no guid: the link is the id; no date
    assert library.id == "https://valley-times.example/news/library-hours"
    assert library.date is None and library.path is None


def test_atom_entries(no_network):
    bridge, ferry, fish = read("coast-herald.atom")
    assert bridge.title == "Riverton council says yes to harbour bridge"  # HTML title as text
    assert bridge.id == "tag:coastherald.example,2024:bridge"
    assert bridge.url == "https://coastherald.example/riverton/harbour-bridge-vote"
    assert bridge.date == "2024-03-12"  # 00:30 at +01:00: the 11th in UTC
    assert bridge.author == "Samir Okafor" and bridge.site == "Coast Herald"
    assert bridge.text.splitlines()[1] == (
        "The mayor called the decision a historic day for the whole region.")
    # XHTML content, and an entry with only its updated date
    assert ferry.text.startswith("The island ferry will run every forty minutes")
    assert ferry.date == "2024-03-10"
    # a plain-text summary and no date at all
    assert fish.text == ("The fish market on the harbour front reopened on Saturday after a "
                         "year of repairs to its roof.")
    assert fish.date is None


def test_same_feed_twice_gives_the_same_articles():
    assert read("coast-herald.atom") == read("coast-herald.atom")


def test_external_entities_are_not_resolved(no_network, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-MARKER\n")
    feed = (FEEDS / "external-entity.rss").read_text().replace(
        "file:///etc/passwd", secret.as_uri())
    path = tmp_path / "entities.rss"
    path.write_text(feed)
    with pytest.warns(SummarizeWarning, match="not well-formed XML"):
        (doc,) = load_feed(path, allowance=ByteAllowance())
    for value in (doc.text, doc.title, doc.site or "", doc.id or ""):
        assert "TOPSECRET" not in value and "root:" not in value
    assert doc.text.startswith("The city council approved the new harbour bridge")
    # the static fixture (/etc/passwd) alike
    with pytest.warns(SummarizeWarning):
        (static,) = read("external-entity.rss")
    assert "root:" not in static.text + static.title + (static.site or "")


def test_feed_bytes_are_never_taken_for_a_file_name(tmp_path):
    # feedparser opens a str or bytes argument as a path when it can
    path = tmp_path / "valley.rss"
    path.write_bytes((FEEDS / "valley-times.rss").read_bytes())
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        parse_feed(str(path).encode(), "name.rss")


def test_broken_feed_is_one_line_error():
    with pytest.raises(InputError) as info, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read("broken.rss")
    message = str(info.value)
    assert message.startswith(str(FEEDS / "broken.rss") + ": not a well-formed feed (line ")
    assert "\n" not in message


def test_truncated_feed_keeps_the_entries_it_has():
    whole = (FEEDS / "valley-times.rss").read_bytes()
    cut = whole[: whole.index(b"<title>Photo gallery")]
    with pytest.warns(SummarizeWarning) as caught:
        docs = parse_feed(cut, "cut.rss")
    messages = [str(w.message) for w in caught]
    assert any(m.startswith("cut.rss: not well-formed XML (line ") for m in messages)
    assert any(m.startswith("skipped cut.rss, entry 3: no article text") for m in messages)
    assert [d.id for d in docs] == ["https://valley-times.example/news/2024/03/harbour-bridge-"
                                    "approved", "vt-2024-0312-storm"]


@pytest.mark.parametrize("data, message", [
    (b"<html><body><p>Not a feed at all, only a page.</p></body></html>",
     "page.xml: not an RSS or Atom feed"),
    (b"Just some words in a file that says it is a feed.", "page.xml: not an RSS or Atom feed"),
    (b"  \n", "page.xml: the file is empty"),
])
def test_not_a_feed(tmp_path, data, message):
    path = tmp_path / "page.xml"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_feed(path, allowance=ByteAllowance())
    assert str(info.value).startswith(str(tmp_path / message)) and "\n" not in str(info.value)


def test_empty_feed_warns_and_gives_nothing():
    with pytest.warns(SummarizeWarning, match="empty.rss: the feed has no entries"):
        assert parse_feed(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>',
                          "empty.rss") == []


def test_feed_over_the_size_limit():
    with pytest.raises(InputError, match=r"valley-times\.rss: .* over the 500-byte limit"):
        read_limited = load_feed(FEEDS / "valley-times.rss", allowance=ByteAllowance(500))
        assert read_limited  # not reached
    with pytest.raises(InputError, match="is a directory"):
        load_feed(FEEDS, allowance=ByteAllowance())
    with pytest.raises(InputError, match="no such file"):
        load_feed(FEEDS / "missing.rss", allowance=ByteAllowance())


def test_max_entries_keeps_the_first_with_a_warning():
    data = (FEEDS / "coast-herald.atom").read_bytes()
    with pytest.warns(SummarizeWarning, match=r"only its first 2 entries of 3 .*max_entries"):
        docs = parse_feed(data, "coast.atom", max_entries=2)
    assert [d.title for d in docs] == ["Riverton council says yes to harbour bridge",
                                       "Ferry timetable changes in April"]


def test_feed_detection(tmp_path):
    rss = (FEEDS / "valley-times.rss").read_bytes()
    atom = (FEEDS / "coast-herald.atom").read_bytes()
    assert looks_like_feed(rss) and looks_like_feed(atom)
    assert looks_like_feed(b"\xef\xbb\xbf<!DOCTYPE rss [<!ENTITY a 'b'>]>\n<rss version='2.0'>")
    assert looks_like_feed(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">')
    assert not looks_like_feed(b"<!DOCTYPE html><html><body>RSS feeds</body></html>")
    assert not looks_like_feed(b"Our feed <rss> starts later in this text")
    (tmp_path / "news").write_bytes(atom)
    (tmp_path / "note.txt").write_text("A note about feeds, not one.")
    assert is_feed(tmp_path / "news") and not is_feed(tmp_path / "note.txt")
    assert is_feed(tmp_path / "anything.rss")  # by its name
    assert not is_feed(tmp_path / "missing")


@pytest.mark.parametrize("entry, expected", [
    ({"published": "Mon, 11 Mar 2024 21:30:00 -0500"}, "2024-03-11"),
    ({"published": "2024-03-12T00:30:00+01:00"}, "2024-03-12"),
    ({"updated": "2024-02-29"}, "2024-02-29"),
    ({"published": "soon", "updated": "Sun, 10 Mar 2024 08:00:00 GMT"}, "2024-03-10"),
    ({"published": "2023-02-30T10:00:00Z"}, None),
    ({"published": "yesterday"}, None),
    ({}, None),
    ({"published": "Mon, 01 Jan 0001 00:00:00 GMT"}, "0001-01-01"),  # not 2001, as written
    ({"published": "5 Dec 099 10:00 GMT"}, "0099-12-05"),
    ({"published": "Sat, 05 Dec 26 10:00:00 -0500"}, "2026-12-05"),  # two digits: RFC 2822
])
def test_entry_date(entry, expected):
    assert entry_date(entry) == expected


def test_html_text_keeps_a_short_fragment():
    one = "<p>The council approved the bridge on Monday evening.</p>"
    assert html_text(one) == "The council approved the bridge on Monday evening."
    two = "<div>First line here<br>second line there<script>alert(1)</script></div>"
    assert html_text(two, extract=False).split("\n")[:2] == ["First line here",
                                                               "second line there"]
    assert "alert" not in html_text(two, extract=False)


def test_relative_links_are_completed_from_the_feed_url():
    data = (b'<rss version="2.0"><channel><title>Local</title><item><title>Fair</title>'
            b'<link>/news/fair</link><description>The county fair opens on Friday with forty '
            b'stalls.</description></item></channel></rss>')
    (doc,) = parse_feed(data, "https://local.example/feeds/all.rss",
                        base="https://local.example/feeds/all.rss")
    assert doc.url == doc.id == "https://local.example/news/fair"
    (unbased,) = parse_feed(data, "local.rss")  # a file: no base, no link
    assert unbased.url is None and unbased.id == "local.rss#1"


@pytest.mark.parametrize("raw, expected", [
    ("2023-02-30T10:00:00Z", None),  # feedparser's own reading: 2023-03-02
    ("2024-02-30", None),  # 2024-03-01
    ("Fri, 30 Feb 2024 10:00:00 GMT", None),
    ("-5000-01-01", None),  # 2049-12-01
    ("Mon, 11 Mar 2024 21:30:00 -0500", "2024-03-11"),
    ("2024-03-12T00:30:00+01:00", "2024-03-12"),
])
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # feedparser's 'updated' mapping
def test_an_entry_date_that_is_no_date_is_none_not_another_day(raw, expected):
    """Through feedparser, as a feed is read: an impossible date once came back as the day
    feedparser's normalisation made of it (February 30th as March 1st)."""
    import feedparser

    feed = ("<rss version='2.0'><channel><item><title>t</title>"
            f"<pubDate>{raw}</pubDate></item></channel></rss>")
    entry = feedparser.parse(feed).entries[0]
    assert entry_date(entry) == expected


@pytest.mark.parametrize("raw, expected", [
    ("2024/06/01", None),  # feedparser: 2024, this month, 1
    ("2024-W10", None),
    ("2024/06/01T10:00Z", None),
    ("2004-j\u00falius-13T9:15+02:00", None),
    ("20240105", "2024-01-05"),
    ("20240105T10:30:00Z", "2024-01-05"),
    ("Sun Jan  4 16:29:06 2004", "2004-01-04"),
])
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # feedparser's 'updated' mapping
def test_an_entry_date_is_not_made_from_todays_date(raw, expected, monkeypatch):
    """A date in digits that is not a whole day came back with the month (and year) of the
    day the feed was read: another date, and other stories, each month."""
    import time

    import feedparser

    feed = ("<rss version='2.0'><channel><item><title>t</title>"
            f"<pubDate>{raw}</pubDate></item></channel></rss>")
    days, real = set(), time.gmtime
    for clock in (0.0, 200 * 86400.0):  # January and July 1970
        monkeypatch.setattr(time, "gmtime", lambda *args, c=clock: real(*(args or (c,))))
        days.add(entry_date(feedparser.parse(feed).entries[0]))
    monkeypatch.setattr(time, "gmtime", real)
    assert days == {expected}
