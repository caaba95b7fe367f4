"""A Pyramid service."""
