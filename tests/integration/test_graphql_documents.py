"""Documents over GraphQL: a multipart upload (GraphQL multipart request spec) with an
editor key, refused for readers, over the size limit and for a broken file; then the
uploaded handout answers ``retrieveContext`` with its sources."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.store import Store
from tests import document_files
from tests.integration.graphql_api import Api, api_for

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
LEARNER = "accounts-payable-specialist-learner"
UPLOAD = """mutation ($file: Upload!, $persona: String) {
  uploadDocument(file: $file, personaId: $persona) {
    outcome dataset { name fileName fileType status error chunkCount embeddingModel
                      links { personaId enabled weight accessLevel } } } }"""


@pytest.fixture
def api(neo4j_server: Provisioned, store: Store) -> Iterator[Api]:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    with api_for(neo4j_server.spec, document_max_bytes=50_000) as api:
        yield api


@pytest.fixture
def editor(store: Store, api: Api) -> str:
    return create_key(store, "test editor", Role.EDITOR).secret


def upload(api: Api, name: str, data: bytes, key: str | None) -> tuple[int, dict[str, Any]]:
    operations = {"query": UPLOAD, "variables": {"file": None, "persona": LEARNER}}
    response = api.client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, data, "application/octet-stream")},
        headers={"Authorization": f"Bearer {key}"} if key else {},
    )
    return response.status_code, response.json()


def test_an_editor_uploads_a_handout_and_retrieve_context_answers_with_its_source(
    api: Api, editor: str
) -> None:
    status, body = upload(api, "thought-records.md", document_files.thought_record_md(), editor)

    assert status == 200, body
    added = body["data"]["uploadDocument"]
    assert added["outcome"] == "new"
    assert added["dataset"]["status"] == "completed"
    assert added["dataset"]["fileType"] == "md"
    assert added["dataset"]["chunkCount"] >= 2
    assert added["dataset"]["links"] == [
        {"personaId": LEARNER, "enabled": True, "weight": 1.0, "accessLevel": "full"}
    ]
    answer = api.ok(
        """{ retrieveContext(personaId: "LEARNER", query: "how do I fill in a thought record?")
             { source section score kind } }""".replace("LEARNER", LEARNER),
        key=editor,
    )
    best = answer["retrieveContext"][0]
    assert best["source"] == "thought-records.md"
    assert best["section"].startswith("Thought Records")


@pytest.mark.parametrize(("role", "code"), [(Role.READER, "FORBIDDEN"), (None, "UNAUTHENTICATED")])
def test_an_upload_needs_an_editor_key(
    api: Api, store: Store, role: Role | None, code: str
) -> None:
    key = create_key(store, "some key", role).secret if role else None

    _, body = upload(api, "thought-records.md", document_files.thought_record_md(), key)

    assert body["errors"][0]["extensions"]["code"] == code
    assert store.read("read/documents/datasets", persona_id=None) == []


def test_an_upload_over_the_limit_is_refused_before_it_is_read(api: Api, editor: str) -> None:
    big = b"# Big\n\n" + b"word " * 300_000  # 1.5 MB, over 50 kB + the multipart envelope

    status, body = upload(api, "big.md", big, editor)

    assert status == 413
    assert "over the limit of 50,000 bytes" in body["errors"][0]["message"]
    assert "PERSONAGRAPH_DOCUMENT_MAX_BYTES" in body["errors"][0]["message"]


def test_a_file_just_over_the_limit_is_refused_by_the_document_check(
    api: Api, editor: str, store: Store
) -> None:
    status, body = upload(api, "big.md", b"# Big\n\n" + b"x" * 60_000, editor)

    assert status == 200
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"].startswith("big.md: 60,007 bytes is over the limit")
    assert store.read("read/documents/datasets", persona_id=None) == []


def test_a_corrupt_upload_names_the_file_and_leaves_an_error_dataset(api: Api, editor: str) -> None:
    _, body = upload(api, "broken.pdf", document_files.corrupt_pdf(), editor)

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"].startswith("broken.pdf: the PDF cannot be read")
    listed = api.ok("{ datasets { name status error chunkCount } }", key=editor)["datasets"]
    assert listed == [
        {"name": "broken.pdf", "status": "error", "error": listed[0]["error"], "chunkCount": 0}
    ]
    assert "cannot be read" in listed[0]["error"]


def test_link_dataset_changes_weight_and_access_and_checks_them(api: Api, editor: str) -> None:
    upload(api, "thought-records.md", document_files.thought_record_md(), editor)
    change = """mutation ($w: Float, $a: String) {
      linkDataset(personaId: "LEARNER", dataset: "thought-records.md", weight: $w, accessLevel: $a)
        { links { weight accessLevel } } }""".replace("LEARNER", LEARNER)

    changed = api.ok(change, {"w": 0.5, "a": "summary"}, key=editor)
    refused = api(change, {"w": 2.0, "a": None}, key=editor)

    assert changed["linkDataset"]["links"] == [{"weight": 0.5, "accessLevel": "summary"}]
    assert refused.codes == ["BAD_USER_INPUT"]
    assert "weight: 2.0 is outside 0-1" in refused.errors[0]["message"]


def test_a_query_of_100_kb_is_bad_user_input(api: Api, editor: str) -> None:
    answer = api(
        "query ($q: String!, $p: String!) { retrieveContext(personaId: $p, query: $q) { text } }",
        {"q": "x" * 102_400, "p": LEARNER},
        key=editor,
    )

    assert answer.codes == ["BAD_USER_INPUT"]
    assert "102,400 characters is over the limit" in answer.errors[0]["message"]


CHUNKS = """query ($id: String!, $first: Int, $after: Int) {
  datasetChunks(datasetId: $id, first: $first, after: $after) {
    datasetId datasetName total hasMore chunks { position text page section kind tokens } } }"""


def test_a_reader_pages_through_a_datasets_chunks_in_document_order(
    api: Api, store: Store, editor: str
) -> None:
    upload(api, "thought-records.md", document_files.thought_record_md(), editor)
    reader = create_key(store, "test reader", Role.READER).secret
    dataset = api.ok("{ datasets { id chunkCount } }", key=reader)["datasets"][0]
    stored = store.read("read/documents/dataset_chunks", id=dataset["id"])

    pages: list[dict[str, Any]] = []
    after = None
    while True:
        page = api.ok(CHUNKS, {"id": dataset["id"], "first": 1, "after": after}, key=reader)
        pages.append(page["datasetChunks"])
        if not page["datasetChunks"]["hasMore"]:
            break
        after = page["datasetChunks"]["chunks"][-1]["position"]
    chunks = [chunk for page in pages for chunk in page["chunks"]]

    assert len(stored) == dataset["chunkCount"] >= 2
    assert len(pages) == len(stored)
    assert {(p["datasetName"], p["total"]) for p in pages} == {("thought-records.md", len(stored))}
    assert [(c["text"], c["section"]) for c in chunks] == [
        (row["text"], row["section"]) for row in stored
    ]
    assert [c["position"] for c in chunks] == sorted(c["position"] for c in chunks)
    assert {c["kind"] for c in chunks} <= {"text", "list", "steps", "exercise"}
    assert all(c["tokens"] > 0 for c in chunks)
    whole = api.ok(
        "query ($id: String!) { datasetChunks(datasetId: $id) { hasMore chunks "
        "{ position text page section kind tokens } } }",
        {"id": dataset["id"]},
        key=reader,
    )
    assert whole["datasetChunks"]["chunks"] == chunks
    assert whole["datasetChunks"]["hasMore"] is False


def test_chunks_of_an_unknown_dataset_or_a_bad_page_are_refused(api: Api, editor: str) -> None:
    upload(api, "thought-records.md", document_files.thought_record_md(), editor)
    known = api.ok("{ datasets { id } }", key=editor)["datasets"][0]["id"]

    missing = api(CHUNKS, {"id": "no-such-dataset", "first": 5, "after": None}, key=editor)
    empty = api(CHUNKS, {"id": known, "first": 0, "after": -1}, key=editor)
    huge = api(CHUNKS, {"id": known, "first": 100_000, "after": None}, key=editor)

    assert missing.codes == ["NOT_FOUND"]
    assert "dataset 'no-such-dataset' does not exist" in missing.errors[0]["message"]
    assert empty.codes == ["BAD_USER_INPUT"]
    assert "first: 0 must be between 1 and" in empty.errors[0]["message"]
    assert "after: -1 is negative" in empty.errors[0]["message"]
    assert huge.codes == ["BAD_USER_INPUT"]
