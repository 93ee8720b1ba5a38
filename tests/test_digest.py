"""summarize.digest: the chosen sentences in reading order, each cited, printed with its
quotation marks in pairs."""

from __future__ import annotations

from summarize import Budget, Summarizer

from .conftest import docs

#: The outlets print a straight opening mark with a curly closing one.
MIXED = (
    'NATO chief Anders Rasmussen said the Syrian regime was "approaching collapse.” '
    "Russia began planning the evacuation of its citizens from Syria on Thursday.",
    "Russia began planning the evacuation of its citizens from Syria on Thursday. "
    'NATO chief Anders Rasmussen said the Syrian regime was "approaching collapse.”',
)

def test_a_digest_line_never_mixes_straight_and_curly_marks(summarizer: Summarizer) -> None:
    for budget in (Budget("words", 40), Budget("bytes", 200), Budget("sentences", 2)):
        digest = summarizer.digest(docs(*MIXED), budget=budget)
        texts = [s.text for s in digest.sentences]
        quoted = [t for t in texts if "approaching collapse" in t]
        assert quoted == ['NATO chief Anders Rasmussen said the Syrian regime was '
                          '"approaching collapse."']
        for printed in (digest.to_text(), digest.to_markdown(), digest.to_json()):
            assert "”" not in printed
        if budget.kind == "bytes":  # the pairing never makes a line longer
            assert len(" ".join(texts).encode()) <= budget.limit

