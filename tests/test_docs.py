"""The README and docs/: links that land, the index of decisions, a README that fits a screen
or two. (The README's example digest is checked against the real output in
tests/test_example_cluster.py.)"""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ROOT

DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)|<img src=\"([^\"]+)\"")


def anchors(path: Path) -> set[str]:
    """The explicit anchors of a Markdown file, and GitHub's anchors of its headings."""
    text = path.read_text(encoding="utf-8")
    found = set(re.findall(r'<a id="([^"]+)"></a>', text))
    for heading in re.findall(r"(?m)^#+ (.+)$", text):
        slug = re.sub(r"[^\w\- ]", "", heading.lower().replace("`", "")).replace(" ", "-")
        found.add(slug)
    return found


def test_every_relative_link_lands() -> None:
    broken = []
    for doc in DOCS:
        for a, b in LINK.findall(doc.read_text(encoding="utf-8")):
            target = a or b
            if re.match(r"[a-z]+:", target):
                continue  # http(s), mailto
            file, _, anchor = target.partition("#")
            path = (doc.parent / file).resolve() if file else doc
            if not path.exists():
                broken.append(f"{doc.name}: {target}")
            elif anchor and path.suffix == ".md" and anchor not in anchors(path):
                broken.append(f"{doc.name}: {target} (no such anchor)")
    assert broken == []


def test_the_decisions_open_with_the_defaults_in_force() -> None:
    text = (ROOT / "docs" / "decisions.md").read_text(encoding="utf-8")
    index = text[text.index("## Defaults in force"):text.index("**How to read it.**")]
    rows = [line for line in index.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) > 20
    for row in rows[1:]:
        assert re.search(r"\]\(#d\d{4}-[\w-]+\)", row), row  # each linked to its entry
    # no development process in the record: stops, issue numbers
    assert not re.search(r"\b(?:[Ss]top \d|[Ii]ssue \d)", text)


def test_the_readme_fits_and_opens_with_the_set_up_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200
    assert lines[2:5] == ["```sh", lines[3], lines[4]] and lines[3].startswith("make digest")
    assert lines[4].startswith("make test")
    assert not any(re.search(r"\b[0-9a-f]{7}\b", line) and "`" in line for line in lines), \
        "a commit hash in the README"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().endswith("exec make test")
