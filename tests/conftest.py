"""Shared fixtures and helpers: tiny in-memory clusters, a deterministic encoder, the example
cluster, HTML checks and a real browser, the command line and made-up JSON-lines inputs."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from summarize import Document, HashingEncoder, Summarizer
from summarize.cli import cli

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


def check_safe_story_dom(dom: Dom, n_stories: int) -> None:
    """No script, handler or image; links only within the page or http(s); every citation
    lands in its own story's sources."""
    assert dom.tags("script") == [] and dom.tags("img") == [] and dom.tags("iframe") == []
    assert dom.tags("link") == []  # nothing loaded from elsewhere
    for tag, attrs in dom.elements:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        assert "data-pwned" not in attrs
    ids = {a["id"] for _, a in dom.elements if a.get("id")}
    hrefs = [a["href"] or "" for a in dom.tags("a")]
    for h in hrefs:
        assert h.startswith(("#story-", "http://", "https://")), h
    cites = [a["href"] or "" for a in dom.tags("a") if a.get("class") == "cite"]
    assert cites
    for h in hrefs:
        if h.startswith("#"):
            assert h[1:] in ids, f"link {h} has no target"
    assert [a["id"] for a in dom.tags("article")] == [f"story-{k}" for k in
                                                      range(1, n_stories + 1)]


# --- the command line and JSON-lines inputs (tests/cli, tests/batch, tests/evaluation) ----------

#: The command line's options for the hashing encoder (no model to load).
HASH = ["--backend", "hash"]


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    """The command line with ``args`` (and ``input`` on stdin), in this process."""
    return CliRunner().invoke(cli, list(args), input=input)


SUBJECTS = ("the city council", "the mayor", "the harbour authority", "the court", "the union",
            "the minister", "the police", "local residents", "the school board", "engineers")
VERBS = ("approved", "rejected", "delayed", "debated", "announced", "criticised", "praised",
         "reviewed", "funded", "questioned")
OBJECTS = ("the new bridge", "the budget", "the water plan", "the road repairs", "the election",
           "the flood defences", "the tram line", "the school merger", "the market hall",
           "the river clean-up")
WHEN = ("on Monday", "on Tuesday evening", "after a long debate", "in a late vote",
        "at a public meeting", "for the second time", "without a vote", "before the summer")


def english_clusters(n: int, seed: int = 3) -> list[dict]:
    """``n`` clusters of three made-up news articles that share some sentences."""
    rng = random.Random(seed)

    def sentence() -> str:
        text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} " \
               f"{rng.choice(WHEN)}, officials said."
        return text[0].upper() + text[1:]

    out = []
    for i in range(n):
        facts = [sentence() for _ in range(5)]
        docs = [" ".join(rng.sample(facts, 3) + [sentence() for _ in range(2)]) for _ in range(3)]
        out.append({"id": f"c{i:03d}", "documents": docs})
    return out


def write_lines(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


WORDS = ("council bridge harbour vote mayor traffic spring river city plan money road "
         "school police storm court judge minister election report market water").split()


def synthetic_clusters(n: int, seed: int = 7) -> list[dict]:
    """``n`` small clusters of made-up news (three articles, two references each)."""
    rng = random.Random(seed)

    def sentence() -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(4, 8))]
        return f"The {words[0]} said that the " + " and the ".join(words[1:]) + " were on it."

    out = []
    for i in range(n):
        facts = [sentence() for _ in range(6)]
        documents = [
            " ".join(rng.sample(facts, 4) + [sentence() for _ in range(3)]) for _ in range(3)
        ]
        summaries = [" ".join(rng.sample(facts, 3)), " ".join(rng.sample(facts, 2))]
        out.append({"id": f"c{i:03d}", "documents": documents, "summaries": summaries})
    return out


def write_jsonl(path: Path, clusters: list[dict]) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in clusters), encoding="utf-8")
    return path


def eval_script(name: str) -> ModuleType:
    """``eval/NAME.py`` imported as a module (the scripts are not a package), registered in
    ``sys.modules`` so that its dataclasses resolve."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "eval" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
