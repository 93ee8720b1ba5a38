"""Who says what: the speaker a quotation is given to, the words it quotes, and whether a
sentence attributes anything (read by the selection to tell a quotation of what a chosen
sentence reports its speaker said)."""

from __future__ import annotations

import re

from .lexicon import ATTRIBUTION, PARTICIPLES
from .text import ATTRIBUTION_SAID, QUOTED, is_quotation, speaks

_VERB = "|".join(sorted(ATTRIBUTION | PARTICIPLES))
_NAMED = r"((?:[A-Z][\w'’.-]*\s+)*[A-Z][\w'’-]+)"
_SPEAKER = re.compile(rf"zzq[\s,]*{_NAMED}\s+(?:{_VERB})\b"  # “…,” Bogdanov told
                      rf"|zzq[\s,]*(?:{_VERB})\s+{_NAMED}"  # “…,” said Matt Galloway
                      rf"|^\s*{_NAMED}\s+(?:{_VERB})[\s,:]*zzq")  # Schultz said: “…”


def speaker_names(text: str) -> frozenset[str]:
    """Who a sentence that is chiefly a quotation is given to, by name: the last word of the
    capitalised name that, with an attribution verb, follows the quotation ("“…,” Bogdanov
    told …", "“…,” said Matt Galloway") or opens the sentence before it ("Schultz said: “…”"),
    lower-cased; none for any other sentence or attribution."""
    if not (is_quotation(text) and speaks(text)):
        return frozenset()
    outside = QUOTED.sub(" zzq ", text)
    return frozenset(next(g for g in m.groups() if g).split()[-1].lower().rstrip(".")
                     for m in _SPEAKER.finditer(outside))


def quoted_words(text: str) -> str:
    """The words inside a sentence's quotation marks, joined by spaces."""
    return " ".join(a or b for a, b in QUOTED.findall(text))


def attributes(text: str) -> bool:
    """Whether the sentence gives something to someone ("said", "according to" …)."""
    return bool(ATTRIBUTION_SAID.search(text))
