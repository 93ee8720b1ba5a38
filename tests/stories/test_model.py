"""The bundled model on a small stream: the example cluster's three articles (corpora/) among
other events become one story whose digest is the example digest (slow: loads
all-MiniLM-L6-v2)."""

from __future__ import annotations

import dataclasses

import pytest

from summarize import Document
from summarize.ingest.files import load_directory

from ..conftest import CORPORA
from .stream import FERRY, QUAKE, stream

pytestmark = pytest.mark.slow


def test_the_example_cluster_is_one_story_with_the_example_digest(model_summarizer) -> None:
    example = [dataclasses.replace(d, date="2012-12-13") for d in load_directory(CORPORA)]
    others = [Document(t, title=f"Other {i}", id=f"other-{i}", date="2012-12-13")
              for i, t in enumerate((*QUAKE, *FERRY, stream()[2].text))]
    docs = [others[0], example[0], others[1], example[1], others[2], others[3], example[2],
            others[4]]
    stories = model_summarizer.stories(docs)
    assert stories[0].articles == tuple(d.path for d in example)
    assert sorted(s.articles for s in stories[1:]) == [
        ("other-0", "other-1"), ("other-2", "other-3"), ("other-4",)]
    alone = model_summarizer.digest(example)
    assert [s.text for s in stories[0].digest.sentences] == [s.text for s in alone.sentences]
    assert [s.citations for s in stories[0].digest.sentences] == \
        [s.citations for s in alone.sentences]
