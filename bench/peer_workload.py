"""The workload of ``compare_peer.py``: four questions, each written in personagraph's
syntax and in the Neo4j GraphQL Library's (v7), and how their answers are compared.

Field names are the same on both sides (the peer's type definitions alias the
snake_case properties to personagraph's camelCase), so a document differs only where
the two libraries' argument shapes differ:

- a filter on relationship properties: ``edgeWhere: {…}`` here, ``where: {edge: {…}}``
  there; a filter on the node of a connection: ``where: {…}`` / ``where: {node: {…}}``;
- relationship properties on a connection edge: ``edges { severity }`` here,
  ``edges { properties { severity } }`` there (moved onto the edge before comparing);
- cursors are opaque on both sides and differ in form, so their values are not
  compared; each side pages on with its own cursor.

Every list is sorted down to a unique key and bounded, so both answers are fully
determined: personagraph caps unbounded lists at its maximum page size, the peer does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Json = Any

Q1 = """query Q1 {
  personas(where: {archetype: {in: ["SKEPTIC", "LEARNER"]}, teamSize: {gte: 3}},
           sort: [{name: ASC}, {id: ASC}], limit: 50) {
    id name title archetype teamSize yearsOfExperience
  }
}"""

_Q2 = """query Q2 {
  personas(where: {archetype: {eq: "AUTOMATOR"}}, sort: [{id: ASC}], limit: 25) {
    id name
    painPointsConnection(%(severity)s, sort: [{node: {key: ASC}}], first: 20) {
      edges { %(edge)s node { key text category } }
    }
  }
}"""

_Q3 = """query Q3($after: String) {
  personasConnection(where: {archetype: {in: ["AUTOMATOR", "ORCHESTRATOR"]}},
                     sort: [{name: ASC}, {id: ASC}], first: 10, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name
      painPointsConnection(%(severity)s,
                           sort: [{edge: {severity: DESC}}, {node: {key: ASC}}], first: 5) {
        totalCount
        edges { %(edge_severity)s node { key text
          opportunitiesConnection(%(feasibility)s,
                                  sort: [{edge: {strength: DESC}}, {node: {key: ASC}}], first: 3) {
            edges { %(edge_strength)s node { key name feasibility } }
          }
        } }
      }
    } }
  }
}"""

Q4 = """query Q4($function: String!) {
  functions(where: {key: {eq: $function}}, sort: [{key: ASC}], limit: 1) {
    key name
    roles(sort: [{key: ASC}], limit: 20) { key title
      personas(sort: [{id: ASC}], limit: 20) { id name
        jtbds(sort: [{key: ASC}], limit: 20) { key statement
          outcomes(sort: [{key: ASC}], limit: 20) { key statement }
        }
      }
    }
  }
}"""


@dataclass(frozen=True)
class Question:
    """One question in both syntaxes; ``pages`` > 1 pages on with each side's cursor."""

    name: str
    meaning: str
    ours: str
    peer: str
    pages: int = 1


WORKLOAD: tuple[Question, ...] = (
    Question(
        "Q1",
        "flat filtered list: 50 skeptic or learner personas with team size >= 3, by name",
        Q1,
        Q1,
    ),
    Question(
        "Q2",
        "25 automator personas -> pain points they feel with severity >= 4",
        _Q2 % {"severity": "edgeWhere: {severity: {gte: 4}}", "edge": "severity"},
        _Q2
        % {"severity": "where: {edge: {severity: {gte: 4}}}", "edge": "properties { severity }"},
    ),
    Question(
        "Q3",
        "page 2 (cursor) of automator/orchestrator personas -> top 5 pain points "
        "(severity >= 3, by severity) -> top 3 opportunities (feasibility >= 0.5, by strength)",
        _Q3
        % {
            "severity": "edgeWhere: {severity: {gte: 3}}",
            "edge_severity": "severity",
            "feasibility": "where: {feasibility: {gte: 0.5}}",
            "edge_strength": "strength",
        },
        _Q3
        % {
            "severity": "where: {edge: {severity: {gte: 3}}}",
            "edge_severity": "properties { severity }",
            "feasibility": "where: {node: {feasibility: {gte: 0.5}}}",
            "edge_strength": "properties { strength }",
        },
        pages=2,
    ),
    Question(
        "Q4",
        "fan-out: one function -> its roles -> their personas -> JTBDs -> outcomes",
        Q4,
        Q4,
    ),
)

_CURSORS = frozenset({"cursor", "endCursor", "startCursor"})


def normalised(body: Json) -> Json:
    """An answer in a form both sides share: relationship properties on the edge,
    cursor values blanked (they are opaque and differ in form)."""
    if isinstance(body, list):
        return [normalised(item) for item in body]
    if not isinstance(body, dict):
        return body
    result: dict[str, Json] = {}
    for key, value in body.items():
        if key == "properties" and isinstance(value, dict):
            result.update(normalised(value))
        elif key in _CURSORS:
            result[key] = "<cursor>" if value is not None else None
        else:
            result[key] = normalised(value)
    return result


def end_cursor(body: Json) -> str | None:
    """The root connection's ``pageInfo.endCursor`` in an answer (for the next page)."""
    data = body["data"]
    (connection,) = data.values()
    cursor = connection["pageInfo"]["endCursor"]
    return str(cursor) if cursor is not None else None
