"""Render: a digest as text, Markdown, JSON or a self-contained HTML page.

Each format is one module: :mod:`.text` (text and Markdown), :mod:`.json` and :mod:`.html`
(a Jinja2 template in ``templates/``). :func:`render` picks one by name.
"""

from __future__ import annotations

from ..types import DigestData

FORMATS = ("text", "markdown", "json", "html")


def render(digest: DigestData, fmt: str) -> str:
    """``digest`` in the format named ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "text":
        from .text import render_text

        return render_text(digest)
    if fmt == "markdown":
        from .text import render_markdown

        return render_markdown(digest)
    if fmt == "json":
        from .json import render_json

        return render_json(digest)
    if fmt == "html":
        from .html import render_html

        return render_html(digest)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
