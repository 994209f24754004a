"""The local server's neo4j.conf: GDS always, APOC core only when asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from personagraph.neo4j_local.distribution import Distribution, artifact_name
from personagraph.neo4j_local.local_server import ServerOptions, server_config
from personagraph.settings import Settings

DIST = Distribution(
    root=Path("/cache/neo4j-5.26.24-gds-2.13.9"), neo4j_version="5.26.24", gds_version="2.13.9"
)


def _config(options: ServerOptions) -> dict[str, str]:
    lines = server_config(DIST, options, bolt_port=7687, http_port=7474)
    return dict(line.split("=", 1) for line in lines)


def test_without_apoc_the_server_loads_gds_from_the_shared_distribution(tmp_path: Path) -> None:
    config = _config(ServerOptions(instance_dir=tmp_path))

    assert config["dbms.security.procedures.unrestricted"] == "gds.*"
    assert config["server.directories.plugins"] == str(DIST.plugins_dir)


def test_with_apoc_the_instance_has_its_own_plugins_and_apoc_is_unrestricted(
    tmp_path: Path,
) -> None:
    options = ServerOptions(instance_dir=tmp_path, apoc_dir=Path("/cache/apoc-core-5.26.19"))

    config = _config(options)

    assert config["dbms.security.procedures.unrestricted"] == "gds.*,apoc.*"
    assert config["server.directories.plugins"] == str(tmp_path / "plugins")


def test_apoc_is_off_unless_the_setting_turns_it_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSONAGRAPH_NEO4J_APOC", raising=False)
    assert Settings().neo4j_apoc is False

    monkeypatch.setenv("PERSONAGRAPH_NEO4J_APOC", "true")
    settings = Settings()

    assert settings.neo4j_apoc is True
    assert settings.apoc_version.startswith("5.26.")


@pytest.mark.parametrize(
    ("jar", "artifact"),
    [
        ("commons-lang3-3.12.0.jar", "commons-lang3"),
        ("apoc-core-5.26.19.jar", "apoc-core"),
        ("RoaringBitmap-0.7.17.jar", "RoaringBitmap"),
        (
            "netty-transport-native-epoll-4.1.118.Final-linux-x86_64.jar",
            "netty-transport-native-epoll",
        ),
    ],
)
def test_a_copied_jar_is_matched_to_the_server_jar_by_artifact_not_version(
    jar: str, artifact: str
) -> None:
    # APOC's dependencies that Neo4j already ships are dropped by this name.
    assert artifact_name(jar) == artifact
