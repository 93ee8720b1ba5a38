"""What an article's words say about the event it reports: the lexical vectors stories are
grouped by.

After Miranda, Znotiņš, Cohen & Barzdins (2018), "Multilingual Clustering of Streaming News"
(EMNLP), an article is a few TF-IDF sub-vectors, each L2-normalised and weighted, so that the
dot product of two articles is the weighted sum of their sub-vectors' cosines:

* **words**: Porter stems of the words that are not stop words (digits left out);
* **names**: the names the article mentions. Where the article keeps capitals
  (:func:`summarize.text.is_cased`), a word written with a capital that does not open a
  sentence; where it is lower-cased (as Multi-News is), a word that the cased articles of the
  same input write that way most of the time (the names they taught);
* **numbers**: numbers of two digits or more (``1,200`` read ``1200``).

Weights are TF-IDF's: ``(1 + ln tf)`` times a *smoothed* IDF, ``1 + ln((1 + N) / (1 + df))``,
so a word found in every article of a small input still counts (with plain IDF it weighs
nothing, and three articles about one event can share no word of weight). A term found in one
article only is left out of its vector (it adds nothing to a dot product) but not of its
norm. Vectors are sparse rows (:class:`Sparse`): memory grows with the words, never with the
square of the articles.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..text import is_cased, stop_words

#: The sub-vectors and their weights (the share of the cosine each one gives). Names and
#: numbers weigh nothing in the words' cosine: the names' cosine is a feature of its own of
#: :mod:`.learned`'s model (see ``docs/decisions.md``).
WEIGHTS = {"words": 1.0, "names": 0.0, "numbers": 0.0}
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,])|(?<![\w.])\d{2,}(?![\w])")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n+|^")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)[\"'”’)\]]*\s+")
#: How many sentences at each end of an article :func:`without_furniture` reads.
EDGE = 3
#: The longest sentence (in words) :func:`without_furniture` may leave out.
EDGE_WORDS = 40


@dataclass(frozen=True)
class Sparse:
    """Rows of a sparse matrix, compressed (CSR): row ``i``'s columns are
    ``indices[indptr[i]:indptr[i + 1]]`` (sorted), its values ``data[…]``."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    columns: int
    terms: tuple[str, ...] = field(default=(), repr=False)  #: each column's term

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1


@lru_cache(maxsize=1 << 18)
def _stem(word: str) -> str:
    from ..text import stem

    return stem(word)


def word_terms(text: str) -> list[str]:
    """The stems of the words of ``text`` that are not stop words or digits."""
    stop = stop_words()
    return [_stem(w) for w in (m.lower() for m in _WORD.findall(text))
            if w not in stop and not w.isdigit()]


def capitalised(text: str) -> list[str]:
    """The words written with a capital that do not open a sentence, lower-cased (stop words
    left out: "The", "He")."""
    stop = stop_words()
    out = []
    for sentence in _SENTENCE_END.split(text):
        for k, w in enumerate(_WORD.findall(sentence)):
            if k and w[0].isupper() and w.lower() not in stop:
                out.append(w.lower())
    return out


def name_lexicon(texts: Sequence[str], cased: Sequence[bool]) -> frozenset[str]:
    """The words the cased ``texts`` write with a capital inside a sentence more often than
    not: what a lower-cased article's names are read by."""
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text, keeps in zip(texts, cased, strict=True):
        if keeps:
            upper.update(capitalised(text))
            lower.update(w for w in _WORD.findall(text) if w[0].islower())
    return frozenset(w for w, c in upper.items() if c > lower[w])


def name_terms(text: str, cased: bool, lexicon: frozenset[str]) -> list[str]:
    """An article's names: its capitalised words when ``cased``, else its words found in
    ``lexicon``."""
    if cased:
        return capitalised(text)
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w in lexicon]


def number_terms(text: str) -> list[str]:
    """The numbers of two digits or more, thousands separators removed."""
    return [m.replace(",", "") for m in _NUMBER.findall(text)]


def without_furniture(text: str) -> str:
    """``text`` without the page furniture at its edges: of its first and last :data:`EDGE`
    sentences, those of at most :data:`EDGE_WORDS` words that are a web page's own (sign-up
    prompts, players' messages: :func:`~summarize.segment.furniture.is_page`), and of its
    last ones those that are boilerplate (an outlet's newsletter and copyright lines:
    :func:`summarize.segment.furniture.is_boilerplate`; a lead's dateline is kept), are left
    out, so that one outlet's articles about different events do not share its footer's
    words. Lines stay lines."""
    from ..segment.furniture import is_boilerplate, is_page

    lines = [[s for s in SENTENCE_BREAK.split(line) if s.strip()] for line in text.splitlines()]
    total = sum(len(line) for line in lines)
    kept, place = [], 0
    for line in lines:
        out = []
        for sentence in line:
            opening, closing = place < EDGE, place >= total - EDGE
            place += 1
            if (opening or closing) and len(sentence.split()) <= EDGE_WORDS and (
                    is_page(sentence) or closing and is_boilerplate(sentence)):
                continue
            out.append(sentence)
        kept.append(" ".join(out))
    return "\n".join(kept)


def tfidf(terms: Sequence[Sequence[str]]) -> Sparse:
    """Each row's TF-IDF vector (sublinear tf, smoothed IDF), L2-normalised over all its
    terms; kept: the terms of two rows or more (one row's terms add nothing to a dot product,
    but they count in its norm). Columns: the kept terms in sorted order."""
    counts = [Counter(t) for t in terms]
    df = Counter(term for c in counts for term in c)
    kept = sorted(t for t, d in df.items() if d >= 2)
    column = {t: k for k, t in enumerate(kept)}
    n = len(counts)
    single = 1 + math.log((1 + n) / 2)  # the IDF of a term of one row
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for c in counts:
        row = sorted((column[t], 1 + math.log(tf)) for t, tf in c.items() if t in column)
        alone = sum((1 + math.log(tf)) ** 2 for t, tf in c.items() if t not in column)
        weights = [v * (1 + math.log((1 + n) / (1 + df[kept[k]]))) for k, v in row]
        norm = math.sqrt(sum(w * w for w in weights) + alone * single ** 2) or 1.0
        indices += [k for k, _ in row]
        data += [w / norm for w in weights]
        indptr.append(len(indices))
    return Sparse(np.array(indptr, dtype=np.int64), np.array(indices, dtype=np.int64),
                  np.array(data, dtype=np.float64), len(kept), tuple(kept))


def stack(parts: Sequence[tuple[Sparse, float]]) -> Sparse:
    """The sub-vectors side by side, each scaled by the square root of its weight (so a dot
    product is the weighted sum of the sub-vectors' cosines)."""
    n = parts[0][0].rows
    offsets = np.cumsum([0] + [p.columns for p, _ in parts])
    rows, cols, vals = [], [], []
    for (part, weight), offset in zip(parts, offsets.tolist(), strict=False):
        if weight <= 0:
            continue
        rows.append(np.repeat(np.arange(n), np.diff(part.indptr)))
        cols.append(part.indices + offset)
        vals.append(part.data * math.sqrt(weight))
    r, c, v = (np.concatenate(x) if x else np.zeros(0, dtype=t)
               for x, t in ((rows, np.int64), (cols, np.int64), (vals, np.float64)))
    order = np.lexsort((c, r))
    indptr = np.concatenate([[0], np.cumsum(np.bincount(r, minlength=n))]).astype(np.int64)
    return Sparse(indptr, c[order], v[order], int(offsets[-1]))


def name_vectors(texts: Sequence[str]) -> Sparse:
    """Each article's names sub-vector (:func:`name_terms`, the lexicon taught by the cased
    ``texts``), TF-IDF weighted as the words are."""
    cased = [is_cased([t]) for t in texts]
    lexicon = name_lexicon(texts, cased)
    return tfidf([name_terms(t, c, lexicon) for t, c in zip(texts, cased, strict=True)])


def number_vectors(texts: Sequence[str]) -> Sparse:
    """Each article's numbers sub-vector (:func:`number_terms`), TF-IDF weighted as the words
    are."""
    return tfidf([number_terms(t) for t in texts])


def pair_dots(x: Sparse, i: np.ndarray, j: np.ndarray, chunk: int = 1 << 22,
              cells: int = 1 << 18) -> np.ndarray:
    """The dot products of rows ``i[k]`` and ``j[k]`` of ``x``, for every ``k``: row ``j[k]``'s
    entries looked up in row ``i[k]``'s, laid out densely (a table of at most ``cells``
    cells, a block of rows ``i`` at a time), at most ``chunk`` entries at a time; the products
    summed in the order of their columns."""
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    out = np.zeros(len(i), dtype=np.float64)
    if not len(x.indices) or not len(i):
        return out
    block = max(1, cells // max(x.columns, 1))
    order = np.argsort(i, kind="stable")  # the pairs by row i: a block's are together
    rows, partners = i[order], j[order]
    ends = np.cumsum(np.diff(x.indptr)[partners])
    cut = np.union1d(np.searchsorted(ends, np.arange(chunk, int(ends[-1]), chunk)),
                     np.searchsorted(rows, np.arange(block, x.rows, block)))
    table = np.zeros((block, x.columns), dtype=np.int64)
    for part in np.split(np.arange(len(i)), cut):
        if len(part):
            out[order[part]] = _block_dots(x, rows[part], partners[part], table)
    return out


def _block_dots(x: Sparse, rows: np.ndarray, partners: np.ndarray,
                table: np.ndarray) -> np.ndarray:
    """The dot products of rows ``rows[k]`` (all in one block of ``len(table)`` rows) and
    ``partners[k]`` of ``x``: each block row's entries' places (plus 1) written in ``table``
    (zeros, left so), the partners' entries looked up there."""
    start = rows[0] // len(table) * len(table)
    stop = min(start + len(table), x.rows)
    lo, hi = x.indptr[start], x.indptr[stop]
    local = np.repeat(np.arange(stop - start), np.diff(x.indptr[start:stop + 1]))
    table[local, x.indices[lo:hi]] = np.arange(lo + 1, hi + 1)
    size = x.indptr[partners + 1] - x.indptr[partners]
    at = np.repeat(x.indptr[partners] - np.cumsum(size) + size, size) + np.arange(size.sum())
    found = table[np.repeat(rows - start, size), x.indices[at]]
    table[local, x.indices[lo:hi]] = 0
    hit = found > 0
    owner = np.repeat(np.arange(len(rows)), size)
    return np.bincount(owner[hit], x.data[found[hit] - 1] * x.data[at[hit]],
                       minlength=len(rows))


def lexical_vectors(texts: Sequence[str], weights: dict[str, float] | None = None) -> Sparse:
    """Each article's lexical vector (see the module's docstring): ``weights`` of the
    sub-vectors ``words``, ``names`` and ``numbers`` (default :data:`WEIGHTS`)."""
    weights = WEIGHTS if weights is None else weights
    parts = [(tfidf([word_terms(t) for t in texts]), weights.get("words", 0.0))]
    if weights.get("names", 0.0) > 0:
        parts.append((name_vectors(texts), weights["names"]))
    if weights.get("numbers", 0.0) > 0:
        parts.append((number_vectors(texts), weights["numbers"]))
    return stack(parts)
