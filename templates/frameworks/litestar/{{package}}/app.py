"""The Litestar application."""

{{#if database}}
from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar, Response, get, websocket_listener
from litestar.di import NamedDependency
from litestar.openapi import OpenAPIConfig
from sqlalchemy.ext.asyncio import AsyncEngine

from . import db
from .api import router as api_router
from .items import hello
{{else}}
from litestar import Litestar, get, websocket_listener
from litestar.openapi import OpenAPIConfig

from .api import router as api_router
from .items import hello
{{/if}}


@get("/")
async def index() -> dict[str, str]:
    return hello()


@get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
{{#if database}}


@get("/readyz")
async def readyz(db_engine: NamedDependency[AsyncEngine]) -> Response[dict[str, str]]:
    # Readiness asks the database; liveness (/healthz) does not, so an outage restarts nothing.
    try:
        await db.ping(db_engine)
    except Exception as error:
        return Response({"status": "unavailable", "detail": db.unavailable(error)}, status_code=503)
    return Response({"status": "ok"})
{{/if}}


@websocket_listener("/ws")
async def echo(data: str) -> str:
    return data


app = Litestar(
    route_handlers=[index, healthz, {{#if database}}readyz, {{/if}}api_router, echo],
    openapi_config=OpenAPIConfig(title={{titleLiteral}}, version="0.1.0"),
{{#if database}}
    # The engine, a session per request (db_session), and the engine's disposal at shutdown.
    plugins=[SQLAlchemyPlugin(config=db.alchemy)],
{{/if}}
)
