"""What an editor needs of a digest: sentences that stand alone, quotes with their speaker, each
fact once, citations that hold (and say where the sources differ), no page furniture, and the
main event first. Small hand-made clusters, the hashing encoder."""

from __future__ import annotations

import json
import math

import pytest

from summarize import Budget, HashingEncoder, Summarizer
from summarize.digest import Digest
from summarize.facts import Facts, same_fact
from summarize.reading import needs_previous
from summarize.segment import segment, split_sentences
from summarize.segment.furniture import cut_furniture, is_boilerplate
from summarize.select import SelectOptions
from summarize.text import words

from .conftest import docs


def summarizer(**select: object) -> Summarizer:
    return Summarizer(encoder=HashingEncoder(), threshold=0.5,
                      select_options=SelectOptions(**select))  # type: ignore[arg-type]


FIRE = (
    "A fire at a nightclub in the city centre killed 12 people on Tuesday night, the fire "
    "brigade said. Firefighters worked through the night to put out the blaze.",
    "A fire at a nightclub in the city centre killed 40 people on Tuesday night, the fire "
    "brigade said. The cause of the fire is not yet known to the investigators.",
    "A fire at a nightclub in the city centre killed at least 25 people on Tuesday night, the "
    "fire brigade said. The mayor declared three days of mourning for the victims.",
)


def fire_digest() -> Digest:
    return summarizer().digest(docs(*FIRE), sentences=1)


def test_conflicting_figures_are_never_cited_as_agreement() -> None:
    digest = fire_digest()
    [s] = digest.sentences
    assert s.citations == (s.article,)  # only the article that says it
    reported = {r.article: r.figure for r in s.other_reports}
    figure = {1: "12", 2: "40", 3: "at least 25"}
    assert s.text.count(figure[s.article]) == 1
    assert reported == {a: f for a, f in figure.items() if a != s.article}


def test_every_format_says_that_the_sources_differ() -> None:
    digest = fire_digest()
    [s] = digest.sentences
    others = ", ".join(f"{r.figure} [{r.article}]" for r in s.other_reports)
    assert f"{s.text} [{s.article}]; other reports: {others}\n" in digest.to_text()
    assert "; other reports: " in digest.to_markdown()
    assert "\\[" in digest.to_markdown().split("other reports:")[1].splitlines()[0]
    record = json.loads(digest.to_json())["sentences"][0]
    assert record["other_reports"] == [{"article": r.article, "figure": r.figure}
                                       for r in s.other_reports]
    page = digest.to_html()
    assert "other reports:" in page and page.count('href="#source-') >= 3


def test_agreeing_articles_are_all_cited_and_no_other_report_is_made() -> None:
    same = [text.replace("12 people", "40 people").replace("at least 25", "40")
            for text in FIRE]
    [s] = summarizer().digest(docs(*same), sentences=1).sentences
    assert s.citations == (1, 2, 3) and s.other_reports == ()


def test_an_article_that_says_nothing_of_it_is_not_cited() -> None:
    texts = (
        "The city council approved the new harbour bridge on Monday evening after a debate.",
        "The city council approved the new harbour bridge on Monday evening after a debate. "
        "Nearly a third of all children in the region ride a bicycle to school every day.",
    )
    digest = summarizer().digest(docs(*texts), sentences=2)
    for s in digest.sentences:
        if "bicycle" in s.text:
            assert s.citations == (2,)
        else:
            assert s.citations == (1, 2)


TERMINAL = (
    "The new ferry terminal will cost 48 million euros and is expected to open in the spring "
    "of 2027, the port authority said on Friday.",
    "The ferry terminal, costing 48 million euros, should open in spring 2027, port officials "
    "told reporters. Local shop owners worry about the traffic the works will bring.",
)


def test_the_same_fact_in_other_words_appears_once() -> None:
    digest = summarizer().digest(docs(*TERMINAL), sentences=3)
    texts = [s.text for s in digest.sentences]
    assert sum("48 million euros" in t for t in texts) == 1
    assert any("shop owners" in t for t in texts)
    # without the test, both renderings of the fact are chosen
    loose = summarizer(fact_overlap=0.0, redundancy=1.0).digest(docs(*TERMINAL), sentences=3)
    assert sum("48 million euros" in s.text for s in loose.sentences) == 2


def quoted_claim(speaker: str) -> list[str]:
    """A report of what Bogdanov said and a quotation of it given to ``speaker``, made close in
    meaning (cosine 0.7) and every other pair unrelated, digested in three sentences."""
    import dataclasses

    import numpy as np

    from summarize.digest import build_digest
    from summarize.select import select

    texts = ("Deputy Foreign Minister Mikhail Bogdanov said on Thursday that the government in "
             "Damascus was losing control of territory in the country. Russia has drawn up "
             "plans to evacuate thousands of its citizens.",
             f"“We have to face up to reality: the regime is increasingly losing control, losing "
             f"more and more territory,” {speaker} told the Public Chamber in Moscow. Rebel "
             "fighters took another air base near the capital on Friday.")
    s = summarizer()
    analysis = s.analyze(docs(*texts))
    assert len(analysis.sentences) == 4
    vectors = np.eye(4)
    vectors[2] = 0.7 * vectors[0] + math.sqrt(1 - 0.49) * vectors[2]
    analysis = dataclasses.replace(analysis, vectors=vectors)
    budget = Budget("sentences", 3)
    selection = select(analysis, budget, s.select_options)
    return [x.text for x in build_digest(analysis, selection, budget).sentences]


def test_a_quotation_of_what_a_chosen_sentence_reports_its_speaker_said_appears_once() -> None:
    # Bogdanov's own words for what the report says he said: one of the two, and the other facts
    texts = quoted_claim("Bogdanov")
    assert sum(t.startswith(("Deputy Foreign", "“We have")) for t in texts) == 1
    assert any(t.startswith("Russia has") for t in texts) and any(
        t.startswith("Rebel") for t in texts)
    # the same words given to someone else are another fact: both are kept
    texts = quoted_claim("Lavrov")
    assert sum(t.startswith(("Deputy Foreign", "“We have")) for t in texts) == 2


def test_a_quotation_is_given_to_the_name_beside_its_attribution() -> None:
    from summarize.speech import quoted_words, speaker_names

    assert speaker_names("“We have to face up to reality,” Bogdanov told the Public Chamber in "
                         "Moscow, according to Russian media.") == {"bogdanov"}
    assert speaker_names('"To step back and watch it all unravel is surreal," said Matt Galloway') \
        == {"galloway"}
    assert speaker_names("Howard Schultz said: “Starbucks has emerged as the third place.”") \
        == {"schultz"}
    # the object of a verb, a reported sentence and a bare "he said" name no speaker
    assert speaker_names('He urged Arab diplomats to "promote the peace process with Israel '
                         'and bring the Palestinians to the table."') == frozenset()
    assert speaker_names("Bogdanov said the regime was losing control.") == frozenset()
    assert speaker_names("“We have plans for any occasion, and we will act,” he said.") \
        == frozenset()
    assert quoted_words("“We have plans,” he said, “for any occasion.”") \
        == "We have plans, for any occasion."
    # a suffix or the calendar after the name is not it; an empty quotation names nobody
    said = '"We will win this war, whatever it takes," said '
    assert speaker_names(said + "John Smith Jr.") == {"smith"}
    assert speaker_names(said + "Thursday night.") == frozenset()
    assert speaker_names(said + "Émile Zola.") == {"zola"}
    assert speaker_names('""') == speaker_names("“” was the title of the show.") == frozenset()


def test_same_fact_reads_content_words_and_numbers() -> None:
    def fact(a: str, b: str) -> bool:
        from summarize.facts import numbers_in
        from summarize.text import content_stems

        return same_fact(Facts(content_stems(a), numbers_in(a), frozenset()),
                         Facts(content_stems(b), numbers_in(b), frozenset()), close=True)

    assert fact(*[t.split(". ")[0] if "told" in t else t for t in TERMINAL])
    assert fact("An opposition victory can't be excluded, he added.",
                "Sadly, a victory by the Syrian opposition cannot be ruled out, he said.")
    assert not fact("The council approved the bridge on Monday.",
                    "Shop owners fear months of traffic jams in the old town.")


BRIDGE = (
    "Mayor Anna Berg opened the new harbour bridge on Monday morning in front of a crowd. "
    "She said the bridge would carry twenty thousand cars a day across the harbour. "
    "Traffic on the old ferry route is expected to fall sharply over the coming year.",
    "Engineers from three countries worked on the steel structure of the long bridge.",
)


def favouring(texts: tuple[str, ...], start: str, budget: Budget, **options: object) -> list[str]:
    """The digest when the salience prior all but forces the sentence starting with ``start``."""
    import numpy as np

    from summarize.digest import build_digest
    from summarize.select import select

    s = summarizer(salience_weight=1e6, **options)
    analysis = s.analyze(docs(*texts))
    prior = np.array([1.0 if x.text.startswith(start) else 0.0 for x in analysis.sentences])
    assert prior.sum() == 1
    selection = select(analysis, budget, s.select_options, salience=prior)
    return [x.text for x in build_digest(analysis, selection, budget).sentences]


def test_a_sentence_that_needs_the_one_before_comes_with_it() -> None:
    assert needs_previous(BRIDGE[0].split(". ")[1])
    for budget in (Budget("sentences", 2), Budget("sentences", 3), Budget("words", 40)):
        texts = favouring(BRIDGE, "She said", budget)
        k = next(k for k, t in enumerate(texts) if t.startswith("She said"))
        assert k > 0 and texts[k - 1].startswith("Mayor Anna Berg opened")
    # one sentence cannot hold both: the favoured one is passed over
    assert not any(t.startswith("She said")
                   for t in favouring(BRIDGE, "She said", Budget("sentences", 1)))
    # without the rule it is taken alone
    assert favouring(BRIDGE, "She said", Budget("sentences", 1), stand_alone=False)[0] \
        .startswith("She said")


def test_a_sentence_whose_antecedent_is_missing_is_passed_over() -> None:
    orphan = ("Berg left the ceremony early. "
              "She said the bridge would carry twenty thousand cars a day across the harbour.",
              "The new harbour bridge opened on Monday after four years of construction work.")
    # the sentence before "She said …" is too short to be a candidate: nothing resolves it
    for n in (1, 2, 3):
        texts = favouring(orphan, "She said", Budget("sentences", n))
        assert not any(t.startswith("She said") for t in texts)
    assert favouring(orphan, "She said", Budget("sentences", 1), stand_alone=False)[0] \
        .startswith("She said")


def test_an_empty_it_a_calendar_this_and_so_far_read_alone() -> None:
    for text in ("It was not immediately clear whether anyone was hurt in the fire.",
                 "It's unclear how many people were inside the building at the time.",
                 "This week, the Senate voted to extend the program for five years.",
                 "So far, nobody has claimed responsibility for the attack on the base.",
                 "Then-President George Bush signed the bill into law in the spring."):
        assert not needs_previous(text), text
    for text in ("It said the plan had failed because nobody paid for the repairs.",
                 "This plan failed because nobody paid for the repairs on time.",
                 "So the plan failed because nobody paid for the repairs on time.",
                 "Then he left the building through the back door after the meeting.",
                 "_ And expertise on mosquito-borne diseases in state health departments.",
                 "-- But the council never paid for the repairs of the old harbour bridge."):
        assert needs_previous(text), text


def test_a_passage_of_leaning_sentences_is_taken_from_where_it_reads_alone() -> None:
    passage = ("Mayor Anna Berg opened the new harbour bridge in Oslo on Monday morning. "
               "She said it had cost four hundred million kroner to build over four years. "
               "They will collect a toll from every car that crosses it for twenty years.",
               "The new harbour bridge in Oslo opened on Monday after four years of work.")
    analysis = summarizer().analyze(docs(*passage))
    texts = [s.text for s in analysis.sentences]
    they = next(i for i, t in enumerate(texts) if t.startswith("They will"))
    assert [texts[k][:8] for k in analysis.context[they]] == ["Mayor An", "She said"]
    for budget in (Budget("sentences", 3), Budget("sentences", 4)):
        out = favouring(passage, "They will", budget)
        k = next(k for k, t in enumerate(out) if t.startswith("They will"))
        assert out[k - 2].startswith("Mayor Anna") and out[k - 1].startswith("She said")
    assert not any(t.startswith("They will")
                   for t in favouring(passage, "They will", Budget("sentences", 2)))


QUOTES = (
    "Deputy Foreign Minister Mikhail Bogdanov told the Public Chamber in Moscow on Thursday "
    "that Russia must face reality. "
    "“Sadly, a victory by the Syrian opposition cannot be ruled out.” "
    "Russia is making plans for the possible evacuation of its nationals from Syria.",
    "Russia is making plans for the possible evacuation of thousands of its nationals. "
    "“We must look at the facts,” Bogdanov said during the hearings in Moscow on Thursday.",
)


def test_a_quote_is_chosen_only_with_its_speaker() -> None:
    for n in (2, 3, 4):
        texts = favouring(QUOTES, "“Sadly", Budget("sentences", n))
        k = next(k for k, t in enumerate(texts) if t.startswith("“Sadly"))
        assert k > 0 and "Bogdanov" in texts[k - 1]
    assert not any(t.startswith("“Sadly") for t in favouring(QUOTES, "“Sadly",
                                                            Budget("sentences", 1)))
    # a sentence before it that names no speaker does not give it one
    mute = (QUOTES[0].replace("told the Public Chamber", "visited the Public Chamber"),
            QUOTES[1])
    for n in (2, 3):
        assert not any(t.startswith("“Sadly") for t in favouring(mute, "“Sadly",
                                                                Budget("sentences", n)))
    assert needs_previous("“Sadly, a victory by the Syrian opposition cannot be ruled out.”")
    assert needs_previous('"An opposition victory can\'t be excluded," he added.')
    assert not needs_previous("“We must look at the facts,” Bogdanov said in Moscow.")
    assert not needs_previous('" we will win, " said john smith in the morning.', cased=False)


def test_a_quotation_of_several_sentences_is_read_whole_with_its_speaker() -> None:
    line = ('Trump spoke to reporters on Friday. " i just want to get out ahead of the story '
            'here — i met a lot of russians. I can\'t remember why — maybe because i was in '
            'russia, " trump said. He left for Florida after the briefing.')
    texts = [s.text for s in segment(docs(line))]
    quote = next(t for t in texts if t.startswith('"'))
    # one span of the article, quotation marks balanced, the speaker at its end
    assert quote in line and quote.endswith('trump said.')
    assert not needs_previous(quote, cased=False)
    # the evaluation's methods read punkt's sentences, the quotation in pieces, as before
    assert [t for t in split_sentences(line) if t.startswith('"')][0].endswith("russians.")
    # a quotation that is never closed, or too long, is left in pieces (and they are dropped)
    for broken in ('He spoke on Friday. " this goes on. And on. And on. Still on. End of it.',
                   'He spoke on Friday. " ' + "we will keep on going. " * 20 + '" he said.'):
        assert all(not t.startswith('"') for t in (s.text for s in segment(docs(broken))))



def test_a_quotation_longer_than_a_sentence_may_be_is_still_read_whole() -> None:
    from summarize.segment import QUOTATION_SENTENCES, QUOTATION_WORDS, SegmentOptions

    said = ["we had no warning at all before the water reached the second floor of the school",
            "the children were moved to the roof and waited there for the boats to arrive",
            "nobody slept that night and the radio kept telling us to stay where we were",
            "in the morning the army came with trucks and took everyone to the stadium",
            "we still do not know when we can go back to our homes in the valley",
            "my own house is gone and so is the house of my sister next door"]
    quotation = '" ' + ". ".join(s.capitalize() for s in said) + ', " the headmaster said.'
    line = "Floods hit the town on Monday. " + quotation + " Rain is forecast again."
    assert SegmentOptions().max_words < len(words(quotation))
    assert len(quotation.split()) <= QUOTATION_WORDS
    assert len(split_sentences(quotation)) == len(said) <= QUOTATION_SENTENCES
    texts = [s.text for s in segment(docs(line))]
    assert quotation in texts  # one verbatim span, though longer than one sentence may be
    assert not needs_previous(quotation, cased=False)
    # a plain sentence that long is still no candidate, nor a quotation past the limits
    plain = "The town " + " and the town ".join(said) + "."
    assert len(words(plain)) > SegmentOptions().max_words
    assert plain not in [s.text for s in segment(docs("Floods hit. " + plain))]
    longer = '" ' + ". ".join(s.capitalize() for s in said * 2) + ', " the headmaster said.'
    assert all(not t.startswith('"') for t in (s.text for s in segment(docs(longer))))

def test_a_quotation_read_whole_supports_only_a_passage_as_long() -> None:
    from summarize.cite import citations

    shooting = ("Two officers were struck and a suspect was shot and killed on Monday night. "
                "The street was closed for hours.",
                '"Two officers were struck by gunfire. A suspect was shot and killed," the '
                "police chief said on Tuesday morning.",
                "Police said two officers were struck and a suspect was shot and killed there.")
    analysis = summarizer().analyze(docs(*shooting))
    texts = [s.text for s in analysis.sentences]
    first = texts.index("Two officers were struck and a suspect was shot and killed on Monday "
                        "night.")
    quote = next(i for i, t in enumerate(texts) if t.startswith('"Two officers'))
    assert analysis.spans[quote] == 2 and analysis.spans[first] == 1
    # the chief's two sentences hold its words, but no one sentence of them does: not cited
    assert citations(analysis, first).articles == (1, 3)


def test_a_quoted_title_or_a_quote_given_by_saying_needs_no_other_speaker() -> None:
    assert not needs_previous('" modern family " creator steven levitan summed up the emmy '
                              'awards telecast when he accepted the comedy award.', cased=False)
    assert not needs_previous("New York mayor Michael Bloomberg praised the trip, saying “he "
                              "got Palestinians and Israelis thinking” about peace.")
    # still a quotation: its opening passage is long, or nobody is said to say it
    assert needs_previous("“We will keep fighting for every last voter,” the statement went on.")
    assert needs_previous("Bloomberg praised the trip: “he got Palestinians and Israelis "
                          "thinking” about peace.")


def test_datelines_and_connectives_are_cut_leaving_a_span_of_the_article() -> None:
    text = ("BEIJING (AP) _ China's government said on Monday it would build forty new dams.\n\n"
            "WASHINGTON, November 16 (Xinhua) -- The U.S. Senate passed the budget bill late "
            "on Friday night.\n\nBut Hall said Wednesday the recorder showed the plane was fine.")
    sentences = [s.text for s in segment(docs(text))]
    assert sentences == [
        "China's government said on Monday it would build forty new dams.",
        "The U.S. Senate passed the budget bill late on Friday night.",
        "Hall said Wednesday the recorder showed the plane was fine.",
    ]
    assert all(s in text for s in sentences)
    assert cut_furniture("Damascus, syria ( ap ) — aid convoys were heading north.",
                         opens_line=True) == "aid convoys were heading north."
    # not where a dateline stands, and not a dateline: kept whole
    assert cut_furniture("The company (AP) said it would.") == "The company (AP) said it would."


@pytest.mark.parametrize("line", [
    "Photographer: Jane Smith/Bloomberg News",
    "Advertisement",
    "Take our poll: should the bridge be named after the mayor?",
    "Buzz60's Sean Dowling has the story of the week.",
    "updated nov. 29, 2018, 1: 52 am gmt by the associated press",
    "Image copyright Getty Images Image caption The mayor at the opening.",
])
def test_page_furniture_never_reaches_a_digest(line: str) -> None:
    assert is_boilerplate(line)


WAYBACK_PAGE = (  # what a benchmark "article" may be: a web archive's notes on its crawl
    "Crawl of outlinks from wikipedia.org started march, 2016. These files are currently not "
    "publicly accessible. Properties of this collection. It has been several years since the "
    "last time we did this. For this collection, several things were done: 1. Turned off "
    "duplicate detection. 2. For the first time, did all the different wikis. The original "
    "runs were just against the enwiki. This one, the seed list was built from all 865 "
    "collections.")
SOCIAL_PAGE = (
    "The actor was reported missing by his wife on Monday, police said. Tweet with a location "
    "you can add location information to your tweets, such as your city or precise location. "
    "You always have the option to delete your tweet location history. Breaking news emails "
    "get breaking news alerts and special reports. The news and stories that matter, "
    "delivered weekday mornings.")


def test_a_web_pages_own_furniture_never_reaches_a_digest() -> None:
    news = ("The actor was last seen in Los Angeles on May 9, his wife told police on Monday. "
            "Officers said they had searched the area around downtown for two days.")
    digest = summarizer().digest(docs(WAYBACK_PAGE, SOCIAL_PAGE, news),
                                 budget=Budget("words", 250))
    texts = [s.text for s in digest.sentences]
    assert texts and all(t in SOCIAL_PAGE or t in news for t in texts)
    assert not any(k in t.lower() for t in texts
                   for k in ("tweet", "crawl", "collection", "emails", "weekday", "did this"))
    assert "The actor was reported missing by his wife on Monday, police said." in texts


@pytest.mark.parametrize("line, kept", [
    ("play facebook twitter embed towering dust storm forms over phoenix 2: 23 a massive dust "
     "storm moved through the phoenix area friday evening.",
     "a massive dust storm moved through the phoenix area friday evening."),
    ("Play facebook twitter google plus embed investigators: plane crash was ' intentional ' "
     "1: 26 a small plane crashed into a building in east hartford.",
     "a small plane crashed into a building in east hartford."),
    ("Embed more news videos at least 276 dogs were rescued in monmouth county.",
     "at least 276 dogs were rescued in monmouth county."),
    ("Story continued below he tweeted the font out monday, dubbing it hillary bold.",
     "he tweeted the font out monday, dubbing it hillary bold."),
    ("Image via instagram since ajak deng was spotted in 2008, she has been a model.",
     "since ajak deng was spotted in 2008, she has been a model."),
    ("Please enable javascript to watch this video vernal, utah -- a woman is seeking justice "
     "for her granddaughter.", "a woman is seeking justice for her granddaughter."),
    ("Advertisementskip family members had been driving their relative's remains home.",
     "family members had been driving their relative's remains home."),
    ("× video of 3 deer leaping off an iowa highway bridge goes viral on facebook.",
     "video of 3 deer leaping off an iowa highway bridge goes viral on facebook."),
    ("pic.twitter.com/sroigwdgr6 — rick wolff ( @rickwolff ) april 14, 2015 hillvetica keeps "
     "the red-and-blue color scheme.", "hillvetica keeps the red-and-blue color scheme."),
    ("— donald j. Trump ( @realdonaldtrump ) april 2, 2018 we addressed the closing of "
     "retailers last week.", "we addressed the closing of retailers last week."),
    ("Https://twitter.com/syria_children/status/755896915854843905 it's unclear who was "
     "behind the images.", "it's unclear who was behind the images."),
    ("forbes content licensing logo licensing reprints order spreadsheet in putting together "
     "its list, ri assigns each company a score.",
     "in putting together its list, ri assigns each company a score."),
    ("Close skip in skip x embed x share a former police officer was charged on monday.",
     "a former police officer was charged on monday."),
    ("read more even as organisers scrambled to investigate, they promised to sell tickets.",
     "even as organisers scrambled to investigate, they promised to sell tickets."),
    ("( u.s. Department of state photo ) for about a decade it operated unhindered.",
     "for about a decade it operated unhindered."),
    ("Get the times of israel's daily edition by email and never miss our top stories free "
     "sign up the drone was shot down, the army said.", "the drone was shot down, the army said."),
])
def test_a_web_pages_furniture_opening_a_sentence_is_cut(line: str, kept: str) -> None:
    cut = cut_furniture(line, opens_line=True, opens_article=True, cased=False)
    assert cut == kept and line.endswith(cut)  # what is left is a span of the article


@pytest.mark.parametrize("line", [
    "Read more about the storm on the weather service's website, officials said.",
    "Close to 10 a.m., the ship pulled up anchor and began its journey.",
    "He said the story continued below the fold of the front page.",
    "Officials in the city said — in a tweet on Monday — that the road would reopen.",
])
def test_words_of_a_pages_furniture_inside_news_are_not_cut(line: str) -> None:
    assert cut_furniture(line, opens_line=True, opens_article=True, cased=False) == line


PLAYER_PAGE = (
    "Play facebook twitter embed Towering dust storm forms over Phoenix 2:23 A massive dust "
    "storm moved through the Phoenix area on Friday evening, knocking out power to thousands. "
    "This undated photo provided by the National Weather Service shows the wall of dust over "
    "the city. Go to the legal help page to request content changes for legal reasons. Feel "
    "free to weigh in yourself, via the comments section.")
FLIGHTS = (
    "Story continued below Flights bound for Phoenix were diverted as the dust storm hit the "
    "valley on Friday. The weather service said visibility fell to zero in parts of the valley.")


def test_a_web_pages_player_and_captions_never_reach_a_digest() -> None:
    digest = summarizer().digest(docs(PLAYER_PAGE, FLIGHTS), budget=Budget("words", 250))
    texts = [s.text for s in digest.sentences]
    assert texts and all(t in PLAYER_PAGE or t in FLIGHTS for t in texts)
    assert not any(k in t.lower() for t in texts for k in (
        "embed", "undated photo", "legal help", "comments section", "story continued"))
    assert ("A massive dust storm moved through the Phoenix area on Friday evening, knocking "
            "out power to thousands.") in texts
    assert ("Flights bound for Phoenix were diverted as the dust storm hit the valley on "
            "Friday.") in texts


def test_duc_quote_marks_are_shown_as_curly_quotes() -> None:
    text = "``We will rebuild the bridge within two years,'' the mayor told the council today."
    [s] = segment(docs(text))
    assert s.text == ("“We will rebuild the bridge within two years,” the mayor told the council "
                      "today.")
    # some DUC articles open a quotation with '' too: it is shown as an opening mark
    text = "The mayor said the plan was ''a disgrace to the city,'' and left the meeting early."
    [s] = segment(docs(text))
    assert s.text == ("The mayor said the plan was “a disgrace to the city,” and left the "
                      "meeting early.")


def test_the_main_event_comes_first() -> None:
    texts = (
        "The FBI took over the investigation into the crash on Wednesday morning. "
        "Investigators recovered the flight data recorder from the wreckage on Thursday.",
        "A passenger plane crashed into the sea off the coast on Tuesday night, killing all on "
        "board. Rescue boats searched the water for survivors until dawn on Wednesday.",
        "A passenger plane crashed into the sea off the coast on Tuesday night, killing all on "
        "board. Relatives gathered at the airport waiting for news of the passengers.",
    )
    digest = summarizer().digest(docs(*texts), budget=Budget("sentences", 3))
    first = digest.sentences[0]
    assert "crashed" in first.text and first.citations == (2, 3)
    assert any("FBI" in s.text for s in digest.sentences[1:]) or len(digest.sentences) < 3


# --- found in review: what an adversarial or ordinary article must not do ------------------


def test_furniture_and_quotation_patterns_do_not_backtrack_on_long_lines() -> None:
    slug = "(" + "1" * 5000
    assert cut_furniture(slug + " More text follows here.", opens_line=True).startswith("(1")
    from summarize.segment.furniture import furniture_kinds

    for long in ("— " + "a " * 5000 + "( @b ) may 1, 2015 ok.", "[ see photos " + "x " * 5000,
                 "play facebook twitter embed " + "1: " * 5000, "this " * 5000 + "photo",
                 "( " + "a " * 5000 + "photo", "feel free to " + "a " * 5000):
        assert cut_furniture(long + " More text.", opens_line=True, cased=False).endswith("text.")
        assert isinstance(furniture_kinds(long), list)
    from summarize.speech import needs_speaker

    assert needs_speaker("The mayor said that " + "“-" * 20000 + " the plan would work.") in (
        True, False)


def test_a_quotation_left_open_at_a_paragraph_end_is_not_carried_on() -> None:
    text = ("The storm hit the coast on Monday night, officials said.\n\n"
            "“We will rebuild every single home in this town. We will not rest until it is "
            "done.\n\n“The storm was the worst in decades,” Mayor Ann Smith said on Tuesday.\n\n"
            "The storm destroyed 200 homes along the coast, officials said on Tuesday.")
    sentences = segment(docs(text))
    storm = next(s for s in sentences if s.text.startswith("The storm destroyed"))
    assert not storm.inside_quote


def test_a_cased_article_keeps_its_words_after_a_leading_so_or_still() -> None:
    text = ("Police in the city of Lyon said on Monday they had arrested three men.\n\n"
            "So far no one has been charged in the case of the missing paintings.\n\n"
            "The money — about half of the total — was never found by the police.")
    sentences = [s.text for s in segment(docs(text))]
    assert "So far no one has been charged in the case of the missing paintings." in sentences
    assert "The money — about half of the total — was never found by the police." in sentences


def test_a_date_is_no_figure_of_another_report() -> None:
    from summarize.figures import Figure, figures

    assert figures("On March 3, 2024 a fire in the old market killed at least 25 people.") == (
        Figure("dead", "25", "at least 25"),)
    assert figures("It cost 1,200,000 euros, the mayor said.") == (
        Figure("money", "1200000", "1,200,000"),)


def test_a_pronoun_never_comes_before_the_one_it_means() -> None:
    texts = (
        "Mayor John Smith unveiled the new tax plan at the town hall on Monday morning. "
        "The NATO summit plan was approved after long talks, officials said. "
        '"We will cut taxes for every family in this town," he said.',
        "The NATO summit plan was approved after long talks, officials said. "
        "Unions said they would study the tax plan closely before they decide.",
    )
    for n in range(2, 6):
        digest = summarizer().digest(docs(*texts), sentences=n)
        lines = [s.text for s in digest.sentences]
        for k, line in enumerate(lines):
            if line.startswith('"We will cut taxes'):
                assert k > 0 and "officials said" in lines[k - 1] or "Smith" in lines[k - 1]
                assert any("Mayor John Smith" in x for x in lines[:k])


def test_articles_whose_every_sentence_leans_on_another_say_so() -> None:
    from summarize import InputError

    with pytest.raises(InputError, match="no sentence of the articles reads alone"):
        summarizer().digest(docs("He said the storm damaged many homes in the town on Monday.\n"
                                 "It was the worst storm to hit the region in decades."))
