"""Rendering a :class:`~summarize.digest.Digest` as text, Markdown or JSON.

JSON shape (``"format": "summarize.digest/1"``)::

    {
      "format": "summarize.digest/1",
      "id": "",                          # the cluster id (JSON-lines input), else ""
      "budget": {"kind": "words", "limit": 120},
      "sentences": [
        {"text": "...",                  # the sentence as printed
         "source": {"article": 2, "position": 4},  # where it was taken from (article from 1,
                                                   # position = sentence index from 0)
         "citations": [1, 2, 3],         # every article reporting the same content
         "score": 1.7312}                # the ranker's score (higher is more central)
      ],
      "sources": [{"number": 1, "title": "...", "path": "corpora/000.txt", "url": null}]
    }

Text copied from the articles never breaks a format. Text and Markdown show every sentence,
title and path as one line (:func:`~summarize.documents.one_line`: no line breaks, control or
bidirectional-override characters, or lone surrogates); Markdown also backslash-escapes every
character that could start markup (links, images, HTML, emphasis, code, headings, lists, block
quotes, tables, math). JSON keeps the text as it is, escaped by the JSON encoder; lone
surrogates, which no UTF-8 file can hold, become U+FFFD.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .digest import Digest, Source
from .documents import one_line, valid_unicode

JSON_FORMAT = "summarize.digest/1"
# every ASCII punctuation mark CommonMark or GitHub's extensions give a meaning to
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")
# a line opening with what would make it a list item or a thematic break
_MD_LINE_START = re.compile(r"^(\s*)(?:(\d{1,9})([.)])|([-=]))", re.M)


def _cites(numbers: tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _title(src: Source) -> str:
    return one_line(src.title) or f"Article {src.number}"


def _where(src: Source) -> str:
    return one_line(src.url or src.path or "")


def render_text(digest: Digest) -> str:
    lines = [f"{one_line(s.text)} {_cites(s.citations)}" for s in digest.sentences]
    lines += ["", "Sources:"]
    for src in digest.sources:
        where = _where(src)
        lines.append(f"[{src.number}] {_title(src)}" + (f" ({where})" if where else ""))
    return "\n".join(lines) + "\n"


def escape_markdown(text: str) -> str:
    """Backslash-escape every character Markdown could read as markup, and a list marker
    (``1.``, ``2)``, ``-``) at the start of a line."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(
        lambda m: m[1] + (f"{m[2]}\\{m[3]}" if m[2] else f"\\{m[4]}"), text
    )


def markdown_inline(text: str) -> str:
    """Any text as one line of Markdown that shows exactly that text."""
    return escape_markdown(one_line(text))


def render_markdown(digest: Digest) -> str:
    lines = []
    for s in digest.sentences:
        cites = "".join(f"\\[{n}\\]" for n in s.citations)
        lines.append(f"- {markdown_inline(s.text)} {cites}")
    lines += ["", "**Sources**", ""]
    for src in digest.sources:
        where = _where(src)
        link = f" ({escape_markdown(where)})" if where else ""
        lines.append(f"{src.number}. {escape_markdown(_title(src))}{link}")
    return "\n".join(lines) + "\n"


def digest_dict(digest: Digest) -> dict[str, object]:
    return {
        "format": JSON_FORMAT,
        "id": digest.id,
        "budget": {"kind": digest.budget.kind, "limit": digest.budget.limit},
        "sentences": [
            {
                "text": s.text,
                "source": {"article": s.article, "position": s.position},
                "citations": list(s.citations),
                "score": s.score,
            }
            for s in digest.sentences
        ],
        "sources": [
            {"number": src.number, "title": src.title, "path": src.path, "url": src.url}
            for src in digest.sources
        ],
    }


_LINE_BREAKS = {ord(ch): f"\\u{ord(ch):04x}" for ch in "\x85\u2028\u2029"}


def _valid(value: Any) -> Any:
    if isinstance(value, str):
        return valid_unicode(value)
    if isinstance(value, dict):
        return {k: _valid(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_valid(v) for v in value]
    return value


def render_json(digest: Digest, *, indent: int | None = 2) -> str:
    text = json.dumps(_valid(digest_dict(digest)), ensure_ascii=False, indent=indent)
    # characters that some line readers (str.splitlines, old JavaScript) take for line breaks
    text = text.translate(_LINE_BREAKS)
    return text + ("\n" if indent is not None else "")


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
