"""A FastAPI service."""
