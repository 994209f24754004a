"""The relational export keeps the source's table semantics: its `personas` table holds the
workforce personas, so the source's own archetype-validation SQL, run unchanged on an
SQLite export, counts exactly the personas the graph flags as mismatched; and the export's
progress counts every table exactly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from personagraph.admin import persona_edits
from personagraph.admin.persona_edits import Actor
from personagraph.behavioral.config import load_rules
from personagraph.behavioral.features import WINDOWS
from personagraph.behavioral.run import prepare, run
from personagraph.export.mapping import Target
from personagraph.export.run import ExportRequest, run_export
from personagraph.model.archetype import Archetype
from personagraph.model.persona_edits import NewPersona
from personagraph.seeding import pipeline
from personagraph.seeding.behavioral_synthetic import DEFAULT_AS_OF, write_behavioral_dataset
from personagraph.store import Store

ROOT = Path(__file__).resolve().parents[2]

# seed-docs/000, "Phase 2: Validation & Refinement", "-- Verify matches", verbatim.
SOURCE_VALIDATION_SQL = """
SELECT
    persona_id,
    name,
    archetype as assigned,
    CASE
        WHEN work_complexity_score >= 50 AND ai_maturity_score >= 50 THEN 'ORCHESTRATOR'
        WHEN work_complexity_score < 50 AND ai_maturity_score >= 50 THEN 'AUTOMATOR'
        WHEN work_complexity_score >= 50 AND ai_maturity_score < 50 THEN 'SKEPTIC'
        ELSE 'LEARNER'
    END as calculated,
    CASE
        WHEN archetype = CASE
            WHEN work_complexity_score >= 50 AND ai_maturity_score >= 50 THEN 'ORCHESTRATOR'
            WHEN work_complexity_score < 50 AND ai_maturity_score >= 50 THEN 'AUTOMATOR'
            WHEN work_complexity_score >= 50 AND ai_maturity_score < 50 THEN 'SKEPTIC'
            ELSE 'LEARNER'
        END THEN '✓ Match'
        ELSE '✗ Mismatch'
    END as validation
FROM personas
WHERE is_active = TRUE;
"""

# The same section, "-- Test archetype inference for all personas", verbatim.
SOURCE_INFERENCE_SQL = """
SELECT
    persona_id,
    name,
    archetype as assigned_archetype,
    work_complexity_score,
    ai_maturity_score,
    archetype_confidence,
    archetype_requires_review,
    CASE
        WHEN work_complexity_score >= 50 AND ai_maturity_score >= 50 THEN 'ORCHESTRATOR'
        WHEN work_complexity_score < 50 AND ai_maturity_score >= 50 THEN 'AUTOMATOR'
        WHEN work_complexity_score >= 50 AND ai_maturity_score < 50 THEN 'SKEPTIC'
        ELSE 'LEARNER'
    END as calculated_archetype
FROM personas
WHERE is_active = TRUE;
"""


class Recorded:
    """A progress listener that keeps every total it was told and the rows counted."""

    def __init__(self) -> None:
        self.totals: list[dict[str, int | None]] = []
        self.counted: dict[str, int] = {}

    def tables(self, totals: dict[str, int | None]) -> None:
        self.totals.append(dict(totals))

    def rows(self, table: str, count: int) -> None:
        self.counted[table] = self.counted.get(table, 0) + count


def graph_mismatches(store: Store, kind: str | None = None) -> set[str]:
    """The active personas the graph flags as mismatched (of one kind, or any)."""
    rows = store.run_raw(
        "MATCH (p:Persona) WHERE p.archetype_mismatch AND coalesce(p.is_active, true) "
        "AND ($kind IS NULL OR coalesce(p.kind, 'workforce') = $kind) RETURN p.id AS id",
        kind=kind,
    )
    return {row["id"] for row in rows}


def test_the_sources_validation_sql_counts_exactly_the_graphs_mismatches(
    store: Store, tmp_path: Path
) -> None:
    pipeline.load(store, pipeline.prepare(ROOT / "seeds"))
    # Behavioral personas (the assignment rules') and an assistant persona join the graph;
    # a mismatched persona is soft-deleted and another overridden by a person.
    write_behavioral_dataset(tmp_path / "features")
    rules = load_rules(ROOT / "seeds" / "behavioral" / "personas.yaml")
    run(store, prepare(tmp_path / "features", DEFAULT_AS_OF, WINDOWS, rules))
    actor = Actor("test")
    persona_edits.create_persona(
        store,
        # Declared a LEARNER with an executive's scope; an assistant has no archetype to
        # infer, so nothing flags it, and it is not a workforce persona either.
        NewPersona(id="cbt-companion", name="CBT companion", archetype=Archetype.LEARNER,
                   kind="assistant", seniority_level="executive", team_size=40),
        actor,
    )  # fmt: skip
    deleted, overridden, *_ = sorted(graph_mismatches(store, "workforce"))
    persona_edits.delete_persona(store, deleted, _version(store, deleted), actor)
    persona_edits.override_archetype(
        store, overridden, Archetype.ORCHESTRATOR, "Reviewed", _version(store, overridden), actor
    )
    progress = Recorded()

    target = tmp_path / "export.sqlite"
    result = run_export(store, ExportRequest(Target.SQLITE, str(target)), progress)

    with sqlite3.connect(target) as db:
        validation = db.execute(SOURCE_VALIDATION_SQL).fetchall()
        inference = db.execute(SOURCE_INFERENCE_SQL).fetchall()
        kinds = dict(db.execute("SELECT kind, count(*) FROM personas GROUP BY kind").fetchall())
        behavioral = db.execute("SELECT count(*) FROM behavioral_personas").fetchone()[0]
        assistants = db.execute("SELECT id FROM assistant_personas").fetchall()
    flagged = graph_mismatches(store, "workforce")
    assert {row[0] for row in validation if row[-1] == "✗ Mismatch"} == flagged
    assert len(flagged) == 3  # the catalog's 5, one deleted, one decided by a person
    assert "cbt-companion" not in graph_mismatches(store)
    assert len(validation) == len(inference) == 143
    assert kinds == {"workforce": 144}
    assert behavioral == 5
    assert assistants == [("cbt-companion",)]
    # The progress bar was told the exact rows of every table before the first one.
    assert progress.totals == [result.rows]
    assert progress.counted == {name: n for name, n in result.rows.items() if n}
    assert not result.dropped
    assert not result.unexported


def _version(store: Store, persona_id: str) -> int:
    return int(store.read("read/persona_versions", ids=[persona_id])[0]["version"])


def test_a_function_subsets_progress_ends_exactly_at_what_was_written(
    store: Store, tmp_path: Path
) -> None:
    pipeline.load(store, pipeline.prepare(ROOT / "seeds"))
    progress = Recorded()

    request = ExportRequest(Target.SQLITE, str(tmp_path / "sales.sqlite"), function="SALES")
    result = run_export(store, request, progress)

    # Link tables start from every link of their type (which are kept is known only once
    # both ends are written) and are corrected as each table ends.
    assert progress.totals[0]["personas"] == result.rows["personas"] == 24
    assert progress.totals[-1] == result.rows
    assert sum(progress.counted.values()) == sum(result.rows.values())
