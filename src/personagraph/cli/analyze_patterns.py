"""``personagraph analyze pain-clusters | similar-personas | archetypes``: patterns across
functions; :func:`register` adds them to the ``analyze`` command group."""

from __future__ import annotations

from typing import cast

import typer
from rich.table import Table

from personagraph.analytics import pain_clusters, similar_personas
from personagraph.analytics.distribution import function_distributions
from personagraph.analytics.similar_personas import Approximate, Metric
from personagraph.cli.output import console, friendly_errors
from personagraph.cli.progress import analysis_bar
from personagraph.model.archetype import Archetype
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.settings import get_settings
from personagraph.store import Store


def register(app: typer.Typer) -> None:
    """Add the pattern commands to ``app`` (the ``analyze`` group)."""
    app.command("pain-clusters")(pain_clusters_command)
    app.command("similar-personas")(similar_personas_command)
    app.command("archetypes")(archetypes_command)


def pain_clusters_command(
    top_k: int = typer.Option(
        pain_clusters.TOP_K, "--top-k", min=1, help="Most similar pain points kept per pain point."
    ),
    cutoff: float = typer.Option(
        pain_clusters.SIMILARITY_CUTOFF,
        "--cutoff",
        min=0.0,
        max=1.0,
        help="Least Jaccard similarity (shared personas / all) that links two pain points.",
    ),
    min_size: int = typer.Option(
        pain_clusters.MIN_SIZE, "--min-size", min=1, help="Fewest pain points in a cluster."
    ),
    seed: int = typer.Option(pain_clusters.RANDOM_SEED, "--seed", help="Leiden's random seed."),
    show: int = typer.Option(15, "--show", min=1, help="How many clusters to print."),
) -> None:
    """Cluster pain points by the personas who share them (node similarity, then Leiden).

    Lists each cluster with the functions it spans, its persona count and the
    opportunities that address it; WHITE SPACE marks clusters no opportunity addresses.
    The clusters replace the previously stored ones (PainCluster nodes).
    """
    with friendly_errors():
        spec = resolve_connection(get_settings())
        with Store.open(spec) as store, analysis_bar() as progress:
            result = pain_clusters.run_pain_clustering(
                spec, store, top_k=top_k, similarity_cutoff=cutoff, min_size=min_size,
                random_seed=seed, progress=progress,
            )  # fmt: skip
    table = Table(
        "#", "cluster (its most shared pain)", "pains", "unaddressed", "functions", "personas",
        "opportunities",
    )  # fmt: skip
    for cluster in result.clusters[:show]:
        table.add_row(
            str(cluster.rank),
            cluster.name,
            str(len(cluster.pain_points)),
            str(len(cluster.unaddressed)),
            f"{len(cluster.functions)}: {', '.join(cluster.functions)}",
            str(cluster.persona_count),
            _opportunities(cluster.opportunities),
        )
    console.print(table)
    white = sum(1 for c in result.clusters if c.white_space)
    unaddressed = sum(len(c.unaddressed) for c in result.clusters)
    console.print(
        f"{len(result.clusters)} clusters, {white} white space, {unaddressed} unaddressed "
        "pain points inside clusters; "
        f"run {result.run_id} (GDS {result.gds_version}): {result.parameters}"
    )


def _opportunities(keys: tuple[str, ...]) -> str:
    if not keys:
        return "[bold yellow]WHITE SPACE[/bold yellow]"
    more = f" +{len(keys) - 3}" if len(keys) > 3 else ""
    return ", ".join(keys[:3]) + more


def similar_personas_command(
    top_k: int = typer.Option(
        similar_personas.TOP_K, "--top-k", min=1, help="Similar personas kept per persona."
    ),
    metric: str = typer.Option(
        "JACCARD", "--metric", help="JACCARD (shared / all facets) or OVERLAP (shared / smaller)."
    ),
    cutoff: float = typer.Option(
        similar_personas.SIMILARITY_CUTOFF,
        "--cutoff",
        min=0.0,
        max=1.0,
        help="Pairs less similar than this are not linked.",
    ),
    exact_up_to: int = typer.Option(
        similar_personas.EXACT_UP_TO,
        "--exact-up-to",
        min=0,
        help="Compare exactly (node similarity) up to this many personas; above, kNN "
        "(linear in personas). 0: always kNN.",
    ),
    approximate: str = typer.Option(
        "knn_jaccard",
        "--approximate",
        help="kNN above --exact-up-to: knn_jaccard (over facet sets, exact scores) or "
        "fastrp_knn (over FastRP embeddings, cosine scores).",
    ),
    persona: str = typer.Option(
        None, "--persona", help="Afterwards, print the personas most similar to this id."
    ),
) -> None:
    """Link each persona to its top-k most similar personas (shared pains, JTBDs, goals).

    Up to --exact-up-to personas by node similarity (--metric), above by kNN
    (--approximate); the run says which. Writes
    (Persona)-[:SIMILAR_TO {score, rank, run}]->(Persona) and removes the links of
    earlier runs.
    """
    with friendly_errors():
        spec = resolve_connection(get_settings())
        with Store.open(spec) as store:
            with analysis_bar() as progress:
                result = similar_personas.run_similarity(
                    spec, store, top_k=top_k, metric=cast(Metric, metric.upper()),
                    similarity_cutoff=cutoff, exact_up_to=exact_up_to,
                    approximate=cast(Approximate, approximate.lower()), progress=progress,
                )  # fmt: skip
            found = similar_personas.similar_to(store, persona) if persona else []
    console.print(
        f"{result.links} SIMILAR_TO links for {result.personas} personas by {result.method}; "
        f"run {result.run_id} (GDS {result.gds_version}): {result.parameters}"
    )
    if persona:
        table = Table("rank", f"similar to {persona}", "score")
        for similar in found:
            table.add_row(str(similar.rank), similar.persona, f"{similar.score:.3f}")
        console.print(table if found else f"no similar personas stored for {persona!r}")


def archetypes_command() -> None:
    """Archetype distribution and adoption readiness per function (and overall).

    Readiness = Σ share · weight (AUTOMATOR 100, ORCHESTRATOR 90, LEARNER 50,
    SKEPTIC 20) / 100, from each active persona's effective archetype.
    """
    with friendly_errors():
        spec = resolve_connection(get_settings())
        with Store.open(spec) as store:
            found = function_distributions(store)
    table = Table("function", "personas", *(a.value.lower() for a in Archetype), "readiness")
    for row in found:
        table.add_row(
            row.function,
            str(row.total),
            *(f"{row.counts[a]} ({row.share(a):.0%})" for a in Archetype),
            f"{row.adoption_readiness:.3f}",
        )
    console.print(table)
