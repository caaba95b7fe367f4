"""A Tornado service."""
