"""``personagraph analyze opportunities``: GDS scoring runs over the persona graph."""

from __future__ import annotations

import typer
from rich.table import Table

from personagraph.analytics.scoring import OpportunityScore, Segment, run_scoring
from personagraph.cli.output import console, friendly_errors
from personagraph.model.archetype import Archetype
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.settings import get_settings
from personagraph.store import Store

app = typer.Typer(help="Score AI opportunities with Graph Data Science.")


@app.command()
def opportunities(
    function: str = typer.Option(None, "--function", help="Only personas of this function key."),
    archetype: Archetype = typer.Option(
        None, "--archetype", case_sensitive=False, help="Only personas of this archetype."
    ),
    show: int = typer.Option(10, "--show", min=1, help="How many ranked opportunities to print."),
) -> None:
    """Run a scoring: reach, impact, feasibility and adoption readiness per opportunity,
    their geometric mean, and what contributed most; the run is stored in the graph."""
    segment = Segment(function=function, archetype=archetype)
    with friendly_errors():
        spec = resolve_connection(get_settings())
        with Store.open(spec) as store:
            result = run_scoring(spec, store, segment)
    table = Table("#", "opportunity", "overall", "reach", "impact", "feas.", "ready", "top drivers")
    for score in result.scores[:show]:
        table.add_row(
            str(score.rank),
            score.name,
            *(f"{value:.3f}" for value in _values(score)),
            _drivers(score),
        )
    console.print(table)
    console.print(f"scoring run {result.run_id} (GDS {result.gds_version}): {result.parameters}")


def _values(score: OpportunityScore) -> tuple[float, ...]:
    return (score.overall, score.reach, score.impact, score.feasibility, score.adoption_readiness)


def _drivers(score: OpportunityScore) -> str:
    parts = [
        f"{c.key} {c.share:.0%}"
        for c in (*score.explanation.functions[:1], *score.explanation.pain_points[:1])
    ]
    return "; ".join(parts)
