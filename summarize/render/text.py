"""Plain text and Markdown digests: each sentence with its citations, then the sources.

Text copied from the articles never breaks a format: every sentence and title is shown as one
line (:func:`~summarize.text.one_line`: no line breaks, control or bidirectional-override
characters, or lone surrogates), and every path or URL too, those characters escaped
(:func:`~summarize.text.one_line_name`: two files whose names differ only there are told
apart); Markdown also backslash-escapes every character that could start markup (links,
images, HTML, emphasis, code, headings, lists, block quotes, tables, math).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..text import one_line, one_line_name
from ..types import DigestData, DigestSentence, Source

# every ASCII punctuation mark CommonMark or GitHub's extensions give a meaning to
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")
# a line opening with what would make it a list item or a thematic break
_MD_LINE_START = re.compile(r"^(\s*)(?:(\d{1,9})([.)])|([-=]))", re.M)


def _cites(numbers: tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _title(src: Source) -> str:
    return one_line(src.title) or f"Article {src.number}"


def _where(src: Source) -> str:
    return one_line_name(src.url or src.path or "")


def byline(src: Source) -> str:
    """The site, author and date of a web article, as ``Site, Author, 2024-05-01`` (or "")."""
    return ", ".join(one_line(x) for x in (src.site, src.author, src.date) if x and one_line(x))


def _others(s: DigestSentence, cite: Callable[[int], str], word: Callable[[str], str]) -> str:
    """"; other reports: 12 [1], at least 25 [3]" (or "") for a sentence whose figure other
    articles give differently."""
    if not s.other_reports:
        return ""
    return "; other reports: " + ", ".join(
        f"{word(r.figure)} {cite(r.article)}" for r in s.other_reports
    )


def render_text(digest: DigestData) -> str:
    lines = [
        f"{one_line(s.text)} {_cites(s.citations)}{_others(s, lambda n: f'[{n}]', one_line)}"
        for s in digest.sentences
    ]
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


def render_markdown(digest: DigestData) -> str:
    lines = []
    for s in digest.sentences:
        cites = "".join(f"\\[{n}\\]" for n in s.citations)
        others = _others(s, lambda n: f"\\[{n}\\]", markdown_inline)
        lines.append(f"- {markdown_inline(s.text)} {cites}{others}")
    lines += ["", "**Sources**", ""]
    for src in digest.sources:
        where, by_ = _where(src), byline(src)
        link = f" ({escape_markdown(where)})" if where else ""
        by = f" — {escape_markdown(by_)}" if by_ else ""
        lines.append(f"{src.number}. {escape_markdown(_title(src))}{by}{link}")
    return "\n".join(lines) + "\n"
