"""Tests for the fastapi_uvicorn package."""
