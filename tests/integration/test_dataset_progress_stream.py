"""Dataset processing progress: the phases an upload reports on the real database and
model, and datasetProgress over a real WebSocket for the worker that processed it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from personagraph.api.api_keys import create_key
from personagraph.api.app import create_app
from personagraph.api.graphql.runtime.context import Role
from personagraph.documents.ingestion import Document, add_document
from personagraph.documents.progress import DatasetProgressBoard
from personagraph.embedding import MiniLmEmbedder
from personagraph.errors import DocumentRejected
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.settings import Settings
from personagraph.store import Store
from tests import document_files
from tests.integration.graphql_socket import GraphQLSocket
from tests.integration.live_service import serving

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
LEARNER = "accounts-payable-specialist-learner"
UPLOAD = """mutation ($file: Upload!, $persona: String) {
  uploadDocument(file: $file, personaId: $persona) { dataset { id status } } }"""
PROGRESS = """subscription P($id: String!) { datasetProgress(id: $id) { percent phase } }"""


def test_an_upload_reports_every_phase_in_order(store: Store, embedder: MiniLmEmbedder) -> None:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    reports: list[tuple[str, str]] = []
    result = add_document(
        store,
        embedder,
        Document("thought-records.md", document_files.thought_record_md()),
        persona_id=LEARNER,
        progress=lambda dataset, phase: reports.append((dataset, phase)),
    )
    assert reports == [
        (result.dataset_id, phase) for phase in ("extract", "chunk", "embed", "write", "completed")
    ]


def test_a_broken_upload_reports_failed_after_the_phase_it_reached(
    store: Store, embedder: MiniLmEmbedder
) -> None:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    board = DatasetProgressBoard()
    phases: list[str] = []

    def report(dataset: str, phase: str) -> None:
        phases.append(phase)
        board.report(dataset, phase)

    with pytest.raises(DocumentRejected):
        add_document(
            store,
            embedder,
            Document("broken.pdf", b"%PDF-1.7\nnot really a pdf"),
            persona_id=LEARNER,
            progress=report,
        )
    assert phases == ["extract", "failed"]


@pytest.fixture
def service(neo4j_server: Provisioned, store: Store) -> Iterator[tuple[str, dict[Role, str]]]:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    keys = {role: create_key(store, role.value, role).secret for role in Role}
    with serving(create_app(neo4j_server.spec, Settings()), ws=True) as base:
        yield base, keys


def _upload(base: str, key: str) -> dict[str, Any]:
    operations = {"query": UPLOAD, "variables": {"file": None, "persona": LEARNER}}
    response = httpx.post(
        f"{base}/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("thought-records.md", document_files.thought_record_md(), "text/markdown")},
        headers={"Authorization": f"Bearer {key}"},
        timeout=120,
    )
    body: dict[str, Any] = response.json()
    assert response.status_code == 200, body
    dataset: dict[str, Any] = body["data"]["uploadDocument"]["dataset"]
    return dataset


def _first_errors(socket: GraphQLSocket, variables: dict[str, Any]) -> list[Any]:
    socket.subscribe(PROGRESS, variables)
    answer = socket.receive()
    assert answer["type"] in {"error", "next"}, answer
    errors: list[Any] = (
        answer["payload"] if answer["type"] == "error" else answer["payload"]["errors"]
    )
    return errors


def test_the_worker_that_processed_an_upload_streams_where_it_ended(
    service: tuple[str, dict[Role, str]],
) -> None:
    base, keys = service
    dataset = _upload(base, keys[Role.EDITOR])
    assert dataset["status"] == "completed"
    url = base.replace("http://", "ws://") + "/graphql"
    with GraphQLSocket(url, {"apiKey": keys[Role.EDITOR]}) as socket:
        socket.subscribe(PROGRESS, {"id": dataset["id"]})
        last = socket.next_data(timeout=30)["datasetProgress"]
        assert socket.receive()["type"] == "complete"
    assert last == {"percent": 100.0, "phase": "completed"}


def test_an_unknown_dataset_is_a_clear_error_and_a_reader_is_refused(
    service: tuple[str, dict[Role, str]],
) -> None:
    base, keys = service
    url = base.replace("http://", "ws://") + "/graphql"
    with GraphQLSocket(url, {"apiKey": keys[Role.EDITOR]}) as editor:
        unknown = _first_errors(editor, {"id": "no-such-dataset"})
    with GraphQLSocket(url, {"apiKey": keys[Role.READER]}) as reader:
        refused = _first_errors(reader, {"id": "no-such-dataset"})
    assert "no dataset 'no-such-dataset' processed on this worker" in unknown[0]["message"]
    assert "needs the editor role" in refused[0]["message"]
