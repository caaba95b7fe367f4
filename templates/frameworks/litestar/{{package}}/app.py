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
    return Response({"status": "ready"})
{{else}}
@get("/readyz")
async def readyz() -> dict[str, str]:
    # Can this process take traffic now (readiness); /healthz only says it is alive (liveness).
    # Ask here what requests need, a database for one, so that an outage takes the instance out
    # of the load balancer without restarting it.
    return {"status": "ready"}
{{/if}}


@websocket_listener("/ws")
async def echo(data: str) -> str:
    return data


app = Litestar(
    route_handlers=[index, healthz, readyz, api_router, echo],
    openapi_config=OpenAPIConfig(title={{titleLiteral}}, version="0.1.0"),
{{#if database}}
    # The engine, a session per request (db_session), and the engine's disposal at shutdown.
    plugins=[SQLAlchemyPlugin(config=db.alchemy)],
{{/if}}
)
