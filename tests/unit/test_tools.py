from __future__ import annotations

import pytest

from personagraph.neo4j_local.tools import parse_java_version


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('java version "1.8.0_402"', 8),
        ('openjdk version "11.0.2" 2019-01-15', 11),
    ],
)
def test_the_major_java_version_is_read_from_java_version_output(output: str, major: int) -> None:
    assert parse_java_version(output) == major


def test_unreadable_output_gives_none() -> None:
    assert parse_java_version("command not found") is None
