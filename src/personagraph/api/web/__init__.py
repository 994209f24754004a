"""The graph explorer: a static page served at ``/`` that reads only ``/graphql``.

No build step: plain ES modules and a vendored Cytoscape.js under ``statics/``. The
Content-Security-Policy keeps every request on this origin, so the page can fetch
nothing from elsewhere at run time.
"""

from __future__ import annotations

from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATICS = Path(__file__).parent / "statics"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        # Cytoscape.js positions its canvases through inline style attributes.
        "style-src 'self' 'unsafe-inline'",
        "frame-ancestors 'none'",
    ]
)


class ExplorerFiles(StaticFiles):
    """The explorer's files, revalidated on every load so an upgrade shows at once."""

    def __init__(self) -> None:
        super().__init__(directory=STATICS, html=True)

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
