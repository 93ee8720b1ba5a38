"""Shared fixtures: tiny in-memory clusters, a deterministic encoder, the example cluster."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize import Document, HashingEncoder, Summarizer

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SHARED_DATA = ROOT.parent / "shared" / "data"


def docs(*texts: str) -> list[Document]:
    """In-memory articles, titled by number."""
    return [Document.from_text(t, title=f"Article {i + 1}") for i, t in enumerate(texts)]


#: Three tiny articles about one event: the first claim is reported by all three, the
#: second by two, the rest by one each.
STORY = (
    "The city council approved the new harbour bridge on Monday evening. "
    "The vote was seven to two after a long debate. "
    "Construction is expected to start in the spring of next year.",
    "On Monday evening the city council approved the new harbour bridge. "
    "Construction is expected to start in the spring of next year. "
    "Local shop owners said they worried about traffic during the works.",
    "The new harbour bridge was approved by the city council on Monday evening. "
    "The mayor called the decision a historic day for the whole region. "
    "Environmental groups said they would study the plans closely before deciding.",
)


@pytest.fixture(scope="session", autouse=True)
def _private_cache_dir(tmp_path_factory):
    """The ONNX export and the embedding cache go to a directory of this test session, never
    to the user's home (subprocesses inherit it through the environment)."""
    import os

    old = os.environ.get("SUMMARIZE_CACHE_DIR")
    os.environ["SUMMARIZE_CACHE_DIR"] = str(tmp_path_factory.mktemp("summarize-cache"))
    yield
    if old is None:
        del os.environ["SUMMARIZE_CACHE_DIR"]
    else:
        os.environ["SUMMARIZE_CACHE_DIR"] = old


@pytest.fixture
def story() -> list[Document]:
    return docs(*STORY)


@pytest.fixture(scope="session")
def hashing() -> HashingEncoder:
    return HashingEncoder()


@pytest.fixture
def summarizer(hashing: HashingEncoder) -> Summarizer:
    return Summarizer(encoder=hashing, threshold=0.5)


@pytest.fixture(scope="session")
def model_summarizer() -> Summarizer:
    """The default summarizer with the bundled model (loaded once for the session)."""
    return Summarizer()


def analysis_of(sentences, vectors, units=None, n_docs=None, *, first_layer=None,
                threshold=0.5):
    """An :class:`~summarize.analysis.Analysis` of hand-made sentences and vectors (units
    grouped at ``threshold`` unless given; ``n_docs`` placeholder articles)."""
    from summarize.analysis import Analysis
    from summarize.group import GroupOptions, group

    if units is None:
        units = group(sentences, vectors, GroupOptions(threshold=threshold))
    if n_docs is None:
        n_docs = max(s.doc for s in sentences) + 1
    documents = tuple(Document(f"article {i}") for i in range(n_docs))
    return Analysis(documents=documents, sentences=tuple(sentences), vectors=vectors,
                    units=tuple(units), first_layer=first_layer)
