"""Persona metrics: recorded from GraphQL or files, summed into hour and day buckets (not
kept one by one), read back per period, feeding the persona's usage fields; and
versioned configuration documents."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from personagraph.admin import templates
from personagraph.admin.changes import Actor
from personagraph.api.api_keys import create_key
from personagraph.api.graphql.runtime.context import Role
from personagraph.cli.app import app
from personagraph.metrics import store as metrics_store
from personagraph.metrics.buckets import Aggregator, hourly_since
from personagraph.model.persona_edits import NewAssistant
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.settings import get_settings
from personagraph.store import Store
from personagraph.store.fingerprint import fingerprint
from tests.integration.assistant_catalog import MINIMAL
from tests.integration.graphql_api import Api, api_for

RECORD = """mutation R($entries: [MetricEntryInput!]!) {
  recordPersonaMetrics(entries: $entries) { entries buckets personas } }"""
METRICS = """query M($id: String!, $start: DateTime!, $end: DateTime!) {
  personaMetrics(id: $id, start: $start, end: $end) {
    requests successRate chats satisfaction buckets
    latency { p50 p95 p99 mean max }
    satisfactionTrend { slopePerDay direction points { day mean ratings } } } }"""
NOW = datetime.now(UTC).replace(minute=30, second=0, microsecond=0)


@pytest.fixture
def api(neo4j_server: Provisioned, store: Store) -> Iterator[Api]:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    for persona_id in ("helper", "other"):
        templates.create_assistant(
            store,
            NewAssistant(id=persona_id, name=persona_id.title(), system_prompt="Help."),
            Actor("setup"),
        )
    with api_for(neo4j_server.spec) as api:
        yield api


@pytest.fixture
def editor(store: Store, api: Api) -> str:
    return create_key(store, "meter", Role.EDITOR).secret


def entries_for_two_days() -> list[dict[str, Any]]:
    """100 requests of 1..100 ms over two days: 90 succeed; ratings 3 then 4; 5 chats."""
    made = []
    for i in range(100):
        day = 0 if i < 50 else 1
        at = NOW - timedelta(days=1 - day, minutes=i)
        entry: dict[str, Any] = {
            "personaId": "helper",
            "at": at.isoformat(),
            "latencyMs": float(i + 1),
            "success": i % 10 != 0,
            "chatStarted": i % 20 == 0,
        }
        if i % 5 == 0:
            entry["satisfaction"] = 3.0 if day == 0 else 4.0
        if i == 99:
            entry["datasetCount"] = 2
        made.append(entry)
    return made


def period(persona_id: str = "helper") -> dict[str, Any]:
    return {
        "id": persona_id,
        "start": (NOW - timedelta(days=3)).isoformat(),
        "end": (NOW + timedelta(hours=1)).isoformat(),
    }


def test_recorded_requests_read_back_as_counts_rates_percentiles_and_a_trend(
    api: Api, editor: str
) -> None:
    loaded = api.ok(RECORD, {"entries": entries_for_two_days()}, key=editor)["recordPersonaMetrics"]
    found = api.ok(METRICS, period(), key=editor)["personaMetrics"]

    assert loaded["entries"] == 100
    assert loaded["buckets"] <= 2 * 24  # hour buckets, never one node per entry
    assert (found["requests"], found["successRate"], found["chats"]) == (100, 0.9, 5)
    latency = found["latency"]
    # Read from fixed bins growing by 10%: within 10% of the exact percentiles.
    for name, exact in (("p50", 50.5), ("p95", 95.05), ("p99", 99.01)):
        assert abs(latency[name] - exact) <= exact * 0.1, (name, latency)
    assert latency["mean"] == pytest.approx(50.5)
    assert latency["max"] == 100.0
    assert found["satisfaction"] == pytest.approx(3.5)
    trend = found["satisfactionTrend"]
    assert trend["direction"] == "improving"
    assert [(p["mean"], p["ratings"]) for p in trend["points"]] == [(3.0, 10), (4.0, 10)]


def test_metrics_feed_the_usage_fields_of_the_persona(api: Api, editor: str) -> None:
    entries = entries_for_two_days()
    api.ok(RECORD, {"entries": entries}, key=editor)

    card = api.ok(
        '{ persona(id: "helper") { chatCount datasetCount lastUsedAt version } }', key=editor
    )["persona"]

    latest = max(datetime.fromisoformat(e["at"]) for e in entries)
    assert (card["chatCount"], card["datasetCount"]) == (5, 2)
    assert datetime.fromisoformat(card["lastUsedAt"]) == latest
    assert card["version"] == 1  # usage is measured, not an edit: no new version


def test_metrics_for_an_unknown_persona_are_refused_and_nothing_is_written(
    api: Api, editor: str, store: Store
) -> None:
    before = fingerprint(store)
    entry = {"personaId": "nobody", "at": NOW.isoformat(), "latencyMs": 3.0, "success": True}
    helper = {**entry, "personaId": "helper"}

    answer = api(RECORD, {"entries": [helper, entry]}, key=editor)

    assert answer.codes == ["BAD_USER_INPUT"]
    assert "no persona 'nobody'" in answer.errors[0]["message"]
    assert fingerprint(store) == before


def test_concurrent_loads_into_one_bucket_lose_no_request(
    api: Api, editor: str, store: Store
) -> None:
    start = threading.Barrier(8)
    table = pa.table(
        {
            "persona_id": ["helper"] * 100,
            "timestamp": pa.array([NOW] * 100, pa.timestamp("us", tz="UTC")),
            "latency_ms": [10.0] * 100,
            "success": [True] * 100,
        }
    )

    def load(_: int) -> None:
        aggregator = Aggregator(hourly_since(NOW, 7))
        aggregator.add(table)
        start.wait()
        metrics_store.write(store, aggregator)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(load, range(8)))

    found = api.ok(METRICS, period(), key=editor)["personaMetrics"]
    assert (found["requests"], found["buckets"]) == (800, 1)


def _minutes(days: int, personas: list[str]) -> pa.Table:
    """Per-minute entries for ``days`` days up to an hour ago, per persona."""
    first = NOW - timedelta(days=days)
    minutes = days * 24 * 60 - 60
    stamps = [first + timedelta(minutes=m) for m in range(minutes)]
    return pa.table(
        {
            "persona_id": [p for p in personas for _ in stamps],
            "timestamp": pa.array(stamps * len(personas), pa.timestamp("us", tz="UTC")),
            "latency_ms": [float(20 + m % 200) for _ in personas for m in range(minutes)],
            "success": [m % 50 != 0 for _ in personas for m in range(minutes)],
            "satisfaction": [
                4.0 if m % 60 == 0 else None for _ in personas for m in range(minutes)
            ],
        }
    )


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_a_file_of_per_minute_metrics_becomes_day_and_hour_buckets(
    api: Api, editor: str, store: Store, tmp_path: Path, cli_env: None, suffix: str
) -> None:
    table = _minutes(10, ["helper", "other"])
    path = tmp_path / f"metrics.{suffix}"
    if suffix == "csv":
        pa_csv.write_csv(table, path)
    else:
        pq.write_table(table, path)

    result = CliRunner().invoke(app, ["metrics", "ingest", str(path)])

    assert result.exit_code == 0, result.output
    cutoff = hourly_since(datetime.now(UTC), get_settings().metrics_hourly_days)
    stamps = table["timestamp"].to_pylist()[: table.num_rows // 2]
    days = {s.date() for s in stamps if s < cutoff}
    hours = {s.replace(minute=0) for s in stamps if s >= cutoff}
    counts = metrics_store.bucket_counts(store)
    assert counts == {"day": 2 * len(days), "hour": 2 * len(hours)}
    assert sum(counts.values()) < table.num_rows / 50  # 28,680 entries, a few hundred nodes
    found = api.ok(
        METRICS, {**period(), "start": (NOW - timedelta(days=11)).isoformat()}, key=editor
    )["personaMetrics"]
    assert found["requests"] == table.num_rows // 2
    assert found["successRate"] == pytest.approx(1 - 1 / 50, abs=0.001)


def test_a_file_with_bad_rows_names_them_and_writes_nothing(
    api: Api, store: Store, tmp_path: Path, cli_env: None
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "persona_id,timestamp,latency_ms,success,satisfaction\n"
        f"helper,{NOW.isoformat()},12.5,true,4\n"
        f"helper,{NOW.isoformat()},-3,true,\n"
        f"helper,{NOW.isoformat()},7,true,9\n",
        encoding="utf-8",
    )
    before = fingerprint(store)

    result = CliRunner().invoke(app, ["metrics", "ingest", str(path)])

    assert result.exit_code == 1
    assert "row 2: latency_ms is negative (got -3.0)" in result.output
    assert "row 3: satisfaction is outside 1-5 (got 9.0)" in result.output
    assert fingerprint(store) == before


def test_aged_hour_buckets_merge_into_days_without_changing_the_figures(
    api: Api, editor: str, store: Store
) -> None:
    aggregator = Aggregator(NOW - timedelta(days=30))  # everything hourly
    aggregator.add(_minutes(3, ["helper"]))
    metrics_store.write(store, aggregator)
    window = {**period(), "start": (NOW - timedelta(days=4)).isoformat()}
    before = api.ok(METRICS, window, key=editor)["personaMetrics"]

    merged = metrics_store.compact(store, NOW.replace(hour=0, minute=0))
    after = api.ok(METRICS, window, key=editor)["personaMetrics"]

    assert merged > 24
    assert after["buckets"] < before["buckets"]
    for field in ("requests", "successRate", "latency", "satisfaction"):
        assert after[field] == before[field], field


def test_configurations_are_versioned_per_persona_and_type(api: Api, editor: str) -> None:
    document = """mutation C($doc: JSON!, $expected: Int!) {
      setPersonaConfiguration(personaId: "helper", type: "metrics", document: $doc,
                              expectedVersion: $expected) { id version document isCurrent } }"""

    first = api.ok(document, {"doc": {"latency_slo_ms": 800}, "expected": 0}, key=editor)
    second = api.ok(document, {"doc": {"latency_slo_ms": 500}, "expected": 1}, key=editor)
    stale = api(document, {"doc": {"latency_slo_ms": 1}, "expected": 1}, key=editor)
    listed = api.ok(
        """{ persona(id: "helper") {
             configurations(sort: [{version: ASC}]) { version isCurrent document createdBy } } }""",
        key=editor,
    )["persona"]["configurations"]

    assert first["setPersonaConfiguration"]["id"] == "helper|metrics|1"
    assert second["setPersonaConfiguration"]["document"] == {"latency_slo_ms": 500}
    assert stale.codes == ["CONFLICT"]
    assert "is at version 2, not 1" in stale.errors[0]["message"]
    assert [(c["version"], c["isCurrent"]) for c in listed] == [(1, False), (2, True)]
    assert listed[0]["document"] == {"latency_slo_ms": 800}
    assert listed[1]["createdBy"] == "meter"
    bad = api(document, {"doc": [1, 2], "expected": 2}, key=editor)
    assert "document: must be a JSON object, not list" in bad.errors[0]["message"]
