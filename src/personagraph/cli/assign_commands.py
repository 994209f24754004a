"""``personagraph assign`` and ``personagraph behavioral synth | personas | show``."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Final

import typer
from rich.table import Table

from personagraph.behavioral.config import DEFAULT_FEATURES_DIR, DEFAULT_RULES_FILE, load_rules
from personagraph.behavioral.features import WINDOWS
from personagraph.behavioral.report import Summary
from personagraph.behavioral.run import Engine, RunReport, parse_windows, prepare, run
from personagraph.cli.output import console, friendly_errors, progress_bar, report
from personagraph.errors import ValidationFailed
from personagraph.inference.behavioral_rules import RuleSet
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.seeding.behavioral_synthetic import (
    DEFAULT_AS_OF,
    SEED,
    SUBJECTS,
    write_behavioral_dataset,
)
from personagraph.settings import get_settings
from personagraph.store import Store

__all__ = ["assign", "behavioral", "register"]

SHOWN: Final = 10

behavioral = typer.Typer(
    help="Behavioral personas: the synthetic feature data set, the rules, a subject's traces."
)


def register(app: typer.Typer) -> None:
    """Adds ``assign`` and the ``behavioral`` group to the command line."""
    app.command()(assign)
    app.add_typer(behavioral, name="behavioral")


def _date(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


AS_OF_FORMATS: Final = ["%Y-%m-%d"]


def assign(
    as_of: datetime = typer.Option(
        ..., "--as-of", formats=AS_OF_FORMATS, help="The as-of date of the feature rows to assign."
    ),
    windows: str = typer.Option(
        ",".join(map(str, WINDOWS)),
        "--windows",
        help="Windows in days, comma-separated; each subject gets one each.",
    ),
    features: Path = typer.Option(
        None,
        "--features",
        show_default=False,
        help="Folder of subscriptions, savings, credit, income and cash_flow .parquet files "
        "(default: the synthetic set in seeds/behavioral/features, generated when missing).",
    ),
    rules: Path = typer.Option(
        None,
        "--rules",
        show_default=False,
        help="The behavioral rules file (default: seeds/behavioral/personas.yaml).",
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Refuse the run when a file or a subject's row is missing."
    ),
    engine: Engine = typer.Option(
        Engine.LOCAL,
        "--engine",
        help="local: this process; spark: Apache Spark (Spark SQL, the Neo4j Connector for "
        "Apache Spark), needs pip install 'personagraph[spark]'.",
    ),
    master: str = typer.Option(
        None,
        "--master",
        show_default=False,
        help="With --engine spark: the Spark master, e.g. spark://host:7077 (default: "
        "PERSONAGRAPH_SPARK_MASTER, local[*]: every core of this machine).",
    ),
) -> None:
    """Assign behavioral personas to every subject for every window, and report.

    Everything is read and checked first: a wrong column type, a negative utilization
    or a share of days outside [0, 1] stops the run, with every problem listed. The run
    is then written in 10,000-row transactions and replaces any earlier run of that
    date; a run that failed part way is repaired by running the date again.

    Prints counts per primary persona and window, STABLE and multi-persona
    subjects, subjects whose persona differs between windows and, for the
    synthetic set, whether each archetype got its expected persona.

    With --engine spark the same rules run as Spark SQL on a Spark session (local mode
    unless --master names a cluster) and the connector writes the same graph.
    """
    day = as_of.date()
    with friendly_errors():
        ruleset = load_rules(rules or DEFAULT_RULES_FILE)
        if features is None:
            features = synthetic_features(day)
        chosen = parse_windows(windows)
        if engine is Engine.SPARK:
            result = _assign_with_spark(features, day, chosen, ruleset, strict, master)
        else:
            if master is not None:
                raise ValidationFailed(
                    [f"--master {master!r} is for --engine spark; add --engine spark or drop it"]
                )
            prepared = prepare(features, day, chosen, ruleset, strict)
            spec = resolve_connection(get_settings())
            with Store.open(spec) as store, progress_bar() as progress:
                task = progress.add_task("assigning", total=prepared.work_units)
                result = run(store, prepared, lambda n: progress.advance(task, n))
    print_run(result)


def _assign_with_spark(
    features: Path,
    day: date,
    windows: tuple[int, ...],
    rules: RuleSet,
    strict: bool,
    master: str | None,
) -> RunReport:
    # Imported here: pyspark is an optional extra (pyspark_version says how to install it).
    from personagraph.behavioral.spark.runtime import pyspark_version

    pyspark_version()
    from personagraph.behavioral.spark import run as spark_run
    from personagraph.behavioral.spark.session import session_for

    settings = get_settings()
    spec = resolve_connection(settings)
    with session_for(settings, master) as spark:
        report(f"Spark session: master {spark.sparkContext.master}, Spark {spark.version}")
        prepared = spark_run.prepare(spark, features, day, windows, rules, strict)
        with Store.open(spec) as store, progress_bar() as progress:
            task = progress.add_task("assigning on Spark", total=prepared.work_units)
            return spark_run.run(store, prepared, spec, lambda n: progress.advance(task, n))


def synthetic_features(as_of: date) -> Path:
    """Returns: the shipped synthetic feature set, generated for ``as_of`` if missing."""
    folder = DEFAULT_FEATURES_DIR
    if not folder.exists():
        write_behavioral_dataset(folder, as_of=as_of)
        report(f"generated the synthetic feature data set (as of {as_of}) in {folder}")
    return folder


def print_run(result: RunReport) -> None:
    """The validation report of a run: personas x windows, then the checks, then warnings."""
    summary, prepared = result.summary, result.prepared
    _print_counts(summary, prepared.rules, str(prepared.as_of))
    covered = "complete" if not summary.uncovered else f"missing {_few(summary.uncovered)}"
    console.print(
        f"coverage: {summary.assignments} assignments for {summary.subjects} subjects x "
        f"{len(summary.windows)} windows ({covered}); traces missing: {summary.missing_traces}"
    )
    console.print(
        f"STABLE: {summary.stable}; multi-persona (with a secondary): {summary.with_secondary}; "
        f"primary differs between windows: {len(summary.differing)} subjects "
        f"{_few(summary.differing)}"
    )
    if summary.alignment:
        _print_alignment(summary)
    written = result.written
    console.print(
        f"graph: {written.assignments_written} assignments written, "
        f"{written.assignments_deleted} stale deleted; behavioral personas created "
        f"{len(written.personas_created)}, updated {len(written.personas_updated)}, "
        f"retired {len(written.personas_retired)}"
    )
    for warning in prepared.warnings[:SHOWN]:
        console.print(f"[yellow]warning:[/yellow] {warning}", soft_wrap=True)
    if len(prepared.warnings) > SHOWN:
        console.print(f"[yellow]… and {len(prepared.warnings) - SHOWN} more warnings[/yellow]")


def _few(items: tuple[str, ...]) -> str:
    if not items:
        return ""
    more = f", … {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return f"({', '.join(items[:SHOWN])}{more})"


def _print_counts(summary: Summary, rules: RuleSet, as_of: str) -> None:
    table = Table(
        "persona",
        "priority",
        *(f"{w}d" for w in summary.windows),
        title=f"primary persona, {as_of}",
    )
    for persona in rules.personas:
        counts = summary.counts.get(persona.id, {})
        cells = (str(counts.get(w, 0)) for w in summary.windows)
        table.add_row(f"{persona.id} {persona.name}", persona.priority.value, *cells)
    stable = summary.counts.get(None, {})
    table.add_row("STABLE", "", *(str(stable.get(w, 0)) for w in summary.windows))
    console.print(table)


def _print_alignment(summary: Summary) -> None:
    table = Table("archetype", "expected", "aligned", title="archetype alignment")
    for row in summary.alignment:
        mark = "[green]✓[/green]" if row.holds else "[red]✗[/red]"
        table.add_row(
            row.archetype.value, row.expected, f"{mark} {row.aligned}/{row.subject_windows}"
        )
    console.print(table)


@behavioral.command()
def synth(
    out: Path = typer.Option(
        None,
        "--out",
        show_default=False,
        help="Folder to write, files replaced (default: seeds/behavioral/features).",
    ),
    subjects: int = typer.Option(SUBJECTS, "--subjects", min=1, help="How many subjects."),
    seed: int = typer.Option(SEED, "--seed", help="Random seed: the same seed, the same bytes."),
    as_of: datetime = typer.Option(
        datetime.combine(DEFAULT_AS_OF, datetime.min.time()),
        "--as-of",
        formats=AS_OF_FORMATS,
        help="The as-of date of every row.",
    ),
) -> None:
    """Write the synthetic behavioral feature files and subjects.parquet.

    75 subjects give the source's set: High Utilizer, Variable Income,
    Subscription Heavy, Savings Builder, Cash Flow Stressed, Stable and
    multi-persona subjects, with features for the 30- and 180-day windows.
    """
    with friendly_errors():
        folder = out or DEFAULT_FEATURES_DIR
        stats = write_behavioral_dataset(folder, seed=seed, subjects=subjects, as_of=as_of.date())
    console.print(
        f"wrote {folder}: {len(stats.archetypes)} subjects, {stats.rows_per_file} rows per "
        f"feature file (as of {stats.as_of}, seed {stats.seed})"
    )


@behavioral.command()
def personas() -> None:
    """List the behavioral personas in the graph with their rules."""
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        rows = store.read("read/behavioral/personas")
    if not rows:
        console.print("no behavioral personas yet: `personagraph assign --as-of DATE` writes them")
        return
    table = Table("id", "name", "priority", "risk", "criteria", "active", title="behavioral")
    for row in rows:
        table.add_row(
            str(row["behavioral_id"]),
            row["name"],
            row["priority"],
            row["risk"],
            "\n".join(row["criteria"]),
            "yes" if row["is_active"] else "retired",
        )
    console.print(table)


@behavioral.command()
def show(
    user_id: str = typer.Argument(..., help="The subject's id, e.g. user_001."),
    as_of: datetime = typer.Option(
        None, "--as-of", formats=AS_OF_FORMATS, help="Only this as-of date (default: all)."
    ),
) -> None:
    """Print a subject's assignments with their audit traces (JSON)."""
    day = _date(as_of)
    with friendly_errors(), Store.open(resolve_connection(get_settings())) as store:
        rows = store.read(
            "read/behavioral/subject_assignments",
            user_id=user_id,
            as_of=day.isoformat() if day else None,
        )
    if not rows:
        console.print(f"no assignments for {user_id!r}; check the id (e.g. user_001)")
        raise typer.Exit(code=1)
    for row in rows:
        row["trace"] = json.loads(row["properties"].pop("trace"))
    # Dates and datetimes of the node print as ISO text.
    console.print_json(json.dumps(rows, default=str))
