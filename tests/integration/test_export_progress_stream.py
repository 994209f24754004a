"""exportProgress: an export's percent and phase streamed over WebSocket as it runs."""

from __future__ import annotations

from pathlib import Path

from personagraph.api.api_keys import create_key
from personagraph.api.app import create_app
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.settings import Settings
from personagraph.store import Store
from tests.integration.graphql_socket import GraphQLSocket
from tests.integration.live_service import serving

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
START = """mutation S($to: String!) { startExport(format: SQLITE, to: $to) { id state } }"""
PROGRESS = """subscription P($id: String!) {
  exportProgress(id: $id) { percent phase job { state tables { table rows } } } }"""


def test_an_export_streams_its_progress_until_it_finishes(
    neo4j_server: Provisioned, store: Store, tmp_path: Path
) -> None:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    key = create_key(store, "exporter", Role.ADMIN).secret
    app = create_app(neo4j_server.spec, Settings())
    with serving(app, ws=True) as base:
        url = base.replace("http://", "ws://") + "/graphql"
        with GraphQLSocket(url, {"apiKey": key}) as socket:
            # Started over the same connection, so on the worker that runs it.
            job = socket.query_mutation(START, {"to": str(tmp_path / "out.db")})["startExport"]
            socket.subscribe(PROGRESS, {"id": job["id"]})
            updates = []
            while True:
                message = socket.receive(timeout=120)
                if message["type"] == "complete":
                    break
                assert message["type"] == "next", message
                assert not message["payload"].get("errors"), message
                updates.append(message["payload"]["data"]["exportProgress"])

    assert updates, "no progress was sent"
    assert updates[-1]["phase"] == "finished"
    assert updates[-1]["percent"] == 100.0
    assert updates[-1]["job"]["state"] == "finished"
    known = [u["percent"] for u in updates if u["percent"] is not None]
    assert known == sorted(known)
    assert len({(u["percent"], u["phase"]) for u in updates}) == len(updates)  # only changes
    assert (tmp_path / "out.db").exists()
