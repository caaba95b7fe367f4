"""The Pyramid WSGI app: routes from routes.py, views found by config.scan()."""

from pyramid.config import Configurator
from pyramid.router import Router


def make_app() -> Router:
    with Configurator() as config:
        config.include(".routes")
        config.scan(".views")
        return config.make_wsgi_app()


app = make_app()
