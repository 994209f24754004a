"""A relational export started from GraphQL runs in the background and reports its progress."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.provision import Provisioned
from personagraph.store import Store
from tests.integration.graphql_api import Api, api_for

STATUS = """query S($id: String!) { exportJob(id: $id) {
  state error finishedAt tables { table rows expected } } }"""


def wait_for(api: Api, key: str, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job: dict[str, Any] = api.ok(STATUS, {"id": job_id}, key=key)["exportJob"]
        if job["state"] != "running":
            return job
        time.sleep(0.2)
    raise AssertionError(f"export {job_id} still running after 120 s")


def test_an_export_started_from_graphql_finishes_with_rows_per_table(
    neo4j_server: Provisioned, seed_catalog: Store, tmp_path: Path
) -> None:
    target = tmp_path / "graph.sqlite"
    with api_for(neo4j_server.spec) as api:
        admin = create_key(seed_catalog, "exporter", Role.ADMIN).secret
        started = api.ok(
            'mutation S($to: String!) { startExport(format: SQLITE, to: $to, only: ["personas"])'
            " { id state format to } }",
            {"to": str(target)},
            key=admin,
        )["startExport"]
        job = wait_for(api, admin, started["id"])
    assert started["format"] == "SQLITE"
    assert job["state"] == "finished", job["error"]
    rows = {entry["table"]: entry["rows"] for entry in job["tables"]}
    with sqlite3.connect(target) as db:
        assert rows["personas"] == db.execute("SELECT count(*) FROM personas").fetchone()[0]
    assert rows["personas"] == 144


def test_a_bad_dsn_fails_with_the_reason_and_no_password(
    neo4j_server: Provisioned, seed_catalog: Store
) -> None:
    dsn = "postgresql://someone:s3cret@127.0.0.1:1/nowhere"
    with api_for(neo4j_server.spec) as api:
        admin = create_key(seed_catalog, "exporter", Role.ADMIN).secret
        started = api.ok(
            "mutation S($to: String!) { startExport(format: POSTGRES, to: $to) { id to } }",
            {"to": dsn},
            key=admin,
        )["startExport"]
        job = wait_for(api, admin, started["id"])
    assert started["to"] == "postgresql://someone:***@127.0.0.1:1/nowhere"
    assert job["state"] == "failed"
    assert "127.0.0.1" in job["error"]
    assert "s3cret" not in job["error"]


def test_exports_need_the_admin_role(neo4j_server: Provisioned, seed_catalog: Store) -> None:
    with api_for(neo4j_server.spec) as api:
        editor = create_key(seed_catalog, "editor", Role.EDITOR).secret
        answer = api('mutation { startExport(format: CSV, to: "/tmp/x") { id } }', key=editor)
    assert answer.codes == ["FORBIDDEN"]


def test_a_relative_path_is_refused_before_any_job_starts(
    neo4j_server: Provisioned,
    seed_catalog: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The server's working directory is no place for an export the caller cannot see.
    monkeypatch.chdir(tmp_path)
    with api_for(neo4j_server.spec) as api:
        admin = create_key(seed_catalog, "exporter", Role.ADMIN).secret
        answer = api(
            'mutation { startExport(format: SQLITE, to: "exports/graph.sqlite") { id } }',
            key=admin,
        )
        jobs = api.ok("{ exportJobs { id } }", key=admin)["exportJobs"]

    assert answer.codes == ["BAD_USER_INPUT"]
    message = answer.errors[0]["message"]
    assert "'exports/graph.sqlite' is a relative path" in message
    assert "Give an absolute path, e.g. /srv/exports/graph.sqlite" in message
    assert jobs == []
    assert list(tmp_path.iterdir()) == []
