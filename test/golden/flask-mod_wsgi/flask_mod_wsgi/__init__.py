"""A Flask service, made by an application factory as in Flask's tutorial.

Servers call create_app() once per process, and so does the development server:

    flask --app flask_mod_wsgi run --debug
"""

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from . import api
from .items import hello


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    # FLASK_* environment variables (FLASK_SECRET_KEY ...) set the config: nothing is baked in.
    app.config.from_prefixed_env()
    if test_config is not None:
        app.config.from_mapping(test_config)

    app.register_blueprint(api.bp)

    @app.get("/")
    def index() -> dict[str, str]:
        return hello()

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz() -> ResponseReturnValue:
        # Can this process take traffic now (readiness); /healthz only says it is alive
        # (liveness). Ask here what requests need, a database for one, so that an outage takes
        # the instance out of the load balancer without restarting it.
        return {"status": "ready"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        # A JSON API answers JSON, also for paths it does not know. abort(404, "item not found")
        # names what is missing; werkzeug's default descriptions are sentences for HTML pages.
        default = error.description == type(error).description
        return {"detail": error.name.lower() if default else error.description}, error.code or 500

    return app
