"""Text helpers of the classic methods, over the project's one reader of words
(:mod:`summarize.text`): word tokens, stemmed bigram concepts, and stems in order."""

from __future__ import annotations

from ...text import concepts as bigrams
from ...text import stem, stop_words, words

__all__ = ["bigrams", "content_stems", "words"]


def content_stems(text: str) -> list[str]:
    """Stems of the words that are not stop words, in order (repeats kept)."""
    stop = stop_words()
    return [stem(w) for w in words(text) if w not in stop]
