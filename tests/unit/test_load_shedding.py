"""A bounded number of operations at once; the next wait a while, then are refused."""

from __future__ import annotations

import asyncio

import pytest

from personagraph.api.graphql.runtime.transport import TransportError
from personagraph.api.load_shedding import OperationSlots


def test_an_operation_waits_for_a_slot_that_frees_in_time() -> None:
    async def scenario() -> list[str]:
        slots = OperationSlots(limit=1, wait=5.0)
        order: list[str] = []

        async def hold() -> None:
            async with slots.slot():
                order.append("first in")
                await asyncio.sleep(0.05)
                order.append("first out")

        async def follow() -> None:
            await asyncio.sleep(0.01)
            async with slots.slot():
                order.append("second in")

        await asyncio.gather(hold(), follow())
        assert slots.in_flight == 0
        assert slots.shed == 0
        return order

    assert asyncio.run(scenario()) == ["first in", "first out", "second in"]


def test_an_operation_without_a_slot_in_time_is_refused_with_503() -> None:
    async def scenario() -> TransportError:
        slots = OperationSlots(limit=2, wait=0.02)
        release = asyncio.Event()

        async def hold() -> None:
            async with slots.slot():
                await release.wait()

        holders = [asyncio.create_task(hold()) for _ in range(2)]
        await asyncio.sleep(0.01)
        assert slots.in_flight == 2
        with pytest.raises(TransportError) as refused:
            async with slots.slot():
                pass
        release.set()
        await asyncio.gather(*holders)
        assert slots.shed == 1
        async with slots.slot():  # free again
            pass
        return refused.value

    refused = asyncio.run(scenario())
    assert (refused.status, refused.code) == (503, "OVERLOADED")
    assert refused.headers == {"Retry-After": "1"}
    assert "at capacity (2 operations at once per worker" in refused.message


def test_with_no_wait_a_free_slot_is_still_taken() -> None:
    async def scenario() -> int:
        slots = OperationSlots(limit=1, wait=0.0)
        async with slots.slot():
            with pytest.raises(TransportError):
                async with slots.slot():
                    pass
        async with slots.slot():
            return slots.shed

    assert asyncio.run(scenario()) == 1
