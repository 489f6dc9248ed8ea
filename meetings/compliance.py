"""The meeting rules, in one place: every check of the admin, the area
summary and the benchmark is built from the predicates below.

Rules (thresholds from `rules()`, defaulting to current central guidance):

- a regular meeting every month (a combined meeting counts as regular and as
  thematic; two regular meetings in one month count once);
- a thematic meeting at least once a quarter;
- a regular meeting lasts `min_regular_minutes`, a combined one
  `min_combined_minutes`;
- papers reach members `papers_days_ahead` days before;
- attendance below `min_attendance_share` of the members is flagged.

A cell is expected to meet only in months (quarters) it existed for in full:
founded on or before the first day and not dissolved before the last day, so
cells founded, dissolved or merged midway are never counted as missing.

Counting is done by the database: `period_figures` issues four queries
whatever the number of cells, meetings or months. The admin filters ask the
same rules as Exists() subqueries (`expected_in`, `has_regular`,
`has_thematic`); the period figures count meetings grouped by cell and
month and apply `existed_in_full`, the Python twin of `expected_in`, to the
cells.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan

from cells.querysets import active_on
from core.periods import Period

from .constants import DEFAULT_RULES, REGULAR_KINDS, THEMATIC_KINDS, MeetingKind


def rules():
    """The thresholds: DEFAULT_RULES overridden by settings.PORTAL_MEETING_RULES."""
    configured = getattr(settings, "PORTAL_MEETING_RULES", None) or {}
    unknown = set(configured) - set(DEFAULT_RULES)
    if unknown:
        raise ImproperlyConfigured(
            f"PORTAL_MEETING_RULES has unknown keys: {', '.join(sorted(unknown))}"
        )
    return {**DEFAULT_RULES, **configured}


# --- predicates on a meeting -------------------------------------------------


def regular_q():
    return Q(kind__in=REGULAR_KINDS)


def thematic_q():
    return Q(kind__in=THEMATIC_KINDS)


def short_q(limits=None):
    """Regular or combined meetings of known duration below the minimum."""
    limits = limits or rules()
    return Q(kind=MeetingKind.REGULAR, duration_minutes__lt=limits["min_regular_minutes"]) | Q(
        kind=MeetingKind.COMBINED, duration_minutes__lt=limits["min_combined_minutes"]
    )


def papers_late_q(limits=None):
    """Regular, thematic or combined meetings whose papers went out too late."""
    limits = limits or rules()
    return Q(kind__in=(*REGULAR_KINDS, MeetingKind.THEMATIC)) & Q(
        papers_days_ahead__lt=limits["papers_days_ahead"]
    )


def present_count():
    """Members present: from the attendance rows when there are any (their
    counts are copied onto the meeting), else as the report gave them."""
    return Case(
        When(attendance_total__isnull=False, then=F("attendance_present")),
        default=F("reported_present"),
        output_field=IntegerField(),
    )


def member_count():
    """Members expected (present + absent), by the same precedence."""
    reported = (
        Coalesce("reported_present", Value(0))
        + Coalesce("reported_excused", Value(0))
        + Coalesce("reported_unexcused", Value(0))
    )
    return Case(
        When(attendance_total__isnull=False, then=F("attendance_total")),
        default=reported,
        output_field=IntegerField(),
    )


def low_attendance_q(limits=None):
    """Present below the configured share of the members (never true for a
    meeting without counts: the comparison is then NULL, or 0 < 0)."""
    limits = limits or rules()
    return Q(LessThan(present_count(), member_count() * limits["min_attendance_share"]))


def cadre_assigned(cell="cell", date="date"):
    """Exists: a cadre is assigned to the outer meeting's cell on its date."""
    from .models import CadreAssignment

    return Exists(CadreAssignment.objects.filter(active_on(OuterRef(date)), cell=OuterRef(cell)))


def assigned_cadre_attended():
    """Exists: a guest of the outer meeting was assigned to its cell on its date."""
    from .models import CadreAssignment, MeetingGuest

    # The meeting's date and cell are read two levels out rather than
    # through the guest's meeting, which would join the meetings table again.
    assigned = CadreAssignment.objects.filter(
        active_on(OuterRef(OuterRef("date"))),
        cell=OuterRef(OuterRef("cell")),
        person=OuterRef("person"),
    )
    return Exists(MeetingGuest.objects.filter(Exists(assigned), meeting=OuterRef("pk")))


# --- predicates on a cell ----------------------------------------------------


def expected_in(start, end):
    """Q on Cell: the cell existed from `start` to `end`, both included."""
    return (Q(founded_on__isnull=True) | Q(founded_on__lte=start)) & (
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=end)
    )


def _meetings_of_cell(kind_q, start, end):
    from .models import Meeting

    return Meeting.objects.filter(kind_q, cell=OuterRef("pk"), date__gte=start, date__lte=end)


def has_regular(start, end):
    return Q(Exists(_meetings_of_cell(regular_q(), start, end)))


def has_thematic(start, end):
    return Q(Exists(_meetings_of_cell(thematic_q(), start, end)))


def cell_checks(date):
    """Annotations of a Cell queryset for the month and quarter of `date`."""
    from .models import Meeting

    month, quarter = Period.month_of(date), Period.quarter_of(date)
    last = Meeting.objects.filter(cell=OuterRef("pk")).order_by().values("cell")
    return {
        "expected_month": _boolean(expected_in(month.start, month.end)),
        "regular_this_month": _boolean(has_regular(month.start, month.end)),
        "expected_quarter": _boolean(expected_in(quarter.start, quarter.end)),
        "thematic_this_quarter": _boolean(has_thematic(quarter.start, quarter.end)),
        "last_meeting_on": last.annotate(latest=Max("date")).values("latest")[:1],
    }


def _boolean(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())


# --- figures over a period ---------------------------------------------------


def _quarter_windows(period):
    """(quarter, end of the window looked at) of every quarter the period
    touches; a quarter still running at the period's end is looked at so far."""
    for year, number in period.quarters():
        quarter = Period.quarter_of(datetime.date(year, 3 * number - 2, 1))
        yield quarter, min(quarter.end, period.end)


def existed_in_full(founded_on, dissolved_on, start, end):
    """`expected_in()` for a cell already fetched: the same rule, in Python."""
    return (founded_on is None or founded_on <= start) and (
        dissolved_on is None or dissolved_on >= end
    )


def _month_bounds(period):
    for year, month in period.months():
        first = datetime.date(year, month, 1)
        yield first, Period.month_of(first).end


def _months_with_meetings(meetings, start, end):
    """({cell id: {first day of each month with a regular meeting}},
    {cell id: {... with a thematic meeting}}) of `meetings` from `start` to
    `end`, from one query.

    The rows are grouped here rather than by the database: truncating dates
    to months is a Python function call per row on SQLite, and a CASE over
    the months is slower still (measured by the meeting_compliance benchmark).
    The ORM's SQL is run on a plain cursor because the driver already turns
    dates into `date` objects and the ORM's per-row converters would double
    the cost of reading.
    """
    rows = (
        meetings.between(start, end)
        .filter(regular_q() | thematic_q())
        .order_by()
        .values_list("cell_id", "date", "kind")
    )
    sql, params = rows.query.sql_with_params()
    regular, thematic = defaultdict(set), defaultdict(set)
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        for cell, date, kind in cursor.fetchall():
            month = _as_date(date).replace(day=1)
            if kind in REGULAR_KINDS:
                regular[cell].add(month)
            if kind in THEMATIC_KINDS:
                thematic[cell].add(month)
    return regular, thematic


def _as_date(value):
    # Every supported driver returns dates; a backend returning ISO text is
    # handled too rather than silently miscounted.
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def cell_figures(cells, meetings, period):
    """Two queries (the cells, their meetings by month): `meetings_expected`
    (cell-months the cell existed in full), `meetings_held` (those with a
    regular meeting, counted once per month), `cells_without_thematic`
    (cells with a full quarter in the period and no thematic meeting in it
    so far) and `quarters_without_thematic` (such cell-quarters)."""
    return cell_figures_by(cells, meetings, period, Value(0)).get(0, _empty_cell_figures())


def _empty_cell_figures():
    return {
        "meetings_expected": 0,
        "meetings_held": 0,
        "cells_without_thematic": 0,
        "quarters_without_thematic": 0,
    }


def cell_figures_by(cells, meetings, period, group):
    """`cell_figures` per group of cells, `group` an expression on Cell (e.g.
    the id of its commune): {group: figures}, the same two queries."""
    months = list(_month_bounds(period))
    firsts = {first for first, _last in months}
    quarters = [
        (quarter, {first for first, _end in _month_bounds(quarter) if first <= until})
        for quarter, until in _quarter_windows(period)
    ]
    first_day = min([period.start] + [quarter.start for quarter, _firsts in quarters])
    regular, thematic = _months_with_meetings(meetings, first_day, period.end)
    groups = defaultdict(_empty_cell_figures)
    rows = (
        cells.order_by()
        .annotate(figure_group=group)
        .values_list("pk", "founded_on", "dissolved_on", "figure_group")
    )
    for cell, founded_on, dissolved_on, key in rows:
        figures = groups[key]
        if existed_in_full(founded_on, dissolved_on, period.start, period.end):
            # The common case: every month of the period is expected.
            figures["meetings_expected"] += len(months)
            figures["meetings_held"] += len(regular[cell] & firsts)
        else:
            for first, last in months:
                if existed_in_full(founded_on, dissolved_on, first, last):
                    figures["meetings_expected"] += 1
                    figures["meetings_held"] += first in regular[cell]
        lacking = 0
        for quarter, quarter_firsts in quarters:
            if not existed_in_full(founded_on, dissolved_on, quarter.start, quarter.end):
                continue
            if thematic[cell].isdisjoint(quarter_firsts):
                lacking += 1
        figures["quarters_without_thematic"] += lacking
        figures["cells_without_thematic"] += 1 if lacking else 0
    return dict(groups)


def meeting_counts(meetings, period, limits=None):
    """From a Meeting queryset, in one query: meetings in the period by rule.

    The conditions go straight into the aggregates rather than through
    annotations, which would make Django wrap the query in a subquery.
    """
    limits = limits or rules()
    return (
        meetings.between(period.start, period.end).order_by().aggregate(**_count_aggregates(limits))
    )


def _count_aggregates(limits):
    assigned = Q(cadre_assigned())
    return {
        "meetings": Count("pk"),
        "regular_meetings": Count("pk", filter=regular_q()),
        "thematic_meetings": Count("pk", filter=thematic_q()),
        "short_meetings": Count("pk", filter=short_q(limits)),
        "papers_late": Count("pk", filter=papers_late_q(limits)),
        "low_attendance_meetings": Count("pk", filter=low_attendance_q(limits)),
        "meetings_with_cadre_assigned": Count("pk", filter=assigned),
        # A guest assigned to the cell on the day implies an assignment.
        "meetings_with_cadre_present": Count("pk", filter=Q(assigned_cadre_attended())),
    }


def _finish(figures, counts, assignments_count):
    """Shares from their parts, and the parts kept for totals over groups."""
    expected = figures["meetings_expected"]
    figures.update(counts)
    followed = figures["meetings_with_cadre_assigned"]
    present = figures["meetings_with_cadre_present"]
    figures["meeting_compliance"] = (
        round(figures["meetings_held"] / expected, 4) if expected else None
    )
    figures["cadre_assignments"] = assignments_count
    figures["cadre_attendance_share"] = round(present / followed, 4) if followed else None
    return figures


def no_figures():
    """`period_figures` of no cell at all: counts 0, shares None."""
    return _finish(_empty_cell_figures(), dict.fromkeys(_count_aggregates(rules()), 0), 0)


def period_figures_by(cells, meetings, assignments, period, *, cell_group, meeting_group):
    """`period_figures` per group ({group: figures}), by the same rules and in
    the same four queries: `cell_group` names a cell's group as an expression
    on Cell, `meeting_group` the same group as an expression on Meeting (and on
    CadreAssignment, which reaches its cell the same way)."""
    limits = rules()
    groups = cell_figures_by(cells, meetings, period, cell_group)
    counts = {
        row.pop("figure_group"): row
        for row in meetings.between(period.start, period.end)
        .order_by()
        .values(figure_group=meeting_group)
        .annotate(**_count_aggregates(limits))
    }
    assigned = {
        row["figure_group"]: row["n"]
        for row in assignments.overlapping(period.start, period.end)
        .order_by()
        .values(figure_group=meeting_group)
        .annotate(n=Count("pk"))
    }
    empty_counts = dict.fromkeys(_count_aggregates(limits), 0)
    return {
        key: _finish(figures, counts.get(key, dict(empty_counts)), assigned.get(key, 0))
        for key, figures in groups.items()
    }


def period_figures(cells, meetings, assignments, period):
    """Every compliance figure of a period for the given (already scoped)
    querysets of cells, meetings and cadre assignments: four queries."""
    limits = rules()
    figures = cell_figures(cells, meetings, period)
    counts = meeting_counts(meetings, period, limits)
    assignments_count = assignments.overlapping(period.start, period.end).count()
    return _finish(figures, counts, assignments_count)


def area_figures(place, period):
    """`period_figures` for everything under `place`."""
    from cells.models import Cell

    from .models import CadreAssignment, Meeting

    return period_figures(
        Cell.objects.within(place),
        Meeting.objects.within(place),
        CadreAssignment.objects.within(place),
        period,
    )


def area_figures_by_commune(place, period):
    """`area_figures` of every commune under `place`: {commune id: figures},
    cells of committees above the communes under None."""
    from cells.models import Cell
    from cells.summary import commune_of

    from .models import CadreAssignment, Meeting

    return period_figures_by(
        Cell.objects.within(place),
        Meeting.objects.within(place),
        CadreAssignment.objects.within(place),
        period,
        cell_group=commune_of("committee__place"),
        meeting_group=commune_of("cell__committee__place"),
    )


def area_figures_with_communes(place, period):
    """(`area_figures`, `area_figures_by_commune`) from the same four queries,
    for pages and reports that show both. Every cell, meeting and assignment
    of the area falls in exactly one group, so the area's figures are its
    groups' parts added up, with the shares recomputed by `_finish`."""
    groups = area_figures_by_commune(place, period)
    return added_up(groups.values()), groups


def added_up(groups):
    """The figures of a union of groups (`period_figures_by` values)."""
    counted = list(_empty_cell_figures())
    aggregated = list(_count_aggregates(rules()))
    figures, counts, assignments = dict.fromkeys(counted, 0), dict.fromkeys(aggregated, 0), 0
    for group in groups:
        for key in counted:
            figures[key] += group[key]
        for key in aggregated:
            counts[key] += group[key]
        assignments += group["cadre_assignments"]
    return _finish(figures, counts, assignments)
