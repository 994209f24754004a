"""``personagraph metrics ingest | show | compact``: persona metrics from files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import typer
from rich.table import Table

from personagraph.cli.assistant_commands import with_store
from personagraph.cli.output import console, friendly_errors
from personagraph.metrics import files, report, store
from personagraph.metrics.buckets import Aggregator, hourly_since
from personagraph.settings import get_settings

app = typer.Typer(help="Persona metrics: load request metrics, read a period's figures.")


@app.command()
def ingest(
    path: Path = typer.Argument(..., help="A CSV or Parquet file of request metrics."),
    fmt: str | None = typer.Option(None, "--format", help="csv or parquet (default: suffix)."),
) -> None:
    """Sum a file of request metrics into hour and day buckets, in one transaction.

    Columns: persona_id, timestamp, latency_ms, success; optionally satisfaction (1-5),
    chat_started, dataset_count, requests. Every row is checked first; any problem (named
    with its row) and nothing is written.
    """
    settings = get_settings()
    with friendly_errors():
        aggregator = Aggregator(hourly_since(datetime.now(UTC), settings.metrics_hourly_days))
        for table in files.batches(path, fmt):
            aggregator.add(table)
        summary = with_store(lambda s: store.write(s, aggregator))
    console.print(
        f"loaded {summary.entries:,} entries for {summary.personas} personas into "
        f"{summary.buckets:,} buckets; {summary.compacted:,} aged hour buckets merged into days"
    )


@app.command()
def show(
    persona_id: str = typer.Argument(...),
    days: int = typer.Option(30, min=1, help="The period: the last this many days."),
) -> None:
    """A persona's requests, success rate, latency percentiles and satisfaction trend."""
    end = datetime.now(UTC)
    start = end - timedelta(days=days)
    with friendly_errors():
        rows = with_store(
            lambda s: s.read("read/metrics/buckets", id=persona_id, **{"from": start, "to": end})
        )
    found = report.summarize(rows)
    table = Table("measure", "value")
    table.add_row("requests", f"{found.requests:,}")
    table.add_row("success rate", _percent(found.success_rate))
    for name in ("p50", "p95", "p99", "mean", "max"):
        value = getattr(found.latency, name)
        table.add_row(f"latency {name}", "" if value is None else f"{value:,.1f} ms")
    table.add_row("satisfaction", "" if found.satisfaction is None else f"{found.satisfaction:.2f}")
    slope = found.trend.slope_per_day
    trend = found.trend.direction + ("" if slope is None else f" ({slope:+.3f}/day)")
    table.add_row("satisfaction trend", trend)
    table.add_row("buckets read", str(found.buckets))
    console.print(table)


@app.command()
def compact() -> None:
    """Merge hour buckets older than PERSONAGRAPH_METRICS_HOURLY_DAYS into day buckets."""
    before = hourly_since(datetime.now(UTC), get_settings().metrics_hourly_days)
    with friendly_errors():
        merged, counts = with_store(lambda s: (store.compact(s, before), store.bucket_counts(s)))
    console.print(f"merged {merged:,} hour buckets; buckets now: {counts}")


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"
