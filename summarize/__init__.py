"""summarize: cited multi-document news digests.

Sentence embeddings group what several articles say alike; an extractive ranker picks
representative, non-redundant sentences under a length budget; every sentence is cited to the
articles that support it.

>>> from summarize import summarize                              # doctest: +SKIP
>>> print(summarize([text_a, text_b, text_c], words=100).to_text())  # doctest: +SKIP
"""

from .digest import Digest, DigestSentence, Source
from .documents import Cluster, Document, Sentence, SummarizeWarning
from .embed import Encoder, HashingEncoder, SentenceTransformerEncoder
from .errors import BudgetError, InputError, SummarizeError, UsageError
from .select import Budget
from .summarizer import Summarizer, summarize

__all__ = [
    "Budget",
    "BudgetError",
    "Cluster",
    "Digest",
    "DigestSentence",
    "Document",
    "Encoder",
    "HashingEncoder",
    "InputError",
    "Sentence",
    "SentenceTransformerEncoder",
    "Source",
    "SummarizeError",
    "SummarizeWarning",
    "Summarizer",
    "UsageError",
    "summarize",
]
__version__ = "0.1.0"
