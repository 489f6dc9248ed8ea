"""The transfers section of the area summary (see core.sections): members
transferred into and out of an area in a period (the month of the date
without one), those attending its cells for a while on the date, and the
transfers of the area that missed a deadline. Two queries for an area, the
same two for the area and its communes together.

A permanent transfer counts on the day it takes effect (Transfer.due): the
day the letter is presented at the receiving cell, or the letter's date
when the member leaves the portal. It is "in" for an area holding the
receiving cell but not the sending one, "out" for one holding the sending
cell but not the receiving one: a move between two cells of one commune is
neither for the commune, and a move between two communes of a district
neither for the district."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cells.models import Place
from core.periods import Period
from core.sections import Section

from .constants import TransferKind
from .models import Transfer

KEYS = ("transfers_in", "transfers_out", "transfers_temporary", "transfers_late")
COLUMNS = (
    "kind",
    "from_cell__path",
    "to_cell__path",
    "presented_on",
    "letter_date",
    "end_date",
    "requested_on",
    "request_due",
    "presentation_due",
    "moved_on",
)


def _covers(area, path):
    """Whether `path` lies in `area` as ScopedQuerySet.within reads it."""
    if path is None:
        return False
    own, lineage = area
    lineage = lineage or {}
    return path.startswith((own, *lineage.get("prefix", ()))) or path in lineage.get("exact", ())


def _rows(place, date, period):
    """The transfers of `place`'s area that any figure may count."""
    effect = Q(presented_on__range=(period.start, period.end)) | Q(
        to_cell__isnull=True, letter_date__range=(period.start, period.end)
    )
    running = Q(kind=TransferKind.TEMPORARY, presented_on__lte=date, end_date__gte=date)
    touched = Transfer.objects.within_condition(place, "from_cell__path")
    touched |= Transfer.objects.within_condition(place, "to_cell__path")
    rows = Transfer.objects.filter(touched).filter(
        effect | running | Q(moved_on__range=(period.start, period.end))
    )
    return [dict(zip(COLUMNS, values, strict=True)) for values in rows.values_list(*COLUMNS)]


def _effective_in(row, period):
    if row["kind"] != TransferKind.PERMANENT:
        return False
    day = row["presented_on"] if row["to_cell__path"] else row["letter_date"]
    return day is not None and period.start <= day <= period.end


def _late(row, date):
    if row["request_due"] and row["requested_on"] > row["request_due"]:
        return True
    due = row["presentation_due"]
    return due is not None and (row["presented_on"] or date) > due


def _figures(area, rows, date, period):
    figures = dict.fromkeys(KEYS, 0)
    for row in rows:
        sends = _covers(area, row["from_cell__path"])
        receives = _covers(area, row["to_cell__path"])
        if not (sends or receives):
            continue
        if _effective_in(row, period) and sends != receives:
            figures["transfers_in" if receives else "transfers_out"] += 1
        running = row["presented_on"] and row["presented_on"] <= date <= (row["end_date"] or date)
        if row["kind"] == TransferKind.TEMPORARY and receives and not sends and running:
            figures["transfers_temporary"] += 1
        moved = period.start <= row["moved_on"] <= period.end
        if moved and _late(row, date):
            figures["transfers_late"] += 1
    return figures


class TransferSection(Section):
    labels = {
        "transfers_in": _("Đảng viên chuyển sinh hoạt đến"),
        "transfers_out": _("Đảng viên chuyển sinh hoạt đi"),
        "transfers_temporary": _("Đảng viên đang sinh hoạt tạm"),
        "transfers_late": _("Chuyển sinh hoạt quá hạn"),
    }
    themes = [(_("Chuyển sinh hoạt đảng"), list(labels))]
    columns = [
        ("transfers_in", _("Chuyển đến")),
        ("transfers_out", _("Chuyển đi")),
    ]

    def area(self, place, date, period):
        period = period or Period.month_of(date)
        return _figures((place.path, place.lineage), _rows(place, date, period), date, period)

    def by_commune(self, place, date, period):
        return self.with_communes(place, date, period)[1]

    def zero(self, date, period):
        return dict.fromkeys(KEYS, 0)

    def with_communes(self, place, date, period):
        """The area's transfers read once and given to each commune in force
        whose area holds one of their cells (in Python: a few a month)."""
        period = period or Period.month_of(date)
        rows = _rows(place, date, period)
        communes = (
            Place.objects.within(place)
            .valid_on(date)
            .communes()
            .values_list("pk", "path", "lineage")
        )
        by_commune = {
            pk: _figures((path, lineage), rows, date, period) for pk, path, lineage in communes
        }
        own = _figures((place.path, place.lineage), rows, date, period)
        return own, {pk: figures for pk, figures in by_commune.items() if any(figures.values())}
