"""The CLI in-process through Click's CliRunner: formats, budgets, inputs, and bad input."""

import json
import os

import pytest

from ..conftest import CORPORA, HASH, STORY, run


@pytest.fixture
def story_files(tmp_path):
    paths = []
    for i, text in enumerate(STORY):
        p = tmp_path / f"{i}.txt"
        p.write_text(f"Harbour story {i + 1}\n\n{text}\n")
        paths.append(str(p))
    return paths


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
@pytest.mark.parametrize("budget", [[], ["--sentences", "2"], ["--words", "40"],
                                    ["--bytes", "300"]])
def test_formats_and_budgets(story_files, fmt, budget):
    result = run("digest", *story_files, *HASH, "--format", fmt, *budget)
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "json":
        obj = json.loads(out)
        texts = [s["text"] for s in obj["sentences"]]
        assert [s["title"] for s in obj["sources"]] == [f"Harbour story {i}" for i in (1, 2, 3)]
    else:
        lines = out.split("\n\n")[0].splitlines()
        texts = [line.removeprefix("- ").rsplit(" ", 1)[0] for line in lines]
        assert all(line.endswith("]") for line in lines)
        assert "Harbour story 3" in out
    if budget == ["--sentences", "2"]:
        assert len(texts) <= 2
    elif budget and budget[0] == "--words":
        assert sum(len(t.split()) for t in texts) <= 40
    elif budget and fmt != "markdown":
        assert len(" ".join(texts).encode()) <= 300


def test_directory_and_stdin(story_files, tmp_path):
    result = run("digest", "-", story_files[1], *HASH, "--format", "json", input=STORY[0])
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert obj["sources"][0]["path"] == "<stdin>"
    by_dir = run("digest", str(tmp_path), *HASH)
    assert by_dir.exit_code == 0 and "[3] Harbour story 3" in by_dir.stdout


def test_output_file_is_written_and_never_overwritten_silently(story_files, tmp_path):
    out = tmp_path / "digest.md"
    first = run("digest", *story_files, *HASH, "--format", "markdown", "-o", str(out))
    assert first.exit_code == 0 and out.read_text().startswith("- ")
    again = run("digest", *story_files, *HASH, "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.output
    assert out.read_text().startswith("- ")
    forced = run("digest", *story_files, *HASH, "-o", str(out), "--force")
    assert forced.exit_code == 0 and "Sources:" in out.read_text()


def test_failed_run_leaves_no_output_file(tmp_path):
    out = tmp_path / "digest.txt"
    result = run("digest", str(tmp_path / "missing.txt"), *HASH, "-o", str(out))
    assert result.exit_code == 1
    assert os.listdir(tmp_path) == []


def test_jsonl_clusters_one_digest_per_line(tmp_path):
    src = tmp_path / "clusters.jsonl"
    rows = [{"id": "harbour", "documents": list(STORY)}, "{not json",
            {"id": "solo", "documents": [STORY[2]]}]
    src.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    result = run("digest", str(src), *HASH, "--format", "json", "--sentences", "2")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["harbour", "solo"]
    assert "line 2" in result.stderr and "1 cluster(s) failed" in result.stderr


def test_help_shows_a_working_example():
    for args in (["--help"], ["digest", "--help"]):
        result = run(*args)
        assert result.exit_code == 0
        assert "summarize digest a.txt b.txt c.md --words 100" in result.output


BAD_INPUTS = [
    # (name, files to make: name -> bytes, extra args, exit code, message on stderr)
    ("missing path", {}, ["nowhere.txt"], 1, "nowhere.txt: no such file or directory"),
    ("empty file", {"e.txt": b""}, ["e.txt"], 1, "e.txt: the file is empty"),
    ("binary file", {"b.txt": b"\x7fELF\x02\x01\x00\x00" * 40}, ["b.txt"], 1, "binary file"),
    ("directory without articles", {"d/x.csv": b"a,b"}, ["d"], 1, "no readable article"),
    ("unknown option", {}, ["--wat"], 2, "No such option '--wat'"),
    ("zero budget", {}, ["--words", "0"], 2, "0 is not in the range x>=1"),
    ("negative budget", {}, ["--sentences", "-3"], 2, "-3 is not in the range x>=1"),
    ("two budgets", {}, ["--words", "5", "--bytes", "9"], 2, "give one budget"),
    ("budget smaller than any sentence", {"s.txt": STORY[0].encode()}, ["s.txt", "--words", "2"],
     1, "no sentence fits in 2 words"),
    ("only fragments", {"f.txt": b"Headline here\nToo short."}, ["f.txt"], 1,
     "no sentence to summarize"),
    ("file over the size limit", {"big.txt": b"word " * 300}, ["big.txt", "--max-bytes", "1000"],
     1, "over the 1,000-byte limit"),
]


@pytest.mark.parametrize("name,files,args,code,message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input(tmp_path, monkeypatch, name, files, args, code, message):
    monkeypatch.chdir(tmp_path)
    for fname, data in files.items():
        (tmp_path / fname).parent.mkdir(exist_ok=True)
        (tmp_path / fname).write_bytes(data)
    result = run("digest", *HASH, *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output and result.exception is None or isinstance(
        result.exception, SystemExit)
    assert result.stdout == ""


def test_non_utf8_is_read_with_a_warning(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(STORY[0].replace("harbour", "harbour café").encode("cp1252"))
    result = run("digest", str(path), *HASH)
    assert result.exit_code == 0
    assert "warning:" in result.stderr and "Windows-1252" in result.stderr
    assert "café" in result.stdout


@pytest.mark.slow
def test_ten_megabyte_article_gives_a_digest(tmp_path):
    path = tmp_path / "huge.txt"
    body = " ".join(f"Report number {i} says the council met about bridge {i % 97}." if i % 2
                    else f"Engineers inspected tunnel {i % 89} after heavy rain on day {i}."
                    for i in range(200_000))
    path.write_text(body[: 10 * 1024 * 1024])
    assert path.stat().st_size > 9_000_000
    result = run("digest", str(path), *HASH, "--sentences", "2")
    assert result.exit_code == 0, result.output
    assert "only the first 200,000 are summarized" in result.stderr
    assert result.stdout.count("[1]") == 3  # two sentences and one source


def test_example_cluster_paths_are_relative():
    result = run("digest", *HASH, "--sentences", "1")
    assert result.exit_code == 0
    assert f"({CORPORA.name}/000_3e22be69c8b0298d.txt)" in result.stdout


SENSIBLE = [
    # (name, files, expected citations per sentence)
    ("one article only", {"a.txt": STORY[0]}, {(1,)}),
    ("one sentence only", {"a.txt": "The council approved the new harbour bridge on Monday."},
     {(1,)}),
    ("identical articles", {"a.txt": STORY[1], "b.txt": STORY[1]}, {(1, 2)}),
]


@pytest.mark.parametrize("name,files,cites", SENSIBLE, ids=[s[0] for s in SENSIBLE])
def test_degenerate_clusters_give_a_sensible_digest(tmp_path, name, files, cites):
    for fname, text in files.items():
        (tmp_path / fname).write_text(text)
    result = run("digest", *[str(tmp_path / f) for f in files], *HASH, "--format", "json")
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    texts = [s["text"] for s in obj["sentences"]]
    assert texts and len(texts) == len(set(texts))
    assert {tuple(s["citations"]) for s in obj["sentences"]} == cites
    assert all(t in files["a.txt"] for t in texts)


def test_eval_without_its_extra_says_how_to_install_it(tmp_path, monkeypatch):
    import importlib.util

    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"id": "a", "documents": [STORY[0]], "summaries": ["x"]}) + "\n")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "rouge_score" else real(name, *a))
    result = run("eval", str(data), "--backend", "hash", "--method", "lead")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Error: summarize eval needs the eval extra (rouge_score is "
                                     "not installed): pip install 'summarize[eval]'")
