"""``personagraph seed validate | load | synth | calibrate``: the persona catalog."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from personagraph.cli.output import console, friendly_errors, progress_bar
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.seeding import pipeline
from personagraph.seeding.calibration import EVALUATION_SEED, write_calibration
from personagraph.seeding.calibration import calibrate as calibrate_catalog
from personagraph.seeding.synthetic import write_synthetic_catalog
from personagraph.seeding.validation import read_catalog
from personagraph.seeding.writer import LoadReport
from personagraph.settings import get_settings
from personagraph.store import Store

app = typer.Typer(help="Validate and load persona catalogs (seeds/), or generate large ones.")
CATALOG = typer.Argument(
    Path("seeds"), help="The catalog directory (library/ and functions/).", show_default=True
)


@app.command()
def validate(path: Path = CATALOG) -> None:
    """Check every file of a catalog and list all problems; writes nothing."""
    with friendly_errors():
        prepared = pipeline.prepare(path)
    plan = prepared.plan
    console.print(
        f"[green]valid[/green]: {len(plan.nodes.get('Persona', []))} personas, "
        f"{plan.node_count()} nodes and {plan.link_count()} relationships would be loaded; "
        f"{len(plan.mismatches)} archetype mismatches, {len(plan.review_queue)} to review"
    )
    routing = prepared.catalog.routing
    if routing is None:
        console.print("no routing/ folder: `personagraph route` will have no rules to route by")
    else:
        version = plan.nodes["RoutingRuleSet"][0].key
        console.print(
            f"routing: {len(routing.rules.rules)} rules, {len(routing.rules.overrides)} "
            f"overrides, {len(routing.policies.policies)} policies; version {version}, no "
            "overlapping rules of equal priority"
        )


@app.command()
def load(path: Path = CATALOG) -> None:
    """Load a catalog into Neo4j: all of it or nothing; unchanged data is not rewritten.

    Personas, opportunities, roles, pain points… removed from the catalog are retired
    (is_active=false), not deleted.
    """
    with friendly_errors():
        prepared = pipeline.prepare(path)
        spec = resolve_connection(get_settings())
        with Store.open(spec) as store, progress_bar() as progress:
            task = progress.add_task("loading", total=prepared.work_units)
            report = pipeline.load(store, prepared, lambda n: progress.advance(task, n))
    print_report(report)


def print_report(report: LoadReport) -> None:
    """The load summary: per label, then mismatches and the review queue."""
    table = Table("label", "created", "updated", "unchanged", "retired", title="seed load")
    for label, counts in sorted(report.labels.items()):
        retired = len(report.retired.get(label, []))
        table.add_row(
            label, str(counts.created), str(counts.updated), str(counts.unchanged), str(retired)
        )
    console.print(table)
    console.print(
        f"relationships written: {report.links_written}; archetype mismatches: "
        f"{len(report.mismatches)}; review queue: {len(report.review_queue)}; "
        f"archetype migrations: {len(report.migrations)}"
    )
    if not report.changed:
        console.print("[green]no changes[/green]: the graph already matches the catalog")


@app.command()
def synth(
    personas: int = typer.Option(..., "--personas", min=1, help="How many personas to generate."),
    seed: int = typer.Option(7, "--seed", help="Random seed: the same seed gives the same files."),
    out: Path = typer.Option(
        Path("build/synthetic"), "--out", help="An empty or new directory to write to."
    ),
    source: Path = typer.Option(
        Path("seeds"), "--source", help="The hand-made catalog whose wording is reused."
    ),
) -> None:
    """Write a synthetic catalog of any size with the shape of the real one (for benchmarks).

    Shared texts are drawn with a skew, so some pain points are shared by thousands of
    personas and most by few; 100k personas give several million relationships.
    """
    with friendly_errors(), progress_bar() as progress:
        task = progress.add_task("generating", total=personas)
        stats = write_synthetic_catalog(
            out,
            personas,
            seed,
            lambda done, total: progress.update(task, completed=done, total=total),
            source=source,
        )
    console.print(
        f"wrote {out}: {stats.personas} personas in {stats.functions} functions and "
        f"{stats.roles} roles, {stats.jtbds} JTBDs, {stats.pain_points} pain points, "
        f"{stats.opportunities} opportunities; {stats.relationships} relationships when loaded"
    )


@app.command()
def calibrate(
    path: Path = CATALOG,
    write: bool = typer.Option(
        False, "--write", help="Replace the shipped calibration with this fit."
    ),
    held_out: bool = typer.Option(
        True,
        "--held-out/--no-held-out",
        help="Also judge each function with a calibration fitted without it (slower).",
    ),
) -> None:
    """Fit the archetype confidence calibration on labelled variants of a catalog and print
    its reliability tables (docs/archetype-inference.md, "Calibration")."""
    with friendly_errors():
        catalog = read_catalog(path)
        with console.status("fitting the calibration on labelled variants…"):
            report = calibrate_catalog(catalog, held_out=held_out)
    fitted = report.calibration
    console.print(
        f"fitted on {fitted.fitted_on}: noise {fitted.noise_work_complexity:g} points "
        f"(work complexity) and {fitted.noise_ai_maturity:g} (AI maturity), "
        f"{len(fitted.steps)} steps"
    )
    tables = [
        (
            f"evaluation set ({report.evaluation_members:,} variants, seed {EVALUATION_SEED})",
            report.evaluation,
        ),
        ("each function held out of the fit", report.held_out),
        ("the catalog's own personas against their declared archetypes", report.catalog),
    ]
    for title, table in tables:
        if table is not None:
            console.print(f"\n[bold]{title}[/bold]")
            console.print("\n".join(table.lines()), markup=False)
            shown = ", ".join(
                f"≥ {c:.1f}: {right / members:.3f} of {members:,}"
                for c, members, right in table.at_least
                if members
            )
            console.print(f"in the right quadrant among those shown with confidence {shown}")
    if write:
        console.print(f"\nwrote {write_calibration(fitted)}")
