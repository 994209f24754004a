"""Each broken catalog under tests/catalogs/broken/ fails with exactly the problems it lists.

A case is a full copy of tests/catalogs/minimal/ with one defect, and an expected.txt
holding one line per problem; each line must be a substring of a reported problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from personagraph.cli.app import app
from personagraph.errors import ValidationFailed
from personagraph.seeding import pipeline
from personagraph.seeding.validation import read_catalog

pytestmark = pytest.mark.unit

CATALOGS = Path(__file__).resolve().parents[1] / "catalogs"
MINIMAL = CATALOGS / "minimal"
BROKEN = CATALOGS / "broken"
CASES = sorted(path for path in BROKEN.iterdir() if path.is_dir())


def _expected(case: Path) -> list[str]:
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    expected = [line.strip() for line in lines if line.strip()]
    assert expected, f"{case.name}/expected.txt lists no problem"
    return expected


def _problems(case: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        pipeline.prepare(case)
    return caught.value.problems


def _one_line(text: str) -> str:
    # rich may wrap long lines; compare with every run of whitespace as one space.
    return " ".join(text.split())


def test_the_minimal_catalog_is_valid() -> None:
    catalog = read_catalog(MINIMAL)

    assert len(list(catalog.personas())) == 8
    result = CliRunner().invoke(app, ["seed", "validate", str(MINIMAL)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_there_are_enough_broken_cases() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_expected_problem_is_reported(case: Path) -> None:
    problems = _problems(case)

    missing = [line for line in _expected(case) if not any(line in p for p in problems)]
    assert not missing, "not reported:\n" + "\n".join([*missing, "reported:", *problems])


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_no_other_problem_is_reported(case: Path) -> None:
    problems = _problems(case)

    assert len(problems) == len(_expected(case)), "\n".join(problems)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_seed_validate_prints_each_problem_and_exits_1(case: Path) -> None:
    result = CliRunner().invoke(app, ["seed", "validate", str(case)], env={"COLUMNS": "400"})

    assert result.exit_code == 1, result.output
    printed = _one_line(result.output)
    missing = [line for line in _expected(case) if _one_line(line) not in printed]
    assert not missing, "not printed:\n" + "\n".join([*missing, "output:", result.output])
