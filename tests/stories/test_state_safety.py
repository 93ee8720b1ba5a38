"""The saved stories lose nothing (issue 29): an article's identity is its id and its text
(rows 1, 11, 13); a state SQLite cannot write, or a damaged one, is one line naming it and
the remedy (rows 4, 5, 14); the state commits only once the output is written (row 6)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import Document, HashingEncoder, Summarizer
from summarize.cli import cli
from summarize.stories import StoryOptions
from summarize.stories import state as state_module
from summarize.stories.articles import text_sha
from summarize.stories.state import FILENAME

from ..conftest import HASH, ROOT
from .conftest import contents
from .stream import BRIDGE, FERRY, stream

DAY_ONE = ("The city council approved the new harbour bridge on Monday evening after a long "
           "debate. The vote was seven to two and construction starts next spring.")
DAY_TWO = ("The new harbour bridge approved by the city council on Monday will cost more than "
           "planned, officials said. The vote was seven to two and construction starts next "
           "spring.")


def names(state: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(state / FILENAME)
    try:
        return [(n, s) for n, s in conn.execute("SELECT name, story FROM articles ORDER BY seq")]
    finally:
        conn.close()


def stories_cli(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["stories", *args, *HASH], input=stdin)


# --- rows 1, 11, 13: identity ----------------------------------------------------------------

def test_standard_input_on_day_two_keeps_day_ones_article(tmp_path: Path) -> None:
    state = tmp_path / "st"
    assert stories_cli("-", "--state", str(state), stdin=DAY_ONE).exit_code == 0
    second = stories_cli("-", "--state", str(state), "--format", "json", stdin=DAY_TWO)
    assert second.exit_code == 0, second.output
    import json

    story = json.loads(second.stdout.splitlines()[0])
    assert story["articles"] == ["<stdin>", f"<stdin>@{text_sha(DAY_TWO)[:12]}"]
    assert story["status"] == "updated"
    assert len(story["digest"]["sources"]) == 2  # day one's article still cited
    assert [n for n, _ in names(state)] == ["<stdin>", f"<stdin>@{text_sha(DAY_TWO)[:12]}"]


def test_a_new_text_under_a_saved_id_in_another_story_is_in_one_place(tmp_path: Path) -> None:
    s = Summarizer(encoder=HashingEncoder())
    options = StoryOptions(threshold=0.5)
    s.stories([Document(BRIDGE[0], id="today/001.txt", title="bridge")], sentences=1,
              options=options, state=tmp_path)
    found = s.stories([Document(FERRY[0], id="today/001.txt", title="ferry")], sentences=1,
                      options=options, state=tmp_path)
    ferry = f"today/001.txt@{text_sha(FERRY[0])[:12]}"
    assert [(x.articles, x.status) for x in found] == [((ferry,), "new")]
    assert [x.title for x in found[0].digest.sources] == ["ferry"]  # the old text not cited
    saved = names(tmp_path)
    assert [n for n, _ in saved] == ["today/001.txt", ferry]
    assert saved[0][1] != saved[1][1]  # each name in one story, the first one kept


def test_two_texts_under_one_id_in_one_run_are_two_articles() -> None:
    s = Summarizer(encoder=HashingEncoder())
    docs = [Document(BRIDGE[0], id="1"), Document(FERRY[0], id="1")]
    found = s.stories(docs, sentences=1, options=StoryOptions(threshold=0.5))
    assert sorted(a for x in found for a in x.articles) == \
        sorted(["1", f"1@{text_sha(FERRY[0])[:12]}"])


# --- rows 4, 5: a state SQLite cannot write, a damaged one ----------------------------------

def _read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite opens the state read-only, as it does a file or a folder it cannot write (the
    tests may run as root, whom file modes do not stop)."""
    connect = sqlite3.connect

    def read_only(path, **kwargs):  # type: ignore[no-untyped-def]
        return connect(f"file:{path}?mode=ro", uri=True, **kwargs)

    monkeypatch.setattr(state_module.sqlite3, "connect", read_only)


@pytest.mark.parametrize("new", [True, False], ids=["articles-new", "nothing-new"])
def test_a_state_sqlite_cannot_write_is_one_line(tmp_path: Path, new: bool,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    state = tmp_path / "st"
    assert stories_cli("-", "--state", str(state), stdin=DAY_ONE).exit_code == 0
    before = contents(state)
    _read_only(monkeypatch)
    result = stories_cli("-", "--state", str(state), stdin=DAY_TWO if new else DAY_ONE)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert str(state / FILENAME) in lines[0]
    assert "cannot be written" in lines[0] and "--state" in lines[0]
    monkeypatch.undo()
    assert contents(state) == before


def _damage(path: Path) -> None:
    """Garbage over one page in the middle of the file (the header left whole)."""
    size = path.stat().st_size
    page = 4096
    assert size >= 4 * page
    middle = (size // page // 2) * page
    with path.open("r+b") as fh:
        fh.seek(middle)
        fh.write(bytes(range(256)) * (page // 256))


def test_a_damaged_state_is_called_damaged(tmp_path: Path) -> None:
    s = Summarizer(encoder=HashingEncoder())
    s.stories(stream(), sentences=1, options=StoryOptions(threshold=0.5), state=tmp_path)
    _damage(tmp_path / FILENAME)
    kept = (tmp_path / FILENAME).read_bytes()
    result = stories_cli("-", "--state", str(tmp_path), stdin=DAY_TWO)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "the state is damaged" in lines[0] and str(tmp_path / FILENAME) in lines[0]
    assert "restore it from a backup, or give --state another directory" in lines[0]
    assert "not an SQLite database" not in lines[0]
    assert (tmp_path / FILENAME).read_bytes() == kept


def test_a_state_whose_header_is_damaged_is_called_damaged(tmp_path: Path) -> None:
    s = Summarizer(encoder=HashingEncoder())
    s.stories(stream(), sentences=1, options=StoryOptions(threshold=0.5), state=tmp_path)
    path = tmp_path / FILENAME
    data = bytearray(path.read_bytes())
    data[16:100] = b"\xff" * 84  # the page size and the rest of the header, garbage
    path.write_bytes(bytes(data))
    result = stories_cli("-", "--state", str(tmp_path), stdin=DAY_TWO)
    assert result.exit_code == 1, result.output
    assert "the state is damaged" in result.stderr


# --- row 6: the state commits only after the output is written -------------------------------

@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_an_output_that_cannot_be_written_leaves_the_state_as_it_was(tmp_path: Path) -> None:
    state = tmp_path / "st"
    assert stories_cli("-", "--state", str(state), stdin=DAY_ONE).exit_code == 0
    before = contents(state)
    lost = subprocess.run(
        [sys.executable, "-m", "summarize", "stories", "-", "--state", str(state), *HASH,
         "-o", "/dev/full", "--force"], input=DAY_TWO, cwd=ROOT, capture_output=True,
        text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert lost.returncode == 1
    assert "/dev/full" in lost.stderr and "Traceback" not in lost.stderr
    assert contents(state) == before
    again = stories_cli("-", "--state", str(state), "--format", "json", stdin=DAY_TWO)
    assert again.exit_code == 0 and '"status": "updated"' in again.stdout  # told, this time


def test_an_output_file_made_meanwhile_leaves_the_state_as_it_was(tmp_path: Path) -> None:
    s = Summarizer(encoder=HashingEncoder())
    s.stories([Document(DAY_ONE, id="a")], sentences=1, state=tmp_path)
    before = contents(tmp_path)
    out = tmp_path / "out.txt"

    def deliver(found):  # type: ignore[no-untyped-def]
        out.write_text("someone else's\n")  # appears while the run was going on
        from summarize.io import write_atomic

        write_atomic(out, "stories\n", overwrite=False)

    with pytest.raises(Exception, match="already exists"):
        s.stories([Document(DAY_TWO, id="b")], sentences=1, state=tmp_path, deliver=deliver)
    assert out.read_text() == "someone else's\n"
    assert contents(tmp_path) == before


# --- lone surrogates: a JSON-lines article's \udXXX escapes ----------------------------------

def test_an_article_with_a_lone_surrogate_is_saved_and_known_again(tmp_path: Path) -> None:
    """A ``\\ud800`` escape in a JSON-lines article (its text, title, id or URL) is a lone
    surrogate, which SQLite's UTF-8 cannot hold: saving it once was a traceback."""
    import json

    record = {"id": "a\ud800", "text": "\ud800 " + DAY_ONE, "title": "bridge \udfff",
              "url": "https://example.com/\ud800"}
    source = tmp_path / "day.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")  # ASCII: \ud800 escapes
    state = tmp_path / "st"
    first = stories_cli(str(source), "--state", str(state), "--format", "json")
    assert first.exit_code == 0, first.output
    assert "Traceback" not in first.output
    again = stories_cli(str(source), "--state", str(state), "--format", "json")
    assert again.exit_code == 0, again.output
    assert again.stdout == first.stdout  # the same article, known again: nothing added
    assert len(names(state)) == 1


# --- values no run wrote: the state damaged, in one line ---------------------------------------

@pytest.mark.parametrize(("sql", "again"), [
    ("UPDATE meta SET value = 'x' WHERE key = 'runs'", False),
    ("UPDATE meta SET value = 'abc' WHERE key = 'dim'", False),
    ("UPDATE meta SET value = '-5' WHERE key = 'dim'", False),
    ("UPDATE articles SET document = '{broken'", False),
    ("UPDATE articles SET sentences = '[{\"unknown\": 1}]'", False),
    ("UPDATE articles SET vector = x'00'", False),
    ("UPDATE stories SET centroid = x'0000'", False),
    ("UPDATE meta SET value = '{broken' WHERE key = 'last_stories'", True),
    ("UPDATE meta SET value = '[1]' WHERE key = 'last_stories'", True),
    ("UPDATE meta SET value = json_replace(value, '$[0][1]', 'retracted') "
     "WHERE key = 'last_stories'", True),
    ("UPDATE meta SET value = '9223372036854775807' WHERE key = 'runs'", False),
    ("UPDATE articles SET seq = 9223372036854775807", False),
    ("UPDATE articles SET sentences = '[]'", False),
    ("UPDATE articles SET sentences = '{}'", False),
    ("UPDATE articles SET sentences = json_set(sentences, '$[0].text', 5)", False),
    ("UPDATE articles SET vector = x''", False),
    ("UPDATE articles SET vectors = vector", False),
    ("UPDATE articles SET first_layer = vector", False),
    ("UPDATE articles SET name = x'ff00'", False),
    # every float32 the bytes 41 C2 80 7F (char(65, 128, 127) in UTF-8): NaN
    ("UPDATE articles SET vector = CAST(replace(hex(zeroblob(length(vector) / 4)), '00', "
     "char(65, 128, 127)) AS BLOB)", False),
    # a sentence not encoded is a row of NaN, but an article's first sentence is always encoded
    ("UPDATE articles SET vectors = CAST(replace(hex(zeroblob(length(vectors) / 4)), '00', "
     "char(65, 128, 127)) AS BLOB)", False),
], ids=["runs", "dim", "dim-negative", "document", "sentences", "vector", "centroid",
        "last-stories", "last-stories-shape", "last-stories-status", "runs-past-sqlite",
        "seq-past-sqlite", "no-sentence", "sentences-object", "sentence-text", "vector-empty",
        "vectors-per-sentence", "first-layer-per-sentence", "name-blob", "vector-nan",
        "vectors-nan"])
def test_a_value_no_run_wrote_is_the_state_damaged_in_one_line(tmp_path: Path, sql: str,
                                                                 again: bool) -> None:
    """A state SQLite finds whole whose rows hold what no run wrote (edited by hand, written by
    another program) was a ValueError or TypeError traceback when read; and, until these
    were checked too, an IndexError (no sentence, no article vector), an AttributeError (a
    sentence's text no string), an OverflowError (a run count or an article number past
    SQLite's integers), a TypeError rendering a name SQLite holds as bytes, or a run that
    saved stories from vectors of another shape or not finite."""
    state = tmp_path / "st"
    assert stories_cli("-", "--state", str(state), stdin=DAY_ONE).exit_code == 0
    conn = sqlite3.connect(state / FILENAME)
    with conn:
        conn.execute(sql)
    conn.close()
    before = contents(state)
    result = stories_cli("-", "--state", str(state), stdin=DAY_ONE if again else DAY_TWO)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.stderr.splitlines()[-1].startswith(f"Error: {state / FILENAME}: the state "
                                                     "is damaged (")
    assert contents(state) == before


@pytest.mark.parametrize("name", [FILENAME, FILENAME + "-journal"])
def test_an_output_onto_the_state_s_own_file_is_refused(tmp_path: Path, name: str) -> None:
    """``-o STATE/stories.sqlite --force`` once replaced the state by the run's text (exit 0,
    every saved story lost: the run committed into the file renamed away)."""
    state = tmp_path / "st"
    assert stories_cli("-", "--state", str(state), stdin=DAY_ONE).exit_code == 0
    before = contents(state)
    result = stories_cli("-", "--state", str(state), "-o", str(state / name), "--force",
                         stdin=DAY_TWO)
    assert result.exit_code == 2, result.output
    assert "is the state's own file" in result.stderr
    assert contents(state) == before
    assert sorted(p.name for p in state.iterdir()) == [FILENAME]


def test_a_state_that_is_a_link_to_nowhere_is_refused_in_one_line(tmp_path: Path) -> None:
    """A ``--state`` link whose target is gone was "cannot open the state ([Errno 17] File
    exists: …)"."""
    state = tmp_path / "st"
    state.symlink_to(tmp_path / "gone")
    result = stories_cli("-", "--state", str(state), stdin=DAY_ONE)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == (
        f"Error: {state}: a link to {tmp_path / 'gone'}, which does not exist (give --state "
        "another directory)")
    assert not (tmp_path / "gone").exists() and state.is_symlink()
