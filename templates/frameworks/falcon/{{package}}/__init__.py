"""A Falcon service."""
