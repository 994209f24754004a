"""``personagraph route``: route a request for a persona, or replay the audit log under new rules.

``personagraph route [--persona ID] [--json] "TEXT"`` decides and logs like the service does
(without ``--persona``, for the persona that persona matching finds closest);
``personagraph route replay --rules DIR [--since DATE]`` reports what a candidate rule
set would change among the logged decisions.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from typer.core import TyperGroup

from personagraph.cli.output import console, friendly_errors
from personagraph.embedding import default_embedder
from personagraph.errors import ValidationFailed
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.routing.decision import Decision
from personagraph.routing.persona_choice import chooser_for
from personagraph.routing.replay import ReplayReport
from personagraph.routing.router import (
    REPLAY_EXAMPLES,
    REPLAY_LIMIT,
    Router,
    examples_for,
    recorder_for,
    replay_logged,
)
from personagraph.routing.rules import RoutingRules
from personagraph.seeding.validation import read_routing
from personagraph.settings import Settings, get_settings
from personagraph.store import Store

DECIDE = "decide"


class _RouteGroup(TyperGroup):
    """``route "TEXT"`` runs the decision; ``route replay …`` the replay."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [DECIDE, *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_RouteGroup,
    help=(
        'Route a request: `personagraph route [--persona ID] [--json] "TEXT"`; '
        "or `personagraph route replay --rules DIR` to try new rules on the logged requests."
    ),
    no_args_is_help=True,
)


@app.command(name=DECIDE)
def decide_command(
    text: str = typer.Argument(..., help="The user's request, as they wrote it."),
    persona: str | None = typer.Option(
        None,
        "--persona",
        help="The persona's id; without it, the closest persona by persona matching.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the decision as JSON."),
    context: str | None = typer.Option(
        None, "--context", help="A JSON object the application knows, e.g. '{\"documents\": 4}'."
    ),
) -> None:
    """Decide which service layer answers TEXT for a persona (given, or the closest by
    persona matching), and how; the decision is logged."""
    settings = get_settings()
    with friendly_errors():
        parsed = _context(context)
        with Store.open(resolve_connection(settings)) as store:
            recorder = _recorder(store, settings)
            try:
                router = Router(
                    store,
                    recorder,
                    settings.routing_max_request_chars,
                    matcher=chooser_for(store, settings, default_embedder),
                    examples=examples_for(settings, default_embedder),
                )
                decision = router.route(persona, text, parsed)
            finally:
                if recorder is not None:
                    recorder.flush()
    if as_json:
        typer.echo(json.dumps(decision.as_json(), indent=2, ensure_ascii=False))
    else:
        _print_decision(decision)


@app.command(name="replay")
def replay_command(
    rules: Path = typer.Option(
        ..., "--rules", help="The candidate: a folder with rules.yaml and policies.yaml."
    ),
    since: datetime | None = typer.Option(
        None, "--since", formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"], help="Only decisions since."
    ),
    limit: int = typer.Option(REPLAY_LIMIT, "--limit", min=1, help="The newest decisions at most."),
    examples: int = typer.Option(REPLAY_EXAMPLES, "--examples", min=0, help="Examples per change."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Decide the logged requests again under candidate rules: how many would change, how."""
    settings = get_settings()
    with friendly_errors():
        candidate = read_routing(rules)
        with Store.open(resolve_connection(settings)) as store:
            rules_set = RoutingRules(candidate.rules, candidate.policies)
            lazy = examples_for(settings, default_embedder)
            nearest = lazy.get() if lazy is not None else None
            report = replay_logged(store, rules_set, since, limit, examples, nearest)
    if as_json:
        typer.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        print_replay(report)


def _recorder(store: Store, settings: Settings) -> Any:
    if not settings.routing_audit:
        return None
    return recorder_for(
        store,
        settings.routing_audit_batch,
        settings.routing_audit_interval,
        settings.routing_audit_capacity,
    )


def _context(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed([f"--context: not JSON ({exc.msg}); give a JSON object"]) from exc
    if not isinstance(value, dict):
        raise ValidationFailed([f"--context: must be a JSON object, got {type(value).__name__}"])
    return value


def _print_decision(decision: Decision) -> None:
    answer = decision.as_json()
    persona = answer["persona"]
    if persona["match_score"] is not None:
        console.print(
            f"persona {persona['id']} chosen by persona matching "
            f"(score {persona['match_score']:.2f})"
        )
    console.print(f"[bold]{answer['service_layer']}[/bold]  (rule {answer['rule']['id']})")
    table = Table("setting", "value")
    for name, value in answer["configuration"].items():
        table.add_row(name, value)
    console.print(table)
    policy = answer["policy"]
    console.print(
        f"request type {answer['request_type']['value']}, complexity "
        f"{answer['complexity']['value']}, sentiment {answer['sentiment']['value']} "
        f"({answer['sentiment']['score']:+.2f}); policy {policy['action']}: {policy['reason']}"
    )
    console.print(answer["explanation"], soft_wrap=True)


def print_replay(report: ReplayReport) -> None:
    """The replay report as a table of transitions with examples."""
    versions = ", ".join(f"{v} ({n})" for v, n in report.logged_versions.items()) or "none"
    console.print(
        f"replayed {report.replayed} logged decisions (made under {versions}) with rules "
        f"{report.candidate_version}: [bold]{report.changed} would change[/bold], "
        f"{report.unchanged} would not"
    )
    if not report.transitions:
        return
    table = Table("from", "to", "decisions", "example (request, rule before → after, settings)")
    for transition in report.transitions:
        first = transition.examples[0] if transition.examples else None
        example = (
            f"{first.request[:60]!r}: {first.from_rule} → {first.to_rule}"
            f" {', '.join(first.changed_settings)}"
            if first
            else ""
        )
        table.add_row(transition.from_layer, transition.to_layer, str(transition.count), example)
    console.print(table)
