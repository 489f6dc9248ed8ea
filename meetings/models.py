"""Meetings of party cells (issue #3)."""
