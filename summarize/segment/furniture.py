"""Page furniture: what a web page or a wire service puts around an article's sentences.

Two kinds: whole sentences that are furniture (bylines, captions, photo and video credits,
ads, polls, "updated … by" lines, share and subscribe prompts, archive notices), which are
dropped (:func:`is_boilerplate`), and furniture that opens a real sentence (a dateline such as
``BEIJING (AP) _`` or ``WASHINGTON, November 16 (Xinhua) --``, "Advertisement Continue reading
the main story"), which is cut (:func:`cut_furniture`), so that what is left is still a
verbatim span of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..lexicon import MONTH
from ..text import FOLDS

_AGENCIES = r"ap|reuters|afp|xinhua|upi|cnn|nyt\w*|bloomberg|dpa|ians|pti|efe|ansa"
_WORD = r"[A-Za-z][\w.'’&-]*"
#: ``MOSCOW, July 6 (Xinhua) --``, ``Damascus, syria ( ap ) —``, ``( cnn ) --``
_AGENCY_DATELINE = re.compile(
    rf"^(?:\([A-Za-z]{{0,8}}\d{{1,4}}[A-Za-z]{{0,8}}\)\s*)?(?:by\s+\w+\s+\w+\s+)?"
    rf"(?:{_WORD}(?:\s+{_WORD}){{0,3}}(?:,\s*{_WORD}(?:\s+{_WORD}){{0,2}})?"
    rf"(?:,?\s+[A-Za-z]+\.?\s+\d{{1,2}})?\s*)?"
    rf"\(\s*(?:{_AGENCIES})\s*\)\s*(?:--|—|–|-|_|:)?\s*",
    re.I,
)
_CAPS = r"[A-Z][A-Z.'’&-]+"
#: ``NEW YORK _``, ``SACRAMENTO, Calif. _``, ``WASHINGTON —`` (a city in capitals, a dash)
_CAPS_DATELINE = re.compile(
    rf"^(?:\([A-Za-z]{{0,8}}\d{{1,4}}[A-Za-z]{{0,8}}\)\s*)?{_CAPS}(?:\s+{_CAPS}){{0,3}}"
    rf"(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,2}})?"
    rf"(?:,?\s+[A-Z][a-z]+\.?\s+\d{{1,2}})?\s+(?:--|—|–|_)\s+"
)
#: ``Denver --``, ``munich, germany –`` opening a paragraph of lower-cased text
_LOWER_DATELINE = re.compile(
    r"^[A-Za-z][a-z.'’-]*(?:\s+[a-z][a-z.'’-]*){0,2}(?:,\s*[a-z][a-z.'’-]*(?:\s+[a-z.]+)?)?"
    r"\s+(?:—|--|–)\s+"
)
_FURNITURE_PREFIX = re.compile(
    r"^(?:(?:photo\s+)?advertisement\s+(?:continue reading the main story\s+)?|subscribe\s+)",
    re.I,
)

#: Whole furniture sentences: each pattern (searched ignoring case) with its needles, the
#: literals (lower case) one of which any text it matches holds (see :class:`Sieve`).
BOILERPLATE: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"^discuss as:?$", ("discuss",)),
    (r"\bfollow\b.{0,80}\bon (twitter|facebook|instagram|x)\b", ("follow",)),
    (r"\bcontributed (to )?(this|the) (report|story|article)\b", ("contributed",)),
    (r"\b(photo|image|picture|video)s? (credit|courtesy)\b", ("credit", "courtesy")),
    (r"^\(?(photo|image|picture|file photo)s?\s*[:(/]", ("photo", "image", "picture")),
    (r"\b(getty images|ap photo|reuters/|afp photo)\b",
     ("getty images", "ap photo", "reuters/", "afp photo")),
    (r"^(click|tap) (here|to)\b", ("click", "tap")),
    (r"\b(share|tweet|email|print) (this|on)\b.{0,40}$", ("share", "tweet", "email", "print")),
    (r"\bsign up for\b|\bsubscribe (to|now)\b|\bnewsletter\b",
     ("sign up for", "subscribe", "newsletter")),
    (r"^(more|related|read more|see also|recommended)\b.{0,60}"
     r"(stories|coverage|articles)?\s*:?\s*$", ("more", "related", "see also", "recommended")),
    (r"\ball rights reserved\b|^copyright\b|\(c\) \d{4}",
     ("all rights reserved", "copyright", "(c) ")),
    (r"^(reporting|writing|editing|additional reporting) by\b", (" by",)),
    (r"^by [a-z.' -]{3,60}$", ("by ",)),
    (r"\b(alexa internet|wayback machine|internet archive)\b",
     ("alexa internet", "wayback machine", "internet archive")),
    (r"^[\w.' ]{2,40}'s [\w.' -]{3,40} reports\.?$", (" reports",)),
    (r"\bjavascript\b.{0,40}\b(enable|disabled|required)\b", ("javascript",)),
    (r"\b(cookies?|privacy policy|terms of (use|service))\b",
     ("cookie", "privacy policy", "terms of")),
    # captions, credits, ads, polls, time stamps
    (r"\bphotographer\s*:|\bphoto\s*:|\(\s*photo\b|\bimage (copyright|caption)\b",
     ("photo", "image ")),
    (r"\bvia getty\b|/\s*getty\b|^getty\b|\bgetty images\b", ("getty",)),
    (r"^advertisement\b|\bcontinue reading the main story\b",
     ("advertisement", "continue reading the main story")),
    (r"\btake our poll\b|\bbuzz60\b|^watch\s*:|^video\s*:",
     ("take our poll", "buzz60", "watch", "video")),
    (r"^updated\b.{0,60}\d|\bupdated\b.{0,40}\b(gmt|utc)\b.{0,20}\bby\b", ("updated",)),
    (r"^editor'?s note\b", ("editor",)),
    (r".\(\s*(?:ap|reuters|afp|associated press)\s*\)", ("(",)),  # an agency inside: a caption
    (r"\bstory highlights\b|^published on\b|^/\s*updated\b|\brefiled version\b",
     ("story highlights", "published on", "updated", "refiled version")),
    (r"\bclick on the link\b|\bgetty\b|^photo\b|^photograph\b|^related\s*:",
     ("click on the link", "getty", "photo", "related")),
    (r"\blisten to article\b|\bshare this article\b|\bsubscriber account\b|\blog in to\b",
     ("listen to article", "share this article", "subscriber account", "log in to")),
    # an empty quotation: stray marks
    (r"(?:^|[\s,(])[\"“”]\s*[\"“”]|^file\s*[-–—]|^[)\]]", ('"', "“", "”", "file", ")", "]")),
    (r"^(?:reuters|ap|afp|upi|xinhua|cnn|computerworld)(?:\s+health)?\s+[-–—]\s", ("-", "–", "—")),
)

class Sieve:
    """Patterns searched ignoring case, each only in a text whose lower case holds one of its
    needles: the same answer as searching every pattern (a text with a character of
    :data:`~summarize.text.FOLDS` is searched with all of them), at the cost of a few
    substring tests for the text that holds none."""

    def __init__(self, entries: Sequence[tuple[str | re.Pattern[str], tuple[str, ...]]]) -> None:
        self.patterns = [re.compile(p, re.I) if isinstance(p, str) else p for p, _ in entries]
        self._needles: dict[str, list[re.Pattern[str]]] = {}
        for pattern, (_, needles) in zip(self.patterns, entries, strict=True):
            for needle in needles:
                self._needles.setdefault(needle, []).append(pattern)

    def search(self, text: str) -> bool:
        """Whether any of the patterns is found in ``text``."""
        if FOLDS.search(text):
            return any(p.search(text) for p in self.patterns)
        lowered = text.lower()
        return any(p.search(text) for needle, patterns in self._needles.items()
                   if needle in lowered for p in patterns)


_BOILERPLATE = Sieve(BOILERPLATE)


# --- what the evaluation harness counts as furniture (summarize/evaluation/quality) ---------

AGENCIES = (r"ap|reuters|afp|xinhua|upi|cnn|bloomberg|dpa|ians|pti|efe|kyodo|yonhap|tass|"
            r"itar-tass|nyt|associated press")
DATELINE_AGENCY = re.compile(rf"\(\s*(?:{AGENCIES})\s*\)\s*(?:--|[-_—–:])?", re.I)
DATELINE_CAPS = re.compile(
    r"^\W*[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,4}(?:,[^,_()]{0,25})?\s+(?:--|[-_—–])\s")
DATELINE_PLACE = re.compile(r"^\W*[A-Za-z][a-z.]+(?:[ ,]+[a-z.]+){0,2}\s+(?:--|[-_—–])\s")
CAPTION = re.compile(
    r"\bphotographer\s*:|\bphoto(?:s|graph)?\s*(?::|by\b|credit)|\bgetty\b|\bap photo\b|"
    r"\b(?:reuters|afp|epa|ap)\s*/\s*[a-z]|\bcredits?\s*:|\bfile photo\b|\btext size\b|"
    r"^\W*(?:video|image|watch|photos?|gallery|file)\s*(?::|--|—|–)|\bstory highlights\b|"
    r"\((?:\s*associated press\s*)\)|&#\d+;|\b(?:image|hide) caption\b", re.I)
ADS = re.compile(
    r"(?:^|[.!?\"”]\s+)advertisement\b|\badvertisement\W*$|\btake our poll\b|\bbuzz60\b|"
    r"\bcontinue reading\b|\bcontinues below\b|\bclick here\b|^\W*related\s*:|\bshare this\b",
    re.I)
TIMESTAMP = re.compile(
    r"\b(?:updated|posted|published|last modified)\b\s*:?\s*(?:on\s+)?(?:[a-z]+\.?,?\s+){0,2}"
    r"(?:\d{1,2},?\s+\d{4}|\d{1,2}\s*:\s*\d{2})|(?:^|/)\s*updated\b|"
    r"\b\d{1,2}\s*:\s*\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)\s*(?:gmt|utc|et|est|edt|bst|pt|pdt)\b",
    re.I)


#: A web page's own furniture, around or instead of an article: sign-up, alert and
#: subscription prompts, social embeds' notices, rights and reprint notices, players' and
#: forms' messages, and the notes a web archive (the Wayback Machine) writes on the pages it
#: keeps, which some benchmark articles are, whole.
PAGE = re.compile(
    # social embeds
    r"\btweet with a location\b|\blocation history\b|\blocation to your tweets\b|"
    r"\blegacy twitter\b|\badd this tweet to your website\b|"
    # newsletters, alerts, accounts and subscriptions
    r"\bbreaking news (?:emails|alerts)\b|\bdelivered weekday mornings\b|"
    r"\bget push notifications\b|\bget email notifications on\b|\bemail notifications are\b|"
    r"\ban email delivered to your inbox\b|"
    r"\b(?:verification|confirmation) (?:email|message)\b|\bspam or junk folder\b|"
    r"\bthank you for (?:signing up|subscribing)\b|\bsign up (?:you agree|thank you)\b|"
    r"\boccasional updates and special offers\b|\bview all [\w' ]{0,40}newsletters\b|"
    r"\bdigital (?:access|subscription)\b.{0,60}\b(?:never miss|free trial)\b|"
    r"^get digital access\b|\bdeliverable area\b|\bre-?enter zip code\b|"
    r"\bplease consider subscribing\b|\bas an interest to stay up to date\b|"
    r"\bkeep up to date with mobile alerts\b|\bdirectly to your inbox\b|"
    # rights and reprints
    r"\bnon-?commercial use only\b|\bpresentation-ready copies\b|"
    r"\bmay not be published, broadcast, rewritten,? or redistributed\b|"
    # players, forms and pages
    r"\bwhen the video has been rented\b|\bthis feature is not available right now\b|"
    r"\btranscript could not be loaded\b|\bproblem saving your notification\b|"
    r"\bverify you'?re not a robot\b|\bclick prev or next\b|\bby enabling javascript\b|"
    r"\bplease confirm your birth date\b|\byou can only react\b|"
    r"\balready used that reaction\b|"
    # a web archive's notes
    r"\b(?:web ?crawls?|webcrawl|crawl data|crawler software|seed ?list)\b|"
    r"\bcrawls? of (?:supported|outlinks)\b|\bno more 404\b|\benwiki\b|"
    r"\b(?:files|data) (?:are|is) currently not publicly accessible\b|"
    r"\bproperties of this collection\b|\bturned off duplicate detection\b|"
    r"\bend of term (?:web archive|project|archive)\b|\bwayback\b|"
    r"\barchive pages as they are created\b|\bweb page captures\b|\bdistributed crawling\b|"
    r"\b(?:scope of the|experimental|daily) crawl\b|\bcrawl (?:start|end) date\b|"
    r"\bthis collection\b.{0,40}\b(?:share the data|several things were done)\b|"
    r"\bdid all the different wikis\b|\bseveral years since the last time we did this\b",
    re.I,
)


# --- a web page's furniture read from ours' Multi-News digests (the kinds above unchanged) ---

#: A web page's furniture that opens a real sentence, cut like a dateline (:func:`cut_furniture`)
#: and counted as "page" where it opens a text: a video player's bar and title ("play facebook
#: twitter embed <title> 2: 23"), its messages ("please enable javascript to watch this
#: video", "media playback is unsupported on your device"), a share bar, "story continued
#: below", an embedded tweet's signature ("— name ( @handle ) april 14, 2015"), a link.
PAGE_PREFIX = re.compile(
    r"^(?:play facebook twitter (?:google plus )?embed\s.{0,160}?\s\d{1,2}: ?\d{2}\s+|"
    r"embed more news videos\s+|media playback is unsupported on your device\s*|"
    r"story continued below\s+|please enable javascript to watch this video\s+|"
    r"advertisementskip\s+|×\s*(?=[^\W\d])|report this ad\s+|"
    r"scroll to continue with content(?: ad)?\s+|close skip in skip x embed x share\s+|"
    r"share share (?:(?:tweet|pin|to pinterest|email|link)\s+){1,6}|"
    r"from wikipedia, the free encyclopedia\s+|image via [\w.]+\s+|"
    r"view (?:images|photos|gallery)\s+|"
    r"read more(?:\s*»)?\s+(?![:*]|(?:about|of|on|at|here|below|than|and)\b)|"
    r"\[\s*(?:see (?:photos?|pictures?|video|more)\b[^\]]{0,80}|photo\s*/\s*[\w ]{1,20})\]\s*|"
    r"\(\s*[^()]{1,60}\sphoto\s*\)\s*|"
    r"[\w.]+ content licensing logo licensing reprints (?:order spreadsheet )?|"
    r"get\b.{0,60}?\bby email and never miss our top stories(?: free sign up)?\s+|"
    r"(?:https?://|pic\.twitter\.com/)\S+\s+(?!—)|"
    rf"(?:[^—]{{0,200}}?\s)?—\s+[^()—]{{1,60}}?\(\s*@\s?\w+\s*\)\s+{MONTH}\.?\s+\d{{1,2}},"
    r"\s+\d{4}\s+)",
    re.I,
)
#: A web page's own whole lines, beside :data:`PAGE`: its notices and prompts ("Go to the
#: legal help page…", "To inquire about a licence to reproduce material, visit our syndication
#: site", "Feel free to weigh in… via the comments section", "while you're here…", "View other
#: … results on our full … page", "Join us on Facebook…"), a warning to readers, a journal's
#: reprint notes, breadcrumbs, related links, and the player messages of :data:`PAGE_PREFIX`
#: found inside a line.
PAGE_LINE = re.compile(
    r"\blegal help page\b|\brequest content changes\b|\bweb exclusives\b|"
    r"\bfeel free to\b.{0,40}\bcomments?\b|\bvia the comments section\b|\bwhile you'?re here\b|"
    r"\bsyndication site\b|\blicen[cs]e to reproduce\b|\bitems on this page\b|"
    r"\bour full [\w ]{1,40}page\b|^check out\b.{0,60}\bblog\b|"
    r"\b(?:readers|viewers) may find\b.{0,40}\b(?:disturbing|graphic|upsetting|offensive)\b|"
    r"\ba link to this page\b|\bincluded in your message\b|"
    r"\b(?:join|like) us on (?:facebook|twitter)\b|\bin your (?:facebook )?news ?feed\b|"
    r"^(?:reproducible research statement|requests? for (?:single )?reprints)\b|"
    r"^for immediate release\b|\bthank you for reading\b|\bnever miss our top stories\b|"
    r"\bsubscribe\s*:|\bsubscribe today\b|\bfor the most comprehensive local coverage\b|"
    r"\bmedia playback is unsupported\b|\bplay facebook twitter\b|\bembed more news videos\b|"
    r"\bstory continued below\b|\bplease enable javascript\b|\bshare share\b|"
    r"\bembed x share\b|\bskip in skip\b|^home\s*>|^topics\s*:|\brelated headlines\b|"
    r"\brecommended related\b|^related\s+(?!to\b)|^read more\s*:|"
    r".\bread more\b(?!\s*(?:about|of|on|at|here|below|than|and)\b)",
    re.I,
)
#: Captions beside :data:`CAPTION`: a photo desk's templates ("This undated photo provided
#: by…", "…in this photo illustration…", "This image made from video released by…"), players'
#: and galleries' caption markers ("media caption", "toggle caption", "enlarge this image",
#: "buy photo"), screenshots and picture agencies' credits ("duchess of cambridge/pa wire").
PHOTO_CAPTION = re.compile(
    r"toggle caption\b|\benlarge this (?:image|photo)\b|\bmedia caption\b|\bbuy photo\b|"
    r"\b(?:this|these)\b[^.;]{0,40}?\b(?:photo|image|picture)s?\b(?: illustration)?,?\s+"
    r"(?:provided|released|made|taken|distributed|obtained|shot|courtesy)\b|"
    r"\bthis (?:undated|handout) (?:photo|image|picture)\b|\bin this photo illustration\b|"
    r"\bin an? (?:photo|picture|image) (?:taken|provided|released) by\b|"
    r"^image\s+(?!(?:is|was|has|of)\b)|^screenshot\b|\bscreenshot (?:by|via)\b|"
    r"/\s*screenshot\b|^instagram\s*/|"
    r"\w\s*/\s*(?:pa wire|filmmagic|wireimage)\b|\(\s*picture\s*:|"
    r"^video\s*\(\s*\d{1,2}\s*:\s*\d{2}\s*\)",
    re.I,
)


_CAPTION = Sieve([(CAPTION, (
    "photo", "getty", "/", "credit", "text size", "video", "image", "watch", "gallery", "file",
    "story highlights", "associated press", "&#", "caption"))])
_ADS = Sieve([(ADS, ("advertisement", "take our poll", "buzz60", "continue", "click here",
                     "related", "share this"))])
_TIMESTAMP = Sieve([(TIMESTAMP, ("updated", "posted", "published", "last modified", ":"))])
_PHOTO_CAPTION = Sieve([(PHOTO_CAPTION, (
    "toggle caption", "enlarge this", "media caption", "photo", "image", "picture",
    "screenshot", "instagram", "pa wire", "filmmagic", "wireimage", "video"))])
_PAGE = Sieve([(PAGE, (
    "location", "legacy twitter", "add this tweet", "breaking news", "delivered weekday",
    "notification", "inbox", "verification", "confirmation", "junk folder", "thank you for",
    "sign up", "special offers", "newsletters", "digital", "deliverable area", "zip code",
    "consider subscribing", "stay up to date", "mobile alerts", "commercial use only",
    "presentation-ready", "may not be published", "has been rented",
    "not available right now", "could not be loaded", "not a robot", "prev or next",
    "enabling javascript", "birth date", "only react", "that reaction", "crawl", "seed",
    "no more 404", "enwiki", "not publicly accessible", "this collection",
    "duplicate detection", "end of term", "wayback", "archive pages", "page captures",
    "different wikis", "several years since"))])
_PAGE_LINE = Sieve([(PAGE_LINE, (
    "legal help page", "request content changes", "web exclusives", "feel free to",
    "comments section", "while you", "syndication site", "to reproduce", "items on this page",
    "our full", "blog", "may find", "a link to this page", "included in your message", "us on",
    "in your", "reproducible research", "reprints", "for immediate release",
    "thank you for reading", "never miss", "subscribe", "comprehensive local",
    "media playback", "play facebook", "embed more", "story continued", "enable javascript",
    "share share", "embed x share", "skip in skip", ">", "topics", "related", "read more"))])


def _kinds(text: str, cased: bool) -> Iterator[str]:
    from ..text import stop_words, words

    place = not cased and DATELINE_PLACE.match(text)
    if place and words(text)[:1] and words(text)[0] in stop_words():  # "The doc -- a waiver"
        place = None
    if DATELINE_AGENCY.search(text) or DATELINE_CAPS.match(text) or place:
        yield "dateline"
    if _CAPTION.search(text) or _PHOTO_CAPTION.search(text):
        yield "caption"
    if _ADS.search(text):
        yield "ad"
    if _TIMESTAMP.search(text):
        yield "timestamp"
    if is_page(text):
        yield "page"


def is_page(text: str) -> bool:
    """Whether ``text`` holds a web page's own furniture (the kind "page")."""
    return bool(_PAGE.search(text) or PAGE_PREFIX.match(text) or _PAGE_LINE.search(text))


def furniture_kinds(text: str, *, cased: bool = True) -> list[str]:
    """The kinds of page furniture ``text`` holds ("dateline", "caption", "ad", "timestamp",
    "page": a web page's own, :data:`PAGE`; none: ``[]``). In lower-cased text (``cased``
    False) a place before a dash counts as a dateline too."""
    return list(_kinds(text, cased))


def has_furniture(text: str, *, cased: bool = True) -> bool:
    """Whether ``text`` holds page furniture of any kind (``bool(furniture_kinds(...))``,
    looked for until the first is found)."""
    return next(_kinds(text, cased), None) is not None


def is_boilerplate(text: str) -> bool:
    """Whether a sentence is page furniture through and through."""
    return _BOILERPLATE.search(text)


def _cut_page_prefix(text: str) -> str:
    """``text`` without the web page's furniture that opens it (:data:`PAGE_PREFIX`), where a
    sentence follows it."""
    match = PAGE_PREFIX.match(text)
    return text[match.end():] if match and match.end() < len(text) else text


def cut_furniture(
    text: str, *, opens_line: bool = False, opens_article: bool = False, cased: bool = True
) -> str:
    """``text`` without the furniture that opens it (an ad marker, a dateline). Datelines are
    looked for only where they stand: at the start of a paragraph (``opens_line``); a place
    before a dash without a news agency only in lower-cased articles (``cased`` False)."""
    for _ in range(2):  # an ad marker, then a dateline
        before = text
        text = _cut_page_prefix(_FURNITURE_PREFIX.sub("", text, count=1))
        match = None
        if opens_line or text != before:
            match = _AGENCY_DATELINE.match(text) or _CAPS_DATELINE.match(text)
        if match is None and (opens_article or opens_line) and not cased:
            match = _LOWER_DATELINE.match(text)
        if match is not None and match.end() < len(text):
            text = text[match.end():]
        if text == before:
            break
    return text
