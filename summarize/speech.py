"""Who says what: the speaker a quotation is given to and the words it quotes (read by the
selection to tell a quotation of what a chosen sentence reports its speaker said)."""

from __future__ import annotations

import re

from .lexicon import ATTRIBUTION, PARTICIPLES, TIME_WORDS
from .text import QUOTED, is_quotation, speaks

_VERB = "|".join(sorted(ATTRIBUTION | PARTICIPLES))
#: Capitalised words after a name that are not it: suffixes and the calendar.
_NOT_A_SURNAME = frozenset("jr sr ii iii iv".split()) | TIME_WORDS | frozenset(
    "january february march april may june july august september october november december "
    "today tonight yesterday".split())
_CAPITAL = "A-ZÀ-ÖØ-Þ"
_NAMED = rf"((?:[{_CAPITAL}][\w'’.-]*\s+)*[{_CAPITAL}][\w'’-]+)"
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
    found = set()
    for m in _SPEAKER.finditer(outside):
        name = [w.lower().rstrip(".") for w in next(g for g in m.groups() if g).split()]
        while name and name[-1] in _NOT_A_SURNAME:  # "Smith Jr.", "said Thursday"
            name.pop()
        if name:
            found.add(name[-1])
    return frozenset(found)


def quoted_words(text: str) -> str:
    """The words inside a sentence's quotation marks, joined by spaces."""
    return " ".join(a or b for a, b in QUOTED.findall(text))
