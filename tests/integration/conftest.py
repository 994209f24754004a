"""One real Neo4j + GDS per test session; every test starts from an empty database.

The tests wipe the database before every test, so they never use the server of
NEO4J_URI (a user's own data). They use the server named by
PERSONAGRAPH_TEST_NEO4J_URI (with PERSONAGRAPH_TEST_NEO4J_USER/_PASSWORD) when
set, else a throwaway Docker container when an engine answers, else a local
server in a temporary folder (from the per-machine cache). It is never skipped:
a database that cannot be provided fails the run, with the reason and the log.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from personagraph.behavioral.features import WINDOWS
from personagraph.behavioral.run import Engine, RunReport, prepare, run
from personagraph.errors import PersonagraphError
from personagraph.export.local_postgres import LocalPostgres, start_local_postgres
from personagraph.inference.behavioral_rules import DEFAULT_RULES, RuleSet
from personagraph.neo4j_local.provision import (
    Provisioned,
    choose_source,
    provision_external,
    provision_local,
    provision_test_container,
)
from personagraph.seeding import pipeline
from personagraph.seeding.behavioral_synthetic import DEFAULT_AS_OF
from personagraph.settings import Provisioner, Settings, get_settings
from personagraph.store import Store, default_registry, migrations
from personagraph.store.wipe import clear_data, wipe
from tests.integration.engines import AssignOn

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

TEST_URI = "PERSONAGRAPH_TEST_NEO4J_URI"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="session")
def settings() -> Settings:
    test_uri = os.environ.get(TEST_URI)
    provisioner: Provisioner = "external" if test_uri else "auto"
    return Settings(
        neo4j_uri=test_uri,
        neo4j_user=os.environ.get("PERSONAGRAPH_TEST_NEO4J_USER", "neo4j"),
        neo4j_password=os.environ.get("PERSONAGRAPH_TEST_NEO4J_PASSWORD"),
        provisioner=provisioner,
    )


@pytest.fixture(scope="session")
def neo4j_server(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Provisioned]:
    source = choose_source(settings)
    try:
        if source == "external":
            provisioned = provision_external(settings)
        elif source == "docker":
            provisioned = provision_test_container(settings)
        else:
            instance_dir = tmp_path_factory.mktemp("neo4j-instance")
            provisioned = provision_local(settings, print, instance_dir, keep=False)
    except PersonagraphError as exc:
        pytest.fail(f"No Neo4j + GDS for the integration tests ({source}): {exc}", pytrace=False)
    yield provisioned
    provisioned.release()


@pytest.fixture(scope="session")
def session_store(neo4j_server: Provisioned) -> Iterator[Store]:
    with Store.open(neo4j_server.spec) as store:
        yield store


@pytest.fixture
def empty_store(session_store: Store) -> Store:
    """The database with nothing in it: no data, no schema, no GDS projections."""
    session_store.registry = default_registry()
    wipe(session_store)
    session_store.queries_sent = 0
    return session_store


@pytest.fixture
def store(session_store: Store) -> Store:
    """An empty database with the schema migrations applied."""
    session_store.registry = default_registry()
    _reset_to_migrated(session_store)
    session_store.queries_sent = 0
    return session_store


# The index and constraint names a wipe followed by the migrations leaves, once known.
_MIGRATED_SCHEMA: dict[str, frozenset[str]] = {}


def _reset_to_migrated(store: Store) -> None:
    """Empty the database and leave exactly the migrated schema.

    When the schema is still exactly what the migrations make (same names, every
    migration recorded with its current checksum), only the data and the GDS
    projections go (:func:`clear_data`); anything else (a test that changed the schema
    or the migration records) gets the full wipe and migrate.
    """
    recorded = {key: checksum for key, (checksum, _) in migrations.applied(store).items()}
    current = {m.id: m.checksum for m in migrations.discover(store.registry)}
    if recorded == current and _schema_names(store) == _MIGRATED_SCHEMA.get("names"):
        clear_data(store)
        return
    wipe(store)
    migrations.migrate(store)
    _MIGRATED_SCHEMA["names"] = _schema_names(store)


def _schema_names(store: Store) -> frozenset[str]:
    indexes = [row["name"] for row in store.read("admin/index_names")]
    constraints = [row["name"] for row in store.read("admin/constraint_names")]
    return frozenset(indexes + constraints)


@pytest.fixture
def cli_env(neo4j_server: Provisioned, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the ``personagraph`` command at the test server, as a user's NEO4J_* would."""
    monkeypatch.setenv("NEO4J_URI", neo4j_server.spec.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.spec.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.spec.password or "")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def seed_catalog(session_store: Store) -> Store:
    """The shipped seed catalog, loaded once per test module; tests read it (and may add
    API keys), they change nothing of the catalog."""
    session_store.registry = default_registry()
    wipe(session_store)
    migrations.migrate(session_store)
    pipeline.load(session_store, pipeline.prepare(SEEDS))
    session_store.queries_sent = 0
    return session_store


@pytest.fixture(scope="session")
def postgres() -> Iterator[LocalPostgres]:
    """A throwaway PostgreSQL server (Debian's package) for the relational export's tests."""
    try:
        server = start_local_postgres()
    except PersonagraphError as exc:
        pytest.fail(f"No PostgreSQL for the export tests: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """One local Spark session for the session's Spark tests (it takes seconds to start),
    on the runtime `personagraph spark fetch` cached (scripts/install fetches it)."""
    # Imported here: only the Spark tests pay for starting pyspark.
    from personagraph.behavioral.spark.runtime import installed_runtime
    from personagraph.behavioral.spark.session import start_session

    settings = Settings()
    try:
        runtime = installed_runtime(settings.cache_dir, settings.spark_connector_version)
        session = start_session(runtime, settings.spark_master, settings.spark_driver_memory)
    except PersonagraphError as exc:
        pytest.fail(f"No Spark for the Spark engine's tests: {exc}", pytrace=False)
    yield session
    session.stop()


@pytest.fixture
def assign_on(request: pytest.FixtureRequest, neo4j_server: Provisioned) -> AssignOn:
    """``assign_on(engine, store, folder, rules=..., windows=..., as_of=..., strict=...)``:
    an assignment run on either engine, as `personagraph assign --engine` makes it
    (the Spark session is started only by the first test that runs on Spark)."""

    def assign(
        engine: Engine,
        store: Store,
        folder: Path,
        rules: RuleSet = DEFAULT_RULES,
        windows: Sequence[int] = WINDOWS,
        as_of: date = DEFAULT_AS_OF,
        **options: Any,
    ) -> RunReport:
        if engine is Engine.LOCAL:
            return run(store, prepare(folder, as_of, windows, rules, **options))
        from personagraph.behavioral.spark.run import prepare as prepare_on_spark
        from personagraph.behavioral.spark.run import run as run_on_spark

        session = request.getfixturevalue("spark")
        prepared = prepare_on_spark(session, folder, as_of, windows, rules, **options)
        return run_on_spark(store, prepared, neo4j_server.spec)

    return assign
