"""Every default of the GraphQL API and of the command line has one home.

A default that stands for a library value (an analysis' top-k, a cutoff, a seed) must
equal it, so the API, the CLI and the library give the same answer to the same question;
the rest belong to the interface itself (page sizes, rows printed, paths relative to the
working folder) and are listed with the reason. A new default must be put in one of the
two tables: the test reads every argument with a default from the schema's introspection
and every option from the command tree.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
import typer

from personagraph.admin import definitions
from personagraph.analytics import comparison, pain_clusters, scoring, similar_personas
from personagraph.api.graphql.build import build_schema
from personagraph.behavioral.features import WINDOWS
from personagraph.behavioral.run import parse_windows
from personagraph.cli import serve_command
from personagraph.cli.app import app
from personagraph.documents import ingestion
from personagraph.export.run import ExportRequest
from personagraph.matching import personas
from personagraph.routing import router
from personagraph.seeding import calibration
from personagraph.seeding.behavioral_synthetic import write_behavioral_dataset
from personagraph.seeding.synthetic import write_synthetic_catalog

Key = tuple[str, ...]


def default_of(function: Callable[..., Any], parameter: str) -> Any:
    """The library's own default: the one in the function's signature."""
    return inspect.signature(function).parameters[parameter].default


def same(value: Any) -> Any:
    return value


# Interface default -> (how the interface's value reads as the library's, the library's).
LIBRARY: dict[Key, tuple[Callable[[Any], Any], Any]] = {
    ("Mutation", "scoreOpportunities", "top"): (same, default_of(scoring.run_scoring, "top")),
    ("Mutation", "startScoringRun", "top"): (same, default_of(scoring.run_scoring, "top")),
    ("Mutation", "findPainClusters", "topK"): (
        same,
        default_of(pain_clusters.run_pain_clustering, "top_k"),
    ),
    ("Mutation", "findPainClusters", "similarityCutoff"): (
        same,
        default_of(pain_clusters.run_pain_clustering, "similarity_cutoff"),
    ),
    ("Mutation", "findSimilarPersonas", "topK"): (
        same,
        default_of(similar_personas.run_similarity, "top_k"),
    ),
    ("Mutation", "findSimilarPersonas", "similarityCutoff"): (
        same,
        default_of(similar_personas.run_similarity, "similarity_cutoff"),
    ),
    ("Query", "routingReplay", "limit"): (same, default_of(router.replay_logged, "limit")),
    ("Query", "routingReplay", "examples"): (same, default_of(router.replay_logged, "examples")),
    ("route replay", "limit"): (same, default_of(router.replay_logged, "limit")),
    ("route replay", "examples"): (same, default_of(router.replay_logged, "examples")),
    ("Query", "matchPersonas", "topK"): (same, default_of(personas.match_personas, "top_k")),
    ("personas match", "top"): (same, default_of(personas.match_personas, "top_k")),
    ("Mutation", "uploadDocument", "weight"): (same, default_of(ingestion.add_document, "weight")),
    ("Mutation", "uploadDocument", "accessLevel"): (
        same,
        default_of(ingestion.add_document, "access_level"),
    ),
    ("Mutation", "uploadDocument", "global"): (
        same,
        default_of(ingestion.add_document, "is_global"),
    ),
    ("docs add", "weight"): (same, default_of(ingestion.add_document, "weight")),
    ("docs add", "access"): (same, default_of(ingestion.add_document, "access_level")),
    ("analyze pain-clusters", "top_k"): (
        same,
        default_of(pain_clusters.run_pain_clustering, "top_k"),
    ),
    ("analyze pain-clusters", "cutoff"): (
        same,
        default_of(pain_clusters.run_pain_clustering, "similarity_cutoff"),
    ),
    ("analyze pain-clusters", "min_size"): (
        same,
        default_of(pain_clusters.run_pain_clustering, "min_size"),
    ),
    ("analyze pain-clusters", "seed"): (
        same,
        default_of(pain_clusters.run_pain_clustering, "random_seed"),
    ),
    ("analyze similar-personas", "top_k"): (
        same,
        default_of(similar_personas.run_similarity, "top_k"),
    ),
    ("analyze similar-personas", "cutoff"): (
        same,
        default_of(similar_personas.run_similarity, "similarity_cutoff"),
    ),
    ("analyze similar-personas", "metric"): (
        same,
        default_of(similar_personas.run_similarity, "metric"),
    ),
    ("analyze similar-personas", "exact_up_to"): (
        same,
        default_of(similar_personas.run_similarity, "exact_up_to"),
    ),
    ("analyze similar-personas", "approximate"): (
        same,
        default_of(similar_personas.run_similarity, "approximate"),
    ),
    ("analyze runs", "limit"): (same, default_of(comparison.scoring_runs, "limit")),
    ("serve", "workers"): (same, default_of(serve_command.serve_forever, "workers")),
    ("export", "pg_schema"): (same, default_of(ExportRequest, "pg_schema")),
    ("assign", "windows"): (parse_windows, WINDOWS),
    ("behavioral synth", "subjects"): (same, default_of(write_behavioral_dataset, "subjects")),
    ("behavioral synth", "seed"): (same, default_of(write_behavioral_dataset, "seed")),
    ("behavioral synth", "as_of"): (
        datetime.date,
        default_of(write_behavioral_dataset, "as_of"),
    ),
    ("seed synth", "source"): (same, default_of(write_synthetic_catalog, "source")),
}

LIBRARY |= {
    ("Mutation", "importPersonaDefinitions", "retire"): (
        same,
        default_of(definitions.import_definitions, "retire"),
    ),
    ("Mutation", "importPersonaDefinitions", "dryRun"): (
        same,
        default_of(definitions.import_definitions, "dry_run"),
    ),
    ("seed calibrate", "held_out"): (same, default_of(calibration.calibrate, "held_out")),
    ("personas import", "retire"): (same, default_of(definitions.import_definitions, "retire")),
}

# Interface default -> why it is the interface's own.
INTERFACE: dict[Key, str] = {
    ("Mutation", "importPersonaDefinitions", "format"): "the format of the text sent",
    ("Query", "personaDefinitions", "format"): "the format of the text returned",
    ("Query", "events", "after"): "a first page starts at the oldest event kept",
    ("Query", "webhookDeliveries", "limit"): "enough attempts to see a hook's last events",
    ("Mutation", "setFavourite", "favourite"): "what calling setFavourite asks for",
    ("Query", "personaCategories", "kind"): "the persona manager lists assistants",
    ("Query", "personaSpecialties", "kind"): "the persona manager lists assistants",
    ("personas categories", "kind"): "the persona manager lists assistants",
    ("metrics show", "days"): "the period shown",
    ("assign", "engine"): "the local engine needs nothing beyond the package",
    ("personas history", "first"): "rows printed",
    ("personas new", "expertise"): "a repeatable option, none given",
    ("personas new", "setting"): "a repeatable option, none given",
    ("personas new", "tag"): "a repeatable option, none given",
    ("Query", "crossFunctionalPainPoints", "minFunctions"): "what cross-functional means here",
    ("Query", "crossFunctionalPainPoints", "limit"): "a page size",
    ("Query", "archetypeReviewQueue", "limit"): "a page size",
    ("Query", "datasetChunks", "first"): "the persona manager's page of chunks",
    ("Query", "archetypeReviewQueue", "offset"): "the first page",
    ("Query", "search", "limit"): "the explorer's page size",
    ("Query", "neighbourhood", "limit"): "the explorer's page size",
    ("up", "catalog"): "a path below the working folder",
    ("up", "serve"): "what `up` does after loading",
    ("seed validate", "path"): "a path below the working folder",
    ("seed calibrate", "path"): "a path below the working folder",
    ("seed load", "path"): "a path below the working folder",
    ("seed synth", "seed"): "the command's choice; the library takes any seed",
    ("seed synth", "out"): "a path below the working folder",
    ("personas review", "limit"): "rows printed",
    ("analyze opportunities", "show"): "rows printed",
    ("analyze compare", "show"): "rows printed",
    ("analyze pain-clusters", "show"): "rows printed",
}


def graphql_defaults() -> dict[Key, Any]:
    """Every field argument with a default in the schema (introspection's own types aside)."""
    found: dict[Key, Any] = {}
    for kind in build_schema().introspect()["__schema"]["types"]:
        if kind["name"].startswith("__"):
            continue
        for field in kind.get("fields") or []:
            for argument in field["args"]:
                if argument["defaultValue"] not in (None, "null"):
                    key = (kind["name"], field["name"], argument["name"])
                    found[key] = _literal(argument["defaultValue"])
    return found


def _literal(value: str) -> Any:
    """A default as introspection prints it: GraphQL literal syntax, JSON but for enums."""
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value  # an enum value, e.g. JSON


def cli_defaults() -> dict[Key, Any]:
    """Every option and argument of every command with a default (flags off aside)."""

    def walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[Key, Any]]:
        for parameter in command.params:
            if parameter.default not in (None, False) and not parameter.required:
                yield (" ".join(path), parameter.name), parameter.default
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, (*path, name))

    return dict(walk(typer.main.get_command(app), ()))


INTERFACE_DEFAULTS = {**graphql_defaults(), **cli_defaults()}


def test_every_default_is_either_the_librarys_or_the_interfaces() -> None:
    unplaced = sorted(set(INTERFACE_DEFAULTS) - set(LIBRARY) - set(INTERFACE))
    assert unplaced == [], "put each in LIBRARY (with the library's value) or INTERFACE"
    assert set(LIBRARY).isdisjoint(INTERFACE)
    stale = sorted((set(LIBRARY) | set(INTERFACE)) - set(INTERFACE_DEFAULTS))
    assert stale == [], "these defaults are gone from the API and the command line"


@pytest.mark.parametrize("key", sorted(LIBRARY), ids=lambda key: " ".join(key))
def test_a_default_that_stands_for_a_library_value_equals_it(key: Key) -> None:
    read, library = LIBRARY[key]
    assert read(INTERFACE_DEFAULTS[key]) == library


def test_graphql_and_the_cli_ask_for_the_same_similar_personas() -> None:
    # The one that differed: GraphQL said 0.1 where the library and the CLI said 0.05.
    assert (
        INTERFACE_DEFAULTS[("Mutation", "findSimilarPersonas", "similarityCutoff")]
        == INTERFACE_DEFAULTS[("analyze similar-personas", "cutoff")]
        == similar_personas.SIMILARITY_CUTOFF
        == 0.05
    )
