from {{package}}.app import app

# pyproject.toml sets asyncio_mode = "auto": these coroutines run without a marker.
client = app.test_client()


async def test_index() -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert (await response.get_json())["framework"] == "quart"


async def test_healthz() -> None:
    assert await (await client.get("/healthz")).get_json() == {"status": "ok"}


async def test_items() -> None:
    assert len(await (await client.get("/api/items")).get_json()) == 3
    assert (await (await client.get("/api/items/1")).get_json())["name"] == "keyboard"


async def test_missing_item_is_404() -> None:
    response = await client.get("/api/items/999")
    assert response.status_code == 404
    assert await response.get_json() == {"detail": "item not found"}


async def test_unknown_path_is_json_404() -> None:
    response = await client.get("/nope")
    assert response.status_code == 404
    assert response.is_json


async def test_whoami() -> None:
    response = await client.get("/api/whoami", scope_base={"client": ("192.0.2.1", 50000)})
    body = await response.get_json()
    assert body == {"client": "192.0.2.1", "scheme": "http", "host": "localhost"}
{{#if websocket}}


async def test_websocket_echo() -> None:
    async with client.websocket("/ws") as ws:
        await ws.send("ping")
        assert await ws.receive() == "ping"
{{/if}}
