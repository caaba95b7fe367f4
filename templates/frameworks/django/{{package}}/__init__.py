"""A Django service."""
