"""Commendations and award lists (issue #4)."""
