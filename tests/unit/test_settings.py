from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from personagraph.settings import Settings


def test_neo4j_connection_uses_the_names_neo4j_tools_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://db.example:7687")
    monkeypatch.setenv("NEO4J_USER", "analyst")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret")
    monkeypatch.setenv("NEO4J_DATABASE", "personas")

    settings = Settings()

    assert settings.neo4j_uri == "bolt://db.example:7687"
    assert settings.neo4j_user == "analyst"
    assert settings.neo4j_password == "s3cret"
    assert settings.neo4j_database == "personas"


def test_other_knobs_take_the_personagraph_prefix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PERSONAGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PERSONAGRAPH_INSTANCE", "analytics")
    monkeypatch.setenv("PERSONAGRAPH_PROVISIONER", "local")

    settings = Settings()

    assert settings.cache_dir == tmp_path / "cache"
    assert settings.provisioner == "local"
    assert settings.instance_dir.name == "analytics"


def test_defaults_pin_the_supported_neo4j_and_gds_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSONAGRAPH_NEO4J_VERSION", raising=False)
    monkeypatch.delenv("PERSONAGRAPH_GDS_VERSION", raising=False)

    settings = Settings()

    assert settings.neo4j_version.startswith("5.26.")
    assert settings.gds_version.startswith("2.13.")


def test_a_bad_value_is_rejected_naming_the_setting_and_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PERSONAGRAPH_PROVISIONER", "kubernetes")

    with pytest.raises(ValidationError) as raised:
        Settings()

    message = str(raised.value)
    assert "provisioner" in message
    assert "kubernetes" in message
    assert "'auto', 'external', 'docker' or 'local'" in message


@pytest.mark.parametrize("uri", ["neo4j://db.example:7687", "neo4j+s://x.databases.neo4j.io"])
def test_routing_uris_are_accepted(monkeypatch: pytest.MonkeyPatch, uri: str) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)

    assert Settings().neo4j_uri == uri


def test_a_uri_without_a_driver_scheme_is_refused_naming_the_schemes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEO4J_URI", "http://db.example:7474")

    with pytest.raises(ValidationError, match=r"'http://db.example:7474'.*neo4j://, neo4j\+s://"):
        Settings()
