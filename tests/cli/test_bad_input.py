"""Bad input through the command line (Click's CliRunner): each case with the one-line error
or the outcome it must give, and its exit code.

Cases already in ``test_cli.BAD_INPUTS`` and its neighbours (missing path, empty and binary
files, a directory without articles, non-UTF-8 bytes, a 10 MB article, the budget smaller than
any sentence, a broken JSON line with ``digest``) are not repeated here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from click.testing import CliRunner

from summarize.cli import cli

from ..conftest import HASH, STORY

GIB = 1024**3
DEFAULT_LIMIT = 50 * 1024 * 1024
FRENCH = (
    "Le gouvernement a annoncé lundi une nouvelle réforme des retraites, qui sera présentée au "
    "Parlement la semaine prochaine. Les syndicats ont appelé à une grève générale dans tout le "
    "pays pour le mois prochain. Le ministre a déclaré que la réforme était nécessaire."
)
CHINESE = "北京市政府今天宣布了新的住房政策。该政策将于明年一月起实施。市民对此反应不一。" * 3
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4


def story(i: int = 0) -> bytes:
    return f"Harbour story {i + 1}\n\n{STORY[i]}\n".encode()


def jsonl(*rows: object) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows).encode()


@dataclass(frozen=True)
class Case:
    """One bad input: the files to make (bytes, or an int: a sparse file of that size), the
    command line, what standard input holds, and what must come out."""

    name: str
    args: list[str]
    code: int
    stderr: list[str]  #: each must be part of one line of standard error
    files: dict[str, bytes | int] = field(default_factory=dict)
    stdin: bytes | None = None
    stdout: str | None = None  #: None: nothing on standard output; else part of it
    lines: int | None = None  #: lines the output file (batch OUT) must have


CASES = [
    Case("1 GB input (a sparse file), refused before it is read", ["digest", "big.txt"], 1,
         [f"big.txt: {GIB:,} bytes is over the {DEFAULT_LIMIT:,}-byte limit for one file "
          "(raise it with --max-bytes)"], files={"big.txt": GIB}),
    Case("input over the limit, read once --max-bytes raises it",
         ["digest", "big.txt", "--max-bytes", str(DEFAULT_LIMIT + 100)], 1,
         ["big.txt: looks like a binary file, not an article (it holds NUL bytes)"],
         files={"big.txt": DEFAULT_LIMIT + 1}),
    Case("several files over the limit together", ["digest", "a.txt", "b.txt", "c.txt",
                                                   "--max-bytes", "500"], 1,
         [f"a.txt, b.txt, c.txt: {len(story(0) + story(1) + story(2)):,} bytes is over the "
          "500-byte limit for all input together (raise it with --max-bytes)"],
         files={"a.txt": story(0), "b.txt": story(1), "c.txt": story(2)}),
    Case("a directory over the limit together", ["digest", "d", "--max-bytes", "500"], 1,
         ["d: ", "bytes is over the 500-byte limit for all input together"],
         files={"d/a.txt": story(0), "d/b.txt": story(1), "d/c.txt": story(2)}),
    Case("1 GB file in a directory: skipped, the others summarized", ["digest", "d"], 0,
         [f"warning: skipped d/big.txt: {GIB:,} bytes is over the {DEFAULT_LIMIT:,}-byte limit"],
         files={"d/big.txt": GIB, "d/a.txt": story(0)}, stdout="Harbour story 1"),
    Case("standard input over the limit", ["digest", "-", "--max-bytes", "100"], 1,
         ["<stdin>: over the 100-byte limit for one input (raise it with --max-bytes)"],
         stdin=story(0)),
    Case("a device that never ends (/dev/zero)", ["digest", "/dev/zero", "--max-bytes", "1000"],
         1, ["/dev/zero: over the 1,000-byte limit for one input"]),
    Case("empty standard input", ["digest", "-"], 1, ["<stdin>: the file is empty"], stdin=b""),
    Case("a directory of unreadable articles only", ["digest", "d"], 1,
         ["warning: skipped d/bin.txt: looks like a binary file",
          "warning: skipped d/empty.txt: the file is empty",
          "Error: d: no readable article in this directory"],
         files={"d/bin.txt": ELF, "d/empty.txt": b"", "d/notes.csv": b"a,b"}),
    Case("UTF-16 with a byte order mark (Windows 'Unicode')", ["digest", "u.txt"], 0, [],
         files={"u.txt": story(0).decode().encode("utf-16")}, stdout="Harbour story 1"),
    Case("non-English article: a warning, and a digest", ["digest", "fr.txt", "s.txt"], 0,
         ["warning: fr.txt: does not look like English (only 7% of its words are English "
          "stop words); the model reads English, so the digest may be poor"],
         files={"fr.txt": FRENCH.encode(), "s.txt": story(0)}, stdout="Harbour story 1"),
    Case("Chinese article: a warning, and no sentence (words are counted between spaces)",
         ["digest", "zh.txt"], 1,
         ["warning: zh.txt: does not look like English (100% of its letters are not Latin)",
          "Error: no sentence to summarize"], files={"zh.txt": CHINESE.encode()}),
    Case("-o into a directory that does not exist", ["digest", "s.txt", "-o", "no/out.txt"], 1,
         ["no/out.txt: the directory no does not exist"], files={"s.txt": story(0)}),
    Case("-o naming a directory", ["digest", "s.txt", "-o", "d"], 2, ["is a directory"],
         files={"s.txt": story(0), "d/x.csv": b"a"}),
    Case("JSON lines nested too deeply or with a number too long: the others come out",
         ["digest", "c.jsonl", "--format", "json"], 1,
         ["error: c.jsonl, line 2: not valid JSON (nested too deeply)",
          "error: c.jsonl, line 3: not valid JSON (Exceeds the limit",
          "Error: 2 cluster(s) failed"],
         files={"c.jsonl": jsonl({"id": "a", "documents": list(STORY)}, "[" * 50_000,
                                 '{"id": ' + "7" * 5000 + "}",
                                 {"id": "b", "documents": list(STORY)})},
         stdout='"id": "b"'),
    Case("JSON lines with lone surrogates and control characters",
         ["digest", "c.jsonl", "--format", "markdown"], 0, [],
         files={"c.jsonl": b'{"id": "x\\ud800\\u001b[2J\\ny", "documents": ["\\udcff' +
                b'Title\\u0007", ' + json.dumps(STORY[0]).encode() + b"]}\n"},
         stdout="## x\ufffd\\[2J y"),
    Case("JSON lines: a cluster over --max-bytes names the flag, not the library's parameter",
         ["digest", "c.jsonl", "--format", "json", "--max-bytes", "2000"], 1,
         ["error: c.jsonl, line 1: ", "for one line (raise it with --max-bytes)"],
         files={"c.jsonl": jsonl({"id": "a", "documents": [STORY[0] * 20]},
                                 {"id": "b", "documents": list(STORY)})},
         stdout='"id": "b"'),
    Case("batch: missing input", ["batch", "nowhere.jsonl", "out.jsonl"], 1,
         ["Error: nowhere.jsonl: no such file or directory"]),
    Case("batch: a directory as input", ["batch", "d", "out.jsonl"], 2, ["is a directory"],
         files={"d/x.csv": b"a"}),
    Case("batch: an input with no cluster", ["batch", "in.jsonl", "out.jsonl"], 1,
         ["in.jsonl: no cluster in this file"], files={"in.jsonl": b"\n  \n"}),
    Case("batch: a broken line is reported with its number; the others come out",
         ["batch", "in.jsonl", "out.jsonl", "--sentences", "1"], 1,
         ["error: in.jsonl, line 2: not valid JSON (Expecting property name",
          "Error: 1 of 3 cluster(s) failed (their lines in out.jsonl hold the errors)"],
         files={"in.jsonl": jsonl({"id": "a", "documents": list(STORY)}, "{broken",
                                  {"id": "b", "documents": list(STORY)})}, lines=3),
    Case("batch: a budget smaller than any sentence", ["batch", "in.jsonl", "out.jsonl",
                                                      "--words", "2"], 1,
         ["error: in.jsonl, line 1 (cluster a): no sentence fits in 2 words"],
         files={"in.jsonl": jsonl({"id": "a", "documents": list(STORY)})}, lines=1),
    Case("batch: a non-English cluster", ["batch", "in.jsonl", "out.jsonl"], 0,
         ["warning: in.jsonl, line 1, document 1: does not look like English"],
         files={"in.jsonl": jsonl({"id": "a", "documents": [FRENCH, STORY[0]]})}, lines=1),
    Case("batch: an output that exists already", ["batch", "in.jsonl", "out.jsonl"], 2,
         ["out.jsonl already exists (add --force to overwrite it)"],
         files={"in.jsonl": jsonl({"id": "a", "documents": list(STORY)}),
                "out.jsonl": b"keep me\n"}, lines=1),
]

#: How a line of standard error may start: every message is one line of its own.
MESSAGE_STARTS = ("warning: ", "error: ", "Error: ", "wrote ", "Usage: ", "Try ")


def make_files(root, files: dict[str, bytes | int]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, int):
            with path.open("wb") as fh:
                fh.truncate(content)  # sparse: instant, takes no disk
        else:
            path.write_bytes(content)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(tmp_path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    make_files(tmp_path, case.files)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()
              and p.stat().st_size < 1_000_000}
    args = case.args[:1] + HASH + case.args[1:]
    if case.args[0] == "batch":
        args += ["--workers", "1"]
    result = CliRunner().invoke(cli, args, input=case.stdin)

    assert result.exit_code == case.code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    for expected in case.stderr:
        assert any(expected in line for line in lines), (expected, result.stderr)
    assert all(line.startswith(MESSAGE_STARTS) or not line.strip() for line in lines), lines
    assert sum(line.startswith("Error: ") for line in lines) == (case.code != 0)
    if case.stdout is None:
        assert result.stdout == ""
    else:
        assert case.stdout in result.stdout
    if case.args[0] == "digest" and "-o" in case.args:
        assert {p for p in tmp_path.rglob("*") if p.is_file()} == set(before)  # no partial file
    out = tmp_path / "out.jsonl"
    if case.lines is not None:
        assert len(out.read_bytes().splitlines()) == case.lines
        if case.code == 2:
            assert out.read_bytes() == before[out]  # refused: left as it was
        else:
            assert all(json.loads(line) for line in out.read_bytes().splitlines())
    elif case.args[0] == "batch":
        assert not out.exists()  # refused before anything was written
    assert not (tmp_path / "out.jsonl.progress").exists()


@pytest.mark.parametrize("args", [
    ["digest", ""], ["stories", "s.txt", ""], ["digest", "s.txt", "-o", "", "--force"],
    ["stories", "s.txt", "-o", "", "--force"], ["stories", "s.txt", "--state", ""],
    ["batch", "in.jsonl", ""], ["eval", "in.jsonl", "--out", ""],
], ids=["digest-input", "stories-input", "digest-output", "stories-output", "stories-state",
        "batch-output", "eval-out"])
def test_an_empty_path_is_a_usage_error_not_the_current_directory(tmp_path, monkeypatch, args):
    """An empty path (an unset shell variable: ``--state "$DIR"``) once named the current
    directory: its files read as articles, a state or eval's reports written there."""
    monkeypatch.chdir(tmp_path)
    make_files(tmp_path, {"s.txt": story(0), "in.jsonl": jsonl(
        {"id": "a", "documents": list(STORY), "summaries": [STORY[0]]})})
    result = CliRunner().invoke(cli, args[:1] + HASH + args[1:])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "an empty path" in errors[0], result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "s.txt"]


def test_an_empty_state_path_is_refused_by_the_library_too(tmp_path, monkeypatch):
    from summarize import Document, HashingEncoder, Summarizer, UsageError

    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="an empty path"):
        Summarizer(encoder=HashingEncoder()).stories([Document(STORY[0])], sentences=1,
                                                     state="")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["digest", "stories"])
def test_an_output_onto_an_input_file_is_refused_even_with_force(tmp_path, monkeypatch,
                                                                 command):
    """As ``batch`` refuses an OUT that is its IN: ``-o a.txt --force`` replaced the article
    ``a.txt`` by its own digest."""
    monkeypatch.chdir(tmp_path)
    make_files(tmp_path, {"a.txt": story(0), "b.txt": story(1)})
    (tmp_path / "link.txt").symlink_to("a.txt")
    for output in ("a.txt", "./a.txt", "link.txt"):
        result = CliRunner().invoke(cli, [command, *HASH, "a.txt", "b.txt", "-o", output,
                                          "--force"])
        assert result.exit_code == 2, result.output
        assert "is an input: give another output file" in result.stderr
        assert (tmp_path / "a.txt").read_bytes() == story(0)


@pytest.mark.parametrize("command", ["digest", "stories"])
def test_an_output_onto_an_article_of_an_input_directory_is_refused_even_with_force(
        tmp_path, monkeypatch, command):
    """``today/ -o today/a.txt --force`` replaced the article ``a.txt``, read from the
    directory, by the digest."""
    monkeypatch.chdir(tmp_path)
    make_files(tmp_path / "today", {"a.txt": story(0), "b.txt": story(1)})
    result = CliRunner().invoke(cli, [command, *HASH, "today", "-o", "today/a.txt", "--force"])
    assert result.exit_code == 2, result.output
    assert "is an input: give another output file" in result.stderr
    assert (tmp_path / "today" / "a.txt").read_bytes() == story(0)
