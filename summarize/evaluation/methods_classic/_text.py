"""Text helpers shared by the classic methods: word tokens, Porter stems, stop words."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, inner apostrophes)."""
    return _WORD.findall(text.lower())


@cache
def stop_words() -> frozenset[str]:
    """sumy's English stop words, read from its package data (sumy itself is not imported)."""
    text = files("sumy").joinpath("data/stopwords/english.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip())


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


@cache
def stem(word: str) -> str:
    """The Porter stem of a (lower-cased) word."""
    return str(_stemmer().stemWord(word))


def content_stems(text: str) -> list[str]:
    """Stems of the words that are not stop words, in order (repeats kept)."""
    stop = stop_words()
    return [stem(w) for w in words(text) if w not in stop]


def bigrams(text: str) -> frozenset[tuple[str, str]]:
    """Stemmed word bigrams of a text, except those made of two stop words."""
    stop = stop_words()
    tokens = words(text)
    return frozenset(
        (stem(a), stem(b))
        for a, b in zip(tokens, tokens[1:], strict=False)
        if not (a in stop and b in stop)
    )
