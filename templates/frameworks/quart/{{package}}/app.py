"""The Quart application."""

from quart import Quart, websocket
from quart.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

{{#if database}}
from . import db
{{/if}}
from .api import bp as api
from .items import hello

app = Quart(__name__)
app.register_blueprint(api)
{{#if database}}


@app.before_serving
async def check_database() -> None:
    # The pool connects again at first use: a database that is down now is logged, not fatal,
    # and /readyz says why meanwhile.
    problem = await db.ready()
    if problem:
        app.logger.warning("database not ready yet: %s", problem)


@app.after_serving
async def close_database() -> None:
    await db.dispose()
{{/if}}


@app.get("/")
async def index() -> dict[str, str]:
    return hello()


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/readyz")
async def readyz() -> ResponseReturnValue:
{{#if database}}
    # Readiness, unlike /healthz: while the database does not answer the app leaves the load
    # balancer, and is not restarted.
    problem = await db.ready()
    if problem:
        return {"status": "unavailable", "detail": problem}, 503
{{else}}
    # Can this process take traffic now (readiness); /healthz only says it is alive (liveness).
    # Ask here what requests need, a database for one, so that an outage takes the instance out
    # of the load balancer without restarting it.
{{/if}}
    return {"status": "ready"}


@app.websocket("/ws")
async def echo() -> None:
    while True:
        await websocket.send(await websocket.receive())


@app.errorhandler(NotFound)
async def not_found(_error: NotFound) -> ResponseReturnValue:
    # A JSON API answers JSON, also for paths it does not know.
    return {"detail": "not found"}, 404
