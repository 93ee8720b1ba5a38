"""The XML of a feed: its first entries only (:func:`first_entries`), and what keeps it from
being well-formed (:func:`xml_problem`).

A feed's first entries only: the bytes of a feed cut after its ``max_entries``-th entry,
found by an incremental XML scan (expat, a chunk at a time), before feedparser builds
anything, so that a feed of a million entries costs what its first ones do.

The scan expands no entity (a default handler takes them as text), reads no DTD and loads
nothing; the cut is closed with the end tags of the elements still open, so that feedparser
reads a well-formed feed. A feed the scan cannot read (not well-formed, an encoding expat does
not know, UTF-16 or UTF-32) is handed over whole, as before: feedparser recovers what it can.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Mapping
from typing import Any

from ..text import one_line

#: Bytes given to the scan at a time.
CHUNK = 1 << 16
_ENTRY_NAMES = ("item", "entry")
_MORE = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.I)


class _Enough(Exception):
    """The scan has found the entry to cut after."""


def first_entries(data: bytes, max_entries: int) -> tuple[bytes, int]:
    """``data`` cut after its ``max_entries``-th entry (RSS ``<item>``, Atom ``<entry>``, any
    namespace prefix), and how many entries follow the cut (their end tags, counted without
    parsing them); ``(data, 0)`` when it has no more entries, or when the scan cannot read it
    (see the module)."""
    if data[:4].count(b"\0") or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data, 0  # not ASCII-compatible: end tags could not be appended
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[str] = []
    found = [0, -1]  # entries ended, and where the cut entry's end tag starts

    def start(name: str, attrs: object) -> None:
        stack.append(name)

    def end(name: str) -> None:
        stack.pop()
        if name.rsplit(":", 1)[-1].lower() in _ENTRY_NAMES and len(stack) <= 2:
            found[0] += 1
            if found[0] == max_entries:
                found[1] = parser.CurrentByteIndex
                raise _Enough

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.DefaultHandler = lambda text: None  # set: internal entities are not expanded
    try:
        for offset in range(0, len(data), CHUNK):
            parser.Parse(data[offset:offset + CHUNK], False)
        parser.Parse(b"", True)
    except _Enough:
        pass
    except (xml.parsers.expat.ExpatError, ValueError):
        return data, 0
    if found[1] < 0:
        return data, 0
    cut = data.index(b">", found[1]) + 1
    more = sum(1 for _ in _MORE.finditer(data, cut))
    if not more:
        return data, 0
    closing = "".join(f"</{name}>" for name in reversed(stack))
    return data[:cut] + closing.encode("ascii", "ignore"), more


def xml_problem(parsed: Mapping[str, Any]) -> str | None:
    """What keeps the document from being well-formed XML, or None (a corrected character
    encoding is not a problem: feedparser decoded it)."""
    import xml.sax

    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not isinstance(exc, xml.sax.SAXException):
        return None
    where = ""
    if isinstance(exc, xml.sax.SAXParseException):
        where = f"line {exc.getLineNumber()}, column {exc.getColumnNumber()}: "
    return one_line(where + (exc.getMessage() or type(exc).__name__))[:200]
