"""A place's history as the screens and outputs show it: a unit that has
closed (its last day, the units that took it over) and the before/after
comparison of the latest reorganisation a place came out of.

The figures themselves need nothing from here: `area_figures` already
counts a place's predecessors before the effective date (Place.lineage,
`within`). This module only finds the dates and the links, each in one
query, for the dashboards, the report workbook, `area_summary` and the
API summary alike.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cells.constants import Level, PlaceKind
from cells.models import Cell, Place, Succession
from core.periods import Period
from portal.summary import area_figures, format_value, is_share, label_of

# A closed district's communes went into more new communes than a banner
# can list; past this many, it names the provinces they lie in instead.
LISTED_SUCCESSORS = 10

# The figures a before/after comparison sets side by side, in this order.
COMPARED = [
    "hamlets",
    "cells",
    "party_members",
    "admissions",
    "meetings_expected",
    "meetings_held",
    "meeting_compliance",
    "thematic_meetings",
    "awards_individual",
    "awards_collective",
]


# --- closed units and their successors -----------------------------------------


def successors_of(place, user=None):
    """The units that took `place` over, in Vietnamese order: its own
    successors (Succession), or, for a unit with no link of its own (a
    district, closed on 30/06/2025 with no successor: its communes were
    linked instead), the units its official sub-units (communes) went into.
    Successors lying under `place` itself (an earlier merger inside it) are
    not what took it over. With `user`, each is annotated `visible`
    (inside their scope) and `parent_visible`. One query."""
    links = Succession.objects.filter(
        Q(predecessor=place) | Q(predecessor__parent=place, predecessor__level__lt=Level.HAMLET)
    ).exclude(successor__path__startswith=place.path)
    own = Succession.objects.filter(predecessor=place, successor=OuterRef("pk"))
    rows = (
        Place.objects.filter(pk__in=links.values("successor"))
        .select_related("parent")
        .annotate(own=Exists(own))
    )
    if user is not None:
        rows = rows.annotate(
            visible=_visible(user, OuterRef("pk")),
            parent_visible=_visible(user, OuterRef("parent")),
        )
    places = list(rows.order_by("level", "sort_key", "pk"))
    if any(successor.own for successor in places):
        places = [successor for successor in places if successor.own]
    return places


def predecessors_of(place):
    """The units `place` took over (Succession), in Vietnamese order. One query."""
    return list(
        Place.objects.filter(successions_from__successor=place).order_by("level", "sort_key", "pk")
    )


def cell_successors_of(cell, user):
    """The cells that took `cell` over (CellSuccession), each annotated
    `visible` for `user`. One query."""
    rows = Cell.objects.filter(successions_to__predecessor=cell).annotate(
        visible=Exists(Cell.objects.in_scope(user).filter(pk=OuterRef("pk")))
    )
    return list(rows.order_by("sort_key", "pk"))


def _visible(user, pk):
    return Exists(Place.objects.in_scope(user).filter(pk=pk))


def is_closed(last_day, today):
    return last_day is not None and last_day < today


@dataclass(frozen=True)
class Link:
    name: str
    url: str | None  # None: outside the user's scope, or a unit with no page


@dataclass(frozen=True)
class Closure:
    """What a closed unit's page says at its top."""

    name: str
    last_day: datetime.date
    is_cell: bool
    successors: list  # [Link]
    regions: list  # [Link]: the provinces, when the successors are too many to list

    @property
    def sentence(self):
        return closed_sentence(self.name, self.last_day, cell=self.is_cell)

    @property
    def successors_label(self):
        return _("Chi bộ kế thừa:") if self.is_cell else _("Đơn vị kế thừa:")


def closed_sentence(name, last_day, *, cell=False):
    """ "Huyện Quan Sơn đã kết thúc hoạt động từ 01/07/2025 (hết hiệu lực
    ngày 30/06/2025)." """
    words = {
        "name": name,
        "first": f"{last_day + datetime.timedelta(days=1):%d/%m/%Y}",
        "last": f"{last_day:%d/%m/%Y}",
    }
    if cell:
        return _("%(name)s đã kết thúc hoạt động từ %(first)s (giải thể ngày %(last)s).") % words
    return _("%(name)s đã kết thúc hoạt động từ %(first)s (hết hiệu lực ngày %(last)s).") % words


def place_closure(place, user, today):
    """The banner of a place closed before `today`, or None. One query when
    it is closed, none otherwise."""
    if not is_closed(place.valid_to, today):
        return None
    successors = successors_of(place, user)
    regions = []
    if len(successors) > LISTED_SUCCESSORS:
        parents = {}
        for successor in successors:
            if successor.parent is not None:
                parents.setdefault(successor.parent.pk, successor)
        regions = [
            Link(_new_units_of(row.parent), _place_url(row.parent) if row.parent_visible else None)
            for row in parents.values()
        ]
        successors = []
    links = [Link(str(row), _place_url(row) if row.visible else None) for row in successors]
    return Closure(str(place), place.valid_to, False, links, regions)


def cell_closure(cell, user, today):
    """The banner of a cell dissolved before `today`, or None."""
    if not is_closed(cell.dissolved_on, today):
        return None
    links = [
        Link(row.name, reverse("dashboard-cell", args=[row.pk]) if row.visible else None)
        for row in cell_successors_of(cell, user)
    ]
    return Closure(cell.name, cell.dissolved_on, True, links, [])


def _place_url(place):
    if place.level == Level.HAMLET:
        return reverse("dashboard-hamlet", args=[place.pk])
    if place.code:
        return reverse("dashboard-place", args=[place.code])
    return None  # a unit entered without its official code has no address


def _new_units_of(region):
    """ "các xã, phường mới của tỉnh Thanh Hóa" """
    if region.kind == PlaceKind.CENTRAL_CITY:
        kind = _("thành phố")
    else:
        kind = PlaceKind(region.kind).label.lower()
    return _("các xã, phường mới của %(kind)s %(name)s") % {"kind": kind, "name": region.name}


def unit_reference(place):
    """{"code", "name", "id"} of a unit, as the API and commands name it."""
    return {"code": place.code, "name": str(place), "id": place.pk}


# --- before and after a reorganisation ----------------------------------------


@dataclass(frozen=True)
class Reorganised:
    """The latest reorganisation a place came out of, as far as its links say."""

    effective_on: datetime.date
    decision_number: str = ""
    decision_date: datetime.date | None = None
    decided_by: str = ""


def latest_reorganisation(place, date):
    """The latest reorganisation effective on or before `date` that brought
    `place` its predecessors, or None. Only a place with a lineage has one
    (cells.lineage: the predecessors whose records are its past; mergers
    inside it are not its own), so the others cost no query; the rest, one.

    A link made by a reorganisation takes its date; one written by the
    official units loader (the 2025 reform) has none, so the successor's
    first day, or the day after the predecessor's last, stands for it."""
    lineage = place.lineage or {}
    paths = [*lineage.get("prefix", ()), *lineage.get("exact", ())]
    if not paths:
        return None
    links = Succession.objects.under(place).filter(predecessor__path__in=paths)
    found = None
    for effective_on, number, decided_on, decided_by, valid_from, closed_on in links.values_list(
        "reorganisation__effective_on",
        "reorganisation__decision_number",
        "reorganisation__decision_date",
        "reorganisation__decided_by",
        "successor__valid_from",
        "predecessor__valid_to",
    ):
        if effective_on is None:
            effective_on = valid_from or (closed_on and closed_on + datetime.timedelta(days=1))
        if effective_on is None or effective_on > date:
            continue
        candidate = Reorganised(effective_on, number or "", decided_on, decided_by or "")
        if found is None or (effective_on, bool(number)) > (
            found.effective_on,
            bool(found.decision_number),
        ):
            found = candidate
    return found


def comparison_periods(effective_on, date):
    """(before, after): the year from `effective_on`, or while that year has
    not run its course by `date`, the days from `effective_on` to `date`;
    and before it, a span of the same length, counted in months and days
    like the after side. (In days alone, the six months from 1 July, 184
    days, would reach back into December: seven months of regular meetings
    expected before against six after.)"""
    day = datetime.timedelta(days=1)
    end = last_day_of_year_from(effective_on)
    if date >= end:
        before = Period.between(_months_later(effective_on, -12), effective_on - day)
        return before, Period.between(effective_on, end)
    months, days = _months_and_days(effective_on, date + day)
    start = _months_later(effective_on, -months) - days * day
    return Period.between(start, effective_on - day), Period.between(effective_on, date)


def last_day_of_year_from(day):
    """30/06/2027 for 01/07/2026 (28/02/2029 for 29/02/2028)."""
    return _months_later(day - datetime.timedelta(days=1), 12)


def _months_and_days(start, stop):
    """(months, days) from `start` to `stop`, whole months first."""
    months = (stop.year - start.year) * 12 + stop.month - start.month
    if _months_later(start, months) > stop:
        months -= 1
    return months, (stop - _months_later(start, months)).days


def _months_later(day, months):
    """`day` moved by `months` (negative: back), on the month's last day when
    the month is shorter (31 March + 1 month: 30 April)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def one_year_before(day):
    return _months_later(day, -12)


@dataclass(frozen=True)
class ComparedFigure:
    key: str
    label: str
    before: object
    after: object

    @property
    def shown_before(self):
        return format_value(self.key, self.before)

    @property
    def shown_after(self):
        return format_value(self.key, self.after)

    @property
    def is_share(self):
        return is_share(self.key)

    @property
    def change(self):
        """after − before (a share's in percentage points), or None."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def shown_change(self):
        change = self.change
        if change is None:
            return "—"
        if self.is_share:
            points = f"{abs(change) * 100:.1f}".replace(".", ",")
            text = _("%(points)s điểm %%") % {"points": points}
        else:
            text = format_value(self.key, abs(change))
        sign = "+" if change > 0 else "−" if change < 0 else ""
        return f"{sign}{text}"


@dataclass(frozen=True)
class Comparison:
    """A place's key figures in the period before its reorganisation,
    counted over its predecessors (its lineage), and in the period after."""

    reorganised: Reorganised
    before: Period
    after: Period
    figures: list  # [ComparedFigure]

    @property
    def effective_on(self):
        return self.reorganised.effective_on

    @property
    def is_full_year(self):
        return self.after.end == last_day_of_year_from(self.effective_on)


def comparison(place, date, *, since=None):
    """The before/after comparison of the latest reorganisation `place` came
    out of, effective on or before `date` (and after `since`, when given: a
    report compares only a reorganisation of its last year), or None.

    Both sides are `area_figures` of the place itself over a Period.between:
    before the effective date its lineage counts its predecessors, so the
    "before" column is their sum. A fixed number of queries: none for a
    place never reorganised, one for a place whose reorganisation is out of
    range, one plus two `area_figures` otherwise."""
    reorganised = latest_reorganisation(place, date)
    if reorganised is None or (since is not None and reorganised.effective_on <= since):
        return None
    before, after = comparison_periods(reorganised.effective_on, date)
    then = area_figures(place, period=before).area
    now = area_figures(place, period=after).area
    figures = [
        ComparedFigure(key, str(label_of(key)), then.get(key), now.get(key))
        for key in COMPARED
        if key in then or key in now
    ]
    return Comparison(reorganised, before, after, figures)


def report_comparison(place, period):
    """The comparison a periodic report of `period` carries: a reorganisation
    effective within the year before the period's end."""
    return comparison(place, period.end, since=one_year_before(period.end))
