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
