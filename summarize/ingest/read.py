"""Reading raw input: bytes to text within a byte limit, the one place input is decoded.

Every loader (:mod:`~summarize.ingest.files`, :mod:`~summarize.ingest.jsonl`,
:mod:`~summarize.ingest.web`) reads through a :class:`ByteAllowance` and decodes with
:func:`decode`; articles that do not look like English are warned about
(:func:`warn_if_not_english`).
"""

from __future__ import annotations

import codecs
import re
import warnings
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, SummarizeWarning
from ..text import raw_words, stop_words
from ..types import Document

#: Input larger than this is refused before it is read (``max_bytes`` raises it): one file, and
#: the files, directories and standard input of one digest together; with ``summarize batch``,
#: one line (one cluster) of its JSON-lines input.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: An article is judged English or not only from this many words on.
LANGUAGE_MIN_WORDS = 20
#: Below this share of English stop words among its first words an article is taken for another
#: language (English news runs at 40 to 50%; French, German and Spanish news at 0 to 14%).
ENGLISH_STOP_WORDS_MIN = 0.15
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(^|\s)[*_]{1,3}|[*_]{1,3}(?=\s|$|[.,;:!?])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.M)
_MD_QUOTE_LIST = re.compile(r"^\s{0,3}(?:>\s?|[-*+]\s+|\d+[.)]\s+)", re.M)


def strip_markdown(text: str) -> str:
    """Markdown to plain text: links keep their words, marks and headings go."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_QUOTE_LIST.sub("", text)
    return _MD_MARKS.sub(r"\1", text)


def decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 with a
    warning.

    Raises :class:`InputError` for empty or binary content.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", errors="replace").encode("utf-8")  # Windows "Unicode"
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    head = data[:8192]
    if b"\x00" in head:
        codec = _utf16_without_bom(head)
        if codec:
            raise InputError(f"{name}: looks like UTF-16 without a byte-order mark: convert it "
                             f"to UTF-8 (iconv -f {codec} -t UTF-8)")
        raise InputError(f"{name}: looks like a binary file, not an article (it holds NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        warnings.warn(
            f"{name}: not valid UTF-8 (byte {exc.start}); read as Windows-1252",
            SummarizeWarning,
            stacklevel=2,
        )
    if not text.strip():  # a byte-order mark and white space, nothing else
        raise InputError(f"{name}: the file is empty")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise InputError(f"{name}: looks like a binary file, not an article (control characters)")
    return text


def _utf16_without_bom(head: bytes) -> str | None:
    """``UTF-16LE`` or ``UTF-16BE`` for text in UTF-16 without its byte-order mark (every
    other byte NUL, as Latin script gives, the others not), else None."""
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return None
    for zeros, chars, codec in ((head[1::2], head[0::2], "UTF-16LE"),
                                (head[0::2], head[1::2], "UTF-16BE")):
        if zeros.count(0) >= 0.9 * len(zeros) and chars.count(0) <= 0.05 * len(chars):
            try:
                head.decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def not_english(text: str, sample_chars: int = 20_000) -> str | None:
    """Why ``text`` does not look like English, or None when it does (or is too short to tell).

    A cheap test on the first ``sample_chars`` characters: mostly letters of other scripts than
    Latin, or fewer than :data:`ENGLISH_STOP_WORDS_MIN` English stop words (sumy's list) among
    its first 2,000 words. Texts of fewer than :data:`LANGUAGE_MIN_WORDS` words are not judged.
    """
    sample = text[:sample_chars]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) >= 2 * LANGUAGE_MIN_WORDS:
        other = sum(1 for ch in letters if ch > "\u024f")  # beyond Latin Extended-B
        if other > len(letters) / 2:
            return f"{other / len(letters):.0%} of its letters are not Latin"
    tokens = [w.lower().replace("’", "'") for w in raw_words(sample)[:2000]]
    if len(tokens) < LANGUAGE_MIN_WORDS:
        return None
    stop = stop_words()
    share = sum(1 for w in tokens if w in stop) / len(tokens)
    if share < ENGLISH_STOP_WORDS_MIN:
        return f"only {share:.0%} of its words are English stop words"
    return None


def warn_if_not_english(text: str, name: str) -> None:
    """One :class:`SummarizeWarning` when ``text`` does not look like English (the embedding
    model and the sentence splitter are English)."""
    reason = not_english(text)
    if reason:
        warnings.warn(SummarizeWarning(
            f"{name}: does not look like English ({reason}); the model reads English, so the "
            "digest may be poor", kind="articles that do not look like English"), stacklevel=3)


def limit_error(
    name: str, size: int | None, max_bytes: int, what: str = "for one file"
) -> InputError:
    """Input over the byte limit (``size`` None: found while reading), remedied by
    ``max_bytes``."""
    amount = f"{size:,} bytes is over" if size is not None else "over"
    return InputError(
        f"{name}: {amount} the {max_bytes:,}-byte limit" + (f" {what}" if what else ""),
        option="max_bytes", remedy="raise it with {option}",
    )


class ByteAllowance:
    """What is left to read of one run's input: ``max_bytes`` for every file, directory and
    standard input together, and for each one alone."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        self.max_bytes = max_bytes
        self.used = 0
        #: The files read so far (:func:`~summarize.ingest.files.file_key`), each with the input
        #: that read it: a file named again is neither read nor counted again.
        self.files: dict[tuple[int, int], str] = {}

    @property
    def left(self) -> int:
        return self.max_bytes - self.used

    def check_total(self, size: int, name: str) -> None:
        """Refuse, before reading anything, input whose files add up to over the limit."""
        if size > self.max_bytes:
            raise limit_error(name, size, self.max_bytes, "for all input together")

    def read(self, fh: BinaryIO, name: str) -> bytes:
        """Everything in ``fh``, reading at most one byte beyond what is left."""
        data = fh.read(self.left + 1)
        if len(data) > self.left:
            what = "for one input" if self.used == 0 else "for all input together"
            raise limit_error(name, None, self.max_bytes, what)
        self.used += len(data)
        return data


def os_error(path: str | Path, exc: OSError) -> InputError:
    """A file system error as a one-line :class:`InputError`."""
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{path}: no such file or directory")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{path}: is a directory")
    return InputError(f"{path}: cannot be read ({exc.strerror or exc})")


def document_from_bytes(data: bytes, name: str, *, markdown: bool = False) -> Document:
    """An article from a file's bytes (see :func:`decode`); warns if it is not English."""
    text = decode(data, name)
    if markdown:
        text = strip_markdown(text)
    warn_if_not_english(text, name)
    return Document.from_text(text, path=name)


