from cells.querysets import ScopedQuerySet, SharedQuerySet


class FeeRecordQuerySet(ScopedQuerySet):
    """A member's bases, reliefs and payments hang where the member is
    registered, as the rest of the member's record (members.querysets)."""

    scope_path = "member__person__place__path"


class FeeRuleQuerySet(SharedQuerySet):
    """The rates and the cell's share: national rules, read by everyone,
    changed by the superuser only (a new dated row when the rules change)."""
