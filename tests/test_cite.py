"""summarize.cite: which articles support a digest sentence, and which give another figure."""

from __future__ import annotations

from summarize.cite import Citations, citations, figures, holds
from summarize.types import OtherReport

from .conftest import docs

FIRE = (
    "A fire at a nightclub in the city centre killed 12 people on Tuesday night. "
    "The owner of the club was arrested on Wednesday morning by the police.",
    "A fire at a nightclub in the city centre killed 40 people on Tuesday night. "
    "Residents laid flowers outside the building all through the next day.",
    "A fire at a nightclub in the city centre killed 12 people on Tuesday night. "
    "The city will hold a day of mourning for the victims next week.",
)


def test_figures_leave_dates_out() -> None:
    found = figures("At least 25 died on March 3 in 2012; 1,200 fled.")
    assert [(f.value, f.written) for f in found] == [("25", "At least 25"), ("1200", "1,200")]
    assert figures("The vote was held on Jan. 12.") == ()


def test_holds_is_the_share_of_mine() -> None:
    assert holds(frozenset("a b c".split()), frozenset("a b".split())) == 1.0
    assert holds(frozenset("a".split()), frozenset("a b".split())) == 0.5
    assert holds(frozenset("a".split()), frozenset()) == 0.0


def test_an_article_with_another_figure_is_another_report_not_support(summarizer) -> None:
    analysis = summarizer.analyze(docs(*FIRE))
    texts = [s.text for s in analysis.sentences]
    first = texts.index(FIRE[0].split(". ")[0] + ".")
    cited = citations(analysis, first)
    assert isinstance(cited, Citations)
    assert cited.articles == (1, 3)  # its own, and the one with the same figure
    assert cited.other_reports == (OtherReport(article=2, figure="40"),)
    alone = texts.index("The owner of the club was arrested on Wednesday morning by the police.")
    assert citations(analysis, alone) == Citations(articles=(1,), other_reports=())
