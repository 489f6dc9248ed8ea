"""The Vietnamese admin: the data-entry screens of district and commune staff.

Every admin here derives from `ScopedAdmin` / `ScopedInline` (core/admin_scope.py),
so what a user sees, picks and filters on is cut to their place. List pages
annotate what they show (current holders, kiêm nhiệm, member counts) so a page
costs the same few queries for 5 rows or 50.
"""

from . import people, places, posts, reorganisations  # noqa: F401  (registers the admins)
