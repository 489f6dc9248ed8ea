"""Figures about the cells of an area at a date: the one code path the
summary command, dashboards, reports and the API share.

Every function issues a fixed number of queries whatever the size of the
area: counting is done by the database (Count with filter=, Exists).
"""

import datetime

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce

from .constants import Level
from .models import Cell, CellMembership, Holding, PartyMember, Place, Post, PostType
from .querysets import active_on


def place_figures(place, date):
    """Communes and hamlets in force under `place` on `date`, and the share of
    hamlets with a cell whose secretary is also the hamlet chief (kiêm nhiệm)."""
    has_cell = Exists(Cell.objects.existing_on(date).filter(hamlet=OuterRef("pk")))
    rows = (
        Place.objects.within(place)
        .valid_on(date)
        .with_secretary_as_chief(date)
        .annotate(has_cell=has_cell)
    )
    hamlet = Q(level=Level.HAMLET)
    counts = rows.aggregate(
        communes=Count("pk", filter=Q(level=Level.COMMUNE)),
        hamlets=Count("pk", filter=hamlet),
        hamlets_with_cell=Count("pk", filter=hamlet & Q(has_cell=True)),
        # Aggregate aliases must differ from the annotations they filter on.
        hamlets_sharing=Count("pk", filter=hamlet & Q(has_cell=True, secretary_is_chief=True)),
    )
    with_cell = counts.pop("hamlets_with_cell")
    sharing = counts.pop("hamlets_sharing")
    counts["secretary_is_chief_share"] = round(sharing / with_cell, 4) if with_cell else None
    return counts


def cell_count(place, date):
    return Cell.objects.within(place).existing_on(date).count()


def party_member_count(place, date):
    """Members who have not left the party and belong on `date` to a cell of
    the area that exists on that day (`counting_membership`). Transfers keep
    one active row per member, so a member moved out of the area is counted
    where they are now."""
    # Memberships are reached from the area's cells (an indexed walk down the
    # tree) rather than scoped on their own joins, where SQLite, which keeps
    # no statistics, scans every membership of the database to count a commune.
    cells = Cell.objects.within(place).values("pk")
    rows = CellMembership.objects.filter(counting_membership(date), cell__in=cells)
    return rows.order_by().aggregate(n=Count("member", distinct=True))["n"]


def admission_count(place, start, end):
    """Members admitted between `start` and `end` whose first cell after
    admission is in the area (any cell membership under the place covering or
    following the admission)."""
    in_area = CellMembership.objects.within(place).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("admitted_on")),
        member=OuterRef("pk"),
        start_date__lte=end,
    )
    return (
        PartyMember.objects.filter(admitted_on__gte=start, admitted_on__lte=end)
        .filter(Exists(in_area))
        .count()
    )


def existing_posts(place, date):
    """Posts under `place` whose unit (hamlet, commune or cell) exists on `date`."""
    return Post.objects.within(place).filter(
        Q(place__valid_from__isnull=True) | Q(place__valid_from__lte=date),
        Q(place__valid_to__isnull=True) | Q(place__valid_to__gte=date),
        Q(cell__isnull=True)
        | (
            (Q(cell__founded_on__isnull=True) | Q(cell__founded_on__lte=date))
            & (Q(cell__dissolved_on__isnull=True) | Q(cell__dissolved_on__gte=date))
        ),
    )


def post_figures(place, date):
    """Posts of the units existing on `date`, filled (an active holding) or
    vacant, each keyed by post-type code in the post types' order."""
    held = Holding.objects.filter(active_on(date), post=OuterRef("pk"))
    rows = (
        existing_posts(place, date)
        .order_by()
        .values("post_type__code")
        .annotate(total=Count("pk"), filled=Count("pk", filter=Q(Exists(held))))
    )
    by_code = {row["post_type__code"]: row for row in rows}
    codes = PostType.objects.order_by("order", "code").values_list("code", flat=True)
    filled, vacant = {}, {}
    for code in codes:
        row = by_code.get(code, {"total": 0, "filled": 0})
        filled[code] = row["filled"]
        vacant[code] = row["total"] - row["filled"]
    return {"posts_filled": filled, "posts_vacant": vacant}


def cell_summary(place, date, period=None):
    """The cells section of the area summary (see portal.summary)."""
    admissions_from = period.start if period else datetime.date(date.year, 1, 1)
    figures = {
        "place_code": place.code,
        "place_name": str(place),
        "date": date.isoformat(),
    }
    places = place_figures(place, date)
    share = places.pop("secretary_is_chief_share")
    figures.update(places)
    figures["cells"] = cell_count(place, date)
    figures["party_members"] = party_member_count(place, date)
    figures["admissions"] = admission_count(place, admissions_from, date)
    figures["admissions_from"] = admissions_from.isoformat()
    figures.update(post_figures(place, date))
    figures["secretary_is_chief_share"] = share
    return figures


# Figures per commune, for the district and province dashboards and reports:
# the same rules as above, grouped by commune in one query per figure so a
# page over 166 communes costs what a page over one does.


def commune_of(lookup):
    """Expression for the id of the commune a place (reached through
    `lookup`, "" for the place itself) lies in: itself, or a hamlet's parent."""
    prefix = f"{lookup}__" if lookup else ""
    own_id = f"{lookup}_id" if lookup else "pk"
    return Case(
        When(**{f"{prefix}level": Level.COMMUNE}, then=F(own_id)),
        When(**{f"{prefix}level": Level.HAMLET}, then=F(f"{prefix}parent_id")),
        default=None,
        output_field=IntegerField(),
    )


def counting_membership(date):
    """Q on CellMembership: the row counts its member on `date` (in force, the
    member admitted and not yet left, the cell existing), as party_member_count
    does. Written on joined columns, not subqueries, so twelve of them in one
    aggregate (a timeline) stay one pass over the rows."""
    return (
        active_on(date)
        & Q(member__admitted_on__lte=date)
        & (Q(member__left_on__isnull=True) | Q(member__left_on__gt=date))
        & (Q(cell__founded_on__isnull=True) | Q(cell__founded_on__lte=date))
        & (Q(cell__dissolved_on__isnull=True) | Q(cell__dissolved_on__gte=date))
    )


def admitted_through(start, end):
    """Q on CellMembership: its member was admitted between `start` and `end`
    and the row covers or follows the admission (admission_count's rule)."""
    return (
        Q(member__admitted_on__gte=start)
        & Q(member__admitted_on__lte=end)
        & Q(start_date__lte=end)
        & (Q(end_date__isnull=True) | Q(end_date__gte=F("member__admitted_on")))
    )


def _count(rows, field="pk", distinct=False):
    counted = rows.order_by().annotate(n=Count(field, distinct=distinct)).values("n")
    return Coalesce(Subquery(counted), 0)


def communes_with_figures(place, date, admissions_from):
    """Communes in force under `place` on `date`, in one query, each annotated
    with the figures `cell_summary` gives for it: `hamlets`, `hamlets_with_cell`,
    `secretary_is_chief` (the share's numerator), `cell_count`, `party_members` and
    `admissions` (from `admissions_from` to `date`)."""
    hamlets = (
        Place.objects.valid_on(date)
        .filter(level=Level.HAMLET, parent=OuterRef("pk"))
        .with_secretary_as_chief(date)
        .annotate(has_cell=Exists(Cell.objects.existing_on(date).filter(hamlet=OuterRef("pk"))))
        .values("parent")
    )
    cells = (
        Cell.objects.existing_on(date)
        .filter(committee__place=OuterRef("pk"))
        .values("committee__place")
    )
    memberships = CellMembership.objects.filter(cell__committee__place=OuterRef("pk")).values(
        "cell__committee__place"
    )
    return (
        Place.objects.within(place)
        .valid_on(date)
        .communes()
        .annotate(
            hamlets=_count(hamlets),
            hamlets_with_cell=_count(hamlets.filter(has_cell=True)),
            secretary_is_chief=_count(hamlets.filter(has_cell=True, secretary_is_chief=True)),
            cell_count=_count(cells),
            party_members=_count(
                memberships.filter(counting_membership(date)), "member", distinct=True
            ),
            admissions=_count(
                memberships.filter(admitted_through(admissions_from, date)),
                "member",
                distinct=True,
            ),
        )
    )


def post_counts_by_commune(place, date):
    """{commune id: (posts_filled, posts_vacant)}, each keyed by post-type code."""
    held = Holding.objects.filter(active_on(date), post=OuterRef("pk"))
    rows = (
        existing_posts(place, date)
        .order_by()
        .values("post_type__code", commune=commune_of("place"))
        .annotate(total=Count("pk"), filled=Count("pk", filter=Q(Exists(held))))
    )
    codes = list(PostType.objects.order_by("order", "code").values_list("code", flat=True))
    result = {}
    for row in rows:
        filled, vacant = result.setdefault(
            row["commune"], (dict.fromkeys(codes, 0), dict.fromkeys(codes, 0))
        )
        filled[row["post_type__code"]] = row["filled"]
        vacant[row["post_type__code"]] = row["total"] - row["filled"]
    return result, codes


def cell_summary_by_commune(place, date, period=None):
    """`cell_summary`'s figures for every commune under `place`, as
    {commune id: figures}, in three queries whatever the number of communes."""
    admissions_from = period.start if period else datetime.date(date.year, 1, 1)
    posts, codes = post_counts_by_commune(place, date)
    empty = dict.fromkeys(codes, 0)
    result = {}
    for commune in communes_with_figures(place, date, admissions_from):
        with_cell = commune.hamlets_with_cell
        filled, vacant = posts.get(commune.pk, (empty, empty))
        result[commune.pk] = {
            "place_code": commune.code,
            "place_name": str(commune),
            "date": date.isoformat(),
            "communes": 1,
            "hamlets": commune.hamlets,
            "cells": commune.cell_count,
            "party_members": commune.party_members,
            "admissions": commune.admissions,
            "admissions_from": admissions_from.isoformat(),
            "posts_filled": dict(filled),
            "posts_vacant": dict(vacant),
            "secretary_is_chief_share": (
                round(commune.secretary_is_chief / with_cell, 4) if with_cell else None
            ),
            # the share's parts, so totals over communes can be recomputed
            "hamlets_with_cell": with_cell,
            "secretary_is_chief": commune.secretary_is_chief,
        }
    return result


cell_summary.by_commune = cell_summary_by_commune
