"""The reader-quality measures (summarize.evaluation.quality) on hand-made clusters, and how the
harness stores, recomputes and reports them."""

from __future__ import annotations

import json

import pytest

from summarize import Budget, Cluster, HashingEncoder, Summarizer
from summarize.evaluation.methods.base import Cited, MethodOutput
from summarize.evaluation.quality import (
    ClusterText,
    assess,
    furniture,
    repeated_pairs,
    speakerless,
    supports,
    unresolved,
    unsupported,
)
from summarize.evaluation.quality.reading import speakers
from summarize.evaluation.report import aggregate, render_table
from summarize.evaluation.runner import InstanceStore, measured, run
from summarize.evaluation.settings import INSTANCES, Settings
from summarize.facts import overlap
from summarize.text import content_stems

from ..conftest import STORY, docs

# --- unresolved references -------------------------------------------------------------------

MARKET = [
    "Fire chief Wang Lei inspected the Dongcheng market on Monday.",
    "He said the building had no working alarms.",
    "But the city has promised new inspections of every market.",
    "This decision angered the traders who work there.",
    "Such fires are common in the old markets of the capital.",
    '"We will rebuild the market within a year," he said.',
    "It is not clear when the market will reopen.",
]
OTHER = [
    "Mayor Anna Berg visited the district on Tuesday.",
    "Residents of the Xicheng district held a vigil for the victims.",
    "The decision to close the market was taken by the district council.",
    "Officials said that several fires had broken out in the capital this winter.",
]
CT = ClusterText([MARKET, OTHER])


def kinds(summary: list[str], ct: ClusterText = CT) -> list[list[str]]:
    return unresolved(summary, ct)


def test_the_cluster_is_read_as_cased():
    assert CT.cased
    assert CT.locate(MARKET[1]) == [(0, 1, 1)]
    assert CT.locate("he said the building had NO working alarms") == [(0, 1, 1)]


def test_a_pronoun_needs_its_antecedent_right_before():
    assert kinds([MARKET[0], MARKET[1]]) == [[], []]  # the article's own sentence before
    assert kinds([OTHER[1], MARKET[1]]) == [[], ["pronoun"]]  # no name shared
    assert kinds([MARKET[1]]) == [["pronoun"]]  # nothing before
    # the line before names whom the article's previous sentence names
    assert kinds(["Wang Lei is the city's fire chief.", MARKET[1]]) == [[], []]
    # a name, but not the one the pronoun leans on
    assert kinds([OTHER[0], MARKET[1]]) == [[], ["pronoun"]]


def test_expletive_it_is_not_a_reference():
    assert kinds([OTHER[1], MARKET[6]]) == [[], []]
    assert kinds([OTHER[1], "It collapsed within minutes."]) == [[], ["pronoun"]]
    assert kinds([OTHER[1], "It's a safe bet they will rebuild."]) == [[], ["pronoun"]]
    assert kinds([OTHER[1], "It's not clear who started it."]) == [[], []]
    assert kinds([OTHER[1], "Then-Mayor Li opened the market in 1990."]) == [[], []]


def test_connective_demonstrative_and_such():
    assert kinds([OTHER[1], MARKET[2]]) == [[], ["connective"]]
    assert kinds([MARKET[1], MARKET[2]]) == [["pronoun"], []]
    # a demonstrative + noun is resolved by a line before that names the noun
    assert kinds([OTHER[1], MARKET[3]]) == [[], ["demonstrative"]]
    assert kinds([OTHER[2], MARKET[3]]) == [[], []]
    assert kinds([OTHER[1], "This week the market stayed closed."]) == [[], []]
    assert kinds([OTHER[1], MARKET[4]]) == [[], ["such"]]
    assert kinds([OTHER[3], MARKET[4]]) == [[], []]  # "several fires had broken out"
    assert kinds([OTHER[1], "So far nobody has been charged."]) == [[], []]


def test_a_quote_given_to_a_bare_he_said():
    assert kinds([OTHER[1], MARKET[5]]) == [[], ["bare said"]]
    assert kinds([MARKET[4], MARKET[5]]) == [["such"], []]  # the article's sentence before
    assert kinds(["Wang Lei spoke to reporters on Monday.", MARKET[5]]) == [[], []]
    assert kinds(["Mr. Wang spoke to reporters.", MARKET[5]]) == [[], []]
    assert kinds([OTHER[1], MARKET[5]]) == [[], ["bare said"]]  # a place is not a speaker
    named = '"We will rebuild the market within a year," Wang said.'
    assert kinds([OTHER[1], named]) == [[], []]


def test_a_lower_cased_corpus_shares_content_words_instead_of_names():
    article = ["fire chief wang lei inspected the dongcheng market on monday.",
               "he said the building had no working alarms."]
    ct = ClusterText([article, ["residents held a vigil for the victims on tuesday."]])
    assert not ct.cased
    assert kinds(["the vigil was held on tuesday.", article[1]], ct) == [[], ["pronoun"]]
    assert kinds(["wang lei visited the dongcheng market.", article[1]], ct) == [[], []]


# --- speakerless quotes ----------------------------------------------------------------------

SADLY = "\u201cSadly, a victory by the Syrian opposition cannot be ruled out.\u201d"
SYRIA = [
    "Deputy Foreign Minister Mikhail Bogdanov said the regime was losing control.",
    SADLY,
    "The film \u201cStar Wars\u201d opened on Friday.",
    "\u201cThe regime is losing control of more and more territory,\u201d Bogdanov told "
    "the Public Chamber.",
]


def test_a_quotation_needs_a_speaker():
    ct = ClusterText([SYRIA, OTHER])
    assert speakerless([OTHER[1], SADLY], ct) == [False, True]
    assert speakerless([SYRIA[0], SADLY], ct) == [False, False]  # "Bogdanov said" before
    assert speakerless([SADLY[:-2] + ",\u201d Bogdanov said."], ct) == [False]
    assert speakerless([SYRIA[3]], ct) == [False]  # "Bogdanov told"
    assert speakerless([SYRIA[2]], ct) == [False]  # a title, not a quotation
    # a possessive before the name still names the speaker; a contracted pronoun does not
    assert speakerless([SADLY[:-2] + ",\u201d said Moscow's Bogdanov."], ct) == [False]
    assert speakers(SADLY[:-2] + ",\u201d he's said.") == ["pronoun"]


def test_the_rest_of_a_quotation_open_before_the_sentence():
    # as another splitter cuts them (ours keeps a quotation of a few sentences whole)
    first = ['"We must act now," Smith said.', '"The regime is losing ground fast.',
             'The war may end soon," he added.']
    second = ['Smith spoke on Monday.', 'He said: "Talks are over.', 'Nothing will change here.',
              'We leave now."']
    ct = ClusterText([first, second, OTHER])
    # a quotation opened and never closed in the sentence: its speaker is in none
    assert speakerless([OTHER[1], first[1]], ct) == [False, True]
    assert speakerless([first[0], first[1]], ct) == [False, False]  # "Smith said" before
    # the closing half: "he added" attributes it (to a bare pronoun)
    assert ct.inside_quote(first[2])
    assert speakerless([OTHER[1], first[2]], ct) == [False, False]
    assert kinds([OTHER[1], first[2]], ct) == [[], ["bare said"]]
    assert kinds([first[1], first[2]], ct) == [[], []]
    # the middle of a quotation holds no quote mark at all
    assert ct.inside_quote(second[2]) and not ct.inside_quote(OTHER[1])
    assert speakerless([OTHER[1], second[2]], ct) == [False, True]
    assert speakerless([second[1], second[2]], ct) == [False, False]


# --- furniture -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, kind", [
    ("BEIJING (AP) _ A fire killed 12 people.", "dateline"),
    ("WASHINGTON, November 16 (Xinhua) -- The FBI took over.", "dateline"),
    ("LONDON (Reuters) - Shares fell.", "dateline"),
    ("washington ( ap ) \u2014 the senate voted.", "dateline"),
    ("(CNN) Debris was found.", "dateline"),
    ("WASHINGTON _ Investigators pored over the recorder.", "dateline"),
    ("Photographer: Luke Sharrett/Bloomberg The economy grew.", "caption"),
    ("(Photo: Jane Doe) The lights were damaged.", "caption"),
    ("Kelly Clarkson Getty Images The singer is worth $29 million.", "caption"),
    ("A man walks by (AP Photo/Ng Han Guan) in Beijing.", "caption"),
    ("Advertisement The survey found 579 species.", "ad"),
    ("Take our poll: should he resign?", "ad"),
    ("Buzz60 Officers closed the park.", "ad"),
    ("updated nov. 29, 2018, 1: 52 am gmt by phil mccausland for weeks, veterans waited.",
     "timestamp"),
    ('The video is authentic, officials said. "', "stray quote"),
    ("``We will win,'' he said.", "backticks"),
    ("You always have the option to delete your tweet location history.", "page"),
    ("Breaking news emails get breaking news alerts and special reports.", "page"),
    ("The news and stories that matter, delivered weekday mornings.", "page"),
    ("Dow jones reprints: this copy is for your personal, non-commercial use only.", "page"),
    ("Crawls of supported \" no more 404 \" sites.", "page"),
    ("This one, the seed list was built from all 865 collections.", "page"),
    ("It has been several years since the last time we did this.", "page"),
    ("Rating is available when the video has been rented.", "page"),
    ("Add hurricane harvey as an interest to stay up to date on the latest news from abc news.",
     "page"),
    # a web page's own lines, and its furniture opening a line
    ("Go to the legal help page to request content changes for legal reasons.", "page"),
    ("To inquire about a licence to reproduce material, visit our syndication site.", "page"),
    ("Feel free to weigh-in yourself, via the comments section.", "page"),
    ("while you're here, why don't you sign up to.", "page"),
    ("For this reason, some items on this page will be unavailable.", "page"),
    ("View other minnesota election results on our full minnesota results page.", "page"),
    ("Check out cnn.com's afghanistan crossroads blog for the latest developments.", "page"),
    ("Aaron young / the register warning: some readers may find the photos disturbing.", "page"),
    ("Join us on facebook like us and you ' ll find top breaking news in your newsfeed.", "page"),
    ("you ' ll also find behind the scenes videos and other great web exclusives.", "page"),
    ("Story continued below he tweeted the font out monday.", "page"),
    ("Play facebook twitter embed dust storm forms over phoenix 2: 23 a dust storm hit.", "page"),
    ("Please enable javascript to watch this video a woman is seeking justice.", "page"),
    ("Media playback is unsupported on your device media caption the mayor spoke.", "page"),
    ("— donald j. Trump ( @realdonaldtrump ) april 2, 2018 we addressed the closings.", "page"),
    ("Pic.twitter.com/sroigwdgr6 — rick wolff ( @rickwolff ) april 14, 2015 hillvetica is bold.",
     "page"),
    ("Bad sex award 2016: the contenders in quotes read more de luca's win was announced.",
     "page"),
    ("Read more: desperate venezuelans pour into colombia.", "page"),
    ("Related coverage austin kidnapping suspect arrested in kansas.", "page"),
    ("Premium content for only $ 0.99 for the most comprehensive local coverage, subscribe today.",
     "page"),
    ("Home > video > most popular marine's wife disappears on her way to the park.", "page"),
    # captions: a photo desk's templates, players' and galleries' markers, credits
    ("This undated photo provided by the u.s. Department of defense shows army pvt.", "caption"),
    ("Bacon is fried up in a pan in this photo illustration in golden, colorado, 2015.",
     "caption"),
    ("Snow aubel's dogs, cheyenne and yepa, in a photo taken by the sheriff's office on june 21.",
     "caption"),
    ("This image made from amateur video released by shaam news network shows a child.",
     "caption"),
    ("North koreans perform in pyongyang in this picture released august 2, 2011 by kcna.",
     "caption"),
    ("Media caption how kate spade shaped the catwalk the council paid tribute to her.",
     "caption"),
    ("Vatican says enlarge this image toggle caption gregorio borgia/ap the vatican said.",
     "caption"),
    ("Buy photo one of the rescued dogs receives oxygen at the scene.", "caption"),
    ("Kevin mazur/wireimage the singer revealed that he was expecting his third child.",
     "caption"),
    ("Image the tibia and fibula were attached to the left foot found by mr. Johns.", "caption"),
])
def test_each_kind_of_furniture(text, kind):
    assert kind in furniture(text)


def test_furniture_read_in_context():
    text = "Houston - for decades, united airlines has boasted of its service."
    assert furniture(text, cased=False) == ["dateline"]  # only in a lower-cased corpus
    assert furniture(text, cased=True) == []
    assert furniture("The doc -- a waiver -- warns guests.", cased=False) == []
    # the closing mark of a quotation open before the sentence is not stray
    assert furniture('kids love that combination. "', inside=True) == []
    assert furniture('kids love that combination. "', inside=False) == ["stray quote"]


@pytest.mark.parametrize("text", [
    "The advertisement ran on television for a week.",
    "He updated his profile on Tuesday.",
    'He said "we will win the war soon."',
    "The photo was taken in 1990 by a tourist.",
    "Polls show a close race in Quebec.",
    # near the words of a web page's furniture, and news
    "Traffic on the bridge slowed to a crawl after the crash.",
    "The museum said this collection of letters would be shared with scholars.",
    "The senator said on Twitter that she would vote against the bill.",
    "The newspaper's digital subscriptions grew by a third last year.",
    "Police said the location of the suspect was not known.",
    # near the words of a page's furniture and of a caption, and news
    "Lavoy finicum posted a video of himself inside a government building.",
    "A court sentenced an activist to a year in prison for ripping up a photo of the king.",
    "She shared two new photos of the siblings on Facebook on Saturday.",
    "In a video posted on Saturday, the singer covers a pop hit to promote self-checks.",
    "Drudge linked to the story by breaking out a photo illustration of the secretary.",
    "Police released a photo of a man taken on the trail around the time the girls walked.",
    "Some readers may find the new rules confusing, the editor said.",
    "Related to biological evolution is the concept that the universe began with a big bang.",
    "To read more about alternative therapies, patients can ask their doctors.",
    "Close to 10 a.m., the ship pulled up anchor and began its journey.",
    "Image is everything in politics, the consultant said.",
    "The site of the crash was closed to the public on Monday, police said.",
    "The president's image suffered after the recall, analysts said.",
])
def test_ordinary_sentences_hold_no_furniture(text):
    assert furniture(text) == []


# --- repeated facts --------------------------------------------------------------------------

TERMINAL_A = ("The new terminal will cost 48 million euros and is expected to open in the "
              "spring of 2027.")
TERMINAL_B = "Costing 48 million euros, the terminal should open in spring 2027."
BOGDANOV_A = ("Russian envoy Mikhail Bogdanov said on December 13 that Assad was losing "
              "control of the country.")
BOGDANOV_B = ("Speaking in Moscow on December 13, Bogdanov warned that rebels could win the "
              "war against Assad.")


def test_a_paraphrased_fact_is_a_repeated_pair():
    ct = ClusterText([[TERMINAL_A, BOGDANOV_A], [TERMINAL_B, BOGDANOV_B, OTHER[0]]])
    assert ct.cased
    assert repeated_pairs([TERMINAL_A, OTHER[0], TERMINAL_B], ct) == [(0, 2)]
    assert repeated_pairs([TERMINAL_A, OTHER[0], OTHER[1]], ct) == []  # different facts
    # less than half the words, but the same date and two names
    assert repeated_pairs([BOGDANOV_A, BOGDANOV_B], ct) == [(0, 1)]
    other_day = BOGDANOV_B.replace("13", "14")
    assert repeated_pairs([BOGDANOV_A, other_day], ct) == []
    one_name = "Speaking in Moscow on December 13, Bogdanov warned that rebels could win the war."
    assert repeated_pairs([BOGDANOV_A, one_name], ct) == []  # one name shared, not two
    assert repeated_pairs([MARKET[1], MARKET[1]], CT) == [(0, 1)]  # the same line twice


GEESE = "The geese will be processed and donated to the Maryland food bank on Friday."


@pytest.mark.parametrize("other, pair", [
    ("The animals will be processed and the meat donated to a food bank.", True),  # 4 of 6
    ("Volunteers processed heavy boxes of food for the bank.", True),  # 3 of 6: half
    ("Volunteers from the local church processed heavy boxes of food for the bank.",
     False),  # 3 of 7
    ("Food banks praised the gift.", False),  # 2 of 4: half, but two words only
])
def test_three_fact_words_and_half_the_shorter(other, pair):
    ct = ClusterText([[GEESE, other], MARKET, OTHER])
    assert repeated_pairs([GEESE, other], ct) == ([(0, 1)] if pair else [])


EMMYS = [
    "The primetime Emmy awards were handed out on Sunday in Los Angeles.",
    "Breaking Bad won the primetime Emmy award for best drama.",
    "The primetime Emmy awards telecast drew a small audience.",
    "Neil Patrick Harris hosted the Emmy awards for the fourth time.",
    "Viewers ask little of the primetime Emmy awards.",
    "Why was the primetime Emmy awards telecast such a bloated bore?",
]


def test_the_story_s_own_words_are_no_fact():
    ct = ClusterText([EMMYS, OTHER])
    assert {"emmi", "award", "primetim"} <= ct.topic and "telecast" not in ct.topic
    # three words and more than half in common, all of them the story's
    assert overlap(content_stems(EMMYS[4]), content_stems(EMMYS[5])) >= 0.5
    assert repeated_pairs([EMMYS[4], EMMYS[5]], ct) == []
    assert ClusterText([["a b c"], ["a b c"]]).topic == frozenset()  # fewer than three


# --- unsupported citations -------------------------------------------------------------------

FIRE = [
    ["A fire at a market killed 12 people on Tuesday night, the fire brigade said."],
    ["The fire killed 40 people on Tuesday night, the fire brigade said."],
    ["At least 25 people were killed in the market fire on Tuesday night."],
    ["Nearly a third of all kids ages 2 to 19 are overweight, officials found."],
]


def test_conflicting_figures_do_not_support_each_other():
    ct = ClusterText(FIRE)
    forty = FIRE[1][0]
    assert unsupported([forty], [(1, 2, 3)], ct) == [(0, 1), (0, 3)]
    twelve = "The market fire killed 12 people on Tuesday, firefighters said."
    assert unsupported([twelve], [(1,)], ct) == []  # paraphrased, the same figure
    assert not supports(ct, 4, forty)  # an article that says nothing of it
    assert not supports(ct, 9, forty)  # no such article
    quality = assess([forty, twelve], ct, [(1, 2, 3), (1, 4)])
    assert (quality.citations, quality.unsupported) == (5, 3)
    assert assess([forty], ct).unsupported is None  # a method that does not cite


def test_a_quotation_read_whole_is_supported_by_a_passage_of_as_many_sentences():
    quote = ('"We have plans for any occasion, including an evacuation of our citizens. The '
             'regime is losing control of more and more territory in the north," Bogdanov said.')
    told = ('Bogdanov spoke in Moscow on Thursday.', '"We have plans for every occasion, '
            'including the evacuation of citizens.', 'The Syrian regime is losing control over '
            'more territory in the north," the minister said.', 'Markets were calm on Friday.')
    half = ('Bogdanov spoke in Moscow on Thursday.', '"We have plans for any occasion," he said.',
            'Markets were calm on Friday and the rouble rose against the dollar.')
    ct = ClusterText([told, half])
    assert supports(ct, 1, quote)  # the two sentences of the first article, taken together
    assert not supports(ct, 2, quote)  # the second article says only half of it


# --- the harness -----------------------------------------------------------------------------


def test_method_results_are_read_alike_and_measured_as_cut():
    assert MethodOutput.of(["a", "b"]) == MethodOutput(("a", "b"), None)
    cited = Cited(["a", "b"], [(1,), (1, 2)])
    assert cited == ["a", "b"]  # still a list[str]
    assert MethodOutput.of(cited).citations == ((1,), (1, 2))
    with pytest.raises(ValueError, match="citation"):
        Cited(["a"], [])
    with pytest.raises(ValueError, match="citation"):
        MethodOutput(("a",), ())
    # what the measures read: what the cut keeps (at least a word of), whole
    out = ["one two three", "", "four five six", "seven eight"]
    assert measured(out, [(1,), (), (2,), (3,)], Budget("words", 4)) == (
        ["one two three", "four five six"], [(1,), (2,)])
    assert measured(out, None, Budget("words", 3)) == (["one two three"], None)


def clusters() -> list[Cluster]:
    texts = docs(*STORY[:2], f"{STORY[2]} {MARKET[1]} {OTHER[1]}")
    return [Cluster(tuple(texts), id=f"c{i}", summaries=(STORY[0],)) for i in range(2)]


def settings(methods: tuple[str, ...]) -> Settings:
    return Settings(data="x.jsonl", clusters=2, budget=Budget("words", 40), encoder="hash",
                    resamples=100, permutations=100, methods=methods)


def test_the_runner_stores_and_the_report_shows_the_rates(tmp_path):
    summarizer = Summarizer(encoder=HashingEncoder())
    chosen = settings(("ours", "lead"))
    instances = run(clusters(), chosen, summarizer=summarizer, out_dir=tmp_path,
                    progress=False)
    by = {r["method"]: r for r in instances}
    assert len(by["ours"]["citations"]) == len(by["ours"]["output"]) > 0
    assert "citations" not in by["lead"] and by["lead"]["quality"]["citations"] is None
    assert by["ours"]["quality"]["citations"] is not None
    assert all("quality" in r for r in InstanceStore(tmp_path / INSTANCES).load())
    results = {r.name: r for r in aggregate(instances, chosen)}
    ours, lead = results["ours"].quality, results["lead"].quality
    assert ours is not None and lead is not None and lead["summaries"] == 2
    assert ours["unsupported"] is not None and ours["citations"] > 0
    assert lead["unsupported"] is None and lead["citations"] is None
    table = render_table(list(results.values()), chosen)
    rows = {line.split(" | ")[0]: line for line in table.splitlines() if line.startswith("| ")}
    assert "unresolved refs %" in rows["| method"]
    assert rows["| lead"].rstrip(" |").endswith("–")  # lead does not cite
    assert not rows["| ours"].rstrip(" |").endswith("–")
    assert results["ours"].to_dict()["quality"]["sentences"] > 0


def test_old_instances_are_measured_again_or_shown_as_missing(tmp_path):
    summarizer = Summarizer(encoder=HashingEncoder())
    chosen = settings(("lead",))
    run(clusters(), chosen, summarizer=summarizer, out_dir=tmp_path, progress=False)
    path = tmp_path / INSTANCES
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    fresh = [r["quality"] for r in records]
    for r in records:  # as an instance saved before the measures existed
        del r["quality"]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    again = run(clusters(), chosen, summarizer=summarizer, out_dir=tmp_path, progress=False)
    assert [r["quality"] for r in again] == fresh
    # without its summary an instance has no counts: the table shows –
    bare = [{k: v for k, v in r.items() if k not in ("quality", "output")} for r in records]
    result = aggregate(bare, chosen)[0]
    assert result.quality is None
    assert render_table([result], chosen).splitlines()[-1].endswith("| – | – | – | – | – |")


def test_the_measure_keeps_its_own_narrower_openers():
    """The measure's pronouns and connectives are the pipeline's less a declared few (see the
    comment in quality/reading.py): a change to either list shows here."""
    from summarize import lexicon
    from summarize.evaluation.quality import reading

    assert lexicon.PRONOUNS - reading.PRONOUNS == {"hers", "theirs"}
    assert lexicon.CONNECTIVES - reading.CONNECTIVES == {
        "nonetheless", "otherwise", "likewise", "similarly"}
    assert reading.PRONOUNS <= lexicon.PRONOUNS and reading.CONNECTIVES <= lexicon.CONNECTIVES
    assert reading.DEMONSTRATIVES is lexicon.DEMONSTRATIVES
    # the difference is read: "Similarly, …" leans on the line before for the pipeline only
    from summarize.reading import needs_previous

    assert needs_previous("Similarly, the council voted against the plan on Monday.")
    assert kinds(["Similarly, the council voted against the plan on Monday."]) == [[]]
    assert kinds(["However, the council voted against the plan on Monday."]) != [[]]
