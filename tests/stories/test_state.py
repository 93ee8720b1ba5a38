"""Daily runs (``state=DIR``): tomorrow's articles join yesterday's stories, nothing is added
twice, an interrupted run leaves the state as it was, a foreign state is refused."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from summarize import (
    Document,
    HashingEncoder,
    InputError,
    Summarizer,
    SummarizeWarning,
    UsageError,
)
from summarize.beside import can_start
from summarize.stories import StoryOptions
from summarize.stories import build as build_module
from summarize.stories import state as state_module
from summarize.stories.articles import text_sha
from summarize.stories.state import FILENAME, open_state

from .conftest import contents
from .stream import BRIDGE_NEXT, FESTIVAL, LIBRARY, dump, next_day, stream

OPTIONS = StoryOptions()


@pytest.fixture(scope="module")
def summarizer() -> Summarizer:
    return Summarizer(encoder=HashingEncoder())


def run(summarizer: Summarizer, docs: list[Document], state: Path, **kwargs):  # type: ignore[no-untyped-def]
    return summarizer.stories(docs, options=OPTIONS, state=state, words=60, **kwargs)


def count(state: Path, table: str) -> int:
    conn = sqlite3.connect(state / FILENAME)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_the_first_day_gives_the_stories_of_a_run_without_state(summarizer: Summarizer,
                                                                tmp_path: Path) -> None:
    plain = summarizer.stories(stream(), options=OPTIONS, words=60)
    assert dump(run(summarizer, stream(), tmp_path)) == dump(plain)
    assert count(tmp_path, "articles") == 10 and count(tmp_path, "stories") == 6


def test_the_next_day_continues_a_story_and_starts_a_new_one(summarizer: Summarizer,
                                                             tmp_path: Path) -> None:
    first = {s.articles[0]: s for s in run(summarizer, stream(), tmp_path)}
    stories = run(summarizer, next_day(), tmp_path)
    assert [(s.articles, s.status) for s in stories] == [
        (("bridge-1", "bridge-2", "bridge-3", "bridge-4"), "updated"),
        (("ferry-1", "ferry-2"), "new"),
    ]  # the library's article came again: its story is not touched, not returned
    bridge = stories[0]
    assert bridge.id == first["bridge-1"].id
    assert bridge.date == "2024-05-03"
    assert "Title bridge-4" in [s.title for s in bridge.digest.sources]
    # the digest is remade from all four articles, as a digest of them alone
    docs = {d.id: d for d in stream() + next_day()}
    alone = summarizer.digest([docs[a] for a in bridge.articles], words=60)
    assert bridge.digest.to_json() == dataclasses.replace(alone, id=bridge.id).to_json()
    assert count(tmp_path, "articles") == 13 and count(tmp_path, "stories") == 7


def test_a_continued_story_encodes_what_its_digest_reads_of_yesterday(tmp_path: Path) -> None:
    # a digest of one sentence reads a shortlist of each story's candidates; one focused on a
    # query reads every one: today's reads the sentences of yesterday's articles that
    # yesterday's left out, and they are encoded now
    calls: list[list[str]] = []

    class Counting(HashingEncoder):
        def encode(self, texts: list[str]):  # type: ignore[no-untyped-def]
            calls.append(list(texts))
            return super().encode(texts)

    summarizer = Summarizer(encoder=Counting())
    summarizer.stories(stream(), options=OPTIONS, state=tmp_path, sentences=1)
    yesterday = {t for call in calls for t in call}
    calls.clear()
    query = "the bridge vote"
    bridge = summarizer.stories(next_day(), options=OPTIONS, state=tmp_path, sentences=1,
                                query=query)[0]
    assert bridge.articles == ("bridge-1", "bridge-2", "bridge-3", "bridge-4")
    docs = {d.id: d for d in stream() + next_day()}
    old = {s.text for d in ("bridge-1", "bridge-2", "bridge-3")
           for s in summarizer.lexical([docs[d]]).sentences}
    left_out = old - yesterday
    assert left_out and left_out <= {t for call in calls for t in call}
    alone = summarizer.digest([docs[a] for a in bridge.articles], sentences=1, query=query)
    assert bridge.digest.to_json() == dataclasses.replace(alone, id=bridge.id).to_json()
    # what today encoded of yesterday's articles is saved: no run encodes it again
    conn = sqlite3.connect(tmp_path / FILENAME)
    blobs = conn.execute("SELECT vectors FROM articles WHERE name LIKE 'bridge-%'").fetchall()
    conn.close()
    assert len(blobs) == 4
    assert not any(np.isnan(np.frombuffer(blob, dtype="<f4")).any() for (blob,) in blobs)


def test_a_state_of_format_1_is_read_and_written_as_format_2(summarizer: Summarizer,
                                                             tmp_path: Path) -> None:
    # format 1 held a vector for every sentence; format 2 may hold NaN rows (not encoded),
    # which code that reads format 1 only must refuse as another format, not as damage
    run(summarizer, stream(), tmp_path)
    conn = sqlite3.connect(tmp_path / FILENAME)
    with conn:
        conn.execute("UPDATE meta SET value = 'summarize.stories-state/1' WHERE key = 'format'")
    conn.close()
    assert run(summarizer, next_day(), tmp_path)[0].status == "updated"
    conn = sqlite3.connect(tmp_path / FILENAME)
    assert conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (
        "summarize.stories-state/2",)
    conn.close()


def test_first_layer_states_where_no_vector_is_a_damaged_state(tmp_path: Path) -> None:
    class Paired(HashingEncoder):  # gives first-layer states, as the bundled model's encoders
        def encode_pair(self, texts: list[str]):  # type: ignore[no-untyped-def]
            vectors = self.encode(texts)
            return vectors, vectors[:, ::-1]

    summarizer = Summarizer(encoder=Paired())
    summarizer.stories(stream(), options=OPTIONS, state=tmp_path, sentences=1)
    conn = sqlite3.connect(tmp_path / FILENAME)
    with conn:  # a state in which bridge-1's first-layer states are NaN, its vectors not
        (vectors,) = conn.execute(
            "SELECT vectors FROM articles WHERE name = 'bridge-1'").fetchone()
        conn.execute("UPDATE articles SET first_layer = ? WHERE name = 'bridge-1'",
                     (np.full(len(vectors) // 4, np.nan, dtype="<f4").tobytes(),))
    conn.close()
    with pytest.raises(InputError, match="the state is damaged .*first-layer states"):
        summarizer.stories(next_day(), options=OPTIONS, state=tmp_path, sentences=1)


def test_a_rerun_adds_nothing_twice_and_gives_the_same_stories(summarizer: Summarizer,
                                                               tmp_path: Path) -> None:
    run(summarizer, stream(), tmp_path)
    day2 = dump(run(summarizer, next_day(), tmp_path))
    articles = count(tmp_path, "articles")
    assert dump(run(summarizer, next_day(), tmp_path)) == day2  # the output was lost: again
    assert count(tmp_path, "articles") == articles
    assert run(summarizer, stream(), tmp_path) == []  # all seen, nothing to tell
    with pytest.warns(SummarizeWarning, match="stub: no sentence"):  # and nothing usable new
        assert run(summarizer, [*stream(), Document("Too short.", id="stub")], tmp_path) == []
    assert count(tmp_path, "articles") == articles
    # one more article: only its story, once
    more = [*next_day(), Document(BRIDGE_NEXT + " Tolls were ruled out.", id="bridge-5",
                                  title="Title bridge-5", date="2024-05-04")]
    stories = run(summarizer, more, tmp_path)
    assert [(s.articles[-2:], s.status) for s in stories] == [(("bridge-4", "bridge-5"),
                                                               "updated")]
    assert count(tmp_path, "articles") == articles + 1


def test_the_same_text_under_another_name_is_another_article(summarizer: Summarizer,
                                                             tmp_path: Path) -> None:
    run(summarizer, stream(), tmp_path)
    again = dataclasses.replace(stream()[2], id="library-copy")
    stories = run(summarizer, [again], tmp_path)
    assert [(s.articles, s.status) for s in stories] == [(("library", "library-copy"),
                                                          "updated")]


def test_dates_keep_a_late_article_out_of_an_old_story(summarizer: Summarizer,
                                                       tmp_path: Path) -> None:
    run(summarizer, stream(), tmp_path)
    late = Document(BRIDGE_NEXT, title="Later", id="bridge-late", date="2024-05-20")
    stories = run(summarizer, [late], tmp_path)
    assert [(s.articles, s.status) for s in stories] == [(("bridge-late",), "new")]


def test_a_run_that_fails_leaves_the_state_as_it_was(summarizer: Summarizer, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    run(summarizer, stream(), tmp_path)
    before = contents(tmp_path)

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("killed")

    with monkeypatch.context() as patch:  # stops after grouping, while digesting
        patch.setattr(build_module, "run_digests", crash)
        with pytest.raises(RuntimeError, match="killed"):
            run(summarizer, next_day(), tmp_path)
    assert contents(tmp_path) == before
    # the run done again gives what an uninterrupted one does
    fresh = tmp_path / "fresh"
    run(summarizer, stream(), fresh)
    assert dump(run(summarizer, next_day(), tmp_path)) == \
        dump(run(summarizer, next_day(), fresh))


@pytest.mark.slow
def test_the_same_days_give_the_same_stories_on_any_workers(summarizer: Summarizer,
                                                            tmp_path: Path) -> None:
    outputs = []
    for workers in (1, 2):
        state = tmp_path / f"w{workers}"
        outputs.append([dump(run(summarizer, day, state, workers=workers))
                        for day in (stream(), next_day())])
    assert outputs[0] == outputs[1]


def one_line_refusal(summarizer: Summarizer, state: Path, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as caught:
        run(summarizer, next_day(), state, **kwargs)
    assert caught.value.option == "state"
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_file_that_is_no_state_is_refused_and_kept(summarizer: Summarizer,
                                                     tmp_path: Path) -> None:
    (tmp_path / FILENAME).write_bytes(b"not a database, but someone's file\n" * 10)
    assert "not a stories state" in one_line_refusal(summarizer, tmp_path)
    assert (tmp_path / FILENAME).read_bytes() == b"not a database, but someone's file\n" * 10
    other = tmp_path / "other"
    other.mkdir()
    conn = sqlite3.connect(other / FILENAME)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    assert "not a stories state" in one_line_refusal(summarizer, other)
    (tmp_path / "a-file").write_text("x")
    assert "not a directory" in one_line_refusal(summarizer, tmp_path / "a-file")


def test_a_state_of_another_format_or_encoder_is_refused(summarizer: Summarizer,
                                                         tmp_path: Path) -> None:
    run(summarizer, stream(), tmp_path)
    before = contents(tmp_path)
    other = Summarizer(encoder=HashingEncoder(dim=256))
    assert "made with the encoder 'hash:512:bigrams'" in one_line_refusal(other, tmp_path)
    assert contents(tmp_path) == before
    conn = sqlite3.connect(tmp_path / FILENAME)
    conn.execute("UPDATE meta SET value = 'summarize.stories-state/0' WHERE key = 'format'")
    conn.commit()
    conn.close()
    assert "of format 'summarize.stories-state/0'" in one_line_refusal(summarizer, tmp_path)


def test_a_state_in_use_is_refused_in_one_line(summarizer: Summarizer, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_module, "LOCK_TIMEOUT", 0.1)
    with open_state(tmp_path, "hash:512:bigrams"):
        with pytest.raises(InputError, match="another run is using this state"):
            run(summarizer, stream(), tmp_path)
    assert len(run(summarizer, stream(), tmp_path)) == 6  # free again


def test_another_text_under_a_saved_id_is_another_article(summarizer: Summarizer,
                                                         tmp_path: Path) -> None:
    """Issue 29, row 1: the saved text is never deleted nor replaced; the new text is an
    article of its own, named ``ID@DIGEST``."""
    run(summarizer, stream(), tmp_path)
    bridge_2 = stream()[3]
    revised = dataclasses.replace(bridge_2, text=bridge_2.text + " The vote was 31 to 12.",
                                  date="2024-05-02")
    stories = run(summarizer, [revised], tmp_path)
    sha = text_sha(revised.text)[:12]
    assert [(s.articles, s.status) for s in stories] == [
        (("bridge-1", "bridge-2", "bridge-3", f"bridge-2@{sha}"), "updated")]
    assert count(tmp_path, "articles") == 11
    again = run(summarizer, [revised], tmp_path)  # the same again: nothing added
    assert [s.articles for s in again] == [s.articles for s in stories]
    assert count(tmp_path, "articles") == 11


@pytest.mark.parametrize("with_state", [False, True])
def test_an_id_that_is_another_article_s_name_names_no_other_article(
        summarizer: Summarizer, tmp_path: Path, with_state: bool) -> None:
    """``x@DIGEST``, the name of another text under the id ``x``, can be an input's own id:
    two articles were then listed under one name (in one run, and in the state), and the
    article whose id it is, given again, was added again (and cited twice in its story)."""
    taken = f"x@{text_sha(LIBRARY)[:12]}"
    first, second, third = (Document(BRIDGE_NEXT, id="x"), Document(LIBRARY, id="x"),
                            Document(FESTIVAL, id=taken))
    if with_state:
        run(summarizer, [first], tmp_path)
        days = [[second, third], [third, second]]
    else:
        days = [[first, second, third]]
    stories = [run(summarizer, day, tmp_path) if with_state else
               summarizer.stories(day, options=OPTIONS, words=60) for day in days]
    told = [a for s in stories[0] for a in s.articles]
    assert len(told) == len(set(told)) == len(days[0])
    assert taken in told and f"{taken}@{text_sha(FESTIVAL)[:12]}" in told
    if with_state:
        assert stories[1] == [] and count(tmp_path, "articles") == 3
        conn = sqlite3.connect(tmp_path / FILENAME)
        names = [n for (n,) in conn.execute("SELECT name FROM articles")]
        conn.close()
        assert len(names) == len(set(names)) == 3


@pytest.mark.skipif(not can_start(), reason="no process beside here")
def test_days_grouped_beside_the_encoder_give_the_same_stories(
        summarizer: Summarizer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    besides: list[bool] = []

    class Spy(build_module.Beside):  # type: ignore[misc]
        def __init__(self, *args, here: bool = False, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, here=here, **kwargs)
            besides.append(self._process is not None)  # a process of its own was started

    monkeypatch.setattr(build_module, "Beside", Spy)
    here = [dump(run(summarizer, day, tmp_path / "here")) for day in (stream(), next_day())]
    assert besides == [False, False]  # a few articles: grouped in this process
    monkeypatch.setattr(build_module, "BESIDE_FROM", 1)
    monkeypatch.setattr(build_module, "SEGMENT_BESIDE_FROM", 1)  # segmented half beside, too
    monkeypatch.setattr(build_module, "cores", lambda: 2)
    beside = [dump(run(summarizer, day, tmp_path / "beside")) for day in (stream(), next_day())]
    assert besides[2:] == [True, True]
    assert beside == here
