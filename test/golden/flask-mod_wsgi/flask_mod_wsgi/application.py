"""The app as mod_wsgi serves it (launch.py names this module): mod_wsgi takes a module's
attribute and calls no factory, so flask_mod_wsgi.create_app() runs here, once per process.
"""

import flask_mod_wsgi

application = flask_mod_wsgi.create_app()
