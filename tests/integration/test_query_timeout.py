"""A statement that runs past its time limit is stopped by the server and reported as such,
through the store and through the service's async reads."""

from __future__ import annotations

import asyncio

import pytest

from personagraph.errors import QueryTimedOut
from personagraph.store import Store
from personagraph.store.async_reads import AsyncReads


def test_a_slow_read_is_stopped_at_its_time_limit(store: Store) -> None:
    with pytest.raises(QueryTimedOut, match="ran longer than its time limit"):
        store.read_statement(
            "UNWIND range(1, 100000000) AS x RETURN sum(x * x) AS total", {}, timeout=0.2
        )


def test_the_services_async_reads_are_stopped_alike_and_counted(store: Store) -> None:
    async def ask() -> list[dict[str, object]]:
        reads = await AsyncReads.open(store)
        try:
            rows = await reads.read_statement("UNWIND [1, 2] AS x RETURN {x: x} AS result", {})
            with pytest.raises(QueryTimedOut, match="ran longer than its time limit"):
                await reads.read_statement(
                    "UNWIND range(1, 100000000) AS x RETURN sum(x * x) AS total", {}, timeout=0.2
                )
            return rows
        finally:
            await reads.close()

    sent = store.queries_sent
    rows = asyncio.run(ask())
    assert rows == [{"result": {"x": 1}}, {"result": {"x": 2}}]
    # Counted with the store's own statements (the /metrics counter, one per request).
    assert store.queries_sent == sent + 1
