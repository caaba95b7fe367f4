"""A Sanic service."""
