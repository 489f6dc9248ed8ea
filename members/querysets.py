from cells.querysets import ScopedQuerySet

from .constants import DISCIPLINE_FORMS


class MemberRecordQuerySet(ScopedQuerySet):
    """Records of one member hang where the member is registered."""

    scope_path = "member__person__place__path"


class DisciplineQuerySet(MemberRecordQuerySet):
    def decided_between(self, start, end):
        """Party discipline (not a striking off) decided from `start` to
        `end` inclusive: the member "bị kỷ luật trong kỳ"."""
        return self.filter(
            form__in=DISCIPLINE_FORMS, decision_date__gte=start, decision_date__lte=end
        )
