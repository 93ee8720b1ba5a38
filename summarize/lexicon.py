"""Word lists the reading rules use (:mod:`summarize.reading`, :mod:`summarize.speech`, the
reader-quality measures): what points back at the sentence before, what attributes a quotation,
what names the calendar."""

from __future__ import annotations

#: Words that, opening a sentence, point back at what came before it.
PRONOUNS = frozenset("he she it they his her its their him them hers theirs".split())
DEMONSTRATIVES = frozenset("this that these those".split())
CONNECTIVES = frozenset("but and so also however then yet still meanwhile instead moreover "
                        "furthermore besides nevertheless nonetheless thus therefore otherwise "
                        "likewise similarly".split())
#: Words that, with the attribution verbs, introduce a passage after a colon as someone's words
#: ("…, writing: I quit …", "Davidson posted on Instagram: …").
INTRODUCING = frozenset("writing posting posted tweeting".split())
#: Words that, opening a sentence outside quotation marks, speak in the first person: whose
#: voice it is must be said before it (or it is the article's author's).
FIRST_PERSON = frozenset("i we my our me us".split())
#: Connectives that only join the sentence to the one before: cut, they leave a sentence that
#: stands alone (when what follows starts like a sentence).
CUTTABLE_CONNECTIVES = frozenset("but and so also however yet still meanwhile moreover "
                                 "furthermore besides nevertheless nonetheless".split())
#: Verbs that give a quotation or a claim to someone (and "according to", in the pattern).
ATTRIBUTION = frozenset(
    "said says say told tells added adds asked asks wrote writes stated states noted notes "
    "explained explains insisted insists warned warns argued argues declared declares "
    "acknowledged acknowledges admitted admits announced announces recalled recalls "
    "continued continues replied replies confirmed confirms claimed claims testified "
    "stressed stresses emphasized emphasised remarked commented responded conceded concedes "
    "predicted predicts cautioned complained tweeted tweets quoted called calls described "
    "describes dubbed urged urges vowed vows promised promises pledged".split())
#: Attributions whose speaker is the subject of the clause they follow ("…, saying").
PARTICIPLES = frozenset("saying adding calling describing telling noting warning".split())
#: Words after "this" / "that" … that point at the calendar, not back at the text.
TIME_WORDS = frozenset("week weekend year month morning afternoon evening night summer spring "
                       "fall autumn winter season decade century monday tuesday wednesday "
                       "thursday friday saturday sunday".split())
#: The months' names.
MONTHS = frozenset("january february march april may june july august september october "
                   "november december".split())
#: The calendar's words: :data:`TIME_WORDS` and :data:`MONTHS`.
CALENDAR = TIME_WORDS | MONTHS
#: A month's name, whole or cut short ("Jan.", "Sept", "December"), as a pattern (case to be
#: ignored by the caller).
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
