import json

from summarize import Budget, Digest, DigestSentence, Source
from summarize.render.text import escape_markdown


def make_digest(text="Prices rose 5% on Friday, officials said.") -> Digest:
    return Digest(
        sentences=(DigestSentence(text=text, article=2, position=3, citations=(1, 2), score=1.5),),
        sources=(Source(1, "First paper", path="a.txt"), Source(2, "Second [paper]", path=None)),
        budget=Budget("words", 50),
    )


def test_text():
    assert make_digest().to_text() == (
        "Prices rose 5% on Friday, officials said. [1][2]\n\nSources:\n"
        "[1] First paper (a.txt)\n[2] Second [paper]\n"
    )


def test_markdown_escapes_article_text():
    hostile = "Click [here](javascript:alert(1)) <script>x</script> *now* # _"
    md = make_digest(hostile).to_markdown()
    assert "\\[here\\]\\(javascript:alert\\(1\\)\\)" in md
    assert "<script>" not in md and "\\<script\\>" in md
    assert md.splitlines()[0].endswith("\\[1\\]\\[2\\]")
    assert "2. Second \\[paper\\]" in md
    assert escape_markdown("a*b_c") == "a\\*b\\_c"


def test_json_shape_and_escaping():
    d = make_digest('He said "no" \\ and left.\n')
    obj = json.loads(d.to_json())
    assert obj["format"] == "summarize.digest/1"
    assert obj["budget"] == {"kind": "words", "limit": 50}
    assert obj["sentences"] == [{"text": 'He said "no" \\ and left.\n',
                                 "source": {"article": 2, "position": 3},
                                 "citations": [1, 2], "score": 1.5}]
    assert obj["sources"][1] == {"number": 2, "title": "Second [paper]", "path": None, "url": None}
    assert "\n" not in d.to_json(indent=None)


def test_paths_that_differ_only_in_control_characters_print_apart():
    """Control characters were dropped from a path shown (so that it cannot break the line or
    drive the terminal), and ``a\\x01.txt``, ``a\\x02.txt`` and ``a.txt`` were all cited as
    ``(a.txt)``: now they are escaped, as are other white space and undecodable bytes."""
    paths = ["a\x01.txt", "a\x02.txt", "a.txt", "a\tb.txt", "a b.txt", "a\udcff.txt",
             "x\u202eb.txt"]
    digest = Digest(
        sentences=(DigestSentence(text="Prices rose.", article=1, position=0, citations=(1,),
                                  score=1.0),),
        sources=tuple(Source(n, "Paper", path=p) for n, p in enumerate(paths, 1)),
        budget=Budget("words", 50),
    )
    text = digest.to_text()
    assert text.splitlines()[3:] == [
        "[1] Paper (a\\x01.txt)", "[2] Paper (a\\x02.txt)", "[3] Paper (a.txt)",
        "[4] Paper (a\\tb.txt)", "[5] Paper (a b.txt)", "[6] Paper (a\\udcff.txt)",
        "[7] Paper (x\\u202eb.txt)"]
    assert all(line.isprintable() for line in text.splitlines())
    shown = [line.rsplit("(", 1)[1] for line in digest.to_markdown().splitlines()[-7:]]
    assert len(set(shown)) == 7 and shown[0] == "a\\\\x01.txt)"
    html = digest.to_html()
    assert ">a\\x01.txt<" in html and ">a\\x02.txt<" in html and "\x01" not in html
