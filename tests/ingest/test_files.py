import json
import warnings

import pytest

from summarize import Document, InputError, SummarizeWarning
from summarize.ingest import as_documents
from summarize.ingest.files import load_directory, load_file
from summarize.ingest.jsonl import iter_jsonl_clusters
from summarize.ingest.read import decode, strip_markdown
from summarize.text import guess_title


def test_decode_utf8_and_bom():
    assert decode("Zürich café".encode(), "x") == "Zürich café"
    assert decode("\ufeffHello there".encode("utf-8"), "x") == "Hello there"


def test_decode_cp1252_warns():
    with pytest.warns(SummarizeWarning, match="not valid UTF-8"):
        text = decode("Caf\xe9 opens – again".encode("cp1252"), "x.txt")
    assert text == "Café opens – again"


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_decode_empty(data):
    with pytest.raises(InputError, match="empty"):
        decode(data, "e.txt")


def test_decode_binary():
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img.txt")
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(1, 32)) * 50, "ctl.txt")


def test_title_skips_boilerplate_and_shortens():
    assert guess_title("Discuss as:\n\nBig storm hits coast\n\nBody.") == "Big storm hits coast"
    long = " ".join(f"w{i}" for i in range(13)) + " fourteen fifteen"
    assert guess_title(long).endswith("fourteen …")
    assert guess_title("", "dir/story.txt") == "story"


def test_markdown_is_stripped():
    text = strip_markdown("# Title\n\nThe **mayor** said [yes](http://x.org) to _it_.\n- item one")
    assert text == "Title\n\nThe mayor said yes to it.\nitem one"


def test_load_file_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_file(tmp_path / "missing.txt")
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(InputError, match="limit"):
        load_file(big, max_bytes=100)


def test_load_directory_order_and_skips(tmp_path):
    (tmp_path / "b.txt").write_text("Second article text is here.")
    (tmp_path / "a.md").write_text("# First\n\nFirst article text is here.")
    (tmp_path / "README.md").write_text("About this corpus.")
    (tmp_path / ".hidden.txt").write_text("Hidden text.")
    (tmp_path / "empty.txt").write_text("")
    with pytest.warns(SummarizeWarning, match="empty"):
        loaded = load_directory(tmp_path)
    assert [d.title for d in loaded] == ["First", "Second article text is here."]


def test_load_directory_without_articles(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b")
    with pytest.raises(InputError, match="no readable article"):
        load_directory(tmp_path)


def test_jsonl_broken_line_is_reported_and_others_come_out(tmp_path):
    path = tmp_path / "c.jsonl"
    good = {"id": "a", "documents": ["One text.", "Two text."]}
    path.write_text(json.dumps(good) + "\n{broken\n" + json.dumps({**good, "id": "b"}) + "\n")
    items = list(iter_jsonl_clusters(path))
    assert [getattr(i, "id", None) for i in items] == ["a", None, "b"]
    assert isinstance(items[1], InputError) and "line 2" in str(items[1])


def test_as_documents_rejects_a_single_string():
    with pytest.raises(TypeError):
        as_documents("just one text")
    with warnings.catch_warnings():
        assert as_documents(["x y", Document("z")])[1].text == "z"
