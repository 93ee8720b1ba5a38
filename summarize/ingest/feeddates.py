"""A feed entry's date: the day the feed writes for it (:func:`entry_date`), read as written,
never a day feedparser's normalisation or today's date makes of it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

_ISO_DATE = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:$|[T\s])")
#: An RFC 822 date's year as written (after its day and month): email.utils reads a year of
#: one or two digits as 19xx or 20xx, and so also the four digits "0001".
_RFC_YEAR = re.compile(r"\b\d{1,2}\s+[A-Za-z]{3,}\.?\s+(\d{1,4})\b")


def entry_date(entry: Mapping[str, Any]) -> str | None:
    """An entry's publication (else update) date, ``YYYY-MM-DD``, as the feed writes it (the
    publisher's own day, not shifted to UTC); None when it has none that parses. An impossible
    day (February 30th) is none, not the day feedparser's normalisation makes of it; so is a
    date in digits that is not a whole ``YYYY-MM-DD`` (or ``YYYYMMDD``), such as ``2024/06/01``
    or ``2024-W10``: feedparser reads its longest ISO 8601 prefix and takes the month and day
    it lacks from today's date (another day each month)."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        iso = _ISO_DATE.match(raw)
        if iso:
            day = "-".join(iso.groups())
            if _valid(day):
                return day
            continue
        import email.utils  # only for a feed's dates: not on a digest of files

        parts = email.utils.parsedate_tz(raw)
        if parts:
            written = _RFC_YEAR.search(raw)
            year = int(written.group(1)) if written and len(written.group(1)) > 2 else parts[0]
            found = f"{year:04d}-{parts[1]:02d}-{parts[2]:02d}"
            if _valid(found):
                return found
            continue
        if raw.lstrip()[:1] in "-0123456789":  # an ISO 8601 prefix: the rest made up
            continue
        parsed = entry.get(f"{key}_parsed")  # feedparser's other formats, in UTC
        if parsed and str(parsed.tm_year) in raw:  # its year as written, not one made up
            found = f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
            if _valid(found):
                return found
    return None


def _valid(day: str) -> bool:
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True
