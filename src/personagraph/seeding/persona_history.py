"""The history of personas a load changes: seed loads and behavioral rule loads.

A load rewrites personas in batches; their states are read before (the rows it will
change) and after, and one ``PersonaVersion`` per changed persona keeps what the load
replaced, as an edit's would (:mod:`personagraph.admin.history`). Loads write no audit
events (they are not edits by a person); the version history is enough to answer
"what did this persona look like before the last load".
"""

from __future__ import annotations

from collections.abc import Iterable

from personagraph.admin import history
from personagraph.serving import sequence
from personagraph.store.connection import Transaction


class SeedEdits:
    """Collects the personas one load changes, then records their versions.

    Args:
        action: what the versions say made them (``seed``, ``behavioral``).
    """

    def __init__(self, action: str = "seed", actor: str = "seed load") -> None:
        self.action = action
        self.actor = actor
        self._before: dict[str, history.State] = {}
        self._retired: list[str] = []

    def before(self, tx: Transaction, ids: Iterable[str]) -> None:
        """Note the states of ``ids``, which the load is about to change."""
        self._before.update(history.states(tx, ids))

    def retired(self, ids: Iterable[str]) -> None:
        """Note ``ids`` as just retired (their only change: ``is_active`` to false)."""
        self._retired.extend(ids)

    def record(self, tx: Transaction, *, touches_serving: bool) -> None:
        """Record a version for each noted persona the load changed; move the serving
        caches' sequence when ``touches_serving`` (anything they hold changed)."""
        ids = set(self._before) | set(self._retired)
        after = history.states(tx, ids)
        rows = []
        for persona_id in sorted(ids & after.keys()):
            now = after[persona_id]
            before = self._before.get(persona_id)
            if before is None:  # retired: active, one version earlier
                before = {**now, "is_active": True, "version": int(now["version"]) - 1}
            elif before.get("version") == now.get("version"):
                continue  # written but unchanged (a concurrent load got there first)
            row = history.version_row(persona_id, int(now["version"]), self.action, before, now)
            if row is not None:
                rows.append(row)
        if rows:
            tx.run("write/history/record_versions", rows=rows, actor=self.actor)
        if touches_serving or rows:
            sequence.bump(tx)
