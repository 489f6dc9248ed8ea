"""The meetings section of the area summary (see portal.summary): the same
code path as the rule checks of the admin (meetings.compliance)."""

from core.periods import Period

from .compliance import area_figures, area_figures_with_communes

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


def meeting_figures_by_commune(place, date, period=None):
    """`meeting_figures` of every commune under `place`, by the same rules in
    the same number of queries: {commune id: figures} (portal.summary)."""
    return meeting_figures_with_communes(place, date, period)[1]


def meeting_figures_with_communes(place, date, period=None):
    """(`meeting_figures`, `meeting_figures_by_commune`) of `place` from one
    set of queries (portal.summary.area_summary_with_communes)."""
    period = period or Period.month_of(date)
    area, rows = area_figures_with_communes(place, period)
    rows.pop(None, None)  # cells of committees above the communes
    for figures in rows.values():
        figures["period"] = period.code
    return {"period": period.code, **area}, rows


meeting_figures.by_commune = meeting_figures_by_commune
meeting_figures.with_communes = meeting_figures_with_communes
