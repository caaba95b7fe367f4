from fastapi import FastAPI, HTTPException, Request{{#if websocket}}, WebSocket, WebSocketDisconnect{{/if}}

from .items import get_item, hello, list_items

app = FastAPI(title={{{titleLiteral}}})


@app.get("/")
def index() -> dict[str, str]:
    return hello()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/api/items")
def items() -> list[dict[str, object]]:
    return list_items()


@app.get("/api/items/{item_id}")
def item(item_id: int) -> dict[str, object]:
    found = get_item(item_id)
    if found is None:
        raise HTTPException(status_code=404, detail="item not found")
    return found


@app.get("/api/whoami")
def whoami(request: Request) -> dict[str, str | None]:
    client = request.client.host if request.client else None
    return {"client": client, "scheme": request.url.scheme, "host": request.headers.get("host")}
{{#if websocket}}


@app.websocket("/ws")
async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except WebSocketDisconnect:
        pass
{{/if}}
