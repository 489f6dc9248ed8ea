"""The review's admin pages. Each part lives in its own module so that the
pages of the review (rounds, criteria, ratings) and those of designations
grow apart: importing them registers them."""

from . import admin_designations, admin_history  # noqa: F401  (registers the admins)
