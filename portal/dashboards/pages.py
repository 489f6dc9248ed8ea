"""The contents of each dashboard page, as template contexts. The figures
of the place and of its communes come from `area_figures` (portal.summary),
the timelines and the rows of a commune's units from
portal.dashboards.figures; nothing here counts rows in Python beyond adding
up what one query returned."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.constants import FormCode
from awards.models import Award
from cells.constants import PostTypeCode
from cells.models import CellMembership, Holding, PartyMember, Post
from cells.querysets import active_on
from cells.summary import counting_membership
from core.periods import Period
from meetings.models import Meeting
from members.constants import RecognitionWindow
from members.recognition import recognition_counts
from portal.summary import area_figures, commune_columns, format_value, is_share, themed
from ratings.summary import counted_rounds

from . import charts
from .figures import (
    _count,
    commune_cells,
    commune_hamlets,
    expiring_q,
    meeting_timeline,
    meeting_timeline_of_cells,
    member_timeline,
    member_timeline_of_cells,
)


def _cards(figures):
    return [
        (theme, [(label, format_value(key, value)) for key, label, value in rows])
        for theme, rows in themed(figures)
    ]


def _posts_table(figures):
    # The official titles' names come from the constants: no query.
    filled, vacant = figures.get("posts_filled") or {}, figures.get("posts_vacant") or {}
    names = dict(PostTypeCode.choices)
    rows = [(names.get(code, code), filled[code], vacant.get(code, 0)) for code in filled]
    return [row for row in rows if row[1] or row[2]]  # titles with no seat at all: not shown


def _award_forms(figures):
    labels = dict(FormCode.choices)
    return [
        (str(labels.get(code, code)), count) for code, count in figures["awards_by_form"].items()
    ]


def _charts(compliance, members, award_forms):
    return {
        "compliance": charts.compliance_bars(
            compliance, _("Tỷ lệ chi bộ sinh hoạt thường kỳ theo tháng")
        ),
        "members": charts.line(members, _("Số đảng viên cuối mỗi tháng")),
        "awards": charts.horizontal_bars(award_forms, _("Khen thưởng theo hình thức")),
    }


def _quarter_of(timeline, date):
    """Regular meetings held and expected in the quarter of `date`, so far."""
    quarter = Period.quarter_of(date)
    months = [point for point in timeline if Period.from_code(point["period"]).start in quarter]
    held, expected = sum(p["held"] for p in months), sum(p["expected"] for p in months)
    share = held / expected if expected else None
    return {"held": held, "expected": expected, "share": format_value("_share", share)}


@dataclass
class UnitRow:
    """A row of a commune's table: a hamlet with one of its cells, a hamlet
    without a cell (`cell` None), or a cell tied to no hamlet in force
    (schools, agencies). `expiring` counts the hamlet's own posts on its first
    row only, so the column adds up to the card."""

    hamlet: object
    cell: object
    expiring: int


def unit_rows(hamlets, cells):
    """Every hamlet in force with its cells, in the hamlets' order, then the
    cells of no hamlet in force, in theirs (`commune_hamlets`, `commune_cells`)."""
    by_hamlet = defaultdict(list)
    for cell in cells:
        by_hamlet[cell.hamlet_id].append(cell)
    rows = []
    for hamlet in hamlets:
        own = by_hamlet.pop(hamlet.pk, None) or [None]
        for index, cell in enumerate(own):
            ending = (cell.expiring if cell else 0) + (hamlet.expiring if index == 0 else 0)
            rows.append(UnitRow(hamlet, cell, ending))
    others = sorted((cell for rest in by_hamlet.values() for cell in rest), key=_cell_order)
    rows += [UnitRow(None, cell, cell.expiring) for cell in others]
    return rows


def _cell_order(cell):
    return cell.sort_key, cell.pk


def commune(place, date, period):
    summary = area_figures(place, date=date, period=period).area
    all_cells = commune_cells(place, date)
    rows = unit_rows(commune_hamlets(place, date), [cell for cell in all_cells if cell.exists])
    timeline = meeting_timeline_of_cells(all_cells, date)
    award_forms = _award_forms(summary)
    return {
        "summary": summary,
        "cards": _cards({k: v for k, v in summary.items() if k != "communes"}),
        "posts": _posts_table(summary),
        "rows": rows,
        "expiring_total": sum(row.expiring for row in rows),
        "month": timeline[-1],
        "quarter": _quarter_of(timeline, date),
        "charts": _charts(timeline, member_timeline_of_cells(all_cells, date), award_forms),
        "award_forms": award_forms,
        # The rounds its review figures count, each with its rating list.
        "rating_rounds": counted_rounds(place, date, period),
    }


def recognition_card(place, date, *, commune_filter, linked):
    """Probationary members under `place` overdue for recognition or due
    within 30 and 60 days of `date` (members.recognition, one query), each
    count with a link to the admin's member list so filtered when `linked`
    and `date` is today (the admin filter counts from today); on a
    commune's page the list is also filtered by the commune."""
    counts = recognition_counts(PartyMember.objects.within(place), date)
    url = reverse("admin:cells_partymember_changelist")
    rows = []
    for window, label in RecognitionWindow.choices:
        query = {"chinh_thuc": window, **({"commune": place.pk} if commune_filter else {})}
        rows.append((label, counts[window], f"{url}?{urlencode(query)}" if linked else None))
    return rows


def area(place, date, period):
    """A district or province: its figures, counted over the whole area, and
    a row per commune; the totals row is the area's own figures, so it also
    counts what is held above the communes (the district's cells, cadres,
    awards), which no commune's row shows."""
    summary, rows = area_figures(place, date=date, period=period, communes=True)
    award_forms = _award_forms(summary)
    columns = commune_columns()
    table = [
        (figures, [_cell(key, figures.get(key)) for key, _label in columns])
        for figures in rows.values()
    ]
    return {
        "summary": summary,
        "cards": _cards(summary),
        "posts": _posts_table(summary),
        "columns": columns,
        "table": table,
        "totals": [_cell(key, summary.get(key)) for key, _label in columns],
        "charts": _charts(meeting_timeline(place, date), member_timeline(place, date), award_forms),
        "award_forms": award_forms,
    }


def _cell(key, value):
    """(sort value, shown text) of one table cell."""
    sort = "" if value is None else value
    return sort, format_value(key, value) if not is_share(key) or value is not None else "—"


def unit(*, hamlet, cells, date):
    """A hamlet or a cell: posts and holders, members, the last twelve
    months of meetings, awards."""
    held = active_on(date, "start_date", "end_date")
    holdings = Holding.objects.filter(held, post=OuterRef("pk"))
    posts_q = Q(cell__in=cells)
    if hamlet is not None:
        posts_q |= Q(place=hamlet, cell__isnull=True)
    posts = (
        Post.objects.filter(posts_q)
        .select_related("post_type", "cell")
        .annotate(
            holder=Subquery(holdings.values("person__full_name")[:1]),
            since=Subquery(holdings.values("start_date")[:1]),
            until=Subquery(holdings.values("end_date")[:1]),
            term_end=Subquery(holdings.values("term__end_date")[:1]),
            expiring=_count(Holding.objects.filter(expiring_q(date), post=OuterRef("pk"))),
        )
        # The official order of titles (bí thư first), whatever the unit:
        # ordered by unit first, the hamlet's posts (no cell) came before or
        # after the cell's depending on where the database sorts NULL.
        .order_by("post_type__order", "cell__sort_key", "pk")
    )
    memberships = CellMembership.objects.filter(counting_membership(date), cell=OuterRef("pk"))
    cells = cells.annotate(members=_count(memberships.values("cell"))).order_by("sort_key")
    return {
        "posts": posts,
        "unit_cells": cells,
        "meetings": _meetings(cells, date),
        "awards": _awards(hamlet, cells),
    }


def _meetings(cells, date):
    since = (Period.month_of(date).start - datetime.timedelta(days=335)).replace(day=1)
    rows = Meeting.objects.filter(cell__in=cells, date__gte=since, date__lte=date)
    return rows.with_attendance().select_related("cell").order_by("-date")[:60]


def _awards(hamlet, cells):
    query = Q(cell__in=cells)
    if hamlet is not None:
        query |= Q(collective_place=hamlet) | Q(recipient_place=hamlet)
    rows = Award.objects.filter(query).select_related("decision__form", "decision__body")
    return rows.order_by("-decision__date", "pk")[:60]
