"""The validation report of an assignment run (the source's validation criteria for
behavioral assignment), from what the graph holds.

Coverage (every subject assigned for every window), counts per primary persona and
window, STABLE, subjects with a secondary persona, subjects whose primary persona
differs between windows, traces present, and, when the subjects' archetypes are known
(the synthetic data set's ``subjects.parquet``), whether each archetype got the persona
the source expects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from personagraph.behavioral.features import ARCHETYPE_PERSONA, SubjectArchetype
from personagraph.behavioral.graph import StoredAssignment

__all__ = ["AlignmentRow", "Summary", "expectation", "summarize"]


@dataclass(frozen=True, slots=True)
class AlignmentRow:
    """How many subject-windows of one archetype got what the source expects."""

    archetype: SubjectArchetype
    expected: str
    subject_windows: int
    aligned: int

    @property
    def holds(self) -> bool:
        return self.subject_windows > 0 and self.aligned == self.subject_windows


@dataclass(frozen=True, slots=True)
class Summary:
    """The validation report of one as-of date."""

    windows: tuple[int, ...]
    subjects: int
    assignments: int
    uncovered: tuple[str, ...]
    counts: Mapping[int | None, Mapping[int, int]]
    with_secondary: int
    differing: tuple[str, ...]
    missing_traces: int
    alignment: tuple[AlignmentRow, ...]

    @property
    def expected_assignments(self) -> int:
        return self.subjects * len(self.windows)

    @property
    def stable(self) -> int:
        return sum(self.counts.get(None, {}).values())


def expectation(archetype: SubjectArchetype) -> str:
    """Returns: what the source expects of an archetype, in words."""
    if archetype is SubjectArchetype.STABLE:
        return "STABLE, no primary"
    if archetype is SubjectArchetype.MULTI_PERSONA:
        return "primary and secondary"
    return f"persona {ARCHETYPE_PERSONA[archetype]} primary"


def _aligned(archetype: SubjectArchetype, row: StoredAssignment) -> bool:
    if archetype is SubjectArchetype.STABLE:
        return row.status == "STABLE" and row.primary_persona_id is None
    if archetype is SubjectArchetype.MULTI_PERSONA:
        return row.primary_persona_id is not None and row.secondary_persona_id is not None
    return row.primary_persona_id == ARCHETYPE_PERSONA[archetype]


def summarize(
    rows: Sequence[StoredAssignment],
    windows: Sequence[int],
    archetypes: Mapping[str, SubjectArchetype] | None = None,
) -> Summary:
    """Builds the validation report.

    Args:
        rows: the assignments of one as-of date, as read from the graph.
        windows: the windows every subject should have.
        archetypes: each subject's known archetype, when there is one.

    Returns:
        The report; :attr:`Summary.uncovered` lists subjects missing a window.
    """
    by_subject: dict[str, dict[int, StoredAssignment]] = {}
    for row in rows:
        by_subject.setdefault(row.user_id, {})[row.window_days] = row
    counts: dict[int | None, Counter[int]] = {}
    for row in rows:
        counts.setdefault(row.primary_persona_id, Counter())[row.window_days] += 1
    differing = tuple(
        user
        for user, mine in sorted(by_subject.items())
        if len({row.primary_persona_id for row in mine.values()}) > 1
    )
    return Summary(
        windows=tuple(windows),
        subjects=len(by_subject),
        assignments=len(rows),
        uncovered=tuple(u for u, mine in sorted(by_subject.items()) if set(windows) - set(mine)),
        counts={persona: dict(c) for persona, c in counts.items()},
        with_secondary=sum(row.secondary_persona_id is not None for row in rows),
        differing=differing,
        missing_traces=sum(not row.has_trace for row in rows),
        alignment=_alignment(rows, archetypes or {}),
    )


def _alignment(
    rows: Sequence[StoredAssignment], archetypes: Mapping[str, SubjectArchetype]
) -> tuple[AlignmentRow, ...]:
    totals: Counter[SubjectArchetype] = Counter()
    aligned: Counter[SubjectArchetype] = Counter()
    for row in rows:
        archetype = archetypes.get(row.user_id)
        if archetype is not None:
            totals[archetype] += 1
            aligned[archetype] += _aligned(archetype, row)
    return tuple(
        AlignmentRow(a, expectation(a), totals[a], aligned[a])
        for a in SubjectArchetype
        if totals[a]
    )
