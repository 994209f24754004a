"""The tables of docs/benchmarks.md, rendered from a compare_peer run's figures.

    python bench/peer_tables.py [bench/results/compare_peer.json]

Prints Markdown: per catalog, one row per question, worker count and concurrency
(each figure the median of the cell's rounds, as ``compare_peer.py`` saved it; ratios
are ours / peer, **bold** where personagraph is slower), then the statements each
side sent per request with Neo4j's execution time, then peak resident memory. The
prose around the tables is written by hand; these are only the numbers, so that a
rerun's tables never get typed in.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results" / "compare_peer.json"
_TIMES = "\N{MULTIPLICATION SIGN}"
_CELL_HEADER = (
    "| q | w | c | ours p50 / p95 / p99 ms | peer p50 / p95 / p99 ms | ours req/s "
    f"| peer req/s | p50 {_TIMES} | p99 {_TIMES} | req/s {_TIMES} "
    f"| p99 {_TIMES} of each round | CPU ms/req ours / peer |\n" + "|---" * 12 + "|"
)
_STATEMENT_HEADER = (
    "| w | q | statements/request ours / peer | Neo4j ms/request ours / peer |\n" + "|---" * 4 + "|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="?", type=Path, default=RESULTS)
    arguments = parser.parse_args()
    figures = json.loads(arguments.results.read_text(encoding="utf-8"))
    print(render(figures))


def render(figures: dict[str, Any]) -> str:
    """Every catalog of one run's figures as Markdown tables."""
    return "\n\n".join(_catalog(name, catalog) for name, catalog in figures["catalogs"].items())


def _catalog(name: str, catalog: dict[str, Any]) -> str:
    rows: list[str] = []
    statements: list[str] = []
    memory: list[str] = []
    for workers, run in catalog["workers"].items():
        for question, by_concurrency in run["cells"].items():
            for concurrency, cell in by_concurrency.items():
                rows.append(_cell_row(question, workers, concurrency, cell))
        for question, ours in run["statements_per_request"]["ours"].items():
            peer = run["statements_per_request"]["peer"][question]
            statements.append(
                f"| {workers} | {question} "
                f"| {_number(ours['statements'])} / {_number(peer['statements'])} "
                f"| {ours['neo4j_execution_ms']} / {peer['neo4j_execution_ms']} |"
            )
        rss = run["peak_rss_mb"]
        memory.append(f"{workers} worker(s): {rss['ours']} MB ours, {rss['peer']} MB peer")
    return "\n".join(
        [
            f"#### {name} (loaded in {catalog['load_seconds']} s)",
            "",
            _CELL_HEADER,
            *rows,
            "",
            _STATEMENT_HEADER,
            *statements,
            "",
            "Peak resident memory: " + "; ".join(memory) + ".",
        ]
    )


def _cell_row(question: str, workers: str, concurrency: str, cell: dict[str, Any]) -> str:
    ours, peer, ratio = cell["ours"], cell["peer"], cell["ratio"]
    each_round = " / ".join(_plain(one["ratio"].get("p99_ms")) for one in cell["rounds"])
    return (
        f"| {question} | {workers} | {concurrency} | {_latencies(ours)} | {_latencies(peer)} "
        f"| {ours['requests_per_second']} | {peer['requests_per_second']} "
        f"| {_slower_above(ratio['p50_ms'])} | {_slower_above(ratio['p99_ms'])} "
        f"| {_slower_below(ratio['requests_per_second'])} | {each_round} "
        f"| {ours['service_cpu_ms_per_request']} / {peer['service_cpu_ms_per_request']} |"
    )


def _latencies(side: dict[str, float]) -> str:
    return " / ".join(_milliseconds(side[key]) for key in ("p50_ms", "p95_ms", "p99_ms"))


def _milliseconds(value: float) -> str:
    """Two or three significant figures: 4.2, 13, 2338."""
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _number(value: float) -> str:
    return f"{value:g}"


def _plain(ratio: float | None) -> str:
    """A ratio, or a dash where one side finished no request in that round."""
    return "—" if ratio is None else f"{ratio:g}"


def _slower_above(ratio: float | None) -> str:
    """A latency ratio, bold where ours took longer."""
    text = _plain(ratio)
    return f"**{text}**" if ratio is not None and ratio > 1 else text


def _slower_below(ratio: float | None) -> str:
    """A throughput ratio, bold where ours answered fewer requests."""
    text = _plain(ratio)
    return f"**{text}**" if ratio is not None and ratio < 1 else text


if __name__ == "__main__":
    main()
