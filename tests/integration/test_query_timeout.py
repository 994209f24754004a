"""A statement that runs past its time limit is stopped by the server and reported as such."""

from __future__ import annotations

import pytest

from personagraph.errors import QueryTimedOut
from personagraph.store import Store


def test_a_slow_read_is_stopped_at_its_time_limit(store: Store) -> None:
    with pytest.raises(QueryTimedOut, match="ran longer than its time limit"):
        store.read_statement(
            "UNWIND range(1, 100000000) AS x RETURN sum(x * x) AS total", {}, timeout=0.2
        )
