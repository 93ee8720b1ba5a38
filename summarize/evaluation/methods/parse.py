"""The parses of a cluster that several methods share: every sentence of every article
(punkt, unfiltered), and the articles as sumy reads them."""

from __future__ import annotations

from functools import cache
from typing import Any

from ...types import Cluster


def article_sentences(cluster: Cluster) -> tuple[tuple[str, ...], ...]:
    """Every sentence of every article (punkt within lines, nothing filtered)."""
    from ...segment import split_sentences

    return tuple(tuple(split_sentences(doc.text)) for doc in cluster.documents)


@cache
def _sumy_tokenizer() -> Any:
    from ...segment.punkt import use_bundled_nltk_data

    use_bundled_nltk_data()
    from sumy.nlp.tokenizers import Tokenizer

    return Tokenizer("english")


def sumy_document(cluster: Cluster) -> Any:
    """The cluster's articles, one after the other, as sumy's PlaintextParser reads them."""
    from sumy.parsers.plaintext import PlaintextParser

    text = "\n\n".join(doc.text for doc in cluster.documents)
    return PlaintextParser.from_string(text, _sumy_tokenizer()).document
