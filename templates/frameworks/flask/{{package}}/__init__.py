"""A Flask service."""
