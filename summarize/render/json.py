"""JSON digests: one object per digest (one line each with ``indent=None``).

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
         "score": 1.7312,                # the ranker's score (higher is more central)
         "other_reports": [{"article": 1, "figure": "12"}]}  # only when articles give
                                         # the sentence's figure differently
      ],
      "sources": [{"number": 1, "title": "...", "path": "corpora/000.txt", "url": null}]
    }                                    # + "site", "author", "date" when a web page has them

JSON keeps the text as it is, escaped by the JSON encoder, except for what no JSON reader
should meet: lone surrogates, which no UTF-8 file can hold, become U+FFFD, and the characters
some line readers take for line breaks (U+0085, U+2028, U+2029) are written as escapes.
"""

from __future__ import annotations

import json
from typing import Any

from ..text import valid_unicode
from ..types import DigestData, Source

JSON_FORMAT = "summarize.digest/1"


def digest_dict(digest: DigestData) -> dict[str, object]:
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
                # only when articles give the sentence's figure differently
                **({"other_reports": [{"article": r.article, "figure": r.figure}
                                      for r in s.other_reports]} if s.other_reports else {}),
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


def render_json(digest: DigestData, *, indent: int | None = 2) -> str:
    text = json.dumps(_valid(digest_dict(digest)), ensure_ascii=False, indent=indent)
    # characters that some line readers (str.splitlines, old JavaScript) take for line breaks
    text = text.translate(_LINE_BREAKS)
    return text + ("\n" if indent is not None else "")
