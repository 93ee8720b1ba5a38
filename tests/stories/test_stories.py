"""``Summarizer.stories``: a stream of articles grouped into stories, each digested from the
sentences its digest reads, encoded once, in a stable order, with stable ids; the same on any
number of workers and on Ray."""

from __future__ import annotations

import dataclasses
import hashlib
import warnings
from types import SimpleNamespace

import numpy as np
import pytest

from summarize import (
    Budget,
    BudgetError,
    Document,
    HashingEncoder,
    InputError,
    Summarizer,
    SummarizeWarning,
    UsageError,
)
from summarize.beside import halfway
from summarize.segment import SegmentOptions, segment_document
from summarize.shortlist import shortlist
from summarize.stories import Story, StoryOptions
from summarize.stories import digests as digests_module
from summarize.stories.articles import segmented, text_sha
from summarize.stories.digests import split_at

from .stream import BRIDGE, QUAKE, dump, stream

OPTIONS = StoryOptions()


class CountingEncoder:
    """The hashing encoder, counting what it is asked to encode."""

    def __init__(self) -> None:
        self.inner = HashingEncoder()
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.encode(texts)


@pytest.fixture(scope="module")
def summarizer() -> Summarizer:
    return Summarizer(encoder=HashingEncoder())


@pytest.fixture(scope="module")
def stories(summarizer: Summarizer) -> list[Story]:
    return summarizer.stories(stream(), options=OPTIONS, sentences=2)


def test_the_events_become_stories_in_order(stories: list[Story]) -> None:
    # three articles first; then two each, the later one first; then single reports, dated
    # before undated, in input order at the same date
    assert [s.articles for s in stories] == [
        ("bridge-1", "bridge-2", "bridge-3"),
        ("strike-1", "strike-2"),
        ("quake-1", "quake-2"),
        ("library",),
        ("festival",),
        ("comet",),
    ]
    assert [s.date for s in stories] == ["2024-05-02"] * 2 + ["2024-05-01"] + \
        ["2024-05-02"] * 2 + [None]
    assert {s.status for s in stories} == {"new"}


def test_headline_is_the_most_central_articles_title(stories: list[Story]) -> None:
    # bridge-2 shares sentences with both others; two articles are equally central: the first
    assert [s.headline for s in stories[:3]] == ["Title bridge-2", "Title strike-1",
                                                  "Title quake-1"]
    assert stories[3].headline == "Title library"


def test_story_id_comes_from_its_first_article(stories: list[Story],
                                               summarizer: Summarizer) -> None:
    for story in stories:
        assert story.id == "s-" + hashlib.sha256(story.articles[0].encode()).hexdigest()[:12]
    # the same first article in another stream: the same id
    again = summarizer.stories([d for d in stream() if d.id.startswith("bridge")],
                               options=OPTIONS, sentences=2)
    assert [s.id for s in again] == [stories[0].id]


@pytest.mark.parametrize("budget", [Budget("words", 40), Budget("sentences", 1)])
def test_each_digest_is_the_digest_of_its_articles_alone(summarizer: Summarizer,
                                                         budget: Budget) -> None:
    # one sentence: the digest path encodes a shortlist of each story's candidates (its
    # leads and densest sentences), and so do the stories
    docs = {d.id: d for d in stream()}
    for query in (None, "earthquake rescue teams"):
        for story in summarizer.stories(stream(), options=OPTIONS, budget=budget, query=query):
            alone = summarizer.digest([docs[a] for a in story.articles], budget=budget,
                                      query=query)
            assert story.digest.to_json() == dataclasses.replace(alone, id=story.id).to_json()
            assert len(story.digest.sources) == len(story.articles)


def test_a_run_encodes_what_its_digests_read_once() -> None:
    encoder = CountingEncoder()
    docs = stream()
    found = [segment_document(d, i) for i, d in enumerate(docs)]
    candidates = [s.text for sentences in found for s in sentences]
    leads = [sentences[0].text for sentences in found if sentences]
    runner = Summarizer(encoder=encoder)
    stories = runner.stories(docs, options=OPTIONS, sentences=1)
    # the leads first (while the articles are grouped), then what each story's digest reads;
    # a text once, whether two articles or two calls hold it (the stream's bridge-2 repeats
    # sentences of the others)
    first, rest = encoder.calls
    assert first == list(dict.fromkeys(leads)) and len(first) < len(leads)
    by_id = {d.id: d for d in docs}
    read = set()
    for story in stories:
        lexical = runner.lexical([by_id[a] for a in story.articles])
        keep = shortlist(lexical, runner.select_options.min_df, Budget("sentences", 1))
        read |= {lexical.sentences[i].text for i in keep}
    assert set(first) | set(rest) == read
    assert len(first + rest) == len(set(first + rest))
    assert len(read) < len(set(candidates))  # the shortlist leaves some out
    # with a query every candidate is encoded, each once
    encoder.calls.clear()
    runner.stories(docs, options=OPTIONS, sentences=1, query="the harbour bridge")
    query, first, rest = encoder.calls
    assert query == ["the harbour bridge"] and first == list(dict.fromkeys(leads))
    assert set(first) | set(rest) == set(candidates) and len(first + rest) == len(set(candidates))


def test_the_same_input_gives_the_same_stories(summarizer: Summarizer,
                                               stories: list[Story]) -> None:
    assert dump(summarizer.stories(stream(), options=OPTIONS, sentences=2)) == dump(stories)


@pytest.mark.slow
def test_two_workers_give_the_same_stories(summarizer: Summarizer) -> None:
    one = summarizer.stories(stream(), options=OPTIONS, workers=1)
    two = summarizer.stories(stream(), options=OPTIONS, workers=2)
    assert dump(two) == dump(one)


def _tasks(*sentences: int) -> list[digests_module.StoryTask]:
    """Stand-ins for story tasks of one article each, with these many sentences (what
    :func:`split_at` reads of them)."""
    return [SimpleNamespace(articles=[SimpleNamespace(sentences=range(n))])  # type: ignore[misc]
            for n in sentences]


def test_the_digests_are_cut_where_the_busier_side_has_the_fewest_sentences(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digests_module, "cores", lambda: 2)
    monkeypatch.setattr(digests_module, "SPLIT_FROM", 3)
    assert split_at(_tasks(5, 1, 1, 1, 2)) == 1  # 5 here, 5 beside
    assert split_at(_tasks(1, 1, 1, 1, 6)) == 4  # a large last story goes beside alone
    assert split_at(_tasks(1, 1, 1)) == 2  # of equal places, the latest
    assert split_at(_tasks(2, 0, 0, 0)) == 4  # nothing to gain: nothing beside
    assert split_at(_tasks(1, 1)) == 2  # too few stories
    monkeypatch.setattr(digests_module, "cores", lambda: 1)
    assert split_at(_tasks(5, 1, 1, 1, 2)) == 5  # one core: all here


def test_digests_check_the_engine_settings_on_one_worker_too() -> None:
    with pytest.raises(UsageError, match="address"):
        digests_module.run_digests([], workers=1, address="ray://nowhere:1")
    with pytest.raises(UsageError):
        digests_module.run_digests([], workers=True)  # type: ignore[arg-type]


@pytest.mark.slow
def test_digests_made_beside_this_process_are_the_same(
        summarizer: Summarizer, monkeypatch: pytest.MonkeyPatch) -> None:
    here = summarizer.stories(stream(), options=OPTIONS)
    started: list[bool] = []
    inner = digests_module.Beside

    def spy(*args: object, **kwargs: object) -> object:
        job = inner(*args, **kwargs)  # type: ignore[arg-type]
        started.append(job._process is not None)
        return job

    monkeypatch.setattr(digests_module, "Beside", spy)
    monkeypatch.setattr(digests_module, "cores", lambda: 2)
    monkeypatch.setattr(digests_module, "SPLIT_FROM", 2)
    beside = summarizer.stories(stream(), options=OPTIONS)
    assert started == [True]
    assert dump(beside) == dump(here)


def test_work_is_cut_where_the_busier_side_has_the_least() -> None:
    assert halfway([5, 1, 1, 1, 2]) == 1
    assert halfway([3, 1]) == 1
    assert halfway([1, 3]) == 1  # 1 here, 3 beside: better than 4 here
    assert halfway([4]) == 1 and halfway([]) == 0  # nothing to gain: nothing beside


@pytest.mark.slow
def test_articles_segmented_beside_this_process_are_the_same_with_their_warnings() -> None:
    docs = stream() + [Document("Too short.", id="stub")]
    items = [(k, k, doc.id or "", doc) for k, doc in enumerate(docs)]
    options = SegmentOptions(max_chars=200)  # five articles cut: a warning each

    def run(beside: bool, ignore: str | None = None) -> tuple[object, list[object]]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SummarizeWarning)
            if ignore:
                warnings.filterwarnings("ignore", module=ignore)
            out = segmented(items, options, beside=beside)
        return out, [(str(w.message), w.category, w.filename, w.lineno) for w in caught]

    here, beside = run(False), run(True)
    assert len(here[1]) == 5 and "bridge-3" in str(here[1][-1])  # the last article: beside
    assert beside == here  # the same sentences; the same warnings, given at the same place
    assert here[0][1] == [("stub", here[0][1][0][1])]  # set aside either way
    assert run(True, r"summarize\.pipeline")[1] == run(False, r"summarize\.pipeline")[1] == []


@pytest.mark.slow
def test_ray_gives_the_same_stories(summarizer: Summarizer) -> None:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning")
    try:
        on_ray = summarizer.stories(stream(), options=OPTIONS, engine="ray", workers=2)
    finally:
        ray.shutdown()
    assert dump(on_ray) == dump(summarizer.stories(stream(), options=OPTIONS))


def test_an_article_without_a_sentence_is_set_aside_with_a_warning(
        summarizer: Summarizer) -> None:
    docs = [*stream()[:4], Document("Too short.", title="Stub", id="stub")]
    with pytest.warns(SummarizeWarning, match="stub: no sentence to summarize") as caught:
        stories = summarizer.stories(docs, options=OPTIONS)
    assert "\n" not in str(caught[0].message)
    assert all("stub" not in s.articles for s in stories)
    assert sorted(a for s in stories for a in s.articles) == sorted(d.id for d in docs[:4])
    assert [(a.article, a.reason.split(":")[0]) for a in stories.set_aside] == [
        ("stub", "no sentence to summarize")]


def test_no_article_or_no_sentence_is_an_input_error(summarizer: Summarizer) -> None:
    with pytest.raises(InputError, match="no article"):
        summarizer.stories([])
    with pytest.warns(SummarizeWarning), pytest.raises(InputError, match="no sentence"):
        summarizer.stories(["Too short.", "Also short."])


RAIN = ("Heavy rain flooded the old main square today. Firefighters pumped water out of "
        "cellars along the river until late at night in the old town.")


def test_a_story_no_sentence_of_which_fits_keeps_its_headline_and_sources(
        summarizer: Summarizer) -> None:
    docs = [*stream(), Document(RAIN, title="Rain", id="rain")]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stories = summarizer.stories(docs, options=OPTIONS, words=8)
    assert len(stories) == 7 and stories.set_aside == ()  # no story is dropped
    rain = next(s for s in stories if s.articles == ("rain",))
    assert rain.fallback is None
    assert rain.digest.sentences[0].text == "Heavy rain flooded the old main square today."
    others = [s for s in stories if s is not rain]
    assert all(s.fallback == "headline" and s.digest.sentences == () for s in others)
    assert all(len(s.digest.sources) == len(s.articles) for s in others)
    notes = [str(w.message) for w in caught if issubclass(w.category, SummarizeWarning)]
    assert len(notes) == 6 and all("no sentence fits in 8 words" in n for n in notes)
    assert all("falls back to its headline" in n for n in notes)
    assert any("(Title bridge-2)" in n for n in notes)


def test_no_story_that_fits_is_a_budget_error(summarizer: Summarizer) -> None:
    with pytest.raises(BudgetError, match="no story could be digested: no sentence fits"):
        summarizer.stories(stream(), options=OPTIONS, words=5)


def test_stories_of_the_same_first_name_get_distinct_ids(summarizer: Summarizer) -> None:
    docs = [Document(QUAKE[0], id="same"), Document(stream()[2].text, id="same")]
    stories = summarizer.stories(docs, options=OPTIONS)
    other = f"same@{text_sha(docs[1].text)[:12]}"  # another text: another article (issue 29)
    assert [s.articles for s in stories] == [("same",), (other,)]
    assert len({s.id for s in stories}) == 2


def test_texts_are_named_by_their_place(summarizer: Summarizer) -> None:
    stories = summarizer.stories([d.text for d in stream()], options=OPTIONS)
    assert stories[0].articles == ("article-1", "article-4", "article-10")
    # the most central (the second) article's title: its first line, cut at 14 words
    assert stories[0].headline == "The city council approved the new harbour bridge on Monday " \
        "evening. Construction is expected …"


def test_a_cut_title_gives_way_to_a_whole_one(summarizer: Summarizer) -> None:
    # the most central article (the second) has no title line: its first line, cut, is its
    # title; the story's headline is then the next most central article's whole title
    long_first = BRIDGE[1] + " " + BRIDGE[1]
    titled = [Document(BRIDGE[0], id="b1"), Document(long_first, id="b2"),
              Document(f"Bridge approved after long debate\n\n{BRIDGE[2]}", id="b3")]
    stories = summarizer.stories(titled, options=OPTIONS)
    assert [s.articles for s in stories] == [("b1", "b2", "b3")]
    cut = [d for d in titled if d.id == "b2"]
    assert summarizer.stories(cut, options=OPTIONS)[0].headline.endswith(" …")
    assert stories[0].headline == "Bridge approved after long debate"
    untitled = summarizer.stories([d.text for d in stream()], options=OPTIONS)
    assert untitled[0].headline.endswith(" …")  # every title cut: the most central one's


@pytest.mark.parametrize("kwargs, option", [
    ({"workers": 0}, "workers"),
    ({"engine": "spark"}, "engine"),
    ({"address": "ray://x:1"}, "address"),
    ({"options": 0.5}, "options"),
    ({"query": 3}, "query"),
    ({"state": 3}, "state"),
])
def test_bad_settings_are_usage_errors(summarizer: Summarizer, kwargs: dict,
                                       option: str) -> None:
    with pytest.raises(UsageError) as caught:
        summarizer.stories(stream(), **kwargs)
    assert caught.value.option == option


def test_urls_are_fetched_only_when_asked(summarizer: Summarizer) -> None:
    with pytest.raises(UsageError, match="looks like a URL") as caught:
        summarizer.stories(["https://example.com/news/1"])
    assert caught.value.option == "fetch"
