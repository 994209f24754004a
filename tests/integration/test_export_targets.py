"""An export replaces only what is its own: an earlier export, marked as one, or nothing at
all. An application's database, a web site's folder or a schema someone else keeps is
refused, untouched, before the graph is read; what a killed export staged is cleared
away by the next export to the same target."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest

from personagraph.errors import ExportTargetUnavailable
from personagraph.export.local_postgres import LocalPostgres
from personagraph.export.mapping import Target
from personagraph.export.run import ExportRequest, run_export
from personagraph.export.writers.ownership import KIND, MARKER, MARKER_FILE
from personagraph.export.writers.staging import leftovers
from personagraph.seeding import pipeline
from personagraph.store import Store

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
PERSONAS = 8
FOLDERS = [Target.PARQUET, Target.CSV]


@pytest.fixture
def seeded(store: Store) -> Store:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    store.queries_sent = 0
    return store


@pytest.fixture
def pg(postgres: LocalPostgres) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(postgres.dsn, autocommit=True) as connection:
        for schema in ("personagraph", "crm", "spare", "tools"):
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE".encode())
        yield connection


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` (or ``root`` itself) with its bytes and modification time."""
    paths = [root] if root.is_file() else sorted(root.rglob("*"))
    return {str(p): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns) for p in paths}


def sqlite_marker(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        rows = [dict(row) for row in db.execute(f'SELECT * FROM "{MARKER}"')]
    db.close()
    assert len(rows) == 1
    return rows[0]


def test_an_applications_sqlite_database_is_refused_and_left_as_it_was(
    seeded: Store, tmp_path: Path
) -> None:
    app = tmp_path / "app.db"
    with sqlite3.connect(app) as db:
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)")
        db.execute("INSERT INTO users (email) VALUES ('ada@example.org')")
    db.close()
    before = snapshot(tmp_path)

    with pytest.raises(ExportTargetUnavailable) as refused:
        run_export(seeded, ExportRequest(Target.SQLITE, str(app)))

    message = str(refused.value)
    assert f"Cannot export to {app}: it is an SQLite database with 1 table (users)" in message
    assert "Choose another target" in message
    assert snapshot(tmp_path) == before
    assert seeded.queries_sent == 0


@pytest.mark.parametrize("target", FOLDERS)
def test_a_folder_with_its_own_manifest_and_index_is_refused_and_left_as_it_was(
    seeded: Store, tmp_path: Path, target: Target
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "manifest.json").write_text('{"name": "Team site", "start_url": "/"}')
    (site / "index.html").write_text("<h1>Team</h1>")
    before = snapshot(tmp_path)

    with pytest.raises(ExportTargetUnavailable) as refused:
        run_export(seeded, ExportRequest(target, str(site)))

    assert "2 entries (index.html, manifest.json) and no _personagraph_export.json" in str(
        refused.value
    )
    assert snapshot(tmp_path) == before
    assert seeded.queries_sent == 0


def test_an_earlier_sqlite_export_is_replaced_and_marked_with_the_new_id(
    seeded: Store, tmp_path: Path
) -> None:
    target = tmp_path / "graph.sqlite"
    run_export(seeded, ExportRequest(Target.SQLITE, str(target)), export_id="first")
    assert sqlite_marker(target)["id"] == "first"

    run_export(seeded, ExportRequest(Target.SQLITE, str(target), only=("roles",)), export_id="2nd")

    marker = sqlite_marker(target)
    assert (marker["kind"], marker["id"], marker["format"]) == (KIND, "2nd", "sqlite")
    with sqlite3.connect(target) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    assert "roles" in tables
    assert "personas" not in tables


@pytest.mark.parametrize("target", FOLDERS)
def test_an_earlier_folder_export_is_replaced_and_marked_with_the_new_id(
    seeded: Store, tmp_path: Path, target: Target
) -> None:
    folder = tmp_path / "export"
    run_export(seeded, ExportRequest(target, str(folder)), export_id="first")

    run_export(seeded, ExportRequest(target, str(folder), only=("roles",)), export_id="2nd")

    marker = json.loads((folder / MARKER_FILE).read_text())
    assert (marker["kind"], marker["id"], marker["format"]) == (KIND, "2nd", target.value)
    names = {p.stem for p in folder.iterdir()}
    assert "roles" in names
    assert "personas" not in names
    assert [p.name for p in tmp_path.iterdir()] == ["export"]


def test_a_schema_someone_else_keeps_is_refused_and_left_as_it_was(
    seeded: Store, postgres: LocalPostgres, pg: psycopg.Connection[Any]
) -> None:
    pg.execute("CREATE SCHEMA crm")
    pg.execute("CREATE TABLE crm.users (id integer PRIMARY KEY, email text)")
    pg.execute("INSERT INTO crm.users VALUES (1, 'ada@example.org')")
    pg.execute("CREATE SCHEMA tools")
    pg.execute("CREATE FUNCTION tools.answer() RETURNS integer LANGUAGE sql AS 'SELECT 42'")

    with pytest.raises(ExportTargetUnavailable) as crm:
        run_export(seeded, ExportRequest(Target.POSTGRES, postgres.dsn, pg_schema="crm"))
    with pytest.raises(ExportTargetUnavailable) as tools:
        run_export(seeded, ExportRequest(Target.POSTGRES, postgres.dsn, pg_schema="tools"))

    assert "the schema 'crm'" in str(crm.value)
    assert "it holds 1 relation (users) and no _personagraph_export table" in str(crm.value)
    assert "--pg-schema" in str(crm.value)
    assert "it holds objects and no _personagraph_export table" in str(tools.value)
    assert pg.execute("SELECT email FROM crm.users").fetchall() == [("ada@example.org",)]
    assert pg.execute("SELECT tools.answer()").fetchone() == (42,)
    assert seeded.queries_sent == 0


def test_an_empty_schema_is_taken_and_an_earlier_export_replaced(
    seeded: Store, postgres: LocalPostgres, pg: psycopg.Connection[Any]
) -> None:
    pg.execute("CREATE SCHEMA spare")
    request = ExportRequest(Target.POSTGRES, postgres.dsn, pg_schema="spare")

    run_export(seeded, request, export_id="first")
    pg.execute("CREATE VIEW spare.my_view AS SELECT id FROM spare.personas")
    run_export(seeded, replace(request, only=("roles",)), export_id="2nd")

    marker = pg.execute(f'SELECT kind, id, format FROM spare."{MARKER}"').fetchall()
    assert marker == [(KIND, "2nd", "postgres")]
    tables = {
        name
        for (name,) in pg.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'spare'"
        )
    }
    assert "roles" in tables
    assert not {"personas", "my_view"} & tables


STALLED_EXPORT = textwrap.dedent(
    """
    import sys, time
    from personagraph.export.mapping import Target
    from personagraph.export.run import ExportRequest, run_export
    from personagraph.neo4j_local.provision import resolve_connection
    from personagraph.settings import get_settings
    from personagraph.store import Store

    class Stall:
        def tables(self, totals):
            pass

        def rows(self, table, count):
            print("writing", flush=True)
            time.sleep(600)

    with Store.open(resolve_connection(get_settings())) as store:
        run_export(store, ExportRequest(Target(sys.argv[1]), sys.argv[2]), Stall())
    """
)


@contextmanager
def stalled_export(target: Target, destination: Path) -> Iterator[subprocess.Popen[str]]:
    """An export in another process, stopped in the middle of writing its first table."""
    child = subprocess.Popen(
        [sys.executable, "-c", STALLED_EXPORT, target.value, str(destination)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "writing\n"
        yield child
    finally:
        child.kill()
        child.communicate()


@pytest.mark.usefixtures("cli_env")
@pytest.mark.parametrize("target", [Target.SQLITE, Target.PARQUET])
def test_what_a_killed_export_staged_is_removed_by_the_next_export(
    seeded: Store, tmp_path: Path, target: Target
) -> None:
    destination = tmp_path / "export"
    with stalled_export(target, destination) as child:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    staged = leftovers(destination)
    assert len(staged) == 1
    unrelated = tmp_path / ".export.partial-keep-me.txt"
    unrelated.write_text("not an export's")

    run_export(seeded, ExportRequest(target, str(destination)))

    assert not staged[0].exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [unrelated.name, "export"]


@pytest.mark.usefixtures("cli_env")
def test_an_export_to_a_target_another_export_is_writing_is_refused(
    seeded: Store, tmp_path: Path
) -> None:
    destination = tmp_path / "graph.sqlite"
    with stalled_export(Target.SQLITE, destination):
        staged = leftovers(destination)

        with pytest.raises(ExportTargetUnavailable, match="another export to it is running"):
            run_export(seeded, ExportRequest(Target.SQLITE, str(destination)))

        assert [p.exists() for p in staged] == [True]
    assert seeded.queries_sent == 0
