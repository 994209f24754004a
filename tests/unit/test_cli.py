from __future__ import annotations

from typer.testing import CliRunner

from personagraph import __version__
from personagraph.cli.app import app

runner = CliRunner()


def test_help_lists_the_command_groups() -> None:
    result = runner.invoke(app, ["--help"])

    assert result.exit_code == 0
    for command in ("up", "neo4j", "db"):
        assert command in result.output


def test_neo4j_help_lists_start_stop_status() -> None:
    result = runner.invoke(app, ["neo4j", "--help"])

    assert result.exit_code == 0
    for command in ("start", "stop", "status", "reset"):
        assert command in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])

    assert result.exit_code == 0
    assert __version__ in result.output
