"""docker-compose.yml cannot run here (no Docker engine); its shape is checked instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return loaded


def test_neo4j_is_5_26_community_with_gds_unrestricted() -> None:
    neo4j = _compose()["services"]["neo4j"]

    assert neo4j["image"] == "neo4j:5.26-community"
    assert neo4j["environment"]["NEO4J_PLUGINS"] == '["graph-data-science"]'
    assert neo4j["environment"]["NEO4J_dbms_security_procedures_unrestricted"] == "gds.*"
    assert neo4j["environment"]["NEO4J_AUTH"].startswith("neo4j/")


def test_neo4j_is_healthy_only_when_gds_answers() -> None:
    check = _compose()["services"]["neo4j"]["healthcheck"]

    assert "RETURN gds.version()" in " ".join(check["test"])
    assert {"interval", "timeout", "retries", "start_period"} <= check.keys()


def test_the_service_is_built_here_and_waits_for_a_healthy_neo4j() -> None:
    service = _compose()["services"]["personagraph"]

    assert service["build"] == "."
    assert service["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert service["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert (COMPOSE.parent / "Dockerfile").is_file()


def test_the_service_is_healthy_only_when_ready() -> None:
    service = _compose()["services"]["personagraph"]

    assert "/readyz" in " ".join(service["healthcheck"]["test"])
    assert service["environment"]["PERSONAGRAPH_HOST"] == "0.0.0.0"


def test_both_containers_use_the_same_password() -> None:
    services = _compose()["services"]
    auth = services["neo4j"]["environment"]["NEO4J_AUTH"]

    assert auth == "neo4j/" + services["personagraph"]["environment"]["NEO4J_PASSWORD"]


def test_ports_are_published_on_loopback_only() -> None:
    for service in _compose()["services"].values():
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), port


def test_the_cli_knows_the_compose_default_password() -> None:
    from personagraph.neo4j_local.provision import COMPOSE_DEFAULT_PASSWORD

    auth = _compose()["services"]["neo4j"]["environment"]["NEO4J_AUTH"]

    assert auth == f"neo4j/${{NEO4J_PASSWORD:-{COMPOSE_DEFAULT_PASSWORD}}}"
