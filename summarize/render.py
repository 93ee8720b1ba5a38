"""Rendering a :class:`~summarize.digest.Digest` as text, Markdown or JSON (HTML: :mod:`.html`).

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
    }                                    # + "site", "author", "date" when a web page has them

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


def byline(src: Source) -> str:
    """The site, author and date of a web article, as ``Site, Author, 2024-05-01`` (or "")."""
    return ", ".join(one_line(x) for x in (src.site, src.author, src.date) if x and one_line(x))


def render_text(digest: Digest) -> str:
    lines = [f"{one_line(s.text)} {_cites(s.citations)}" for s in digest.sentences]
    lines += ["", "Sources:"]
    for src in digest.sources:
        where, by_ = _where(src), byline(src)
        lines.append(f"[{src.number}] {_title(src)}" + (f" — {by_}" if by_ else "")
                     + (f" ({where})" if where else ""))
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
        where, by_ = _where(src), byline(src)
        link = f" ({escape_markdown(where)})" if where else ""
        by = f" — {escape_markdown(by_)}" if by_ else ""
        lines.append(f"{src.number}. {escape_markdown(_title(src))}{by}{link}")
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
        "sources": [_source_dict(src) for src in digest.sources],
    }


def _source_dict(src: Source) -> dict[str, object]:
    d: dict[str, object] = {
        "number": src.number, "title": src.title, "path": src.path, "url": src.url
    }
    # a web article's metadata, only when known (so other digests stay as they were)
    d.update({k: v for k, v in (("site", src.site), ("author", src.author), ("date", src.date))
              if v})
    return d


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


def render_html(digest: Digest) -> str:
    from .html import render_html as html

    return html(digest)


RENDERERS = {
    "text": render_text, "markdown": render_markdown, "json": render_json, "html": render_html
}
