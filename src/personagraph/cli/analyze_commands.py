"""``personagraph analyze opportunities | runs | compare``: GDS scoring runs over the graph.

The pattern analyses (pain clusters, similar personas, archetypes) are in
:mod:`personagraph.cli.analyze_patterns` and join the same command group.
"""

from __future__ import annotations

import typer
from rich.table import Table

from personagraph.analytics.comparison import RankChange, compare_runs, scoring_runs
from personagraph.analytics.scoring import OpportunityScore, Segment, run_scoring
from personagraph.cli.output import console, friendly_errors
from personagraph.cli.progress import analysis_bar
from personagraph.model.archetype import Archetype
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.settings import get_settings
from personagraph.store import Store

app = typer.Typer(
    help="Graph Data Science analytics: opportunity scores, pain clusters, similar personas.",
    no_args_is_help=True,
)


@app.command()
def opportunities(
    function: str = typer.Option(None, "--function", help="Only personas of this function key."),
    archetype: Archetype = typer.Option(
        None, "--archetype", case_sensitive=False, help="Only personas of this archetype."
    ),
    show: int = typer.Option(10, "--show", min=1, help="How many ranked opportunities to print."),
) -> None:
    """Run a scoring: reach, impact, feasibility and adoption readiness per opportunity,
    their geometric mean, and what contributed most; the run is stored in the graph.

    With --function and/or --archetype, reach is a personalised PageRank from that
    segment's personas, and impact and readiness count only them.
    """
    segment = Segment(function=function, archetype=archetype)
    with friendly_errors():
        spec = resolve_connection(get_settings())
        with Store.open(spec) as store, analysis_bar() as progress:
            result = run_scoring(spec, store, segment, progress=progress)
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


@app.command()
def runs(
    limit: int = typer.Option(20, "--limit", min=1, help="How many runs to list."),
) -> None:
    """List the most recent scoring runs, newest first (ids for 'analyze compare')."""
    with friendly_errors():
        spec = resolve_connection(get_settings())
        with Store.open(spec) as store:
            found = scoring_runs(store, limit)
    table = Table("run id", "started", "function", "archetype", "GDS")
    for run in found:
        params = run.parameters
        table.add_row(
            run.id,
            run.started_at[:19],
            str(params.get("function") or "-"),
            str(params.get("archetype") or "-"),
            run.gds_version,
        )
    console.print(table)


@app.command()
def compare(
    before: str = typer.Argument(..., help="The earlier (or reference) scoring run id."),
    after: str = typer.Argument(..., help="The later (or segment) scoring run id."),
    show: int = typer.Option(15, "--show", min=1, help="How many opportunities to print."),
) -> None:
    """Show how the ranking changed between two scoring runs (ids from 'analyze runs')."""
    with friendly_errors():
        spec = resolve_connection(get_settings())
        with Store.open(spec) as store:
            result = compare_runs(store, before, after)
    table = Table("after", "before", "moved", "opportunity", "overall after")
    for change in result.changes[:show]:
        table.add_row(
            _rank(change.after_rank),
            _rank(change.before_rank),
            _moved(change),
            change.name,
            f"{change.after_overall:.3f}" if change.after_overall is not None else "-",
        )
    console.print(table)
    console.print(f"before: {result.before_parameters}\nafter:  {result.after_parameters}")


def _rank(rank: int | None) -> str:
    return "-" if rank is None else str(rank)


def _moved(change: RankChange) -> str:
    moved = change.moved
    if moved is None:
        return "new" if change.before_rank is None else "gone"
    return f"+{moved}" if moved > 0 else str(moved) if moved < 0 else "="
