"""The typed objects that travel between the stages, defined once.

Every one is a frozen dataclass, so that no stage can change what another one sees:

* :class:`Document` and :class:`Cluster` come out of :mod:`summarize.ingest`;
* :class:`Sentence` out of :mod:`summarize.segment`;
* :class:`ContentUnit` out of :mod:`summarize.group`;
* :class:`Budget` says how long a digest may be, and :class:`Pick` is one sentence that
  :mod:`summarize.select` chose;
* :class:`Source`, :class:`DigestSentence` and :class:`DigestData` are what
  :mod:`summarize.digest` hands to :mod:`summarize.render`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from .errors import BudgetError, UsageTypeError

BudgetKind = Literal["sentences", "words", "bytes"]

#: The default digest length: about five news sentences.
DEFAULT_WORDS = 120


@dataclass(frozen=True)
class Document:
    """One article: its text and what the source list shows about it."""

    text: str
    title: str = ""
    path: str | None = None
    url: str | None = None  #: where the article is published (a citation links to it)
    site: str | None = None  #: the publication's name (from a web page's metadata)
    author: str | None = None
    date: str | None = None  #: publication date, ``YYYY-MM-DD`` when known
    id: str | None = None  #: the caller's id for it (a JSON-lines ``"id"``, a feed entry's id)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            hint = " (decode the bytes first: data.decode('utf-8'))" \
                if isinstance(self.text, bytes | bytearray) else ""
            raise UsageTypeError(f"Document text must be a str, not "
                                 f"{type(self.text).__name__}{hint}", option="text")
        if not isinstance(self.title, str):
            raise UsageTypeError(f"Document title must be a str, not "
                                 f"{type(self.title).__name__}", option="title")
        for name in ("path", "url", "site", "author", "date", "id"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise UsageTypeError(f"Document {name} must be a str or None, not "
                                     f"{type(value).__name__}", option=name)
        if "\0" in self.text:  # a NUL parts words as a space would (never glues them)
            object.__setattr__(self, "text", self.text.replace("\0", " "))

    @classmethod
    def from_text(
        cls, text: str, *, title: str | None = None, path: str | None = None
    ) -> Document:
        """Make a document, taking its title from the first line when none is given."""
        if title is None:
            from .text import guess_title

            title = guess_title(text.replace("\0", " ") if isinstance(text, str) else text,
                                path)
        return cls(text=text, title=title, path=path)


@dataclass(frozen=True)
class Sentence:
    """A sentence of one article, where it was found, and its text as printed."""

    doc: int  #: index of the article in the cluster, 0-based
    position: int  #: index of the sentence in its article, 0-based, before any filtering
    text: str
    rank: int = 0  #: index among the article's candidate sentences (after filtering)
    n_in_doc: int = 1  #: how many candidate sentences the article has
    #: it begins inside a quotation opened by a sentence before it (it needs a speaker)
    inside_quote: bool = False

    @property
    def relative_position(self) -> float:
        """Where the sentence stands among its article's candidates: 0 first, towards 1 last."""
        return self.rank / max(1, self.n_in_doc)


@dataclass(frozen=True)
class Cluster:
    """Several articles about one event."""

    documents: tuple[Document, ...]
    id: str = ""
    summaries: tuple[str, ...] = field(default=())  #: human references (evaluation only)
    query: str | None = None  #: the topic of a query-focused benchmark (DUC 2005 to 2007)


@dataclass(frozen=True)
class ContentUnit:
    """Sentences (indices into the candidate list) that report the same content."""

    members: tuple[int, ...]
    docs: tuple[int, ...]  #: the articles that report it, sorted

    @property
    def support(self) -> int:
        return len(self.docs)


@dataclass(frozen=True)
class Budget:
    """A length limit: ``sentences``, ``words`` (whitespace-separated) or ``bytes`` (UTF-8,
    sentences joined by one space, DUC's 665-byte convention). The one length rule of the
    project: selection spends it and the evaluation cuts summaries with it."""

    kind: BudgetKind = "words"
    limit: int = DEFAULT_WORDS

    def __post_init__(self) -> None:
        if self.kind not in ("sentences", "words", "bytes"):
            raise BudgetError(f"unknown budget kind {self.kind!r}: use sentences, words or bytes")
        if not isinstance(self.limit, int) or isinstance(self.limit, bool) or self.limit < 1:
            raise BudgetError(f"the budget must be a positive whole number of {self.kind}")

    @classmethod
    def of(
        cls, *, sentences: int | None = None, words: int | None = None, bytes: int | None = None
    ) -> Budget:
        """The one budget given, or the default (``words=120``) when none is."""
        given = [(k, v) for k, v in (("sentences", sentences), ("words", words), ("bytes", bytes))
                 if v is not None]
        if len(given) > 1:
            raise BudgetError("give one budget: sentences, words or bytes")
        if not given:
            return cls()
        kind, limit = given[0]
        return cls(kind, limit)  # type: ignore[arg-type]

    def cost(self, text: str) -> int:
        """What one sentence spends of the budget (bytes include its joining space)."""
        if self.kind == "sentences":
            return 1
        if self.kind == "words":
            return len(text.split())
        return len(text.encode("utf-8")) + 1

    def capacity(self) -> int:
        """What the sentences may spend together (bytes: one joining space more, the last
        sentence's, which is never printed)."""
        return self.limit + 1 if self.kind == "bytes" else self.limit

    def length(self, texts: Sequence[str]) -> int:
        """How long ``texts`` are, printed one after the other, in this budget's unit
        (bytes: joined by one space)."""
        spent = sum(self.cost(t) for t in texts)
        return spent - 1 if self.kind == "bytes" and texts else spent

    def cut(self, texts: Sequence[str]) -> list[str]:
        """``texts`` cut to the budget as ROUGE-1.5.5's ``-l`` / ``-b`` cut a summary read as
        one text (joined by one space): a cut sentence keeps its first words, or bytes (never
        half a UTF-8 character); a ``sentences`` budget keeps the first N."""
        if self.kind == "sentences":
            return list(texts[: self.limit])
        out: list[str] = []
        left = self.capacity()
        for text in texts:
            if not text.strip() if self.kind == "words" else not text:
                continue  # no words (or no bytes): nothing to print, nothing spent
            cost = self.cost(text)
            if left <= (1 if self.kind == "bytes" else 0):
                break
            if cost > left:
                if self.kind == "words":
                    text = " ".join(text.split()[:left])
                else:  # left - 1 bytes, and the joining space
                    text = text.encode("utf-8")[: left - 1].decode("utf-8", "ignore").rstrip()
            left -= cost
            if text:
                out.append(text)
        return out

    def describe(self) -> str:
        return f"{self.limit} {self.kind}"


@dataclass(frozen=True)
class Pick:
    """A chosen sentence: its index among the candidates, its unit, its value when taken, and
    the sentence it must be read right after (``after``: the candidate that gives it what it
    needs, chosen with it), if any."""

    sentence: int
    unit: int
    score: float
    after: int | None = None


@dataclass(frozen=True)
class Source:
    """One article in the source list (``number`` is what citations show, from 1)."""

    number: int
    title: str
    path: str | None = None
    url: str | None = None
    site: str | None = None
    author: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class OtherReport:
    """An article that reports the same thing with another figure (a count, an amount)."""

    article: int  #: its source number (from 1)
    figure: str  #: its figure as it writes it ("at least 25")


@dataclass(frozen=True)
class DigestSentence:
    """A digest sentence, where it was taken from, every article that reports it, and the
    articles that report it with other figures."""

    text: str
    article: int  #: source number (from 1) of the article it was taken from
    position: int  #: its index among that article's sentences, from 0
    citations: tuple[int, ...]  #: source numbers of every article reporting it, sorted
    score: float
    other_reports: tuple[OtherReport, ...] = ()  #: articles giving another figure, sorted


@dataclass(frozen=True)
class DigestData:
    """What a digest holds (:class:`summarize.digest.Digest` adds its renderings)."""

    sentences: tuple[DigestSentence, ...]
    sources: tuple[Source, ...]
    budget: Budget
    id: str = ""

    @property
    def text(self) -> str:
        """The digest's sentences alone, one per line (what ROUGE scores)."""
        return "\n".join(s.text for s in self.sentences)
