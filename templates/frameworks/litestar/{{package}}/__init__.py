"""A Litestar service."""
