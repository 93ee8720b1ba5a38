"""``summarize eval POOL --grouping``: the stories' article grouping scored (B-cubed, ARI)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from summarize.cli import cli

BRIDGE = ("The city council approved the new harbour bridge on Monday after a long debate. "
          "The bridge will carry cars and trams across the harbour from the old town.")
FLOOD = ("Heavy rain flooded the river valley on Tuesday and farmers lost their harvest. "
         "Rescue teams evacuated villages along the river as the water kept rising.")


def pool(tmp_path: Path) -> Path:
    rows = []
    for k in range(3):
        rows.append({"id": f"bridge/{k}", "text": f"{BRIDGE} Report number {k}.",
                     "story": "bridge"})
        rows.append({"id": f"flood/{k}", "text": f"{FLOOD} Report number {k}.",
                     "story": "flood"})
    path = tmp_path / "pool.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["eval", *args])


def test_a_pool_of_two_stories_is_scored_for_each_method(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(str(pool(tmp_path)), "--grouping", "--backend", "hash", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "6 articles, 2 stories" in result.output
    saved = json.loads((out / "grouping.json").read_text(encoding="utf-8"))
    assert set(saved["methods"]) == {"ours", "embedding", "tfidf"}
    # two clearly different stories, each told three times: every method finds them
    for name, scores in saved["methods"].items():
        assert scores["f1"] == 1.0 and scores["ari"] == 1.0, name
    assert (out / "grouping.md").read_text(encoding="utf-8") == result.output


def test_one_threshold_for_every_method_and_a_method_alone(tmp_path: Path) -> None:
    result = run(str(pool(tmp_path)), "--grouping", "--method", "tfidf",
                 "--story-threshold", "1.0")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("| tfidf"))
    assert "ours" not in result.output.split("|---")[-1]
    # at a threshold of 1 no two different texts are one story: six stories found
    assert row.rstrip(" |").endswith("6")


def test_bad_grouping_options_are_one_line_errors(tmp_path: Path) -> None:
    path = pool(tmp_path)
    for args, words in ((("--story-threshold", "0.5"), "--grouping"),
                        (("--grouping", "--method", "lexrank"), "unknown grouping method"),
                        (("--grouping", "--story-threshold", "2"), "threshold")):
        result = run(str(path), *args)
        assert result.exit_code == 2, (args, result.output)
        assert words in result.output
        assert "Traceback" not in result.output
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "text": "x"\n', encoding="utf-8")
    result = run(str(broken), "--grouping", "--method", "tfidf")
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1


def test_files_eval_grouping_did_not_write_are_never_replaced(tmp_path: Path) -> None:
    path = pool(tmp_path)
    for name, text in (("grouping.json", "my notes\n"), ("grouping.json", "[1]\n"),
                       ("grouping.json", '{"methods": 1}\n'), ("grouping.md", "# my table\n")):
        out = tmp_path / f"out-{name}-{len(text)}"
        out.mkdir()
        (out / name).write_text(text, encoding="utf-8")
        result = run(str(path), "--grouping", "--method", "tfidf", "--out", str(out))
        assert result.exit_code == 2, (name, text, result.output)
        assert "use another output directory" in result.output and "Traceback" not in result.output
        assert (out / name).read_text(encoding="utf-8") == text
        assert sorted(p.name for p in out.iterdir()) == [name]
    out = tmp_path / "again"  # a run's own files are replaced by the next run
    for _ in range(2):
        result = run(str(path), "--grouping", "--method", "tfidf", "--out", str(out))
        assert result.exit_code == 0, result.output
    assert (out / "grouping.md").read_text(encoding="utf-8") == result.output
