"""A failed export says why and leaves its target as it was: no half-written file, folder
or schema, whether the target is unwritable, the DSN wrong, or the export stopped."""

from __future__ import annotations

import os
import pwd
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from typer.testing import CliRunner

from personagraph.cli.app import app
from personagraph.errors import ExportInterrupted, ExportTargetUnavailable
from personagraph.export.jobs import ExportJobs, ExportState, ExportStatus
from personagraph.export.local_postgres import LocalPostgres
from personagraph.export.mapping import Target
from personagraph.export.run import ExportRequest, run_export
from personagraph.seeding import pipeline
from personagraph.store import Store

MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
PERSONAS = 8  # in the minimal catalog: two functions, one role each, four archetypes
UNREACHABLE_DSN = "postgresql://postgres@127.0.0.1:1/postgres?connect_timeout=3"


@pytest.fixture
def seeded(store: Store) -> Store:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    return store


class StopAt:
    """A progress callback that raises once ``table`` is being written: an injected failure."""

    def __init__(self, table: str, error: BaseException) -> None:
        self.table, self.error = table, error

    def tables(self, totals: dict[str, int | None]) -> None:
        pass

    def rows(self, table: str, count: int) -> None:
        if table == self.table:
            raise self.error


@contextmanager
def unprivileged() -> Iterator[None]:
    """Act as ``nobody`` when running as root, whom permission bits would not stop."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(pwd.getpwnam("nobody").pw_uid)
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    base = Path(tempfile.mkdtemp(prefix="personagraph-read-only-"))
    base.chmod(0o755)  # traversable by nobody, like any folder on the way to a target
    folder = base / "exports"
    folder.mkdir(mode=0o555)
    yield folder
    folder.chmod(0o755)
    for path in sorted(base.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    base.rmdir()


@pytest.mark.parametrize("target", [Target.SQLITE, Target.PARQUET, Target.CSV])
def test_a_read_only_folder_is_refused_before_anything_is_read(
    seeded: Store, read_only_folder: Path, target: Target
) -> None:
    destination = read_only_folder / "export"
    seeded.queries_sent = 0

    with unprivileged(), pytest.raises(ExportTargetUnavailable, match="is not writable"):
        run_export(seeded, ExportRequest(target, str(destination)))

    assert list(read_only_folder.iterdir()) == []
    assert seeded.queries_sent == 0


def test_a_bad_dsn_is_refused_with_the_address_and_without_the_password(seeded: Store) -> None:
    dsn = "postgresql://postgres:s3cret@127.0.0.1:1/postgres?connect_timeout=3"

    with pytest.raises(ExportTargetUnavailable, match="Cannot connect to PostgreSQL") as error:
        run_export(seeded, ExportRequest(Target.POSTGRES, dsn))

    assert "port=1" in str(error.value)
    assert "s3cret" not in str(error.value)


@pytest.mark.parametrize("target", [Target.SQLITE, Target.PARQUET, Target.CSV])
def test_an_export_stopped_half_way_leaves_the_previous_export_untouched(
    seeded: Store, tmp_path: Path, target: Target
) -> None:
    destination = tmp_path / "export"
    run_export(seeded, ExportRequest(target, str(destination)))
    before = _snapshot(destination)

    with pytest.raises(ExportInterrupted, match="persona_pain_points"):
        run_export(
            seeded,
            ExportRequest(target, str(destination), batch_size=10),
            StopAt("persona_pain_points", RuntimeError("injected failure")),
        )
    with pytest.raises(KeyboardInterrupt):
        run_export(
            seeded,
            ExportRequest(target, str(destination)),
            StopAt("persona_goals", KeyboardInterrupt()),
        )

    assert _snapshot(destination) == before
    assert [p.name for p in tmp_path.iterdir()] == ["export"]


def test_a_first_export_stopped_half_way_creates_nothing(seeded: Store, tmp_path: Path) -> None:
    destination = tmp_path / "first.sqlite"

    with pytest.raises(ExportInterrupted):
        run_export(
            seeded,
            ExportRequest(Target.SQLITE, str(destination)),
            StopAt("persona_goals", RuntimeError("injected failure")),
        )

    assert list(tmp_path.iterdir()) == []


def test_a_postgres_export_stopped_half_way_leaves_the_previous_schema(
    seeded: Store, postgres: LocalPostgres
) -> None:
    run_export(seeded, ExportRequest(Target.POSTGRES, postgres.dsn, pg_schema="stopped"))

    with pytest.raises(ExportInterrupted):
        run_export(
            seeded,
            ExportRequest(Target.POSTGRES, postgres.dsn, pg_schema="stopped", only=("roles",)),
            StopAt("roles", RuntimeError("injected failure")),
        )

    with psycopg.connect(postgres.dsn) as db:
        schemas = db.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'stopped%'"
        ).fetchall()
        personas = db.execute("SELECT COUNT(*) FROM stopped.personas").fetchone()
    assert schemas == [("stopped",)]
    assert personas == (PERSONAS,)


def test_an_existing_file_that_is_not_an_export_is_not_replaced(
    seeded: Store, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("precious")

    with pytest.raises(ExportTargetUnavailable, match="it is not an SQLite database"):
        run_export(seeded, ExportRequest(Target.SQLITE, str(notes)))

    assert notes.read_text() == "precious"


@pytest.mark.usefixtures("cli_env")
def test_the_command_exports_and_reports_failures_in_words(seeded: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "cli.sqlite"

    done = runner.invoke(app, ["export", "--format", "sqlite", "--to", str(target)])
    subset = runner.invoke(
        app,
        ["export", "--format", "csv", "--to", str(tmp_path / "csv"), "--only", "personas,jtbds"],
    )
    refused = runner.invoke(app, ["export", "--format", "postgres", "--to", UNREACHABLE_DSN])
    unknown = runner.invoke(
        app, ["export", "--format", "parquet", "--to", str(tmp_path / "p"), "--only", "people"]
    )

    assert done.exit_code == 0, done.output
    assert "exported" in done.output
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT COUNT(*) FROM personas").fetchone() == (PERSONAS,)
    assert subset.exit_code == 0, subset.output
    assert (tmp_path / "csv" / "persona_jtbds.csv").is_file()
    assert not (tmp_path / "csv" / "opportunities.csv").exists()
    assert refused.exit_code == 1
    assert "Cannot connect to PostgreSQL" in refused.output
    assert unknown.exit_code == 1
    assert "people" in unknown.output


def test_a_background_export_reports_its_rows_and_its_failures(
    seeded: Store, tmp_path: Path
) -> None:
    jobs = ExportJobs(seeded)

    good = jobs.start(ExportRequest(Target.PARQUET, str(tmp_path / "p")))
    bad = jobs.start(ExportRequest(Target.POSTGRES, UNREACHABLE_DSN))
    slow = jobs.start(ExportRequest(Target.SQLITE, str(tmp_path / "s.sqlite"), batch_size=1))
    jobs.cancel(slow.id)

    finished, failed, cancelled = (_ended(jobs, job.id) for job in (good, bad, slow))
    assert finished.state is ExportState.FINISHED
    assert finished.rows["personas"] == PERSONAS
    assert finished.totals["personas"] == PERSONAS
    assert finished.finished_at is not None
    assert failed.state is ExportState.FAILED
    assert "Cannot connect to PostgreSQL" in (failed.error or "")
    assert cancelled.state is ExportState.FAILED
    assert "cancelled" in (cancelled.error or "")
    assert not (tmp_path / "s.sqlite").exists()
    assert [s.id for s in jobs.all()] == [good.id, bad.id, slow.id]


def _ended(jobs: ExportJobs, job_id: str) -> ExportStatus:
    status = jobs.wait(job_id, timeout=120)
    assert status is not None
    return status


def _snapshot(path: Path) -> dict[str, Any]:
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
