"""The method registry: a contract every method keeps, and what each one promises."""

import pytest

from summarize import Budget, Cluster, HashingEncoder, Summarizer
from summarize.evaluation.methods import METHODS, get_method, run_method
from summarize.evaluation.methods.base import Inputs, MethodOptions
from summarize.evaluation.methods.oracle import GreedyOracle, _OracleState, _RefCounts
from summarize.evaluation.methods.ours import ABLATIONS
from summarize.evaluation.methods.sumy import SUMY_METHODS
from summarize.evaluation.rouge import RougeScorer, truncate
from summarize.text import words

from ..conftest import STORY, docs

REFERENCES = (
    "The council approved the harbour bridge on Monday by seven votes to two. "
    "Work starts next spring.",
    "A new harbour bridge was approved. Shop owners fear traffic; the mayor is pleased.",
)
BUDGETS = [Budget("words", 30), Budget("bytes", 150), Budget("words", 12)]


def cluster() -> Cluster:
    return Cluster(documents=tuple(docs(*STORY)), id="story", summaries=REFERENCES,
                   query="What do shop owners and environmental groups think?")


def inputs(c: Cluster | None = None) -> Inputs:
    return Inputs(c or cluster(), Summarizer(encoder=HashingEncoder(), threshold=0.5))


def _norm(text: str) -> str:
    return " ".join(text.split())


def _words_of(part: str, whole: str) -> bool:
    """Whether ``part``'s words are ``whole``'s with some left out, in their order."""
    rest = iter(words(whole))
    return all(w in rest for w in words(part))


def test_the_registry_names_every_method():
    assert set(METHODS) == {"ours", "ours-query", "lead", "random", "centroid", "oracle",
                            "icsi", "submodular", "klsum-greedy", *SUMY_METHODS, *ABLATIONS}
    assert set(ABLATIONS) == {"ours-no-concepts", "ours-with-support", "ours-no-centrality",
                              "ours-no-grouping", "ours-lead-prior", "ours-no-salience",
                              "ours-unit-bar", "ours-no-stand-alone", "ours-no-fact-check"}
    assert set(SUMY_METHODS) == {"lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic",
                                 "reduction"}
    with pytest.raises(ValueError, match="unknown method 'nope'"):
        get_method("nope")
    with pytest.raises(ValueError, match="measure"):
        MethodOptions(measure="precision")
    oracle = get_method("oracle")
    assert oracle.reads_references and "upper bound" in oracle.label
    assert not any(get_method(n).reads_references for n in METHODS if n != "oracle")


@pytest.mark.parametrize("budget", BUDGETS, ids=lambda b: b.describe())
@pytest.mark.parametrize("name", list(METHODS))
def test_method_contract(name, budget):
    c = cluster()
    method = get_method(name)
    out = method(inputs(c), budget)
    assert out, f"{name} selected nothing"
    # verbatim: every sentence is a piece of one article (white space aside), none twice; a
    # method that edits (ICSI's cleaner) only leaves words of one article's sentence out
    articles = [_norm(d.text) for d in c.documents]
    sources = [s for article in inputs(c).article_sentences for s in article]
    for sentence in out:
        assert isinstance(sentence, str) and sentence.strip()
        if method.edits:
            assert any(_words_of(sentence, s) for s in sources), sentence
        else:
            assert any(_norm(sentence) in a for a in articles), sentence
    assert len(set(out)) == len(out)
    # the budget: only the last sentence may run over it (and the cut removes the excess)
    costs = [budget.cost(s) for s in out]
    assert sum(costs[:-1]) < budget.capacity()
    cut = " ".join(truncate(out, budget))
    assert (len(cut.split()) if budget.kind == "words" else len(cut.encode())) <= budget.limit
    # deterministic: a fresh method on fresh inputs says the same
    assert get_method(name)(inputs(c), budget) == out


def test_lead_takes_the_first_sentence_of_each_article_in_turn():
    out = get_method("lead")(inputs(), Budget("words", 40))
    assert out[:3] == [
        "The city council approved the new harbour bridge on Monday evening.",
        "On Monday evening the city council approved the new harbour bridge.",
        "The new harbour bridge was approved by the city council on Monday evening.",
    ]
    assert out[3] == "The vote was seven to two after a long debate."


def test_random_depends_on_the_seed_and_the_cluster_only():
    budget = Budget("words", 25)
    runs = {
        seed: tuple(get_method("random", MethodOptions(seed=seed))(inputs(), budget))
        for seed in range(6)
    }
    assert len(set(runs.values())) > 1
    assert runs[0] == tuple(get_method("random", MethodOptions(seed=0))(inputs(), budget))


def test_embeddings_are_made_once_per_cluster_and_shared():
    class Counting(HashingEncoder):
        calls = 0

        def encode(self, texts):
            Counting.calls += 1
            return super().encode(texts)

    shared = Inputs(cluster(), Summarizer(encoder=Counting(), threshold=0.5))
    for name in ("ours", "centroid", "ours"):
        get_method(name)(shared, Budget("words", 30))
    assert Counting.calls == 1
    assert set(shared.seconds) == {"analysis", "shortlisted for 30 words"}  # ours narrows it


def test_sumy_parse_is_shared_and_accounted():
    shared = inputs()
    for name in SUMY_METHODS:
        shared.reset_used()
        get_method(name)(shared, Budget("words", 30))
        assert shared.used == {"sumy"}
    assert set(shared.seconds) == {"sumy"}


def test_budgeted_kl_picks_what_sumy_kl_picks_first():
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.utils import get_stop_words

    shared = inputs()
    full = KLSummarizer(Stemmer("english"))
    full.stop_words = get_stop_words("english")
    budget = Budget("words", 30)
    ours_kl = get_method("kl")(shared, budget)
    plain = [str(s) for s in full(shared.sumy_document, len(ours_kl))]
    assert ours_kl == plain


@pytest.mark.parametrize("measure", ["f1", "recall"])
def test_oracle_state_computes_what_rouge_score_computes(measure):
    scorer = RougeScorer()
    refs = [scorer.tokenizer.tokenize(r.lower()) for r in REFERENCES]
    state = _OracleState([_RefCounts(r) for r in refs], measure)
    summary = list(STORY[:2])
    for text in summary:
        state.add(scorer.tokenizer.tokenize(text.lower()))
    expected = scorer.score(summary, scorer.prepare(REFERENCES))
    want = expected["rouge1"].get(measure) + expected["rouge2"].get(measure)
    assert state.score == pytest.approx(want)


def test_oracle_beats_lead_and_reads_the_references():
    c = cluster()
    scorer = RougeScorer()
    refs = scorer.prepare(REFERENCES)
    budget = Budget("words", 30)

    def r12(out):
        s = scorer.score(truncate(out, budget), refs)
        return s["rouge1"].recall + s["rouge2"].recall

    oracle = GreedyOracle(MethodOptions(measure="recall"))(inputs(c), budget)
    lead = get_method("lead")(inputs(c), budget)
    assert r12(oracle) >= r12(lead)
    unrelated = Cluster(documents=c.documents, id="x", summaries=("Zebras graze quietly.",))
    assert GreedyOracle(MethodOptions())(inputs(unrelated), budget) == []


def test_run_method_is_one_call():
    out = run_method("lead", cluster(), Budget("words", 12),
                     summarizer=Summarizer(encoder=HashingEncoder()))
    assert out == ["The city council approved the new harbour bridge on Monday evening.",
                   "On Monday evening the city council approved the new harbour bridge."]
