"""meeting_compliance: the compliance figures of a district with 100 cells
and three years of monthly meetings (gaps, short meetings, thematic ones),
through meetings.compliance, against one raw SQL query computing the same
figures in the same run. Targets: queries independent of the number of cells
and meetings (measured again on one commune, a tenth of the cells), ratio <= 3."""

import datetime

from django.db import connection

from benchmarks import benchmark, count_queries, places, timed
from cells.models import Cell, Place
from cells.periods import Period
from meetings.compliance import area_figures, rules
from meetings.constants import REGULAR_KINDS, THEMATIC_KINDS, MeetingKind
from meetings.models import Meeting

PERIOD = "2021..2023"
REPEATS = 5
# The figures both sides compute (the portal computes a few more).
COMPARED = (
    "meetings_expected",
    "meetings_held",
    "cells_without_thematic",
    "regular_meetings",
    "thematic_meetings",
    "short_meetings",
)


def _meetings(cells, period):
    """One meeting a month per cell, with a gap every 17th cell-month, a
    combined meeting each third month and a short one every 7th."""
    rows = []
    for index, cell in enumerate(cells):
        for number, (year, month) in enumerate(period.months()):
            if (index + number) % 17 == 0:
                continue
            kind = MeetingKind.COMBINED if month % 3 == index % 3 else MeetingKind.REGULAR
            minutes = 80 if (index * 5 + number) % 7 == 0 else 125
            meeting = Meeting(
                cell=cell,
                kind=kind,
                date=datetime.date(year, month, 1 + index % 28),
                duration_minutes=minutes,
                papers_sent_on=datetime.date(year, month, 1),
                reported_present=20,
                reported_unexcused=2,
            )
            meeting.fill_derived_fields()
            rows.append(meeting)
    Meeting.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _values(dates):
    return ", ".join("(%s, %s)" for _ in dates)


def raw_figures(place, period, limits):
    """The same figures as meetings.compliance, by hand, in one SQL query."""
    months = [
        (datetime.date(y, m, 1), Period.month_of(datetime.date(y, m, 1)).end)
        for y, m in period.months()
    ]
    quarters = [
        (Period.parse(f"{y}-Q{q}").start, Period.parse(f"{y}-Q{q}").end)
        for y, q in period.quarters()
    ]
    regular = ", ".join(f"'{kind}'" for kind in REGULAR_KINDS)
    thematic = ", ".join(f"'{kind}'" for kind in THEMATIC_KINDS)
    sql = f"""
        WITH months (first_day, last_day) AS (VALUES {_values(months)}),
        quarters (first_day, last_day) AS (VALUES {_values(quarters)}),
        area_cells AS (
            SELECT c.id, c.founded_on, c.dissolved_on FROM cells_cell c
            JOIN cells_partycommittee pc ON pc.id = c.committee_id
            JOIN cells_place p ON p.id = pc.place_id
            WHERE p.path LIKE %s
        ),
        expected_months AS (
            SELECT ac.id AS cell_id, m.first_day, m.last_day FROM area_cells ac, months m
            WHERE (ac.founded_on IS NULL OR ac.founded_on <= m.first_day)
              AND (ac.dissolved_on IS NULL OR ac.dissolved_on >= m.last_day)
        ),
        expected_quarters AS (
            SELECT ac.id AS cell_id, q.first_day, q.last_day FROM area_cells ac, quarters q
            WHERE (ac.founded_on IS NULL OR ac.founded_on <= q.first_day)
              AND (ac.dissolved_on IS NULL OR ac.dissolved_on >= q.last_day)
        ),
        period_meetings AS (
            SELECT mt.kind, mt.duration_minutes FROM meetings_meeting mt
            JOIN area_cells ac ON ac.id = mt.cell_id
            WHERE mt.date >= %s AND mt.date <= %s
        )
        SELECT
          (SELECT COUNT(*) FROM expected_months),
          (SELECT COUNT(*) FROM expected_months e WHERE EXISTS (
              SELECT 1 FROM meetings_meeting mt WHERE mt.cell_id = e.cell_id
              AND mt.date >= e.first_day AND mt.date <= e.last_day AND mt.kind IN ({regular}))),
          (SELECT COUNT(DISTINCT e.cell_id) FROM expected_quarters e WHERE NOT EXISTS (
              SELECT 1 FROM meetings_meeting mt WHERE mt.cell_id = e.cell_id
              AND mt.date >= e.first_day AND mt.date <= e.last_day AND mt.kind IN ({thematic}))),
          (SELECT COUNT(*) FROM period_meetings WHERE kind IN ({regular})),
          (SELECT COUNT(*) FROM period_meetings WHERE kind IN ({thematic})),
          (SELECT COUNT(*) FROM period_meetings WHERE
              (kind = '{MeetingKind.REGULAR}' AND duration_minutes < %s)
              OR (kind = '{MeetingKind.COMBINED}' AND duration_minutes < %s))
    """
    params = [day for pair in months + quarters for day in pair]
    params += [f"{place.path}%", period.start, period.end]
    params += [limits["min_regular_minutes"], limits["min_combined_minutes"]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(zip(COMPARED, cursor.fetchone(), strict=True))


def _best_of(function):
    best, result = None, None
    for _ in range(REPEATS):
        with timed() as clock:
            result = function()
        best = clock.seconds if best is None else min(best, clock.seconds)
    return best, result


@benchmark("meeting_compliance")
def meeting_compliance():
    period = Period.parse(PERIOD)
    district = places.district(communes=10, hamlets_per_commune=10)
    cells = list(Cell.objects.within(district))
    meetings = _meetings(cells, period)
    # One commune: a tenth of the cells and meetings, the same queries.
    small = Place.objects.communes().within(district).first()
    limits = rules()

    with count_queries() as queries:
        portal = area_figures(district, period)
    with count_queries() as small_queries:
        area_figures(small, period)
    portal_seconds, portal = _best_of(lambda: area_figures(district, period))
    raw_seconds, raw = _best_of(lambda: raw_figures(district, period, limits))
    mismatched = [key for key in COMPARED if portal[key] != raw[key]]
    if mismatched:
        raise AssertionError(f"portal and raw SQL disagree on {mismatched}: {portal} {raw}")
    return {
        "cells": len(cells),
        "meetings": meetings,
        "seconds": portal_seconds,
        "queries": queries.count,
        "queries_at_10_cells": small_queries.count,
        "raw_seconds": raw_seconds,
        "ratio": portal_seconds / raw_seconds,
        "compliance": portal["meeting_compliance"],
        "short_meetings": portal["short_meetings"],
    }
