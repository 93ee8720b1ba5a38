"""A learned salience prior: how much of a sentence an editor's summary of the story keeps.

Support across articles and centrality say what the articles agree on; with two or three
articles (the usual newsletter story) that agreement is thin. The prior adds what summaries of
news usually keep: a ridge regression predicts a sentence's ROUGE-2 precision against a human
summary (z-scored within its cluster, then weighted towards the top: ``exp(z / 2)``) from

* :data:`FEATURES`: where the sentence stands, its length, how central it is, how widely its
  words and concepts are shared, and whether it quotes, asks, counts or attributes;
* its embedding (the bundled all-MiniLM-L6-v2's 384 numbers);
* its mean first-layer state (the same model's first transformer layer averaged over the
  sentence's tokens, from the same run: :func:`~summarize.embed.encode_with_first_layer`).

The model is fitted by ``eval/train_salience.py`` on Multi-News validation clusters that the
results tables never score (``docs/decisions.md`` records which, and how the inputs and target
were chosen); its weights, the feature means and deviations, and the options its features were
computed with are in ``data/salience.json``. A model refuses to run with other options
(:meth:`SalienceModel.check_options`). The embedding parts mean something only for the model
they were fitted with, so the prior applies only to the bundled model's vectors
(:func:`~summarize.embed.reads_bundled_model`).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import numpy as np

from ..analysis import Analysis
from ..errors import UsageError
from ..text import stop_words, words

#: The hand-made features, in the order of the weights.
FEATURES = (
    "centrality",  # cosine to the article-balanced centroid
    "support",  # log(1 + articles reporting the sentence's content unit) / log(1 + articles)
    "lead",  # 1 - relative position among the article's candidates
    "first",  # the article's first candidate
    "inverse_rank",  # 1 / (1 + rank among the article's candidates)
    "log_length",  # log(words)
    "length",  # words / 30
    "article_position",  # article index / (articles - 1)
    "first_article",  # the first article given
    "word_share",  # mean share of the articles using each of its content words
    "concept_mass",  # share (%) of the cluster's concept weight its bigrams hold
    "concept_density",  # the same per word (x 10)
    "quotes",  # holds a quotation mark
    "numbers",  # share of its words holding a digit
    "opens_with_reference",  # starts with a pronoun or connective (he, this, but, ...)
    "attribution",  # said, says, told
    "lead_similarity",  # mean cosine to the articles' first candidates
    "log_articles",  # log(articles)
    "question",  # ends with a question mark
    "other_articles",  # cosine to the centroid of the other articles (0 with one article)
)

_REFERRING = frozenset(
    "he she it they this these that those but and so his her their its also however then"
    .split()
)
_QUOTE = re.compile(r'["“”]')
_ATTRIBUTION = re.compile(r"\b(said|says|told)\b")


@dataclass(frozen=True)
class SalienceModel:
    """Ridge weights over standardised features: :data:`FEATURES`, then ``dim`` embedding
    numbers, then ``first_dim`` numbers of the mean first-layer state (0: not read)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    intercept: float
    dim: int
    first_dim: int = 0
    #: the share of the articles at which a concept counts, in the ``concept_mass`` and
    #: ``concept_density`` features (``SelectOptions.min_df`` when it was fitted)
    min_df: float = 0.12

    def check_options(self, min_df: float) -> None:
        """:class:`~summarize.errors.UsageError` unless the selection's ``min_df`` is the one
        this model's features were computed with."""
        if min_df != self.min_df:
            raise UsageError(
                f"the salience prior was fitted with min_df {self.min_df}, not {min_df}: "
                "set salience_weight to 0 to select with another"
            )

    def predict(self, features: np.ndarray) -> np.ndarray:
        return (features - self.mean) / self.scale @ self.weights + self.intercept  # type: ignore[no-any-return]

    def to_json(self, **about: object) -> str:
        return json.dumps(
            {
                **about,
                "features": list(FEATURES),
                "embedding_dim": self.dim,
                "first_layer_dim": self.first_dim,
                "min_df": self.min_df,
                "mean": [float(x) for x in self.mean],
                "scale": [float(x) for x in self.scale],
                "weights": [float(x) for x in self.weights],
                "intercept": float(self.intercept),
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> SalienceModel:
        raw = json.loads(text)
        if tuple(raw["features"]) != FEATURES:
            raise ValueError("the salience model was fitted on other features")
        model = cls(
            mean=np.array(raw["mean"], dtype=float),
            scale=np.array(raw["scale"], dtype=float),
            weights=np.array(raw["weights"], dtype=float),
            intercept=float(raw["intercept"]),
            dim=int(raw["embedding_dim"]),
            first_dim=int(raw.get("first_layer_dim", 0)),
            min_df=float(raw.get("min_df", 0.12)),
        )
        width = len(FEATURES) + model.dim + model.first_dim
        if not model.mean.shape == model.scale.shape == model.weights.shape == (width,):
            raise ValueError("the salience model's arrays do not match its features")
        return model


@cache
def bundled_model() -> SalienceModel:
    """The fitted prior shipped in the package (``data/salience.json``)."""
    text = files("summarize").joinpath("data/salience.json").read_text(encoding="utf-8")
    return SalienceModel.from_json(text)


def sentence_features(analysis: Analysis, min_df: float) -> np.ndarray:
    """One row of :data:`FEATURES` per candidate sentence (time and memory linear in them);
    concepts count at ``min_df`` of the articles."""
    sentences, vectors, n_docs = analysis.sentences, analysis.vectors, analysis.n_docs
    n = len(sentences)
    stop = stop_words()
    centrality = analysis.centrality
    bags = analysis.bags
    weights = analysis.concept_weights(min_df)
    total = sum(weights.values()) or 1.0
    tokens = [words(s.text) for s in sentences]
    used_by: dict[str, set[int]] = {}
    for s, toks in zip(sentences, tokens, strict=True):
        for w in toks:
            if w not in stop:
                used_by.setdefault(w, set()).add(s.doc)
    firsts: dict[int, int] = {}
    for i, s in enumerate(sentences):
        if s.doc not in firsts or s.rank < sentences[firsts[s.doc]].rank:
            firsts[s.doc] = i
    # the mean cosine to the leads, as one product with their mean (linear in the articles)
    lead_similarity = vectors @ vectors[sorted(firsts.values())].mean(axis=0)
    doc_sums: dict[int, np.ndarray] = {}
    doc_counts: dict[int, int] = {}
    for i, s in enumerate(sentences):
        doc_sums[s.doc] = doc_sums.get(s.doc, 0) + vectors[i]
        doc_counts[s.doc] = doc_counts.get(s.doc, 0) + 1
    doc_means = {d: doc_sums[d] / doc_counts[d] for d in doc_sums}
    all_docs = sum(doc_means.values())
    support = analysis.support
    rows = []
    for i, s in enumerate(sentences):
        split = s.text.split()
        length = max(1, len(split))
        content = [w for w in tokens[i] if w not in stop]
        mass = sum(weights.get(c, 0.0) for c in bags[i]) * 100.0 / total
        first_word = split[0].lower().strip("\"'“‘") if split else ""
        if len(doc_means) > 1:
            others = (all_docs - doc_means[s.doc]) / (len(doc_means) - 1)
            others_norm = float(np.linalg.norm(others))
            other_articles = float(vectors[i] @ others) / others_norm if others_norm > 0 else 0.0
        else:
            other_articles = 0.0
        rows.append([
            float(centrality[i]),
            float(support[i]),
            1.0 - s.relative_position,
            float(s.rank == 0),
            1.0 / (1 + s.rank),
            math.log(length),
            length / 30,
            s.doc / (n_docs - 1) if n_docs > 1 else 0.0,
            float(s.doc == 0),
            float(np.mean([len(used_by[w]) / n_docs for w in content])) if content else 0.0,
            mass,
            mass / length * 10,
            float(bool(_QUOTE.search(s.text))),
            sum(any(ch.isdigit() for ch in w) for w in split) / length,
            float(first_word in _REFERRING),
            float(bool(_ATTRIBUTION.search(s.text))),
            float(lead_similarity[i]),
            math.log(max(1, n_docs)),
            float(s.text.rstrip().endswith("?")),
            other_articles,
        ])
    return np.array(rows, dtype=float).reshape(n, len(FEATURES))


def model_inputs(
    analysis: Analysis, min_df: float, *, first_layer: bool = True
) -> np.ndarray:
    """The features, the embedding and (``first_layer``) the first-layer states side by side:
    what the model reads."""
    parts = [sentence_features(analysis, min_df), analysis.vectors]
    if first_layer:
        if analysis.first_layer is None:
            raise UsageError("the first-layer states are not in this analysis")
        parts.append(analysis.first_layer)
    return np.hstack(parts)


def salience(analysis: Analysis, model: SalienceModel | None = None) -> np.ndarray:
    """Each candidate's predicted salience as its rank within the cluster, scaled to [0, 1]
    (0 the least salient, 1 the most; ties share their mean rank; a lone sentence gets 0).

    ``model`` defaults to the bundled one, which reads the analysis's first-layer states too.
    Ranks, not the raw predictions, so that one outlying prediction does not squeeze the
    rest."""
    model = model or bundled_model()
    vectors = analysis.vectors
    if vectors.shape[1] != model.dim:
        raise UsageError(
            f"the salience model reads {model.dim}-number embeddings, not {vectors.shape[1]}"
        )
    first = analysis.first_layer
    if model.first_dim and (
        first is None or first.shape != (len(analysis.sentences), model.first_dim)
    ):
        raise UsageError(
            f"the salience model reads {model.first_dim}-number first-layer states "
            "for every sentence (from the bundled model's encoders)"
        )
    inputs = model_inputs(analysis, model.min_df, first_layer=bool(model.first_dim))
    raw = np.round(model.predict(inputs), 9)
    if len(raw) < 2:
        return np.zeros(len(raw))
    return mean_ranks(raw) / (len(raw) - 1)


def mean_ranks(values: np.ndarray) -> np.ndarray:
    """0-based ranks of ``values`` (ascending); tied values share the mean of their ranks."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values), dtype=float)
    _, group, counts = np.unique(values, return_inverse=True, return_counts=True)
    sums = np.bincount(group, weights=ranks)
    return sums[group] / counts[group]  # type: ignore[no-any-return]
