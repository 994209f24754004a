"""A long-running process follows the database to where it is after a restart."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from personagraph.errors import DatabaseUnavailable
from personagraph.neo4j_local.instance import InstanceState, write_state
from personagraph.neo4j_local.ports import free_port
from personagraph.neo4j_local.provision import follow_local_instance, recorded_spec
from personagraph.settings import Settings
from personagraph.store.address import Address
from personagraph.store.connection import ConnectionSpec

HERE = ConnectionSpec(uri="bolt://127.0.0.1:7001", user="neo4j", password="secret")
THERE = ConnectionSpec(uri="bolt://127.0.0.1:7002", user="neo4j", password="secret")


class Answers:
    """Where ``locate`` says the database is, and how often it was asked."""

    def __init__(self, spec: ConnectionSpec | None) -> None:
        self.spec = spec
        self.asked = 0

    def __call__(self) -> ConnectionSpec | None:
        self.asked += 1
        return self.spec


def test_a_lost_database_is_found_at_its_new_address() -> None:
    locate = Answers(THERE)
    address = Address(HERE, locate)

    found = address.lost()

    assert found == THERE
    assert address.spec is found
    assert address.reachable is False


def test_an_unchanged_address_stays_the_same_object() -> None:
    address = Address(HERE, Answers(ConnectionSpec(HERE.uri, HERE.user, HERE.password)))

    assert address.lost() is HERE


def test_an_unknown_location_keeps_the_last_address() -> None:
    address = Address(HERE, Answers(None))

    assert address.lost() is HERE


def test_the_location_is_asked_at_most_once_per_recheck_interval() -> None:
    locate = Answers(HERE)
    address = Address(HERE, locate, recheck_seconds=0.5)

    for _ in range(20):
        address.lost()
        address.current()
    asked_at_once = locate.asked
    time.sleep(0.55)
    address.current()

    assert asked_at_once == 1
    assert locate.asked == 2


def test_a_move_is_followed_before_any_connection_fails() -> None:
    locate = Answers(HERE)
    address = Address(HERE, locate, recheck_seconds=0.5)
    assert address.current() is HERE

    locate.spec = THERE
    unchanged_yet = address.current()
    time.sleep(0.55)

    assert unchanged_yet is HERE
    assert address.current() == THERE
    assert address.reachable is True


def test_an_address_without_locate_never_changes() -> None:
    address = Address(HERE)

    assert address.lost() is HERE
    assert address.current() is HERE


def test_an_answer_ends_the_outage() -> None:
    address = Address(HERE, Answers(HERE))
    address.lost()

    with address.watching():
        pass

    assert address.reachable is True


def test_a_refused_connection_inside_watching_is_an_outage() -> None:
    address = Address(HERE, Answers(THERE))

    with pytest.raises(DatabaseUnavailable), address.watching():
        raise DatabaseUnavailable("Neo4j cannot be reached")

    assert address.reachable is False
    assert address.spec == THERE


def _record(settings: Settings, port: int) -> None:
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    state = InstanceState(
        instance_dir=str(settings.instance_dir),
        uri=f"bolt://127.0.0.1:{port}",
        user="neo4j",
        password="generated",
        bolt_port=port,
        http_port=free_port(),
        neo4j_version="5.26.24",
        gds_version="2.13.9",
        pid=None,
    )
    write_state(settings.instance_dir, state)


def test_a_service_on_the_local_instance_follows_what_it_records(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, neo4j_uri=None, connection_timeout=2.0)
    _record(settings, 7101)
    started_on = recorded_spec(settings)
    assert started_on is not None

    locate = follow_local_instance(settings, started_on)
    _record(settings, 7102)

    assert locate is not None
    moved = locate()
    assert moved is not None
    assert moved.uri == "bolt://127.0.0.1:7102"
    assert moved.password == "generated"
    assert moved.connection_timeout == 2.0


def test_a_server_named_by_neo4j_uri_is_not_followed(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, neo4j_uri="bolt://db.example:7687")
    _record(settings, 7101)

    assert follow_local_instance(settings, HERE) is None


def test_a_server_that_is_not_the_local_instance_is_not_followed(tmp_path: Path) -> None:
    # e.g. Docker Compose's fixed address while a stopped local instance left its record.
    settings = Settings(data_dir=tmp_path, neo4j_uri=None)
    _record(settings, 7101)

    assert follow_local_instance(settings, HERE) is None


def test_a_missing_record_says_nothing_new(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, neo4j_uri=None)

    assert recorded_spec(settings) is None
