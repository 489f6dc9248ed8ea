"""What the dashboards show beyond the area's figures, each in one query:
the rows of a commune's cells and the per-month timelines of an area. The
rules are the figures' own: membership counting from cells.summary, meeting
expectations from meetings.compliance.
"""

import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from cells.constants import PostTypeCode
from cells.models import Cell, CellMembership, Holding, Place
from cells.querysets import active_on
from cells.summary import counting_membership
from core.periods import Period
from meetings import compliance

# Holdings ending within this many days are flagged (terms about to end).
EXPIRING_DAYS = 90
TIMELINE_MONTHS = 12


def last_months(date, count=TIMELINE_MONTHS):
    """The `count` months up to the month of `date`, oldest first, each as a
    (Period, last day looked at) pair: the current month is looked at so far."""
    months = []
    month = Period.month_of(date)
    for _index in range(count):
        months.append((month, min(month.end, date)))
        month = Period.month_of(month.start - datetime.timedelta(days=1))
    return months[::-1]


def _month_label(day):
    # "06/2025": "06/25" reads as a day and a month to a Vietnamese eye.
    return f"{day:%m/%Y}"


def expiring_q(date, prefix=""):
    """Holdings in force on `date` whose end, or whose term's end, falls within
    EXPIRING_DAYS after it."""
    until = date + datetime.timedelta(days=EXPIRING_DAYS)
    end, term_end = f"{prefix}end_date", f"{prefix}term__end_date"
    return active_on(date, f"{prefix}start_date", end) & (
        Q(**{f"{end}__gte": date, f"{end}__lte": until})
        | Q(**{f"{end}__isnull": True, f"{term_end}__gte": date, f"{term_end}__lte": until})
    )


def _count(rows):
    return Coalesce(Subquery(rows.order_by().annotate(n=Count("pk")).values("n")[:1]), 0)


def _holder_name(date, code, **post):
    """Subquery: the name of who holds, on `date`, the post of type `code`
    matching the `post__…` lookups (OuterRef into the outer row)."""
    held = Holding.objects.filter(active_on(date), post__post_type__code=code)
    return Subquery(held.filter(**post).values("person__full_name")[:1])


def commune_hamlets(commune, date):
    """The hamlets of `commune` in force on `date`, in Vietnamese order, in one
    query, annotated with `chief` (the hamlet chief's name) and `expiring`:
    holdings of the hamlet's own posts (chief, front head …, not its cells')
    ending soon."""
    own_posts = {"post__place": OuterRef("pk"), "post__cell__isnull": True}
    ending = Holding.objects.filter(expiring_q(date), **own_posts).values("post__place")
    hamlets = Place.objects.within(commune).hamlets().valid_on(date)
    return list(
        hamlets.annotate(
            chief=_holder_name(date, PostTypeCode.HAMLET_CHIEF, **own_posts),
            expiring=_count(ending),
        ).order_by("sort_key", "pk")
    )


def commune_cells(commune, date):
    """Every cell of `commune`, in one query, annotated with `members` on
    `date`, `expiring` (holdings of its own posts ending soon; its hamlet's
    are on `commune_hamlets`), `secretary` (name), and per month of the last
    twelve `members_<i>` (at the month's end), `expected_<i>` and `held_<i>`.
    Cells dissolved before `date` are kept for the timelines (their counts are
    zero once they are gone); the table shows `cell.exists`."""
    ending = Holding.objects.filter(expiring_q(date), post__cell=OuterRef("pk"))
    memberships = CellMembership.objects.filter(cell=OuterRef("pk")).values("cell")
    annotations = {
        "members": _count(memberships.filter(counting_membership(date))),
        "expiring": _count(ending.values("post__cell")),
        "secretary": _holder_name(date, PostTypeCode.CELL_SECRETARY, post__cell=OuterRef("pk")),
    }
    for index, (month, until) in enumerate(last_months(date)):
        annotations[f"members_{index}"] = _count(memberships.filter(counting_membership(until)))
        annotations[f"expected_{index}"] = compliance._boolean(
            compliance.expected_in(month.start, month.end)
        )
        annotations[f"held_{index}"] = compliance._boolean(
            compliance.has_regular(month.start, until)
        )
    cells = Cell.objects.within(commune).select_related("hamlet")
    cells = list(cells.annotate(**annotations).order_by("hamlet__sort_key", "sort_key"))
    for cell in cells:
        cell.exists = cell.existed_on(date)
    return cells


def member_timeline_of_cells(cells, date):
    """Party members at each month's end, summed over `commune_cells` rows."""
    return [
        {
            "label": _month_label(until),
            "date": until,
            "value": sum(getattr(cell, f"members_{index}") for cell in cells),
        }
        for index, (_month, until) in enumerate(last_months(date))
    ]


def meeting_timeline_of_cells(cells, date):
    """Per month of the last twelve, expected and held regular meetings summed
    over the rows `commune_cells` gave (no query)."""
    months = last_months(date)
    timeline = []
    for index, (month, _until) in enumerate(months):
        expected = sum(1 for cell in cells if getattr(cell, f"expected_{index}"))
        held = sum(
            1
            for cell in cells
            if getattr(cell, f"expected_{index}") and getattr(cell, f"held_{index}")
        )
        timeline.append(_month_point(month, expected, held))
    return timeline


def _month_point(month, expected, held):
    return {
        "label": _month_label(month.start),
        "period": month.code,
        "expected": expected,
        "held": held,
        "share": round(held / expected, 4) if expected else None,
    }


def meeting_timeline(place, date):
    """Per month of the last twelve, regular meetings expected and held under
    `place`, in one query."""
    aggregates = {}
    months = last_months(date)
    for index, (month, until) in enumerate(months):
        expected = compliance.expected_in(month.start, month.end)
        aggregates[f"expected_{index}"] = Count("pk", filter=expected)
        aggregates[f"held_{index}"] = Count(
            "pk", filter=expected & compliance.has_regular(month.start, until)
        )
    counts = Cell.objects.within(place).order_by().aggregate(**aggregates)
    return [
        _month_point(month, counts[f"expected_{index}"], counts[f"held_{index}"])
        for index, (month, _until) in enumerate(months)
    ]


def member_timeline(place, date):
    """Party members under `place` at the end of each of the last twelve
    months (the last point is `date` itself), in one query. Membership rows
    are counted: a member has one row in force on a day (CellMembership.clean
    refuses overlaps), which spares twelve DISTINCT sorts."""
    points = [until for _month, until in last_months(date)]
    aggregates = {
        f"members_{index}": Count("pk", filter=counting_membership(day))
        for index, day in enumerate(points)
    }
    counts = CellMembership.objects.within(place).order_by().aggregate(**aggregates)
    return [
        {"label": _month_label(day), "date": day, "value": counts[f"members_{index}"]}
        for index, day in enumerate(points)
    ]
