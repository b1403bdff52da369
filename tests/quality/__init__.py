"""Helpers for the quality gates (tests/test_quality_*.py): pure functions over a built site."""
