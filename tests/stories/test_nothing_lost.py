"""Nothing lost (issue 25, item 3): every input article is in exactly one story or set aside,
and no story is dropped; a story no sentence of which reads alone gets the lead of its most
central article, marked as a fallback; a story's digest is the digest ``summarize digest``
makes of its articles."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from summarize import Document, HashingEncoder, Summarizer, SummarizeWarning
from summarize.render.stories import render_stories_jsonl
from summarize.stories import Stories, StoryOptions

from .stream import dump, next_day, stream

OPTIONS = StoryOptions(threshold=0.5)

#: Every sentence but the first leans on the one before it (a pronoun); the first is too
#: short to be a candidate, so that no candidate reads alone.
LEANING = ("Mayor Ann Jones spoke.",
           "She said the harbour bridge would open in the spring of next year.",
           "She added that tolls on the new bridge would stay low for local drivers.",
           "They will vote on the bridge budget again next month in the town hall.")
JUNK = "Share this. Menu. Log in."


@pytest.fixture(scope="module")
def summarizer() -> Summarizer:
    return Summarizer(encoder=HashingEncoder())


def records(stories: Stories) -> Counter[str]:
    """How many output records (story articles and set-aside lines) name each article, read
    back from the JSON lines."""
    seen: Counter[str] = Counter()
    for line in render_stories_jsonl(stories).splitlines():
        obj = json.loads(line)
        if obj["format"] == "summarize.story/1":
            seen.update(obj["articles"])
        else:
            assert obj["format"] == "summarize.set_aside/1" and obj["reason"]
            seen[obj["article"]] += 1
    return seen


def test_every_input_article_is_in_exactly_one_record(summarizer: Summarizer) -> None:
    docs = [*stream(), Document(JUNK, id="junk-1"), Document(" ".join(LEANING), id="lean"),
            Document("Too short.", id="junk-2")]
    with pytest.warns(SummarizeWarning, match="junk-1: no sentence to summarize"):
        stories = summarizer.stories(docs, options=OPTIONS, words=60)
    assert records(stories) == Counter({d.id: 1 for d in docs})
    assert [a.article for a in stories.set_aside] == ["junk-1", "junk-2"]


def test_with_a_state_every_article_is_in_one_record_run_after_run(
        summarizer: Summarizer, tmp_path: Path) -> None:
    day1 = [*stream(), Document(JUNK, id="junk")]
    with pytest.warns(SummarizeWarning):
        first = summarizer.stories(day1, options=OPTIONS, state=tmp_path, words=60)
    assert records(first) == Counter({d.id: 1 for d in day1})
    # yesterday's bridge-1 (its story goes on today) and quake-1 (its story does not) again
    day2 = [*next_day(), stream()[0], stream()[1]]
    second = summarizer.stories(day2, options=OPTIONS, state=tmp_path, words=60)
    seen = records(second)
    assert all(seen[d.id] == 1 for d in day2) and set(seen.values()) == {1}
    assert "bridge-1" in next(s for s in second if s.status == "updated").articles
    assert [(a.article, a.reason.split(":")[0]) for a in second.set_aside] == [
        ("library", "already in the state"), ("quake-1", "already in the state")]


def test_another_text_under_a_saved_id_is_one_record_not_two(
        summarizer: Summarizer, tmp_path: Path) -> None:
    # day two brings another text under the saved id "library" (whose story this run does
    # not touch): it is another article, library@<digest>, in a story of its own, and not
    # also set aside under "library"
    summarizer.stories(stream(), options=OPTIONS, state=tmp_path, words=60)
    museum = Document("A museum of maritime history opened its doors in the old customs house. "
                      "Its first exhibition shows ship models built by local carpenters.",
                      id="library", date="2024-05-03")
    day2 = [*(d for d in next_day() if d.id != "library"), museum]
    second = summarizer.stories(day2, options=OPTIONS, state=tmp_path, words=60)
    seen = records(second)
    renamed = [name for name in seen if name.startswith("library@")]
    assert len(renamed) == 1 and seen[renamed[0]] == 1
    assert seen["library"] == 0 and not second.set_aside


def test_a_story_whose_sentences_all_lean_on_context_gets_the_lead(
        summarizer: Summarizer) -> None:
    # the bridge story's vote weeks later: the same words, but dates part it from the others
    docs = [*stream(), Document(" ".join(LEANING), id="lean", title="Bridge vote",
                                date="2024-05-20")]
    with pytest.warns(SummarizeWarning, match="no sentence of the articles reads alone.*"
                                              "falls back to its lead"):
        stories = summarizer.stories(docs, options=OPTIONS, words=60)
    lean = next(s for s in stories if s.articles == ("lean",))
    assert lean.fallback == "lead"
    # the article's lead in its order, after the sentence it leans on (no candidate: too short)
    assert [s.text for s in lean.digest.sentences] == list(LEANING)
    assert [s.position for s in lean.digest.sentences] == [0, 1, 2, 3]
    assert all(s.citations == (1,) for s in lean.digest.sentences)
    assert json.loads(render_stories_jsonl([lean]))["fallback"] == "lead"
    assert all(s.fallback is None for s in stories if s is not lean)
    # the lead stops where the budget does, never passing it (what it leans on goes first)
    short = summarizer.stories(docs, options=OPTIONS, words=30)
    assert [s.text for s in next(s for s in short if s.articles == ("lean",)).digest
            .sentences] == list(LEANING[1:3])


def test_a_storys_digest_is_the_digest_of_its_articles(summarizer: Summarizer) -> None:
    stories = summarizer.stories(stream(), options=OPTIONS, words=60)
    by_id = {d.id: d for d in stream()}
    for story in stories:
        alone = summarizer.digest([by_id[a] for a in story.articles], words=60)
        assert story.digest.to_json() == alone.to_json().replace('"id": ""',
                                                                 f'"id": "{story.id}"', 1)
    assert dump(stories) == dump(summarizer.stories(stream(), options=OPTIONS, words=60))
