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
"""

from __future__ import annotations

import json
import re

from .digest import Digest

JSON_FORMAT = "summarize.digest/1"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _cites(numbers: tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _source_line(number: int, title: str, where: str | None) -> str:
    return f"[{number}] {title}" + (f" ({where})" if where else "")


def render_text(digest: Digest) -> str:
    lines = [f"{s.text} {_cites(s.citations)}" for s in digest.sentences]
    lines += ["", "Sources:"]
    lines += [_source_line(src.number, src.title, src.url or src.path) for src in digest.sources]
    return "\n".join(lines) + "\n"


def escape_markdown(text: str) -> str:
    """Backslash-escape every character Markdown could read as markup."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(digest: Digest) -> str:
    lines = []
    for s in digest.sentences:
        cites = "".join(f"\\[{n}\\]" for n in s.citations)
        lines.append(f"- {escape_markdown(s.text)} {cites}")
    lines += ["", "**Sources**", ""]
    for src in digest.sources:
        title = escape_markdown(src.title)
        where = src.url or src.path
        link = f" ({escape_markdown(where)})" if where else ""
        lines.append(f"{src.number}. {title}{link}")
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


def render_json(digest: Digest, *, indent: int | None = 2) -> str:
    return json.dumps(digest_dict(digest), ensure_ascii=False, indent=indent) + (
        "\n" if indent is not None else ""
    )


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
