"""Figures about the cells of an area at a date: the one code path the
summary command, dashboards, reports and the API share.

Every function issues a fixed number of queries whatever the size of the
area: counting is done by the database (Count with filter=, Exists).
"""

import datetime

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.sections import Section

from .constants import Level
from .models import Cell, CellMembership, Holding, Place, Post, PostType
from .querysets import active_on


class CountOf(Subquery):
    """Subquery: how many rows `queryset` returns (correlated or not)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def hamlets_on(date):
    """Hamlets in force on `date`, annotated `has_cell` (a cell existing on
    that day) and `secretary_is_chief` (its secretary is also the chief)."""
    has_cell = Exists(Cell.objects.existing_on(date).filter(hamlet=OuterRef("pk")))
    hamlets = Place.objects.valid_on(date).filter(level=Level.HAMLET)
    return hamlets.with_secretary_as_chief(date).annotate(has_cell=has_cell)


def counted_members(cells, date):
    """Members counted on `date` (`counting_membership`) in `cells`, each once.
    Memberships are reached from the area's cells (an indexed walk down the
    tree) rather than scoped on their own joins, where SQLite, which keeps no
    statistics, scans every membership of the database to count a commune.
    Transfers keep one active row per member, so a member moved out of the
    area is counted where they are now."""
    rows = CellMembership.objects.filter(counting_membership(date), cell__in=cells)
    return rows.order_by().values("member").distinct()


def is_full_member(date):
    """Q on CellMembership: its member was a full member (chính thức) on
    `date`; a counted member who is not was probationary (dự bị) that day."""
    return Q(member__full_member_on__isnull=False, member__full_member_on__lte=date)


def admitted_members(cells, start, end):
    """Members admitted between `start` and `end` whose first cell after
    admission is one of `cells` (a membership covering or following the
    admission: `admitted_through`), each once. Reached from the area's cells,
    as `counted_members`: starting from every member admitted in the period,
    the whole database's, cost a commune 13 ms on a province-size database."""
    rows = CellMembership.objects.filter(admitted_through(start, end), cell__in=cells)
    return rows.order_by().values("member").distinct()


def area_counts(place, date, admissions_from):
    """The counts of the cells section over everything under `place`, in one
    query: communes and hamlets in force, hamlets with a cell and those whose
    secretary is the chief, cells existing, members counted (full and
    probationary apart, each counted on its own so the parts are checked
    against the total), admissions."""
    units = Place.objects.within(place).valid_on(date)
    hamlets = hamlets_on(date).within(place).filter(has_cell=True)
    cells = Cell.objects.within(place).existing_on(date)
    area_cells = Cell.objects.within(place).values("pk")
    counts = {
        "communes": units.communes().values("pk"),
        "hamlets": units.hamlets().values("pk"),
        "hamlets_with_cell": hamlets.values("pk"),
        "hamlets_sharing": hamlets.filter(secretary_is_chief=True).values("pk"),
        "cells": cells.values("pk"),
        "party_members": counted_members(area_cells, date),
        "full_members": counted_members(area_cells, date).filter(is_full_member(date)),
        "probationary_members": counted_members(area_cells, date).exclude(is_full_member(date)),
        "admissions": admitted_members(area_cells, admissions_from, date),
    }
    # Aliased, since some names are the place's own relations (cells, ...).
    row = (
        Place.objects.filter(pk=place.pk)
        .values(**{f"counted_{key}": CountOf(rows) for key, rows in counts.items()})
        .get()
    )
    return {key: row[f"counted_{key}"] for key in counts}


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
    """Posts of the units under `place` existing on `date`, filled (an active
    holding) or vacant, each keyed by post-type code in the post types'
    order, every type included.

    Grouped by type over the area's posts, not counted per type in a
    subquery: SQLite, which keeps no statistics, walks a per-type subquery
    by the post-type index, through every post of that type in the database
    (28 ms for a commune on a province-size database, against 2)."""
    held = Holding.objects.filter(active_on(date), post=OuterRef("pk"))
    rows = (
        existing_posts(place, date)
        .order_by()
        .values("post_type__code")
        .annotate(total=Count("pk"), filled=Count("pk", filter=Q(Exists(held))))
    )
    by_code = {row["post_type__code"]: row for row in rows}
    filled, vacant = {}, {}
    for code in post_type_codes():
        row = by_code.get(code, {"total": 0, "filled": 0})
        filled[code] = row["filled"]
        vacant[code] = row["total"] - row["filled"]
    return {"posts_filled": filled, "posts_vacant": vacant}


def _share(part, whole):
    return round(part / whole, 4) if whole else None


def _admissions_from(date, period):
    return period.start if period else datetime.date(date.year, 1, 1)


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
    member admitted and not yet left, the cell existing), as `counted_members`
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
    and the row covers or follows the admission."""
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
    with the counts `area_counts` gives for it: `hamlets`, `hamlets_with_cell`,
    `hamlets_sharing`, `cell_count`, `party_members` (`full_members`,
    `probationary_members`) and `admissions` (from
    `admissions_from` to `date`)."""
    hamlets = hamlets_on(date).filter(parent=OuterRef("pk")).values("parent")
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
            hamlets_sharing=_count(hamlets.filter(has_cell=True, secretary_is_chief=True)),
            cell_count=_count(cells),
            party_members=_count(
                memberships.filter(counting_membership(date)), "member", distinct=True
            ),
            full_members=_count(
                memberships.filter(counting_membership(date) & is_full_member(date)),
                "member",
                distinct=True,
            ),
            probationary_members=_count(
                memberships.filter(counting_membership(date)).exclude(is_full_member(date)),
                "member",
                distinct=True,
            ),
            admissions=_count(
                memberships.filter(admitted_through(admissions_from, date)),
                "member",
                distinct=True,
            ),
        )
    )


def post_counts_by_commune(place, date, codes):
    """{commune id: (posts_filled, posts_vacant)}, each keyed by the post-type
    `codes`, in one query."""
    held = Holding.objects.filter(active_on(date), post=OuterRef("pk"))
    rows = (
        existing_posts(place, date)
        .order_by()
        .values("post_type__code", commune=commune_of("place"))
        .annotate(total=Count("pk"), filled=Count("pk", filter=Q(Exists(held))))
    )
    result = {}
    for row in rows:
        filled, vacant = result.setdefault(
            row["commune"], (dict.fromkeys(codes, 0), dict.fromkeys(codes, 0))
        )
        filled[row["post_type__code"]] = row["filled"]
        vacant[row["post_type__code"]] = row["total"] - row["filled"]
    return result


def post_type_codes():
    return list(PostType.objects.order_by("order", "code").values_list("code", flat=True))


class CellSection(Section):
    """Organisation (communes, hamlets, cells, secretaries who are also the
    hamlet chief), members (counted, admitted) and posts (filled, vacant by
    title) of an area. The area's figures take two queries (its counts, its
    posts by title), its communes' three (two when given with the area's)."""

    labels = {
        "communes": _("Số xã, phường, thị trấn"),
        "hamlets": _("Số thôn, bản, tổ dân phố"),
        "cells": _("Số chi bộ"),
        "secretary_is_chief_share": _("Tỷ lệ bí thư kiêm trưởng thôn"),
        "party_members": _("Số đảng viên"),
        "full_members": _("Đảng viên chính thức"),
        "probationary_members": _("Đảng viên dự bị"),
        "admissions": _("Kết nạp đảng viên mới"),
        "admissions_from": _("Kết nạp tính từ ngày"),
        "posts_filled": _("Chức danh có người đảm nhiệm"),
        "posts_vacant": _("Chức danh còn trống"),
    }
    themes = [
        (_("Tổ chức"), ["communes", "hamlets", "cells", "secretary_is_chief_share"]),
        (
            _("Đảng viên"),
            ["party_members", "full_members", "probationary_members", "admissions"],
        ),
    ]
    columns = [
        ("hamlets", _("Số thôn")),
        ("cells", _("Số chi bộ")),
        ("party_members", _("Số đảng viên")),
        ("probationary_members", _("Dự bị")),
        ("admissions", _("Kết nạp mới")),
        ("secretary_is_chief_share", _("Bí thư kiêm trưởng thôn")),
    ]

    def area(self, place, date, period):
        return self._area(place, date, period, post_figures(place, date))

    def _area(self, place, date, period, posts):
        admissions_from = _admissions_from(date, period)
        counts = area_counts(place, date, admissions_from)
        return {
            "communes": counts["communes"],
            "hamlets": counts["hamlets"],
            "cells": counts["cells"],
            "party_members": counts["party_members"],
            "full_members": counts["full_members"],
            "probationary_members": counts["probationary_members"],
            "admissions": counts["admissions"],
            "admissions_from": admissions_from.isoformat(),
            **posts,
            "secretary_is_chief_share": _share(
                counts["hamlets_sharing"], counts["hamlets_with_cell"]
            ),
        }

    def by_commune(self, place, date, period):
        """Every commune in force under `place`, in the communes' order, with
        its code and name (the rows the other sections fill in)."""
        return self._by_commune(place, date, period, post_type_codes())

    def _by_commune(self, place, date, period, codes):
        admissions_from = _admissions_from(date, period)
        posts = post_counts_by_commune(place, date, codes)
        empty = dict.fromkeys(codes, 0)
        result = {}
        for commune in communes_with_figures(place, date, admissions_from):
            filled, vacant = posts.get(commune.pk, (empty, empty))
            result[commune.pk] = {
                "place_code": commune.code,
                "place_name": str(commune),
                "communes": 1,
                "hamlets": commune.hamlets,
                "cells": commune.cell_count,
                "party_members": commune.party_members,
                "full_members": commune.full_members,
                "probationary_members": commune.probationary_members,
                "admissions": commune.admissions,
                "admissions_from": admissions_from.isoformat(),
                "posts_filled": dict(filled),
                "posts_vacant": dict(vacant),
                "secretary_is_chief_share": _share(
                    commune.hamlets_sharing, commune.hamlets_with_cell
                ),
            }
        return result

    def zero(self, date, period):
        empty = dict.fromkeys(post_type_codes(), 0)
        return {
            "communes": 0,
            "hamlets": 0,
            "cells": 0,
            "party_members": 0,
            "full_members": 0,
            "probationary_members": 0,
            "admissions": 0,
            "admissions_from": _admissions_from(date, period).isoformat(),
            "posts_filled": empty,
            "posts_vacant": dict(empty),
            "secretary_is_chief_share": None,
        }

    def with_communes(self, place, date, period):
        posts = post_figures(place, date)
        codes = list(posts["posts_filled"])
        return self._area(place, date, period, posts), self._by_commune(place, date, period, codes)
