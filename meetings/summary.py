"""The meetings section of the area summary (see portal.summary): the same
code path as the rule checks of the admin (meetings.compliance)."""

from cells.periods import Period

from .compliance import area_figures

# Keys the summary promises (issue #3); compliance adds a few more.
KEYS = (
    "period",
    "meetings_expected",
    "meetings_held",
    "meeting_compliance",
    "thematic_meetings",
    "cells_without_thematic",
    "short_meetings",
    "cadre_assignments",
    "cadre_attendance_share",
)


def meeting_figures(place, date, period=None):
    """Meeting figures of `place` over `period`, or the month of `date`
    when there is none."""
    period = period or Period.month_of(date)
    figures = {"period": period.code}
    figures.update(area_figures(place, period))
    return figures
