"""The library's arguments of the wrong type (issue 29, row 12): a typed
:class:`~summarize.errors.UsageError` naming the parameter, never a TypeError from deep
inside; a NUL byte parts words as a space."""

from __future__ import annotations

import pytest

from summarize import Document, HashingEncoder, UsageError, summarize

TEXT = ("The city council approved the new harbour bridge on Monday evening after a long "
        "debate. The vote was seven to two.")


@pytest.mark.parametrize(("field", "value"), [("title", 1), ("date", 123), ("url", 1),
                                              ("site", 2.5), ("author", []), ("id", 7),
                                              ("path", b"a.txt")])
def test_a_document_field_of_the_wrong_type_names_the_field(field: str, value: object) -> None:
    with pytest.raises(UsageError, match=f"Document {field} must be a str") as info:
        Document(TEXT, **{field: value})  # type: ignore[arg-type]
    assert info.value.option == field


def test_document_text_of_bytes_has_a_hint() -> None:
    with pytest.raises(UsageError, match=r"not bytes \(decode") as info:
        Document(TEXT.encode())  # type: ignore[arg-type]
    assert info.value.option == "text"


@pytest.mark.parametrize(("documents", "says"), [
    (None, "not NoneType"),
    (TEXT.encode(), r"not bytes \(decode"),
    ([TEXT.encode()], r"got bytes \(decode"),
    ({"a": TEXT}, "not dict"),
    (42, "not int"),
])
def test_summarize_refuses_what_is_not_a_list_of_texts(documents: object, says: str) -> None:
    with pytest.raises(UsageError, match=says) as info:
        summarize(documents, encoder=HashingEncoder())  # type: ignore[arg-type]
    assert info.value.option == "documents"


def test_a_nul_byte_parts_words_as_a_space() -> None:
    text = "The\0city council approved the new harbour bridge on Monday evening after a debate."
    assert Document(text).text.startswith("The city council")
    digest = summarize([text], encoder=HashingEncoder())
    out = digest.to_text()
    assert "The city council" in out
    assert "Thecity" not in out


@pytest.mark.parametrize(("field", "value"), [("title", None), ("title", 5), ("lang", 5),
                                              ("lang", None)])
def test_an_html_page_title_or_lang_of_the_wrong_type_names_it(field: str,
                                                               value: object) -> None:
    """``Digest.to_html(title=None)`` was an AttributeError from deep inside."""
    digest = summarize([TEXT], encoder=HashingEncoder(), sentences=1)
    with pytest.raises(UsageError, match=f"{field} must be a str") as info:
        digest.to_html(**{field: value})  # type: ignore[arg-type]
    assert info.value.option == field
    from summarize.render.stories import render_stories_html

    with pytest.raises(UsageError, match=f"{field} must be a str"):
        render_stories_html([], **{field: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["segment_options", "group_options", "select_options"])
def test_a_stage_options_object_of_the_wrong_type_names_it(field: str) -> None:
    """``Summarizer(segment_options=5)`` was an AttributeError at the first digest."""
    from summarize import Summarizer

    with pytest.raises(UsageError, match=f"{field} must be") as info:
        Summarizer(encoder=HashingEncoder(), **{field: 5})  # type: ignore[arg-type]
    assert info.value.option == field
