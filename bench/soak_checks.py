"""Whether every write the soak's clients were told had committed is in the graph.

An acknowledged ``updatePersona`` answered version *v* with tagline *t*. Afterwards:

* an ``update`` audit event of that persona records the state *v*, *t* (the audit
  event is written in the edit's transaction, so it exists exactly when the edit
  committed);
* no two audited updates of a persona record the same version (two writers that
  both moved it from one version would be a lost update);
* each persona's version is its version before the soak plus its audited updates,
  and its tagline is the one its last audited update recorded.

Updates audited without an acknowledgement are counted too: writes whose answer the
client never got, or got as an error (a commit under way while the database died).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from personagraph.store import Store
from soak_load import Ack


def persona_states(store: Store) -> dict[str, tuple[int, str | None]]:
    """Every persona's (version, tagline), by id."""
    return {
        row["id"]: (row["version"], row["tagline"]) for row in store.read("bench/soak_personas")
    }


def check_writes(
    store: Store, acks: list[Ack], before: dict[str, tuple[int, str | None]], hot: list[str]
) -> dict[str, Any]:
    """The figures of the checks in the module docstring (``problems`` lists any failure)."""
    after = persona_states(store)
    audited: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    for row in store.read("bench/soak_audited_updates", ids=hot):
        state = json.loads(row["after"])
        audited[row["id"]].append((state["version"], state.get("tagline")))
    problems: list[str] = []
    committed = {
        (persona, version, tagline)
        for persona, rows in audited.items()
        for version, tagline in rows
    }
    missing = [ack for ack in acks if (ack.persona, ack.version, ack.tagline) not in committed]
    problems += [
        f"acknowledged write lost: {ack.persona} version {ack.version} ({ack.tagline!r}, "
        f"answered at {ack.at:.1f} s)"
        for ack in missing
    ]
    for persona in hot:
        versions = Counter(version for version, _ in audited[persona])
        problems += [
            f"{persona}: {count} committed updates each claim version {version}"
            for version, count in versions.items()
            if count > 1
        ]
        problems += _final_state(persona, before[persona], after[persona], audited[persona])
    acknowledged = {(ack.persona, ack.version, ack.tagline) for ack in acks}
    return {
        "acknowledged_writes": len(acks),
        "acknowledged_writes_found": len(acks) - len(missing),
        "committed_updates": len(committed),
        "committed_without_acknowledgement": len(committed - acknowledged),
        "hot_personas": len(hot),
        "problems": problems,
    }


def _final_state(
    persona: str,
    before: tuple[int, str | None],
    after: tuple[int, str | None],
    updates: list[tuple[int, str | None]],
) -> list[str]:
    expected = before[0] + len(updates)
    if after[0] != expected:
        return [
            f"{persona}: at version {after[0]}, but {before[0]} + {len(updates)} audited "
            f"updates make {expected}"
        ]
    if updates and (after[0], after[1]) not in updates:
        return [f"{persona}: its tagline {after[1]!r} is not what its last update wrote"]
    return []
