"""Tests for the flask_mod_wsgi package."""
