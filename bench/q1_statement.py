"""The comparison's Q1 on the seed catalog, statement alone: ours against the peer's,
profiled and timed inside Neo4j.

    python bench/q1_statement.py [--rounds 20] [--runs 100] [--instance DIR]

A local Neo4j of its own holding the seed catalog (or, with ``--instance``, the local
instance in DIR, started if needed, the catalog loaded only if it holds no persona, and
left running). Three statements answer Q1 (50
skeptic or learner personas with team size >= 3, by name; ``peer_workload.py``):

* ``ours``: what GraphQL sends (``compile_list`` with the default :class:`IndexWalk` and
  the label sizes the service counts, :class:`LabelSizes`: the compiler decides between
  the sort and the index walk);
* ``ours_checked_in_neo4j``: the statement sent before the service knew label sizes (and
  still when it does not): the count store lets one of two subqueries through;
* ``ours_sort_only``: the same page never walked (``IndexWalk(0, 0)``): the sort alone,
  with the soft-delete guard;
* ``peer``: the Neo4j GraphQL Library's statement (``cypher/bench/peer_q1.cypher``).

All three must give the same personas. Each is profiled after 20 warm-up runs (rows
and db hits per operator, printed). Then ``--rounds`` rounds: in each, the three run in
turn ``--runs`` times on one connection while Neo4j collects its query statistics
(``db.stats``); per round, each statement's mean and fastest execution time. Figures are
the medians over the rounds, and of the ratios to the peer's in the same round; the
machine's load average is saved with them (on a shared machine it moves every figure).
Printed and saved to bench/results/q1_statement.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
from pathlib import Path
from typing import Any

from _harness import SEEDS, load_catalog
from personagraph.api.graphql.compile.compiler import compile_list
from personagraph.api.graphql.compile.index_walk import IndexWalk
from personagraph.api.graphql.compile.label_sizes import LabelSizes, count_statement
from personagraph.api.graphql.compile.plan import NodePlan, Page, Scalar, SortKey
from personagraph.model.ontology import node_type
from personagraph.neo4j_local.provision import local_server
from personagraph.settings import Settings
from personagraph.store import Store, default_registry
from personagraph.store.connection import ConnectionSpec

RESULTS = Path(__file__).parent / "results" / "q1_statement.json"
PERSONA = node_type("Persona")
FIELDS = {
    "id": "id",
    "name": "name",
    "title": "title",
    "archetype": "archetype",
    "teamSize": "team_size",
    "yearsOfExperience": "years_of_experience",
}
WHERE = {"archetype": {"in_": ["SKEPTIC", "LEARNER"]}, "teamSize": {"gte": 3}}
WARM_UP = 20


def statements(sizes: LabelSizes) -> dict[str, tuple[str, dict[str, Any]]]:
    """The statements of the module docstring, with their parameters."""
    plan = NodePlan(PERSONA, tuple(Scalar(k, PERSONA.property(p)) for k, p in FIELDS.items()))
    page = Page(where=WHERE, sort=(SortKey("name"), SortKey("id")), limit=50)
    ours, checked = compile_list(plan, page, sizes=sizes), compile_list(plan, page)
    sort_only = compile_list(plan, page, IndexWalk(0, 0))
    peer = default_registry().statement("bench/peer_q1")
    peer_parameters = {"param0": ["SKEPTIC", "LEARNER"], "param1": 3, "param2": 50}
    return {
        "ours": (ours.text, ours.parameters),
        "ours_checked_in_neo4j": (checked.text, checked.parameters),
        "ours_sort_only": (sort_only.text, sort_only.parameters),
        "peer": (peer, peer_parameters),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--runs", type=int, default=100, help="per statement and round")
    parser.add_argument("--instance", type=Path, help="a local instance to use and keep")
    arguments = parser.parse_args()
    figures: dict[str, Any] = {
        "python": platform.python_version(),
        "rounds": arguments.rounds,
        "runs_per_round": arguments.runs,
        "load_average_before": [round(load, 2) for load in os.getloadavg()],
    }
    with tempfile.TemporaryDirectory(prefix="pg-q1-") as scratch:
        server = local_server(Settings(), print, arguments.instance or Path(scratch) / "neo4j")
        state, _ = server.start(print)
        try:
            spec = ConnectionSpec(uri=state.uri, user=state.user, password=state.password)
            with Store.open(spec) as store:
                if not store.read("bench/soak_personas"):
                    load_catalog(spec, SEEDS)
                figures |= _measure(store, arguments.rounds, arguments.runs)
        finally:
            if arguments.instance is None:
                server.stop()
    figures["load_average_after"] = [round(load, 2) for load in os.getloadavg()]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    for name, timed in figures["timed"].items():
        print(
            f"{name:15} mean {timed['mean_us']:6.0f} us ({timed['mean_x_peer']:.2f} x peer), "
            f"fastest {timed['fastest_us']:5.0f} us ({timed['fastest_x_peer']:.2f} x peer), "
            f"db hits {figures['db_hits'][name]}"
        )
    print(f"saved to {RESULTS}")


def _measure(store: Store, rounds: int, runs: int) -> dict[str, Any]:
    # The sizes as the service counts them (api/graphql/runtime/label_sizes.py).
    (counts,) = store.read_statement(count_statement(), {})
    queries = statements(LabelSizes.of(counts))
    answers = {
        name: _personas(store.run_raw(text, **params)) for name, (text, params) in queries.items()
    }
    if len({json.dumps(answer, sort_keys=True) for answer in answers.values()}) != 1:
        raise SystemExit(f"the statements answer differently: {answers}")
    hits: dict[str, int] = {}
    for name, (text, params) in queries.items():
        for _ in range(WARM_UP):
            store.run_raw(text, **params)
        lines = _operators(store.profile(text, **params))
        hits[name] = sum(line[2] for line in lines)
        print(f"\n{name}: {hits[name]} db hits\n{text}\n")
        print(f"{'operator':40} {'rows':>5} {'db hits':>8}  details")
        for operator, rows, db_hits, details in lines:
            print(f"{operator:40} {rows:>5} {db_hits:>8}  {details}")
    means: dict[str, list[float]] = {name: [] for name in queries}
    fastest: dict[str, list[float]] = {name: [] for name in queries}
    for _ in range(rounds):
        store.write("bench/query_stats_start")
        for _ in range(runs):
            for text, params in queries.values():
                store.run_raw(text, **params)
        by_text = {row["query"]: row["summary"] for row in store.read("bench/query_stats")}
        store.write("bench/query_stats_stop")
        for name, (text, _) in queries.items():
            means[name].append(by_text[text]["executionTimeInUs"]["avg"])
            fastest[name].append(by_text[text]["executionTimeInUs"]["min"])
    return {
        "personas": len(answers["peer"]),
        "db_hits": hits,
        "timed": {
            name: {
                "mean_us": round(statistics.median(means[name])),
                "fastest_us": round(statistics.median(fastest[name])),
                "mean_x_peer": _ratio(means[name], means["peer"]),
                "fastest_x_peer": _ratio(fastest[name], fastest["peer"]),
                "mean_x_peer_range": _range(means[name], means["peer"]),
            }
            for name in queries
        },
    }


def _personas(rows: list[dict[str, Any]]) -> list[Any]:
    """The personas of an answer: ours is one row holding a list, the peer's a row each."""
    if len(rows) == 1 and "result" in rows[0]:
        return list(rows[0]["result"])
    return [row["this"] for row in rows]


def _operators(plan: dict[str, Any], depth: int = 0) -> list[tuple[str, int, int, str]]:
    """Each operator of a profile, indented by depth: (name, rows, db hits, details)."""
    details = str(plan.get("args", {}).get("Details", ""))[:90]
    name = "  " * depth + str(plan["operatorType"]).split("@")[0]
    lines = [(name, int(plan.get("rows", 0)), int(plan.get("dbHits", 0)), details)]
    for child in plan.get("children", []):
        lines += _operators(child, depth + 1)
    return lines


def _ratio(values: list[float], baseline: list[float]) -> float:
    return round(statistics.median(a / b for a, b in zip(values, baseline, strict=True)), 3)


def _range(values: list[float], baseline: list[float]) -> list[float]:
    ratios = [a / b for a, b in zip(values, baseline, strict=True)]
    return [round(min(ratios), 2), round(max(ratios), 2)]


if __name__ == "__main__":
    main()
