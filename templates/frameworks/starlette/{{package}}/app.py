"""A Starlette service.

The server in front applies X-Forwarded-* from trusted proxies (FORWARDED_ALLOW_IPS), so
request.client and request.url.scheme are already the client's here.
"""

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route{{#if websocket}}, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect{{/if}}

from .items import get_item, hello, list_items


async def index(request: Request) -> JSONResponse:
    return JSONResponse(hello())


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def items(request: Request) -> JSONResponse:
    return JSONResponse(list_items())


async def item(request: Request) -> JSONResponse:
    found = get_item(request.path_params["item_id"])
    if found is None:
        raise HTTPException(status_code=404, detail="item not found")
    return JSONResponse(found)


async def whoami(request: Request) -> JSONResponse:
    client = request.client.host if request.client else None
    return JSONResponse(
        {"client": client, "scheme": request.url.scheme, "host": request.headers.get("host")}
    )
{{#if websocket}}


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except WebSocketDisconnect:
        pass
{{/if}}


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    # A JSON API answers JSON, also for paths it does not know.
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


app = Starlette(
    routes=[
        Route("/", index),
        Route("/healthz", healthz),
        Route("/api/items", items),
        Route("/api/items/{item_id:int}", item),
        Route("/api/whoami", whoami),
{{#if websocket}}
        WebSocketRoute("/ws", echo),
{{/if}}
    ],
    exception_handlers={HTTPException: http_error},
)
