"""Rendering a digest as one self-contained HTML page.

The page is made from a Jinja2 template (``templates/digest.html.j2``) with autoescaping on:
every sentence, title, site, author and date taken from an article is escaped, after
:func:`~summarize.text.one_line` has dropped control and bidirectional-override
characters (a path shown escapes them instead: :func:`~summarize.text.one_line_name`). Only
``http``/``https`` URLs become links; any other URL (``javascript:``, ``data:``, a file path)
is shown as text. Citations link to their entry in the source list
(``#source-N``). The page holds no script and loads nothing: its CSS is inline, it has a
``lang`` attribute, a ``<meta name="viewport">`` and a ``max-width``, so it reads the same in an
e-mail and on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from ..errors import UsageTypeError
from ..text import one_line, one_line_name
from ..types import DigestData, Source
from .text import byline

TEMPLATE = "digest.html.j2"


@dataclass(frozen=True)
class _SourceView:
    number: int
    title: str
    byline: str
    href: str | None  #: a safe http(s) link, or None
    where: str  #: what is shown when there is no link (a path, a refused URL)


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute ``http``/``https`` URL with a host (and nothing that could
    end an attribute or start another scheme), else None."""
    if not url:
        return None
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 32 or ch in "<>\"'`\\" for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def source_view(src: Source) -> _SourceView:
    href = safe_href(src.url)
    where = "" if href else one_line_name(src.url or src.path or "")
    return _SourceView(
        number=src.number,
        title=one_line(src.title) or f"Article {src.number}",
        byline=byline(src),
        href=href,
        where=where,
    )


@cache
def template(name: str = TEMPLATE):  # type: ignore[no-untyped-def]
    """A page template of ``render/templates`` (autoescaped, whatever its name)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("summarize.render", "templates"),
        autoescape=True,  # every template, whatever its name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template(name)


def page_head(title: str, lang: str) -> tuple[str, str]:
    """A page's title on one line (``News digest`` when empty) and its language tag (``en``
    unless letters, digits and hyphens); a :class:`UsageTypeError` naming a non-str one."""
    for name, value in (("title", title), ("lang", lang)):
        if not isinstance(value, str):
            raise UsageTypeError(f"the page's {name} must be a str, not "
                                 f"{type(value).__name__}", option=name)
    return one_line(title) or "News digest", lang if lang.replace("-", "").isalnum() else "en"


def render_html(digest: DigestData, *, title: str = "News digest", lang: str = "en") -> str:
    """The digest as a complete HTML document (UTF-8)."""
    title, lang = page_head(title, lang)
    sentences = [
        {"text": one_line(s.text), "citations": s.citations,
         "others": [(one_line(r.figure), r.article) for r in s.other_reports]}
        for s in digest.sentences
    ]
    return template().render(  # type: ignore[no-any-return]
        title=title,
        lang=lang,
        digest_id=one_line(digest.id),
        sentences=sentences,
        sources=[source_view(src) for src in digest.sources],
        budget=digest.budget.describe(),
    )
