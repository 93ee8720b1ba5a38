"""Shared fixtures: tiny in-memory clusters, a deterministic encoder, the example cluster."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from summarize import Document, HashingEncoder, Summarizer

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SHARED_DATA = ROOT.parent / "shared" / "data"


# --- Hypothesis profiles (the property suites: tests/test_properties.py, tests/test_io.py) ---
# ``SUMMARIZE_HYPOTHESIS_PROFILE``: ``ci`` (the default: derandomized, so every CI run tries the
# same examples; no example database), ``dev`` (few random examples) and ``thorough`` (many
# random examples, for a hunt before a release).

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=30, deadline=None, database=None)
settings.register_profile(
    "thorough", max_examples=5000, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("SUMMARIZE_HYPOTHESIS_PROFILE", "ci")

#: Examples per property test under the ``ci`` profile (other profiles set their own).
EXAMPLES = {"clusters": 1000, "lines": 600, "bytes": 1000, "json": 1000, "render": 1000}


def profile(kind: str) -> settings:
    """The settings of one property test: the chosen profile; under ``ci``, :data:`EXAMPLES`."""
    base = settings.get_profile(PROFILE)
    if PROFILE == "ci":
        return settings(base, max_examples=EXAMPLES[kind])
    return base


def docs(*texts: str) -> list[Document]:
    """In-memory articles, titled by number."""
    return [Document.from_text(t, title=f"Article {i + 1}") for i, t in enumerate(texts)]


#: Three tiny articles about one event: the first claim is reported by all three, the
#: second by two, the rest by one each.
STORY = (
    "The city council approved the new harbour bridge on Monday evening. "
    "The vote was seven to two after a long debate. "
    "Construction is expected to start in the spring of next year.",
    "On Monday evening the city council approved the new harbour bridge. "
    "Construction is expected to start in the spring of next year. "
    "Local shop owners said they worried about traffic during the works.",
    "The new harbour bridge was approved by the city council on Monday evening. "
    "The mayor called the decision a historic day for the whole region. "
    "Environmental groups said they would study the plans closely before deciding.",
)


@pytest.fixture(scope="session", autouse=True)
def _private_cache_dir(tmp_path_factory):
    """The ONNX export and the embedding cache go to a directory of this test session, never
    to the user's home (subprocesses inherit it through the environment)."""
    import os

    old = os.environ.get("SUMMARIZE_CACHE_DIR")
    os.environ["SUMMARIZE_CACHE_DIR"] = str(tmp_path_factory.mktemp("summarize-cache"))
    yield
    if old is None:
        del os.environ["SUMMARIZE_CACHE_DIR"]
    else:
        os.environ["SUMMARIZE_CACHE_DIR"] = old


@pytest.fixture
def story() -> list[Document]:
    return docs(*STORY)


@pytest.fixture(scope="session")
def hashing() -> HashingEncoder:
    return HashingEncoder()


@pytest.fixture
def summarizer(hashing: HashingEncoder) -> Summarizer:
    return Summarizer(encoder=hashing, threshold=0.5)


@pytest.fixture(scope="session")
def model_summarizer() -> Summarizer:
    """The default summarizer with the bundled model (loaded once for the session)."""
    return Summarizer()


def analysis_of(sentences, vectors, units=None, n_docs=None, *, first_layer=None,
                threshold=0.5):
    """An :class:`~summarize.analysis.Analysis` of hand-made sentences and vectors (units
    grouped at ``threshold`` unless given; ``n_docs`` placeholder articles)."""
    from summarize.analysis import Analysis
    from summarize.group import GroupOptions, group

    if units is None:
        units = group(sentences, vectors, GroupOptions(threshold=threshold))
    if n_docs is None:
        n_docs = max(s.doc for s in sentences) + 1
    documents = tuple(Document(f"article {i}") for i in range(n_docs))
    return Analysis(documents=documents, sentences=tuple(sentences), vectors=vectors,
                    units=tuple(units), first_layer=first_layer)


# --- HTML pages and a real browser (tests/render) ---------------------------------------------

#: Hostile article text that tries to run script in a page.
PWN_SCRIPT = "<script>document.documentElement.setAttribute('data-pwned', 'script')</script>"
PWN_IMG = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned', 'img')\">"
PWN_URL = "javascript:document.documentElement.setAttribute('data-pwned','href')"


class Dom(HTMLParser):
    """Every element and its attributes, and the text, of an HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == name]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed (make test installs it)")


def browse(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    profile.mkdir()
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--hide-scrollbars", f"--user-data-dir={profile}", *args,
        page.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result
