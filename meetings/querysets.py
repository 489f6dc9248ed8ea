"""Queries about many meetings. Scope goes through the one rule of
`cells.querysets.ScopedQuerySet`; the meeting rules themselves live in
`meetings.compliance`, which these methods call."""

from django.db.models import (
    Q,
)

from cells.querysets import CellQuerySet, ScopedQuerySet, SharedQuerySet, active_on

__all__ = ["SharedQuerySet"]


class MeetingQuerySet(ScopedQuerySet):
    scope_path = "cell__path"

    def between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)

    def with_attendance(self):
        """Annotate `present_count` and `member_count` (present + absent):
        counts of the attendance rows win over the counts a backfilled
        meeting reported (see meetings.compliance)."""
        from .compliance import member_count, present_count

        return self.annotate(present_count=present_count(), member_count=member_count())

    def with_cadre(self):
        """Annotate `cadre_assigned` (a cadre was assigned to the cell on the
        meeting date) and `cadre_attended` (one of them came)."""
        from .compliance import assigned_cadre_attended, cadre_assigned

        return self.annotate(
            cadre_assigned=cadre_assigned("cell", "date"),
            cadre_attended=assigned_cadre_attended(),
        )


class AttendanceQuerySet(ScopedQuerySet):
    scope_path = "meeting__cell__path"


class AttachmentQuerySet(ScopedQuerySet):
    scope_path = "meeting__cell__path"


class MeetingGuestQuerySet(ScopedQuerySet):
    scope_path = "meeting__cell__path"


class CadreAssignmentQuerySet(ScopedQuerySet):
    scope_path = "cell__path"

    def active_on(self, date):
        return self.filter(active_on(date))

    def overlapping(self, start, end):
        return self.filter(
            Q(start_date__lte=end), Q(end_date__isnull=True) | Q(end_date__gte=start)
        )


class ConferenceQuerySet(ScopedQuerySet):
    scope_path = "host__path"


class InvitationQuerySet(ScopedQuerySet):
    scope_path = "conference__host__path"


class InviteeQuerySet(ScopedQuerySet):
    scope_path = "conference__host__path"


class CellMeetingCheckQuerySet(CellQuerySet):
    """Cells with the meeting rules applied (see meetings.compliance)."""

    def missing_regular(self, month):
        """Cells expected to meet in `month` (a Period) without a regular meeting."""
        from .compliance import expected_in, has_regular

        return self.filter(
            expected_in(month.start, month.end), ~has_regular(month.start, month.end)
        )

    def without_thematic(self, quarter, until=None):
        """Cells expected in `quarter` with no thematic meeting in it (so far:
        up to `until`)."""
        from .compliance import expected_in, has_thematic

        end = min(until or quarter.end, quarter.end)
        return self.filter(
            expected_in(quarter.start, quarter.end), ~has_thematic(quarter.start, end)
        )

    def with_checks(self, date):
        """Annotate, for the month and quarter of `date`: `expected_month`,
        `regular_this_month`, `expected_quarter`, `thematic_this_quarter` and
        `last_meeting_on`."""
        from .compliance import cell_checks

        return self.annotate(**cell_checks(date))
