"""meeting_compliance: the compliance figures of a district with 100 cells
and three years of monthly meetings (gaps, short and thematic meetings,
late papers, poor attendance, cadres following a third of the cells),
through meetings.compliance, against one raw SQL query computing the same
figures in the same run. Targets: queries independent of the number of cells
and meetings (measured again on one commune, a tenth of the cells), ratio <= 3."""

import datetime

from django.db import connection

from benchmarks import benchmark, count_queries, places, timed
from cells.models import Cell, Person, Place
from core.periods import Period
from meetings.compliance import area_figures, rules
from meetings.constants import REGULAR_KINDS, THEMATIC_KINDS, MeetingKind
from meetings.models import CadreAssignment, Meeting, MeetingGuest

PERIOD = "2021..2023"
REPEATS = 15
RAW_KEYS = (
    "meetings_expected",
    "meetings_held",
    "cells_without_thematic",
    "regular_meetings",
    "thematic_meetings",
    "short_meetings",
    "papers_late",
    "low_attendance_meetings",
    "followed",
    "cadre_came",
)
# The figures both sides compute and must agree on.
COMPARED = (
    *RAW_KEYS[:-2],
    "cadre_assignments",
    "cadre_attendance_share",
)


def _meetings(cells, period):
    """One meeting a month per cell, with a gap every 17th cell-month, a
    combined meeting each third month, a short one every 7th, late papers
    every 11th and a poorly attended one every 13th."""
    rows = []
    for index, cell in enumerate(cells):
        for number, (year, month) in enumerate(period.months()):
            if (index + number) % 17 == 0:
                continue
            kind = MeetingKind.COMBINED if month % 3 == index % 3 else MeetingKind.REGULAR
            date = datetime.date(year, month, 2 + index % 27)
            meeting = Meeting(
                cell=cell,
                kind=kind,
                date=date,
                duration_minutes=80 if (index * 5 + number) % 7 == 0 else 125,
                papers_sent_on=date if (index + number) % 11 == 0 else date.replace(day=1),
                reported_present=8 if (index + number) % 13 == 0 else 20,
                reported_unexcused=12 if (index + number) % 13 == 0 else 2,
            )
            meeting.fill_derived_fields()
            rows.append(meeting)
    return Meeting.objects.bulk_create(rows, batch_size=2000)


def _cadres(district, meetings):
    """A district cadre follows every third cell (the "3+1" model) and comes
    to two meetings out of three."""
    cadre_of = {}
    for meeting in meetings:
        if meeting.cell_id % 3 == 0 and meeting.cell_id not in cadre_of:
            person = Person.objects.create(
                full_name=f"Cán Bộ Huyện {meeting.cell_id}", place=district
            )
            CadreAssignment.objects.create(
                person=person, cell_id=meeting.cell_id, start_date=datetime.date(2021, 1, 1)
            )
            cadre_of[meeting.cell_id] = person.pk
    guests = [
        MeetingGuest(meeting=meeting, person_id=cadre_of[meeting.cell_id])
        for meeting in meetings
        if meeting.cell_id in cadre_of and meeting.date.month % 3 != 0
    ]
    MeetingGuest.objects.bulk_create(guests, batch_size=2000)
    return len(cadre_of)


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
    active = "ca.start_date <= mt.date AND (ca.end_date IS NULL OR ca.end_date >= mt.date)"
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
            SELECT mt.kind, mt.duration_minutes, mt.papers_days_ahead,
              CASE WHEN mt.attendance_total IS NOT NULL THEN mt.attendance_present
                   ELSE mt.reported_present END AS present,
              CASE WHEN mt.attendance_total IS NOT NULL THEN mt.attendance_total
                   ELSE COALESCE(mt.reported_present, 0) + COALESCE(mt.reported_excused, 0)
                        + COALESCE(mt.reported_unexcused, 0) END AS total,
              EXISTS (SELECT 1 FROM meetings_cadreassignment ca
                      WHERE ca.cell_id = mt.cell_id AND {active}) AS followed,
              EXISTS (SELECT 1 FROM meetings_meetingguest g
                      JOIN meetings_cadreassignment ca ON ca.person_id = g.person_id
                      WHERE g.meeting_id = mt.id AND ca.cell_id = mt.cell_id
                        AND {active}) AS cadre_came
            FROM meetings_meeting mt
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
          COUNT(*) FILTER (WHERE kind IN ({regular})),
          COUNT(*) FILTER (WHERE kind IN ({thematic})),
          COUNT(*) FILTER (WHERE (kind = '{MeetingKind.REGULAR}' AND duration_minutes < %s)
              OR (kind = '{MeetingKind.COMBINED}' AND duration_minutes < %s)),
          COUNT(*) FILTER (WHERE kind IN ({regular}, {thematic}) AND papers_days_ahead < %s),
          COUNT(*) FILTER (WHERE total > 0 AND present < total * %s),
          COUNT(*) FILTER (WHERE followed),
          COUNT(*) FILTER (WHERE followed AND cadre_came)
        FROM period_meetings
    """
    params = [day for pair in months + quarters for day in pair]
    params += [f"{place.path}%", period.start, period.end]
    params += [limits["min_regular_minutes"], limits["min_combined_minutes"]]
    params += [limits["papers_days_ahead"], limits["min_attendance_share"]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        cursor.execute(
            "SELECT COUNT(*) FROM meetings_cadreassignment ca"
            " JOIN cells_cell c ON c.id = ca.cell_id"
            " JOIN cells_partycommittee pc ON pc.id = c.committee_id"
            " JOIN cells_place p ON p.id = pc.place_id WHERE p.path LIKE %s"
            " AND ca.start_date <= %s AND (ca.end_date IS NULL OR ca.end_date >= %s)",
            [f"{place.path}%", period.end, period.start],
        )
        assignments = cursor.fetchone()[0]
    figures = dict(zip(RAW_KEYS, row, strict=True))
    followed = figures.pop("followed")
    came = figures.pop("cadre_came")
    figures["cadre_attendance_share"] = round(came / followed, 4) if followed else None
    figures["cadre_assignments"] = assignments
    return figures


def _best_of(*functions):
    """Best wall-clock seconds of each function over REPEATS interleaved
    runs (interleaved so a busy machine slows both sides alike), and the
    last result of each."""
    best = [float("inf")] * len(functions)
    results = [None] * len(functions)
    for _ in range(REPEATS):
        for index, function in enumerate(functions):
            with timed() as clock:
                results[index] = function()
            best[index] = min(best[index], clock.seconds)
    return best, results


@benchmark("meeting_compliance")
def meeting_compliance():
    period = Period.parse(PERIOD)
    district = places.district(communes=10, hamlets_per_commune=10)
    cells = list(Cell.objects.within(district))
    meetings = _meetings(cells, period)
    assignments = _cadres(district, meetings)
    # One commune: a tenth of the cells and meetings, the same queries.
    small = Place.objects.communes().within(district).first()
    limits = rules()

    with count_queries() as queries:
        portal = area_figures(district, period)
    with count_queries() as small_queries:
        area_figures(small, period)
    (portal_seconds, raw_seconds), (portal, raw) = _best_of(
        lambda: area_figures(district, period), lambda: raw_figures(district, period, limits)
    )
    mismatched = [key for key in COMPARED if portal[key] != raw[key]]
    if mismatched:
        raise AssertionError(f"portal and raw SQL disagree on {mismatched}: {portal} {raw}")
    return {
        "cells": len(cells),
        "meetings": len(meetings),
        "cadre_assignments": assignments,
        "seconds": portal_seconds,
        "queries": queries.count,
        "queries_at_10_cells": small_queries.count,
        "raw_seconds": raw_seconds,
        "ratio": portal_seconds / raw_seconds,
        "compliance": portal["meeting_compliance"],
        "short_meetings": portal["short_meetings"],
        "cadre_attendance_share": portal["cadre_attendance_share"],
    }
