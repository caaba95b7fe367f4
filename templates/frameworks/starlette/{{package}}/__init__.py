"""A Starlette service."""
