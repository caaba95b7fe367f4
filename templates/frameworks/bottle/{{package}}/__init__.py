"""A Bottle service."""
