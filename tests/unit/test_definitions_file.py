"""The definitions file, pure: parsed whole, every problem named with its key and field,
written back in the same shape."""

from __future__ import annotations

import json

import pytest

from personagraph.errors import ValidationFailed
from personagraph.model.definitions import parse_definitions, render_definitions

pytestmark = pytest.mark.unit

ONE = {"helper": {"name": "Helper", "role": "Assistant", "system_prompt": "Help.",
                  "expertise": ["answers"], "settings": {"temperature": 0.3}}}  # fmt: skip


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_rendered_definitions_parse_back_to_the_same(fmt: str) -> None:
    found = parse_definitions(json.dumps(ONE).encode(), "json")

    again = parse_definitions(render_definitions(found, fmt).encode(), fmt)  # type: ignore[arg-type]

    assert again == found
    assert found[0].graph_properties()["title"] == "Assistant"
    assert found[0].graph_properties()["settings"] == '{"temperature": 0.3}'


@pytest.mark.parametrize(
    ("data", "fmt", "problem"),
    [
        (b"[1, 2]", "json", "definitions: the file must map each persona key"),
        (b"{", "json", "definitions: line 1, column 2: malformed JSON"),
        (b"a:\n  name: x\na:\n  name: y\n", "yaml", "the key 'a' appears twice in one mapping"),
        (b'{"a": "just text"}', "json", "definitions: a: must be a mapping of fields, not a str"),
        ('{"a": {"name": "\ud800"}}'.encode("utf-8", "surrogatepass"), "json", "is not UTF-8"),
    ],
)
def test_a_file_that_is_not_definitions_says_why(data: bytes, fmt: str, problem: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_definitions(data, fmt)  # type: ignore[arg-type]

    assert any(problem in p for p in refused.value.problems), refused.value.problems


def test_settings_with_a_typo_or_out_of_range_are_named() -> None:
    bad = {"a": {"name": "A", "system_prompt": "p", "settings": {"temperature": 3, "topp": 1}}}

    with pytest.raises(ValidationFailed) as refused:
        parse_definitions(json.dumps(bad).encode(), "json")

    assert refused.value.problems == [
        "definitions: a.settings.temperature: Input should be less than or equal to 2 (got 3)",
        "definitions: a.settings.topp: unknown field; known: temperature, max_tokens, top_p, "
        "presence_penalty, frequency_penalty",
    ]
