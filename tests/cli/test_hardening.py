"""Issue 18, hardened round two: output never replaces what is not ours, input that used to hang
or mislead, and URLs fetched only when asked, within one deadline, never from private
addresses by surprise.

Every row of the issue's table has a test here or in ``test_hardening_batch.py``.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from summarize import HashingEncoder, InputError, UsageError, summarize
from summarize.ingest import as_documents
from summarize.ingest.jsonl import iter_jsonl_clusters, parse_json_line
from summarize.ingest.web import fetch
from summarize.io import write_atomic

from ..conftest import HASH, STORY, english_clusters, run, write_lines


def one_line_error(result, code: int) -> str:
    """The run failed with ``code`` and one line of standard error (a usage error may add
    the "Try ... for help." line after it): that line."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.strip().splitlines() if not line.startswith("Try ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def story(tmp_path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("Harbour story\n\n" + " ".join(STORY) + "\n", encoding="utf-8")
    return path


# --- -o: a device, a FIFO, a symbolic link ----------------------------------------------------


def _device(path: Path, minor: int) -> Path:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))  # 1,3: null; 1,7: full
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")
    return path


def test_output_to_a_device_node_is_written_through_never_replaced(story, tmp_path):
    null = _device(tmp_path / "dev", 3)
    result = run("digest", str(story), *HASH, "-o", str(null), "--force")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "dev"]  # no temporary file
    full = _device(tmp_path / "full", 7)
    line = one_line_error(run("digest", str(story), *HASH, "-o", str(full), "--force"), 1)
    assert line == f"Error: {full}: cannot be written (No space left on device)"
    assert stat.S_ISCHR(full.stat().st_mode)
    # writing through replaces nothing: no --force needed
    assert run("digest", str(story), *HASH, "-o", str(null)).exit_code == 0


def _drain(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    got: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as fh:
            got.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, got


def test_output_to_a_fifo_is_written_through(story, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, got = _drain(fifo)
    result = run("digest", str(story), *HASH, "-o", str(fifo), "--force")
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the FIFO, not a file in its place
    assert got and got[0].decode().startswith("The city council approved")


def test_output_through_a_symbolic_link_writes_its_target(story, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old\n")
    link = tmp_path / "out.txt"
    link.symlink_to(real.name)
    refused = one_line_error(run("digest", str(story), *HASH, "-o", str(link)), 2)
    assert "already exists (add --force to overwrite it)" in refused
    assert run("digest", str(story), *HASH, "-o", str(link), "--force").exit_code == 0
    assert link.is_symlink() and os.readlink(link) == real.name  # the link stays
    assert real.read_text().startswith("The city council approved")
    dangling = tmp_path / "new.txt"
    dangling.symlink_to("made.txt")
    assert run("digest", str(story), *HASH, "-o", str(dangling)).exit_code == 0
    assert dangling.is_symlink() and (tmp_path / "made.txt").read_text().startswith("The city")


def test_a_symbolic_link_loop_as_output_is_one_line(story, tmp_path):
    (tmp_path / "x").symlink_to("y")
    (tmp_path / "y").symlink_to("x")
    line = one_line_error(run("digest", str(story), *HASH, "-o", str(tmp_path / "x"),
                              "--force"), 1)
    assert line == f"Error: {tmp_path / 'x'}: cannot be written (a loop of symbolic links)"
    assert (tmp_path / "x").is_symlink() and (tmp_path / "y").is_symlink()


def test_library_atomic_write_follows_links_and_writes_through(tmp_path):
    real = tmp_path / "real.json"
    (tmp_path / "link.json").symlink_to(real)
    write_atomic(tmp_path / "link.json", "{}\n")
    assert real.read_text() == "{}\n" and (tmp_path / "link.json").is_symlink()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader, got = _drain(fifo)
    write_atomic(fifo, "through\n", overwrite=False)
    reader.join(10)
    assert got == [b"through\n"] and stat.S_ISFIFO(fifo.stat().st_mode)


# --- input that hung or misled -----------------------------------------------------------------


def test_a_fifo_given_as_path_is_an_error_not_a_hang(tmp_path):
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    try:
        done = subprocess.run([sys.executable, "-m", "summarize", "digest", str(fifo), *HASH],
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("summarize digest FIFO hangs")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: {fifo}: is a named pipe (FIFO), not an article file; give its text on "
        "standard input instead"]


def test_utf16_without_a_byte_order_mark_gets_a_hint(tmp_path):
    for codec in ("UTF-16LE", "UTF-16BE"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(("Harbour story\n\n" + STORY[0]).encode(codec))
        line = one_line_error(run("digest", str(path), *HASH), 1)
        assert line == (f"Error: {path}: looks like UTF-16 without a byte-order mark: convert "
                        f"it to UTF-8 (iconv -f {codec} -t UTF-8)")


def _clusters_text(n: int = 3) -> str:
    return "".join(json.dumps(r) + "\n" for r in english_clusters(n))


@pytest.mark.slow
def test_gzip_json_lines_are_decompressed(tmp_path):
    packed = tmp_path / "c.jsonl.gz"
    packed.write_bytes(gzip.compress(_clusters_text().encode()))
    result = run("digest", str(packed), *HASH, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [
        "c000", "c001", "c002"]
    out = tmp_path / "out.jsonl"
    assert run("batch", str(packed), str(out), *HASH, "--no-progress").exit_code == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [
        "c000", "c001", "c002"]


def test_gzip_is_bounded_on_what_it_decompresses_to_and_a_torn_one_is_one_line(tmp_path):
    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(_clusters_text(40).encode()))
    assert bomb.stat().st_size < 20_000
    with pytest.raises(InputError, match=r"over the 20,000-byte limit once decompressed"):
        list(iter_jsonl_clusters(bomb, max_bytes=20_000))
    torn = tmp_path / "torn.jsonl.gz"
    torn.write_bytes(bomb.read_bytes()[:200])
    result = run("digest", str(torn), *HASH, "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {torn}: not a valid gzip file (cut short)")


def test_a_json_file_of_cluster_lines_is_read_as_json_lines(tmp_path):
    path = tmp_path / "clusters.json"
    path.write_text(_clusters_text())
    result = run("digest", str(path), *HASH, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [
        "c000", "c001", "c002"]


def test_nan_and_infinite_ids_in_json_lines_are_rejected(tmp_path):
    good = json.dumps({"id": "ok", "documents": list(STORY)})
    path = write_lines(tmp_path / "c.jsonl", [
        '{"id": NaN, "documents": ["x"]}', '{"id": 1e999, "documents": ["x"]}',
        '{"id": -Infinity, "documents": ["x"]}', good])
    result = run("digest", str(path), *HASH, "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {path}, line 1: not valid JSON (NaN is not a number JSON allows)",
        f"error: {path}, line 2: not valid JSON (the number 1e999 is too large)",
        f"error: {path}, line 3: not valid JSON (-Infinity is not a number JSON allows)",
        "Error: 3 cluster(s) failed (see the errors above)"]
    assert json.loads(result.stdout)["id"] == "ok"
    with pytest.raises(InputError, match="not valid JSON"):
        parse_json_line(b'{"id": Infinity}')


@pytest.mark.slow
def test_one_long_line_without_punctuation_gives_the_real_reason(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(" ".join(f"word{i % 50}" for i in range(300_000)) + "\n")
    result = run("digest", str(path), *HASH)
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: no sentence to summarize")
    assert "too short" not in last
    assert "no sentence end" in last or "at most 80 words" in last, last


# --- URLs: explicit in the library, public by default, one deadline --------------------------


class _Server(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        trickle = self.path == "/trickle"
        parts = [f"<p>{STORY[i % 3]}</p>\n" for i in range(12 if trickle else 3)]
        for part in ["<html><body><article>\n", *parts, "</article></body></html>\n"]:
            try:
                self.wfile.write(part.encode())
                self.wfile.flush()
            except OSError:
                return
            if trickle:  # one paragraph every 0.3 s, 4 s in all
                time.sleep(0.3)


@pytest.fixture
def server() -> Iterator[str]:
    _Server.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_library_never_fetches_a_url_by_surprise(server):
    url = f"{server}/x.html"
    with pytest.raises(UsageError, match=r"looks like a URL \(pass fetch=True to fetch it\)"):
        summarize([url, STORY[0]], encoder=HashingEncoder())
    with pytest.raises(UsageError, match=r"127\.0\.0\.1 is a loopback address: not fetched "
                                         r"\(use allow_private to fetch it anyway\)"):
        as_documents([url, STORY[0]], fetch=True)
    assert _Server.requests == []
    docs = as_documents([url, STORY[1]], fetch=True, allow_private=True)
    assert _Server.requests == ["/x.html"] and len(docs) == 2


def test_the_cli_refuses_private_addresses_unless_allowed(server):
    port = server.rsplit(":", 1)[1]
    line = one_line_error(run("digest", f"http://localhost:{port}/a", *HASH), 2)
    assert line.startswith(f"Error: http://localhost:{port}/a: localhost (")
    assert line.endswith("loopback address: not fetched (use --allow-private-urls to fetch it "
                         "anyway)")
    assert _Server.requests == []
    result = run("digest", f"{server}/a", *HASH, "--allow-private-urls", "--sentences", "1")
    assert result.exit_code == 0, result.output
    assert _Server.requests == ["/a"]


@pytest.mark.parametrize("ip, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("10.1.2.3", "private"), ("192.168.0.1", "private"), ("fd00::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1%eth0", "link-local"),
    ("0.0.0.0", "private"), ("100.64.0.1", "reserved"), ("224.0.0.1", "reserved"),
    ("93.184.216.34", None), ("2606:4700::1111", None),
])
def test_address_kinds(ip, kind):
    from summarize.ingest.guard import address_kind

    assert address_kind(ip) == kind


def test_a_fetch_has_one_deadline_not_one_per_read(server):
    start = time.monotonic()
    with pytest.raises(InputError) as info:
        fetch(f"{server}/trickle", timeout=1, allow_private=True)
    assert time.monotonic() - start < 2.5
    assert str(info.value) == f"{server}/trickle: the page did not arrive within 1 seconds"


@pytest.mark.slow
def test_digest_with_standard_input_closed_is_no_traceback(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The council approved the new harbour bridge on Monday after a long "
                       "debate about its cost.", encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "summarize", "digest", "--backend", "hash",
                               *args], capture_output=True, text=True, timeout=120,
                              preexec_fn=lambda: os.close(0))

    closed = run(str(article))  # standard input is not needed: never opened
    assert closed.returncode == 0, closed.stderr
    asked = run("-")
    assert asked.returncode == 2 and "Traceback" not in asked.stderr
    assert "standard input, which is closed" in asked.stderr
