# Imported as Client: pytest would try to collect a class named Test*.
from quart.typing import TestClientProtocol as Client

# pyproject.toml sets asyncio_mode = "auto": these coroutines run without a marker.


async def test_index(client: Client) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert (await response.get_json())["framework"] == "quart"


async def test_healthz(client: Client) -> None:
    assert await (await client.get("/healthz")).get_json() == {"status": "ok"}


async def test_readyz(client: Client) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert await response.get_json() == {"status": "ready"}


async def test_unknown_path_is_json_404(client: Client) -> None:
    response = await client.get("/nope")
    assert response.status_code == 404
    assert await response.get_json() == {"detail": "not found"}


async def test_websocket_echo(client: Client) -> None:
    async with client.websocket("/ws") as ws:
        await ws.send("ping")
        assert await ws.receive() == "ping"
