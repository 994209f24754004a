"""The service counts each label's nodes for the compiler, and counts again when the
count is old, without holding up the request that notices."""

from __future__ import annotations

import asyncio

from personagraph.api.graphql.runtime.label_sizes import LabelSizeBoard
from personagraph.store import Store
from personagraph.store.async_reads import AsyncReads


def add_personas(store: Store, count: int, prefix: str = "sized") -> None:
    store.run_raw(
        "UNWIND range(1, $count) AS i CREATE (:Persona {id: $prefix + '-' + toString(i)})",
        count=count,
        prefix=prefix,
    )


def test_sizes_are_counted_at_first_use_and_again_once_old(store: Store) -> None:
    add_personas(store, 3)

    async def watch() -> tuple[int | None, int | None, int | None]:
        reads = await AsyncReads.open(store)
        try:
            board = LabelSizeBoard(reads, max_age=0.05)
            first = (await board.current()).largest("Persona")
            add_personas(store, 10, "more")  # 13 personas: the next class
            soon = (await board.current()).largest("Persona")  # not old yet
            await asyncio.sleep(0.1)
            await board.current()  # old: a count starts in the background
            for _ in range(100):
                await asyncio.sleep(0.02)
                later = (await board.current()).largest("Persona")
                if later != first:
                    break
            return first, soon, later
        finally:
            await reads.close()

    background = store.background_queries
    first, soon, later = asyncio.run(watch())
    assert (first, soon, later) == (3, 3, 15)  # classes: 2-3 personas, then 8-15
    # Counts are the service's own reads, not a request's statements.
    assert store.background_queries > background
    assert store.queries_sent == 2  # the two run_raw above; nothing else


def test_a_count_that_fails_keeps_the_sizes_known(store: Store) -> None:
    add_personas(store, 5)

    async def fail_once_known() -> tuple[int | None, int | None]:
        reads = await AsyncReads.open(store)
        board = LabelSizeBoard(reads, max_age=0.0)
        known = (await board.current()).largest("Persona")
        await reads.close()  # every read from now on fails
        add_personas(store, 10, "more")  # a count that worked would see 15
        await board.count()
        return known, (await board.current()).largest("Persona")

    assert asyncio.run(fail_once_known()) == (7, 7)
