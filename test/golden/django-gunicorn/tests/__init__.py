"""Tests for the django_gunicorn package."""
