"""Figures about the cells of an area at a date: the one code path the
summary command, dashboards, reports and the API share.

Every function issues a fixed number of queries whatever the size of the
area: counting is done by the database (Count with filter=, Exists).
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q

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
    the area that exists on that day. Transfers keep one active row per member,
    so a member moved out of the area is counted where they are now."""
    in_area = (
        CellMembership.objects.within(place)
        .on(date)
        .filter(cell__in=Cell.objects.existing_on(date), member=OuterRef("pk"))
    )
    return PartyMember.objects.members_on(date).filter(Exists(in_area)).count()


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
