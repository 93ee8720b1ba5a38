"""The house: the import graph has no cycle, the library never imports its front ends or the
evaluation harness, and no module grows past the size a reader takes in at once."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "summarize"
#: Front ends and the harness: they import the library, never the other way round.
NOT_LIBRARY = ("summarize.cli", "summarize.evaluation", "summarize.__main__")
MAX_LINES = 350


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The project modules ``path`` imports, anywhere in it (functions and TYPE_CHECKING
    blocks included): ``from .x import y`` counts as importing ``x.y`` when that is a module,
    else ``x``."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            targets = [f"{prefix}.{alias.name}" for alias in node.names] + [prefix]
            targets = [t for t in targets if t in known][:1] or [prefix]
            if f"{prefix}.{node.names[0].name}" in known:
                targets = [f"{prefix}.{alias.name}" for alias in node.names
                           if f"{prefix}.{alias.name}" in known]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(path, set(found)) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_cycles() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_reader_resolves_relative_imports() -> None:
    edges = graph()
    assert "summarize.types" in edges["summarize.digest"]
    assert "summarize.select.salience" in edges["summarize.summarizer"]  # inside a function
    assert "summarize.ingest.read" in edges["summarize.ingest.web"]


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_the_library_never_imports_its_front_ends_or_the_harness() -> None:
    edges = graph()
    library = [m for m in edges if not m.startswith(NOT_LIBRARY)]
    assert "summarize.summarizer" in library and "summarize.cli" not in library
    wrong = {m: sorted(t for t in edges[m] if t.startswith(NOT_LIBRARY)) for m in library}
    assert {m: t for m, t in wrong.items() if t} == {}
    harness = [m for m in edges if m.startswith("summarize.evaluation")]
    assert {m: sorted(t for t in edges[m] if t.startswith("summarize.cli"))
            for m in harness if any(t.startswith("summarize.cli") for t in edges[m])} == {}


def test_no_module_is_too_long_to_read_at_once() -> None:
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines())
               for name, path in modules().items()}
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


#: Functions a reader takes in at once are at most this long (docstring included).
MAX_FUNCTION_LINES = 80


def long_functions(limit: int = MAX_FUNCTION_LINES) -> dict[str, int]:
    """Every function or method of the package longer than ``limit`` lines -> its length."""
    found = {}
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    found[f"{name}.{node.name}"] = length
    return found


def test_the_length_reader_counts_lines() -> None:
    found = long_functions(limit=40)
    assert "summarize.batch.run_batch" in found and found["summarize.batch.run_batch"] > 40


def test_no_function_is_too_long_to_read_at_once() -> None:
    assert long_functions() == {}
