"""summarize: cited multi-document news digests.

Sentence embeddings group what several articles say alike; an extractive ranker picks
representative, non-redundant sentences under a length budget; every sentence is cited to the
articles that support it.

>>> from summarize import summarize                              # doctest: +SKIP
>>> print(summarize([text_a, text_b, text_c], words=100).to_text())  # doctest: +SKIP
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .digest import Digest
    from .embed import Encoder, HashingEncoder, SentenceTransformerEncoder
    from .errors import BudgetError, InputError, SummarizeError, SummarizeWarning, UsageError
    from .group import GroupOptions
    from .segment import SegmentOptions
    from .select import SelectOptions
    from .summarizer import Settings, Summarizer, build_summarizer, summarize
    from .types import Budget, Cluster, DigestSentence, Document, Sentence, Source

#: Where each public name lives: imported on first use (PEP 562), so that ``import summarize``
#: (and ``summarize --help``) does not load NumPy and the pipeline.
_EXPORTS = {
    "Digest": "digest",
    "Encoder": "embed", "HashingEncoder": "embed", "SentenceTransformerEncoder": "embed",
    "BudgetError": "errors", "InputError": "errors", "SummarizeError": "errors",
    "SummarizeWarning": "errors", "UsageError": "errors",
    "GroupOptions": "group", "SegmentOptions": "segment", "SelectOptions": "select",
    "Settings": "summarizer", "Summarizer": "summarizer", "build_summarizer": "summarizer",
    "summarize": "summarizer",
    "Budget": "types", "Cluster": "types", "DigestSentence": "types", "Document": "types",
    "Sentence": "types", "Source": "types",
}


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'summarize' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = [
    "Budget",
    "BudgetError",
    "Cluster",
    "Digest",
    "DigestSentence",
    "Document",
    "Encoder",
    "GroupOptions",
    "HashingEncoder",
    "InputError",
    "SegmentOptions",
    "SelectOptions",
    "Sentence",
    "SentenceTransformerEncoder",
    "Settings",
    "Source",
    "SummarizeError",
    "SummarizeWarning",
    "Summarizer",
    "UsageError",
    "build_summarizer",
    "summarize",
]
__version__ = "0.1.0"
