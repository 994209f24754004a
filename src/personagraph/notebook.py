"""What the analytics notebooks share: the connection, and results as pandas DataFrames.

The notebooks in ``notebooks/`` call the project's own analytics (``personagraph.analytics``)
and export (``personagraph.export``); this module only connects the way the CLI does and
turns the frozen dataclasses and Cypher rows those return into DataFrames, so that each
notebook cell stays a line or two. A DataFrame has one row per item and plain columns
(strings, numbers, booleans), ready for ``groupby``, ``pivot`` and matplotlib.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING

import pandas as pd

from personagraph.model.archetype import Archetype
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.settings import get_settings
from personagraph.store import Store
from personagraph.store.connection import ConnectionSpec

if TYPE_CHECKING:
    # Only for annotations: the scoring and clustering modules import the GDS client,
    # which notebooks that only read or export need not load (seconds at kernel start).
    from personagraph.analytics.comparison import RunComparison
    from personagraph.analytics.distribution import ArchetypeDistribution
    from personagraph.analytics.pain_clusters import PainCluster
    from personagraph.analytics.scoring import ScoringResult

SUB_SCORES = ("reach", "impact", "feasibility", "adoption_readiness")
ARCHETYPES = tuple(archetype.value for archetype in Archetype)


def connect() -> tuple[ConnectionSpec, Store]:
    """The service's database, found as the ``personagraph`` command finds it.

    ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD`` when set, else the local server
    that ``personagraph up`` started.

    Raises:
        ConfigurationError: no server is configured or running.
        DatabaseUnavailable: the server does not answer.

    Returns:
        Where the server is (the GDS analyses open their own connection from it) and an
        open store on it; close the store when done.
    """
    spec = resolve_connection(get_settings())
    return spec, Store.open(spec)


def scores_frame(result: ScoringResult) -> pd.DataFrame:
    """One row per opportunity of a scoring run, best first: rank, key, name, overall and
    the four sub-scores, and the function that contributed most to its reach."""
    rows = [
        {
            "rank": score.rank,
            "key": score.key,
            "name": score.name,
            "overall": score.overall,
            **{name: getattr(score, name) for name in SUB_SCORES},
            "top_function": (
                score.explanation.functions[0].key if score.explanation.functions else None
            ),
        }
        for score in result.scores
    ]
    return pd.DataFrame(rows).set_index("rank")


def comparison_frame(comparison: RunComparison) -> pd.DataFrame:
    """One row per opportunity of two runs: rank and overall before and after, and how far
    it moved (positive = climbed; missing where a run did not score it)."""
    rows = [{**asdict(change), "moved": change.moved} for change in comparison.changes]
    ranks = dict.fromkeys(("before_rank", "after_rank", "moved"), "Int64")
    return pd.DataFrame(rows).astype(ranks)


def evidence_frame(store: Store) -> pd.DataFrame:
    """Every link from an active persona to an opportunity, with the weight scoring gives it.

    One row per (opportunity, persona, pain point or JTBD): the persona's function and
    effective archetype, the ``kind`` (``pain`` or ``job``), the ``item`` key and
    ``weight`` (severity/5 x strength for a pain, importance/10 for a job), so that
    summing ``weight`` by function or archetype splits each opportunity's reach.
    """
    # Imported here: the scoring module brings the GDS client, which the notebooks that
    # never score should not wait for.
    from personagraph.analytics.evidence import evidence_paths

    rows = [
        {
            "opportunity": path.opportunity,
            "persona": path.persona,
            "function": path.function,
            "archetype": path.archetype.value,
            "kind": path.kind,
            "item": path.item,
            "weight": path.weight,
        }
        for path in evidence_paths(store)
    ]
    return pd.DataFrame(rows, columns=_EVIDENCE_COLUMNS)


_EVIDENCE_COLUMNS = ["opportunity", "persona", "function", "archetype", "kind", "item", "weight"]


def top_by_group(
    evidence: pd.DataFrame, scores: pd.DataFrame, group: str, top: int = 3
) -> pd.DataFrame:
    """The ``top`` opportunities for each function (or archetype): those the group's
    personas reach most, by summed evidence weight, and their overall score.

    Args:
        evidence: from :func:`evidence_frame`.
        scores: from :func:`scores_frame` (for the names and overall scores).
        group: ``"function"`` or ``"archetype"``.
        top: opportunities kept per group.

    Returns:
        One row per (group, place): the opportunity's name, the group's reach weight
        and the opportunity's overall score in the run of ``scores``.
    """
    weights = (
        evidence.groupby([group, "opportunity"], as_index=False)["weight"]
        .sum()
        .sort_values([group, "weight", "opportunity"], ascending=[True, False, True])
    )
    best = weights.groupby(group).head(top).copy()
    best["place"] = best.groupby(group).cumcount() + 1
    names = scores.set_index("key")
    best["name"] = best["opportunity"].map(names["name"])
    best["overall"] = best["opportunity"].map(names["overall"])
    return best.set_index([group, "place"])[["name", "weight", "overall"]]


def clusters_frame(clusters: Iterable[PainCluster]) -> pd.DataFrame:
    """One row per pain cluster, best first: its name, sizes, the functions it spans,
    the opportunities addressing it, and whether it is white space."""
    rows = [
        {
            "rank": c.rank,
            "name": c.name,
            "pain_points": len(c.pain_points),
            "unaddressed": len(c.unaddressed),
            "functions": len(c.functions),
            "function_keys": ", ".join(c.functions),
            "personas": c.persona_count,
            "mean_severity": c.mean_severity,
            "opportunities": len(c.opportunities),
            "coverage": c.coverage,
            "white_space": c.white_space,
        }
        for c in clusters
    ]
    return pd.DataFrame(rows, columns=_CLUSTER_COLUMNS).set_index("rank")


_CLUSTER_COLUMNS = [
    "rank", "name", "pain_points", "unaddressed", "functions", "function_keys", "personas",
    "mean_severity", "opportunities", "coverage", "white_space",
]  # fmt: skip


def distribution_frame(distributions: Iterable[ArchetypeDistribution]) -> pd.DataFrame:
    """Persona counts per function (rows) and archetype (columns), with the total and the
    function's adoption readiness (0-1)."""
    rows = [
        {
            "function": d.function,
            **{a.value: d.counts.get(a, 0) for a in Archetype},
            "total": d.total,
            "adoption_readiness": d.adoption_readiness,
        }
        for d in distributions
    ]
    return pd.DataFrame(rows).set_index("function")


def persona_inference(store: Store) -> pd.DataFrame:
    """Every active persona's archetype inference: function, declared and inferred
    archetype, the two scores, confidence, and whether it needs review or mismatches."""
    return pd.DataFrame(store.read("read/notebooks/persona_inference")).set_index("id")


def review_queue(store: Store, limit: int = 1000) -> pd.DataFrame:
    """The archetype review queue, as the admin API lists it: mismatches first, then the
    least confident inferences, then the personas more opportunities reach; each with the
    reason it is there."""
    # Imported here like the analytics: the notebooks that never read the queue skip it.
    from personagraph.admin.review_queue import review_queue as read_queue

    items = read_queue(store, limit=limit).items
    return pd.DataFrame([asdict(item) for item in items], columns=_QUEUE_COLUMNS).set_index("id")


_QUEUE_COLUMNS = [
    "id", "name", "function", "declared", "inferred", "confidence", "work_complexity",
    "ai_maturity", "mismatch", "low_confidence", "opportunities", "version", "reason",
]  # fmt: skip


def migration_paths(
    store: Store, start: str | None = None, end: str | None = None, function: str | None = None
) -> pd.DataFrame:
    """Archetype migration paths between two days (``YYYY-MM-DD``, both included), as
    ``personagraph personas migrations`` lists them: one row per (path, function) with
    its count, the most frequent paths first; ``path`` reads ``LEARNER → AUTOMATOR``."""
    from personagraph.admin.migration_paths import migration_paths as read_paths
    from personagraph.admin.migration_paths import path_query

    paths = read_paths(store, path_query(start, end, function))
    rows = [
        {
            "path": f"{p.from_archetype or '(none)'} → {p.to_archetype}",
            "kind": p.kind,
            "function": f.key or "(none)",
            "migrations": f.count,
        }
        for p in paths
        for f in p.functions
    ]
    return pd.DataFrame(rows, columns=["path", "kind", "function", "migrations"])


def pain_categories_by_function(store: Store) -> pd.DataFrame:
    """One row per (pain category, function): personas experiencing a pain of that
    category, mean severity, and the personas of them with a pain no opportunity addresses."""
    return pd.DataFrame(store.read("read/notebooks/pain_categories_by_function"))
