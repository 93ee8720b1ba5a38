"""Every voice named (issue 26): a first-person line outside quotation marks reaches a digest
only with the line that says whose voice it is; the article's author and glued page titles
never do. Hand-made clusters, the hashing encoder; the measure on the same lines."""

from __future__ import annotations

from summarize import Budget, HashingEncoder, Summarizer
from summarize.evaluation.quality import ClusterText, assess, unnamed_voice, voice
from summarize.reading import first_person, glued_title, introduces, needs_previous, resolves
from summarize.segment import segment, split_sentences
from summarize.select import SelectOptions
from summarize.speech import bare_speaker

from .conftest import docs

#: a celebrity's post that the article reproduces as a block, introduced on its own line
POST = (
    "Comedian Pete Davidson opened up about his recovery in a long post on Instagram on "
    "Tuesday night, writing:\n"
    "I quit drugs and am happy and sober for the first time in eight years.\n"
    "We are a family and I appreciate all your love and support through this hard time.\n"
    "Davidson has been open about his struggles with addiction and his mental health.")
#: an organisation's statement, introduced in the same line
STATEMENT = (
    "The shooting at the warehouse in Aberdeen left three workers dead on Thursday morning. "
    "The company said in a statement on Thursday: We are closely monitoring the horrific "
    "shooting in Aberdeen and our thoughts are with the victims. "
    "Our teams are working with the sheriff's office to support every family affected.")
#: a first-person column: the author's voice, which is not the news
COLUMN = (
    "Microsoft showed its new Kinect motion controller to reporters in Los Angeles on Sunday. "
    "My takeaway from Sunday night is that Microsoft definitely thinks it has a game-changer "
    "with Kinect. "
    "I have played with many motion controllers over the years and rarely enjoyed one.\n"
    "Hiking the PCT: 2016 I set out in April on a six-month trek from Mexico to Canada.")


def summarizer(**select: object) -> Summarizer:
    return Summarizer(encoder=HashingEncoder(), threshold=0.5,
                      select_options=SelectOptions(**select))  # type: ignore[arg-type]


def all_texts(*articles: str, n: int = 8) -> list[str]:
    digest = summarizer().digest(docs(*articles), budget=Budget("sentences", n))
    return [s.text for s in digest.sentences]


def test_first_person_outside_quotation_marks_needs_whose_voice_it_is() -> None:
    for text in ("I quit drugs and am happy and sober for the first time in eight years.",
                 "We are closely monitoring the horrific shooting in Aberdeen.",
                 "My takeaway from Sunday night is that Microsoft thinks it has a game-changer.",
                 "Hiking the PCT: 2016 I set out in April on a six-month trek."):
        assert first_person(text) and needs_previous(text), text
    for text in ("“I quit drugs,” Davidson wrote on Instagram on Tuesday night.",
                 "Davidson wrote on Instagram: I quit drugs and am happy and sober.",
                 "Imagine a bridge that carries twenty thousand cars a day."):
        assert not first_person(text), text
    assert glued_title("Hiking the PCT: 2016 I set out in April on a six-month trek.")
    assert not glued_title("Davidson wrote on Instagram: I quit drugs and am happy.")
    assert introduces("The company said in a statement on Thursday: We are monitoring it.")
    assert not introduces("The company said on Thursday that it was monitoring the shooting.")


def test_a_post_quoted_as_a_block_is_read_with_whose_post_it_is() -> None:
    texts = [s.text for s in segment(docs(POST))]
    joined = next(t for t in texts if t.startswith("Comedian Pete Davidson"))
    # the introducing line and the post's first line are one candidate: a span of the article
    assert joined.endswith("writing: I quit drugs and am happy and sober for the first time "
                           "in eight years.")
    assert not any(t.startswith("I quit") for t in texts)
    # the article's sentences as every other reader (the measures, the baselines) sees them
    assert "I quit drugs and am happy and sober for the first time in eight years." \
        in split_sentences(POST)
    out = all_texts(POST)
    if any(t.startswith("We are a family") for t in out):
        k = next(k for k, t in enumerate(out) if t.startswith("We are a family"))
        assert out[k - 1] == joined
    analysis = summarizer().analyze(docs(POST))
    we = next(i for i, s in enumerate(analysis.sentences) if s.text.startswith("We are"))
    assert [analysis.sentences[k].text for k in analysis.context[we]] == [joined]


def test_a_statement_is_taken_only_after_the_line_that_introduces_it() -> None:
    analysis = summarizer().analyze(docs(STATEMENT))
    texts = [s.text for s in analysis.sentences]
    ours = next(i for i, t in enumerate(texts) if t.startswith("Our teams"))
    assert [texts[k][:15] for k in analysis.context[ours]] == ["The company sai"]
    for n in (1, 2, 3):
        out = all_texts(STATEMENT, n=n)
        for k, t in enumerate(out):
            if t.startswith("Our teams"):
                assert k > 0 and out[k - 1].startswith("The company said in a statement")
    # without the introducing line, the statement's voice is nobody's: passed over
    bare = STATEMENT.replace("The company said in a statement on Thursday: We", "We")
    assert not any(first_person(t) for t in all_texts(bare))


def test_the_authors_own_voice_and_a_glued_title_are_passed_over() -> None:
    out = all_texts(COLUMN, STATEMENT, n=10)
    assert out and not any(t.startswith(("My takeaway", "I have played", "Hiking")) for t in out)
    # without the stand-alone rule they would be taken
    loose = summarizer(stand_alone=False).digest(docs(COLUMN), budget=Budget("sentences", 10))
    assert any(s.text.startswith("My takeaway") for s in loose.sentences)


def test_the_measure_counts_a_first_person_line_whose_voice_is_not_named() -> None:
    articles = [split_sentences(t) for t in (POST, STATEMENT, COLUMN)]
    ct = ClusterText(articles)
    intro, post, family = articles[0][:3]
    assert voice(post) == "opens" and voice("Hiking the PCT: 2016 I set out.") == "title"
    assert voice("“I quit,” he said.") == ""
    # a quotation after a colon is a quotation, not a title's first person
    assert voice('The embarrassing sentence is: " i wonder whether i need to.', False) == ""
    # introduced by the line before it, then a line of the same passage: named
    assert unnamed_voice([intro, post, family], ct) == [False, False, False]
    # the post without its introduction, or after a line it does not follow
    assert unnamed_voice([post, family], ct) == [True, True]
    assert unnamed_voice([articles[1][0], post], ct) == [False, True]
    column = articles[2]
    counts = assess([column[0], column[1], column[3]], ct)
    assert counts.first_person == 2 and counts.sentences == 3


#: a speaker named, then "She added:" opening a quotation, then the quotation's next line,
#: which the article leaves outside quotation marks
ADDED = (
    "Corinne Remande, who was hit by a wayward tee shot at the golf tournament, said she would "
    "take legal action to cover her medical bills. "
    'She added: "It happened so fast, I didn\'t feel any pain when I was hit." '
    "I didn't feel like the ball had struck my eye and then I felt the blood start to pour. "
    "The scan on Friday confirmed a fracture of the right eye socket.")


def test_a_pronoun_that_introduces_an_i_line_names_its_voice_only_after_a_name() -> None:
    named, added, line, scan = split_sentences(ADDED)
    ct = ClusterText([split_sentences(ADDED)])
    # the reader learns whose voice it is: Remande, she, I (rule and measure agree)
    assert unnamed_voice([named, added, line], ct) == [False, False, False]
    analysis = summarizer().analyze(docs(ADDED))
    texts = [s.text for s in analysis.sentences]
    i = texts.index(line)
    assert [texts[k] for k in analysis.context[i]] == [named, added]
    # a bare "she" with nobody named before: not a named voice, for either
    assert unnamed_voice([added, line], ct) == [False, True]
    assert unnamed_voice([scan, added, line], ct)[2]
    assert bare_speaker(added) and not resolves(scan, added)
    unnamed = ADDED.replace("Corinne Remande, who was hit by a wayward tee shot at the golf "
                            "tournament,", "A spectator who was hit by a wayward tee shot")
    analysis = summarizer().analyze(docs(unnamed))
    texts = [s.text for s in analysis.sentences]
    assert analysis.context[texts.index(line)] is None
