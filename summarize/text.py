"""Words: the one reader of each (tokens, stop words, stems, concepts, printable lines).

* :func:`words`: lower-cased word tokens (letters, digits, inner apostrophes);
* :func:`stop_words`: sumy's English stop-word list, read once from its package data;
* :func:`stem`: the Porter stemmer (snowballstemmer's, without importing NLTK);
* :func:`concepts`: a sentence's stemmed word bigrams, pairs of two stop words excepted (the
  concepts of Gillick & Favre 2009); :func:`content_stems`: its stemmed content words;
* :func:`first_word`, :func:`is_cased`: how a sentence opens, whether a text keeps capitals;
* :func:`clean`, :func:`one_line`, :func:`valid_unicode`: text made safe to split or print
  (:func:`one_line_name`: a name, its odd characters escaped rather than dropped);
  :func:`paired_quotes`: its quotation marks in matching pairs;
* :func:`guess_title`: an article's title from its first line.

The rules that read a sentence (does it read alone, who speaks, do two state one fact) are in
:mod:`summarize.reading`, :mod:`summarize.speech` and :mod:`summarize.facts`, over the word lists
of :mod:`summarize.lexicon`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

Concept = tuple[str, str]

_WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_SPACE = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BOILERPLATE_TITLE = re.compile(r"^(discuss as:?|advertisement|share( this)?:?)$", re.I)
_LEADING = re.compile(r"^[\W_]*([A-Za-z]+)\b")  # after quotes, brackets, "_ ", "-- "
_AFTER_WORD = re.compile(r"(?<=[a-z,;] )[A-Za-z]+")
#: The characters that match an ASCII letter when case is ignored but do not lower-case to it
#: (``re.IGNORECASE`` reads "ſ" as "s", "ı" and "İ" as "i", the Kelvin sign as "k"): a text
#: that holds none of them holds a literal, case ignored, only if its lower case holds it.
FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")



def may_hold(text: str, literals: Iterable[str]) -> bool:
    """Whether ``text`` may hold one of ``literals`` (in lower case) when case is ignored:
    false only when it surely holds none (a text with a character of :data:`FOLDS` may)."""
    if FOLDS.search(text):
        return True
    lowered = text.lower()
    return any(literal in lowered for literal in literals)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, inner apostrophes)."""
    return [w.lower() for w in _WORD.findall(text)]


def raw_words(text: str) -> list[str]:
    """Word tokens as written (letters, digits, inner apostrophes)."""
    return _WORD.findall(text)


@cache
def stop_words() -> frozenset[str]:
    """sumy's English stop words, read from its package data (importing ``sumy.utils`` would
    load requests and pycountry)."""
    from importlib.resources import files

    text = files("sumy").joinpath("data/stopwords/english.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip())


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


@cache
def stem(word: str) -> str:
    """The Porter stem of a lower-cased word."""
    return _stemmer().stemWord(word)  # type: ignore[no-any-return]


def concepts(text: str) -> frozenset[Concept]:
    """Stemmed word bigrams of a sentence, except those made of two stop words."""
    stop = stop_words()
    tokens = words(text)
    stems = [stem(w) for w in tokens]
    return frozenset(
        (stems[k], stems[k + 1])
        for k, (a, b) in enumerate(zip(tokens, tokens[1:], strict=False))
        if not (a in stop and b in stop)
    )


def content_stems(text: str) -> frozenset[str]:
    """Porter stems of the words that are not stop words and longer than one character."""
    stop = stop_words()
    return frozenset(stem(w) for w in words(text) if w not in stop and len(w) > 1)


def stem_sequence(text: str) -> list[str]:
    """Porter stems of the words that are not stop words, in order, repeats and one-letter
    words kept: the term sequence the classic baselines count (their papers' term
    frequencies), where the pipeline reads the set of :func:`content_stems`."""
    stop = stop_words()
    return [stem(w) for w in words(text) if w not in stop]




def first_word(text: str) -> str:
    """The sentence's first word, lower-cased, without opening quotes or brackets ("it" of
    "It's")."""
    match = _LEADING.match(text)
    return match.group(1).lower() if match else ""


def is_cased(texts: Sequence[str]) -> bool:
    """Whether text keeps capitals (some corpora are lower-cased): at least 4% of the words
    that follow a lower-case word or a comma start with one."""
    after = [m.group(0) for t in texts for m in _AFTER_WORD.finditer(t)]
    return sum(w[0].isupper() for w in after) >= 0.04 * max(1, len(after))


def clean(text: str) -> str:
    """Normalise Unicode (NFC), drop control characters, collapse white space (a line break
    of any kind that :meth:`str.splitlines` reads, a lone carriage return included, is white
    space)."""
    text = unicodedata.normalize("NFC", text)
    if text.isprintable():  # no character of category C (nor any white space but " ")
        return _SPACE.sub(" ", text).strip()
    dropped = {ord(ch): None for ch in set(text)
               if not ch.isspace() and unicodedata.category(ch)[0] == "C"}
    if dropped:  # each distinct character looked at once
        text = text.translate(dropped)
    return _SPACE.sub(" ", text).strip()


def one_line(text: str) -> str:
    """Text safe to print as (part of) one line: control and format characters dropped (ANSI
    escapes, bidirectional overrides), runs of white space (line breaks included) made one
    space, and lone surrogates (undecodable file names, ``\\udXXX`` escapes in JSON) replaced by
    U+FFFD, so that the result always encodes as UTF-8."""
    if not text.isprintable():  # printable: no control, format, surrogate or other space
        text = valid_unicode(text)
        text = "".join(
            " " if ch.isspace() else ch for ch in text if ch.isspace() or not _is_control(ch)
        )
    return _SPACE.sub(" ", text).strip()


def one_line_name(name: str) -> str:
    """A name (a path, a URL) as one printable line: each character :func:`one_line` would
    drop or change (control and format characters, white space other than a plain space,
    lone surrogates) shown as its escape (``\\n``, ``\\x01``, ``\\u202e``, ``\\udcff``), so
    that two files whose names differ only there print apart (a backslash stays as it is)."""
    if name.isprintable():
        return name
    return "".join(ch if ch.isprintable() or ch in " \u200c\u200d" else _escaped(ch)
                   for ch in name)


def _escaped(ch: str) -> str:
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def valid_unicode(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (so that it encodes as UTF-8)."""
    return _SURROGATE.sub("\ufffd", text)


def _is_control(ch: str) -> bool:
    # the zero-width (non-)joiners are format characters that spell words and emoji
    return unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200c\u200d"


_DOUBLE_MARK = re.compile(r'["“”]')


def paired_quotes(text: str) -> str:
    """``text`` with each double quotation mark pair in one style: a straight mark paired with
    a curly one (``"approaching collapse.”``, as some outlets print them) is made straight, so
    that the text never grows (a byte budget holds). Marks pair in order: a curly opening or a
    straight mark outside a quotation opens one, a curly closing or a straight mark inside one
    closes it; other marks (single quotes, DUC's `` '') are left as they are."""
    chars = list(text)
    opened: int | None = None  # where the open quotation's mark is
    for m in _DOUBLE_MARK.finditer(text):
        at, mark = m.start(), m.group()
        if mark == "“" or (mark == '"' and opened is None):
            opened = at
        elif opened is not None:  # a closing mark, or a straight one inside a quotation
            if {chars[opened], mark} in ({'"', "”"}, {"“", '"'}):
                chars[opened] = chars[at] = '"'
            opened = None
    return "".join(chars)


#: How :func:`guess_title` ends a first line it cuts short.
TITLE_CUT = " …"


def guess_title(text: str, path: str | None = None, max_words: int = 14) -> str:
    """The first line that is not boilerplate, as one clean line (:func:`one_line`) shortened to
    ``max_words``; else the file name."""
    for line in text.splitlines():
        line = one_line(line).lstrip("#").strip()
        if not line or _BOILERPLATE_TITLE.match(line):
            continue
        tokens = line.split()
        if len(tokens) > max_words:
            return " ".join(tokens[:max_words]) + TITLE_CUT
        return line
    return one_line(Path(path).stem) if path else "untitled"
