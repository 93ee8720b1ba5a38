"""The learned salience prior: its features, its model file, where it applies, what it changes."""

from __future__ import annotations

import importlib.util
import json
import math

import numpy as np
import pytest

from summarize import Budget, HashingEncoder, Summarizer
from summarize.embed import reads_bundled_model
from summarize.embed.cache import CachedEncoder, EmbeddingCache
from summarize.embed.torch_backend import SentenceTransformerEncoder
from summarize.errors import UsageError
from summarize.group import GroupOptions, group
from summarize.segment import segment
from summarize.select import SelectOptions, select, sentence_scores
from summarize.select.salience import (
    FEATURES,
    SalienceModel,
    bundled_model,
    mean_ranks,
    model_inputs,
    salience,
    sentence_features,
)

from ..conftest import ROOT, SHARED_DATA, STORY, analysis_of, docs

MIN_DF = SelectOptions().min_df


def _train_module():
    spec = importlib.util.spec_from_file_location("train_salience",
                                                  ROOT / "eval" / "train_salience.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _analysed(texts, hashing):
    sentences = segment(docs(*texts))
    vectors = hashing.encode([s.text for s in sentences])
    return sentences, vectors, group(sentences, vectors, GroupOptions(threshold=0.5))


def test_features_describe_each_sentence(hashing):
    sentences, vectors, units = _analysed(STORY, hashing)
    f = sentence_features(analysis_of(sentences, vectors, units, 3), MIN_DF)
    assert f.shape == (len(sentences), len(FEATURES))
    col = {name: f[:, i] for i, name in enumerate(FEATURES)}
    text = [s.text for s in sentences]
    for i, s in enumerate(sentences):
        assert col["first"][i] == (s.rank == 0)
        assert col["inverse_rank"][i] == pytest.approx(1 / (1 + s.rank))
        assert col["article_position"][i] == pytest.approx(s.doc / 2)
        assert col["length"][i] == pytest.approx(len(s.text.split()) / 30)
        assert col["attribution"][i] == ("said" in s.text.split())
        assert col["log_articles"][i] == pytest.approx(math.log(3))
    bridge = text.index("The city council approved the new harbour bridge on Monday evening.")
    vote = text.index("The vote was seven to two after a long debate.")
    assert col["support"][bridge] == pytest.approx(1.0)  # all three articles report it
    assert col["support"][vote] < col["support"][bridge]
    assert col["word_share"][bridge] > col["word_share"][vote]
    assert col["concept_mass"][bridge] > col["concept_mass"][vote] == 0
    # alone, an article has no other articles to be close to
    one = segment(docs(STORY[0]))
    v1 = hashing.encode([s.text for s in one])
    f1 = sentence_features(analysis_of(one, v1, n_docs=1), MIN_DF)
    assert np.all(f1[:, FEATURES.index("other_articles")] == 0)
    assert np.all(f1[:, FEATURES.index("article_position")] == 0)


def _length_model(dim: int) -> SalienceModel:
    """A model that only reads the sentence length (longer = more salient)."""
    width = len(FEATURES) + dim
    weights = np.zeros(width)
    weights[FEATURES.index("length")] = 1.0
    return SalienceModel(mean=np.zeros(width), scale=np.ones(width), weights=weights,
                         intercept=0.0, dim=dim)


def test_salience_is_scaled_within_the_cluster_and_deterministic(hashing):
    sentences, vectors, units = _analysed(STORY, hashing)
    model = _length_model(hashing.dim)
    s = salience(analysis_of(sentences, vectors, units, 3), model)
    lengths = [len(x.text.split()) for x in sentences]
    assert s.min() == 0 and s.max() == 1 or len(set(lengths)) < len(lengths)
    for i in range(len(lengths)):  # ranked by length; equal lengths share their mean rank
        for j in range(len(lengths)):
            assert (s[i] > s[j]) == (lengths[i] > lengths[j])
            assert (s[i] == s[j]) == (lengths[i] == lengths[j])
    assert mean_ranks(np.array([3.0, 1.0, 2.0, 2.0, 5.0])).tolist() == [3, 0, 1.5, 1.5, 4]
    one = segment(docs("The council approved the new harbour bridge on Monday evening."))
    v1 = hashing.encode([x.text for x in one])
    assert salience(analysis_of(one, v1, n_docs=1), model).tolist() == [0.0]
    assert np.array_equal(s, salience(analysis_of(sentences, vectors, units, 3), model))
    with pytest.raises(UsageError, match="384-number embeddings, not 512"):
        salience(analysis_of(sentences, vectors, units, 3), _length_model(384))


def test_the_model_file_round_trips_and_refuses_other_features(hashing):
    sentences, vectors, units = _analysed(STORY, hashing)
    rng = np.random.default_rng(0)
    width = len(FEATURES) + hashing.dim
    model = SalienceModel(mean=rng.normal(size=width), scale=rng.uniform(1, 2, size=width),
                          weights=rng.normal(size=width), intercept=0.5, dim=hashing.dim)
    text = model.to_json(about="test")
    again = SalienceModel.from_json(text)
    x = model_inputs(analysis_of(sentences, vectors, units, 3), MIN_DF, first_layer=False)
    assert np.array_equal(model.predict(x), again.predict(x))
    raw = json.loads(text)
    with pytest.raises(ValueError, match="other features"):
        SalienceModel.from_json(json.dumps({**raw, "features": raw["features"][::-1]}))
    with pytest.raises(ValueError, match="do not match"):
        SalienceModel.from_json(json.dumps({**raw, "weights": raw["weights"][:-1]}))


def test_a_model_reading_first_layer_states_needs_them(hashing):
    sentences, vectors, units = _analysed(STORY, hashing)
    first = HashingEncoder(dim=hashing.dim, bigrams=False).encode([s.text for s in sentences])
    rng = np.random.default_rng(1)
    width = len(FEATURES) + 2 * hashing.dim
    model = SalienceModel(mean=rng.normal(size=width), scale=rng.uniform(1, 2, size=width),
                          weights=rng.normal(size=width), intercept=0.0, dim=hashing.dim,
                          first_dim=hashing.dim)
    again = SalienceModel.from_json(model.to_json())
    assert again.first_dim == hashing.dim
    with_first = analysis_of(sentences, vectors, units, 3, first_layer=first)
    x = model_inputs(with_first, MIN_DF)
    assert x.shape == (len(sentences), width)
    assert np.array_equal(x[:, -hashing.dim:], first)
    ranks = salience(with_first, model)
    assert ranks.tolist() == (mean_ranks(np.round(model.predict(x), 9))
                              / (len(sentences) - 1)).tolist()
    # the states move the prediction: a model reading them is not the embedding's alone
    other = analysis_of(sentences, vectors, units, 3, first_layer=vectors)
    assert not np.array_equal(ranks, salience(other, model))
    with pytest.raises(UsageError, match="first-layer states"):
        salience(analysis_of(sentences, vectors, units, 3), model)
    with pytest.raises(UsageError, match="first-layer states"):
        salience(analysis_of(sentences, vectors, units, 3, first_layer=first[:-1]), model)


def test_the_bundled_model_is_fitted_on_unseen_clusters_of_the_bundled_encoder():
    model = bundled_model()
    assert model.dim == model.first_dim == 384  # all-MiniLM-L6-v2: embedding, first layer
    assert np.all(np.isfinite(model.weights)) and np.all(model.scale > 0)
    from importlib.resources import files

    about = json.loads(files("summarize").joinpath("data/salience.json").read_text("utf-8"))
    # the first 500 Multi-News validation clusters, which the tables score, were held out
    assert about["trained_on"].startswith("multi_news_val_truncated.jsonl, clusters 501 to")


def test_only_the_bundled_models_vectors_get_the_prior(tmp_path):
    assert reads_bundled_model(SentenceTransformerEncoder())  # not loaded: no model needed
    assert not reads_bundled_model(SentenceTransformerEncoder("some/other-model"))
    assert not reads_bundled_model(HashingEncoder())
    cached = CachedEncoder(SentenceTransformerEncoder(), EmbeddingCache(tmp_path / "c.db"), "x")
    assert reads_bundled_model(cached)
    assert Summarizer(encoder=SentenceTransformerEncoder()).uses_salience
    assert not Summarizer(encoder=SentenceTransformerEncoder(),
                          select_options=SelectOptions(salience_weight=0)).uses_salience
    hashed = Summarizer(encoder=HashingEncoder(), threshold=0.5)
    assert not hashed.uses_salience
    analysis = hashed.analyze(docs(*STORY))
    assert analysis.first_layer is None  # the hashing encoder has no layers
    assert hashed.salience(analysis) is None


def test_salience_weighs_in_divided_by_the_number_of_articles_squared(hashing):
    sentences, vectors, units = _analysed(STORY, hashing)
    budget = Budget("sentences", 1)
    analysis = analysis_of(sentences, vectors, units, 3)
    plain = select(analysis, budget).picks[0].sentence
    favoured = next(i for i, s in enumerate(sentences)
                    if i != plain and len(s.text.split()) >= 8)
    prior = np.zeros(len(sentences))
    prior[favoured] = 1.0
    heavy = SelectOptions(salience_weight=6400)
    assert select(analysis, budget, heavy, salience=prior).picks[0].sentence == favoured
    off = SelectOptions(salience_weight=0)
    assert select(analysis, budget, off, salience=prior).picks[0].sentence == plain
    for n_docs in (3, 6):
        a = analysis_of(sentences, vectors, units, n_docs)
        without = sentence_scores(a, SelectOptions())
        with_prior = sentence_scores(a, SelectOptions(), salience=prior)
        assert with_prior - without == pytest.approx(173 / n_docs ** 2 * prior)
        flat = SelectOptions(salience_weight=64, salience_power=1)
        without = sentence_scores(a, flat)
        with_prior = sentence_scores(a, flat, salience=prior)
        assert with_prior - without == pytest.approx(64 / n_docs * prior)
    with pytest.raises(UsageError, match="one value per candidate"):
        select(analysis, budget, salience=prior[:-1])


def test_ridge_fit_recovers_a_linear_target():
    train = _train_module()
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2000, len(FEATURES) + 4)) * rng.uniform(0.5, 5, size=len(FEATURES) + 4)
    x[:, 3] = 1.0  # a constant column must not break the standardisation
    true = rng.normal(size=x.shape[1])
    y = x @ true + 0.01 * rng.normal(size=len(x))
    model = train.fit(x, y, alpha=1.0, dim=4)
    assert np.corrcoef(model.predict(x), y)[0, 1] > 0.999
    assert train.precision_targets(["the cat sat on the mat", "dogs bark"],
                                   ["the cat sat there"]).tolist() == pytest.approx([0.4, 0.0])


def test_training_targets_are_z_scores_or_weighted_towards_the_top():
    train = _train_module()
    target = np.array([0.0, 0.1, 0.1, 0.3, 0.9])
    z = train.top_weighted(target, 0.0)
    assert z.mean() == pytest.approx(0.0, abs=1e-12) and z.std() == pytest.approx(1.0, abs=1e-6)
    top = train.top_weighted(target, 2.0)
    assert top.mean() == pytest.approx(1.0) and (top > 0).all()
    assert top == pytest.approx(np.exp(z / 2.0) / np.exp(z / 2.0).mean())
    assert np.all(np.diff(top[[0, 1, 3, 4]]) > 0)  # the order is kept
    # and a step of z is worth more at the top than at the bottom
    assert (top[4] - top[3]) / (z[4] - z[3]) > 2 * (top[1] - top[0]) / (z[1] - z[0])


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED_DATA / "multi_news_val_truncated.jsonl").exists(),
                    reason="the benchmark data (../shared/data) is not here")
def test_the_prior_predicts_what_unseen_summaries_keep(model_summarizer):
    """On Multi-News clusters it never saw, the prior ranks sentences by how much of them the
    human summary uses (ROUGE-2 precision) far better than chance."""
    from scipy.stats import spearmanr

    from summarize.evaluation.data import load_clusters

    train = _train_module()
    rhos = []
    for cluster in load_clusters(SHARED_DATA / "multi_news_val_truncated.jsonl", limit=40):
        try:
            a = model_summarizer.analyze(cluster)
        except Exception:  # a cluster without candidates (one in the first 500)
            continue
        if len(a.sentences) < 5:
            continue
        target = train.precision_targets([s.text for s in a.sentences], list(cluster.summaries))
        if target.std() == 0:
            continue
        rhos.append(spearmanr(model_summarizer.salience(a), target)[0])
    assert len(rhos) >= 30
    assert np.mean(rhos) > 0.2


def test_a_query_leaves_the_prior_out(hashing, monkeypatch):
    """The prior learned what generic summaries keep; a focused digest goes without it."""
    import summarize.select.salience as sal

    class Bundled(SentenceTransformerEncoder):  # the bundled model's name, hashed vectors
        def encode(self, texts):
            return HashingEncoder(dim=384).encode(texts)

        def encode_pair(self, texts):
            return self.encode(texts), self.encode(texts)

    def favour_the_last(analysis, model=None):
        prior = np.zeros(len(analysis.sentences))
        prior[-1] = 1.0
        return prior

    monkeypatch.setattr(sal, "salience", favour_the_last)
    heavy = Summarizer(encoder=Bundled(), threshold=0.5,
                       select_options=SelectOptions(salience_weight=1e6))
    off = Summarizer(encoder=Bundled(), threshold=0.5,
                     select_options=SelectOptions(salience_weight=0))
    assert heavy.uses_salience
    analysis = heavy.analyze(docs(*STORY))
    last = analysis.sentences[-1].text
    generic = heavy.digest_analysis(analysis, Budget("sentences", 2))
    assert last in [s.text for s in generic.sentences]
    assert last not in [s.text for s in off.digest_analysis(analysis, Budget("sentences", 2))
                        .sentences]
    query = "traffic worries of shop owners"
    focused = heavy.digest_analysis(analysis, Budget("sentences", 2), query=query)
    assert focused.to_text() == off.digest_analysis(analysis, Budget("sentences", 2),
                                                    query=query).to_text()
