"""Property-based tests (Hypothesis) over generated clusters and input lines.

Clusters mix English news-like sentences with random Unicode, other scripts (Cyrillic, Greek,
Arabic, CJK, emoji), control and format characters, Markdown and HTML, empty and
whitespace-only articles, very long (over 80 words) and very short sentences, odd line
separators, and repeated articles. For every one, with the hashing encoder:

* no exception escapes except the documented :class:`InputError` and :class:`BudgetError`;
* every digest sentence occurs in the article it is taken from (up to what ``segment.clean``
  normalises: NFC, white space, control characters; and a closing mark that opens a sentence
  is shown as an opening one);
* every citation names an article holding a sentence of the same content unit, found in that
  article, and the article the sentence was taken from is always cited;
* the budget holds, no sentence comes twice, and the source list has one entry per article;
* a second, fresh summarizer gives byte-identical output.

Profiles (``SUMMARIZE_HYPOTHESIS_PROFILE``, ``ci`` by default) and the examples each test runs
are set in ``tests/conftest.py``. Slow: thousands of generated clusters.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, event, example, given
from hypothesis import strategies as st

from summarize import Budget, BudgetError, Document, HashingEncoder, InputError, Summarizer
from summarize.batch.work import summarize_record
from summarize.ingest.jsonl import cluster_from_json, parse_json_line
from summarize.ingest.read import decode
from summarize.text import clean, paired_quotes

from .conftest import profile

pytestmark = [pytest.mark.slow,
              pytest.mark.filterwarnings("ignore::summarize.errors.SummarizeWarning")]


# --- what clusters are made of ---------------------------------------------------------------

ENGLISH = (
    "the a of to in on and that was said has council city harbour bridge approved new Monday "
    "officials mayor vote police river storm minister court reported people after before "
    "would could two thousand U.S. Mr. Dr. Jan. 5 1.5 $20 10% state government"
).split()
OTHER_SCRIPTS = (
    "Москва совет принял решение Αθήνα είπε η κυβέρνηση القاهرة قال الوزير 北京 宣布 新的 政策 "
    "東京 発表 서울 발표 naïve café Zürich Ærø 😀 👍🏽 👨‍👩‍👧 ﬁnal Ａ"
).split()
MARKUP = [
    "#", "##", "*", "**", "_", "`", "```", "<script>", "</script>", "](javascript:alert(1))",
    "[1]", ">", "-", "1.", "2)", "|", "~~", "$", "&amp;", "\\", '"', "'", "“", "”", "«", "»",
    "<!--", "-->", "---", "===", "![x](y)", "<b>",
]
CONTROL = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs"])
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)

word = st.one_of(
    st.sampled_from(ENGLISH),
    st.sampled_from(ENGLISH),
    st.sampled_from(ENGLISH),
    st.sampled_from(OTHER_SCRIPTS),
    st.sampled_from(MARKUP),
    st.builds(lambda w, c: w + c, st.sampled_from(ENGLISH), CONTROL),
    ANY_TEXT.filter(bool),
)
ending = st.sampled_from([".", ".", ".", "!", "?", "…", '."', ".”", ".)", "", "。", ":"])


def _sentence(words: list[str], end: str) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:] + end


sentence = st.one_of(
    st.builds(_sentence, st.lists(word, min_size=5, max_size=25), ending),  # typical
    st.builds(_sentence, st.lists(word, min_size=1, max_size=5), ending),  # very short
    st.builds(_sentence, st.lists(word, min_size=78, max_size=120), ending),  # very long
)
line = st.one_of(
    st.lists(sentence, min_size=1, max_size=4).map(" ".join),
    st.lists(sentence, min_size=1, max_size=4).map(" ".join),
    st.text(max_size=120),  # any Unicode at all, lone surrogates included
    st.text(CONTROL, max_size=6),  # white space and control characters only
    st.just(""),
)
separator = st.sampled_from(["\n", "\n", "\n\n", "\r\n", "\r", "\u2028", "\x0b", "\x1c", "\x85"])
article = st.one_of(
    st.builds(lambda ls, sep: sep.join(ls), st.lists(line, max_size=8), separator),
    st.builds(lambda ls, sep: sep.join(ls), st.lists(line, max_size=8), separator),
    st.sampled_from(["", " ", "\n\n", "\t \u3000", "\x00\x01\x02"]),
)


@st.composite
def clusters(draw: st.DrawFn) -> list[str]:
    """1 to 5 articles, some of them possibly repeated (exactly, or with other white space)."""
    docs = draw(st.lists(article, min_size=1, max_size=5))
    repeats = draw(st.lists(st.integers(0, len(docs) - 1), max_size=2))
    docs += [docs[i] if n % 2 == 0 else docs[i].replace(" ", "  ") for n, i in enumerate(repeats)]
    return draw(st.permutations(docs))


budgets = st.one_of(
    st.builds(Budget, st.just("sentences"), st.integers(1, 8)),
    st.builds(Budget, st.just("words"), st.integers(1, 250)),
    st.builds(Budget, st.just("bytes"), st.integers(1, 1500)),
)


def spent(budget: Budget, texts: list[str]) -> int:
    if budget.kind == "sentences":
        return len(texts)
    if budget.kind == "words":
        return sum(len(t.split()) for t in texts)
    return len(" ".join(texts).encode("utf-8"))


def supports(analysis, i: int, m: int) -> bool:
    """Whether candidate ``m`` reports what candidate ``i`` says: the same words, or half its
    content words and every number it states."""
    from summarize.facts import numbers_in
    from summarize.text import content_stems

    a, b = analysis.sentences[i].text, analysis.sentences[m].text
    if a == b:
        return True
    mine, theirs = content_stems(a), content_stems(b)
    return (set(numbers_in(a)) <= set(numbers_in(b)) and bool(mine)
            and len(mine & theirs) >= 0.5 * len(mine))


# --- the invariants --------------------------------------------------------------------------


@profile("clusters")
@given(texts=clusters(), budget=budgets)
@example(texts=["The the the the the. The the the the the the the the the the the the \x85 \u201d "
                "the the the the the the the the the the said \"."],
         budget=Budget("sentences", 1))  # a line that opens with a closing mark (found in CI)
def test_digests_of_generated_clusters_keep_every_promise(texts, budget):
    summarizer = Summarizer(encoder=HashingEncoder())
    try:
        digest = summarizer.digest(texts, budget=budget)
    except (InputError, BudgetError) as exc:
        event(f"refused: {type(exc).__name__}")
        assert str(exc) and "\n" not in str(exc)  # a one-line message
        return
    event(f"digest of {min(len(digest.sentences), 3)}{'+' if len(digest.sentences) > 3 else ''}"
          " sentence(s)")
    docs = [Document.from_text(t) for t in texts]
    articles = [clean(d.text) for d in docs]
    texts_out = [s.text for s in digest.sentences]

    assert texts_out, "a digest without an error has at least one sentence"
    assert len(set(texts_out)) == len(texts_out)
    assert spent(budget, texts_out) <= budget.limit
    assert [src.number for src in digest.sources] == list(range(1, len(texts) + 1))

    analysis = summarizer.analyze(texts)
    where = {(s.doc, s.position): i for i, s in enumerate(analysis.sentences)}
    shown = [a.replace("``", "“").replace("''", "”") for a in articles]
    for s in digest.sentences:
        # a span of its article (as shown: DUC's `` '' as “ ”), its quotation marks paired
        index = where[(s.article - 1, s.position)]
        original = analysis.sentences[index].text
        assert s.text == clean(s.text) == paired_quotes(original)
        # a sentence that opens with a closing mark shows an opening one (segment.tidy)
        assert original in shown[s.article - 1] or (
            original.startswith("“") and "”" + original[1:] in shown[s.article - 1])
        assert s.article in s.citations and list(s.citations) == sorted(set(s.citations))
        for cited in s.citations:  # every cited article has a sentence that reports it
            assert any(supports(analysis, index, m) for m in range(len(analysis.sentences))
                       if analysis.sentences[m].doc == cited - 1)
        for other in analysis.sentences:  # the same words are always cited
            if other.text == original:
                assert other.doc + 1 in s.citations

    again = Summarizer(encoder=HashingEncoder()).digest(list(texts), budget=budget)
    assert again.to_json() == digest.to_json()
    assert again.to_markdown() == digest.to_markdown()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=4),
    max_leaves=12,
)
records = st.one_of(
    st.fixed_dictionaries(
        {"documents": st.lists(article, max_size=4)},
        optional={"id": st.one_of(st.text(max_size=20), st.integers(), st.none(),
                                  st.lists(st.integers(), max_size=2)),
                  "summaries": json_values},
    ),
    json_values,
)


@profile("lines")
@given(record=records, budget=budgets, lineno=st.integers(1, 10**6))
def test_any_json_line_gives_one_json_output_line(record, budget, lineno):
    raw = json.dumps(record).encode("utf-8")
    outcome = summarize_record(Summarizer(encoder=HashingEncoder()), raw, lineno=lineno,
                               budget=budget, source="in.jsonl")
    assert "\n" not in outcome.line and "\r" not in outcome.line
    out = json.loads(outcome.line)
    outcome.line.encode("utf-8")  # no lone surrogate
    event("digest" if outcome.error is None else "error line")
    if outcome.error is None:
        assert out["format"] == "summarize.digest/1" and out["sentences"]
    else:
        assert out == {"id": outcome.id, "line": lineno, "error": outcome.error}
        assert "\n" not in outcome.error
    assert all("\n" not in w for w in outcome.warnings)


@profile("bytes")
@given(data=st.one_of(st.binary(max_size=300),
                      st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.text(max_size=200).map(lambda t: t.encode("utf-16", "surrogatepass"))))
def test_any_bytes_decode_to_text_or_an_input_error(data):
    try:
        text = decode(data, "x.txt")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(text, str) and text.strip()
    try:
        digest = Summarizer(encoder=HashingEncoder()).digest([text, text + " Extra."])
    except (InputError, BudgetError):
        return
    digest.to_json().encode("utf-8")


@profile("json")
@given(value=json_values, where=st.sampled_from(["", "in.jsonl, line 3"]))
def test_any_json_value_is_a_cluster_or_an_input_error(value, where):
    try:
        cluster = cluster_from_json(parse_json_line(json.dumps(value), where), "7", name=where)
    except InputError as exc:
        assert str(exc).startswith(where) and "\n" not in str(exc)
        return
    assert cluster.documents and all(d.text.strip() for d in cluster.documents)
    assume(isinstance(value, dict))
    assert cluster.id == ("7" if value.get("id") is None else str(value["id"]))


@pytest.mark.parametrize("raw", [b"[" * 100_000, b'{"id": ' + b"9" * 5000 + b"}",
                                 b'{"documents": ["\\ud800 lone surrogate."]}', b"\xff\xfe{}"])
def test_hostile_json_lines_are_input_errors_or_clusters(raw):
    outcome = summarize_record(Summarizer(encoder=HashingEncoder()), raw, lineno=1,
                               budget=Budget())
    assert outcome.error is not None and json.loads(outcome.line)["line"] == 1
