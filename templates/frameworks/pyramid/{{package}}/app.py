"""The Pyramid WSGI app: routes from routes.py, views found by config.scan().{{#unless database}}"""{{/unless}}
{{#if database}}

Each view's change is one transaction of its own (items.py, db.py), so the request-wide one of
pyramid_tm and zope.sqlalchemy is not needed: add them when a view makes several that must
commit together.
"""
{{/if}}

{{#if database}}
import atexit

{{/if}}
from pyramid.config import Configurator
from pyramid.router import Router
{{#if database}}

from . import db
{{/if}}


def make_app() -> Router:
    with Configurator() as config:
        config.include(".routes")
        config.scan(".views")
        return config.make_wsgi_app()


app = make_app()
{{#if database}}

# WSGI has no shutdown hook: the pool's connections are closed as the worker process exits.
atexit.register(db.dispose)
{{/if}}
