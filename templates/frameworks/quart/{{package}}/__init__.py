"""A Quart service."""
