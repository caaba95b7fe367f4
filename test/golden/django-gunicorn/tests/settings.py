"""Test settings: the production settings, with a throwaway secret so that `pytest` needs
nothing exported. pyproject.toml points pytest-django here."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-" + "x" * 50)
# The tests check production's settings (HSTS, secure cookies), even in a shell where the README's
# `export DJANGO_DEBUG=1` for the development server still holds.
os.environ["DJANGO_DEBUG"] = "0"

from django_gunicorn.settings import *  # noqa: E402, F403

# Fixed whatever the shell (or a sourced .env) says: the test client's host name, and the
# production redirect that the tests check.
ALLOWED_HOSTS = ["testserver"]
SECURE_SSL_REDIRECT = True
