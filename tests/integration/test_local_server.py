"""The local server's life cycle, on an instance of its own (one more server start)."""

from __future__ import annotations

from pathlib import Path

import pytest

from personagraph.errors import DatabaseUnavailable
from personagraph.neo4j_local.instance import read_state
from personagraph.neo4j_local.provision import Provisioned, local_server
from personagraph.settings import Settings
from personagraph.store import Store, probe
from personagraph.store.connection import ConnectionSpec


def test_start_reuses_the_running_server_and_stopping_it_fails_clients_fast(
    settings: Settings, tmp_path: Path, neo4j_server: Provisioned
) -> None:
    # neo4j_server is requested only so the shared distribution is already built.
    messages: list[str] = []
    server = local_server(settings, messages.append, tmp_path / "lifecycle")

    first, info = server.start(messages.append)
    second, _ = server.start(messages.append)

    assert info.neo4j_version.startswith("5.26.")
    assert info.gds_version is not None
    assert info.gds_version.startswith("2.13.")
    assert second.pid == first.pid
    assert any("Reusing" in message for message in messages)
    recorded = read_state(tmp_path / "lifecycle")
    assert recorded is not None
    assert recorded.uri.startswith("bolt://127.0.0.1:")
    assert len(recorded.password) >= 16
    assert (tmp_path / "lifecycle" / "instance.json").stat().st_mode & 0o077 == 0

    spec = ConnectionSpec(
        uri=first.uri,
        user=first.user,
        password=first.password,
        connection_timeout=2.0,
        transaction_retry_seconds=3.0,
    )
    with Store.open(spec) as client:
        assert probe(client).gds_version == info.gds_version

        assert server.stop() is True

        assert server.is_running() is False
        with pytest.raises(DatabaseUnavailable, match="personagraph neo4j start"):
            client.read("read/gds_version")
    assert server.stop() is False
