"""docs/formats.md: its JSON schemas hold for what summarize reads and writes."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from summarize import Budget, Document, SummarizeWarning
from summarize.batch.work import summarize_record
from summarize.ingest.articles import article_from_json
from summarize.ingest.jsonl import cluster_from_json
from summarize.render.stories import render_stories_jsonl, story_dict

from .conftest import ROOT, STORY

TYPES = {"string": str, "integer": int, "number": (int, float), "array": list, "object": dict,
         "null": type(None)}


def schemas() -> dict[str, dict[str, Any]]:
    """The schemas of docs/formats.md, by ``$id``."""
    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, re.S)
    found = [json.loads(b) for b in blocks if '"$schema"' in b]  # the others are examples
    return {s["$id"]: s for s in found}


def errors(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Where ``value`` breaks ``schema`` (the keywords the schemas use)."""
    if "$ref" in schema:
        return errors(value, schemas()[schema["$ref"]], where)
    if "const" in schema and value != schema["const"]:
        return [f"{where}: {value!r} is not {schema['const']!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} is not one of {schema['enum']}"]
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if isinstance(value, bool) or not isinstance(value, tuple(TYPES[k] for k in kinds)):
            return [f"{where}: {value!r} is not {kinds}"]
    out = []
    if isinstance(value, (int, float)) and "minimum" in schema and value < schema["minimum"]:
        out.append(f"{where}: {value} < {schema['minimum']}")
    if isinstance(value, dict):
        out += [f"{where}: no {k!r}" for k in schema.get("required", []) if k not in value]
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            out += [f"{where}: {k!r} is not in the schema" for k in value if k not in props]
        for k, v in value.items():
            if k in props:
                out += errors(v, props[k], f"{where}.{k}")
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            out += errors(v, schema["items"], f"{where}[{i}]")
    return out


def test_the_checker_finds_what_breaks_a_schema() -> None:
    digest = schemas()["summarize.digest/1"]
    assert errors({"format": "summarize.digest/1"}, digest)  # keys missing
    good = {"format": "summarize.digest/1", "id": "", "budget": {"kind": "words", "limit": 9},
            "sentences": [], "sources": []}
    assert errors(good, digest) == []
    assert errors({**good, "extra": 1}, digest) == ["$: 'extra' is not in the schema"]
    assert errors({**good, "budget": {"kind": "pages", "limit": 0}}, digest) == [
        "$.budget.kind: 'pages' is not one of ['sentences', 'words', 'bytes']",
        "$.budget.limit: 0 < 1"]


def test_every_schema_is_there() -> None:
    assert set(schemas()) == {"summarize.cluster", "summarize.article", "summarize.digest/1",
                              "summarize.batch-error", "summarize.story/1",
                              "summarize.set_aside/1"}


def test_digests_follow_the_schema(summarizer) -> None:
    web = Document(STORY[0], title="Bridge", url="https://example.com/a", site="Example",
                   author="Ann Lee", date="2024-03-12")
    fire = ("A fire at a nightclub killed 12 people on Tuesday night in the city centre.",
            "A fire at a nightclub killed 40 people on Tuesday night in the city centre.")
    for documents, budget in (([web, *STORY[1:]], Budget("words", 60)),
                              (list(fire), Budget("bytes", 200))):
        digest = json.loads(summarizer.digest(documents, budget=budget).to_json())
        assert errors(digest, schemas()["summarize.digest/1"]) == []
    assert "other_reports" in digest["sentences"][0]  # the fire: 12 against 40
    web_source = json.loads(summarizer.digest([web, *STORY[1:]], words=60).to_json())["sources"]
    assert {"site", "author", "date"} <= set(web_source[0])


@pytest.mark.parametrize("raw", [
    json.dumps({"id": "c1", "documents": list(STORY)}),
    "{not json",
    json.dumps({"id": 7, "documents": []}),
])
def test_batch_lines_follow_a_schema(summarizer, raw: str) -> None:
    out = json.loads(summarize_record(summarizer, raw, lineno=3, budget=Budget("words", 40)).line)
    schema = "summarize.batch-error" if "error" in out else "summarize.digest/1"
    assert errors(out, schemas()[schema]) == []
    assert (schema == "summarize.digest/1") is raw.startswith('{"id": "c1"')


def test_stories_follow_the_schema(summarizer) -> None:
    stories = summarizer.stories(list(STORY), words=40)
    assert stories
    for story in stories:
        assert errors(json.loads(json.dumps(story_dict(story))),
                      schemas()["summarize.story/1"]) == []


def test_stories_json_lines_follow_their_schemas(summarizer) -> None:
    with pytest.warns(SummarizeWarning, match="no sentence to summarize"):
        stories = summarizer.stories([*STORY, "Menu. Share this. Log in."], words=40)
    lines = [json.loads(line) for line in render_stories_jsonl(stories).splitlines()]
    assert [line["format"] for line in lines][-1] == "summarize.set_aside/1"
    for line in lines:
        assert errors(line, schemas()[line["format"]]) == []


def test_the_input_schemas_accept_what_is_read() -> None:
    cluster = {"id": 3, "documents": list(STORY), "summaries": ["x"], "query": "the bridge"}
    assert errors(cluster, schemas()["summarize.cluster"]) == []
    assert cluster_from_json(cluster).query == "the bridge"
    article = {"id": "a1", "text": STORY[0], "title": "Bridge", "date": "2024-03-12"}
    assert errors(article, schemas()["summarize.article"]) == []
    assert article_from_json(article).date == "2024-03-12"
