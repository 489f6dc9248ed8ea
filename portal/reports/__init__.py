"""Periodic reports of a place, built by Celery after each period."""
