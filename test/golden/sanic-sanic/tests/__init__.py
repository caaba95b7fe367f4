"""Tests for the sanic_sanic package."""
