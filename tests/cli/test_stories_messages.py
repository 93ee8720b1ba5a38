"""What ``summarize stories`` says (issue 29, row 14): flags named as flags in warnings, one
line on SIGTERM, article ids cleaned as every other field is, and a warning that comes once
per article counted rather than repeated."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import cli

from ..conftest import HASH, ROOT
from ..local_server import serve
from .conftest import BRIDGE, STORM


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = b"<html><body><p>" + b"word " * 2000 + b"</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(Handler) as url:
        yield url


def test_a_skipped_url_names_the_flag_that_raises_the_limit(tmp_path: Path,
                                                             server: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(BRIDGE[0], encoding="utf-8")
    result = CliRunner().invoke(cli, ["stories", str(article), f"{server}/big", "--fetch",
                                      "--allow-private-urls", "--max-bytes", "3000", *HASH])
    assert result.exit_code == 0, result.output
    assert "(raise it with --max-bytes)" in result.stderr, result.stderr
    assert "max_bytes" not in result.stderr


def test_article_ids_are_cleaned_as_other_fields(tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "evil\u202eid\x1b[31m", "text": BRIDGE[0]}) + "\n",
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["stories", str(source), "--format", "json", *HASH])
    assert result.exit_code == 0, result.output
    story = json.loads(result.stdout.splitlines()[0])
    assert story["articles"] == ["evilid[31m"]


def test_a_warning_per_article_is_counted(tmp_path: Path) -> None:
    french = ("Le conseil municipal a approuvé le nouveau pont du port lundi soir après un long "
              "débat. Le vote était de sept voix contre deux et les travaux commencent au "
              "printemps prochain, selon la mairie de la ville.")
    source = tmp_path / "a.jsonl"
    source.write_text("".join(json.dumps({"id": f"fr{k}", "text": f"{french} Numéro {k}."})
                              + "\n" for k in range(7))
                      + json.dumps({"id": "en", "text": BRIDGE[0]}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["stories", str(source), *HASH])
    assert result.exit_code == 0, result.output
    said = [x for x in result.stderr.splitlines() if "does not look like English" in x]
    assert len(said) == 3, result.stderr
    assert ("warning: articles that do not look like English: 7 in all, the first 3 shown "
            "(4 more)") in result.stderr


def test_sigterm_during_stories_says_so_in_one_line(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"a{k}", "text": f"Story number {k} happened today. "
                         + (BRIDGE if k % 2 else STORM)[k % 3 % 2]}) for k in range(4000)]
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    state = tmp_path / "state"
    proc = subprocess.Popen([sys.executable, "-m", "summarize", "stories", str(source), *HASH,
                             "--state", str(state), "-o", str(tmp_path / "out.txt")],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None \
            and not (state / "stories.sqlite").exists():
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.skip("the run ended before it could be stopped")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert err.decode().strip().splitlines()[-1] == \
        "stopped (SIGTERM): the state is as it was before this run"
    assert not (tmp_path / "out.txt").exists()
