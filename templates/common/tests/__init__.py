"""Tests for the {{package}} package."""
