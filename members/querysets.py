from cells.querysets import ScopedQuerySet


class MemberRecordQuerySet(ScopedQuerySet):
    """Records of one member hang where the member is registered."""

    scope_path = "member__person__place__path"
