"""``personagraph serve``: the HTTP service (GraphQL, health endpoints) under uvicorn."""

from __future__ import annotations

import logging

import typer
import uvicorn

from personagraph.api.app import create_app
from personagraph.cli.output import console, friendly_errors
from personagraph.neo4j_local.provision import resolve_connection
from personagraph.settings import Settings, get_settings


def serve_forever(settings: Settings, host: str, port: int, graphiql: bool) -> None:
    """Serve until interrupted (shared with ``personagraph up``)."""
    with friendly_errors():
        spec = resolve_connection(settings)
    console.print(
        f"serving on http://{host}:{port} — /graphql, /healthz, /readyz, /metrics"
        + (" (GraphiQL on GET /graphql)" if graphiql else "")
        + ("; reads need no API key" if settings.anonymous_reads else "")
    )
    app = create_app(spec, settings, graphiql=graphiql)
    # One JSON line per request from personagraph.requests replaces uvicorn's access log.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("personagraph.requests", "personagraph.api"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)


def serve(
    host: str = typer.Option(None, help="Interface to listen on [default: PERSONAGRAPH_HOST]."),
    port: int = typer.Option(None, help="Port to listen on [default: PERSONAGRAPH_PORT]."),
    graphiql: bool = typer.Option(
        None, "--graphiql/--no-graphiql", help="Serve the GraphiQL IDE (development)."
    ),
) -> None:
    """Serve the API: POST/GET /graphql, /healthz (process up), /readyz (database ready)."""
    settings = get_settings()
    serve_forever(
        settings,
        host or settings.host,
        port or settings.port,
        settings.graphiql if graphiql is None else graphiql,
    )
