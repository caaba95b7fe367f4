"""The Litestar application."""

from litestar import Litestar, get, websocket_listener
from litestar.openapi import OpenAPIConfig

from .api import router as api_router
from .items import hello


@get("/")
async def index() -> dict[str, str]:
    return hello()


@get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@websocket_listener("/ws")
async def echo(data: str) -> str:
    return data


app = Litestar(
    route_handlers=[index, healthz, api_router, echo],
    openapi_config=OpenAPIConfig(title={{titleLiteral}}, version="0.1.0"),
)
