"""How many nodes each label holds, kept as size classes for choices made at compile time.

A root page sorted on an indexed property is either sorted at once or walked along the
index (:mod:`.index_walk`); a label no larger than the walk's first window is sorted at
once. Deciding that inside the statement (a count-store check letting one of two
subqueries through) cost Q1 of the peer comparison about a fifth of its time in Neo4j
(docs/benchmarks.md, "Q1 against the peer's statement"). The service therefore keeps
the labels' sizes (:mod:`personagraph.api.graphql.runtime.label_sizes` refreshes them)
and the compiler decides from them.

Sizes are kept as classes — a count's bit length, so a class covers counts up to
twice its smallest — and statements are cached per class: a catalog that grows by a
few nodes keeps its statements, one that doubles gets new ones. Both ways give the
same page, so a size that is a little out of date costs time, never a wrong answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from personagraph.model.ontology import NODE_TYPES

__all__ = ["LabelSizes", "count_statement"]


@dataclass(frozen=True)
class LabelSizes:
    """Size classes by label (a label not named here is of unknown size)."""

    classes: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> LabelSizes:
        """The classes of ``counts`` (nodes by label)."""
        return cls(tuple(sorted((label, int(n).bit_length()) for label, n in counts.items())))

    def largest(self, label: str) -> int | None:
        """The most nodes ``label`` may hold in its class; None when its size is unknown."""
        for name, size_class in self.classes:
            if name == label:
                return (1 << size_class) - 1
        return None


def count_statement(labels: Iterable[str] | None = None) -> str:
    """One row: the node count of each label (default: every label of the ontology), read
    from the count store (one db hit each).

    Built here rather than kept in a ``.cypher`` file because the labels are the
    ontology's, like every statement of the GraphQL compiler.
    """
    names = [node.label for node in NODE_TYPES] if labels is None else list(labels)
    counts = ", ".join(f"COUNT {{ (:{label}) }} AS `{label}`" for label in names)
    return f"RETURN {counts}"
