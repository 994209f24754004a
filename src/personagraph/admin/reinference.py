"""Re-inference inside the caller's transaction, recording an archetype migration when the
quadrant changes.

Whatever changes a persona's attributes — a GraphQL edit, the definitions import — calls
:func:`reinfer_in_transaction` in the same transaction after writing them: the persona is
inferred again from what the graph now holds, the results are written, and when the
quadrant moved an ``ArchetypeMigration`` of kind ``inferred`` records the scores before
and after and the attribute changes that caused it (:mod:`personagraph.inference.
archetype_migration`). The catalog load does the same in batches
(:mod:`personagraph.seeding.writer`).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from personagraph.errors import EntityNotFound
from personagraph.inference.archetype import (
    DEFAULT_WEIGHTS,
    ArchetypeInference,
    InferenceWeights,
    compare_archetypes,
    infer_archetype,
    signals_from_properties,
)
from personagraph.inference.archetype_migration import (
    InferenceState,
    inferred_migration,
    inputs_snapshot,
)
from personagraph.store.connection import Transaction

__all__ = ["Reinference", "reinfer_in_transaction"]


@dataclass(frozen=True)
class Reinference:
    """What a re-inference found and wrote."""

    persona_id: str
    before: InferenceState
    inference: ArchetypeInference
    migration_id: str | None

    @property
    def migrated(self) -> bool:
        """Returns: whether the quadrant changed (a migration was recorded)."""
        return self.migration_id is not None


def reinfer_in_transaction(
    tx: Transaction, persona_id: str, actor: str, weights: InferenceWeights = DEFAULT_WEIGHTS
) -> Reinference:
    """Infer a persona's archetype again from its current attributes, in ``tx``.

    Takes the persona's write lock (if the caller has not already), so that the state it
    compares with is the one it replaces. Call it after writing the attributes, in the
    same transaction: the migration then commits or rolls back with them.

    Args:
        tx: the caller's transaction.
        persona_id: the persona whose attributes changed.
        actor: who changed them (an API key's name, ``definitions import``…).
        weights: the inference to run (the defaults unless configured).

    Returns:
        The state before, the new inference, and the migration's id when the quadrant
        changed.

    Raises:
        EntityNotFound: no such persona.
        ValidationFailed: a stored attribute is impossible, or the declared archetype is
            not one of the four.
    """
    if not tx.run("write/personas/lock", id=persona_id):
        raise EntityNotFound(f"id: no persona {persona_id!r}; list them with the `personas` query")
    row = tx.run("read/personas/inference_state", id=persona_id)[0]
    props = row["props"]
    signals = signals_from_properties(props, row["goals"], row["pain_points"])
    inference = infer_archetype(signals, weights)
    snapshot = inputs_snapshot(signals, weights)
    results: dict[str, Any] = dict(inference.graph_properties())
    results["archetype_mismatch"] = compare_archetypes(props.get("archetype"), inference).mismatch
    if props.get("archetype_overridden"):
        results["requires_review"] = False  # a person decided: not back in the queue
    results["inference_inputs"] = json.dumps(snapshot, sort_keys=True)
    tx.run("write/personas/write_inference", id=persona_id, props=results)
    before = InferenceState.of(props)
    migration = inferred_migration(persona_id, before, InferenceState.of(results))
    migration_id = None
    if migration is not None:
        migration_id = str(uuid.uuid4())
        tx.run(
            "write/personas/record_migrations",
            rows=[{**migration, "id": migration_id, "actor": actor}],
        )
    return Reinference(persona_id, before, inference, migration_id)
