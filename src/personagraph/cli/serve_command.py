"""``personagraph serve``: the HTTP service (GraphQL, health endpoints) under uvicorn."""

from __future__ import annotations

import logging
import os
from typing import Any

import typer
import uvicorn
from starlette.applications import Starlette

from personagraph.api.app import create_app
from personagraph.api.http_protocol import NoDelayHTTPProtocol
from personagraph.api.worker_processes import run_workers
from personagraph.cli.output import console, friendly_errors
from personagraph.neo4j_local.provision import follow_local_instance, resolve_connection
from personagraph.settings import Settings, get_settings


def serve_forever(
    settings: Settings, host: str, port: int, graphiql: bool, workers: int = 1
) -> None:
    """Serve until interrupted (shared with ``personagraph up``).

    ``workers`` > 1 runs that many uvicorn worker processes, each building its app
    from the environment (:func:`app_from_environment`), and deals connections to
    them in turn (:mod:`personagraph.api.worker_processes`).
    """
    with friendly_errors():
        spec = resolve_connection(settings)
    console.print(
        f"serving on http://{host}:{port} — /graphql, /healthz, /readyz, /metrics"
        + (" (GraphiQL on GET /graphql)" if graphiql else "")
        + ("; reads need no API key" if settings.anonymous_reads else "")
        + (f"; {workers} worker processes" if workers > 1 else "")
    )
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "info",
        "access_log": False,
        "http": NoDelayHTTPProtocol,
        "loop": "uvloop",
    }
    if workers > 1:
        # Worker processes start afresh and only see the environment.
        os.environ["PERSONAGRAPH_GRAPHIQL"] = "true" if graphiql else "false"
        try:
            status = run_workers(f"{__name__}:app_from_environment", workers, options)
        except OSError as error:
            raise typer.Exit(_cannot_listen(host, port, error)) from error
        raise typer.Exit(status)
    app = create_app(
        spec, settings, graphiql=graphiql, locate=follow_local_instance(settings, spec)
    )
    _log_requests()
    uvicorn.run(app, **options)


def _cannot_listen(host: str, port: int, error: OSError) -> int:
    console.print(
        f"[red]cannot listen on {host}:{port}: {error.strerror or error}.[/red] "
        "Stop whatever holds the port, or choose another with --port or PERSONAGRAPH_PORT."
    )
    return 1


def app_from_environment() -> Starlette:
    """The app of one worker process of ``serve --workers N``."""
    settings = get_settings()
    _log_requests()
    spec = resolve_connection(settings)
    return create_app(spec, settings, locate=follow_local_instance(settings, spec))


def _log_requests() -> None:
    # One JSON line per request from personagraph.requests replaces uvicorn's access log.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("personagraph.requests", "personagraph.api"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)


def serve(
    host: str = typer.Option(None, help="Interface to listen on [default: PERSONAGRAPH_HOST]."),
    port: int = typer.Option(None, help="Port to listen on [default: PERSONAGRAPH_PORT]."),
    graphiql: bool = typer.Option(
        None, "--graphiql/--no-graphiql", help="Serve the GraphiQL IDE (development)."
    ),
    workers: int = typer.Option(
        1,
        min=1,
        help="Worker processes; connections are dealt to them in turn, so that each "
        "serves an equal share of a client's keep-alive connections.",
    ),
) -> None:
    """Serve the API: POST/GET /graphql, /healthz (process up), /readyz (database ready)."""
    settings = get_settings()
    serve_forever(
        settings,
        host or settings.host,
        port or settings.port,
        settings.graphiql if graphiql is None else graphiql,
        workers,
    )
