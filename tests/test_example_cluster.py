"""The bundled model on the example cluster in corpora/ (slow: loads all-MiniLM-L6-v2)."""

import itertools
import os
import subprocess
import sys

import numpy as np
import pytest

from summarize import Budget
from summarize.ingest.files import load_directory
from summarize.select import SelectOptions
from summarize.text import paired_quotes, words

from .conftest import CORPORA, ROOT

pytestmark = pytest.mark.slow

BUDGETS = [Budget("sentences", 4), Budget("words", 120), Budget("bytes", 665)]


@pytest.fixture(scope="module")
def analysis(model_summarizer):
    return model_summarizer.analyze(load_directory(CORPORA))


@pytest.fixture(scope="module", params=BUDGETS, ids=lambda b: b.describe())
def digest(request, model_summarizer, analysis):
    return model_summarizer.digest_analysis(analysis, request.param)


def test_budget_holds(digest):
    texts = [s.text for s in digest.sentences]
    assert texts
    b = digest.budget
    used = {"sentences": len(texts), "words": sum(len(t.split()) for t in texts),
            "bytes": len(" ".join(texts).encode())}[b.kind]
    assert used <= b.limit


def test_no_repeated_content(digest, model_summarizer):
    texts = [s.text for s in digest.sentences]
    vectors = model_summarizer.encoder.encode(texts)
    for (i, a), (j, b) in itertools.combinations(enumerate(texts), 2):
        wa, wb = set(words(a)), set(words(b))
        assert len(wa & wb) / len(wa | wb) < 0.6, (a, b)
        assert float(vectors[i] @ vectors[j]) < SelectOptions().redundancy, (a, b)


def test_every_citation_is_supported(digest, analysis):
    """Each cited article reports the sentence, by the harness's own test (eval/README.md:
    it holds the sentence, or a sentence with half its content words and all its numbers)."""
    from summarize.evaluation.methods.parse import article_sentences
    from summarize.evaluation.quality import ClusterText, supports
    from summarize.types import Cluster

    ct = ClusterText(article_sentences(Cluster(documents=analysis.documents)))
    for s in digest.sentences:
        index = next(i for i, c in enumerate(analysis.sentences)
                     if c.doc == s.article - 1 and c.position == s.position)
        original = analysis.sentences[index].text  # printed with its marks paired
        assert paired_quotes(original) == s.text
        assert original in analysis.documents[s.article - 1].text
        assert s.article in s.citations
        for cited in s.citations:
            assert supports(ct, cited, s.text), (s.text, cited)


def test_mentions_bogdanovs_statement(digest):
    text = " ".join(s.text for s in digest.sentences)
    assert "losing control" in text or "Bogdanov" in text
    statement = [s for s in digest.sentences if "losing" in s.text and "control" in s.text]
    assert statement and len(statement[0].citations) >= 2


def test_sources_are_the_three_articles(digest):
    assert [s.path for s in digest.sources] == [str(p) for p in sorted(CORPORA.glob("*.txt"))]


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "summarize", "digest", *args], cwd=ROOT,
                          capture_output=True, env={**os.environ, **(env or {})}, check=True)


def test_cli_output_is_byte_identical_across_runs():
    first = _cli(env={"PYTHONHASHSEED": "1"})
    second = _cli(env={"PYTHONHASHSEED": "2"})
    assert first.stdout == second.stdout
    assert b"Bogdanov" in first.stdout and first.stderr == b""
    js = [_cli("--format", "json", "--bytes", "665").stdout for _ in range(2)]
    assert js[0] == js[1]


def test_embeddings_are_unit_length(analysis):
    assert np.allclose(np.linalg.norm(analysis.vectors, axis=1), 1.0, atol=1e-5)
    # and the first-layer states the salience prior reads: one unit row per sentence
    assert analysis.first_layer.shape == analysis.vectors.shape
    assert np.allclose(np.linalg.norm(analysis.first_layer, axis=1), 1.0, atol=1e-5)


def test_torch_backend_gives_the_same_digest():
    onnx = _cli("--format", "json").stdout
    torch = _cli("--format", "json", "--backend", "torch").stdout
    assert onnx == torch


def test_cache_gives_the_same_digest_and_is_used(tmp_path):
    env = {"SUMMARIZE_CACHE_DIR": str(tmp_path)}
    plain = _cli(env=env).stdout
    cached = [_cli("--cache", env=env).stdout for _ in range(2)]
    assert cached == [plain, plain]
    assert (tmp_path / "embeddings.sqlite3").exists()


def test_readme_shows_the_digest_as_printed():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```text\n") + len("```text\n")
    shown = readme[start: readme.index("```", start)]
    assert _cli().stdout.decode("utf-8") == shown
