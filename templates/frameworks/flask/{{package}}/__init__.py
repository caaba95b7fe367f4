"""A Flask service, made by an application factory as in Flask's tutorial.

Servers call create_app() once per process, and so does the development server:

    flask --app {{package}} run --debug
{{#if database}}

The items live in PostgreSQL through Flask-SQLAlchemy; Flask-Migrate's commands run on the
same factory: `{{database.migrate}}`.
{{/if}}
"""

{{#if database}}
import os
{{/if}}
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.typing import ResponseReturnValue
{{#if database}}
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
{{/if}}
from werkzeug.exceptions import HTTPException

from . import api
{{#if database}}
from .db import database_config, db, migrate
{{/if}}
from .items import hello


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
{{#if database}}
    app.config.from_mapping(database_config(os.environ))
{{/if}}
    # FLASK_* environment variables (FLASK_SECRET_KEY ...) set the config: nothing is baked in.
    app.config.from_prefixed_env()
    if test_config is not None:
        app.config.from_mapping(test_config)

{{#if database}}
    # Neither connects: the engine opens its pool on the first query, so the app starts while
    # the database is down, and /readyz says so.
    db.init_app(app)
    migrate.init_app(app, db)

{{/if}}
    app.register_blueprint(api.bp)

    @app.get("/")
    def index() -> dict[str, str]:
        return hello()

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz() -> ResponseReturnValue:
{{#if database}}
        # Unlike /healthz: while the database does not answer, the replica gets no traffic (it
        # is not restarted), and gets it back by itself when the database answers again.
        try:
            db.session.execute(text("SELECT 1"))
        except SQLAlchemyError as error:
            # The driver's own first line ("connection refused"), not SQLAlchemy's wrapping.
            reason = str(error.__cause__ or error).strip().splitlines()[0]
            return {"status": "unavailable", "detail": reason}, 503
{{else}}
        # Can this process take traffic now (readiness); /healthz only says it is alive
        # (liveness). Ask here what requests need, a database for one, so that an outage takes
        # the instance out of the load balancer without restarting it.
{{/if}}
        return {"status": "ready"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        # A JSON API answers JSON, also for paths it does not know. abort(404, "item not found")
        # names what is missing; werkzeug's default descriptions are sentences for HTML pages.
        default = error.description == type(error).description
        return {"detail": error.name.lower() if default else error.description}, error.code or 500

    return app
