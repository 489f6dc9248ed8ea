"""Party fees in an area's figures (see core.sections): what was due, paid
and still owed over the months counted, and the members on the warning list.

Months counted: the period's months, or without a period those of the
date's calendar year up to the date's month; in both cases only months from
FIGURES_FROM on (the figures start with the year QĐ 01-QĐ/TW came into
force, so the figures of earlier dates, 31/12/2023 among them, do not
change and show no fee theme), and none after the date's month.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from cells.models import PartyMember, Place
from core.sections import Section

from .ledger import Ledger
from .models import FeeBasis

FIGURES_FROM = datetime.date(2026, 1, 1)
KEYS = ("fees_due", "fees_paid", "fees_arrears", "fees_warned")


def counted_months(date, period):
    """(first, last) month counted, or None when there is none."""
    first = period.start if period is not None else date.replace(month=1, day=1)
    last = period.end if period is not None else date
    first, last = max(first, FIGURES_FROM), min(last, date)
    if last < first:
        return None
    return first.replace(day=1), last.replace(day=1)


def _figures(ledger, date, member_ids=None):
    due, paid, arrears = ledger.totals(member_ids)
    ended = (date + datetime.timedelta(days=1)).replace(day=1)
    warned = {
        member.pk
        for member, _year, _rows in ledger.warnings(before=ended)
        if member_ids is None or member.pk in member_ids
    }
    return {"fees_due": due, "fees_paid": paid, "fees_arrears": arrears, "fees_warned": len(warned)}


def _covers(commune, path):
    """Whether `path` lies in `commune`'s area as `within` reads it."""
    _pk, own, lineage = commune
    lineage = lineage or {}
    prefixes = (own, *lineage.get("prefix", ()))
    return path.startswith(prefixes) or path in lineage.get("exact", ())


class FeeSection(Section):
    """Fees due, paid and owed, and members warned: no query without a
    month to count, one without fee data, else that one and the ledger's
    eight for the area, and one more for its communes."""

    labels = {
        "fees_due": _("Đảng phí phải đóng (đồng)"),
        "fees_paid": _("Đảng phí đã đóng (đồng)"),
        "fees_arrears": _("Đảng phí còn nợ (đồng)"),
        "fees_warned": _("Đảng viên chưa đóng từ 3 tháng trở lên trong năm"),
    }
    themes = [(_("Đảng phí"), list(KEYS))]
    columns = [
        ("fees_due", _("ĐP phải đóng")),
        ("fees_paid", _("ĐP đã đóng")),
        ("fees_arrears", _("ĐP còn nợ")),
        ("fees_warned", _("ĐV nợ ≥ 3 tháng")),
    ]

    def _ledger(self, place, date, period):
        """The area's ledger over the months counted, or None when there is
        no month to count (no query) or no basis recorded in the area by
        the last of them (one query: most areas and dates hold no fee data,
        and their figures then cost one query, not the ledger's eight)."""
        months = counted_months(date, period)
        if months is None:
            return None
        recorded = FeeBasis.objects.within(place).filter(from_month__lte=months[1])
        if not recorded.exists():
            return None
        return Ledger.build(PartyMember.objects.within(place), *months)

    def area(self, place, date, period):
        ledger = self._ledger(place, date, period)
        return _figures(ledger, date) if ledger else self.zero(date, period)

    def by_commune(self, place, date, period):
        return self.with_communes(place, date, period)[1]

    def zero(self, date, period):
        return dict.fromkeys(KEYS, 0)

    def shows(self, keys, figures):
        return bool(figures.get("fees_due") or figures.get("fees_paid"))

    def with_communes(self, place, date, period):
        ledger = self._ledger(place, date, period)
        if ledger is None:
            return self.zero(date, period), {}
        communes = list(
            Place.objects.within(place)
            .valid_on(date)
            .communes()
            .values_list("pk", "path", "lineage")
        )
        rows = {}
        for commune in communes:
            ids = {m.pk for m in ledger.members if _covers(commune, m.person.place.path)}
            if ids:
                rows[commune[0]] = _figures(ledger, date, ids)
        return _figures(ledger, date), rows
